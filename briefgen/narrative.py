"""The narrative's Markdown syntax, as a markdown-it-py plugin.

Three additions to CommonMark, chosen to read naturally in plain text:

* ``[@id]`` / ``[@a; @b]`` cite claims, quotes, dated events or sources; ``[@source#p3-s2]``
  cites a passage of a source directly (pandoc's citation look);
* ``[[id]]`` / ``[[id|text]]`` link an actor or venue (wiki-link look);
* ``::: judgement`` … ``:::`` holds the analyst's own judgement, which needs no citation and is
  shown apart from sourced information (mdit-py-plugins' container).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.anchors.index import slugify
from mdit_py_plugins.container import container_plugin

from .errors import Location
from .segment import split_sentences

_KEY = re.compile(r"^@([a-z][a-z0-9-]*)(?:#(p[0-9]+(?:-s[0-9]+)?))?$")


@dataclass(frozen=True, slots=True)
class CiteKey:
    """One key of a citation group: an id, and for a source an optional passage anchor."""

    id: str
    """Claim, quote, date or source id."""
    anchor: str = ""
    """``p3`` or ``p3-s2`` when a source passage is cited directly."""


@dataclass(frozen=True, slots=True)
class NarrativeRef:
    """A citation group or entity link found in the narrative, with its place."""

    kind: str
    """``cite`` or ``entity``."""
    keys: tuple[CiteKey, ...]
    """For ``cite``: the keys; for ``entity``: one key, the entity id."""
    location: Location
    """Where it stands."""
    raw: str
    """The markup as written, for messages."""


def parse_cite_keys(body: str) -> tuple[CiteKey, ...] | None:
    """Keys of ``@a; @b#p3``, or None when the text is not a citation group."""
    keys: list[CiteKey] = []
    for part in body.split(";"):
        match = _KEY.match(part.strip())
        if match is None:
            return None
        keys.append(CiteKey(match.group(1), match.group(2) or ""))
    return tuple(keys)


