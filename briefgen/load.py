"""Load stage: the three inputs (articles, the fact sheet, the narrative) as domain objects.

Everything read here is untrusted. The stage is made of one module per concept, and this one
holds only the entry points that put them together:

- :mod:`briefgen.files` reads a file safely (UTF-8 text or a finding);
- :mod:`briefgen.located` parses YAML with PyYAML's safe loader, keeping every value's line and column;
- :mod:`briefgen.validate` checks it against the JSON Schema the package publishes, in the user's words;
- :mod:`briefgen.domain` builds domain objects from the valid data;
- :mod:`briefgen.fact_items` reads a large fact sheet item by item, and one edited item alone.
"""

from __future__ import annotations

from pathlib import Path

from .cache import BuildCache
from .domain import article_meta, build_fact_sheet
from .errors import Finding, Location, error
from .fact_items import after_an_edit, load_by_items, shift_locations as shift_locations, split_fact_sheet
from .files import ARTICLES_DIR as ARTICLES_DIR, FACTS_FILE as FACTS_FILE, NARRATIVE_FILE as NARRATIVE_FILE
from .files import content_hash, read_text as read_text, read_utf8
from .located import parse_yaml as parse_yaml
from .model import FactSheet, Narrative, SourceFile
from .validate import fact_sheet_not_a_mapping, load_schema as load_schema, slugify, validate


def load_fact_sheet(root: Path, cache: BuildCache | None = None) -> tuple[FactSheet | None, list[Finding]]:
    """``content/facts.yaml`` as a fact sheet, and every problem found on the way.

    A fact sheet of the usual layout is read item by item (see :func:`split_fact_sheet`): each
    item's YAML nodes are freed as soon as the item is built, which keeps a large fact sheet's
    memory down, and with a ``cache`` only the items whose text changed are parsed again.
    """
    path = root / FACTS_FILE
    where = Location(FACTS_FILE)
    if not path.is_file():
        return None, [error(where, "the fact sheet is missing", f"create {FACTS_FILE} (see docs/format.md)")]
    data, findings = read_utf8(path, where)
    if data is None:
        return None, findings
    edited = after_an_edit(data, cache) if cache is not None else None
    if edited is not None:
        loaded = load_by_items(edited[:2], cache, edited[2])
        if loaded is not None:
            return loaded
    split = split_fact_sheet(data)
    if split is not None and split[1]:
        del data  # the items hold it now: a large fact sheet is not kept twice
        loaded = load_by_items(split, cache)
        if loaded is not None:
            return loaded
        data = split[1][0].source[1:]
    located, findings = parse_yaml(data.decode("utf-8"), FACTS_FILE)
    if located is None:
        return None, findings
    if not isinstance(located.data, dict):
        return None, [fact_sheet_not_a_mapping(where)]
    findings, bad = validate(located, "facts")
    sheet, more = build_fact_sheet(located, bad)
    return sheet, findings + more


def load_source_files(root: Path, cache: BuildCache | None = None) -> tuple[list[SourceFile], list[Finding]]:
    """Every ``content/articles/*.md`` with checked front matter, sorted by source id.

    With a ``cache``, a file whose bytes did not change is not parsed again.
    """
    folder = root / ARTICLES_DIR
    if not folder.is_dir():
        return [], [error(Location(ARTICLES_DIR), "the articles folder is missing",
                          f"create {ARTICLES_DIR}/ and put one Markdown file per source article in it")]
    sources: list[SourceFile] = []
    findings: list[Finding] = []
    kept: dict[tuple[str, bytes], tuple[SourceFile | None, list[Finding]]] = {}
    for path in sorted(folder.glob("*.md")):
        if cache is None:
            source, problems = load_source_file(root, path)
        else:
            key = (path.name, _bytes_of(path))
            source, problems = kept[key] = cache.sources.get(key) or load_source_file(root, path)
        findings += problems
        if source is not None:
            sources.append(source)
    if cache is not None:
        cache.sources = kept
    if not any(folder.glob("*.md")):
        findings.append(error(Location(ARTICLES_DIR), "the articles folder holds no articles",
                              f"put one Markdown file per source article in {ARTICLES_DIR}/ (see docs/format.md)"))
    return sources, findings


def _bytes_of(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""  # unreadable: not cached as anything a readable file could match  # pragma: no cover


def load_source_file(root: Path, path: Path) -> tuple[SourceFile | None, list[Finding]]:
    """One article file: its id from the file name, its front matter checked, its body kept."""
    rel = path.relative_to(root).as_posix()
    where = Location(rel)
    source_id = path.stem
    text, findings = read_text(path, where)
    if text is None:
        return None, findings
    if slugify(source_id) != source_id:
        return None, [error(where, f"source id {source_id!r} (the file name) is not a safe slug",
                            f"rename the file to {slugify(source_id)}.md")]
    front, body, body_line = split_front_matter(text)
    if front is None:
        return None, [error(where, "the article has no front matter",
                            "start the file with '---', the article's title, outlet, published date and "
                            "language, and '---' (see docs/format.md)")]
    located, findings = parse_yaml(front, rel, first_line=2)
    if located is None:
        return None, findings
    if not isinstance(located.data, dict):
        return None, [error(Location(rel, 2), "the front matter must be a mapping (key: value lines)",
                            "write 'title: …', 'outlet: …', 'published: YYYY-MM-DD', 'language: en'")]
    findings, bad = validate(located, "article")
    if findings:
        return None, findings
    meta, findings = article_meta(located)
    if meta is None:
        return None, findings
    return SourceFile(source_id, meta, body, body_line, where, content_hash(text)), findings


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """YAML front matter, the body, and the body's first line; None when there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:]), index + 2
    return None, text, 1


def load_narrative(root: Path) -> tuple[Narrative | None, list[Finding]]:
    """``content/briefing.md``, if the analyst wrote one."""
    path = root / NARRATIVE_FILE
    if not path.is_file():
        return None, []
    text, findings = read_text(path, Location(NARRATIVE_FILE))
    return (Narrative(NARRATIVE_FILE, text) if text is not None else None), findings

