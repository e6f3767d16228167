"""Checking: each rule fires on a small bad project, with its exact place and message, and stays
silent on the good baseline; the ``check`` command's exit code follows the findings."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from briefgen.build import load_briefing
from briefgen.cache import BuildCache
from briefgen.cli import main
from projects import (FACTS, GOOD_FACTS, MakeProject, article_with, facts_with, findings_of, has_finding, narrative_with,
                      replace_once)
from scores import scores_in

UNCITED_SENTENCE_HINT = ("cite a claim, quote, date or source with [@id], or put the analyst's own judgement in a "
                         "'::: judgement' container")
MALFORMED_HINT = "close it with ']' or ']]', and write ids as lowercase slugs: [@claim-id], [[actor-id]]"
CLAIM_CITE = '    cite:\n      - {source: wire, text: "Officials said the visit was planned."}\n'
DATE_CITE = '    cite:\n      - {source: wire, text: "will arrive on Saturday"}\n'
ROLE_CITE = '      cite:\n        - {source: wire, text: "Mr. Smith said"}\n'
OTHER_ARTICLE = ("---\ntitle: Another report\noutlet: Other Paper\npublished: 2023-09-08\nlanguage: en\n---\n"
                 "Nothing in it is cited.\n")


def test_the_baseline_project_has_no_finding(make_project: MakeProject) -> None:
    assert findings_of(make_project()) == []


# ---------------------------------------------------------------------------------------------
# Uncited facts


def test_a_claim_without_cite_is_an_uncited_claim_error(make_project: MakeProject) -> None:
    root = make_project(facts_with(CLAIM_CITE, ""))
    assert has_finding(findings_of(root), "content/facts.yaml:29:5: error: uncited claim 'visit-planned': it has no "
                                          "'cite:'")


def test_a_claim_with_an_empty_cite_list_is_an_uncited_claim_error(make_project: MakeProject) -> None:
    root = make_project(facts_with(CLAIM_CITE, "    cite: []\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:34:11: error: uncited claim 'visit-planned': 'cite:' is "
                                          "empty — add at least one citation")


def test_a_date_without_cite_is_an_uncited_date_error(make_project: MakeProject) -> None:
    root = make_project(facts_with(DATE_CITE, ""))
    assert has_finding(findings_of(root), "content/facts.yaml:16:5: error: uncited date 'arrival': it has no 'cite:'")


def test_a_quote_without_cite_is_an_uncited_quote_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    cite: [wire]\n", ""))
    assert has_finding(findings_of(root), "content/facts.yaml:24:5: error: uncited quote 'welcome': it has no 'cite:'")


def test_a_quote_with_an_empty_cite_list_is_an_uncited_quote_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    cite: [wire]\n", "    cite: []\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:27:11: error: uncited quote 'welcome': 'cite:' is empty")


def test_a_role_given_as_plain_text_is_an_uncited_field_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    role:\n      value: Spokesman\n" + ROLE_CITE, "    role: Spokesman\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:7:11: error: uncited 'role' of actor 'smith': it is plain "
                                          "text without 'cite:' — write it as 'role: {value: …, cite: [{source: …, "
                                          "text: …}]}'")


def test_a_role_with_an_empty_cite_list_is_an_uncited_field_error(make_project: MakeProject) -> None:
    root = make_project(facts_with(ROLE_CITE, "      cite: []\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:9:13: error: uncited 'role' of actor 'smith': 'cite:' is "
                                          "empty")


def test_a_role_without_cite_is_an_uncited_field_error(make_project: MakeProject) -> None:
    root = make_project(facts_with(ROLE_CITE, ""))
    assert has_finding(findings_of(root), "content/facts.yaml:8:7: error: uncited 'role' of actor 'smith': it has no "
                                          "'cite:'")


def test_a_venue_located_in_given_as_plain_text_is_an_uncited_field_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    kind: city\n", "    kind: city\n    located_in: north\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:15:17: error: uncited 'located_in' of venue 'capital': "
                                          "it is plain text without 'cite:'")


# ---------------------------------------------------------------------------------------------
# The narrative


def test_an_uncited_narrative_sentence_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@welcome].", "[@welcome]. Nobody objected."))
    assert findings_of(root) == [
        f"content/briefing.md:3:87: error: uncited sentence in the narrative: 'Nobody objected.' — {UNCITED_SENTENCE_HINT}"]


def test_a_sentence_inside_a_judgement_container_needs_no_citation(make_project: MakeProject) -> None:
    root = make_project(narrative_with("The visit matters more than it seems.",
                                       "The visit matters more than it seems. Nobody objected."))
    assert findings_of(root) == []


def test_the_same_sentence_outside_the_judgement_container_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("::: judgement\nThe visit matters more than it seems.\n:::\n",
                                       "The visit matters more than it seems.\n"))
    assert findings_of(root) == [
        "content/briefing.md:5:1: error: uncited sentence in the narrative: 'The visit matters more than it seems.' — "
        f"{UNCITED_SENTENCE_HINT}"]


def test_a_judgement_container_that_is_never_closed_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("The visit matters more than it seems.\n:::\n",
                                       "The visit matters more than it seems.\n\nThis sentence cites nothing.\n"))
    assert findings_of(root) == [
        "content/briefing.md:5:1: error: this '::: judgement' container is never closed, so every sentence after it "
        "counts as the analyst's judgement — end the judgement with a line ':::'"]


def test_an_uncited_list_item_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("::: judgement", "- A list item without a citation.\n\n::: judgement"))
    assert findings_of(root) == [
        "content/briefing.md:5:3: error: uncited sentence in the narrative: 'A list item without a citation.' — "
        f"{UNCITED_SENTENCE_HINT}"]


def test_a_sentence_that_starts_with_an_entity_link_needs_its_own_citation(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@visit-planned]. [[smith]]", "[@visit-planned]. [[smith]] smiled. [[smith]]"))
    assert findings_of(root) == [
        f"content/briefing.md:3:41: error: uncited sentence in the narrative: '[[smith]] smiled.' — {UNCITED_SENTENCE_HINT}"]


def test_a_narrative_citation_of_an_unknown_id_suggests_a_near_id_of_any_kind(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@welcome]", "[@welcom]"))
    assert findings_of(root) == [
        "content/briefing.md:3:75: error: [@welcom] names an unknown claim, quote, date or source 'welcom' — did you "
        "mean 'welcome'?"]


def test_a_narrative_entity_link_to_an_unknown_id_suggests_a_near_id(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[[smith]]", "[[smyth]]"))
    assert findings_of(root) == [
        "content/briefing.md:3:41: error: [[smyth]] names an unknown actor or venue 'smyth' — did you mean 'smith'?"]


def test_a_narrative_entity_link_cannot_name_a_claim(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[[smith]]", "[[visit-planned]]"))
    assert has_finding(findings_of(root), "content/briefing.md:3:41: error: [[visit-planned]] names an unknown actor or "
                                          "venue 'visit-planned'")


def test_an_unclosed_citation_in_the_narrative_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@welcome].", "[@welcome."))
    assert has_finding(findings_of(root), "content/briefing.md:3:75: error: '[@welcome.' is neither a citation [@id] nor "
                                          f"an entity link [[id]] — {MALFORMED_HINT}")


def test_an_unclosed_entity_link_in_the_narrative_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[[smith]]", "[[smith"))
    assert findings_of(root) == [
        f"content/briefing.md:3:41: error: '[[smith' is neither a citation [@id] nor an entity link [[id]] — {MALFORMED_HINT}"]


def test_citation_markup_with_an_invalid_id_is_an_error_but_code_is_not(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@welcome].", "[@welcome]. See `[[code]]` and [@Bad_Id] [@welcome]."))
    assert findings_of(root) == [
        "content/briefing.md:3:106: error: '[@Bad_Id]' is neither a citation [@id] nor an entity link [[id]] — "
        f"{MALFORMED_HINT}"]


def test_a_narrative_citation_of_a_missing_source_passage_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@welcome]", "[@wire#p9]"))
    assert findings_of(root) == ["content/briefing.md:3:75: error: source 'wire' has no passage #p9 — it has paragraphs "
                                 "p1–p2; see its page for sentence anchors"]


def test_a_narrative_citation_of_an_existing_source_sentence_is_accepted(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@welcome]", "[@wire#p2-s1; @welcome]"))
    assert findings_of(root) == []


def test_a_passage_anchor_after_a_claim_id_is_an_error(make_project: MakeProject) -> None:
    root = make_project(narrative_with("[@welcome]", "[@welcome#p1]"))
    assert findings_of(root) == ["content/briefing.md:3:75: error: #p1 follows 'welcome', which is not a source — cite a "
                                 "source's passage as [@source-id#p3]"]


# ---------------------------------------------------------------------------------------------
# References by id


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("    actors: [smith]", "    actors: [smyth]",
     "content/facts.yaml:31:14: error: unknown actor 'smyth' — did you mean 'smith'?"),
    ("    venues: [capital]", "    venues: [capitol]",
     "content/facts.yaml:32:14: error: unknown venue 'capitol' — did you mean 'capital'?"),
    ("    dates: [arrival]", "    dates: [arival]",
     "content/facts.yaml:33:13: error: unknown date 'arival' — did you mean 'arrival'?"),
    ("    speaker: smith", "    speaker: smit",
     "content/facts.yaml:25:14: error: unknown actor 'smit' — did you mean 'smith'?"),
    ("    dates: [arrival]", "    dates: [arrival]\n    contradicts: [visit-planed]",
     "content/facts.yaml:34:19: error: unknown claim 'visit-planed' — did you mean 'visit-planned'?"),
    ("    relative_to: wire", "    relative_to: wir",
     "content/facts.yaml:19:18: error: unknown source 'wir' — did you mean 'wire'?"),
    ("    what: The delegation arrives", "    what: The delegation arrives\n    where: capitals",
     "content/facts.yaml:21:12: error: unknown venue 'capitals' — did you mean 'capital'?"),
    ("    actors: [smith]", "    actors: [nobody-at-all]",
     "content/facts.yaml:31:14: error: unknown actor 'nobody-at-all' — define actor 'nobody-at-all' or use an "
     "existing actor id"),
])
def test_an_unknown_id_is_an_error_that_suggests_the_near_id(make_project: MakeProject, old: str, new: str,
                                                            expected: str) -> None:
    assert findings_of(make_project(facts_with(old, new))) == [expected]


def test_a_venue_located_in_an_unknown_venue_is_an_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    kind: city\n", "    kind: city\n    located_in: {value: nowhere, cite: "
                                   "[{source: wire, text: \"The delegation\"}]}\n"))
    assert findings_of(root) == ["content/facts.yaml:15:17: error: unknown venue 'nowhere' — define venue 'nowhere' or "
                                 "use an existing venue id"]


def test_an_article_that_copies_an_unknown_source_is_an_error(make_project: MakeProject) -> None:
    root = make_project(article_with("language: en", "language: en\ncopy_of: wier"))
    assert findings_of(root) == ["content/articles/wire.md:6:10: error: unknown source 'wier' — did you mean 'wire'?"]


def test_an_article_cannot_derive_from_itself(make_project: MakeProject) -> None:
    root = make_project(article_with("language: en", "language: en\nderived_from: wire"))
    assert findings_of(root) == ["content/articles/wire.md:6:15: error: an article cannot derive from itself — name "
                                 "another source or remove the key"]


# ---------------------------------------------------------------------------------------------
# Ids: unique and safe


NEW_CLAIM = ('  - id: {id}\n    statement: The talks start next week.\n    cite:\n'
             '      - {{source: wire, text: "The talks start next week."}}\n')


def test_two_claims_with_one_id_are_a_duplicate_id_error(make_project: MakeProject) -> None:
    root = make_project({FACTS: GOOD_FACTS + NEW_CLAIM.format(id="visit-planned")})
    assert findings_of(root) == [
        "content/facts.yaml:36:5: error: duplicate id 'visit-planned': already used by the claim at "
        "content/facts.yaml:29:5 — give each actor, venue, date, quote, claim and source its own id"]


def test_an_actor_and_a_claim_sharing_an_id_are_a_duplicate_id_error(make_project: MakeProject) -> None:
    root = make_project({FACTS: GOOD_FACTS + NEW_CLAIM.format(id="smith")})
    assert findings_of(root) == [
        "content/facts.yaml:36:5: error: duplicate id 'smith': already used by the actor at content/facts.yaml:4:5 — "
        "give each actor, venue, date, quote, claim and source its own id"]


def test_a_fact_sheet_id_equal_to_a_source_id_is_a_duplicate_id_error(make_project: MakeProject) -> None:
    root = make_project({FACTS: GOOD_FACTS + NEW_CLAIM.format(id="wire")})
    assert has_finding(findings_of(root), "content/facts.yaml:36:5: error: duplicate id 'wire': already used by the "
                                          "source at content/articles/wire.md:1:1")


@pytest.mark.parametrize(("bad_id", "example"), [
    ("Capital_City", "capital-city"), ("the--capital", "the-capital"), ("1capital", "x-1capital"),
    ("capital-", "capital"), ("cápital", "c-pital"),
])
def test_an_id_that_is_not_a_safe_slug_is_an_error(make_project: MakeProject, bad_id: str, example: str) -> None:
    root = make_project(facts_with("  - id: capital", f"  - id: {bad_id}"))
    assert has_finding(findings_of(root), f"content/facts.yaml:12:9: error: id {bad_id!r} is not a safe slug — use "
                                          "lowercase letters, digits and single hyphens, starting with a letter "
                                          f"(for example {example!r})")


def test_an_id_longer_than_64_characters_is_an_error(make_project: MakeProject) -> None:
    long_id = "a" * 65
    root = make_project(facts_with("  - id: capital", f"  - id: {long_id}"))
    assert has_finding(findings_of(root), f"content/facts.yaml:12:9: error: 'id' of venue {long_id!r}: {long_id!r} is too long")


# ---------------------------------------------------------------------------------------------
# Dates


def test_an_impossible_calendar_date_is_an_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    date: 2023-09-09", "    date: 2023-02-30"))
    assert has_finding(findings_of(root), "content/facts.yaml:17:11: error: invalid date '2023-02-30' — write a real "
                                          "calendar date as YYYY-MM-DD")


def test_a_date_in_another_format_is_an_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    date: 2023-09-09", "    date: 9 September 2023"))
    assert has_finding(findings_of(root), "content/facts.yaml:17:11: error: invalid date '9 September 2023'")


def test_a_range_ending_before_it_starts_is_an_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    date: 2023-09-09", "    start: 2023-09-10\n    end: 2023-09-09"))
    assert findings_of(root) == ["content/facts.yaml:16:5: error: date 'arrival' ends (2023-09-09) before it starts "
                                 "(2023-09-10) — swap 'start:' and 'end:'"]


def test_a_relative_weekday_resolved_to_another_weekday_is_an_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    date: 2023-09-09", "    date: 2023-09-08"))
    assert findings_of(root) == ["content/facts.yaml:16:5: error: date 'arrival' is written 'on Saturday' but 2023-09-08 "
                                 "is a Friday — resolve Saturday against the publication date again"]


def test_a_range_written_with_weekdays_checks_both_ends(make_project: MakeProject) -> None:
    good = facts_with("    date: 2023-09-09\n    as_written: on Saturday",
                      "    start: 2023-09-10\n    end: 2023-09-13\n    as_written: from Sunday to Wednesday")
    assert findings_of(make_project(good)) == []
    bad = facts_with("    date: 2023-09-09\n    as_written: on Saturday",
                     "    start: 2023-09-10\n    end: 2023-09-13\n    as_written: from Sunday to Thursday")
    assert findings_of(make_project(bad)) == [
        "content/facts.yaml:16:5: error: date 'arrival' is written 'from Sunday to Thursday' but 2023-09-13 is a "
        "Wednesday — resolve Thursday against the publication date again"]


def test_a_weekday_far_from_the_publication_date_is_a_warning(make_project: MakeProject) -> None:
    root = make_project(facts_with("    date: 2023-09-09", "    date: 2023-09-23"))
    findings = findings_of(root)
    assert len(findings) == 1
    assert findings[0].startswith("content/facts.yaml:16:5: warning: date 'arrival' (2023-09-23) is more than a week "
                                  "from ")


# ---------------------------------------------------------------------------------------------
# Quotes


def test_a_quote_not_verbatim_in_the_source_it_names_reports_the_closest_passage(make_project: MakeProject) -> None:
    root = make_project(facts_with('    text: "We welcome the delegation."', '    text: "We warmly welcome the delegation."'))
    [finding] = findings_of(root)
    [similarity] = scores_in(finding, (
        "content/facts.yaml:27:12: error: the quote's words are not found in source 'wire': 'We warmly welcome the "
        "delegation.' — closest passage (wire#p2, similarity {score}): 'said: “We welcome the delegation.” The'"))
    assert 0.5 <= similarity < 1


def test_a_quote_not_verbatim_where_a_citation_points_reports_the_closest_variant(make_project: MakeProject) -> None:
    files = facts_with('    text: "We welcome the delegation."\n    cite: [wire]',
                       '    text: "We welcomed the delegation."\n    cite: [{source: wire, text: "We welcome"}]')
    [finding] = findings_of(make_project(files))
    [similarity] = scores_in(finding, (
        "content/facts.yaml:27:12: error: quote 'welcome' does not appear verbatim in source 'wire' — closest variant "
        "(wire#p2, similarity {score}): '“We welcome the delegation.”'; quote the source's words exactly, or record "
        "the other wording under 'variants:'"))
    assert 0.85 <= similarity < 1  # one letter differs


def test_a_quote_is_verbatim_after_folding_curly_quotes_dashes_and_white_space(make_project: MakeProject) -> None:
    files = article_with("“We welcome the delegation.”", "“We welcome the delegation — it’s  overdue.”")
    files[FACTS] = replace_once(GOOD_FACTS, '    text: "We welcome the delegation."',
                                '    text: "We welcome\\tthe delegation - it\'s overdue."')
    assert findings_of(make_project(files)) == []


def test_a_quote_variant_not_verbatim_is_an_error(make_project: MakeProject) -> None:
    root = make_project(facts_with("    cite: [wire]\n", "    cite: [wire]\n    variants:\n"
                                   "      - {text: \"We greet the delegation.\", cite: [wire]}\n"))
    assert has_finding(findings_of(root), "content/facts.yaml:29:51: error: the quote's words are not found in source "
                                          "'wire': 'We greet the delegation.'")


LONG_QUOTE = "We welcome the delegation and hope the talks go well."
REWORDED = "We welcome the delegation and we hope the talks will go well."
COPY = "content/articles/copy.md"
UNUSED_COPY = ("content/articles/copy.md:1:1: warning: source 'copy' supports nothing in the briefing — cite it from "
               "a claim, or remove the article")


def quote_and_second_article(words: str, *, copy: bool = True, variant: str = "") -> dict[str, str]:
    """The baseline with a longer quote, and a second article (a copy of the wire story, or an
    unrelated report) in which Mr. Smith is quoted with ``words``."""
    files = article_with("“We welcome the delegation.”", f"“{LONG_QUOTE}”")
    files[FACTS] = replace_once(GOOD_FACTS, '    text: "We welcome the delegation."\n    cite: [wire]\n',
                                f'    text: "{LONG_QUOTE}"\n    cite: [wire]\n{variant}')
    files[COPY] = ("---\ntitle: Delegation to visit\noutlet: Other Paper\npublished: 2023-09-08\nlanguage: en\n"
                   + ("copy_of: wire\n" if copy else "") + "---\nThe delegation arrives on Saturday.\n\n"
                   f"Mr. Smith said: “{words}” Talks start next week.\n")
    return files


def test_a_quote_worded_otherwise_in_a_copy_of_its_source_is_a_warning(make_project: MakeProject) -> None:
    assert findings_of(make_project(quote_and_second_article(REWORDED))) == [
        UNUSED_COPY,
        "content/facts.yaml:24:5: warning: quote 'welcome' stands with other wording in 'copy' (p2): '“We welcome "
        "the delegation and we hope the talks will' — record that wording under 'variants:' with a citation of "
        "'copy', so readers see both"]


def test_a_quote_worded_alike_in_a_copy_is_no_warning(make_project: MakeProject) -> None:
    assert findings_of(make_project(quote_and_second_article(LONG_QUOTE))) == [UNUSED_COPY]


def test_a_quote_worded_otherwise_in_an_unrelated_source_is_no_warning(make_project: MakeProject) -> None:
    assert findings_of(make_project(quote_and_second_article(REWORDED, copy=False))) == [UNUSED_COPY]


def test_a_quote_whose_other_wording_is_recorded_as_a_variant_is_no_warning(make_project: MakeProject) -> None:
    variant = f'    variants:\n      - {{text: "{REWORDED}", cite: [copy]}}\n'
    assert findings_of(make_project(quote_and_second_article(REWORDED, variant=variant))) == []


def test_a_rebuild_through_a_cache_reuses_each_searched_source_s_phrase_marks(make_project: MakeProject) -> None:
    """``briefgen serve`` asks the quote-wording rule again after every edit: the marks of a source
    it searches are made once while that article is unchanged, and kept per source."""
    root = make_project(quote_and_second_article(REWORDED))
    cache = BuildCache()
    load_briefing(root, cache)
    assert [key for key in cache.derived.keys() if key[0] == "phrase marks"] == [("phrase marks", "copy")]
    first = cache.derived.last(("phrase marks", "copy"))
    load_briefing(root, cache)
    again = cache.derived.last(("phrase marks", "copy"))
    assert first is not None and again is not None and again[1] is first[1]


# ---------------------------------------------------------------------------------------------
# The check command


def run_check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def test_check_exits_0_on_a_good_briefing_and_prints_the_summary(make_project: MakeProject) -> None:
    code, output = run_check("-p", str(make_project()))
    assert code == 0
    assert re.search(r"^briefgen check: 1 sources, 1 actors, 1 venues, 1 dates, 1 quotes, 1 claims; 4 of 4 citations "
                     r"resolved; 0 errors, 0 warnings", output, re.M)


def test_check_exits_1_and_prints_each_error_when_there_are_errors(make_project: MakeProject) -> None:
    root = make_project(facts_with("    actors: [smith]", "    actors: [smyth]"))
    code, output = run_check("-p", str(root))
    assert code == 1
    assert "content/facts.yaml:31:14: error: unknown actor 'smyth' — did you mean 'smith'?" in output.splitlines()
    assert re.search(r"; 1 errors, 0 warnings", output)


def test_a_source_nothing_cites_is_a_warning_and_check_still_exits_0(make_project: MakeProject) -> None:
    code, output = run_check("-p", str(make_project({"content/articles/other.md": OTHER_ARTICLE})))
    assert code == 0
    assert ("content/articles/other.md:1:1: warning: source 'other' supports nothing in the briefing — cite it from a "
            "claim, or remove the article") in output.splitlines()
    assert "0 errors, 1 warnings" in output


def test_strict_turns_the_unused_source_warning_into_exit_1(make_project: MakeProject) -> None:
    code, output = run_check("-p", str(make_project({"content/articles/other.md": OTHER_ARTICLE})), "--strict")
    assert code == 1
    assert "content/articles/other.md:1:1: warning: source 'other' supports nothing in the briefing" in output


def test_strict_on_a_briefing_without_warnings_exits_0(make_project: MakeProject) -> None:
    code, _output = run_check("-p", str(make_project()), "--strict")
    assert code == 0


def test_findings_are_reported_sorted_by_file_and_line(make_project: MakeProject) -> None:
    files = facts_with("    actors: [smith]", "    actors: [smyth]")
    files[FACTS] = replace_once(files[FACTS], "    speaker: smith", "    speaker: smit")
    files.update(narrative_with("[[smith]]", "[[smyth]]"))
    files.update(article_with("language: en", "language: en\ncopy_of: wier"))
    lines = [line for line in run_check("-p", str(make_project(files)))[1].splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in lines] == [
        "content/articles/wire.md:6:10", "content/briefing.md:3:41", "content/facts.yaml:25:14", "content/facts.yaml:31:14"]
