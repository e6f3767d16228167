"""What templates are given to show: citation markers, dates, source pages cut into cited pieces,
quote wordings compared word by word, sections split into pages.

Python decides what each piece means; the templates decide how it looks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from .crossref import Citer, CrossRefs
from .model import Article, Claim, Paragraph
from .resolve import normalise


@dataclass(frozen=True, slots=True)
class CiteView:
    """One citation marker: its number on the page, where it leads, what its popover says."""

    number: int
    """Position among the page's citations (1-based)."""
    href: str
    """Relative link to the passage (or to the cited claim, quote or date)."""
    source: str
    """Source id, or the cited item's id."""
    label: str
    """Who said it: the outlet (or the item's kind)."""
    date: str
    """Publication date, formatted."""
    text: str
    """The quoted passage, or the cited claim's statement."""
    where: str
    """Anchor of the passage (``p3-s2``), for print."""


@dataclass(slots=True)
class Notes:
    """The citations of one page, numbered in order of first appearance."""

    views: list[CiteView] = field(default_factory=list)
    """Every marker shown, in order."""

    def add(self, make: Callable[[int], CiteView]) -> CiteView:
        """Number a new marker."""
        view = make(len(self.views) + 1)
        self.views.append(view)
        return view


def format_date(day: dt.date | None) -> str:
    """``7 September 2023``: unambiguous in every locale."""
    return f"{day.day} {day:%B %Y}" if day else ""


def format_range(start: dt.date, end: dt.date) -> str:
    """A day or a range, shortest unambiguous form: ``10–13 September 2023``."""
    if start == end:
        return format_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
    return f"{format_date(start)} – {format_date(end)}"


def source_label(article: Article) -> str:
    """How a citation names its source: the outlet, or the source id when the outlet is unknown."""
    outlet = article.meta.outlet
    return f"{article.id} (outlet unknown)" if outlet.strip().lower() == "unknown" else outlet


def css_string(text: str) -> Markup:
    """Text safe inside a double-quoted CSS string in a <style> element: all else hex-escaped."""
    safe = " .,-–—:;!?()"
    return Markup("".join(ch if ch.isalnum() or ch in safe else f"\\{ord(ch):x} " for ch in text))


# ---------------------------------------------------------------------------------------------
# Source pages: which pieces of each sentence are cited, and by whom


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a sentence's text, and what cites it (empty when nothing does)."""

    text: str
    citers: tuple[Citer, ...]


@dataclass(frozen=True, slots=True)
class DiffPiece:
    """A run of words of one side of a comparison, and whether the other side differs there."""

    text: str
    changed: bool


def word_diff(left: str, right: str) -> tuple[list[DiffPiece], list[DiffPiece]]:
    """Two renderings of a quote, word by word, with the words that differ marked on each side.

    Typographic quotes, dashes and case are ignored, so only real changes of wording show.
    """
    a, b = left.split(), right.split()
    matcher = SequenceMatcher(a=_fold_words(a), b=_fold_words(b), autojunk=False)
    ours: list[DiffPiece] = []
    theirs: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            ours.append(DiffPiece(" ".join(a[i1:i2]), tag != "equal"))
        if j2 > j1:
            theirs.append(DiffPiece(" ".join(b[j1:j2]), tag != "equal"))
    return ours, theirs


def _fold_words(words: list[str]) -> list[str]:
    """Words as a diff compares them: typography, case and edge punctuation ignored."""
    return [normalise(w).lower().strip(".,;:!?\"'[]") for w in words]


@dataclass(frozen=True, slots=True)
class SentenceView:
    """A sentence of a source page, cut into pieces where citations start and end."""

    id: str
    """Anchor, ``p3-s2``."""
    pieces: tuple[Piece, ...]
    """The sentence's text, in order."""


@dataclass(frozen=True, slots=True)
class ParagraphView:
    """A paragraph of a source page, with what cites it."""

    id: str
    """Anchor, ``p3``."""
    kind: str
    """``paragraph`` or ``heading``."""
    sentences: tuple[SentenceView, ...]
    """Its sentences."""
    citers: tuple[Citer, ...]
    """Everything that cites this paragraph, for the 'cited by' list."""


