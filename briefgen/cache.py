"""What a long-running process keeps between builds of the same project (``briefgen serve``).

A one-off ``briefgen build`` passes no cache and keeps nothing. ``briefgen serve`` keeps one
:class:`BuildCache` for its lifetime, so that after an edit only what changed is parsed, resolved
and rendered again. Every entry is keyed by the content it was made from, or kept with the very
object it was made from (:class:`KeptWhileSame`), so a stale entry cannot be hit: a changed
input is a different key, or a different object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Generic, Hashable, Iterator, TypeVar

if TYPE_CHECKING:
    from .errors import Finding
    from .fact_items import BuiltItem, ItemText
    from .model import Article, Passage, SourceFile
    from .search_index import SearchEntry
    from .resolve import Selector, SourceIndex

K = TypeVar("K", bound=Hashable)
O = TypeVar("O")
V = TypeVar("V")


class KeptWhileSame(Generic[K, O, V]):
    """Values by key, each kept with the object it was made from (its owner), and handed back
    only while the owner asked about is that very object.

    The loader hands back the very same object for an input whose text did not change, and each
    later stage keeps that identity (an unchanged source file gives the same article object, which
    gives the same index), so "the same object" says "unchanged" without comparing anything, and
    a changed input, being a new object, never meets a stale value. A value made from several
    objects has a tuple of them as its owner: each must be the very same.
    """

    __slots__ = ("_entries",)

    def __init__(self) -> None:
        self._entries: dict[K, tuple[O, V]] = {}

    def get(self, key: K, owner: O) -> V | None:
        """The value kept under ``key`` for this very ``owner``; None when there is none."""
        hit = self._entries.get(key)
        return hit[1] if hit is not None and _same(hit[0], owner) else None

    def get_or_make(self, key: K, owner: O, make: Callable[[], V]) -> V:
        """The value kept under ``key`` for this very ``owner``, or ``make()`` kept in its place."""
        hit = self._entries.get(key)
        if hit is not None and _same(hit[0], owner):
            return hit[1]
        return self.put(key, owner, make())

    def put(self, key: K, owner: O, value: V) -> V:
        """Keep ``value`` under ``key``, made from ``owner``; returns it."""
        self._entries[key] = (owner, value)
        return value

    def last(self, key: K) -> tuple[O, V] | None:
        """What was kept under ``key`` with its owner, whatever that owner: a start for updating it."""
        return self._entries.get(key)

    def keep_current(self, current: Callable[[K], O | None]) -> None:
        """Drop every value whose owner is no longer the object ``current(key)`` gives."""
        self._entries = {key: hit for key, hit in self._entries.items() if _same(hit[0], current(key))}

    def keys(self) -> Iterator[K]:
        """The keys, in the order they were first kept."""
        return iter(self._entries)

    def values(self) -> Iterator[V]:
        """The values, in the order they were first kept."""
        return (value for _owner, value in self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)


def _same(kept: object, asked: object) -> bool:
    """The very same object, or tuples of the very same objects."""
    if kept is asked:
        return True
    return (type(kept) is tuple and type(asked) is tuple and len(kept) == len(asked)
            and all(a is b for a, b in zip(kept, asked)))


@dataclass(slots=True)
class BuildCache:
    """Results of the previous build, each keyed by the text it was made from or kept with it."""

    items: dict[tuple[str, int, str], BuiltItem] = field(default_factory=dict)
    """Fact-sheet items: (section, index, item text) → the built item, its findings, its first line."""
    facts: tuple[bytes, str, list[ItemText], list[BuiltItem]] | None = None
    """The fact sheet as last read: its text, its head, its items and each item built."""
    sources: dict[tuple[str, bytes], tuple[SourceFile | None, list[Finding]]] = field(default_factory=dict)
    """Article files: (path, file bytes) → the loaded source file (None if it failed) and its findings."""
    articles: KeptWhileSame[str, SourceFile, Article] = field(default_factory=KeptWhileSame)
    """Article path → its segmented article, kept while the source file is the same object."""
    indexes: KeptWhileSame[str, Article, SourceIndex] = field(default_factory=KeptWhileSame)
    """Source id → the article's word index, kept while the article is the same object."""
    passages: KeptWhileSame[Selector, Article, Passage] = field(default_factory=KeptWhileSame)
    """Resolved citations: the citation's selector → the passage, kept while the article resolved in is the same."""
    derived_search: KeptWhileSame[tuple[str, str], object, tuple[str, SearchEntry]] = field(
        default_factory=KeptWhileSame)
    """Search entries: (kind, id) → where the thing stands and its entry, kept while the thing is the same."""
    derived: KeptWhileSame[tuple[Hashable, ...], Article | None, object] = field(default_factory=KeptWhileSame)
    """Other results that depend only on one article's text (a check's search of it), kept while it is the same."""
