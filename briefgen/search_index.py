"""mkdocs's search index, written by briefgen: its entries from the briefing's data, not its pages.

mkdocs's search plugin would parse every page's HTML to index it; briefgen knows what each page
holds (:func:`search_entries`), so its pages are given to the plugin empty (see the adapter's ``on_page_context``) and
their entries are written here, byte for byte as the plugin writes its own, followed by the
plugin's entries for every other page. This reaches into the plugin's private ``_entries``: where
that is missing or different, :func:`search_is_known` is False and the plugin indexes the pages
itself.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .cache import KeptWhileSame
from .model import Article, Briefing, Claim, DatedEvent, Quote
from .urls import target_url
from .views import format_range


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


def search_is_known(config: Any) -> bool:
    """Whether the search plugin's index is the one this module writes for it: then briefgen's
    entries come from its data, and no page's HTML is parsed for search. Where it is not
    (another search plugin, a pre-built index, a changed mkdocs), the plugin reads the pages."""
    search = config.plugins.get("search")
    index: Any = getattr(search, "search_index", None)
    return isinstance(getattr(index, "_entries", None), list) and not search.config.get("prebuild_index")


def write_after_the_plugin(config: Any, entries: Iterable[SearchEntry],
                           memo: dict[tuple[str, str, str], str] | None) -> list[dict[str, Any]]:
    """After the search plugin wrote its index of the pages, write the whole index; the plugin's
    own entries (one per page) are returned, for a serve rebuild to write again."""
    index = config.plugins.get("search").search_index
    write_search_index(Path(config.site_dir), index.config, entries, index._entries, memo, memo)
    return list(index._entries)


def write_search_index(site_dir: Path, config: dict[str, Any], entries: Iterable[SearchEntry],
                       pages: Iterable[dict[str, Any]], memo: dict[tuple[str, str, str], str] | None,
                       kept: dict[tuple[str, str, str], str] | None) -> None:
    """``search/search_index.json`` byte for byte as mkdocs's search plugin writes it: briefgen's
    entries, then the plugin's own (one per page), written one at a time as they are made.

    ``memo`` holds entries serialised before, by (title, text, location); every entry written is
    put in ``kept``.
    """
    path = site_dir / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = itertools.chain(((e.title, e.text, e.location) for e in entries),
                           ((p["title"], p["text"], p["location"]) for p in pages))
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write('{"config":' + json.dumps(config, sort_keys=True, separators=(",", ":"), default=str) + ',"docs":[')
        for number, key in enumerate(keys):
            text = (memo.get(key) if memo is not None else None) or _entry_json(*key)
            if kept is not None:
                kept[key] = text
            out.write("," + text if number else text)
        out.write("]}")


_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _entry_json(title: str, text: str, location: str) -> str:
    """One search entry as mkdocs's search plugin stores and serialises it."""
    text = _SPACES.sub(" ", text.replace("\u00a0", " ").strip())
    return json.dumps({"title": title, "text": text, "location": location}, sort_keys=True, separators=(",", ":"),
                      default=str)
