"""Segmentation: paragraphs and sentences get stable ids, plain text and the right source lines."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from briefgen.load import load_source_file
from briefgen.model import Article
from briefgen.segment import segment_article, segment_body, split_sentences

FIXTURES = Path(__file__).parent / "fixtures"


# ---------------------------------------------------------------------------------------------
# Sentence splitting, from the input -> expected fixture file


@dataclass(frozen=True)
class SentenceCase:
    title: str
    text: str
    expected: tuple[str, ...]
    line: int


def read_sentence_cases(path: Path) -> list[SentenceCase]:
    """Blocks of ``title / . / input / . / one expected sentence a line / .``, as markdown-it-py's fixtures."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[SentenceCase] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title, start = lines[i], i + 1
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the title {title!r}"
        end_input = lines.index(".", i + 2)
        end_expected = lines.index(".", end_input + 1)
        text = " ".join(lines[i + 2:end_input])
        expected = tuple(lines[end_input + 1:end_expected])
        cases.append(SentenceCase(title, text, expected, start))
        i = end_expected + 1
    return cases


SENTENCE_CASES = read_sentence_cases(FIXTURES / "sentences.txt")


def test_the_sentence_fixture_file_holds_every_case_the_issue_names() -> None:
    inputs = " ".join(case.text for case in SENTENCE_CASES)
    for needle in ("U.S.", "Sept. 10", "D.P.R.K.", "Mr.", "community.” “We", "?", "!"):
        assert needle in inputs
    assert len(SENTENCE_CASES) >= 15


@pytest.mark.parametrize("case", SENTENCE_CASES, ids=[c.title for c in SENTENCE_CASES])
def test_sentences_are_split_as_the_fixture_says(case: SentenceCase) -> None:
    assert tuple(s.text for s in split_sentences(case.text)) == case.expected


@pytest.mark.parametrize("case", SENTENCE_CASES, ids=[c.title for c in SENTENCE_CASES])
def test_sentence_offsets_point_at_their_text_and_ids_count_from_one(case: SentenceCase) -> None:
    sentences = split_sentences(case.text, "p7")
    assert [s.id for s in sentences] == [f"p7-s{n}" for n in range(1, len(case.expected) + 1)]
    for sentence in sentences:
        assert case.text[sentence.start:sentence.end] == sentence.text


def test_splitting_the_same_text_twice_gives_the_same_sentences() -> None:
    text = " ".join(case.text for case in SENTENCE_CASES)
    assert split_sentences(text, "p1") == split_sentences(text, "p1")


# ---------------------------------------------------------------------------------------------
# Paragraphs of an article file


ARTICLE_TEXT = """\
---
title: A test article
outlet: Test Wire
published: 2023-09-07
language: en
---

The first paragraph has *emphasis*, **strong words** and a [link](https://example.org/a).
It goes on on a second line.

## A subheading

Raw <b>HTML</b> stays <script>alert(1)</script> text.

The fourth block. Its second sentence.
"""
# The body starts on line 7 (a blank line); p1 on line 8, the heading p2 on line 11, p3 on line 13,
# p4 on line 15.


def load_article(root: Path, text: str, name: str = "test-article.md") -> Article:
    path = root / "content" / "articles" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    source, findings = load_source_file(root, path)
    assert findings == [] and source is not None
    return segment_article(source)


def test_paragraph_lines_count_from_the_top_of_the_file_not_the_body(tmp_path: Path) -> None:
    article = load_article(tmp_path, ARTICLE_TEXT)
    assert [(p.id, p.location.line) for p in article.paragraphs] == [("p1", 8), ("p2", 11), ("p3", 13), ("p4", 15)]
    assert {p.location.path for p in article.paragraphs} == {"content/articles/test-article.md"}


def test_windows_line_ends_give_the_same_paragraph_lines(tmp_path: Path) -> None:
    article = load_article(tmp_path, ARTICLE_TEXT.replace("\n", "\r\n"))
    assert [(p.id, p.location.line) for p in article.paragraphs] == [("p1", 8), ("p2", 11), ("p3", 13), ("p4", 15)]


