"""Editions: a briefing built twice, as two editions, shows what changed between them.

The sample is built as edition 1, then edited into edition 2 by hand-written changes: one claim
added, one claim's statement changed, one source retracted. Every expectation below is read from
those edits or from the fact sheet (with ``yaml.safe_load``), never from briefgen's own code.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import feedparser
import pytest
import yaml

from projects import ARTICLE, FACTS, GOOD_ARTICLE, GOOD_FACTS, MakeProject, findings_of, replace_once
from site_helpers import BuiltSite, briefgen, build_copy, parse_html, site_bytes, write_files

SAMPLE_FACTS = Path(__file__).resolve().parent.parent / "content" / "facts.yaml"
RETRACTED = "ap-independent"
"""The source edition 2 retracts: every claim citing it also cites another source."""
CHANGED = "kcna-announced-visit"
ADDED = "parade-invited-delegations"
ADDED_STATEMENT = "Kim invited Russian and Chinese delegations to a military parade in Pyongyang in July."
OLD_WORDING = "North Korea's state news agency KCNA announced the Chinese delegation's visit on Thursday 7 September."
NEW_WORDING = "North Korea's state news agency KCNA reported the Chinese delegation's visit on Thursday 7 September."
RETRACTION_NOTE = "The outlet replaced the story with a corrected version."


def edition_one(facts: str) -> str:
    return replace_once(facts, "  date: 2023-09-08\n", "  date: 2023-09-08\n  edition: 1\n")


def edition_two(facts: str) -> str:
    facts = replace_once(facts, "  date: 2023-09-08\n", "  date: 2023-09-12\n  edition: 2\n")
    facts = replace_once(facts, f"    statement: {OLD_WORDING}\n", f"    statement: {NEW_WORDING}\n")
    return facts.rstrip("\n") + f"""

  - id: {ADDED}
    statement: {ADDED_STATEMENT}
    theme: Chinese delegation
    cite:
      - {{source: ap-wire-copy, text: "Kim in July invited delegations led by Russian Defense Minister Sergei Shoigu"}}
"""


def retracted(article: str) -> str:
    return replace_once(article, "reliability: B", f"retracted: {{date: 2023-09-11, note: {RETRACTION_NOTE}}}\nreliability: B")


def claims_citing(source: str) -> set[str]:
    """Ids of the sample's claims that cite ``source`` (in a citation or a dispute side)."""
    def sources(claim: dict) -> set[str]:
        refs = list(claim.get("cite", []))
        refs += [ref for side in claim.get("dispute", []) for ref in side["cite"]]
        return {ref["source"] if isinstance(ref, dict) else ref for ref in refs}
    return {c["id"] for c in yaml.safe_load(SAMPLE_FACTS.read_text(encoding="utf-8"))["claims"] if source in sources(c)}


