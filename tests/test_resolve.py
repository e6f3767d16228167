"""Resolving: every citation to one passage of its source, by words, paragraph or sentence."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from briefgen.build import load_briefing
from briefgen.model import Passage
from briefgen.resolve import SourceIndex, may_share_phrases, normalise, phrase_marks
from projects import GOOD_FACTS, MakeProject, article_with, claim_citing, facts_with, findings_of, has_finding
from scores import scores_in

CLAIM_AT = "content/facts.yaml:35:9"
"""Where the claim's citation stands in the baseline fact sheet."""


def claim_passage(root: Path) -> Passage:
    """The passage the baseline claim's one citation resolves to (the project has no finding)."""
    checked = load_briefing(root)
    assert [str(f) for f in checked.findings] == []
    claim = checked.briefing.claims.get("visit-planned")
    assert claim is not None and len(claim.cite) == 1
    return checked.briefing.passages[claim.cite[0]]


# ---------------------------------------------------------------------------------------------
# Citations that resolve


def test_a_citation_by_exact_words_resolves_to_their_sentence(make_project: MakeProject) -> None:
    passage = claim_passage(make_project())
    assert passage == Passage("wire", "p1", ("p1-s2",), 40, 77,
                              "The delegation will arrive on Saturday. Officials said the visit was planned.")
    assert passage.text == "Officials said the visit was planned."


def test_a_citation_by_paragraph_resolves_to_the_whole_paragraph(make_project: MakeProject) -> None:
    passage = claim_passage(make_project(claim_citing("paragraph: 2")))
    assert (passage.paragraph, passage.sentences, passage.start) == ("p2", ("p2-s1", "p2-s2"), 0)
    assert passage.text == "Mr. Smith said: “We welcome the delegation.” The talks start next week."


def test_a_citation_by_paragraph_and_sentence_resolves_to_that_sentence(make_project: MakeProject) -> None:
    passage = claim_passage(make_project(claim_citing("paragraph: 1, sentence: 2")))
    assert (passage.paragraph, passage.sentences, passage.text) == ("p1", ("p1-s2",),
                                                                   "Officials said the visit was planned.")


def test_words_spanning_two_sentences_touch_both(make_project: MakeProject) -> None:
    passage = claim_passage(make_project(claim_citing('text: "on Saturday. Officials said"')))
    assert (passage.paragraph, passage.sentences, passage.anchor) == ("p1", ("p1-s1", "p1-s2"), "p1-s1")


def test_straight_quotes_hyphens_and_spaces_match_curly_quotes_dashes_and_one_space(make_project: MakeProject) -> None:
    files = article_with("The talks start next week.", "The talks — it’s said — start “next week”.")
    files.update(claim_citing('text: "The talks  -  it\'s said\\t- start \\"next week\\"."'))
    passage = claim_passage(make_project(files))
    assert passage.text == "The talks — it’s said — start “next week”."
    assert passage.sentences == ("p2-s2",)


def test_normalising_folds_typographic_quotes_dashes_and_white_space() -> None:
    assert normalise("“It’s  the\u00a0end” – said\u2014he\n‘twice’") == "\"It's the end\" - said-he 'twice'"


# ---------------------------------------------------------------------------------------------
# Citations that do not resolve


def test_a_citation_of_an_unknown_source_suggests_a_near_source_id(make_project: MakeProject) -> None:
    root = make_project(facts_with('{source: wire, text: "Officials said', '{source: wired, text: "Officials said'))
    assert has_finding(findings_of(root), f"{CLAIM_AT}: error: citation names an unknown source 'wired' — did you mean "
                                          "'wire'?")


def test_a_citation_of_an_unknown_source_with_no_near_id_says_how_to_fix_it(make_project: MakeProject) -> None:
    root = make_project(facts_with('{source: wire, text: "Officials said', '{source: zzz, text: "Officials said'))
    assert has_finding(findings_of(root), f"{CLAIM_AT}: error: citation names an unknown source 'zzz' — define source "
                                          "'zzz' or use an existing source id")