def test_headings_are_numbered_with_the_paragraphs(tmp_path: Path) -> None:
    article = load_article(tmp_path, ARTICLE_TEXT)
    assert [(p.id, p.number, p.kind) for p in article.paragraphs] == [
        ("p1", 1, "paragraph"), ("p2", 2, "heading"), ("p3", 3, "paragraph"), ("p4", 4, "paragraph")]
    assert article.paragraphs[1].text == "A subheading"
    assert [s.id for s in article.paragraphs[1].sentences] == ["p2-s1"]


def test_markdown_markup_is_removed_from_paragraph_text(tmp_path: Path) -> None:
    article = load_article(tmp_path, ARTICLE_TEXT)
    assert article.paragraphs[0].text == (
        "The first paragraph has emphasis, strong words and a link. It goes on on a second line.")
    assert [s.text for s in article.paragraphs[0].sentences] == [
        "The first paragraph has emphasis, strong words and a link.", "It goes on on a second line."]


def test_raw_html_is_kept_as_literal_text_not_interpreted(tmp_path: Path) -> None:
    article = load_article(tmp_path, ARTICLE_TEXT)
    assert article.paragraphs[2].text == "Raw <b>HTML</b> stays <script>alert(1)</script> text."


def test_sentence_ids_are_numbered_within_their_paragraph(tmp_path: Path) -> None:
    article = load_article(tmp_path, ARTICLE_TEXT)
    assert [(s.id, s.text) for s in article.paragraphs[3].sentences] == [
        ("p4-s1", "The fourth block."), ("p4-s2", "Its second sentence.")]


def test_list_items_and_block_quotes_are_paragraphs_of_their_own() -> None:
    body = "- First item. Still first.\n- Second item\n\n> A quoted paragraph.\n"
    paragraphs = segment_body(body, "a.md")
    assert [(p.id, p.text, p.location.line) for p in paragraphs] == [
        ("p1", "First item. Still first.", 1), ("p2", "Second item", 2), ("p3", "A quoted paragraph.", 4)]


# ---------------------------------------------------------------------------------------------
# Stable ids


BODY = """\
Paragraph one says something. It has two sentences.

Paragraph two, a single sentence.

Paragraph three is the one that changes. It has two sentences too.

Paragraph four closes.
"""


def ids_and_texts(body: str) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
    return [(p.id, p.text, tuple((s.id, s.text) for s in p.sentences)) for p in segment_body(body, "a.md", 7)]


def test_the_same_input_always_gives_the_same_ids() -> None:
    assert segment_body(BODY, "a.md", 7) == segment_body(BODY, "a.md", 7)
    assert [p.id for p in segment_body(BODY, "a.md", 7)] == ["p1", "p2", "p3", "p4"]


def test_editing_paragraph_three_keeps_the_ids_and_text_of_paragraphs_one_and_two() -> None:
    before = ids_and_texts(BODY)
    edited = BODY.replace("Paragraph three is the one that changes. It has two sentences too.",
                          "Paragraph three was rewritten. Now it has three sentences. Really.")
    after = ids_and_texts(edited)
    assert after[:2] == before[:2]
    assert after[2] != before[2]
    assert [s for s, _t in after[2][2]] == ["p3-s1", "p3-s2", "p3-s3"]
    assert after[3] == before[3]


def test_appending_a_paragraph_keeps_every_earlier_id() -> None:
    before = ids_and_texts(BODY)
    after = ids_and_texts(BODY + "\nA new last paragraph.\n")
    assert after[:4] == before
    assert after[4][0] == "p5"


def test_blocks_without_words_are_not_numbered() -> None:
    body = "First.\n\n![](img.png)\n\n```\ncode block\n```\n\n---\n\nSecond.\n"
    assert [(p.id, p.text, p.location.line) for p in segment_body(body, "a.md")] == [
        ("p1", "First.", 1), ("p2", "Second.", 11)]
