"""Loading: YAML and front matter problems become findings at the parser's line and column."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from briefgen.load import parse_yaml
from projects import (ARTICLE, FACTS, GOOD_ARTICLE, GOOD_FACTS, MakeProject, article_with, claim_citing, facts_with,
                      findings_of, has_finding)

# ---------------------------------------------------------------------------------------------
# Malformed YAML

# PyYAML's pure-Python parser and libyaml word some problems differently but agree on the place.
MAPPING_VALUES = "mapping values are not allowed (?:here|in this context)"
TAB = "(?:found character '\\t' that cannot start any token|found a tab character that violates indentation)"
LOADERS = [yaml.SafeLoader] + ([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])


def has_yaml_error(findings: list[str], place: str, problem: str) -> bool:
    """True when a finding is ``place: error: invalid YAML: problem`` (``problem`` a regular expression)."""
    pattern = re.escape(place) + ": error: invalid YAML: " + problem + "(?: — .*)?"
    return any(re.fullmatch(pattern, f) for f in findings)



def test_malformed_yaml_in_the_fact_sheet_is_reported_at_the_parsers_line_and_column(make_project: MakeProject) -> None:
    # line 13 is "    name: The capital: [oops"; the second ': ' is its 22nd character
    root = make_project(facts_with("    name: The capital", "    name: The capital: [oops"))
    assert has_yaml_error(findings_of(root), "content/facts.yaml:13:22", MAPPING_VALUES)


@pytest.mark.parametrize("loader", LOADERS, ids=[loader.__name__ for loader in LOADERS])
def test_the_yaml_finding_stands_where_the_yaml_parser_puts_its_mark(make_project: MakeProject, loader: type) -> None:
    text = GOOD_FACTS.replace("    name: The capital", "    name: The capital: [oops")
    with pytest.raises(yaml.MarkedYAMLError) as raised:
        yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    mark = raised.value.problem_mark
    assert mark is not None
    root = make_project({FACTS: text})
    assert has_yaml_error(findings_of(root), f"content/facts.yaml:{mark.line + 1}:{mark.column + 1}", ".+")


def test_a_tab_used_for_indentation_is_reported_where_it_stands(make_project: MakeProject) -> None:
    root = make_project(facts_with("    name: John Smith", "\tname: John Smith"))
    assert has_yaml_error(findings_of(root), "content/facts.yaml:5:1", TAB)


def test_a_duplicate_key_is_reported_at_the_second_key(make_project: MakeProject) -> None:
    root = make_project(facts_with("    kind: city\n", "    kind: city\n    kind: town\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:15:5: error: duplicate key 'kind'")


def test_malformed_yaml_in_front_matter_is_reported_at_the_line_of_the_article_file(make_project: MakeProject) -> None:
    # line 2 of the article is "title: Delegation: to visit the capital"; the second ': ' is character 18
    root = make_project(article_with("title: Delegation to visit", "title: Delegation: to visit"))
    assert has_yaml_error(findings_of(root), "content/articles/wire.md:2:18", MAPPING_VALUES)


def test_a_fact_sheet_that_is_not_a_mapping_is_an_error(make_project: MakeProject) -> None:
    root = make_project({FACTS: "- briefing\n- actors\n"})
    assert has_finding(findings_of(root), "content/facts.yaml:1:1: error: the fact sheet must be a mapping with "
                                          "'briefing:', 'actors:', 'claims:'…")


def test_an_empty_fact_sheet_is_an_error(make_project: MakeProject) -> None:
    root = make_project({FACTS: ""})
    assert has_finding(findings_of(root), "content/facts.yaml:1:1: error: the fact sheet must be a mapping with "
                                          "'briefing:', 'actors:', 'claims:'…")


def test_a_missing_fact_sheet_is_an_error(make_project: MakeProject) -> None:
    root = make_project({FACTS: None})
    assert has_finding(findings_of(root), "content/facts.yaml:1:1: error: the fact sheet is missing")


def test_a_fact_sheet_that_is_not_utf8_is_reported_at_the_first_bad_byte(make_project: MakeProject) -> None:
    root = make_project({FACTS: b"briefing:\n  title: \xff\xfe junk\n"})
    assert has_finding(findings_of(root), "content/facts.yaml:2:10: error: the file is not valid UTF-8")


def test_a_utf8_byte_order_mark_and_windows_line_ends_are_accepted(make_project: MakeProject) -> None:
    root = make_project({FACTS: "\ufeff" + GOOD_FACTS.replace("\n", "\r\n"),
                         ARTICLE: GOOD_ARTICLE.replace("\n", "\r\n")})
    assert findings_of(root) == []


def test_windows_line_ends_keep_yaml_line_numbers(make_project: MakeProject) -> None:
    text = GOOD_FACTS.replace("    name: The capital", "    name: The capital: [oops").replace("\n", "\r\n")
    root = make_project({FACTS: text})
    assert has_yaml_error(findings_of(root), "content/facts.yaml:13:22", MAPPING_VALUES)


# ---------------------------------------------------------------------------------------------
# Front matter


def test_an_article_without_front_matter_is_an_error(make_project: MakeProject) -> None:
    root = make_project({ARTICLE: GOOD_ARTICLE.split("---\n", 2)[2]})
    assert has_finding(findings_of(root), "content/articles/wire.md:1:1: error: the article has no front matter")


def test_front_matter_that_is_never_closed_is_an_error(make_project: MakeProject) -> None:
    root = make_project(article_with("language: en\n---\n", "language: en\n"))
    assert has_finding(findings_of(root), "content/articles/wire.md:1:1: error: the article has no front matter")


def test_front_matter_that_is_a_list_is_an_error(make_project: MakeProject) -> None:
    root = make_project({ARTICLE: "---\n- title\n- outlet\n---\nText.\n"})
    assert has_finding(findings_of(root), "content/articles/wire.md:2:1: error: the front matter must be a mapping "
                                          "(key: value lines)")


def test_front_matter_without_a_required_key_is_an_error(make_project: MakeProject) -> None:
    root = make_project(article_with("language: en\n", ""))
    assert has_finding(findings_of(root), "content/articles/wire.md:2:1: error: the file is missing the required key "
                                          "'language' — add 'language:'")


def test_an_invalid_publication_date_is_reported_at_its_value(make_project: MakeProject) -> None:
    root = make_project(article_with("published: 2023-09-07", "published: 2023-13-01"))
    assert has_finding(findings_of(root), "content/articles/wire.md:4:12: error: invalid date '2023-13-01' — write a "
                                          "real calendar date as YYYY-MM-DD")


def test_an_invalid_language_tag_is_an_error(make_project: MakeProject) -> None:
    root = make_project(article_with("language: en", "language: English language"))
    assert has_finding(findings_of(root), "content/articles/wire.md:5:11: error: 'language' of the file has an "
                                          "invalid value 'English language'")


def test_an_article_file_name_that_is_not_a_safe_slug_is_an_error(make_project: MakeProject) -> None:
    root = make_project({"content/articles/Wire_Copy.md": GOOD_ARTICLE})
    assert has_finding(findings_of(root), "content/articles/Wire_Copy.md:1:1: error: source id 'Wire_Copy' (the file "
                                          "name) is not a safe slug — rename the file to wire-copy.md")


def test_a_missing_articles_folder_is_an_error(make_project: MakeProject) -> None:
    root = make_project({ARTICLE: None})
    assert not (root / "content" / "articles").exists()
    assert has_finding(findings_of(root), "content/articles:1:1: error: the articles folder is missing")


def test_an_empty_articles_folder_is_an_error(make_project: MakeProject) -> None:
    root = make_project({ARTICLE: None, "content/articles/": None})
    assert (root / "content" / "articles").is_dir()
    assert has_finding(findings_of(root), "content/articles:1:1: error: the articles folder holds no articles")


# ---------------------------------------------------------------------------------------------
# Unknown keys, wrong types


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    role:", "    rol:", "content/facts.yaml:7:5: error: unknown key 'rol' in actor 'smith' — did you mean 'role'?"),
    ("    statement:", "    statment:",
     "content/facts.yaml:30:5: error: unknown key 'statment' in claim 'visit-planned' — did you mean 'statement'?"),
    ("    as_written:", "    as_writen:",
     "content/facts.yaml:18:5: error: unknown key 'as_writen' in date 'arrival' — did you mean 'as_written'?"),
    ("    speaker:", "    speakr:",
     "content/facts.yaml:25:5: error: unknown key 'speakr' in quote 'welcome' — did you mean 'speaker'?"),
    ("text: \"Officials said", "txt: \"Officials said",
     "content/facts.yaml:35:24: error: unknown key 'txt' in claim 'visit-planned' — did you mean 'text'?"),
    ("  title: Test briefing", "  titel: Test briefing",
     "content/facts.yaml:2:3: error: unknown key 'titel' in 'briefing' — did you mean 'title'?"),
])
def test_an_unknown_key_suggests_the_closest_valid_key(make_project: MakeProject, old: str, new: str,
                                                      expected: str) -> None:
    assert has_finding(findings_of(make_project(facts_with(old, new))), expected)


def test_an_unknown_key_with_no_close_match_lists_the_valid_keys(make_project: MakeProject) -> None:
    root = make_project(facts_with("    kind: city\n", "    kind: city\n    weather: 3\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:15:5: error: unknown key 'weather' in venue 'capital' "
                                          "— valid keys: description, id, kind, located_in, name")


def test_an_unknown_front_matter_key_suggests_the_closest_valid_key(make_project: MakeProject) -> None:
    root = make_project(article_with("outlet: Test Wire", "outlet: Test Wire\nautor: Jane Doe"))
    assert has_finding(findings_of(root), "content/articles/wire.md:4:1: error: unknown key 'autor' in the file — did "
                                          "you mean 'author'?")


@pytest.mark.parametrize(("files", "expected"), [
    (facts_with("actors:\n  - id: smith", "actors: 5\nspare:\n  - id: smith"),
     "content/facts.yaml:3:9: error: 'actors' of the file must be a list, not 5"),
    (claim_citing("paragraph: \"three\""),
     "content/facts.yaml:35:35: error: 'paragraph' of claim 'visit-planned' must be a whole number, not 'three'"),
    (facts_with("    name: John Smith", "    name: yes"),
     "content/facts.yaml:5:11: error: 'name' of actor 'smith' must be text, not true"),
    (facts_with("    kind: person", "    kind: wizard"),
     "content/facts.yaml:6:11: error: 'kind' of actor 'smith' is 'wizard' — use one of: person, organisation, group, "
     "state"),
    (facts_with("  title: Test briefing", "  title: [Test, briefing]"),
     "content/facts.yaml:2:10: error: 'title' of 'briefing' must be text, not a list"),
    (facts_with("  - id: capital", "  - id: 42"),
     "content/facts.yaml:12:9: error: 'id' of venue #1 must be text, not 42"),
    (facts_with("    cite:\n" + "      - {source: wire, text: \"Officials", "    cite: \"x\"\n    spare:\n"
                + "      - {source: wire, text: \"Officials"),
     "content/facts.yaml:34:11: error: 'cite' of claim 'visit-planned' must be a list, not 'x'"),
    (facts_with('      - {source: wire, text: "Officials said the visit was planned."}', "      - 5"),
     "content/facts.yaml:35:9: error: 'cite' of claim 'visit-planned' must be a mapping (key: value), not 5"),
])
def test_a_value_of_the_wrong_type_is_reported_at_the_value(make_project: MakeProject, files: dict[str, str],
                                                            expected: str) -> None:
    assert has_finding(findings_of(make_project(files)), expected)


def test_a_missing_required_key_is_reported_at_its_item(make_project: MakeProject) -> None:
    root = make_project(facts_with("    what: The delegation arrives\n", ""))
    assert has_finding(findings_of(root), "content/facts.yaml:16:5: error: date 'arrival' is missing the required key "
                                          "'what' — add 'what:'")


def test_an_occurrence_below_one_is_an_error(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "delegation", occurrence: 0'))
    assert has_finding(findings_of(root), "content/facts.yaml:35:56: error: 'occurrence' of claim 'visit-planned': 0 is "
                                          "less than the minimum of 1")


def test_a_citation_with_neither_text_nor_paragraph_names_no_passage(make_project: MakeProject) -> None:
    root = make_project(claim_citing('prefix: "Officials"'))
    assert has_finding(findings_of(root), "content/facts.yaml:35:9: error: a citation of claim 'visit-planned' names no "
                                          "passage")


def test_a_date_with_neither_date_nor_range_is_an_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    date: 2023-09-09\n", ""))
    assert has_finding(findings_of(root), "content/facts.yaml:16:5: error: date 'arrival' needs either 'date:' or both "
                                          "'start:' and 'end:'")


# ---------------------------------------------------------------------------------------------
# YAML that parses but must be refused, and YAML features that must keep working


def test_a_python_object_tag_is_refused_and_never_run(make_project: MakeProject, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    root = make_project(facts_with("  title: Test briefing",
                                   f"  title: !!python/object/apply:os.system [\"touch {marker}\"]"))
    findings = findings_of(root)
    assert not marker.exists()
    assert has_finding(findings, "content/facts.yaml:2:10: error: invalid YAML: the tag "
                                 "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed")


def test_a_python_name_tag_on_a_scalar_is_refused(make_project: MakeProject) -> None:
    root = make_project(facts_with("  title: Test briefing", "  title: !!python/name:os.system ''"))
    assert has_finding(findings_of(root), "content/facts.yaml:2:10: error: invalid YAML: could not determine a "
                                          "constructor for the tag 'tag:yaml.org,2002:python/name:os.system'")


def test_an_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]" for p, n in zip("abcdefgh", "bcdefghi")]
    started = time.perf_counter()
    located, findings = parse_yaml("\n".join(lines), "content/facts.yaml")
    assert time.perf_counter() - started < 2
    assert located is None
    assert len(findings) == 1
    assert re.fullmatch(r"content/facts\.yaml:\d+:\d+: error: invalid YAML: aliases repeat too many values — .*",
                        str(findings[0]))


def test_an_alias_that_contains_itself_is_refused() -> None:
    located, findings = parse_yaml("a: &a [1, *a]\n", "content/facts.yaml")
    assert located is None
    assert [str(f).split(" — ")[0] for f in findings] == [
        "content/facts.yaml:1:1: error: invalid YAML: values nested too deeply (or an alias that contains itself)"]


@pytest.mark.parametrize("depth", [600, 1100])
def test_deeply_nested_yaml_is_refused_without_a_recursion_error(depth: int) -> None:
    located, findings = parse_yaml("a: " + "[" * depth + "]" * depth + "\n", "content/facts.yaml")
    assert located is None
    assert len(findings) == 1
    assert re.fullmatch(r"content/facts\.yaml:1:\d+: error: invalid YAML: (?:values nested too deeply \(or an alias "
                        r"that contains itself\)|exceeded maximum nesting depth) — .+", str(findings[0]))


def test_an_undefined_alias_is_reported_where_it_stands() -> None:
    located, findings = parse_yaml("a: 1\nb: *nowhere\n", "content/facts.yaml")
    assert located is None
    assert has_yaml_error([str(f) for f in findings], "content/facts.yaml:2:4", "found undefined alias(?: 'nowhere')?")
    assert len(findings) == 1


def test_anchors_aliases_and_merge_keys_load_as_plain_yaml_does() -> None:
    text = "base: &base {kind: city, name: Base}\nx: &x\n  <<: *base\n  kind: town\ny: *x\nz: [*base, *base]\n"
    located, findings = parse_yaml(text, "f.yaml")
    assert findings == []
    assert located is not None
    assert located.data == yaml.safe_load(text) == {
        "base": {"kind": "city", "name": "Base"}, "x": {"kind": "town", "name": "Base"},
        "y": {"kind": "town", "name": "Base"}, "z": [{"kind": "city", "name": "Base"}] * 2}


def test_a_key_written_over_a_merged_key_is_not_a_duplicate(make_project: MakeProject) -> None:
    root = make_project(facts_with("venues:\n  - id: capital\n    name: The capital\n    kind: city\n",
                                   "venues:\n  - &town {id: capital, name: The capital, kind: town}\n"
                                   "  - <<: *town\n    id: harbour\n    name: The harbour\n"))
    assert findings_of(root) == []


def test_a_merge_key_that_brings_an_unknown_key_is_reported(make_project: MakeProject) -> None:
    root = make_project(facts_with("venues:\n  - id: capital\n",
                                   "spare: &extra {population: 3}\nvenues:\n  - id: capital\n    <<: *extra\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:11:16: error: unknown key 'population' in venue 'capital'")


def test_yaml_locations_are_kept_for_every_value_and_key() -> None:
    located, findings = parse_yaml("a:\n  b: [x, y]\n", "f.yaml", first_line=2)
    assert findings == [] and located is not None
    assert str(located.at(("a", "b", 1))) == "f.yaml:3:10"
    assert str(located.key_at(("a", "b"))) == "f.yaml:3:3"
