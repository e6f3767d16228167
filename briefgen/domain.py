"""From valid YAML data to domain objects: fact-sheet items and an article's front matter.

Runs after schema validation, so the shape of the data is known; what is left to find here is
what a schema cannot say (a date that is not a calendar date). Every object keeps the location
of the YAML it came from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from .errors import Finding, error
from .located import Located, YamlPath, value_at
from .model import (
    Actor,
    ArticleMeta,
    BriefingMeta,
    CitationRef,
    CitedText,
    Claim,
    DatedEvent,
    DisputeSide,
    FactSheet,
    IdRef,
    Quote,
    QuoteVariant,
    Retraction,
    Venue,
)
from .validate import KIND_OF_SECTION

FactItem = Actor | Venue | DatedEvent | Quote | Claim
"""What an item of a fact-sheet section becomes."""


class _Builder:
    """Turns valid YAML items into domain objects, collecting the findings values cause."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.findings: list[Finding] = []

    def date(self, path: YamlPath) -> dt.date | None:
        value = value_at(self.located.data, path)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.findings.append(error(self.located.at(path), f"invalid date {value!r}",
                                       "write a real calendar date as YYYY-MM-DD"))
            return None

    def ref(self, path: YamlPath) -> IdRef | None:
        value = value_at(self.located.data, path)
        return IdRef(str(value), self.located.at(path)) if value is not None else None

    def refs(self, path: YamlPath) -> tuple[IdRef, ...]:
        values = value_at(self.located.data, path) or []
        return tuple(IdRef(str(v), self.located.at(path + (i,))) for i, v in enumerate(values))

    def cites(self, path: YamlPath, quote_words: str = "") -> tuple[CitationRef, ...]:
        return tuple(self.citation(path + (i,), quote_words) for i in range(len(value_at(self.located.data, path) or [])))

    def citation(self, path: YamlPath, quote_words: str = "") -> CitationRef:
        item = value_at(self.located.data, path)
        where = self.located.at(path)
        if isinstance(item, str):
            return CitationRef(item, where, text=quote_words, words_of_quote=True)
        return CitationRef(
            source=item["source"], location=where, text=item.get("text", ""),
            prefix=item.get("prefix", ""), suffix=item.get("suffix", ""),
            occurrence=item.get("occurrence", 0), paragraph=item.get("paragraph", 0),
            sentence=item.get("sentence", 0))

    def cited(self, path: YamlPath) -> CitedText | None:
        item = value_at(self.located.data, path)
        if item is None:
            return None
        return CitedText(str(item["value"]), self.cites(path + ("cite",)), self.located.at(path))


def _items(located: Located, section: str, bad: set[YamlPath]) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
    """The valid items of a fact sheet section, with their paths."""
    items = value_at(located.data, (section,)) or []
    if any(p[:1] == (section,) and len(p) < 2 for p in bad):
        return
    for index, item in enumerate(items):
        path: YamlPath = (section, index)
        if not any(p[:2] == path for p in bad):
            yield path, item


def build_fact_sheet(located: Located, bad: set[YamlPath]) -> tuple[FactSheet, list[Finding]]:
    """Domain objects for every valid item; invalid items were already reported."""
    parts = build_parts(located, bad)
    return assemble(parts), parts.findings


@dataclass(slots=True)
class SheetParts:
    """A fact sheet being put together: what the read has built so far, section by section."""

    meta: BriefingMeta
    """The ``briefing:`` mapping."""
    built: dict[str, list[Any]]
    """Section → the domain objects of its valid items, in order."""
    written: dict[str, set[str]]
    """Section → the ids written on its items, valid or not."""
    findings: list[Finding]
    """What building them found (invalid dates and the like)."""


def build_parts(located: Located, bad: set[YamlPath]) -> SheetParts:
    """The briefing's metadata and every valid item in ``located``; the fact sheet read item by
    item adds the items it read on their own to these (see :mod:`briefgen.fact_items`)."""
    b = _Builder(located)
    meta = _briefing_meta(b, bad)
    built = {section: [x for p, d in _items(located, section, bad) if (x := _BUILD[section](b, p, d)) is not None]
             for section in KIND_OF_SECTION}
    written = {section: set(_written_ids(located, section)) for section in KIND_OF_SECTION}
    return SheetParts(meta, built, written, b.findings)


def build_section_item(located: Located, path: YamlPath, data: dict[str, Any]) -> tuple[FactItem | None, list[Finding]]:
    """The domain object of one valid item at ``path`` (section, index), None for a dated event
    whose date is invalid; and what was found building it."""
    b = _Builder(located)
    return _BUILD[str(path[0])](b, path, data), b.findings


def _briefing_meta(b: _Builder, bad: set[YamlPath]) -> BriefingMeta:
    data = b.located.data if isinstance(b.located.data, dict) else {}
    meta: dict[str, Any] = data["briefing"] if isinstance(data.get("briefing"), dict) else {}
    return BriefingMeta(
        title=str(meta.get("title", "Untitled briefing")), subtitle=meta.get("subtitle", ""),
        author=meta.get("author", ""), date=b.date(("briefing", "date")) if ("briefing", "date") not in bad else None,
        summary=meta.get("summary", ""), edition=str(meta.get("edition", "")))