def test_words_not_in_the_source_show_the_closest_passage_and_its_similarity(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "Officials said the trip was planned."'))
    [finding] = findings_of(root)
    [similarity] = scores_in(finding, (
        f"{CLAIM_AT}: error: the cited words are not found in source 'wire': 'Officials said the trip was planned.' — "
        "closest passage (wire#p1, similarity {score}): 'Officials said the visit was planned.'"))
    assert 0.7 <= similarity < 1  # one word of six differs


def test_words_that_differ_only_in_capital_letters_say_so(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "officials said the visit was planned."'))
    assert findings_of(root) == [
        f"{CLAIM_AT}: error: the cited words are not found in source 'wire': 'officials said the visit was planned.' — "
        "the words stand there with different capital letters: copy them exactly"]


def test_words_found_in_another_source_point_to_it(make_project: MakeProject) -> None:
    other = ("---\ntitle: Another report\noutlet: Other Paper\npublished: 2023-09-08\nlanguage: en\n---\n"
             "Nothing here matches.\n\nThe summit was postponed again.\n")
    files = claim_citing('text: "The summit was postponed again."')
    files["content/articles/other.md"] = other
    findings = findings_of(make_project(files))
    assert has_finding(findings, f"{CLAIM_AT}: error: the cited words are not found in source 'wire': 'The summit was "
                                 "postponed again.'")
    [finding] = [f for f in findings if f.startswith(CLAIM_AT)]
    assert finding.endswith("; the exact words stand in other#p2 — did you mean that source?")


def test_a_match_never_crosses_a_paragraph_boundary(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "the visit was planned. Mr. Smith said"'))
    assert has_finding(findings_of(root), f"{CLAIM_AT}: error: the cited words are not found in source 'wire': 'the visit "
                                          "was planned. Mr. Smith said'")


def test_blank_words_are_an_error(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "   "'))
    assert findings_of(root) == [f"{CLAIM_AT}: error: the cited words are blank — copy the source's words into 'text:'"]


def test_a_paragraph_the_source_does_not_have_is_an_error(make_project: MakeProject) -> None:
    root = make_project(claim_citing("paragraph: 9"))
    assert findings_of(root) == [f"{CLAIM_AT}: error: source 'wire' has no paragraph 9 — it has 2 paragraphs"]


def test_a_sentence_the_paragraph_does_not_have_is_an_error(make_project: MakeProject) -> None:
    root = make_project(claim_citing("paragraph: 1, sentence: 3"))
    assert findings_of(root) == [f"{CLAIM_AT}: error: paragraph 1 of 'wire' has no sentence 3 — it has 2 sentences"]


def test_a_sentence_without_its_paragraph_is_an_error_not_a_crash(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "delegation", sentence: 5'))
    assert findings_of(root) == [f"{CLAIM_AT}: error: 'sentence:' is given without 'paragraph:' — add 'paragraph:' "
                                 "with the number of the paragraph the sentence stands in"]


# ---------------------------------------------------------------------------------------------
# Words that stand in several places


AMBIGUOUS = (f"{CLAIM_AT}: error: the words 'delegation' match 2 passages of 'wire' (p1, p2) — add 'occurrence: N', "
             "'prefix:'/'suffix:' or 'paragraph:' to pick one")


def test_words_standing_twice_are_an_ambiguous_match(make_project: MakeProject) -> None:
    assert findings_of(make_project(claim_citing('text: "delegation"'))) == [AMBIGUOUS]


@pytest.mark.parametrize(("selector", "paragraph", "start"), [
    ('text: "delegation", occurrence: 1', "p1", 4),
    ('text: "delegation", occurrence: 2', "p2", 32),
    ('text: "delegation", prefix: "welcome the "', "p2", 32),
    ('text: "delegation", prefix: "The"', "p1", 4),
    ('text: "delegation", suffix: " will arrive"', "p1", 4),
    ('text: "delegation", suffix: ".\\u201d The talks"', "p2", 32),
    ('text: "delegation", paragraph: 2', "p2", 32),
    ('text: "delegation", paragraph: 1, sentence: 1', "p1", 4),
])
def test_an_ambiguous_match_is_picked_by_occurrence_prefix_suffix_or_paragraph(
        make_project: MakeProject, selector: str, paragraph: str, start: int) -> None:
    passage = claim_passage(make_project(claim_citing(selector)))
    assert (passage.paragraph, passage.start, passage.end, passage.text) == (paragraph, start, start + 10, "delegation")


def test_an_occurrence_beyond_the_last_is_an_error(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "delegation", occurrence: 3'))
    assert findings_of(root) == [f"{CLAIM_AT}: error: occurrence 3 asked for, but the words stand 2 time(s) in 'wire' — "
                                 "lower 'occurrence:'"]


def test_a_prefix_that_fits_neither_place_says_the_words_stand_elsewhere(make_project: MakeProject) -> None:
    root = make_project(claim_citing('text: "delegation", prefix: "greet the "'))
    assert findings_of(root) == [
        f"{CLAIM_AT}: error: the cited words are not found in source 'wire': 'delegation' — the words stand in the "
        "source, but not with the given paragraph, prefix or suffix"]


def test_the_baseline_fact_sheet_line_numbers_are_what_the_tests_assume() -> None:
    lines = GOOD_FACTS.split("\n")
    assert lines[34].index("{") + 1 == 9 and "Officials said the visit was planned." in lines[34]
    assert lines[28] == "  - id: visit-planned"


# ---------------------------------------------------------------------------------------------
# Shared phrases (the quote-wording rule's first test)


def test_phrase_marks_rule_out_only_sources_that_share_no_two_phrases() -> None:
    """``may_share_phrases`` is a shortcut for ``shares_phrases``: it may let a source through,
    never rule out one that shares two word triples. Probed with windows of the sample's articles
    cut mid-word, with words swapped and dropped, against every article (so most probes share
    nothing and some share a little)."""
    articles = load_briefing(Path(__file__).resolve().parent.parent).briefing.articles
    indexes = [(index, index.phrase_marks()) for index in map(SourceIndex, articles)]
    rng = random.Random(7)
    shared = ruled_out = 0
    for _ in range(400):
        text = rng.choice(indexes)[0].text.replace("\n", " ")
        start = rng.randrange(len(text) - 120)
        words = text[start:start + rng.randrange(20, 120)].split()
        for _ in range(rng.randrange(4)):
            words[rng.randrange(len(words))] = rng.choice(("the", "said", "Kim", "visit", "x"))
        if words and rng.random() < 0.3:
            del words[rng.randrange(len(words))]
        probe = " ".join(words)
        for index, held in indexes:
            maybe = may_share_phrases(phrase_marks(probe), held)
            if index.shares_phrases(probe):
                assert maybe, probe
                shared += 1
            ruled_out += not maybe
    assert shared > 100 and ruled_out > 1000
