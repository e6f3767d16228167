"""Reading project files safely: where the inputs stand, and their text checked to be UTF-8.

Every input is untrusted: a file that is binary, not UTF-8 or unreadable becomes a finding with
its place, never a traceback. Line breaks are normalised here, once, so every later stage sees
``\n`` only.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

from .errors import Finding, Location, error

ARTICLES_DIR = "content/articles"
FACTS_FILE = "content/facts.yaml"
NARRATIVE_FILE = "content/briefing.md"


def is_content_source(src_uri: str) -> bool:
    """Whether a path of ``content/`` (mkdocs's docs_dir) is a briefing input: inputs live there,
    but are not pages of the site."""
    articles, facts, narrative = (p.removeprefix("content/") for p in (ARTICLES_DIR, FACTS_FILE, NARRATIVE_FILE))
    return src_uri.startswith(articles + "/") or src_uri in (facts, narrative)


def read_text(path: Path, location: Location) -> tuple[str | None, list[Finding]]:
    """A file's text, or a finding that says why it is not readable text."""
    raw, findings = read_utf8(path, location)
    return (None if raw is None else raw.decode("utf-8")), findings


def read_utf8(path: Path, location: Location) -> tuple[bytes | None, list[Finding]]:
    """A file's bytes, checked to be UTF-8 text, without a byte-order mark and with every line
    break ``\\n``; or a finding that says why it is not readable text.

    For a large file read piece by piece: as a ``str``, a text with one curly quote in it takes
    two bytes per character, twice its UTF-8 (175 MB for the fact sheet of 10,000 articles).
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(location, f"cannot read the file: {exc.strerror}", "check its permissions")]
    if b"\0" in raw:
        return None, [error(location, "the file is binary, not text", "save it as UTF-8 text")]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        where = Location(location.path, line, exc.start - raw.rfind(b"\n", 0, exc.start))
        return None, [error(where, "the file is not valid UTF-8", "save it with UTF-8 encoding")]
    raw = raw.removeprefix(codecs.BOM_UTF8)
    if b"\r" in raw:
        raw = raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return raw, []


def content_hash(text: str) -> str:
    """A short stable hash of a text, for caches keyed by content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
