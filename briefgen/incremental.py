"""What an edit changes: which things of the briefing differ, and which pages show them.

``briefgen serve`` renders every page once and notes which ids each page shows (in its links
and anchors). After an edit it compares the new briefing with the previous one, thing by thing,
and renders again only the pages that show a changed thing, or a thing a changed thing refers to
(a claim that now names an actor changes that actor's page), plus the overview pages, which
count everything. What this cannot follow thing by thing — a changed article, the briefing's
title, a page added or removed — renders every page: correctness first, speed where it is safe.
Nothing here knows mkdocs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, is_dataclass
from typing import Any, Iterable, Iterator

from .load import shift_locations
from .crossref import CrossRefs
from .model import Briefing, CitationRef, IdRef
from .render import Page, PageSpec, Renderer, render_in_parallel

def shows_everything(spec: PageSpec) -> bool:
    """The print edition, when it holds the whole briefing: rendered again after every edit. (The
    overview pages get what they count as values: they are rendered again when that changes, like
    any other page.)"""
    return spec.kind == "print" and not spec.values.get("too_large")

REGISTRIES = ("actors", "venues", "dates", "quotes", "claims")


@dataclass(frozen=True, slots=True)
class RenderedSite:
    """Every page of one build, and what each page shows: the previous build, for the next one."""

    briefing: Briefing
    pages: tuple[Page, ...]
    """Every page, in the order the engine files them."""
    shows: dict[str, frozenset[str]]
    """Ids each page shows or links to, by page source path."""
    members: dict[str, tuple[str, ...]]
    """What each page was asked to list (ids, themes, counts), by page source path."""
    where: dict[str, str]
    """The page each claim, quote and dated event stands on."""
    xref: CrossRefs
    """The backlinks the pages were rendered with."""


def render_site(renderer: Renderer) -> RenderedSite:
    """Render every page, noting what each shows."""
    specs = renderer.page_specs()
    pages = render_in_parallel(renderer, specs)
    return RenderedSite(renderer.briefing, tuple(pages), {p.src_uri: shown_ids(p) for p in pages},
                        {s.src_uri: members(s) for s in specs}, dict(renderer.where), renderer.xref)


def rerender(previous: RenderedSite, renderer: Renderer) -> tuple[RenderedSite, list[Page]] | None:
    """The site after an edit, and the pages whose content changed; None when the set of pages
    changed (the engine then builds everything, navigation included).

    A page is rendered again when it shows a thing whose content changed (its statement, name,
    citations, or the page it stands on), or when it lists or is the page of a thing a changed
    thing now refers to or no longer refers to: that page gained or lost a backlink.
    """
    specs = renderer.page_specs()
    if [s.src_uri for s in specs] != [p.src_uri for p in previous.pages]:
        return None
    found = what_changed(previous.briefing, renderer.briefing)
    listed = {s.src_uri: members(s) for s in specs}
    if found is None:
        stale = specs
    else:
        changed, related = found
        changed |= {i for i in previous.where.keys() | renderer.where.keys()
                    if previous.where.get(i) != renderer.where.get(i)}
        narrative = previous.briefing.narrative != renderer.briefing.narrative
        stale = [s for s in specs if shows_everything(s) or (narrative and s.values.get("narrative"))
                 or listed[s.src_uri] != previous.members[s.src_uri]
                 or not previous.shows[s.src_uri].isdisjoint(changed)
                 or not related.isdisjoint(listed[s.src_uri]) or subject(s.src_uri) in related]
    fresh = render_in_parallel(renderer, stale)
    before = {p.src_uri: p for p in previous.pages}
    updated = [p for p in fresh if p != before[p.src_uri]]
    pages = dict(before)
    shows = dict(previous.shows)
    for page in updated:
        pages[page.src_uri] = page
        shows[page.src_uri] = shown_ids(page)
    site = RenderedSite(renderer.briefing, tuple(pages[s.src_uri] for s in specs), shows, listed,
                        dict(renderer.where), renderer.xref)
    return site, updated


def reusable_crossrefs(previous: RenderedSite, briefing: Briefing) -> CrossRefs | None:
    """The previous build's backlinks, when they hold for ``briefing`` too: the same things in the
    same order, each naming the same things and citing the same passages (a reworded statement, a
    renamed actor). None when any link changed, and they must be worked out again."""
    old = previous.briefing
    if old.meta != briefing.meta or not _same_things(old.articles.items.values(), briefing.articles.items.values()):
        return None
    for name in REGISTRIES:
        before, after = getattr(old, name).items, getattr(briefing, name).items
        if len(before) != len(after) or any(a != b for a, b in zip(before, after)):
            return None
        for ident, thing in after.items():
            was = before[ident]
            if was is not thing and links(was) != links(thing):
                return None
    return previous.xref


def links(thing: Any) -> tuple[Any, ...]:
    """What a thing names and cites, field by field (citations by their selector, not their place)."""
    if isinstance(thing, IdRef):
        return ("id", thing.id)
    if isinstance(thing, CitationRef):
        return ("cite", thing.source, thing.text, thing.prefix, thing.suffix, thing.occurrence, thing.paragraph,
                thing.sentence, thing.words_of_quote)
    if isinstance(thing, tuple):
        return tuple(links(item) for item in thing)
    if is_dataclass(thing) and not isinstance(thing, type):
        return tuple((f.name, links(getattr(thing, f.name))) for f in fields(thing)
                     if isinstance(getattr(thing, f.name), (IdRef, CitationRef, tuple)) or is_dataclass(getattr(thing, f.name)))
    return ()


def what_changed(old: Briefing, new: Briefing) -> tuple[set[str], set[str]] | None:
    """Ids of the things whose content differs between two versions of a briefing, and ids that
    one version of a changed thing refers to and the other does not (an actor a claim now names
    gains a backlink); None when something changed that every page may show (an article, the
    briefing's title).

    A page that shows a changed thing links to it, so it is found by that id; the ids a changed
    thing refers to in both versions need nothing more.
    """
    if old.meta != new.meta or not _same_things(old.articles.items.values(), new.articles.items.values()):
        return None
    changed: set[str] = set()
    related: set[str] = set()
    for name in REGISTRIES:
        before, after = getattr(old, name).items, getattr(new, name).items
        for ident in before.keys() | after.keys():
            a, b = before.get(ident), after.get(ident)
            if a is b or (a is not None and b is not None and same_content(a, b)):
                continue
            changed.add(ident)
            related |= set(referenced_ids(a)) ^ set(referenced_ids(b))
    return changed, related


def subject(src_uri: str) -> str:
    """The id a page is about: ``actors/kim.md`` → ``kim`` (section pages give their section name)."""
    return src_uri.rsplit("/", 1)[-1].removesuffix(".md")


def _same_things(a: Iterable[Any], b: Iterable[Any]) -> bool:
    left, right = list(a), list(b)
    return len(left) == len(right) and all(x is y or x == y for x, y in zip(left, right))


def same_content(a: Any, b: Any) -> bool:
    """Equal apart from where they stand in the file (lines added above an item move it, nothing more)."""
    if a == b:
        return True
    delta = b.location.line - a.location.line
    return bool(delta) and shift_locations(a, delta) == b


def referenced_ids(thing: Any) -> Iterator[str]:
    """Every id a thing of the fact sheet names: actors, venues, events, claims, cited sources."""
    if isinstance(thing, IdRef):
        yield thing.id
    elif isinstance(thing, CitationRef):
        yield thing.source
    elif isinstance(thing, tuple):
        for item in thing:
            yield from referenced_ids(item)
    elif is_dataclass(thing) and not isinstance(thing, type):
        for f in fields(thing):
            value = getattr(thing, f.name)
            if isinstance(value, (IdRef, CitationRef, tuple)) or is_dataclass(value):
                yield from referenced_ids(value)


_LINK = re.compile(r'(?:href|id)="([^"]*)"')
_ID = re.compile(r"[a-z][a-z0-9-]*")


def shown_ids(page: Page) -> frozenset[str]:
    """The ids a page shows: every slug in its links and anchors, and the id of its own subject."""
    ids = {token for value in _LINK.findall(page.html) for token in _ID.findall(value)}
    ids.add(subject(page.src_uri))
    return frozenset(ids)


def members(spec: PageSpec) -> tuple[str, ...]:
    """What a page is asked to list, as text: the ids, themes and counts in its template values.

    The print edition, rendered after every edit when it holds everything, is not noted.
    """
    if shows_everything(spec):
        return ()
    found = [spec.title]
    _flatten(spec.values, found, 0)
    return tuple(found)


def _flatten(value: Any, found: list[str], depth: int) -> None:
    """Append the ids (things with an ``id``), texts and numbers in ``value`` to ``found``."""
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, (list, tuple)) and depth < 4:
        for item in value:
            ident = getattr(item, "id", None)
            if isinstance(ident, str):
                found.append(ident)
            else:
                _flatten(item, found, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            found.append(str(key))
            _flatten(item, found, depth + 1)
    elif isinstance(getattr(value, "id", None), str):
        found.append(value.id)
    else:
        found.append(repr(value))
