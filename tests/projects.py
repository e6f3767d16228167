"""Tiny briefing projects for tests: a baseline that passes with no finding, and helpers to change it.

Line numbers matter: tests compute the expected ``file:line:column`` of findings by hand from these
texts, so the numbered comments below are part of the fixture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from briefgen.build import load_briefing

ARTICLE = "content/articles/wire.md"
FACTS = "content/facts.yaml"
NARRATIVE = "content/briefing.md"

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
# line 7: p1 = p1-s1 "The delegation will arrive on Saturday." + p1-s2 "Officials said the visit was planned."
# line 9: p2 = p2-s1 "Mr. Smith said: “We welcome the delegation.”" + p2-s2 "The talks start next week."
# 2023-09-07 is a Thursday, so "on Saturday" is 2023-09-09.

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
# Lines: 4 actor smith, 7 role, 9-10 its cite; 12 venue capital; 16 date arrival, 17 its date, 21-22 its
# cite; 24 quote welcome, 25 speaker, 27 cite; 29 claim visit-planned, 30 statement, 31 actors, 32 venues,
# 33 dates, 34-35 its cite (the citation mapping starts at column 9 of line 35).

GOOD_NARRATIVE = """\
## The visit

The visit was planned [@visit-planned]. [[smith]] welcomed the delegation [@welcome].

::: judgement
The visit matters more than it seems.
:::
"""
# line 3: "[@visit-planned]" at column 23, "[[smith]]" at column 41, "[@welcome]" at column 75.

BASELINE: dict[str, str] = {ARTICLE: GOOD_ARTICLE, FACTS: GOOD_FACTS, NARRATIVE: GOOD_NARRATIVE}

MakeProject = Callable[..., Path]
"""The ``make_project`` fixture: ``make_project(files, baseline=True) -> project root``."""

CLAIM_CITE = '      - {source: wire, text: "Officials said the visit was planned."}'
"""The claim's one citation (line 35): tests swap in other selectors."""


def replace_once(text: str, old: str, new: str) -> str:
    """``text`` with the one place ``old`` stands replaced: a fixture edit that cannot silently miss."""
    assert text.count(old) == 1, f"{old!r} stands {text.count(old)} times in the fixture, not once"
    return text.replace(old, new)


def facts_with(old: str, new: str) -> dict[str, str]:
    """The files to change for one edit of the baseline fact sheet."""
    return {FACTS: replace_once(GOOD_FACTS, old, new)}


def claim_citing(selector: str) -> dict[str, str]:
    """The baseline with the claim's citation replaced by ``{source: wire, <selector>}``."""
    return facts_with(CLAIM_CITE, "      - {source: wire, " + selector + "}")


def article_with(old: str, new: str) -> dict[str, str]:
    """The files to change for one edit of the baseline article."""
    return {ARTICLE: replace_once(GOOD_ARTICLE, old, new)}


def narrative_with(old: str, new: str) -> dict[str, str]:
    """The files to change for one edit of the baseline narrative."""
    return {NARRATIVE: replace_once(GOOD_NARRATIVE, old, new)}


def write_files(root: Path, files: dict[str, str | bytes | None]) -> None:
    """Write ``{path: content}`` under ``root``: text as UTF-8, bytes raw, None removes the file,
    and a path ending in ``/`` makes an (empty) folder."""
    for rel, content in files.items():
        path = root / rel
        if rel.endswith("/"):
            path.mkdir(parents=True, exist_ok=True)
        elif content is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8", newline="")


def findings_of(root: Path) -> list[str]:
    """Every finding of the project in ``root``, as the CLI prints it, in report order."""
    return [str(f) for f in load_briefing(root).findings]


def has_finding(findings: list[str], expected: str) -> bool:
    """True when ``expected`` is a whole finding, or a finding's ``place: severity: message`` before its hint."""
    return any(f == expected or f.startswith(expected + " — ") for f in findings)
