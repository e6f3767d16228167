"""Check stage: the rules that prove nothing in the briefing is unsourced or dangling.

Loading and resolving already report what they meet (bad YAML, unknown keys, uncited items,
citations that do not resolve); this stage adds the rules that need the whole briefing at once.
Every rule returns findings; none stops at the first problem.
"""

from __future__ import annotations

import re
from difflib import get_close_matches
from typing import Iterable, Iterator

from .errors import Finding, Location, error, warning
from .model import Article, Briefing, FactSheet, IdRef, Narrative, Quote, Registry
from .narrative import malformed_markup, narrative_refs, uncited_sentences, unclosed_judgements
from .corroborate import CREDIBILITY, Origin, claim_support
from .resolve import Resolver, SourceIndex, iter_citations, may_share_phrases, normalise, phrase_marks

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def check_duplicate_ids(sheet: FactSheet, articles: Iterable[Article]) -> list[Finding]:
    """Ids are unique across the briefing, so a narrative's ``[@id]`` is never ambiguous."""
    seen: dict[str, tuple[str, Location]] = {a.id: ("source", a.location) for a in articles}
    findings: list[Finding] = []
    groups: list[tuple[str, Iterable[tuple[str, Location]]]] = [
        ("actor", ((x.id, x.location) for x in sheet.actors)),
        ("venue", ((x.id, x.location) for x in sheet.venues)),
        ("date", ((x.id, x.location) for x in sheet.dates)),
        ("quote", ((x.id, x.location) for x in sheet.quotes)),
        ("claim", ((x.id, x.location) for x in sheet.claims)),
    ]
    for kind, items in groups:
        for ident, where in items:
            if ident in seen:
                other_kind, other = seen[ident]
                findings.append(error(where, f"duplicate id {ident!r}: already used by the {other_kind} at {other}",
                                      "give each actor, venue, date, quote, claim and source its own id"))
            else:
                seen[ident] = (kind, where)
    return findings


def check_references(sheet: FactSheet, registries: dict[str, Registry]) -> list[Finding]:  # type: ignore[type-arg]
    """Every id the fact sheet refers to names something of the right kind."""
    findings: list[Finding] = []
    for kind, ref in _references(sheet):
        registry = registries[kind]
        if ref.id not in registry:
            findings.append(error(ref.location, f"unknown {kind} {ref.id!r}", registry.suggest(ref.id)))
    return findings


def _references(sheet: FactSheet) -> Iterator[tuple[str, IdRef]]:
    for venue in sheet.venues:
        if venue.located_in:
            yield "venue", IdRef(venue.located_in.value, venue.located_in.location)
    for event in sheet.dates:
        yield from (("actor", r) for r in event.who)
        if event.where:
            yield "venue", event.where
        if event.relative_to:
            yield "source", event.relative_to
    for quote in sheet.quotes:
        yield "actor", quote.speaker
        if quote.event:
            yield "date", quote.event
    for claim in sheet.claims:
        yield from (("actor", r) for r in claim.actors)
        yield from (("venue", r) for r in claim.venues)
        yield from (("date", r) for r in claim.dates)
        yield from (("claim", r) for r in claim.contradicts)


def check_provenance(articles: Registry[Article]) -> list[Finding]:
    """``copy_of`` and ``derived_from`` name other sources of the briefing."""
    findings: list[Finding] = []
    for article in articles:
        for ref in (article.meta.copy_of, article.meta.derived_from):
            if ref is None:
                continue
            if ref.id not in articles:
                findings.append(error(ref.location, f"unknown source {ref.id!r}", articles.suggest(ref.id)))
            elif ref.id == article.id:
                findings.append(error(ref.location, "an article cannot derive from itself",
                                      "name another source or remove the key"))
    return findings


def check_dates(sheet: FactSheet, articles: Registry[Article]) -> list[Finding]:
    """Ranges run forward, and a relative date's weekday matches the date it was resolved to."""
    findings: list[Finding] = []
    for event in sheet.dates:
        if event.end < event.start:
            findings.append(error(event.location, f"date {event.id!r} ends ({event.end}) before it starts "
                                  f"({event.start})", "swap 'start:' and 'end:'"))
            continue
        named = [d for d in re.findall(r"[a-z]+", event.as_written.lower()) if d in _WEEKDAYS]
        ends = (event.start, event.end) if event.is_range else (event.start,)
        for day, named_day in zip(ends, (named[:1] + named[-1:]) if named else ()):
            if _WEEKDAYS[day.weekday()] != named_day:
                findings.append(error(event.location, f"date {event.id!r} is written {event.as_written!r} "
                                      f"but {day} is a {_WEEKDAYS[day.weekday()].title()}",
                                      f"resolve {named_day.title()} against the publication date again"))
        anchor = articles.get(event.relative_to.id) if event.relative_to else None
        if anchor and named and abs((event.start - anchor.meta.published).days) > 7:
            findings.append(warning(event.location, f"date {event.id!r} ({event.start}) is more than a week "
                                    f"from the publication date of {anchor.id!r} ({anchor.meta.published})",
                                    "a weekday in news copy usually means the nearest one: check the resolution"))
    return findings


