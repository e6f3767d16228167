"""Load stage: read articles, the fact sheet and the narrative into domain objects.

Everything read here is untrusted: YAML is composed with PyYAML's safe loader, every value keeps
the line and column it came from (so a finding can point at it), and the structure is checked
against the JSON Schema the package publishes, so editors and the build agree on what is valid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterator

import fastjsonschema
import jsonschema
import yaml

from .errors import Finding, Location, error
from .model import (
    Actor,
    ArticleMeta,
    BriefingMeta,
    CitationRef,
    CitedText,
    Claim,
    DatedEvent,
    DisputeSide,
    FactSheet,
    IdRef,
    Narrative,
    Quote,
    QuoteVariant,
    SourceFile,
    Venue,
)

ARTICLES_DIR = "content/articles"
FACTS_FILE = "content/facts.yaml"
NARRATIVE_FILE = "content/briefing.md"

YamlPath = tuple[str | int, ...]


# ---------------------------------------------------------------------------------------------
# Text files


def read_text(path: Path, location: Location) -> tuple[str | None, list[Finding]]:
    """A file's text, or a finding that says why it is not readable text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(location, f"cannot read the file: {exc.strerror}", "check its permissions")]
    if b"\0" in raw:
        return None, [error(location, "the file is binary, not text", "save it as UTF-8 text")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        where = Location(location.path, line, exc.start - raw.rfind(b"\n", 0, exc.start))
        return None, [error(where, "the file is not valid UTF-8", "save it with UTF-8 encoding")]
    return text.replace("\r\n", "\n").replace("\r", "\n"), []


def content_hash(text: str) -> str:
    """A short stable hash of a text, for caches keyed by content."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# YAML with locations


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
        if kind is not yaml.ScalarNode or not isinstance(value, str):
            return super().resolve(kind, value, implicit)
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
        return node.value  # a plain string; a date is validated later, with a clear message
    return loader.construct_object(node, deep=True)


_VERBATIM_TAGS = frozenset(("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"))


# ---------------------------------------------------------------------------------------------
# Schema validation


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped with the package (``facts`` or ``article``); read once."""
    text = resources.files("briefgen.schema").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


_KIND_OF_SECTION = {"actors": "actor", "venues": "venue", "dates": "date", "quotes": "quote", "claims": "claim"}
_CITED_FIELDS = ("role", "affiliation", "description", "located_in")
_YAML_TYPE = {"array": "a list", "object": "a mapping (key: value)", "string": "text",
              "integer": "a whole number", "boolean": "true or false"}


@lru_cache(maxsize=None)
def _fast_validator(name: str) -> Callable[[Any], Any]:
    """The schema compiled to Python by fastjsonschema: ~10× faster, but it stops at the first error."""
    return fastjsonschema.compile(load_schema(name))


def validate(located: Located, schema_name: str) -> tuple[list[Finding], set[YamlPath]]:
    """Check data against a schema: findings in the user's words, and the paths that are invalid.

    Valid data (the common case) is checked by the compiled validator alone; only invalid data
    pays for jsonschema's full pass, which reports every error with its path, not just the first.
    """
    try:
        _fast_validator(schema_name)(located.data)
        return [], set()
    except fastjsonschema.JsonSchemaException:
        pass
    validator = jsonschema.Draft202012Validator(load_schema(schema_name), format_checker=None)
    findings: list[Finding] = []
    bad: set[YamlPath] = set()
    for err in sorted(validator.iter_errors(located.data), key=lambda e: list(map(str, e.absolute_path))):
        err = _most_specific(err)
        path = tuple(err.absolute_path)
        bad.add(path)
        findings.extend(_describe(err, path, located))
    return findings, bad


def _most_specific(err: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """For anyOf/oneOf failures, the sub-error that went deepest says the most."""
    if err.validator in ("anyOf", "oneOf") and err.context:
        best = jsonschema.exceptions.best_match(err.context)
        if best is not None and len(best.absolute_path) > len(err.absolute_path):
            return _most_specific(best)
    return err


def _what(path: YamlPath, located: Located) -> str:
    """Name the thing at ``path`` for messages: ``claim 'kim-visit'``, or ``'briefing'``."""
    if len(path) >= 2 and path[0] in _KIND_OF_SECTION and isinstance(path[1], int):
        kind = _KIND_OF_SECTION[str(path[0])]
        item = _get(located.data, path[:2])
        ident = item.get("id") if isinstance(item, dict) else None
        return f"{kind} {ident!r}" if isinstance(ident, str) else f"{kind} #{path[1] + 1}"
    return repr(".".join(map(str, path))) if path else "the file"


def _get(data: Any, path: YamlPath) -> Any:
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(err: jsonschema.ValidationError, path: YamlPath, located: Located) -> Iterator[Finding]:
    what = _what(path, located)
    instance: Any = err.instance  # the stubs type these as possibly unset; after validation they are set
    schema: Any = err.schema
    expected: Any = err.validator_value
    owner = _what(path[:-1], located) if path else what  # a value's messages name what holds it
    where = located.at(path)
    if err.validator == "required":
        missing = [k for k in expected if not isinstance(instance, dict) or k not in instance]
        for key in missing:
            if key == "cite":
                kind = what.split(" ")[0]
                yield error(where, f"uncited {_cited(path, what)}: it has no 'cite:'",
                            f"add 'cite:' with at least one citation of a source passage that supports this {kind}")
            else:
                yield error(where, f"{what} is missing the required key {key!r}", f"add '{key}:'")
    elif err.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for key in sorted(set(instance) - set(allowed)):
            close = get_close_matches(str(key), allowed, n=1, cutoff=0.5)
            hint = f"did you mean {close[0]!r}?" if close else "valid keys: " + ", ".join(allowed)
            yield error(located.key_at(path + (key,)), f"unknown key {key!r} in {what}", hint)
    elif err.validator == "type" and path and path[-1] in _CITED_FIELDS and isinstance(instance, str):
        yield error(where, f"uncited {_field(path)} of {what}: it is plain text without 'cite:'",
                    f"write it as '{path[-1]}: {{value: …, cite: [{{source: …, text: …}}]}}'")
    elif err.validator == "type":
        expected = _YAML_TYPE.get(str(expected), str(expected))
        yield error(where, f"{_field(path)} of {owner} must be {expected}, not {_describe_value(instance)}",
                    f"write {expected} here")
    elif err.validator == "pattern" and str(expected).startswith("^[a-z]"):  # the slug pattern
        yield error(where, f"id {instance!r} is not a safe slug",
                    "use lowercase letters, digits and single hyphens, starting with a letter "
                    f"(for example {_slugify(str(instance))!r})")
    elif err.validator == "pattern":
        yield error(where, f"{_field(path)} of {owner} has an invalid value {instance!r}",
                    "use a language tag such as 'en' or 'en-GB'")
    elif err.validator == "minItems" and path and path[-1] == "cite":
        yield error(where, f"uncited {_cited(path[:-1], what)}: 'cite:' is empty", "add at least one citation")
    elif err.validator == "enum":
        options = ", ".join(map(str, expected))
        yield error(where, f"{_field(path)} of {owner} is {instance!r}", f"use one of: {options}")
    elif err.validator == "anyOf" and isinstance(instance, dict) and "statement" in instance:
        yield error(where, f"uncited {what}: it has no 'cite:'",
                    "add 'cite:' with at least one citation of a source passage that supports this claim, "
                    "or 'dispute:' with the sides and their citations")
    elif err.validator in ("anyOf", "oneOf") and path and path[-2:-1] == ("cite",) or \
            (err.validator == "anyOf" and isinstance(instance, dict) and "source" in instance):
        yield error(where, f"a citation of {what} names no passage",
                    "give 'text:' with the source's exact words, or 'paragraph:' with a paragraph number")
    elif err.validator == "oneOf" and isinstance(instance, dict) and "what" in instance:
        yield error(where, f"{what} needs either 'date:' or both 'start:' and 'end:'",
                    "write 'date: YYYY-MM-DD' for a day, or 'start:' and 'end:' for a range")
    elif err.validator == "minLength":
        yield error(where, f"{_field(path)} of {owner} is empty", "write a value or remove the key")
    else:
        yield error(where, f"{_field(path)} of {owner}: {err.message}", "see docs/format.md for the expected form")


def _cited(path: YamlPath, what: str) -> str:
    """What lacks citations: ``claim 'x'``, or ``'role' of actor 'x'`` for a cited field."""
    return f"{_field(path)} of {what}" if path and path[-1] in _CITED_FIELDS else what


def _field(path: YamlPath) -> str:
    names = [p for p in path if isinstance(p, str)]
    return repr(names[-1]) if names else "the value"


def _describe_value(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    return f"{value!r}"


def _slugify(text: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"x-{slug}".strip("-")


# ---------------------------------------------------------------------------------------------
# Building domain objects from valid data


class _Builder:
    """Turns valid YAML items into domain objects, collecting the findings values cause."""

    def __init__(self, located: Located) -> None:
        self.located = located
        self.findings: list[Finding] = []

    def date(self, path: YamlPath) -> dt.date | None:
        value = _get(self.located.data, path)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.findings.append(error(self.located.at(path), f"invalid date {value!r}",
                                       "write a real calendar date as YYYY-MM-DD"))
            return None

    def ref(self, path: YamlPath) -> IdRef | None:
        value = _get(self.located.data, path)
        return IdRef(str(value), self.located.at(path)) if value is not None else None

    def refs(self, path: YamlPath) -> tuple[IdRef, ...]:
        values = _get(self.located.data, path) or []
        return tuple(IdRef(str(v), self.located.at(path + (i,))) for i, v in enumerate(values))

    def cites(self, path: YamlPath, quote_words: str = "") -> tuple[CitationRef, ...]:
        return tuple(self.citation(path + (i,), quote_words) for i in range(len(_get(self.located.data, path) or [])))

    def citation(self, path: YamlPath, quote_words: str = "") -> CitationRef:
        item = _get(self.located.data, path)
        where = self.located.at(path)
        if isinstance(item, str):
            return CitationRef(item, where, text=quote_words, words_of_quote=True)
        return CitationRef(
            source=item["source"], location=where, text=item.get("text", ""),
            prefix=item.get("prefix", ""), suffix=item.get("suffix", ""),
            occurrence=item.get("occurrence", 0), paragraph=item.get("paragraph", 0),
            sentence=item.get("sentence", 0))

    def cited(self, path: YamlPath) -> CitedText | None:
        item = _get(self.located.data, path)
        if item is None:
            return None
        return CitedText(str(item["value"]), self.cites(path + ("cite",)), self.located.at(path))


def _items(located: Located, section: str, bad: set[YamlPath]) -> Iterator[tuple[YamlPath, dict[str, Any]]]:
    """The valid items of a fact sheet section, with their paths."""
    items = _get(located.data, (section,)) or []
    if any(p[:1] == (section,) and len(p) < 2 for p in bad):
        return
    for index, item in enumerate(items):
        path: YamlPath = (section, index)
        if not any(p[:2] == path for p in bad):
            yield path, item


def build_fact_sheet(located: Located, bad: set[YamlPath]) -> tuple[FactSheet, list[Finding]]:
    """Domain objects for every valid item; invalid items were already reported."""
    b = _Builder(located)
    data = located.data if isinstance(located.data, dict) else {}
    meta_data: dict[str, Any] = data["briefing"] if isinstance(data.get("briefing"), dict) else {}
    meta = BriefingMeta(
        title=str(meta_data.get("title", "Untitled briefing")), subtitle=meta_data.get("subtitle", ""),
        author=meta_data.get("author", ""), date=b.date(("briefing", "date")) if ("briefing", "date") not in bad else None,
        summary=meta_data.get("summary", ""))
    actors = tuple(_actor(b, p, d) for p, d in _items(located, "actors", bad))
    venues = tuple(_venue(b, p, d) for p, d in _items(located, "venues", bad))
    dates = tuple(e for p, d in _items(located, "dates", bad) if (e := _event(b, p, d)) is not None)
    quotes = tuple(_quote(b, p, d) for p, d in _items(located, "quotes", bad))
    claims = tuple(_claim(b, p, d) for p, d in _items(located, "claims", bad))
    sheet = FactSheet(meta, actors, venues, dates, quotes, claims)
    built: dict[str, set[str]] = {kind: {x.id for x in items} for kind, items in (
        ("actor", actors), ("venue", venues), ("date", dates), ("quote", quotes), ("claim", claims))}
    unusable = {kind: frozenset(_written_ids(located, section)) - built[kind]
                for section, kind in _KIND_OF_SECTION.items()}
    return replace(sheet, unusable=unusable), b.findings


def _written_ids(located: Located, section: str) -> Iterator[str]:
    """The ids written in a section, valid or not."""
    items = _get(located.data, (section,))
    for item in items if isinstance(items, list) else ():
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            yield item["id"]


def _actor(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Actor:
    return Actor(id=d["id"], name=d["name"], kind=d["kind"], location=b.located.at(p),
                 aliases=tuple(d.get("aliases", ())), role=b.cited(p + ("role",)),
                 affiliation=b.cited(p + ("affiliation",)), description=b.cited(p + ("description",)))


def _venue(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Venue:
    return Venue(id=d["id"], name=d["name"], kind=d["kind"], location=b.located.at(p),
                 located_in=b.cited(p + ("located_in",)), description=b.cited(p + ("description",)))


def _event(b: _Builder, p: YamlPath, d: dict[str, Any]) -> DatedEvent | None:
    if "date" in d:
        start = end = b.date(p + ("date",))
    else:
        start, end = b.date(p + ("start",)), b.date(p + ("end",))
    if start is None or end is None:
        return None
    return DatedEvent(id=d["id"], start=start, end=end, what=d["what"], cite=b.cites(p + ("cite",)),
                      location=b.located.at(p), as_written=d.get("as_written", ""),
                      relative_to=b.ref(p + ("relative_to",)), who=b.refs(p + ("who",)), where=b.ref(p + ("where",)))


def _quote(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Quote:
    variants = tuple(
        QuoteVariant(text=v["text"], cite=b.cites(p + ("variants", i, "cite"), v["text"]),
                     location=b.located.at(p + ("variants", i)), note=v.get("note", ""))
        for i, v in enumerate(d.get("variants", ())))
    speaker = b.ref(p + ("speaker",))
    assert speaker is not None  # required by the schema
    return Quote(id=d["id"], speaker=speaker, text=d["text"], cite=b.cites(p + ("cite",), d["text"]),
                 location=b.located.at(p), occasion=d.get("occasion", ""), date=b.date(p + ("date",)),
                 event=b.ref(p + ("event",)), variants=variants)


def _claim(b: _Builder, p: YamlPath, d: dict[str, Any]) -> Claim:
    sides = tuple(DisputeSide(side["position"], b.cites(p + ("dispute", i, "cite")), b.located.at(p + ("dispute", i)))
                  for i, side in enumerate(d.get("dispute", ())))
    return Claim(id=d["id"], statement=d["statement"], cite=b.cites(p + ("cite",)), location=b.located.at(p),
                 theme=d.get("theme", ""), key=bool(d.get("key", False)), actors=b.refs(p + ("actors",)),
                 venues=b.refs(p + ("venues",)), dates=b.refs(p + ("dates",)),
                 contradicts=b.refs(p + ("contradicts",)), note=d.get("note", ""), dispute=sides,
                 credibility=int(d.get("credibility", 0)), confidence=d.get("confidence", ""))


# ---------------------------------------------------------------------------------------------
# The three inputs


def load_fact_sheet(root: Path) -> tuple[FactSheet | None, list[Finding]]:
    """``content/facts.yaml`` as a fact sheet, and every problem found on the way."""
    path = root / FACTS_FILE
    where = Location(FACTS_FILE)
    if not path.is_file():
        return None, [error(where, "the fact sheet is missing", f"create {FACTS_FILE} (see docs/format.md)")]
    text, findings = read_text(path, where)
    if text is None:
        return None, findings
    located, findings = parse_yaml(text, FACTS_FILE)
    if located is None:
        return None, findings
    if not isinstance(located.data, dict):
        return None, [error(where, "the fact sheet must be a mapping with 'briefing:', 'actors:', 'claims:'…",
                            "start from the example in docs/format.md")]
    findings, bad = validate(located, "facts")
    sheet, more = build_fact_sheet(located, bad)
    return sheet, findings + more


def load_source_files(root: Path) -> tuple[list[SourceFile], list[Finding]]:
    """Every ``content/articles/*.md`` with checked front matter, sorted by source id."""
    folder = root / ARTICLES_DIR
    if not folder.is_dir():
        return [], [error(Location(ARTICLES_DIR), "the articles folder is missing",
                          f"create {ARTICLES_DIR}/ and put one Markdown file per source article in it")]
    sources: list[SourceFile] = []
    findings: list[Finding] = []
    for path in sorted(folder.glob("*.md")):
        source, problems = load_source_file(root, path)
        findings += problems
        if source is not None:
            sources.append(source)
    if not any(folder.glob("*.md")):
        findings.append(error(Location(ARTICLES_DIR), "the articles folder holds no articles",
                              f"put one Markdown file per source article in {ARTICLES_DIR}/ (see docs/format.md)"))
    return sources, findings


def load_source_file(root: Path, path: Path) -> tuple[SourceFile | None, list[Finding]]:
    """One article file: its id from the file name, its front matter checked, its body kept."""
    rel = path.relative_to(root).as_posix()
    where = Location(rel)
    source_id = path.stem
    text, findings = read_text(path, where)
    if text is None:
        return None, findings
    if _slugify(source_id) != source_id:
        return None, [error(where, f"source id {source_id!r} (the file name) is not a safe slug",
                            f"rename the file to {_slugify(source_id)}.md")]
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
    meta, findings = _article_meta(located)
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


def _article_meta(located: Located) -> tuple[ArticleMeta | None, list[Finding]]:
    b = _Builder(located)
    d: dict[str, Any] = located.data
    published = b.date(("published",))
    if published is None:
        return None, b.findings
    meta = ArticleMeta(
        title=d["title"], outlet=d["outlet"], published=published, language=d["language"],
        author=d.get("author", ""), published_basis=d.get("published_basis", ""), url=d.get("url", ""),
        syndicated_from=d.get("syndicated_from", ""), copy_of=b.ref(("copy_of",)),
        derived_from=b.ref(("derived_from",)), provenance=d.get("provenance", ""),
        edits=tuple(d.get("edits", ())), reliability=d.get("reliability", ""))
    return meta, b.findings


def load_narrative(root: Path) -> tuple[Narrative | None, list[Finding]]:
    """``content/briefing.md``, if the analyst wrote one."""
    path = root / NARRATIVE_FILE
    if not path.is_file():
        return None, []
    text, findings = read_text(path, Location(NARRATIVE_FILE))
    return (Narrative(NARRATIVE_FILE, text) if text is not None else None), findings

