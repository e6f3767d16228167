"""``briefgen serve``: after an edit, the served site is exactly what a fresh build would give.

The serve session renders again only the pages an edit changes. Each test here edits a copy of the
sample the way an analyst would, lets the session rebuild, then builds the same files from scratch
with a new session and compares the two sites byte for byte: a page the session failed to render
again (a stale backlink, a stale count) would differ.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest

from briefgen.serve import ServeSession
from site_helpers import REPO, copy_project, site_bytes

Edit = Callable[[Path], None]


def replace_in(root: Path, rel: str, old: str, new: str, count: int = 1) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert text.count(old) >= count, f"{old!r} is not in {rel}"
    path.write_text(text.replace(old, new, count), "utf-8")


FACTS = "content/facts.yaml"
KCNA_CLAIM = "    statement: North Korea's state news agency KCNA announced the Chinese delegation's visit on Thursday 7 September."
NEW_CLAIM = """
  - id: added-claim
    statement: An added claim about the announcement.
    theme: Chinese delegation
    actors: [kcna]
    cite:
      - {source: ap-independent, text: "the North’s state media said Thursday"}
"""

EDITS: dict[str, Edit] = {
    "a claim's statement": lambda root: replace_in(root, FACTS, KCNA_CLAIM, "    statement: KCNA announced it, the edit says."),
    "a statement the narrative cites": lambda root: replace_in(
        root, FACTS, "      A Chinese delegation led by Vice Premier Liu Guozhong will visit North Korea",
        "      A Chinese delegation led by Vice Premier Liu Guozhong (edited) will visit North Korea"),
    "a claim names one more actor": lambda root: replace_in(
        root, FACTS, "    actors: [kcna, north-korea]\n    dates: [kcna-announcement]",
        "    actors: [kcna, north-korea, liu-guozhong]\n    dates: [kcna-announcement]"),
    "a claim moves to a new theme": lambda root: replace_in(
        root, FACTS, KCNA_CLAIM + "\n    theme: Chinese delegation", KCNA_CLAIM + "\n    theme: Announcements"),
    "a claim now contradicts another": lambda root: replace_in(
        root, FACTS, KCNA_CLAIM + "\n    theme: Chinese delegation",
        KCNA_CLAIM + "\n    theme: Chinese delegation\n    contradicts: [chinese-delegation-visit]"),
    "an actor's name": lambda root: replace_in(root, FACTS, "    name: Liu Guozhong\n", "    name: Liu Guozhong (edited)\n"),
    "lines added above everything": lambda root: replace_in(root, FACTS, "actors:\n", "# two lines\n# of comment\nactors:\n"),
    "a claim added at the end": lambda root: (root / FACTS).write_text((root / FACTS).read_text("utf-8") + NEW_CLAIM, "utf-8"),
    "the narrative": lambda root: replace_in(root, "content/briefing.md", "is sending a delegation", "sends a delegation"),
    "an article gains a paragraph": lambda root: (root / "content/articles/ap-rewrite.md").write_text(
        (root / "content/articles/ap-rewrite.md").read_text("utf-8") + "\nA paragraph added by the test.\n", "utf-8"),
    "a new actor (a new page)": lambda root: replace_in(
        root, FACTS, "actors:\n", "actors:\n  - id: added-actor\n    name: An Added Actor\n    kind: person\n"),
}
INCREMENTAL = {"a claim's statement", "a statement the narrative cites", "a claim names one more actor", "a claim moves to a new theme", "an actor's name",
               "a claim now contradicts another",
               "lines added above everything", "a claim added at the end", "the narrative"}
"""Edits the session follows thing by thing. After the others it renders every page again (an article
may change any citation's passage) but writes only the pages that differ, or, when pages are added or
removed, has mkdocs build everything."""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def serving(project: Path, tmp_path: Path) -> ServeSession:
    """A serve session of ``project`` that has built its site into ``tmp_path/served``."""
    session = ServeSession(project / "mkdocs.yml", str(tmp_path / "served"), None)
    session.build()
    return session


def fresh_build(project: Path, site: Path) -> dict[str, bytes]:
    ServeSession(project / "mkdocs.yml", str(site), None).build()
    return site_bytes(site)


def test_after_an_edit_the_whats_new_page_is_what_a_fresh_build_gives(project: Path, tmp_path: Path) -> None:
    """With a previous edition to compare with, an edit changes the What's new page, the badges and the feed."""
    fresh_build(project, tmp_path / "edition-1")
    (project / "editions").mkdir()
    (project / "editions" / "edition-1.json").write_bytes((tmp_path / "edition-1" / "briefing.json").read_bytes())
    replace_in(project, FACTS, "  date: 2023-09-08\n", "  date: 2023-09-12\n  edition: 2\n")
    replace_in(project, "mkdocs.yml", "      templates: templates\n", "      templates: templates\n      previous: editions/edition-1.json\n")
    session = serving(project, tmp_path)
    before = site_bytes(tmp_path / "served")
    EDITS["a claim's statement"](project)
    session.build()
    served = site_bytes(tmp_path / "served")
    expected = fresh_build(project, tmp_path / "fresh")
    assert session.rebuilt is not None
    assert [path for path in expected if served.get(path) != expected[path]] == []
    assert served["whats-new/index.html"] != before["whats-new/index.html"]
    assert b"kcna-announced-visit" in served["whats-new/index.html"]


@pytest.mark.parametrize("name", EDITS)
def test_after_an_edit_the_served_site_is_what_a_fresh_build_gives(project: Path, tmp_path: Path, name: str) -> None:
    session = serving(project, tmp_path)
    before = site_bytes(tmp_path / "served")
    EDITS[name](project)
    session.build()
    served = site_bytes(tmp_path / "served")
    expected = fresh_build(project, tmp_path / "fresh")
    assert sorted(served) == sorted(expected)
    assert [path for path in expected if served[path] != expected[path]] == []
    if name == "lines added above everything":
        assert served == before and session.rebuilt == 0  # nothing a reader sees moved
    elif name in INCREMENTAL:
        assert served != before
        assert session.rebuilt is not None and 0 < session.rebuilt < sum(p.endswith(".html") for p in expected) // 2
    else:
        assert served != before
    if name == "a new actor (a new page)":
        assert session.rebuilt is None  # a page more: mkdocs builds everything, navigation included


@pytest.mark.parametrize("name", ["a claim's statement", "a claim names one more actor", "a claim moves to a new theme",
                                  "a claim now contradicts another", "a claim added at the end"])
def test_without_a_narrative_the_home_page_counts_follow_edits(project: Path, tmp_path: Path, name: str) -> None:
    """Without a narrative the home page lists key claims, main actors and their claim counts."""
    (project / "content/briefing.md").unlink()
    session = serving(project, tmp_path)
    EDITS[name](project)
    session.build()
    assert session.rebuilt is not None
    assert site_bytes(tmp_path / "served") == fresh_build(project, tmp_path / "fresh")


def test_edits_in_a_row_stay_exact(project: Path, tmp_path: Path) -> None:
    session = serving(project, tmp_path)
    for name in ("a claim's statement", "lines added above everything", "a claim names one more actor", "an actor's name"):
        EDITS[name](project)
        session.build()
    assert site_bytes(tmp_path / "served") == fresh_build(project, tmp_path / "fresh")


def test_an_edit_with_an_error_keeps_the_served_site_and_the_fix_rebuilds_it(
        project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    session = serving(project, tmp_path)
    before = site_bytes(tmp_path / "served")
    replace_in(project, FACTS, "    actors: [kcna, north-korea]\n", "    actors: [kcna, north-koreaa]\n")
    session.build()
    assert site_bytes(tmp_path / "served") == before
    reported = [r.getMessage() for r in caplog.records]
    assert any(re.search(r"content/facts\.yaml:\d+:\d+: error: .*'north-koreaa'", m) for m in reported), reported
    replace_in(project, FACTS, "north-koreaa", "north-korea")
    EDITS["a claim's statement"](project)
    session.build()
    assert site_bytes(tmp_path / "served") == fresh_build(project, tmp_path / "fresh")


def test_briefgen_serve_shows_an_edit_on_the_claims_page_and_on_the_actors_page(tmp_path: Path) -> None:
    """The real command, over HTTP: benchmarks/serve_latency.py edits a claim and polls the pages."""
    project = copy_project(tmp_path / "project")
    out = tmp_path / "serve.json"
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "serve_latency.py"), str(project),
                          "--edits", "2", "--timeout", "60", "--startup-timeout", "120", "--json-out", str(out)],
                         capture_output=True, text=True, timeout=300)
    result = json.loads(out.read_text("utf-8"))
    assert run.returncode == 0, result
    assert result["latency_s"] is not None and result["dependent_ok"], result
    assert "rebuilt" in result["server_log_tail"] and "Traceback" not in result["server_log_tail"]


