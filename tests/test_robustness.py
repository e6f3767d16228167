"""No input produces a traceback: every broken file ends in findings, exit code 1 and a
``file:line:column: error:`` line naming the file at fault."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefgen.build import load_briefing
from briefgen.cli import main
from projects import (ARTICLE, BASELINE, FACTS, GOOD_ARTICLE, GOOD_FACTS, GOOD_NARRATIVE, NARRATIVE, article_with,
                      claim_citing, facts_with, narrative_with, write_files)

FRONT_MATTER_END = GOOD_ARTICLE.index("---\n", 4) + 4
BODY = GOOD_ARTICLE[FRONT_MATTER_END:]
CLAIM = '      - {source: wire, text: "Officials said the visit was planned."}'
BOMB = "".join([f"l{n}: &l{n} [{','.join([f'*l{n - 1}'] * 9)}]\n" for n in range(1, 9)])


def front_matter(yaml_text: str) -> dict[str, str]:
    return {ARTICLE: "---\n" + yaml_text + "---\n" + BODY}


# (case id, files changed from the baseline, the file the error must name)
BROKEN: list[tuple[str, Mapping[str, str | bytes | None], str]] = [
    # malformed YAML of several kinds
    ("yaml-unclosed-flow-list", facts_with("actors: [smith]", "actors: [smith"), FACTS),
    ("yaml-unclosed-flow-mapping", facts_with(CLAIM, CLAIM.rstrip("}")), FACTS),
    ("yaml-bad-indentation", facts_with("    name: John Smith", "      name: John Smith"), FACTS),
    ("yaml-tab-indentation", facts_with("    name: John Smith", "\tname: John Smith"), FACTS),
    ("yaml-unclosed-double-quote", facts_with('"We welcome the delegation."', '"We welcome the delegation.'), FACTS),
    ("yaml-unclosed-single-quote", facts_with('"We welcome the delegation."', "'We welcome the delegation."), FACTS),
    ("yaml-colon-in-plain-value", facts_with("    name: The capital", "    name: The capital: old town"), FACTS),
    ("yaml-two-documents", {FACTS: GOOD_FACTS + "---\nbriefing: {title: Again}\n"}, FACTS),
    ("yaml-duplicate-key", facts_with("    kind: city", "    kind: city\n    kind: town"), FACTS),
    ("yaml-list-instead-of-mapping", {FACTS: "- briefing\n- actors\n"}, FACTS),
    ("yaml-scalar-file", {FACTS: "just a sentence\n"}, FACTS),
    ("yaml-empty-file", {FACTS: ""}, FACTS),
    ("yaml-only-a-comment", {FACTS: "# nothing yet\n"}, FACTS),
    ("yaml-complex-key", {FACTS: "? [a, b]\n: c\n" + GOOD_FACTS}, FACTS),
    ("yaml-null-item", facts_with("claims:\n", "claims:\n  -\n"), FACTS),
    ("yaml-section-as-mapping", facts_with("dates:\n  - id: arrival", "dates:\n  first:\n    id: arrival"), FACTS),
    # bad dates
    ("date-impossible", facts_with("date: 2023-09-09", "date: 2023-02-30"), FACTS),
    ("date-as-words", facts_with("date: 2023-09-09", "date: next Saturday"), FACTS),
    ("date-as-number", facts_with("date: 2023-09-09", "date: 20230909"), FACTS),
    ("date-with-time", facts_with("date: 2023-09-09", "date: 2023-09-09 10:00:00"), FACTS),
    ("briefing-date-impossible", facts_with("  title: Test briefing", "  title: Test briefing\n  date: 2023-13-45"),
     FACTS),
    ("range-backwards", facts_with("    date: 2023-09-09", "    start: 2023-09-10\n    end: 2023-09-01"), FACTS),
    # missing fields
    ("missing-actor-name-and-kind", facts_with("    name: John Smith\n    kind: person\n", ""), FACTS),
    ("missing-briefing", facts_with("briefing:\n  title: Test briefing\n", ""), FACTS),
    ("missing-briefing-title", facts_with("  title: Test briefing", "  subtitle: Test briefing"), FACTS),
    ("missing-quote-speaker", facts_with("    speaker: smith\n", ""), FACTS),
    # wrong types
    ("actors-is-a-number", facts_with("actors:\n  - id: smith", "actors: 5\nspare:\n  - id: smith"), FACTS),
    ("cite-is-a-string", facts_with("    cite:\n" + CLAIM, '    cite: "x"'), FACTS),
    ("cite-holds-a-number", facts_with(CLAIM, "      - 5"), FACTS),
    ("cite-holds-a-source-id-in-a-claim", facts_with(CLAIM, "      - wire"), FACTS),
    ("paragraph-is-a-word", claim_citing('paragraph: "three"'), FACTS),
    ("paragraph-is-negative", claim_citing("paragraph: -1"), FACTS),
    ("occurrence-is-zero", claim_citing('text: "delegation", occurrence: 0'), FACTS),
    ("occurrence-is-a-float", claim_citing('text: "delegation", occurrence: 1.5'), FACTS),
    ("sentence-without-paragraph", claim_citing('text: "delegation", sentence: 9'), FACTS),
    ("id-is-a-number", facts_with("  - id: capital", "  - id: 42"), FACTS),
    ("id-is-a-boolean", facts_with("  - id: capital", "  - id: yes"), FACTS),
    ("name-is-a-boolean", facts_with("    name: John Smith", "    name: no"), FACTS),
    ("name-is-null", facts_with("    name: John Smith", "    name:"), FACTS),
    ("key-is-not-a-boolean", facts_with("    statement: Officials", "    key: maybe\n    statement: Officials"), FACTS),
    ("actors-list-holds-a-number", facts_with("    actors: [smith]", "    actors: [7]"), FACTS),
    ("variants-is-a-string", facts_with("    cite: [wire]\n", "    cite: [wire]\n    variants: none\n"), FACTS),
    ("role-is-a-list", facts_with("    role:\n      value: Spokesman", "    role: [Spokesman]\n    spare:\n      value: x"),
     FACTS),
    # junk bytes and encodings
    ("facts-binary-junk", {FACTS: bytes(range(256)) * 4}, FACTS),
    ("facts-invalid-utf8", {FACTS: GOOD_FACTS.encode() + b"\xc3\x28 broken\n"}, FACTS),
    ("facts-utf16", {FACTS: GOOD_FACTS.encode("utf-16")}, FACTS),
    ("facts-nul-byte", {FACTS: GOOD_FACTS.replace("Test briefing", "Test\0briefing").encode()}, FACTS),
    ("article-binary-junk", {ARTICLE: b"\x89PNG\r\n\x1a\n" + bytes(range(256))}, ARTICLE),
    ("article-invalid-utf8", {ARTICLE: GOOD_ARTICLE.encode().replace(b"Officials", b"Offi\xe9ials")}, ARTICLE),
    ("article-utf16", {ARTICLE: GOOD_ARTICLE.encode("utf-16")}, ARTICLE),
    ("article-nul-byte", {ARTICLE: GOOD_ARTICLE.replace("Officials", "Offi\0cials")}, ARTICLE),
    ("narrative-binary-junk", {NARRATIVE: b"\xff\xfe\x00junk"}, NARRATIVE),
    # articles
    ("article-without-front-matter", {ARTICLE: BODY}, ARTICLE),
    ("article-front-matter-not-closed", article_with("language: en\n---\n", "language: en\n"), ARTICLE),
    ("article-front-matter-bad-yaml", article_with("outlet: Test Wire", 'outlet: "Test Wire'), ARTICLE),
    ("article-front-matter-is-a-list", front_matter("- title\n- outlet\n"), ARTICLE),
    ("article-front-matter-is-a-scalar", front_matter("just words\n"), ARTICLE),
    ("article-front-matter-is-empty", front_matter(""), ARTICLE),
    ("article-empty-file", {ARTICLE: ""}, ARTICLE),
    ("article-published-is-not-a-date", article_with("published: 2023-09-07", "published: yesterday"), ARTICLE),
    ("article-title-is-a-mapping", article_with("title: Delegation to visit the capital", "title: {a: b}"), ARTICLE),
    ("article-python-tag", article_with("outlet: Test Wire", "outlet: !!python/object/apply:os.getcwd []"), ARTICLE),
    ("article-file-name-not-a-slug", {ARTICLE: None, "content/articles/Wire Copy.md": GOOD_ARTICLE}, "content/articles"),
    ("article-very-long-front-matter-line",
     article_with("title: Delegation to visit the capital", "title: " + "x" * 200_000 + ": y"), ARTICLE),
    # folders
    ("empty-articles-folder", {ARTICLE: None, "content/articles/": None}, "content/articles"),
    ("no-articles-folder", {ARTICLE: None}, "content/articles"),
    ("no-content-folder", {ARTICLE: None, FACTS: None, NARRATIVE: None}, "content/"),
    # the narrative
    ("narrative-unclosed-citation", narrative_with("[@welcome].", "[@welcome."), NARRATIVE),
    ("narrative-unclosed-entity-link", narrative_with("[[smith]]", "[[smith"), NARRATIVE),
    ("narrative-unclosed-both", narrative_with("[[smith]] welcomed the delegation [@welcome].",
                                               "[[smith welcomed the delegation [@welcome"), NARRATIVE),
    ("narrative-empty-citation", narrative_with("[@welcome]", "[@]"), NARRATIVE),
    ("narrative-very-long-uncited-line", {NARRATIVE: GOOD_NARRATIVE + "word " * 50_000 + "\n"}, NARRATIVE),
    ("narrative-unclosed-judgement", narrative_with("seems.\n:::\n", "seems.\n\nNothing cites this.\n"), NARRATIVE),
    ("narrative-unknown-id-in-unclosed-judgement", {NARRATIVE: "::: judgement\nMine.\n\nThis is [@nothing].\n"},
     NARRATIVE),
    # long lines, deep nesting, anchors, aliases, merge keys and tags
    ("facts-very-long-line", facts_with("    statement: Officials said the visit was planned.",
                                        "    statement: " + "x" * 200_000 + ": y"), FACTS),
    ("yaml-deeply-nested-flow", {FACTS: GOOD_FACTS + "extra: " + "[" * 1100 + "]" * 1100 + "\n"}, FACTS),
    ("yaml-deeply-nested-block", {FACTS: GOOD_FACTS + "extra:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200))},
     FACTS),
    ("yaml-undefined-alias", facts_with("    kind: city", "    kind: *kind"), FACTS),
    ("yaml-recursive-alias", {FACTS: "loop: &loop [*loop]\n" + GOOD_FACTS}, FACTS),
    ("yaml-alias-bomb", {FACTS: BOMB.replace("*l0", '"lol"') + GOOD_FACTS}, FACTS),
    ("yaml-alias-of-wrong-type", facts_with("    kind: city", "    spare: &things [a, b]\n    kind: *things"), FACTS),
    ("yaml-merge-key-brings-unknown-key", facts_with("venues:\n  - id: capital\n",
                                                     "spare: &extra {population: 3}\nvenues:\n  - id: capital\n"
                                                     "    <<: *extra\n"), FACTS),
    ("yaml-merge-of-a-scalar", facts_with("    kind: city", "    kind: city\n    <<: 5"), FACTS),
    ("yaml-python-object-tag", facts_with("  title: Test briefing",
                                          "  title: !!python/object/apply:os.system [\"echo pwned\"]"), FACTS),
    ("yaml-python-object-tag-on-a-mapping", facts_with("    kind: city", "    kind: !!python/object:os.PathLike {x: 1}"),
     FACTS),
    ("yaml-python-name-tag", facts_with("  title: Test briefing", "  title: !!python/name:os.system ''"), FACTS),
    ("yaml-custom-tag", facts_with("  title: Test briefing", "  title: !secret x"), FACTS),
    ("yaml-binary-tag", facts_with("  title: Test briefing", "  title: !!binary aGVsbG8="), FACTS),
]


@pytest.mark.parametrize(("files", "culprit"), [(files, culprit) for _id, files, culprit in BROKEN],
                         ids=[case_id for case_id, _f, _c in BROKEN])
def test_a_broken_input_gives_findings_and_exit_1_never_a_traceback(tmp_path: Path,
                                                                    files: Mapping[str, str | bytes | None],
                                                                    culprit: str) -> None:
    merged: dict[str, str | bytes | None] = dict(BASELINE)
    merged.update(files)
    write_files(tmp_path, merged)
    result = CliRunner().invoke(main, ["check", "-p", str(tmp_path)], catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == 1, result.output
    assert re.search(rf"^{re.escape(culprit)}[^:]*:\d+:\d+: error: \S", result.output, re.M), result.output


def test_the_broken_cases_each_change_the_baseline() -> None:
    for case_id, files, _culprit in BROKEN:
        assert any(BASELINE.get(path) != content for path, content in files.items()), case_id
    assert len({case_id for case_id, _f, _c in BROKEN}) == len(BROKEN)


def test_a_python_tag_never_runs_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    files: dict[str, str | bytes | None] = dict(BASELINE)
    files.update(facts_with("  title: Test briefing", f'  title: !!python/object/apply:os.system ["touch {marker}"]'))
    files.update(article_with("outlet: Test Wire", f'outlet: !!python/object/apply:os.system ["touch {marker}"]'))
    write_files(tmp_path / "project", files)
    load_briefing(tmp_path / "project")
    assert not marker.exists()


# ---------------------------------------------------------------------------------------------
# Random damage: a seeded fuzz over the baseline files


DAMAGE = list(':-[]{}"\'#&*!|>@\n \t,.0123456789abcXYZ“”’–?%`\\<\0')


def damaged(text: str, rng: random.Random) -> str:
    """``text`` with a few random insertions, deletions and copied spans."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.35:
            text = text[:at] + rng.choice(DAMAGE) + text[at:]
        elif roll < 0.7:
            text = text[:at] + text[at + rng.randint(1, 8):]
        else:
            start = rng.randrange(len(text) + 1)
            text = text[:at] + text[start:start + rng.randint(1, 30)] + text[at:]
    return text


@pytest.mark.parametrize("seed", range(4))
def test_randomly_damaged_projects_never_raise(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    for n in range(40):
        path = rng.choice([ARTICLE, FACTS, NARRATIVE])
        files: dict[str, str | bytes | None] = dict(BASELINE)
        files[path] = damaged(BASELINE[path], rng)
        root = tmp_path / str(n)
        write_files(root, files)
        load_briefing(root)  # raises on a bug; findings are the expected outcome
