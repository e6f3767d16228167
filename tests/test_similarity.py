"""Near-duplicates and paraphrases: which articles copy or retell which, found without comparing all pairs.

The seeds are the five raw articles of the sample briefing, imported as a user would: 000 and 001
are two copies of one AP story, 002 rewrites that story with distortions, 004 is an original report
and 003 paraphrases it. 000 and 004 share their topic but not their reporting.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen import similarity
from briefgen.cli import main
from briefgen.load import load_source_files
from briefgen.similarity import Text, all_scores, find_related, texts_of
from scores import line_with_scores

SEEDS = Path(__file__).parent / "fixtures" / "import" / "seeds"
AP_STORY = {"seed-000", "seed-001", "seed-002"}
REPORT = {"seed-003", "seed-004"}


@pytest.fixture(scope="module")
def seed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project whose articles are the five seeds, imported one by one as ``seed-000`` … ``seed-004``."""
    root = tmp_path_factory.mktemp("seeds")
    for seed in sorted(SEEDS.iterdir()):
        result = CliRunner().invoke(main, ["import", str(seed), "-o", str(root / "content" / "articles"),
                                           "--id", f"seed-{seed.name[:3]}", "--published", "2023-09-07"])
        assert result.exit_code == 0, result.output
    return root


@pytest.fixture(scope="module")
def seeds(seed_project: Path) -> dict[str, Text]:
    sources, findings = load_source_files(seed_project)
    assert not findings
    return {text.id: text for text in texts_of(sources)}


def kinds(texts: list[Text]) -> set[tuple[str, frozenset[str]]]:
    return {(pair.kind, pair.ids) for pair in find_related(texts).pairs}


# ---------------------------------------------------------------------------------------------
# The seeds


def test_the_seeds_hold_one_near_duplicate_and_one_paraphrase(seeds: dict[str, Text]) -> None:
    found = {(kind, ids) for kind, ids in kinds(list(seeds.values())) if kind != "rewrite"}
    assert found == {("near-duplicate", frozenset({"seed-000", "seed-001"})),
                     ("paraphrase", frozenset({"seed-003", "seed-004"}))}


def test_the_rewrite_is_reported_only_as_a_rewrite_of_the_ap_story(seeds: dict[str, Text]) -> None:
    comparison = find_related(list(seeds.values()))
    rewrites = [p for p in comparison.pairs if "seed-002" in p.ids]
    assert {(p.kind, p.derived, p.original) for p in rewrites} == {
        ("rewrite", "seed-002", "seed-000"), ("rewrite", "seed-002", "seed-001")}
    best = comparison.suggestion("seed-002")
    assert best is not None and best.line == "derived_from: seed-000"  # shares more of The Independent's wording


def test_no_pair_links_the_ap_story_to_the_report(seeds: dict[str, Text]) -> None:
    table = all_scores(list(seeds.values()))
    across = [(a, b, s) for a, b, s, _kind in table if {a, b} & AP_STORY and {a, b} & REPORT]
    assert len(across) == 6
    assert all(s.similarity < similarity.REWRITE_SIMILARITY / 3 for _a, _b, s in across), across
    assert all(kind is None for a, b, _s, kind in table if {a, b} & AP_STORY and {a, b} & REPORT)


def test_copies_share_wording_and_paraphrases_only_sentences(seeds: dict[str, Text]) -> None:
    scores = {frozenset((a, b)): s for a, b, s, _kind in all_scores(list(seeds.values()))}
    copy, paraphrase = scores[frozenset({"seed-000", "seed-001"})], scores[frozenset({"seed-003", "seed-004"})]
    assert copy.wording >= similarity.NEAR_DUPLICATE_WORDING > paraphrase.wording
    assert paraphrase.similarity >= similarity.PARAPHRASE_SIMILARITY
    assert copy.similarity >= similarity.PARAPHRASE_SIMILARITY


# ---------------------------------------------------------------------------------------------
# Alike is not a copy


def test_two_articles_sharing_one_quoted_paragraph_are_not_related(seeds: dict[str, Text]) -> None:
    quote = next(p for p in seeds["seed-004"].paragraphs if p.startswith("“We urge the D.P.R.K."))
    ap_story = seeds["seed-000"].paragraphs
    with_quote = Text("ap-with-quote", ap_story[:5] + (quote,) + ap_story[5:])
    assert kinds([with_quote, seeds["seed-004"]]) == set()


def test_the_same_wire_lead_over_different_bodies_is_not_a_copy(seeds: dict[str, Text]) -> None:
    lead = seeds["seed-000"].paragraphs[:1]
    other_body = Text("same-lead", lead + seeds["seed-004"].paragraphs[1:])
    assert kinds([seeds["seed-000"], other_body]) == set()
    # the control: the body it took is found as a copy
    assert kinds([seeds["seed-000"], other_body, seeds["seed-004"]]) == {
        ("near-duplicate", frozenset({"same-lead", "seed-004"}))}


# ---------------------------------------------------------------------------------------------
# Which is the original


def test_the_earlier_article_is_the_original(seeds: dict[str, Text]) -> None:
    original = Text("original", seeds["seed-003"].paragraphs, dt.date(2023, 9, 8))
    paraphrase = Text("paraphrase", seeds["seed-004"].paragraphs, dt.date(2023, 9, 9))
    (pair,) = find_related([paraphrase, original]).pairs
    assert (pair.derived, pair.original, pair.direction) == ("paraphrase", "original", "by date")


