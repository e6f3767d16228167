"""mkdocs's search index, written by briefgen: its entries from the briefing's data, not its pages.

mkdocs's search plugin would parse every page's HTML to index it; briefgen knows what each page
holds, so its pages are given to the plugin empty (see the adapter's ``on_page_context``) and
their entries are written here, byte for byte as the plugin writes its own, followed by the
plugin's entries for every other page. This reaches into the plugin's private ``_entries``: where
that is missing or different, :func:`search_is_known` is False and the plugin indexes the pages
itself.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path
from typing import Any, Iterable

from .render import SearchEntry


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
