"""Where each page and each thing of the briefing stands on the site, and links between them.

Every link is relative to the page it stands on, so the site works from any sub-path (GitHub
Pages) without knowing its own address.
"""

from __future__ import annotations

from functools import lru_cache


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