def test_with_the_same_date_the_clearly_longer_article_is_the_original(seeds: dict[str, Text]) -> None:
    (pair,) = find_related([seeds["seed-000"], seeds["seed-001"]]).pairs
    assert (pair.derived, pair.original, pair.direction) == ("seed-000", "seed-001", "by length")
    assert pair.line == "copy_of: seed-001"


def test_with_the_same_date_and_length_the_direction_is_uncertain(seeds: dict[str, Text]) -> None:
    (pair,) = find_related([seeds["seed-003"], seeds["seed-004"]]).pairs
    assert pair.direction == "uncertain"
    assert pair.describe().endswith("direction uncertain — or seed-003 derived_from seed-004")


# ---------------------------------------------------------------------------------------------
# Scale: LSH picks the candidates


def synthetic_articles(count: int, seed: int = 7) -> tuple[list[Text], set[frozenset[str]], set[frozenset[str]]]:
    """``count`` articles on 15 topics, among them 5 planted copies and 5 planted paraphrases."""
    rng = random.Random(seed)
    syllables = ["ka", "lo", "mi", "ra", "tu", "ne", "so", "vi", "de", "pa", "gu", "ri", "zo", "fe", "ha"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=rng.randint(3, 4))) for _ in range(6000)})
    topics = [rng.sample(vocabulary, 300) for _ in range(15)]

    def sentence(topic: list[str]) -> str:
        words = [rng.choice(topic) if rng.random() < 0.5 else rng.choice(vocabulary) for _ in range(14)]
        return " ".join(words).capitalize() + "."

    def article(topic: list[str]) -> tuple[str, ...]:
        return tuple(" ".join(sentence(topic) for _ in range(3)) for _ in range(5))

    def reword(paragraphs: tuple[str, ...], share: float) -> tuple[str, ...]:
        """Replace a share of the words inside sentences (their first and last words stay, and so do the stops)."""
        def replaced(word: str) -> str:
            inside = word.islower() and not word.endswith(".")
            return rng.choice(vocabulary) if inside and rng.random() < share else word
        return tuple(" ".join(replaced(w) for w in p.split()) for p in paragraphs)

    texts = [Text(f"a{i}", article(topics[i % 15])) for i in range(count - 10)]
    copies = {frozenset({f"a{i}", f"copy{i}"}) for i in range(5)}
    paraphrases = {frozenset({f"a{i}", f"para{i}"}) for i in range(5, 10)}
    texts += [Text(f"copy{i}", reword(texts[i].paragraphs, 0.04)) for i in range(5)]
    texts += [Text(f"para{i}", reword(texts[i].paragraphs, 0.3)) for i in range(5, 10)]
    return texts, copies, paraphrases


def test_lsh_scores_far_fewer_pairs_than_all_and_still_finds_the_planted_ones() -> None:
    texts, copies, paraphrases = synthetic_articles(300)
    comparison = find_related(texts)
    all_pairs = 300 * 299 // 2
    assert comparison.compared < all_pairs / 100, comparison.compared
    assert {p.ids for p in comparison.pairs if p.kind == "near-duplicate"} == copies
    assert {p.ids for p in comparison.pairs if p.kind == "paraphrase"} == paraphrases
    assert {p.kind for p in comparison.pairs} == {"near-duplicate", "paraphrase"}


def test_only_the_lsh_candidates_are_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    texts, _copies, _paraphrases = synthetic_articles(300)
    scored: list[int] = []
    original_score = similarity.score
    monkeypatch.setattr(similarity, "score", lambda a, b: scored.append(1) or original_score(a, b))
    comparison = find_related(texts)
    assert len(scored) == comparison.compared < 300 * 299 // 2 / 100


# ---------------------------------------------------------------------------------------------
# briefgen sources


def test_sources_reports_each_pair_with_the_line_to_add(seed_project: Path) -> None:
    result = CliRunner().invoke(main, ["sources", "-p", str(seed_project)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("briefgen sources: 5 articles, 4 of 10 pairs scored after the LSH candidate pass, "
                        "4 related pairs")
    at, (_similarity, wording) = line_with_scores(
        lines, "near-duplicate: seed-000 ≈ seed-001  similarity {score}, shared wording {score}")
    assert wording >= similarity.NEAR_DUPLICATE_WORDING
    assert lines[at + 1] == ("  suggested: in seed-000.md  copy_of: seed-001  (original by length; if both copy one "
                             "wire story, give both syndicated_from instead)")
    assert lines[at + 2] == "  recorded: not yet"
    at, (aligned, wording) = line_with_scores(
        lines, "paraphrase: seed-004 ≈ seed-003  similarity {score}, shared wording {score}")
    assert aligned >= similarity.PARAPHRASE_SIMILARITY and wording < similarity.NEAR_DUPLICATE_WORDING
    assert lines[at + 1] == ("  suggested: in seed-004.md  derived_from: seed-003  (direction uncertain: or in "
                             "seed-003.md  derived_from: seed-004)")


def test_sources_says_when_the_front_matter_records_the_relation(seed_project: Path, tmp_path: Path) -> None:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    for path in (seed_project / "content" / "articles").iterdir():
        text = path.read_text("utf-8")
        if path.stem == "seed-003":
            text = text.replace("\nlanguage: en\n", "\nlanguage: en\nderived_from: seed-004\n")
        if path.stem in ("seed-000", "seed-001"):
            text = text.replace("\nlanguage: en\n", "\nlanguage: en\nsyndicated_from: Associated Press\n")
        (articles / path.name).write_text(text, "utf-8")
    output = CliRunner().invoke(main, ["sources", "-p", str(tmp_path)]).output
    assert "  recorded: seed-003.md has derived_from: seed-004" in output
    assert "  recorded as syndication: both have syndicated_from: Associated Press" in output