@pytest.fixture(scope="module")
def two_editions(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample built as edition 1, then edited into edition 2 and built again in the same folder."""
    facts = SAMPLE_FACTS.read_text(encoding="utf-8")
    article = (SAMPLE_FACTS.parent / "articles" / f"{RETRACTED}.md").read_text(encoding="utf-8")
    first = build_copy(tmp_path_factory.mktemp("editions"), {"content/facts.yaml": edition_one(facts)})
    assert first.result.returncode == 0, first.result.stderr
    write_files(first.project, {"content/facts.yaml": edition_two(facts),
                                f"content/articles/{RETRACTED}.md": retracted(article)})
    second = BuiltSite(first.project, briefgen("build", cwd=first.project))
    assert second.result.returncode == 0, second.result.stderr
    return second


def listed(soup, css: str, attribute: str) -> list[str]:
    return [str(li[attribute]) for li in soup.select(css)]


def test_whats_new_lists_exactly_the_changes(two_editions: BuiltSite) -> None:
    page = parse_html(two_editions.site / "whats-new" / "index.html")
    assert listed(page, ".changes-added > li", "data-claim") == [ADDED]
    assert listed(page, ".changes-changed > li", "data-claim") == [CHANGED]
    assert page.select(".changes-withdrawn > li") == []
    assert listed(page, ".changes-sources > li", "data-source") == [RETRACTED]
    assert RETRACTION_NOTE in page.select_one(".changes-sources > li").get_text()
    assert "edition 1" in page.select_one(".changes-summary").get_text()


def test_a_changed_statement_shows_old_and_new_words_marked(two_editions: BuiltSite) -> None:
    change = parse_html(two_editions.site / "whats-new" / "index.html").select_one(".changes-changed > li")
    assert [d.get_text() for d in change.select("del")] == ["announced"]
    assert [i.get_text() for i in change.select("ins")] == ["reported"]
    before, now = (" ".join(p.get_text().split()) for p in change.select(".variant-text"))
    assert (before, now) == (OLD_WORDING, NEW_WORDING)


def test_new_and_changed_claims_are_badged_on_the_claims_page_and_no_other_is(two_editions: BuiltSite) -> None:
    page = parse_html(two_editions.site / "claims" / "index.html")
    badges = {str(li["id"]): li.select_one(".claim-statement > .badge").get_text()
              for li in page.select("li.claim[id]") if li.select_one(".claim-statement > .badge")}
    assert badges == {ADDED: "New", CHANGED: "Changed"}


def test_every_claim_citing_the_retracted_source_is_flagged_and_no_other(two_editions: BuiltSite) -> None:
    page = parse_html(two_editions.site / "claims" / "index.html")
    flagged = {str(li["id"]) for li in page.select("li.claim[id]") if li.select_one(".flag-retracted")}
    assert flagged == claims_citing(RETRACTED)
    source = parse_html(two_editions.site / "sources" / RETRACTED / "index.html")
    assert RETRACTION_NOTE in source.select_one(".retraction").get_text()


def test_the_print_edition_has_a_changes_section(two_editions: BuiltSite) -> None:
    section = parse_html(two_editions.site / "print" / "index.html").select_one("section#_changes")
    assert section is not None and "Changes since edition 1" in section.h2.get_text()
    assert listed(section, ".changes-added > li", "data-claim") == [ADDED]
    assert listed(section, ".changes-changed > li", "data-claim") == [CHANGED]


def test_the_feed_is_valid_atom_with_one_entry_per_edition(two_editions: BuiltSite) -> None:
    feed = feedparser.parse((two_editions.site / "feed.xml").read_bytes())
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert [e.title for e in feed.entries] == ["Edition 2: 3 changes", "Edition 1: first edition"]
    newest = feed.entries[0]
    assert ADDED_STATEMENT in newest.content[0].value and NEW_WORDING in newest.content[0].value
    assert newest.updated.startswith("2023-09-12") and feed.entries[1].updated.startswith("2023-09-08")


def test_rebuilding_an_edition_gives_the_same_site(two_editions: BuiltSite, tmp_path: Path) -> None:
    before = site_bytes(two_editions.site)
    again = briefgen("build", cwd=two_editions.project)
    assert again.returncode == 0, again.stderr
    assert site_bytes(two_editions.site) == before


def test_previous_names_the_edition_to_compare_with(two_editions: BuiltSite, tmp_path: Path) -> None:
    """A fresh checkout (no site/) compares with the published edition it is given."""
    published = tmp_path / "edition-1.json"
    published.write_text((two_editions.site / "previous-edition.json").read_text(encoding="utf-8"), encoding="utf-8")
    fresh = tmp_path / "fresh"
    shutil.copytree(two_editions.project / "content", fresh / "content")
    shutil.copy(two_editions.project / "mkdocs.yml", fresh / "mkdocs.yml")
    built = briefgen("build", "--previous", str(published), cwd=fresh)
    assert built.returncode == 0, built.stderr
    page = parse_html(fresh / "site" / "whats-new" / "index.html")
    assert listed(page, ".changes-added > li", "data-claim") == [ADDED]
    assert listed(page, ".changes-changed > li", "data-claim") == [CHANGED]


def test_a_previous_edition_that_is_not_json_is_a_located_error_and_the_site_stays(
        two_editions: BuiltSite, tmp_path: Path) -> None:
    bad = tmp_path / "briefing.json"
    bad.write_text('{"edition": {"version": 1,\n  "claims": [}\n', encoding="utf-8")
    before = site_bytes(two_editions.site)
    built = briefgen("build", "--previous", str(bad), cwd=two_editions.project)
    assert built.returncode == 1
    assert f"{bad}:2:14: error: the previous edition is not JSON" in built.stderr
    assert "Traceback" not in built.stderr
    assert site_bytes(two_editions.site) == before


# ---------------------------------------------------------------------------------------------
# Retraction, on the tiny baseline project (tests/projects.py)

RETRACTED_ARTICLE = replace_once(GOOD_ARTICLE, "language: en\n",
                                 "language: en\nretracted: {date: 2023-09-10, note: Withdrawn by the wire.}\n")


def test_a_claim_resting_only_on_retracted_sources_is_an_error(make_project: MakeProject) -> None:
    root = make_project({ARTICLE: RETRACTED_ARTICLE})
    assert [f for f in findings_of(root) if "retracted" in f] == [
        "content/facts.yaml:29:5: error: claim 'visit-planned' rests only on retracted sources ('wire') — cite a "
        "source that stands, withdraw the claim, or say why it stands with 'despite_retraction:'"]


def test_a_claim_that_says_why_it_stands_despite_the_retraction_is_accepted(make_project: MakeProject) -> None:
    facts = replace_once(GOOD_FACTS, "  - id: visit-planned\n",
                         "  - id: visit-planned\n    despite_retraction: The visit took place as planned.\n")
    root = make_project({ARTICLE: RETRACTED_ARTICLE, FACTS: facts})
    assert [f for f in findings_of(root) if "retracted" in f] == []


def test_a_retraction_without_its_note_is_a_located_error(make_project: MakeProject) -> None:
    article = replace_once(GOOD_ARTICLE, "language: en\n", "language: en\nretracted: {date: 2023-09-10}\n")
    root = make_project({ARTICLE: article})
    problems = [f for f in findings_of(root) if "retracted" in f]
    assert len(problems) == 1 and problems[0].startswith("content/articles/wire.md:6:")
    assert "note" in problems[0]