def check_quotes_verbatim(sheet: FactSheet, resolver: Resolver) -> list[Finding]:
    """A quote's words stand verbatim in every source it cites (and so do its variants')."""
    findings: list[Finding] = []
    for quote in sheet.quotes:
        for text, refs in [(quote.text, quote.cite)] + [(v.text, v.cite) for v in quote.variants]:
            for ref in refs:
                if not ref.words_of_quote:
                    findings += _quote_in_source(quote, text, ref.source, ref.location, resolver)
    return findings


def _quote_in_source(quote: Quote, text: str, source: str, where: Location, resolver: Resolver) -> list[Finding]:
    index = resolver.index(source)
    words = normalise(text)
    if index is None or index.find(words):  # an unknown source is reported by the resolver
        return []
    score, para, start, end = index.closest(words)
    passage = index.article.paragraphs[para]
    return [error(where, f"quote {quote.id!r} does not appear verbatim in source {source!r}",
                  f"closest variant ({source}#{passage.id}, similarity {score:.2f}): "
                  f"{passage.text[start:end]!r}; quote the source's words exactly, or record the other "
                  "wording under 'variants:'")]


def check_narrative(narrative: Narrative, registries: dict[str, Registry],  # type: ignore[type-arg]
                    check_ids: bool = True) -> list[Finding]:
    """Every narrative sentence cites something, and every id it uses exists (when ids are known)."""
    findings = [error(where, f"uncited sentence in the narrative: {_clip(text)!r}",
                      "cite a claim, quote, date or source with [@id], or put the analyst's own judgement "
                      "in a '::: judgement' container")
                for where, text in uncited_sentences(narrative.path, narrative.text)]
    citable = ("claim", "quote", "date", "source")
    for ref in narrative_refs(narrative.path, narrative.text) if check_ids else ():
        for key in ref.keys:
            kinds = citable if ref.kind == "cite" else ("actor", "venue")
            found = [k for k in kinds if key.id in registries[k]]
            if not found:
                hint = _suggest_any(key.id, [registries[k] for k in kinds])
                findings.append(error(ref.location, f"{ref.raw} names an unknown "
                                      f"{'claim, quote, date or source' if ref.kind == 'cite' else 'actor or venue'} "
                                      f"{key.id!r}", hint))
            elif key.anchor:
                findings += _check_anchor(ref.location, key.id, key.anchor, registries["source"])
    findings += [error(where, f"{raw!r} is neither a citation [@id] nor an entity link [[id]]",
                       "close it with ']' or ']]', and write ids as lowercase slugs: [@claim-id], [[actor-id]]")
                 for where, raw in malformed_markup(narrative.path, narrative.text)]
    findings += [error(where, "this '::: judgement' container is never closed, so every sentence after it counts as "
                       "the analyst's judgement", "end the judgement with a line ':::'")
                 for where in unclosed_judgements(narrative.path, narrative.text)]
    return findings


def _suggest_any(key: str, registries: list[Registry]) -> str:  # type: ignore[type-arg]
    """A 'did you mean' hint from the ids of several kinds (a narrative key may name any of them)."""
    close = get_close_matches(key, [i for r in registries for i in r.items], n=3, cutoff=0.6)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return registries[0].suggest(key)


def _check_anchor(where: Location, source: str, anchor: str, articles: Registry[Article]) -> list[Finding]:
    article = articles.get(source)
    if article is None and source in articles.unusable:
        return []
    if article is None:
        return [error(where, f"#{anchor} follows {source!r}, which is not a source", "cite a source's passage "
                      "as [@source-id#p3]")]
    para_id = anchor.split("-")[0]
    para = next((p for p in article.paragraphs if p.id == para_id), None)
    if para is None or (anchor != para_id and anchor not in {s.id for s in para.sentences}):
        return [error(where, f"source {source!r} has no passage #{anchor}",
                      f"it has paragraphs p1–p{len(article.paragraphs)}; see its page for sentence anchors")]
    return []