def test_a_broken_edit_that_needs_a_full_build_keeps_the_served_site(
        project: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """mkdocs empties the site folder when it builds; the briefing is checked before it may."""
    session = serving(project, tmp_path)
    before = site_bytes(tmp_path / "served")
    replace_in(project, FACTS, "    actors: [kcna, north-korea]\n", "    actors: [kcna, north-koreaa]\n")
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text("utf-8") + "\n# edited\n", "utf-8")
    session.build()
    assert site_bytes(tmp_path / "served") == before
    assert any("'north-koreaa'" in r.getMessage() for r in caplog.records)


def test_the_served_site_is_the_site_briefgen_build_writes(project: Path, tmp_path: Path) -> None:
    """``briefgen build`` streams each page's HTML through a file; ``briefgen serve`` keeps it in
    memory to compare with the next build. Both give the same bytes."""
    run = subprocess.run([sys.executable, "-m", "briefgen", "build"], cwd=project, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    serving(project, tmp_path)
    assert site_bytes(project / "site") == site_bytes(tmp_path / "served")


def test_without_the_search_plugin_an_edit_is_followed_too(project: Path, tmp_path: Path) -> None:
    replace_in(project, "mkdocs.yml", "  - search\n", "")
    session = serving(project, tmp_path)
    EDITS["a claim's statement"](project)
    session.build()
    assert session.rebuilt is not None and session.rebuilt > 0
    served = site_bytes(tmp_path / "served")
    assert not any(path.startswith("search/") for path in served)
    assert served == fresh_build(project, tmp_path / "fresh")
