"""Render stage: the briefing's pages, as HTML fragments, from Jinja templates.

Python decides what each page means (which citations, which backlinks, which pieces of a source
are highlighted); templates decide how it looks. Every link is relative to the page it stands on,
so the site works from any sub-path (GitHub Pages) without knowing its own address. Nothing here
knows mkdocs: the engine adapter gets a list of :class:`Page` and places them.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import os
import sys
from collections import Counter
from difflib import SequenceMatcher
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import jinja2
from markupsafe import Markup

from . import collector
from .cache import KeptWhileSame
from .corroborate import CONFIDENCE, CREDIBILITY, GRADES, claim_support, origin_groups, side_support, support_phrase
from .crossref import Citer, CrossRefs, build_crossrefs
from .editions import Edition, EditionChanges
from .model import Article, Briefing, CitationRef, Claim, DatedEvent, Paragraph, Quote, Registry
from .narrative import CiteKey, narrative_parser
from .resolve import normalise

# ---------------------------------------------------------------------------------------------
# Pages and links


@dataclass(frozen=True, slots=True)
class Page:
    """A rendered page: where it goes, its title, and its main content as HTML."""

    src_uri: str
    """Source-like path (``actors/kim-jong-un.md``), what an engine files it under."""
    title: str
    """Page title."""
    kind: str
    """Template kind: ``home``, ``claims``, ``actor``…"""
    html: str
    """The page's main content."""
    in_nav: bool = False
    """True for the section pages the navigation lists (never every entity page)."""

    @property
    def url(self) -> str:
        """Directory-style URL relative to the site root (``actors/kim-jong-un/``; home is ``""``)."""
        return page_url(self.src_uri)


