"""The pipeline, end to end, readable as a table of contents.

load → segment → resolve → check gives a :class:`Briefing` and its findings; rendering and the
engine adapter (mkdocs) come after, and only when there are no errors. Nothing here knows mkdocs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import check, collector
from .cache import BuildCache
from .corroborate import origin_groups
from .crossref import sheet_of
from .errors import Finding, Severity
from .incremental import RenderedSite, render_site
from .load import ARTICLES_DIR, load_fact_sheet, load_narrative, load_source_files
from .model import Briefing, BriefingMeta, FactSheet, Registry
from .render import Page, Renderer
from .resolve import Resolver, iter_citations, resolve_citations
from .segment import segment_articles


@dataclass(frozen=True, slots=True)
class CheckedBriefing:
    """A briefing and everything the checker found in it."""

    briefing: Briefing
    """The resolved briefing (partial when there are errors)."""
    findings: tuple[Finding, ...]
    """Errors and warnings, sorted by file and line."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings that stop a build."""
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings that do not stop a build (unless strict)."""
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)


def load_briefing(root: Path, cache: BuildCache | None = None) -> CheckedBriefing:
    """Load, segment, resolve and check the briefing in ``root``; never raises on bad input.

    ``briefgen serve`` passes the same ``cache`` to every rebuild, so only what changed since the
    previous one is parsed, segmented and resolved again.
    """
    with collector.paused():
        return _load_briefing(root, cache)


def _load_briefing(root: Path, cache: BuildCache | None) -> CheckedBriefing:
    sources, findings = load_source_files(root, cache)
    failed = frozenset(p.stem for p in (root / ARTICLES_DIR).glob("*.md")) - {s.id for s in sources}
    articles = Registry.of("source", tuple(segment_articles(sources, cache)), unusable=failed)
    del sources  # the bodies as written: segmented now, and as large as the whole corpus
    sheet, problems = load_fact_sheet(root, cache)
    findings += problems
    facts_loaded = sheet is not None
    sheet = sheet or FactSheet(BriefingMeta("Untitled briefing"))
    narrative, problems = load_narrative(root)
    findings += problems
    resolver = Resolver(articles, cache)
    passages, problems = resolve_citations(sheet, resolver)
    findings += problems
    skip = sheet.unusable.get
    briefing = Briefing(
        meta=sheet.meta, articles=articles, actors=Registry.of("actor", sheet.actors, skip("actor", frozenset())),
        venues=Registry.of("venue", sheet.venues, skip("venue", frozenset())),
        dates=Registry.of("date", sheet.dates, skip("date", frozenset())),
        quotes=Registry.of("quote", sheet.quotes, skip("quote", frozenset())),
        claims=Registry.of("claim", sheet.claims, skip("claim", frozenset())),
        passages=passages, narrative=narrative)
    findings += run_checks(sheet, briefing, resolver, facts_loaded)
    resolver.keep_in_cache()
    return CheckedBriefing(briefing, tuple(sorted(findings, key=lambda f: f.sort_key)))


def run_checks(sheet: FactSheet, briefing: Briefing, resolver: Resolver, facts_loaded: bool = True) -> list[Finding]:
    """Every whole-briefing rule of :mod:`briefgen.check`.

    When the fact sheet could not be read at all, the narrative's ids are not checked: every one
    of them would be "unknown", and the fact sheet's own error already says why.
    """
    registries: dict[str, Registry[Any]] = {"actor": briefing.actors, "venue": briefing.venues, "date": briefing.dates,
                  "quote": briefing.quotes, "claim": briefing.claims, "source": briefing.articles}
    findings = check.check_duplicate_ids(sheet, briefing.articles)
    findings += check.check_references(sheet, registries)
    findings += check.check_provenance(briefing.articles)
    findings += check.check_dates(sheet, briefing.articles)
    findings += check.check_quotes_verbatim(sheet, resolver)
    if briefing.narrative is not None:
        findings += check.check_narrative(briefing.narrative, registries, check_ids=facts_loaded)
    findings += check.check_unused_sources(sheet, briefing.articles, briefing.narrative)
    groups = origin_groups(briefing.articles)
    findings += check.check_grades(briefing, groups)
    findings += check.check_retractions(briefing)
    findings += check.check_quote_wording(briefing, resolver, groups)
    return findings


def count_citations(briefing: Briefing) -> int:
    """Citations written in the fact sheet (resolved or not)."""
    return sum(1 for _ in iter_citations(sheet_of(briefing)))


def render_briefing(renderer: Renderer, folder: Path | None) -> tuple[list[Page], RenderedSite | None]:
    """Every page of a checked briefing, after :func:`load_briefing` found no errors.

    Without a ``folder`` (``briefgen serve``), every page's HTML is kept, with what each page
    shows, for the next rebuild to compare with. With one (a one-off build), each page is
    rendered into its own file there, read back when the engine writes it: memory stays flat.
    """
    if folder is None:
        site = render_site(renderer)
        return list(site.pages), site
    return renderer.pages(folder), None
