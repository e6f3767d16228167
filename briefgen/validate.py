"""Schema validation, in the user's words.

The JSON Schemas shipped in ``briefgen/schema`` are both what editors check against and what the
build validates with, so the two agree on what is valid. Each schema error becomes a finding that
names the thing it is about (``claim 'kim-visit'``), where it stands and how to fix it.
"""

from __future__ import annotations

import json
import re
from difflib import get_close_matches
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Iterator

import fastjsonschema
import jsonschema

from .errors import Finding, Location, error
from .located import Located, YamlPath, value_at


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped with the package (``facts`` or ``article``); read once."""
    text = resources.files("briefgen.schema").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


KIND_OF_SECTION = {"actors": "actor", "venues": "venue", "dates": "date", "quotes": "quote", "claims": "claim"}
"""A fact sheet's sections, each with the kind of thing its items are (as messages name them)."""
_CITED_FIELDS = ("role", "affiliation", "description", "located_in")
_YAML_TYPE = {"array": "a list", "object": "a mapping (key: value)", "string": "text",
              "integer": "a whole number", "boolean": "true or false"}


@lru_cache(maxsize=None)
def _schema_for(name: str) -> dict[str, Any]:
    """A schema by name: ``facts``, ``article``, ``facts#claims`` (one item of a fact-sheet section),
    or ``facts-head#claims,quotes`` (the fact sheet with those sections' items left to their own)."""
    base, _, part = name.partition("#")
    if base == "facts-head":
        schema = dict(load_schema("facts"))
        schema["$id"] = schema["$id"].replace(".schema.json", "-head.schema.json")
        schema["properties"] = {key: ({"type": "array"} if key in part.split(",") else value)
                                for key, value in schema["properties"].items()}
        return schema
    schema = load_schema(base)
    if not part:
        return schema
    return {"$schema": schema["$schema"], "$id": schema["$id"].replace(".schema.json", f"-{part}.schema.json"),
            "$defs": schema["$defs"], **schema["properties"][part]["items"]}


@lru_cache(maxsize=None)
def _fast_validator(name: str) -> Callable[[Any], Any]:
    """The schema compiled to Python by fastjsonschema: ~10× faster, but it stops at the first error."""
    return fastjsonschema.compile(json.loads(json.dumps(_schema_for(name))))  # it annotates what it compiles


def validate(located: Located, schema_name: str, at: YamlPath = ()) -> tuple[list[Finding], set[YamlPath]]:
    """Check data against a schema: findings in the user's words, and the paths that are invalid.

    ``at`` is where the checked value stands in ``located`` (an item of a fact-sheet section), so
    findings name its place in the whole file. Valid data (the common case) is checked by the
    compiled validator alone; only invalid data pays for jsonschema's full pass, which reports
    every error with its path, not just the first.
    """
    data = value_at(located.data, at)
    try:
        _fast_validator(schema_name)(data)
        return [], set()
    except fastjsonschema.JsonSchemaException:
        pass
    validator = jsonschema.Draft202012Validator(_schema_for(schema_name), format_checker=None)
    findings: list[Finding] = []
    bad: set[YamlPath] = set()
    for err in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path))):
        err = _most_specific(err)
        path = at + tuple(err.absolute_path)
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
    if len(path) >= 2 and path[0] in KIND_OF_SECTION and isinstance(path[1], int):
        kind = KIND_OF_SECTION[str(path[0])]
        item = value_at(located.data, path[:2])
        ident = item.get("id") if isinstance(item, dict) else None
        return f"{kind} {ident!r}" if isinstance(ident, str) else f"{kind} #{path[1] + 1}"
    return repr(".".join(map(str, path))) if path else "the file"


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
                    f"(for example {slugify(str(instance))!r})")
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


def slugify(text: str) -> str:
    """The safe slug closest to ``text``: what a message suggests for an id or a file name."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug if slug and slug[0].isalpha() else f"x-{slug}".strip("-")


def fact_sheet_not_a_mapping(where: Location) -> Finding:
    """The fact sheet is a list or a single value: say what its top level holds."""
    return error(where, "the fact sheet must be a mapping with 'briefing:', 'actors:', 'claims:'…",
                 "start from the example in docs/format.md")
