"""The Atom feed of a briefing's editions (``site/feed.xml``), made with feedgen.

One entry per edition, newest first, each listing what changed since the edition before, so a
reader's feed reader says when the briefing moved on and how. Every timestamp comes from the
editions' as-of dates, never from the clock: the same input gives the same feed.
"""

from __future__ import annotations

import datetime as dt
import re

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from markupsafe import escape

from .editions import EditionEntry, Snapshot, edition_day
from .model import BriefingMeta

WHATS_NEW = "whats-new/"
"""The page, relative to the site's root, that shows the latest edition's changes."""


def atom_feed(meta: BriefingMeta, record: Snapshot, site_url: str) -> bytes:
    """The feed of every edition in ``record``'s history, as the bytes of ``feed.xml``."""
    base = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    fallback = meta.date or dt.date(1970, 1, 1)
    feed = FeedGenerator()
    feed.id(_feed_id(meta, base))
    feed.title(meta.title)
    if meta.subtitle:
        feed.subtitle(meta.subtitle)
    feed.author({"name": meta.author or meta.title})
    feed.link(href=base + "feed.xml" if base else "feed.xml", rel="self")
    feed.link(href=base or "./", rel="alternate")
    feed.generator("briefgen")
    feed.language("en")
    newest = max((edition_day(e, fallback) for e in record.history), default=edition_day(
        EditionEntry("", "", ()), fallback))
    feed.updated(newest)
    for entry in record.history:  # feedgen lists the entry added last first: oldest goes in first
        _add_entry(feed, entry, meta, base, fallback)
    return bytes(feed.atom_str(pretty=True))


def _add_entry(feed: FeedGenerator, entry: EditionEntry, meta: BriefingMeta, base: str, fallback: dt.date) -> None:
    item = feed.add_entry()
    label = f"Edition {entry.edition}" if entry.edition else "This edition"
    item.id(_feed_id(meta, base) + f"/edition/{entry.edition or 'first'}")
    item.title(f"{label}: {_count(len(entry.changes))}" if entry.changes else f"{label}: first edition")
    item.link(href=base + WHATS_NEW if base else WHATS_NEW, rel="alternate")
    when = edition_day(entry, fallback)
    item.updated(when)
    item.published(when)
    if entry.changes:
        items = "".join(f"<li>{escape(line)}</li>" for line in entry.changes)
        item.content(f"<ul>{items}</ul>", type="html")
    else:
        item.content("The first edition of the briefing.", type="text")


def _count(n: int) -> str:
    return f"{n} change" + ("" if n == 1 else "s")


def _feed_id(meta: BriefingMeta, base: str) -> str:
    """A stable id: the site's address when known, else a URN made from the title."""
    if base:
        return base + "feed.xml"
    slug = re.sub(r"[^a-z0-9]+", "-", meta.title.lower()).strip("-") or "briefing"
    return f"urn:briefgen:{slug}"
