"""The fact sheet read item by item, and an edit to one item re-read alone.

A fact sheet of 10,000 articles holds tens of thousands of items. Cut at its items' ``- `` lines
(by indentation alone), each item is parsed, validated and built on its own, so its YAML nodes
are freed at once, and ``briefgen serve`` re-reads only the items whose text changed. The cut may
make reading faster, never different: whatever it cannot place is read as one whole file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import TypeVar

from .cache import BuildCache
from .domain import FactItem, assemble, build_parts, build_section_item
from .errors import Finding, Location
from .files import FACTS_FILE
from .located import Located, YamlPath, parse_list_item, parse_yaml, value_at
from .model import FactSheet
from .validate import fact_sheet_not_a_mapping, validate


@dataclass(frozen=True, slots=True)
class ItemText:
    """One item of a fact-sheet section: where its text stands (sliced and decoded only when read,
    so a large fact sheet is never held twice, and is held as UTF-8)."""

    section: str
    """``actors``, ``venues``, ``dates``, ``quotes`` or ``claims``."""
    index: int
    """0-based position in its section."""
    first_line: int
    """1-based line of the file where the item starts."""
    source: bytes
    """The whole fact sheet in UTF-8 (with a line break put in front)."""
    start: int
    end: int

    @property
    def text(self) -> str:
        """The item's lines, from its ``- `` to the next item or the end of the section."""
        return self.source[self.start:self.end].decode("utf-8")


# Patterns anchor on the newline before a line (the text is searched with one put in front): a
# regular expression finds a literal newline fast, while "^" in multi-line mode is tried everywhere.
_SECTION_KEY = re.compile(rb"\n(actors|venues|dates|quotes|claims):[ \t]*(?:#[^\n]*)?(?=\n|\Z)")
_TOP_LEVEL_LINE = re.compile(rb"\n[^\s#-]")
_DOCUMENT_MARK = re.compile(rb"\n(?:---|\.\.\.|%)")
_FIRST_CONTENT = re.compile(rb"\n( *)[^ \n#]")


def split_fact_sheet(text: bytes) -> tuple[str, list[ItemText]] | None:
    """The fact sheet cut into its head and the text of each item of its block-style sections.

    The head is the file with those items' lines blanked, so its lines keep their numbers. The cut
    relies only on indentation: a section key at column 0 followed by ``- `` items at one indent,
    every other line of the section indented deeper, blank or a comment. Anything else (flow-style
    sections, several documents, a line the cut cannot place) gives None, and the whole file is
    parsed at once: the cut may make reading faster, never different.
    """
    s = b"\n" + text  # offsets below are in s; a line starting at offset x of s is line s.count(b"\n", 0, x)
    if _DOCUMENT_MARK.search(s):
        return None
    items: list[ItemText] = []
    head: list[bytes] = []
    seen: set[str] = set()
    done, line = 1, 1  # s[1:done] is in head; line is the number of the line starting at done
    for key in _SECTION_KEY.finditer(s):
        section = key.group(1).decode("ascii")
        if section in seen:
            return None
        seen.add(section)
        following = _TOP_LEVEL_LINE.search(s, key.end())
        end = following.start() + 1 if following else len(s)  # where the next top-level line starts
        starts = _item_starts(s, key.end(), end)
        if starts is None:
            return None
        if not starts:
            continue
        head.append(s[done:starts[0]])
        line += s.count(b"\n", done, starts[0])
        for index, (a, b) in enumerate(zip(starts, starts[1:] + [end])):
            items.append(ItemText(section, index, line, s, a, b))
            newlines = s.count(b"\n", a, b)
            head.append(b"\n" * newlines)
            line += newlines
        done = end
    head.append(s[done:])
    return b"".join(head).decode("utf-8"), items


def _item_starts(s: bytes, start: int, end: int) -> list[int] | None:
    """Offsets where the items of the section in ``s[start:end]`` begin; None unless every line of
    it is an item's first line, indented deeper, blank or a comment."""
    first = _FIRST_CONTENT.search(s, start, end)
    if first is None:
        return []
    indent = len(first.group(1))
    item = re.compile(rb"\n {%d}-(?=[ \n]|\Z)" % indent)
    misplaced = re.compile(rb"\n(?: {0,%d}[^ \n#]| {%d}(?:[^ \n#-]|-[^ \n]))" % (indent - 1, indent) if indent else
                           rb"\n(?:[^ \n#-]|-[^ \n])")
    if misplaced.search(s, start, end):
        return None
    starts = [m.start() + 1 for m in item.finditer(s, start, end)]
    return starts if starts and starts[0] == first.start() + 1 else None


def load_by_items(split: tuple[str, list[ItemText]], cache: BuildCache | None,
                   prebuilt: list[BuiltItem] | None = None) -> tuple[FactSheet | None, list[Finding]] | None:
    """The fact sheet from its head and items; None when any part is not valid YAML on its own
    (then the whole file is parsed, so YAML errors read exactly as they always do).

    ``prebuilt`` holds every item already built (see :func:`after_an_edit`).
    """
    head_text, texts = split
    head, findings = parse_yaml(head_text, FACTS_FILE)
    if head is None:
        return None
    if not isinstance(head.data, dict):
        return None, [fact_sheet_not_a_mapping(Location(FACTS_FILE))]
    sections = sorted({t.section for t in texts})
    for section in sections:
        if head.data.get(section) is not None:
            return None
        head.data[section] = []
    findings, bad = validate(head, "facts-head#" + ",".join(sections))
    parts = build_parts(head, bad)
    findings += parts.findings
    kept: dict[tuple[str, int, str], BuiltItem] = {}
    items: list[BuiltItem] = []
    for number, text in enumerate(texts):
        if prebuilt is not None:
            item: BuiltItem | None = prebuilt[number]
        elif cache is None:
            item = build_item(text)
        else:
            key = (text.section, text.index, text.text)
            item = cached_item(text, key, cache.items)
            if item is not None:
                kept[key] = item
        if item is None:
            return None
        items.append(item)
        findings += item.findings
        if item.value is not None:
            parts.built[text.section].append(item.value)
        if item.written_id is not None:
            parts.written[text.section].add(item.written_id)
    if cache is not None:
        if prebuilt is None:
            cache.items = kept  # only this version's items: the cache never outgrows the fact sheet
        cache.facts = (texts[0].source, head_text, texts, items) if texts else None
    return assemble(parts), findings


