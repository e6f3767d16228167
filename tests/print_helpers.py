"""Reading printed PDFs back as text, and the sample briefing's expectations, for test_print.py.

Everything expected here comes from the sample's own input files (``content/facts.yaml`` and the
articles' front matter, read with PyYAML) or from literals written by hand, never from briefgen.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"

SECTIONS = ("Briefing", "Claims", "Actors", "Venues", "Timeline", "Quotes", "Sources")
"""The print edition's sections, in order, as their headings read."""

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\xa0": " "})
_DROPPED = re.compile(r"[\s\-‐‑–—]+")


def squash(text: str) -> str:
    """A comparison form that survives line wrapping: typographic quotes folded, white space,
    hyphens and dashes dropped (pdftotext joins a word hyphenated at a line end without its hyphen)."""
    return _DROPPED.sub("", text.translate(_QUOTES))


# ---------------------------------------------------------------------------------------------
# The sample's input, read independently of briefgen


def load_facts() -> dict[str, Any]:
    facts: dict[str, Any] = yaml.safe_load((CONTENT / "facts.yaml").read_text(encoding="utf-8"))
    return facts


def front_matter(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    _, block, _ = text.split("---\n", 2)
    meta: dict[str, Any] = yaml.safe_load(block)
    return meta


def long_date(day: dt.date) -> str:
    """``7 September 2023``, as the briefing prints dates."""
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Source:
    label: str
    """How a note names the source: its outlet, or ``id (outlet unknown)``."""
    date: str


def load_sources() -> dict[str, Source]:
    sources = {}
    for path in sorted((CONTENT / "articles").glob("*.md")):
        meta = front_matter(path)
        outlet = str(meta["outlet"])
        label = f"{path.stem} (outlet unknown)" if outlet.strip().lower() == "unknown" else outlet
        sources[path.stem] = Source(label, long_date(meta["published"]))
    return sources


@dataclass(frozen=True)
class Cite:
    source: str
    text: str
    """The cited words; empty when the citation names a paragraph or sentence instead."""


def cites_of(entries: list[Any] | None) -> list[Cite]:
    out = []
    for entry in entries or ():
        if isinstance(entry, str):
            out.append(Cite(entry, ""))
        else:
            out.append(Cite(entry["source"], entry.get("text", "")))
    return out


def cited_texts(claim: dict[str, Any]) -> list[tuple[str, list[Cite]]]:
    """A claim's statement and each side of its dispute, each with the citations printed after it."""
    pairs = [(claim["statement"], cites_of(claim.get("cite")))]
    pairs += [(side["position"], cites_of(side.get("cite"))) for side in claim.get("dispute", ())]
    return pairs


def expected_note(cite: Cite, sources: dict[str, Source]) -> str:
    """The squashed start of the note for one citation: ``label, date: “passage”``."""
    source = sources[cite.source]
    head = f"{source.label}, {source.date}: “"
    return squash(head + cite.text + "”") if cite.text else squash(head)


# ---------------------------------------------------------------------------------------------
# PDFs as text


def pdf_pages(pdf: Path) -> list[str]:
    """Each page's text, page 1 first (pdftotext in reading order)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def lines_of(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip()]


def marker_numbers(pattern: str, text: str) -> list[list[int]]:
    """For every place ``pattern`` (already squashed and escaped) stands followed by citation
    markers ``[n][m]…`` in squashed ``text``, the marker numbers."""
    return [[int(n) for n in re.findall(r"\d+", m.group(1))]
            for m in re.finditer(pattern + r"((?:\[\d+\])+)", text)]


def footnotes(page: str) -> dict[int, str]:
    """WeasyPrint footnotes of one page: ``[n] text`` at the start of a line, up to the next one.

    A body line that happens to start with a marker is read as a note too, but the page's real
    footnotes come after the body and replace it."""
    notes: dict[int, str] = {}
    current: int | None = None
    for line in lines_of(page):
        start = re.match(r"\[(\d+)\] (.*)", line)
        if start:
            current = int(start.group(1))
            notes[current] = start.group(2)
        elif re.fullmatch(r"Page \d+ of \d+", line):
            current = None
        elif current is not None:
            notes[current] += " " + line
    return notes


def endnotes(pages: list[str]) -> dict[int, str]:
    """A browser-printed notes list: ``n. text`` lines, numbered in sequence, up to the page number."""
    notes: dict[int, str] = {}
    for page in pages:
        for line in lines_of(page):
            start = re.match(r"(\d+)\. (.*)", line)
            if start and int(start.group(1)) == len(notes) + 1:
                notes[len(notes) + 1] = start.group(2)
            elif re.fullmatch(r"\d+ / \d+", line):
                continue
            elif notes:
                notes[len(notes)] += " " + line
    return notes


def heading_pages(pages: list[str], names: list[str], first: int = 1) -> dict[str, int]:
    """The page (1-based) of each entry heading: a line holding just the name, followed by ``Kind``."""
    found: dict[str, int] = {}
    for number, page in enumerate(pages, start=first):
        lines = lines_of(page)
        for line, after in zip(lines, lines[1:]):
            if line in names and after == "Kind":
                assert line not in found, f"two headings {line!r}, on pages {found[line]} and {number}"
                found[line] = number
    return found
