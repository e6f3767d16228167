"""Shared fixtures: tiny briefing projects built in ``tmp_path`` from ``{path: text}`` dicts.

The baseline project (one article, a fact sheet, a narrative) passes ``briefgen check`` with no
finding at all; each test changes one thing and asserts on the exact findings that change causes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from briefgen.build import load_briefing

ARTICLE = "content/articles/wire.md"
FACTS = "content/facts.yaml"
NARRATIVE = "content/briefing.md"

# Line numbers matter: tests compute the expected ``file:line:column`` of findings from these texts.
GOOD_ARTICLE = """\
---
title: Delegation to visit the capital
outlet: Test Wire
published: 2023-09-07
language: en
---
The delegation will arrive on Saturday. Officials said the visit was planned.

Mr. Smith said: “We welcome the delegation.” The talks start next week.
"""
# line 7: p1 "The delegation will arrive on Saturday. Officials said the visit was planned."
# line 9: p2 "Mr. Smith said: "We welcome the delegation." The talks start next week."
# 2023-09-07 is a Thursday; "on Saturday" is 2023-09-09.

GOOD_FACTS = """\
briefing:
  title: Test briefing
actors:
  - id: smith
    name: John Smith
    kind: person
    role:
      value: Spokesman
      cite:
        - {source: wire, text: "Mr. Smith said"}
venues:
  - id: capital
    name: The capital
    kind: city
dates:
  - id: arrival
    date: 2023-09-09
    as_written: on Saturday
    relative_to: wire
    what: The delegation arrives
    cite:
      - {source: wire, text: "will arrive on Saturday"}
quotes:
  - id: welcome
    speaker: smith
    text: "We welcome the delegation."
    cite: [wire]
claims:
  - id: visit-planned
    statement: Officials said the visit was planned.
    actors: [smith]
    venues: [capital]
    dates: [arrival]
    cite:
      - {source: wire, text: "Officials said the visit was planned."}
"""

GOOD_NARRATIVE = """\
## The visit

The visit was planned [@visit-planned]. [[smith]] welcomed the delegation [@welcome].

::: judgement
The visit matters more than it seems.
:::
"""

BASELINE = {ARTICLE: GOOD_ARTICLE, FACTS: GOOD_FACTS, NARRATIVE: GOOD_NARRATIVE}

MakeProject = Callable[..., Path]


def replace_once(text: str, old: str, new: str) -> str:
    """``text`` with the one place ``old`` stands replaced: a fixture edit that cannot silently miss."""
    assert text.count(old) == 1, f"{old!r} stands {text.count(old)} times in the fixture, not once"
    return text.replace(old, new)


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write ``{path: text}`` under ``root``; bytes are written raw, None removes the file."""
    for rel, content in files.items():
        path = root / rel
        if content is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """Build a project from the baseline overlaid with ``files`` (None removes a baseline file)."""

    def make(files: dict[str, str | bytes | None] | None = None, *, baseline: bool = True) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        merged: dict[str, str | bytes | None] = dict(BASELINE) if baseline else {}
        merged.update(files or {})
        write_files(root, merged)
        return root

    return make


def findings_of(root: Path) -> list[str]:
    """Every finding of the project in ``root``, as the CLI prints it, in report order."""
    return [str(f) for f in load_briefing(root).findings]
