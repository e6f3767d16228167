"""Render stage: the briefing's pages, as HTML fragments, from Jinja templates.

Python decides what each page means (which citations, which backlinks, which pieces of a source
are highlighted: :mod:`briefgen.views`); templates decide how it looks. Nothing here knows mkdocs:
the engine adapter gets a list of :class:`Page` and places them.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import jinja2
from markupsafe import Markup

from . import collector
from .corroborate import CONFIDENCE, CREDIBILITY, GRADES, claim_support, origin_groups, side_support, support_phrase
from .crossref import Citer, CrossRefs, build_crossrefs
from .editions import Edition, EditionChanges
from .model import Briefing, CitationRef, Claim, DatedEvent, Quote, Registry
from .narrative import CiteKey, narrative_parser
from .urls import page_url, relative_url, target_url
from .views import CiteView, Listing, Notes, Pager, by_theme, format_date, paginate, source_label
from .views import source_view, template_environment as template_environment, themes_of, word_diff

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


# ---------------------------------------------------------------------------------------------
# The renderer


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
            self._by_theme = themes_of(self.briefing.claims)
        return self._by_theme

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


def render_pages(briefing: Briefing, overrides: Iterable[Path] = (), extra: dict[str, Any] | None = None) -> list[Page]:
    """Every page of a resolved briefing, rendered with the templates (project overrides first)."""
    return Renderer(briefing, template_environment(overrides), extra).pages()
