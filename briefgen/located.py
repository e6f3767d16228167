"""YAML with locations: PyYAML's safe loader, keeping the line and column of every value and key.

A finding must point at the value it is about, so the composed nodes are kept beside the plain
data. Only plain data is accepted (text, numbers, booleans, lists, mappings): object tags, alias
bombs and duplicate keys are refused with a message that says how to fix them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import Finding, Location, error

YamlPath = tuple[str | int, ...]
"""Where a value stands in a YAML document: the keys and list indexes leading to it."""


@dataclass(slots=True)
class Located:
    """Plain YAML data plus the location of every value and every mapping key in it."""

    data: Any
    """Plain Python data: dicts, lists, strings, numbers, booleans, None."""
    path: str
    """File path relative to the project root, for locations."""
    values: dict[YamlPath, yaml.Node] = field(default_factory=dict)
    """The node of the value at each path (its location is made when asked for: most never are)."""
    keys: dict[YamlPath, yaml.Node] = field(default_factory=dict)
    """The node of the key whose value is at each path."""
    first_line: int = 1
    """Line of the file where the YAML starts (2 for front matter)."""
    budget: int = 0
    """Values the file may still yield: far more than it has characters means aliases of aliases."""
    written: dict[int, set[int]] = field(default_factory=dict)
    """Per mapping node, its keys as written (not merged in with '<<:'), kept before PyYAML flattens it."""

    def at(self, path: YamlPath) -> Location:
        """Location of the value at ``path``, or of its nearest located parent."""
        while path not in self.values and path:
            path = path[:-1]
        node = self.values.get(path)
        return _mark(node, self.path, self.first_line) if node is not None else Location(self.path)

    def key_at(self, path: YamlPath) -> Location:
        """Location of the key of the value at ``path`` (for unknown keys)."""
        node = self.keys.get(path)
        return _mark(node, self.path, self.first_line) if node is not None else self.at(path)


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml's safe loader when PyYAML was built with it (10× faster), else the pure-Python one.

    Implicit tag resolution (is this plain scalar a number, a date, a boolean?) depends only on the
    scalar's text, and a fact sheet repeats the same keys and ids thousands of times: memoised.
    """

    _resolved: dict[tuple[Any, str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode or not isinstance(value, str) or len(value) > _SHORT:
            return super().resolve(kind, value, implicit)  # long texts are unique: kept out of the memo
        key = (kind, value, tuple(implicit))
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
            if len(self._resolved) > 200_000:
                self._resolved.clear()
        return tag


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Located | None, list[Finding]]:
    """Parse YAML safely, keeping locations; syntax errors become findings with line and column."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, path), []
        located = Located(None, path, first_line=first_line, budget=len(text) + _ALIAS_ALLOWANCE)
        located.data = _convert(loader, node, (), located, first_line)
        return located, []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(path, mark.line + first_line, mark.column + 1) if mark else Location(path, first_line)
        problem = exc.problem or exc.context or "invalid YAML"
        offending = _char_at(text, mark.line, mark.column) if mark else ""
        return None, [error(where, f"invalid YAML: {problem}", _yaml_hint(problem, offending))]
    except yaml.YAMLError as exc:
        return None, [error(Location(path, first_line), f"invalid YAML: {exc}", "fix the YAML syntax")]
    except _DuplicateKey as exc:
        return None, [error(exc.location, f"duplicate key {exc.key!r}", "remove or rename one of them")]
    except _Refused as exc:
        return None, [error(exc.location, f"invalid YAML: {exc.problem}", exc.hint)]
    except RecursionError:
        return None, [error(Location(path, first_line), "invalid YAML: values nested too deeply (or an alias "
                            "that contains itself)", "flatten the structure; see docs/format.md")]
    finally:
        loader.dispose()


_YAML_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be put in quotes",
    "found character '\\t'": "indent with spaces, not tabs",
    "could not find expected ':'": "each line of a mapping needs 'key: value'; check the line above too",
    "found undefined alias": "define the anchor (&name) before using it (*name)",
    "could not determine a constructor": "tags such as !!python/object are not allowed: write plain values",
    "expected <block end>": "check the indentation: items of one list or mapping line up",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "did not find expected ',' or ']'": "a [ list ] is not closed, or an item in it needs quotes",
    "did not find expected ',' or '}'": "a { mapping } is not closed, or a value in it needs quotes",
}


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n")
    return lines[line][column] if line < len(lines) and column < len(lines[line]) else ""


def _yaml_hint(problem: str, offending: str = "") -> str:
    """How to fix the YAML problems people actually make."""
    if offending == "\t":
        return "indent with spaces, not tabs"
    for start, hint in _YAML_HINTS.items():
        if problem.startswith(start):
            return hint
    return "fix the YAML syntax at this place"


class _DuplicateKey(Exception):
    def __init__(self, key: str, location: Location) -> None:
        self.key, self.location = key, location


class _Refused(Exception):
    """YAML that parses but is not plain data: object tags, alias bombs."""

    def __init__(self, location: Location, problem: str, hint: str) -> None:
        self.location, self.problem, self.hint = location, problem, hint


_ALIAS_ALLOWANCE = 10_000
"""Values aliases may add beyond one per character: plenty for shared citations, too few for a bomb."""
_PLAIN_COLLECTIONS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
_MERGE = "tag:yaml.org,2002:merge"


def _mark(node: yaml.Node, path: str, first_line: int) -> Location:
    return Location(path, node.start_mark.line + first_line, node.start_mark.column + 1)


def _convert(loader: Any, node: yaml.Node, at: YamlPath, out: Located, first_line: int) -> Any:
    """Turn a composed node into plain data, recording locations; dates stay ISO strings."""
    out.values[at] = node
    out.budget -= 1
    if out.budget < 0:
        raise _Refused(out.at(at), "aliases repeat too many values", "write the values out instead")
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in _PLAIN_COLLECTIONS:
        raise _Refused(out.at(at), f"the tag {node.tag!r} is not allowed",
                       "remove the tag: a briefing holds only text, numbers, lists and mappings")
    if isinstance(node, yaml.MappingNode):
        return _mapping(loader, node, at, out, first_line)
    if isinstance(node, yaml.SequenceNode):
        return [_convert(loader, item, at + (i,), out, first_line) for i, item in enumerate(node.value)]
    return _scalar(loader, node)


def _mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, at: YamlPath, out: Located, first_line: int) -> Any:
    """A mapping's data; a key written twice is an error, a key written over one merged in is not."""
    written = out.written.setdefault(id(node), {id(k) for k, _v in node.value if k.tag != _MERGE})
    loader.flatten_mapping(node)
    result: dict[str, Any] = {}
    merged: set[str] = set()
    for key_node, value_node in node.value:
        key = str(_scalar(loader, key_node))
        if key in result and key not in merged:
            raise _DuplicateKey(key, _mark(key_node, out.path, first_line))
        merged.discard(key)
        if id(key_node) not in written:
            merged.add(key)
        out.keys[at + (key,)] = key_node
        result[key] = _convert(loader, value_node, at + (key,), out, first_line)
    return result


def _scalar(loader: Any, node: yaml.Node) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        return "<complex key>"
    if node.tag in _VERBATIM_TAGS:
        value: str = node.value  # a plain string; a date is validated later, with a clear message
        return sys.intern(value) if len(value) <= _SHORT else value
    return loader.construct_object(node, deep=True)


_SHORT = 40
"""Scalars this short (ids, source names, themes, kinds, dates) repeat throughout a fact sheet: each
is kept once (interned), which saves a tenth of a large fact sheet's memory."""


_VERBATIM_TAGS = frozenset(("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"))


def value_at(data: Any, path: YamlPath) -> Any:
    """The value at ``path`` in plain data, or None when any step of it is missing."""
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def parse_list_item(text: str, path: str, first_line: int, at: YamlPath) -> Located | None:
    """A text that is exactly one block-list item of plain data (``- …``), cut from a larger file:
    its data, located at ``at`` in that file. None otherwise, with no message: the caller then
    parses the whole file, so problems are reported exactly as they always are."""
    loader = _SafeLoader(text)
    try:
        node = loader.get_single_node()
        if not isinstance(node, yaml.SequenceNode) or len(node.value) != 1 or node.tag != _PLAIN_COLLECTIONS[1]:
            return None
        located = Located(None, path, first_line=first_line, budget=len(text) + _ALIAS_ALLOWANCE)
        located.data = _convert(loader, node.value[0], at, located, first_line)
        return located
    except (yaml.YAMLError, _DuplicateKey, _Refused, RecursionError):
        return None
    finally:
        loader.dispose()