def check_unused_sources(sheet: FactSheet, articles: Registry[Article], narrative: Narrative | None) -> list[Finding]:
    """A source nothing cites is probably forgotten: a warning, not an error."""
    cited = {ref.source for _k, _o, ref in iter_citations(sheet)}
    if narrative is not None:
        cited |= {k.id for r in narrative_refs(narrative.path, narrative.text) for k in r.keys}
    return [warning(a.location, f"source {a.id!r} supports nothing in the briefing",
                    "cite it from a claim, or remove the article") for a in articles if a.id not in cited]


def _clip(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"



def check_grades(briefing: Briefing, groups: dict[str, Origin]) -> list[Finding]:
    """A claim graded 1 ("confirmed by other sources") rests on at least two independent sources."""
    support = claim_support(briefing, groups)
    return [warning(c.location, f"claim {c.id!r} is graded credibility 1 ({CREDIBILITY[1]}) but rests on "
                    f"{support[c.id].independent} independent source(s)",
                    "cite a source of another origin, or grade it 2 (probably true) or lower")
            for c in briefing.claims if c.credibility == 1 and support[c.id].independent < 2]


def check_quote_wording(briefing: Briefing, resolver: Resolver, groups: dict[str, Origin]) -> list[Finding]:
    """Warn when a related source (a copy or derivative) quotes the same words differently.

    Only sources of the same origin group are searched: that is where reworded quotations come
    from. A wire agency's group can hold hundreds of stories, each asked about every quote cited
    from the others, so each pair is first ruled out, if it can be, by a few set lookups: the
    phrase marks of the quote against those of the source (see :func:`phrase_marks`).
    """
    quoted: dict[str, list[tuple[Quote, set[str]]]] = {}
    for quote in briefing.quotes:
        cited = _sources_of(quote)
        for origin in sorted({groups[s].id for s in cited if s in groups}):
            quoted.setdefault(origin, []).append((quote, cited))
    findings: list[Finding] = []
    for origin, quotes in quoted.items():
        asked = [(q, cited, words, phrase_marks(words)) for q, cited in quotes
                 if len(words := normalise(q.text)) >= 20]
        for source in groups[origin].members:
            index = resolver.index(source)
            if index is None:
                continue
            held: frozenset[int] | None = None
            for quote, cited, words, marks in asked:
                if source in cited:
                    continue
                if held is None:  # kept by a cache while the article is unchanged, like the answers
                    held = resolver.remember(("phrase marks", source), source, index.phrase_marks)
                if not may_share_phrases(marks, held):
                    continue
                found = resolver.remember(("reworded", quote.text, source), source,
                                          lambda: _reworded(words, index))  # noqa: B023 - called at once
                if found:
                    findings.append(warning(quote.location, f"quote {quote.id!r} stands with other wording in "
                                            f"{source!r} ({found[0]}): {_clip(found[1], 90)!r}",
                                            "record that wording under 'variants:' with a citation of "
                                            f"{source!r}, so readers see both"))
    return findings


def _sources_of(quote: Quote) -> set[str]:
    """The sources a quote and its variants cite."""
    return {r.source for r in quote.cite} | {r.source for v in quote.variants for r in v.cite}


def _reworded(words: str, index: SourceIndex) -> tuple[str, str] | None:
    """(anchor, words) of a close but not verbatim rendering of a quotation's normalised words."""
    if not index.shares_phrases(words) or index.find(words):
        return None
    score, para, start, end = index.closest(words, cutoff=0.8)
    if score < 0.8:
        return None
    paragraph = index.article.paragraphs[para]
    return paragraph.id, paragraph.text[start:end]


def check_retractions(briefing: Briefing) -> list[Finding]:
    """A claim must not rest only on articles their outlets withdrew, unless the analyst says why it stands.

    A claim that also cites a standing source is flagged on the pages, not reported: it may still hold.
    """
    retracted = {a.id for a in briefing.articles if a.meta.retracted is not None}
    if not retracted:
        return []
    findings: list[Finding] = []
    for claim in briefing.claims:
        cited = {ref.source for ref in claim.all_cites}
        if cited and cited <= retracted and not claim.despite_retraction:
            names = ", ".join(repr(s) for s in sorted(cited))
            findings.append(error(
                claim.location, f"claim {claim.id!r} rests only on retracted sources ({names})",
                "cite a source that stands, withdraw the claim, or say why it stands with 'despite_retraction:'"))
    return findings