def assemble(parts: SheetParts) -> FactSheet:
    """The fact sheet of the items that could be built; ids written on the others are unusable."""
    built = {section: tuple(values) for section, values in parts.built.items()}
    unusable = {kind: frozenset(parts.written[section]) - {x.id for x in built[section]}
                for section, kind in KIND_OF_SECTION.items()}
    return FactSheet(parts.meta, built["actors"], built["venues"], built["dates"], built["quotes"], built["claims"],
                     unusable=unusable)


def _written_ids(located: Located, section: str) -> Iterator[str]:
    """The ids written in a section, valid or not."""
    items = value_at(located.data, (section,))
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield item["id"]


def _actor(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Actor:
    return Actor(id=d["id"], name=d["name"], kind=d["kind"], location=b.located.at(p),
                 aliases=tuple(d.get("aliases", ())), role=b.cited(p + ("role",)),
                 affiliation=b.cited(p + ("affiliation",)), description=b.cited(p + ("description",)))


def _venue(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Venue:
    return Venue(id=d["id"], name=d["name"], kind=d["kind"], location=b.located.at(p),
                 located_in=b.cited(p + ("located_in",)), description=b.cited(p + ("description",)))


def _event(b: _Builder, p: YamlPath, d: dict[str, Any]) -> DatedEvent | None:
    if "date" in d:
        start = end = b.date(p + ("date",))
    else:
        start, end = b.date(p + ("start",)), b.date(p + ("end",))
    if start is None or end is None:
        return None
    return DatedEvent(id=d["id"], start=start, end=end, what=d["what"], cite=b.cites(p + ("cite",)),
                      location=b.located.at(p), as_written=d.get("as_written", ""),
                      relative_to=b.ref(p + ("relative_to",)), who=b.refs(p + ("who",)), where=b.ref(p + ("where",)))


def _quote(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Quote:
    variants = tuple(
        QuoteVariant(text=v["text"], cite=b.cites(p + ("variants", i, "cite"), v["text"]),
                     location=b.located.at(p + ("variants", i)), note=v.get("note", ""))
        for i, v in enumerate(d.get("variants", ())))
    speaker = b.ref(p + ("speaker",))
    assert speaker is not None  # required by the schema
    return Quote(id=d["id"], speaker=speaker, text=d["text"], cite=b.cites(p + ("cite",), d["text"]),
                 location=b.located.at(p), occasion=d.get("occasion", ""), date=b.date(p + ("date",)),
                 event=b.ref(p + ("event",)), variants=variants)


def _claim(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Claim:
    sides = tuple(DisputeSide(side["position"], b.cites(p + ("dispute", i, "cite")), b.located.at(p + ("dispute", i)))
                  for i, side in enumerate(d.get("dispute", ())))
    return Claim(id=d["id"], statement=d["statement"], cite=b.cites(p + ("cite",)), location=b.located.at(p),
                 theme=d.get("theme", ""), key=bool(d.get("key", False)), actors=b.refs(p + ("actors",)),
                 venues=b.refs(p + ("venues",)), dates=b.refs(p + ("dates",)),
                 contradicts=b.refs(p + ("contradicts",)), note=d.get("note", ""), dispute=sides,
                 credibility=int(d.get("credibility", 0)), confidence=d.get("confidence", ""),
                 despite_retraction=d.get("despite_retraction", ""))


_BUILD: dict[str, Callable[[_Builder, YamlPath, dict[str, Any]], FactItem | None]] = {
    "actors": _actor, "venues": _venue, "dates": _event, "quotes": _quote, "claims": _claim}
"""How each fact-sheet section's items become domain objects."""


def article_meta(located: Located) -> tuple[ArticleMeta | None, list[Finding]]:
    """An article's front matter, validated against the article schema, as its metadata."""
    b = _Builder(located)
    d: dict[str, Any] = located.data
    published = b.date(("published",))
    if published is None:
        return None, b.findings
    meta = ArticleMeta(
        title=d["title"], outlet=d["outlet"], published=published, language=d["language"],
        author=d.get("author", ""), published_basis=d.get("published_basis", ""), url=d.get("url", ""),
        syndicated_from=d.get("syndicated_from", ""), copy_of=b.ref(("copy_of",)),
        derived_from=b.ref(("derived_from",)), provenance=d.get("provenance", ""),
        edits=tuple(d.get("edits", ())), reliability=d.get("reliability", ""), retracted=_retraction(b))
    return meta, b.findings


def _retraction(b: _Builder) -> Retraction | None:
    """The ``retracted:`` record of an article's front matter, when it has a valid one."""
    when = b.date(("retracted", "date")) if isinstance(b.located.data.get("retracted"), dict) else None
    return Retraction(when, b.located.data["retracted"]["note"]) if when is not None else None
