"""Incremental loading: reading the fact sheet item by item, and reusing what did not change.

The item-by-item read exists for speed and memory only: for every fact sheet, valid or not, it
must give exactly what reading the whole file at once gives — the same objects, the same
findings at the same lines and columns.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen import load
from briefgen.cache import BuildCache
from briefgen.load import load_fact_sheet, split_fact_sheet
from briefgen.model import FactSheet
from projects import FACTS, GOOD_FACTS, MakeProject, replace_once

SAMPLE = Path(__file__).resolve().parent.parent / "content" / "facts.yaml"

VARIANTS = {
    "baseline": GOOD_FACTS,
    "sample": SAMPLE.read_text("utf-8"),
    "unknown key in a claim": replace_once(GOOD_FACTS, "    actors: [smith]", "    actorz: [smith]"),
    "unsafe id": replace_once(GOOD_FACTS, "  - id: capital", "  - id: The Capital"),
    "claim without cite": GOOD_FACTS.split("    cite:\n      - {source: wire, text: \"Officials")[0],
    "bad date": replace_once(GOOD_FACTS, "date: 2023-09-09", "date: 2023-09-31"),
    "items at column 0": GOOD_FACTS.replace("\n  - id:", "\n- id:").replace("\n    ", "\n  "),
    "comments between items": replace_once(GOOD_FACTS, "venues:\n", "venues:\n# the places\n")
    .replace("  - id: capital", "  # a city\n  - id: capital"),
    "an empty section": replace_once(GOOD_FACTS, "venues:\n  - id: capital\n    name: The capital\n    kind: city\n",
                                     "venues:\n"),
    "a flow-style section": replace_once(GOOD_FACTS, "venues:\n  - id: capital\n    name: The capital\n    kind: city\n",
                                         "venues: [{id: capital, name: The capital, kind: city}]\n"),
    "anchor in one item, alias in another": replace_once(
        replace_once(GOOD_FACTS, "    name: John Smith", "    name: &who John Smith"),
        "    name: The capital", "    name: *who"),
    "duplicate key in an item": replace_once(GOOD_FACTS, "    kind: city\n", "    kind: city\n    kind: town\n"),
    "malformed YAML in an item": replace_once(GOOD_FACTS, "    name: The capital", "    name: The capital: [oops"),
    "a section written twice": GOOD_FACTS + "venues:\n  - id: port\n    name: The port\n    kind: city\n",
    "a tab in an item": replace_once(GOOD_FACTS, "    name: John Smith", "\tname: John Smith"),
    "a mapping where a list belongs": replace_once(GOOD_FACTS, "venues:\n  - id: capital", "venues:\n  capital:\n    id: x"),
    "an unknown section": GOOD_FACTS + "people:\n  - id: someone\n",
    "a byte-order mark, CRLF line breaks and accents": "\ufeff" + replace_once(
        GOOD_FACTS, "    name: John Smith", "    name: Jöhn Smïth — “JS”").replace("\n", "\r\n"),
}


def whole_file_read(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, list[str]]:
    """The fact sheet as read in one piece (the item-by-item read switched off)."""
    with monkeypatch.context() as patch:
        patch.setattr(load, "split_fact_sheet", lambda text: None)
        sheet, findings = load_fact_sheet(root)
    return sheet, [str(f) for f in findings]


def read_sample_with_a_cache(make_project: MakeProject) -> tuple[Path, BuildCache, FactSheet]:
    """A project with the sample's fact sheet, read once through a new cache."""
    root = make_project({FACTS: VARIANTS["sample"]})
    cache = BuildCache()
    sheet, _ = load_fact_sheet(root, cache)
    assert sheet is not None
    return root, cache, sheet