def after_an_edit(text: bytes, cache: BuildCache) -> tuple[str, list[ItemText], list[BuiltItem]] | None:
    """The previous build's items, with the one item an edit changed built again; None unless the
    edit stands inside one item and moves no line (the usual edit of a statement, a name, a
    citation). Then nothing but that item is cut out, parsed or built: the rest is the previous
    build's, unchanged. Anything else is left to :func:`split_fact_sheet`."""
    if cache.facts is None:
        return None
    old, head, items, built = cache.facts
    new = b"\n" + text
    delta = len(new) - len(old)
    start = _common_prefix(old, new)
    end = len(old) - _common_suffix(old, new, min(len(old), len(new)) - start)
    k = bisect.bisect_right([t.start for t in items], start) - 1
    if k < 0 or end > items[k].end:
        return None
    item = items[k]
    first = old[item.start:item.end].split(b"\n", 1)[0]
    if start < item.start + len(first) - len(first.lstrip(b" -")):  # the item's "- " marker itself changed
        return None
    a, b = item.start, item.end + delta
    if new.count(b"\n", a, b) != old.count(b"\n", item.start, item.end) or _DOCUMENT_MARK.search(new, a - 1, b) \
            or _TOP_LEVEL_LINE.search(new, a - 1, b) or _item_starts(new, a - 1, b) != [a]:
        return None
    edited = ItemText(item.section, item.index, item.first_line, new, a, b)
    rebuilt = build_item(edited)
    if rebuilt is None:
        return None
    cache.items.pop((item.section, item.index, item.text), None)
    cache.items[(edited.section, edited.index, edited.text)] = rebuilt
    before = [ItemText(t.section, t.index, t.first_line, new, t.start, t.end) for t in items[:k]]
    after = [ItemText(t.section, t.index, t.first_line, new, t.start + delta, t.end + delta) for t in items[k + 1:]]
    return head, [*before, edited, *after], [*built[:k], rebuilt, *built[k + 1:]]


def _common_prefix(a: bytes, b: bytes) -> int:
    """Length of the longest common start of two texts (halving: each comparison runs in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[low:middle] == b[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _common_suffix(a: bytes, b: bytes, limit: int) -> int:
    """Length of the longest common end of two texts, at most ``limit``."""
    low, high = 0, limit
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle:len(a) - low] == b[len(b) - middle:len(b) - low]:
            low = middle
        else:
            high = middle - 1
    return low


@dataclass(frozen=True, slots=True)
class BuiltItem:
    """One fact-sheet item, built: its domain object (None if invalid) and what was found in it."""

    value: FactItem | None
    findings: tuple[Finding, ...]
    written_id: str | None
    """The id written on the item, valid or not (references to an invalid item are not reported twice)."""
    first_line: int


def cached_item(text: ItemText, key: tuple[str, int, str], cache: dict[tuple[str, int, str], BuiltItem]
                ) -> BuiltItem | None:
    """An item built from its text, or taken from ``cache`` (under ``key``: section, index and
    text) when its text is unchanged.

    An unchanged item that moved (lines were added above it) is taken too, with its locations
    shifted: editing the top of a long fact sheet does not re-parse everything below.
    """
    hit: BuiltItem | None = cache.get(key)
    if hit is None:
        return build_item(text)
    if hit.first_line == text.first_line:
        return hit
    delta = text.first_line - hit.first_line
    return BuiltItem(shift_locations(hit.value, delta), shift_locations(hit.findings, delta), hit.written_id,
                     text.first_line)


def build_item(text: ItemText) -> BuiltItem | None:
    """Parse, validate and build one item; None when its text is not valid YAML on its own."""
    located = parse_item(text)
    if located is None:
        return None
    path: YamlPath = (text.section, text.index)
    findings, bad = validate(located, "facts#" + text.section, path)
    data = value_at(located.data, path)
    ident = data.get("id") if isinstance(data, dict) else None
    written_id = ident if isinstance(ident, str) else None
    if any(p[:2] == path for p in bad):
        return BuiltItem(None, tuple(findings), written_id, text.first_line)
    value, more = build_section_item(located, path, data)
    return BuiltItem(value, tuple(findings + more), written_id, text.first_line)


def parse_item(text: ItemText) -> Located | None:
    """One item's YAML, located in the whole file; None unless it is exactly one list item of plain data."""
    located = parse_list_item(text.text, FACTS_FILE, text.first_line, (text.section, text.index))
    if located is not None:
        located.data = {text.section: {text.index: located.data}}
    return located


_T = TypeVar("_T")


def shift_locations(value: _T, delta: int) -> _T:
    """A copy of frozen domain objects (or tuples of them) with every location ``delta`` lines lower."""
    if isinstance(value, Location):
        return replace(value, line=value.line + delta)
    if isinstance(value, tuple):
        return tuple(shift_locations(v, delta) for v in value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: shift_locations(getattr(value, f.name), delta) for f in fields(value)
                   if isinstance(getattr(value, f.name), (Location, tuple)) or is_dataclass(getattr(value, f.name))}
        return replace(value, **changes)
    return value