def _cite_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[@", pos):
        return False
    end = src.find("]", pos)
    if end == -1:
        return False
    keys = parse_cite_keys(src[pos + 1:end])
    if keys is None:
        return False
    if not silent:
        token = state.push("briefgen_cite", "", 0)
        token.meta = {"keys": keys, "pos": pos}
        token.content = src[pos:end + 1]
    state.pos = end + 1
    return True


def _entity_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[[", pos):
        return False
    end = src.find("]]", pos)
    if end == -1:
        return False
    ident, _, shown = src[pos + 2:end].partition("|")
    if not re.fullmatch(r"[a-z][a-z0-9-]*", ident.strip()):
        return False
    if not silent:
        token = state.push("briefgen_entity", "", 0)
        token.meta = {"id": ident.strip(), "text": shown.strip(), "pos": pos}
        token.content = src[pos:end + 2]
    state.pos = end + 2
    return True


def _render_cite(self: Any, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    return str(env["render_cite"](tokens[idx].meta["keys"]))


def _render_entity(self: Any, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    meta = tokens[idx].meta
    return str(env["render_entity"](meta["id"], meta["text"]))


def _render_judgement(self: Any, tokens: list[Token], idx: int, options: Any, env: dict[str, Any]) -> str:
    opening = tokens[idx].nesting == 1
    return str(env["judgement_open"]() if opening else env["judgement_close"]())


def narrative_plugin(md: MarkdownIt) -> None:
    """Add citation groups, entity links and judgement containers to a parser.

    Rendering is left to callbacks in the render ``env`` (``render_cite``, ``render_entity``,
    ``judgement_open``, ``judgement_close``), so templates decide the HTML.
    """
    md.inline.ruler.before("link", "briefgen_cite", _cite_rule)
    md.inline.ruler.before("link", "briefgen_entity", _entity_rule)
    container_plugin(md, "judgement", render=_render_judgement)
    md.add_render_rule("briefgen_cite", _render_cite)
    md.add_render_rule("briefgen_entity", _render_entity)


@lru_cache(maxsize=1)
def narrative_parser() -> MarkdownIt:
    """The parser for the analyst's narrative: CommonMark plus the briefing syntax, raw HTML off."""
    return MarkdownIt("commonmark", {"html": False}).use(narrative_plugin).use(
        anchors_plugin, max_level=3, slug_func=heading_slug)


def heading_slug(title: str) -> str:
    """Heading anchors start with ``h-``, so they never collide with the briefing's own ids."""
    return "h-" + slugify(title)


def parse_narrative(text: str) -> list[Token]:
    """The narrative's token stream (the last few are kept: the checker walks the same text several
    times, and ``briefgen serve`` checks it after every edit; callers must not change the tokens)."""
    return _parsed(text)


@lru_cache(maxsize=4)
def _parsed(text: str) -> list[Token]:
    return narrative_parser().parse(text)


# ---------------------------------------------------------------------------------------------
# Locating things for the checker


def _inline_blocks(tokens: list[Token]) -> Iterator[tuple[Token, Token, bool]]:
    """(opener, inline, inside a judgement container) for each paragraph and heading."""
    depth = 0
    for i, tok in enumerate(tokens):
        if tok.type == "container_judgement_open":
            depth += 1
        elif tok.type == "container_judgement_close":
            depth -= 1
        elif tok.type == "inline" and i > 0 and tokens[i - 1].type in ("paragraph_open", "heading_open"):
            yield tokens[i - 1], tok, depth > 0


def _location(path: str, lines: list[str], opener: Token, content: str, pos: int) -> Location:
    """Location in the file of offset ``pos`` of an inline token's content."""
    first = (opener.map[0] if opener.map else 0)
    line_index = first + content.count("\n", 0, pos)
    line_start = content.rfind("\n", 0, pos) + 1
    content_line = content[line_start:content.find("\n", pos) if "\n" in content[pos:] else len(content)]
    source_line = lines[line_index] if line_index < len(lines) else ""
    indent = max(source_line.find(content_line), 0) if content_line else 0
    return Location(path, line_index + 1, indent + pos - line_start + 1)


def narrative_refs(path: str, text: str) -> list[NarrativeRef]:
    """Every citation group and entity link of the narrative, with its location."""
    lines = text.split("\n")
    refs: list[NarrativeRef] = []
    for opener, inline, _judgement in _inline_blocks(parse_narrative(text)):
        for child in inline.children or ():
            if child.type == "briefgen_cite":
                where = _location(path, lines, opener, inline.content, child.meta["pos"])
                refs.append(NarrativeRef("cite", child.meta["keys"], where, child.content))
            elif child.type == "briefgen_entity":
                where = _location(path, lines, opener, inline.content, child.meta["pos"])
                refs.append(NarrativeRef("entity", (CiteKey(child.meta["id"]),), where, child.content))
    return refs


_CITE_MARKUP = re.compile(r"\[@[^\]]+\]")


def uncited_sentences(path: str, text: str) -> list[tuple[Location, str]]:
    """Sentences of paragraphs and list items, outside judgement containers, that cite nothing."""
    lines = text.split("\n")
    found: list[tuple[Location, str]] = []
    for opener, inline, judgement in _inline_blocks(parse_narrative(text)):
        if judgement or opener.type == "heading_open":
            continue
        content = inline.content
        for sentence in split_sentences(content):
            if not _has_citation(sentence.text):
                found.append((_location(path, lines, opener, content, sentence.start), sentence.text))
    return found


def _has_citation(sentence: str) -> bool:
    return any(parse_cite_keys(m.group()[1:-1]) is not None for m in _CITE_MARKUP.finditer(sentence))


_OPENER = re.compile(r"\[[@\[]")


def malformed_markup(path: str, text: str) -> list[tuple[Location, str]]:
    """``[@`` and ``[[`` that open no citation group or entity link (unclosed, or a bad id), with places."""
    lines = text.split("\n")
    found: list[tuple[Location, str]] = []
    for opener, inline, _judgement in _inline_blocks(parse_narrative(text)):
        content, cursor = inline.content, 0
        for child in inline.children or ():
            if child.type in ("briefgen_cite", "briefgen_entity"):
                cursor = child.meta["pos"] + len(child.content)
            elif child.type == "code_inline" and content.find(child.content, cursor) >= 0:
                cursor = content.find(child.content, cursor) + len(child.content)
            elif child.type == "text":
                for match in _OPENER.finditer(child.content):
                    pos = _find(content, child.content[match.start():], match.group(), cursor)
                    raw = content[pos:].split(maxsplit=1)[0][:40] if content[pos:].strip() else match.group()
                    found.append((_location(path, lines, opener, content, pos), raw))
                    cursor = pos + 2
    return found


def unclosed_judgements(path: str, text: str) -> list[Location]:
    """``::: judgement`` containers without their closing ``:::``: they run to the end of the document
    (or of their list item), exempting every sentence in between from the citation rule."""
    lines = text.split("\n")
    return [Location(path, tok.map[0] + 1, lines[tok.map[0]].find(":::") + 1) for tok in parse_narrative(text)
            if tok.type == "container_judgement_open" and tok.map
            and not (tok.map[1] < len(lines) and lines[tok.map[1]].strip().startswith(":::"))]


def _find(content: str, words: str, marker: str, cursor: int) -> int:
    """Where text-token ``words`` (or at least their ``marker``) stand in the source, from ``cursor``."""
    for needle in (words, marker):
        pos = content.find(needle, cursor)
        if pos >= 0:
            return pos
    return cursor