@pytest.mark.parametrize("text", VARIANTS.values(), ids=VARIANTS.keys())
def test_reading_item_by_item_gives_what_reading_the_whole_file_gives(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    root = make_project({FACTS: text})
    sheet, findings = load_fact_sheet(root)
    assert (sheet, [str(f) for f in findings]) == whole_file_read(root, monkeypatch)


@pytest.mark.parametrize("name", ["baseline", "sample", "items at column 0", "comments between items", "bad date"])
def test_fact_sheets_of_the_usual_layout_are_cut_into_items(name: str) -> None:
    split = split_fact_sheet(VARIANTS[name].encode())
    assert split is not None
    head, items = split
    assert head.count("\n") == VARIANTS[name].count("\n")  # lines keep their numbers
    assert {item.section for item in items} >= {"actors", "dates", "claims"}
    for item in items:
        assert VARIANTS[name].split("\n")[item.first_line - 1].lstrip().startswith("-")


def test_a_fact_sheet_the_cut_cannot_place_is_read_whole() -> None:
    assert split_fact_sheet(VARIANTS["a section written twice"].encode()) is None
    assert split_fact_sheet(VARIANTS["a mapping where a list belongs"].encode()) is None
    assert split_fact_sheet(("---\n" + GOOD_FACTS).encode()) is None


def test_after_an_edit_only_the_edited_item_is_built_again(make_project: MakeProject) -> None:
    root, cache, before = read_sample_with_a_cache(make_project)
    edited = before.claims[3]
    text = SAMPLE.read_text("utf-8")
    (root / FACTS).write_text(replace_once(text, edited.statement, "An edited statement."), "utf-8")
    after, findings = load_fact_sheet(root, cache)
    assert after is not None and not findings
    assert after.claims[3].statement == "An edited statement."
    assert after.claims[3] is not edited
    unchanged = [(old, new) for old, new in zip(before.claims, after.claims) if old.id != edited.id]
    assert all(old is new for old, new in unchanged)
    assert all(old is new for old, new in zip(before.actors, after.actors))
    assert len(cache.items) == sum(len(x) for x in (after.actors, after.venues, after.dates, after.quotes, after.claims))
    assert (after, findings) == load_fact_sheet(root)  # the same as a read without a cache


def test_items_moved_by_lines_added_above_keep_exact_locations(make_project: MakeProject) -> None:
    root, cache, before = read_sample_with_a_cache(make_project)
    first_actor = before.actors[0]
    text = SAMPLE.read_text("utf-8")
    moved = replace_once(text, f"  - id: {first_actor.id}\n", f"  - id: {first_actor.id}\n    # two\n    # lines\n")
    (root / FACTS).write_text(moved, "utf-8")
    after, findings = load_fact_sheet(root, cache)
    assert after is not None
    last = max(range(len(before.claims)), key=lambda i: bool(before.claims[i].cite) * i)
    assert after.claims[last].location.line == before.claims[last].location.line + 2
    assert after.claims[last].cite[0].location.line == before.claims[last].cite[0].location.line + 2
    assert (after, findings) == load_fact_sheet(root)


def test_an_edit_that_breaks_an_item_reports_what_a_fresh_read_reports(make_project: MakeProject) -> None:
    root = make_project()
    cache = BuildCache()
    load_fact_sheet(root, cache)
    (root / FACTS).write_text(VARIANTS["malformed YAML in an item"], "utf-8")
    sheet, findings = load_fact_sheet(root, cache)
    assert sheet is None
    assert [str(f) for f in findings] == [str(f) for f in load_fact_sheet(root)[1]]
    assert any("content/facts.yaml:13:22: error: invalid YAML" in str(f) for f in findings)


SAMPLE_EDITS = {
    "a word of a statement": ("statement: North Korea's state news agency KCNA announced",
                              "statement: North Korea's state news agency KCNA said"),
    "a citation's words": ('text: "the North’s state media said Thursday"}', 'text: "state media said Thursday"}'),
    "a curly apostrophe made straight": ('text: "the North’s state media said Thursday"}',
                                         'text: "the North\'s state media said Thursday"}'),
    "an item's id": ("  - id: kcna-announced-visit\n", "  - id: kcna-announced-it\n"),
    "a line added inside an item": ("    theme: Chinese delegation\n    actors: [kcna, north-korea]\n",
                                    "    theme: Chinese delegation\n    key: true\n    actors: [kcna, north-korea]\n"),
    "two items at once": ("    actors: [kcna, north-korea]\n    dates: [kcna-announcement]\n    cite:\n",
                          "    actors: [kcna]\n    dates: [kcna-announcement]\n    cite:\n"),
    "the briefing's title": ("  title: ", "  title: Edited: "),
    "a new item in the middle": ("  - id: kcna-announced-visit\n",
                                 "  - id: an-inserted-claim\n    statement: Inserted.\n    cite: [ap-independent]\n"
                                 "  - id: kcna-announced-visit\n"),
    "an item made invalid": ("    actors: [kcna, north-korea]\n", "    actorz: [kcna, north-korea]\n"),
    "an item made unreadable": ("    actors: [kcna, north-korea]\n", "    actors: [kcna, north-korea\n"),
    "an item's indentation": ("  - id: kcna-announced-visit\n    statement:", "  - id: kcna-announced-visit\n     statement:"),
}


@pytest.mark.parametrize("name", SAMPLE_EDITS)
def test_an_edit_read_with_the_cache_gives_what_a_fresh_read_gives(
        make_project: MakeProject, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Whichever path the cached read takes (one item rebuilt, items found by text, or the whole
    file), it gives exactly the sheet and findings a read from scratch gives."""
    root, cache, _sheet = read_sample_with_a_cache(make_project)
    old, new = SAMPLE_EDITS[name]
    text = SAMPLE.read_text("utf-8")
    assert old in text
    (root / FACTS).write_text(text.replace(old, new, 1), "utf-8")
    sheet, findings = load_fact_sheet(root, cache)
    fresh, fresh_findings = whole_file_read(root, monkeypatch)
    assert (sheet, [str(f) for f in findings]) == (fresh, fresh_findings)
    again, _ = load_fact_sheet(root, cache)  # and the cache it left behind serves the next read
    assert again == fresh


def test_an_edit_inside_one_item_rebuilds_that_item_alone(make_project: MakeProject) -> None:
    root, cache, before = read_sample_with_a_cache(make_project)
    assert cache.facts is not None
    items_before = cache.facts[3]
    old, new = SAMPLE_EDITS["a word of a statement"]
    (root / FACTS).write_text(SAMPLE.read_text("utf-8").replace(old, new, 1), "utf-8")
    after, _ = load_fact_sheet(root, cache)
    assert after is not None and cache.facts is not None
    rebuilt = [i for i, (a, b) in enumerate(zip(items_before, cache.facts[3])) if a is not b]
    assert len(rebuilt) == 1
    assert [c.id for c in after.claims if c.statement.startswith("North Korea's state news agency KCNA said")] == \
        ["kcna-announced-visit"]
