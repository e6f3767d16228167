"""A briefing too large for one page per section still gives a site where every link lands.

Claims, dated events and quotes are split into pages of at most 500; the corroboration grid becomes
a themes × origins summary; the site's print edition gives way to a note. Links from everywhere
(entity pages, source pages, backlinks) must reach the page the claim now stands on.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from site_helpers import BuiltSite, briefgen, broken_links, write_files

SOURCES, CLAIMS, THEMES, ACTORS = 45, 2100, 3, 5
PAGE = 500  # the documented number of claims on one page


def article(k: int) -> str:
    body = "\n\n".join(f"Report {k} paragraph {p} notes that event number {k}-{p} took place." for p in range(1, 4))
    return f"---\ntitle: Report {k}\noutlet: Outlet {k}\npublished: 2024-01-{1 + k % 28:02d}\nlanguage: en\n---\n{body}\n"


def fact_sheet() -> str:
    lines = ["briefing:", "  title: A large briefing", "actors:"]
    for a in range(ACTORS):
        lines += [f"  - id: actor-{a}", f"    name: Actor {a}", "    kind: person"]
    lines += ["claims:"]
    for i in range(CLAIMS):
        k, p = i % SOURCES, i % 3 + 1
        lines += [f"  - id: c{i:04d}", f"    statement: Claim {i} about event {k}-{p}.", f"    theme: Theme {i % THEMES}",
                  f"    actors: [actor-{i % ACTORS}]",
                  f'    cite: [{{source: r{k:02d}, text: "event number {k}-{p} took place"}}]']
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    project = tmp_path_factory.mktemp("large")
    files = {f"content/articles/r{k:02d}.md": article(k) for k in range(SOURCES)}
    files["content/facts.yaml"] = fact_sheet()
    files["mkdocs.yml"] = ("site_name: Large\nsite_url: https://example.org/large/\ndocs_dir: content\n"
                           "theme:\n  name: briefgen\nplugins:\n  - search\n  - briefgen\n")
    write_files(project, files)
    built = BuiltSite(project, briefgen("build", cwd=project))
    assert built.result.returncode == 0, built.result.stderr
    return built


def claims_pages(site: BuiltSite) -> list[str]:
    return ["claims/index.html"] + [f"claims/{n}/index.html" for n in range(2, math.ceil(CLAIMS / PAGE) + 1)]


def test_the_claims_are_split_into_pages_of_at_most_500(large: BuiltSite) -> None:
    pages = claims_pages(large)
    assert all((large.site / p).is_file() for p in pages)
    assert not (large.site / f"claims/{len(pages) + 1}/index.html").exists()
    counts = [len(large.page(p).select("li.claim")) for p in pages]
    assert counts == [PAGE] * (len(pages) - 1) + [CLAIMS - PAGE * (len(pages) - 1)]


def test_every_claim_stands_on_exactly_one_page(large: BuiltSite) -> None:
    seen = [li["id"] for p in claims_pages(large) for li in large.page(p).select("li.claim")]
    assert sorted(seen) == [f"c{i:04d}" for i in range(CLAIMS)]


def test_every_internal_link_and_anchor_of_the_large_site_resolves(large: BuiltSite) -> None:
    broken, external, checked = broken_links(large)
    assert external == set()
    assert checked > CLAIMS * 3  # every actor page links each of its claims, every source page its citers
    assert broken == []


def test_an_actor_page_links_its_claims_on_the_pages_they_stand_on(large: BuiltSite) -> None:
    links = {a["href"] for a in large.page("actors/actor-0/index.html").select("a.claim-link")}
    assert "../../claims/#c0000" in links          # the first claim of Theme 0 opens page 1
    # Theme 0 holds claims 0, 3, 6, …: its 501st, claim 1500 (an actor-0 claim), opens page 2.
    assert "../../claims/2/#c1500" in links
    assert "../../claims/#c1500" not in links
    assert len(links) == CLAIMS // ACTORS


def test_the_corroboration_page_summarises_by_theme_and_origin(large: BuiltSite) -> None:
    page = large.page("corroboration/index.html")
    assert "too many for one claims × sources grid" in page.get_text()
    rows = page.select("table.matrix tbody tr")
    assert [r.th.get_text() for r in rows] == [f"Theme {t}" for t in range(THEMES)]
    assert [int(r.select("td")[0].get_text()) for r in rows] == [CLAIMS // THEMES] * THEMES


def test_the_print_edition_gives_way_to_a_note(large: BuiltSite) -> None:
    page = large.page("print/index.html")
    assert f"This briefing has {CLAIMS} claims: too many for one printable document" in page.get_text(" ")
    assert page.select("li.claim") == []


def test_no_page_of_the_large_site_is_heavy(large: BuiltSite) -> None:
    sizes = {p.relative_to(large.site).as_posix(): p.stat().st_size for p in large.site.rglob("*.html")}
    assert max(sizes.values()) < 3_000_000, max(sizes, key=sizes.__getitem__)


def test_search_finds_each_claim_at_its_own_page_and_anchor(large: BuiltSite) -> None:
    import json

    docs = json.loads((large.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    claims = {d["location"]: d for d in docs if "#c" in d["location"]}
    assert len(claims) == CLAIMS
    assert claims["claims/2/#c1500"]["title"] == "Claim 1500 about event 15-1."
    assert "Theme 0" in claims["claims/2/#c1500"]["text"]