def source_view(article: Article, xref: CrossRefs) -> tuple[ParagraphView, ...]:
    """An article's paragraphs with cited ranges split out as highlighted pieces."""
    ranges: dict[str, list[tuple[int, int, Citer]]] = {}
    for citer, _ref, passage in xref.citers_by_source.get(article.id, ()):
        ranges.setdefault(passage.paragraph, []).append((passage.start, passage.end, citer))
    return tuple(_paragraph_view(p, ranges.get(p.id, [])) for p in article.paragraphs)


def _paragraph_view(para: Paragraph, ranges: list[tuple[int, int, Citer]]) -> ParagraphView:
    sentences = []
    for sentence in para.sentences:
        cuts = {sentence.start, sentence.end}
        for start, end, _ in ranges:
            cuts |= {max(sentence.start, min(start, sentence.end)), max(sentence.start, min(end, sentence.end))}
        edges = sorted(cuts)
        pieces = []
        for a, b in zip(edges, edges[1:]):
            citers = tuple(dict.fromkeys(c for s, e, c in ranges if s < b and e > a))
            pieces.append(Piece(para.text[a:b], citers))
        sentences.append(SentenceView(sentence.id, tuple(pieces)))
    all_citers = tuple(sorted(dict.fromkeys(c for _, _, c in ranges), key=lambda c: (c.kind, c.id)))
    return ParagraphView(para.id, para.kind, tuple(sentences), all_citers)


# ---------------------------------------------------------------------------------------------
# Sections split into pages


@dataclass(frozen=True, slots=True)
class Listing:
    """One page of a section split into pages: where it goes and what it lists."""

    src_uri: str
    items: list[Any]


@dataclass(frozen=True, slots=True)
class Pager:
    """Links between the pages of a split section."""

    urls: tuple[str, ...]
    """Site URL of each page, in order."""
    current: int
    """1-based number of the page being rendered."""


def paginate(section: str, items: list[Any], size: int) -> list[Listing]:
    """``section.md`` with the first ``size`` items, then ``section/2.md``, ``section/3.md``…"""
    chunks = [items[i:i + size] for i in range(0, len(items), size)] or [[]]
    return [Listing(f"{section}.md" if n == 1 else f"{section}/{n}.md", chunk) for n, chunk in enumerate(chunks, 1)]


def themes_of(claims: Iterable[Claim]) -> list[tuple[str, list[Claim]]]:
    """Claims grouped by theme, themes in order of first appearance, unthemed last."""
    themes: dict[str, list[Claim]] = {}
    for claim in claims:
        themes.setdefault(claim.theme or "Other claims", []).append(claim)
    if "Other claims" in themes:
        themes["Other claims"] = themes.pop("Other claims")
    return list(themes.items())


def by_theme(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Consecutive claims of one theme, grouped (claims arrive sorted by theme)."""
    groups: list[tuple[str, list[Claim]]] = []
    for claim in claims:
        theme = claim.theme or "Other claims"
        if not groups or groups[-1][0] != theme:
            groups.append((theme, []))
        groups[-1][1].append(claim)
    return groups


# ---------------------------------------------------------------------------------------------
# The templates


def builtin_templates() -> Path:
    """The folder of templates that ship with briefgen."""
    return Path(str(resources.files("briefgen.templates")))


def template_environment(overrides: Iterable[Path] = ()) -> jinja2.Environment:
    """Jinja with autoescape and strict undefined: a template using a missing value fails loudly.

    Templates are looked up in each override folder first, then in briefgen's own, so a user
    overrides any template by dropping a file of the same name in their project's templates/.
    """
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(str(d)) for d in overrides if d.is_dir()]
    loaders.append(jinja2.FileSystemLoader(str(builtin_templates())))
    env = jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.filters["date"] = format_date
    env.filters["css_string"] = css_string
    env.globals["format_range"] = format_range
    return env