def page_url(src_uri: str) -> str:
    """The directory URL of a page source path: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(target: str, here: str) -> str:
    """A link from page URL ``here`` to site URL ``target`` (which may carry a ``#fragment``)."""
    path, hash_, fragment = target.partition("#")
    rel = _relative_path(path.rstrip("/"), here.rstrip("/"))
    is_folder = path == "" or path.endswith("/")
    if rel == ".":
        url = "" if fragment else "./"
    else:
        url = rel + "/" if is_folder else rel
    return url + (hash_ + fragment if fragment else "")


@lru_cache(maxsize=1024)
def _relative_path(target: str, here: str) -> str:
    """``posixpath.relpath`` for clean site paths (no ``..``, no leading slash), without its
    ``abspath`` calls: a site links hundreds of thousands of times between a few thousand pages.

    A page links to the same few places again and again, so a small cache finds every repeat
    (as many hits at 1,024 entries as at 65,536 on the 1,000-article corpus); a large one kept
    35 MB of keys in every render worker."""
    to = target.split("/") if target else []
    at = here.split("/") if here else []
    common = 0
    while common < min(len(to), len(at)) and to[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + to[common:]) or "."


SECTION_URLS = {"claim": "claims/", "quote": "quotes/", "date": "timeline/"}


def target_url(kind: str, ident: str, anchor: str = "", where: dict[str, str] | None = None) -> str:
    """Site URL of a thing of the briefing (claims, quotes and dates are anchors on their page).

    ``where`` maps an id to the page it stands on when a section is split into several pages.
    """
    if kind in SECTION_URLS:
        page = where.get(ident, SECTION_URLS[kind]) if where else SECTION_URLS[kind]
        return f"{page}#{ident}"
    folder = {"actor": "actors", "venue": "venues", "source": "sources"}[kind]
    return f"{folder}/{ident}/" + (f"#{anchor}" if anchor else "")


# ---------------------------------------------------------------------------------------------
# Citations as a page shows them


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
# The renderer


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


class Renderer:
    """Renders every page of one briefing; holds what all pages share."""

    def __init__(self, briefing: Briefing, env: jinja2.Environment, extra: dict[str, Any] | None = None,
                 xref: CrossRefs | None = None) -> None:
        self.briefing = briefing
        self.env = env
        self.xref = xref or build_crossrefs(briefing)
        """Backlinks; ``briefgen serve`` passes the previous build's when no link between things changed."""
        self.extra = extra or {}
        self._by_theme: list[tuple[str, list[Claim]]] | None = None
        self._timeline: list[Any] | None = None
        self.groups = origin_groups(briefing.articles)
        self.retracted = frozenset(a.id for a in briefing.articles if a.meta.retracted is not None)
        """Sources their outlets withdrew: every claim citing one is flagged."""
        self.edition: Edition | None = (extra or {}).get("edition")
        """This edition's record and changes, when the engine compared it with the previous one."""
        self.changes: EditionChanges | None = self.edition.changes if self.edition else None
        """What changed since the previous edition, when there is one to compare with."""
        self.support = claim_support(briefing, self.groups)
        self.claim_pages = paginate("claims", self.claims_in_order(), PAGE_SIZE)
        self.event_pages = paginate("timeline", self.timeline(), PAGE_SIZE)
        self.quote_pages = paginate("quotes", list(briefing.quotes), PAGE_SIZE)
        self.where: dict[str, str] = {item.id: url
                                      for pages in (self.claim_pages, self.event_pages, self.quote_pages)
                                      for listing in pages for url in (page_url(listing.src_uri),)
                                      for item in listing.items}
        """The page each claim, dated event and quote stands on (one string per page, not per item)."""

    # -- per-page context -------------------------------------------------------------------

    def context(self, here: str, printing: bool = False) -> dict[str, Any]:
        """What every template sees: the briefing, backlinks, and link helpers bound to this page.

        When ``printing``, the page is the print edition: one document in which every thing of the
        briefing is a section with its id as anchor, so links stay inside the document and each
        citation marker leads to its note.
        """
        notes = Notes()
        b = self.briefing

        def url(target: str) -> str:
            return relative_url(target, here)

        def link(kind: str, ident: str, anchor: str = "") -> str:
            if printing:
                return f"#{ident}"
            return relative_url(target_url(kind, ident, anchor, self.where), here)

        def cite(ref: CitationRef) -> CiteView:
            passage = b.passages[ref]
            article = b.articles.items[ref.source]
            return notes.add(lambda n: CiteView(n, f"#_n{n}" if printing else link("source", ref.source, passage.anchor),
                                                ref.source, source_label(article), format_date(article.meta.published),
                                                passage.text, passage.anchor))

        def cite_key(key: CiteKey) -> CiteView:
            view = notes.add(lambda n: self._narrative_cite(n, key, link))
            return replace(view, href=f"#_n{view.number}") if printing else view

        def name_of(kind: str, ident: str) -> str:
            if kind == "source":
                article = b.articles.get(ident)
                return article.meta.title if article else ident
            thing = b.actors.get(ident) if kind == "actor" else b.venues.get(ident)
            return thing.name if thing else ident

        def entity_kind(ident: str) -> str:
            return "actor" if ident in b.actors else "venue"

        return {"b": b, "xref": self.xref, "here": here, "printing": printing, "print_url": url("print/"),
                "url": url, "link": link, "cite": cite,
                "cite_key": cite_key, "notes": notes, "name_of": name_of, "entity_kind": entity_kind,
                "claim_url": lambda cid: link("claim", cid), "extra": self.extra,
                "citer_label": self._citer_label, "claims_of": lambda ids: [b.claims.items[i] for i in ids],
                "support": self.support, "groups": self.groups, "support_phrase": support_phrase,
                "side_support": lambda claim: side_support(claim, self.groups), "word_diff": word_diff,
                "GRADES": GRADES, "CREDIBILITY": CREDIBILITY, "grade_summary": self.grade_summary,
                "retracted": self.retracted, "retracted_in": self.retracted_in, "changes": self.changes}

    def retracted_in(self, claim: Claim) -> list[str]:
        """The retracted sources a claim cites, in id order (empty for most claims)."""
        if not self.retracted:
            return []
        return sorted({ref.source for ref in claim.all_cites} & self.retracted)

    def grade_summary(self) -> dict[str, Any]:
        """Counts for the home page: grades given, single-source and disputed claims."""
        b = self.briefing
        claims = list(b.claims)
        return {
            "reliability": {g: sum(1 for a in b.articles if a.meta.reliability == g) for g in GRADES},
            "ungraded_sources": sum(1 for a in b.articles if not a.meta.reliability),
            "credibility": {n: sum(1 for c in claims if c.credibility == n) for n in CREDIBILITY},
            "confidence": {level: sum(1 for c in claims if c.confidence == level) for level in CONFIDENCE},
            "single_source": sum(1 for c in claims if self.support[c.id].single_source),
            "disputed": sum(1 for c in claims if c.dispute),
            "origins": len({o.id for o in self.groups.values()}),
        }

    def _narrative_cite(self, number: int, key: CiteKey, link: Callable[..., str]) -> CiteView:
        b = self.briefing
        if key.id in b.articles:
            article = b.articles.items[key.id]
            para_id = key.anchor.split("-")[0] if key.anchor else ""
            para = next((p for p in article.paragraphs if p.id == para_id), None)
            sentence = next((s for s in para.sentences if s.id == key.anchor), None) if para else None
            text = sentence.text if sentence else (para.text if para else article.meta.title)
            return CiteView(number, link("source", key.id, key.anchor), key.id, source_label(article),
                            format_date(article.meta.published), text, key.anchor)
        kind = next(k for k, r in (("claim", b.claims), ("quote", b.quotes), ("date", b.dates)) if key.id in r)
        text = b.quotes.items[key.id].text if kind == "quote" else self._citer_label(Citer(kind, key.id))
        return CiteView(number, link(kind, key.id), key.id, self._cited_item_label(kind, key.id), "", text, "")

    def _cited_item_label(self, kind: str, ident: str) -> str:
        """``Claim, citing AP, Reuters``: what a narrative citation of a claim, quote or date rests on."""
        b = self.briefing
        registry: Registry[Claim] | Registry[Quote] | Registry[DatedEvent] = (
            b.claims if kind == "claim" else b.quotes if kind == "quote" else b.dates)
        cites = registry.items[ident].cite
        sources = dict.fromkeys(source_label(b.articles.items[r.source]) for r in cites if r in b.passages)
        return f"{kind.title()}, citing " + "; ".join(sources) if sources else kind.title()

    def _citer_label(self, citer: Citer) -> str:
        """A short text naming what cites a passage, for backlinks."""
        b = self.briefing
        if citer.kind == "claim":
            return b.claims.items[citer.id].statement
        if citer.kind == "quote":
            return "“" + b.quotes.items[citer.id].text + "”"
        if citer.kind == "date":
            return b.dates.items[citer.id].what
        thing = b.actors.get(citer.id) if citer.kind == "actor" else b.venues.get(citer.id)
        return getattr(thing, "name", citer.id)

    def render(self, template: str, here: str, printing: bool = False, **values: Any) -> str:
        """One page's HTML from its template."""
        return "".join(self.render_pieces(template, here, printing, **values))

    def render_pieces(self, template: str, here: str, printing: bool = False, **values: Any) -> Iterator[str]:
        """One page's HTML from its template, piece by piece: a page of thousands of claims can be
        written out as it is made, instead of being held whole, with its pieces, in a render worker."""
        context = self.context(here, printing)
        context.update(values)
        if values.get("narrative"):
            context["narrative"] = self.narrative_html(context)
        yield from self.env.get_template(template).generate(context)
        if not printing:  # after the page: its citation markers are numbered as it is made
            yield from self.env.get_template("partials/endnotes.html").generate(context)

    def narrative_html(self, context: dict[str, Any]) -> Markup:
        """The narrative as HTML, its citations and entity links rendered by template macros.

        It shares the page's context, so its citation markers are numbered with the page's own.
        """
        narrative = self.briefing.narrative
        if narrative is None:
            return Markup("")
        module: Any = self.env.get_template("partials/narrative.html").make_module(context)
        env = {"render_cite": module.cite_group, "render_entity": module.entity,
               "judgement_open": module.judgement_open, "judgement_close": module.judgement_close}
        return Markup(narrative_parser().render(narrative.text, env))

    # -- the page set -----------------------------------------------------------------------

    def pages(self, folder: Path | None = None) -> list[Page]:
        """Every page of the site, sections first, in a stable order (with ``folder``, their HTML
        is written there instead of returned: see :func:`render_in_parallel`)."""
        return render_in_parallel(self, self.page_specs(), folder)

    def page_specs(self) -> list[PageSpec]:
        """What every page of the site shows, before rendering.

        The overview pages also get ``counts``: what they count, which their templates work out
        themselves but ``briefgen serve`` compares to know when to render them again.
        """
        b = self.briefing
        pages = [
            self._page("index.md", b.meta.title, "home", narrative=True, themes=self.claims_by_theme(),
                       main_actors=self.main_actors(), glance_events=self.timeline()[:20], in_nav=True,
                       nav_title="Briefing", counts=(len(b.articles), len(b.claims), len(b.dates), self.grade_summary())),
            *self._listing(self.claim_pages, "Claims", "claims", lambda items: {"themes": by_theme(items)},
                           theme_index=self.theme_index()),
            self._page("actors/index.md", "Actors", "actors", in_nav=True, counts=self.claim_counts(b.actors)),
            self._page("venues/index.md", "Venues", "venues", in_nav=True, counts=self.claim_counts(b.venues)),
            *self._listing(self.event_pages, "Timeline", "timeline", lambda items: {"events": items}),
            *self._listing(self.quote_pages, "Quotes", "quotes", lambda items: {"quotes": items}),
            self._page("sources/index.md", "Sources", "sources", in_nav=True,
                       counts=tuple(len(self.xref.claims_by_source.get(a.id, ())) for a in b.articles)),
            self._page("corroboration.md", "Corroboration", "corroboration", themes=self.claims_by_theme(),
                       origins=self.origins(), in_nav=True, full_matrix=self.full_matrix(),
                       theme_matrix=self.theme_matrix()),
            self._page("print.md", f"{b.meta.title} — print edition", "print", printing=True,
                       narrative=self.print_edition_fits(), too_large=not self.print_edition_fits(),
                       counts=(len(b.articles), len(b.claims), len(b.actors)),
                       themes=self.claims_by_theme() if self.print_edition_fits() else [],
                       events=self.timeline() if self.print_edition_fits() else []),
        ]
        if self.edition is not None and (b.meta.edition or self.changes is not None):
            pages.insert(1, self._page("whats-new.md", "What’s new", "whats_new", in_nav=True,
                                       history=self.edition.record.history))
        pages += [self._page(f"actors/{a.id}.md", a.name, "actor", actor=a) for a in b.actors]
        pages += [self._page(f"venues/{v.id}.md", v.name, "venue", venue=v) for v in b.venues]
        pages += [self._page(f"sources/{a.id}.md", a.meta.title, "source", article=a) for a in b.articles]
        return pages

    def _listing(self, listing: list[Listing], title: str, kind: str, values: Callable[[list[Any]], dict[str, Any]],
                 **common: Any) -> list[PageSpec]:
        """The pages of a section split into pages, each with a pager to the others."""
        pages = []
        for number, part in enumerate(listing, start=1):
            pager = Pager(tuple(page_url(p.src_uri) for p in listing), number) if len(listing) > 1 else None
            shown = title if number == 1 else f"{title}, page {number}"
            pages.append(self._page(part.src_uri, shown, kind, in_nav=number == 1, nav_title=title, pager=pager,
                                    **values(part.items), **common))
        return pages

    def claim_counts(self, things: Iterable[Any]) -> tuple[int, ...]:
        """How many claims concern each actor or venue, in order (what the index pages count)."""
        return tuple(len(self.xref.claims_by_entity.get(thing.id, ())) for thing in things)

    def main_actors(self, limit: int = 30) -> list[Any]:
        """The actors most claims concern, for the overview: most first, then by name."""
        counted = [a for a in self.briefing.actors if self.xref.claims_by_entity.get(a.id)]
        counted.sort(key=lambda a: (-len(self.xref.claims_by_entity[a.id]), a.name))
        return counted[:limit]

    def theme_index(self) -> list[tuple[str, int, str]]:
        """(theme, number of claims, URL of its first claim) for the claims section's contents."""
        return [(theme, len(claims), target_url("claim", claims[0].id, where=self.where))
                for theme, claims in self.claims_by_theme()]

    def claims_in_order(self) -> list[Claim]:
        """Claims as the claims pages list them: by theme, then in file order."""
        return [claim for _theme, claims in self.claims_by_theme() for claim in claims]

    def full_matrix(self) -> bool:
        """Whether the claims × sources grid stays readable (else a themes × origins summary)."""
        return len(self.briefing.articles) <= MATRIX_SOURCES and len(self.briefing.claims) <= PAGE_SIZE

    def theme_matrix(self) -> list[Any]:
        """For large briefings: per theme, how many claims each origin group supports."""
        if self.full_matrix():
            return []
        supported = Counter(origin for s in self.support.values() for origin in s.origins)
        top = sorted(self.origins(), key=lambda o: (-supported[o.id], o.id))
        top = sorted(top[:MATRIX_SOURCES], key=lambda o: o.id)
        rows = []
        for theme, claims in self.claims_by_theme():
            per_origin = Counter(origin for c in claims for origin in self.support[c.id].origins)
            counts = [per_origin[o.id] for o in top]
            single = sum(1 for c in claims if self.support[c.id].single_source)
            rows.append((theme, len(claims), single, counts))
        return [top, rows]

    def print_edition_fits(self) -> bool:
        """A print edition of more than PRINT_LIMIT claims is a book nobody prints from a browser."""
        return len(self.briefing.claims) <= PRINT_LIMIT

    def _page(self, src_uri: str, title: str, kind: str, in_nav: bool = False, nav_title: str = "",
              printing: bool = False, **values: Any) -> PageSpec:
        return PageSpec(src_uri, title, kind, in_nav, nav_title, printing, values)

    def render_spec(self, spec: PageSpec, into: Path | None = None) -> Page:
        """One page, rendered; with ``into``, its HTML is written to that file instead of kept.

        A source page's highlighted paragraphs are worked out here, not in its spec: the specs of
        every page are made on each rebuild, most pages are not rendered.
        """
        values = spec.values
        if spec.kind == "source":
            values = {**values, "paragraphs": source_view(values["article"], self.xref)}
        pieces = self.render_pieces(f"pages/{spec.kind}.html", page_url(spec.src_uri), spec.printing,
                                    title=spec.title, **values)
        if into is None:
            html = "".join(pieces)
        else:
            with into.open("w", encoding="utf-8") as out:
                out.writelines(pieces)
            html = ""
        return Page(spec.src_uri, spec.nav_title or spec.title, spec.kind, html, spec.in_nav)

    def print_document(self) -> str:
        """The print edition as a standalone HTML document for a paged-media engine (WeasyPrint)."""
        b = self.briefing
        body = self.render("pages/print.html", "", True, title=b.meta.title, narrative=True, too_large=False,
                           themes=self.claims_by_theme(), events=self.timeline())
        return self.render("print/document.html", "", True, title=b.meta.title, body=Markup(body),
                           created=self.edition_date().isoformat())

    def edition_date(self) -> dt.date:
        """The date the content speaks for: the briefing's as-of date, else its newest source."""
        dates = [a.meta.published for a in self.briefing.articles]
        return self.briefing.meta.date or max(dates, default=dt.date(1970, 1, 1))

    def origins(self) -> list[Any]:
        """Origin groups in order of their first source, each once."""
        return sorted({o.id: o for o in self.groups.values()}.values(), key=lambda o: o.id)

    def claims_by_theme(self) -> list[tuple[str, list[Claim]]]:
        """Claims grouped by theme, themes in order of first appearance, unthemed last (worked out
        once per renderer: several pages list them; callers must not change the lists)."""
        if self._by_theme is None:
            self._by_theme = self._claims_by_theme()
        return self._by_theme

    def _claims_by_theme(self) -> list[tuple[str, list[Claim]]]:
        themes: dict[str, list[Claim]] = {}
        for claim in self.briefing.claims:
            themes.setdefault(claim.theme or "Other claims", []).append(claim)
        if "Other claims" in themes:
            themes["Other claims"] = themes.pop("Other claims")
        return list(themes.items())

    def timeline(self) -> list[Any]:
        """Dated events by start date, then end date, then id (sorted once per renderer)."""
        if self._timeline is None:
            self._timeline = sorted(self.briefing.dates, key=lambda e: (e.start, e.end, e.id))
        return self._timeline


PAGE_SIZE = 500
"""Claims, dated events or quotes on one page of their section: beyond, the section is split."""
MATRIX_SOURCES = 40
"""Sources beyond which the corroboration grid is summarised by theme and origin."""
PRINT_LIMIT = 2000
"""Claims beyond which the site's print edition is replaced by a note (briefgen pdf still prints all)."""


@dataclass(frozen=True, slots=True)
class PageSpec:
    """A page to render: where it goes, its template kind and the values its template gets."""

    src_uri: str
    title: str
    kind: str
    in_nav: bool
    nav_title: str
    printing: bool
    values: dict[str, Any]


PARALLEL_MIN_PAGES = 300
"""Below this many pages, starting worker processes costs more than it saves."""

_WORK: tuple[Renderer, list[PageSpec], Path | None] | None = None
"""The renderer, pages and output folder a forked worker reads (inherited, never pickled)."""


def _render_slice(slice_: tuple[int, int]) -> list[tuple[int, Page]]:
    start, step = slice_
    assert _WORK is not None
    renderer, specs, folder = _WORK
    return [(i, _rendered(renderer, specs[i], i, folder)) for i in range(start, len(specs), step)]


def _rendered(renderer: Renderer, spec: PageSpec, number: int, folder: Path | None) -> Page:
    return renderer.render_spec(spec, None if folder is None else stored_page(folder, number))


def stored_page(folder: Path, number: int) -> Path:
    """Where :func:`render_in_parallel` writes the HTML of the ``number``-th page into ``folder``."""
    return folder / f"{number}.html"


def render_in_parallel(renderer: Renderer, specs: list[PageSpec], folder: Path | None = None) -> list[Page]:
    """Render pages on every core (Linux, large sites), in the same order as one process would.

    Workers are forked, so they share the briefing and compiled templates instead of pickling
    them; each renders every n-th page, which spreads heavy and light pages evenly. With
    ``folder``, each page's HTML is written to :func:`stored_page` and the pages returned carry
    none: the HTML of a large site (a gigabyte at 10,000 articles) is never all in memory at once.
    """
    global _WORK
    workers = min(os.cpu_count() or 1, 8)
    if workers < 2 or len(specs) < PARALLEL_MIN_PAGES or sys.platform != "linux":
        return [_rendered(renderer, spec, i, folder) for i, spec in enumerate(specs)]
    for kind in {spec.kind for spec in specs}:
        renderer.env.get_template(f"pages/{kind}.html")  # compile once, before forking
    _WORK = (renderer, specs, folder)
    try:
        with collector.frozen_for_fork(), multiprocessing.get_context("fork").Pool(workers) as pool:
            done = [item for part in pool.map(_render_slice, [(k, workers) for k in range(workers)]) for item in part]
    finally:
        _WORK = None
    return [page for _i, page in sorted(done, key=lambda item: item[0])]


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


def by_theme(claims: list[Claim]) -> list[tuple[str, list[Claim]]]:
    """Consecutive claims of one theme, grouped (claims arrive sorted by theme)."""
    groups: list[tuple[str, list[Claim]]] = []
    for claim in claims:
        theme = claim.theme or "Other claims"
        if not groups or groups[-1][0] != theme:
            groups.append((theme, []))
        groups[-1][1].append(claim)
    return groups


@dataclass(frozen=True, slots=True)
class SearchEntry:
    """One thing a reader can find with the site's search box."""

    title: str
    text: str
    location: str
    """Site URL, with the anchor of the thing on its page."""


_MARKUP = re.compile(r"\[@[^\]]*\]|\[\[([a-z0-9-]+)(?:\|([^\]]*))?\]\]|^:::.*$", re.M)


def search_entries(b: Briefing, where: dict[str, str],
                   memo: KeptWhileSame[tuple[str, str], object, tuple[str, SearchEntry]] | None = None
                   ) -> Iterator[SearchEntry]:
    """What the search box finds, from the briefing's data rather than by re-reading its HTML:
    every claim, quote and dated event at its anchor (``where``: the page each stands on, see
    :attr:`Renderer.where`), every actor, venue and source. One at a time: the entries of a large
    briefing hold the text of every article.

    ``memo`` (``briefgen serve``) keeps each thing's entry while the thing is the same object and
    stands at the same place, so after an edit only the changed things' entries are made again.
    """
    for kind, things, make in _SEARCHED:
        for thing in things(b):
            location = target_url(kind, thing.id, where=where)
            hit = memo.get((kind, thing.id), thing) if memo is not None else None
            if hit is None or hit[0] != location:
                hit = (location, SearchEntry(*make(thing), location))
                if memo is not None:
                    memo.put((kind, thing.id), thing, hit)
            yield hit[1]
    if b.narrative is not None:
        prose = _MARKUP.sub(lambda m: m.group(2) or m.group(1) or "", b.narrative.text)
        yield SearchEntry(b.meta.title, prose, "")


def _claim_entry(c: Claim) -> tuple[str, str]:
    return c.statement, " ".join([c.statement, c.theme, *(p.position for p in c.dispute)])


def _quote_entry(q: Quote) -> tuple[str, str]:
    return f"“{q.text}”", " ".join([q.text, *(v.text for v in q.variants), q.occasion])


def _date_entry(e: DatedEvent) -> tuple[str, str]:
    return f"{format_range(e.start, e.end)}: {e.what}", f"{e.what} {e.as_written}"


def _actor_entry(actor: Any) -> tuple[str, str]:
    facts = [f.value for f in (actor.role, actor.affiliation, actor.description) if f]
    return actor.name, " ".join([actor.name, *actor.aliases, *facts])


def _venue_entry(venue: Any) -> tuple[str, str]:
    facts = [f.value for f in (venue.located_in, venue.description) if f]
    return venue.name, " ".join([venue.name, venue.kind, *facts])


def _article_entry(article: Article) -> tuple[str, str]:
    meta = article.meta
    return meta.title, " ".join([meta.title, meta.outlet, meta.author, *(p.text for p in article.paragraphs)])


_SEARCHED: tuple[tuple[str, Callable[[Briefing], Iterable[Any]], Callable[[Any], tuple[str, str]]], ...] = (
    ("claim", lambda b: b.claims, _claim_entry), ("quote", lambda b: b.quotes, _quote_entry),
    ("date", lambda b: b.dates, _date_entry), ("actor", lambda b: b.actors, _actor_entry),
    ("venue", lambda b: b.venues, _venue_entry), ("source", lambda b: b.articles, _article_entry))
"""What is searched, in index order: kind, the things of that kind, and their (title, text)."""


def render_pages(briefing: Briefing, overrides: Iterable[Path] = (), extra: dict[str, Any] | None = None) -> list[Page]:
    """Every page of a resolved briefing, rendered with the templates (project overrides first)."""
    return Renderer(briefing, template_environment(overrides), extra).pages()
