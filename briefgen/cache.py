"""What a long-running process keeps between builds of the same project (``briefgen serve``).

A one-off ``briefgen build`` passes no cache and keeps nothing. ``briefgen serve`` keeps one
:class:`BuildCache` for its lifetime, so that after an edit only what changed is parsed, resolved
and rendered again. Every entry is keyed by the content it was made from, never by a file's name
or time stamp alone, so a stale entry cannot be hit: a changed input is a different key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class BuildCache:
    """Results of the previous build, each keyed by the text it was made from."""

    items: dict[tuple[str, int, str], Any] = field(default_factory=dict)
    """Fact-sheet items: (section, index, item text) → the built item, its findings, its first line."""
    facts: tuple[bytes, str, list[Any], list[Any]] | None = None
    """The fact sheet as last read: its text, its head, its items and each item built."""
    sources: dict[tuple[str, bytes], Any] = field(default_factory=dict)
    """Article files: (path, file bytes) → the loaded source file (None if it failed) and its findings."""
    articles: dict[str, Any] = field(default_factory=dict)
    """Article path → (the source file, its segmented article): reused while the source is the same object."""
    indexes: dict[str, Any] = field(default_factory=dict)
    """Source id → (the article, its word index): reused while the article is the same object."""
    passages: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    """Resolved citations: the citation's selector → (the article resolved in, the passage)."""
    derived_search: dict[tuple[str, str], Any] = field(default_factory=dict)
    """Search entries: (kind, id) → (the thing, where it stands, its entry)."""
    derived: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    """Other results that depend only on one article's text (a check's search of it) → (article, result)."""
