"""What ``briefgen serve`` keeps between rebuilds is handed back only for the very objects it was made from."""

from __future__ import annotations

import ast
from pathlib import Path

from briefgen.cache import BuildCache, KeptWhileSame

PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"


class Thing:
    """An input as a stage sees it: equal to another by value, yet a different object."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Thing)

    __hash__ = object.__hash__


def test_a_value_is_handed_back_for_the_very_same_owner_only() -> None:
    kept: KeptWhileSame[str, Thing, str] = KeptWhileSame()
    owner = Thing()
    kept.put("k", owner, "made from owner")
    assert kept.get("k", owner) == "made from owner"
    assert kept.get("k", Thing()) is None  # an equal but new object: the input changed
    assert kept.get("other", owner) is None


def test_get_or_make_makes_only_for_a_new_owner_and_keeps_what_it_made() -> None:
    kept: KeptWhileSame[str, Thing, list[str]] = KeptWhileSame()
    made: list[str] = []

    def make(value: str) -> list[str]:
        made.append(value)
        return [value]

    owner = Thing()
    first = kept.get_or_make("k", owner, lambda: make("value"))
    assert kept.get_or_make("k", owner, lambda: make("other")) is first
    replacement = Thing()
    assert kept.get_or_make("k", replacement, lambda: make("new")) == ["new"]
    assert made == ["value", "new"]
    assert kept.get("k", owner) is None and kept.get("k", replacement) == ["new"]


def test_several_owners_must_each_be_the_very_same() -> None:
    kept: KeptWhileSame[str, tuple[Thing, Thing], int] = KeptWhileSame()
    a, b = Thing(), Thing()
    kept.put("k", (a, b), 1)
    assert kept.get("k", (a, b)) == 1  # a new tuple of the same objects
    assert kept.get("k", (a, Thing())) is None
    assert kept.last("k") == ((a, b), 1)  # what an update starts from, whatever its owner


def test_keep_current_drops_what_no_longer_stands() -> None:
    kept: KeptWhileSame[str, Thing, int] = KeptWhileSame()
    stays, goes = Thing(), Thing()
    kept.put("stays", stays, 1)
    kept.put("goes", goes, 2)
    now = {"stays": stays, "goes": Thing()}
    kept.keep_current(now.get)
    assert list(kept.keys()) == ["stays"] and list(kept.values()) == [1] and len(kept) == 1


def test_the_build_cache_holds_no_untyped_field() -> None:
    """mypy checks every use of the cache only if its fields say what they hold."""
    tree = ast.parse((PACKAGE / "cache.py").read_text(encoding="utf-8"))
    cache = next(node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == "BuildCache")
    annotations = [ast.unparse(node.annotation) for node in cache.body if isinstance(node, ast.AnnAssign)]
    assert len(annotations) == len(BuildCache.__slots__)
    assert not [a for a in annotations if "Any" in a]
