"""Who mentions whom: the backlinks every page shows, computed once from a resolved briefing.

Cross-linking is lookup: each map here is keyed by id and lists, in a stable order, the things
that refer to it. Templates loop over these; they never search.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterator

from .model import Briefing, CitationRef, FactSheet, Passage
from .resolve import iter_citations


@dataclass(frozen=True, slots=True)
class Citer:
    """Something in the fact sheet that cites a passage: a claim, quote, date, actor or venue."""

    kind: str
    """``claim``, ``quote``, ``date``, ``actor`` or ``venue``."""
    id: str
    """Its id."""


@dataclass(frozen=True, slots=True)
class CrossRefs:
    """Backlinks of a briefing, by id."""

    claims_by_entity: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Claim ids that concern each actor, venue or dated event."""
    quotes_by_actor: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Quote ids by speaker."""
    dates_by_entity: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Dated-event ids that involve each actor or venue."""
    co_actors: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Actor ids that share a claim or event with each actor or venue."""
    co_venues: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Venue ids that share a claim or event with each actor or venue."""
    sources_by_entity: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Source ids cited about each actor or venue (its fields, claims, quotes and events)."""
    citers_by_source: dict[str, tuple[tuple[Citer, CitationRef, Passage], ...]] = field(default_factory=dict)
    """Every resolved citation of each source, with what cites it."""
    claims_by_source: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Claim ids each source supports."""
    contradicted_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Claim ids that contradict each claim (both directions)."""


def sheet_of(briefing: Briefing) -> FactSheet:
    """The fact sheet a briefing was built from, for walking its citations."""
    return FactSheet(briefing.meta, tuple(briefing.actors), tuple(briefing.venues), tuple(briefing.dates),
                     tuple(briefing.quotes), tuple(briefing.claims))


def build_crossrefs(briefing: Briefing) -> CrossRefs:
    """Every backlink of the briefing."""
    claims: dict[str, list[str]] = defaultdict(list)
    dates: dict[str, list[str]] = defaultdict(list)
    quotes: dict[str, list[str]] = defaultdict(list)
    for claim in briefing.claims:
        for ref in claim.actors + claim.venues + claim.dates:
            claims[ref.id].append(claim.id)
    for event in briefing.dates:
        for entity in dict.fromkeys(r.id for r in event.who + ((event.where,) if event.where else ())):
            dates[entity].append(event.id)
    for quote in briefing.quotes:
        quotes[quote.speaker.id].append(quote.id)
    co_actors, co_venues = _co_occurrence(briefing)
    citers, by_source_claims, sources_by_entity = _citations(briefing)
    contradicted: dict[str, set[str]] = defaultdict(set)
    for claim in briefing.claims:
        for ref in claim.contradicts:
            contradicted[claim.id].add(ref.id)
            contradicted[ref.id].add(claim.id)
    return CrossRefs(
        claims_by_entity=_freeze(claims), quotes_by_actor=_freeze(quotes), dates_by_entity=_freeze(dates),
        co_actors=co_actors, co_venues=co_venues, sources_by_entity=sources_by_entity,
        citers_by_source={k: tuple(v) for k, v in citers.items()},
        claims_by_source={k: tuple(sorted(v)) for k, v in by_source_claims.items()},
        contradicted_by={k: tuple(sorted(v)) for k, v in contradicted.items()})


def _freeze(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(dict.fromkeys(values)) for key, values in table.items()}


def _together(briefing: Briefing) -> Iterator[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The actors and venues of each claim and dated event, one at a time (a list of them all
    would be half a million entries at 10,000 articles)."""
    for claim in briefing.claims:
        yield tuple(r.id for r in claim.actors), tuple(r.id for r in claim.venues)
    for event in briefing.dates:
        yield tuple(r.id for r in event.who), (event.where.id,) if event.where else ()


def _co_occurrence(briefing: Briefing) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    actors: dict[str, set[str]] = defaultdict(set)
    venues: dict[str, set[str]] = defaultdict(set)
    for who, where in _together(briefing):
        for entity in who + where:
            actors[entity].update(who)
            venues[entity].update(where)
    for table in (actors, venues):
        for entity, others in table.items():
            others.discard(entity)
    return ({k: tuple(sorted(v)) for k, v in actors.items()}, {k: tuple(sorted(v)) for k, v in venues.items()})


def _citations(briefing: Briefing) -> tuple[dict[str, list[tuple[Citer, CitationRef, Passage]]],
                                             dict[str, set[str]], dict[str, tuple[str, ...]]]:
    """Resolved citations by source; claims by source; sources cited about each entity.

    The sources each item cites are kept as a tuple, by kind and id: a set per item, or a key
    per item, would take a quarter of a gigabyte for a while at 10,000 articles.
    """
    citers: dict[str, list[tuple[Citer, CitationRef, Passage]]] = defaultdict(list)
    claims: dict[str, set[str]] = defaultdict(set)
    by_item: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    passages = briefing.passages
    citer = Citer("", "")
    for kind, owner, ref in iter_citations(sheet_of(briefing)):
        passage = passages.get(ref)
        if passage is None:
            continue
        if citer.kind != kind or citer.id != owner:
            citer = Citer(kind, owner)
        citers[ref.source].append((citer, ref, passage))
        cited = by_item[kind].get(owner, ())
        if ref.source not in cited:
            by_item[kind][owner] = cited + (ref.source,)
        if kind == "claim":
            claims[ref.source].add(owner)
    entity_sources: dict[str, set[str]] = defaultdict(set)
    for kind in ("actor", "venue"):
        for owner, sources in by_item[kind].items():
            entity_sources[owner].update(sources)
    none: tuple[str, ...] = ()
    for claim in briefing.claims:
        sources = by_item["claim"].get(claim.id, none)
        for entity in claim.actors + claim.venues:
            entity_sources[entity.id].update(sources)
    for quote in briefing.quotes:
        entity_sources[quote.speaker.id].update(by_item["quote"].get(quote.id, none))
    for event in briefing.dates:
        sources = by_item["date"].get(event.id, none)
        for entity in event.who + ((event.where,) if event.where else ()):
            entity_sources[entity.id].update(sources)
    return citers, claims, {k: tuple(sorted(v)) for k, v in entity_sources.items()}
