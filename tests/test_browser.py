"""The sample site in real Chromium, served from a sub-path the way GitHub Pages serves a project site.

Pages load with no console error, no failed or outside request and no horizontal scroll on a phone;
citation popovers show their passage on hover and on keyboard focus, hide on Escape and shift
nothing. Screenshots go to test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import functools
import os
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest

from site_helpers import REPO, BuiltSite, normalise

pytest_plugins = ["site_helpers"]
pytestmark = pytest.mark.browser

playwright_api = pytest.importorskip("playwright.sync_api")

SUB_PATH = "/briefing-repo/"
"""Where the site is served: a GitHub Pages project site lives under /<repository>/."""
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}
CHROMIUM = os.environ.get("BRIEFGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ARTIFACTS = REPO / "test-artifacts"


# ---------------------------------------------------------------------------------------------
# Serving and browsing


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, quietly; a missing file gets the site's 404.html, as on GitHub Pages."""

    not_found: Path | None = None

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != HTTPStatus.NOT_FOUND or self.not_found is None:
            super().send_error(code, message, explain)
            return
        body = self.not_found.read_bytes()
        self.send_response(code)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def server(sample: BuiltSite, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample site served at http://127.0.0.1:<port>/briefing-repo/ (the URL returned)."""
    root = tmp_path_factory.mktemp("www")
    (root / SUB_PATH.strip("/")).symlink_to(sample.site, target_is_directory=True)
    handler = type("Handler", (SiteHandler,), {"not_found": sample.site / "404.html"})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUB_PATH}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        executable = CHROMIUM if Path(CHROMIUM).is_file() else None
        chromium = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """A tab that records everything that went wrong while it was open."""

    def __init__(self, browser: Any, viewport: dict[str, int]) -> None:
        self.context = browser.new_context(viewport=viewport)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.requested: list[str] = []
        self.expected_statuses: dict[str, int] = {}
        page = self.page
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", self._response)
        page.on("request", self._request)
        self.finished: set[str] = set()
        page.on("requestfinished", lambda r: self.finished.add(urlsplit(r.url).path.rsplit("/", 1)[-1]))

    def _console(self, message: Any) -> None:
        where = message.location.get("url", "")
        if message.type == "error" and where not in self.expected_statuses:  # a 404 asked for logs one
            self.problems.append(f"console error: {message.text} at {where}")

    def _request(self, request: Any) -> None:
        self.requested.append(request.url)
        host = urlsplit(request.url).hostname
        if host != "127.0.0.1":
            self.problems.append(f"request to another host: {request.url}")

    def _response(self, response: Any) -> None:
        if response.status >= 400 and self.expected_statuses.get(response.url) != response.status:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def open(self, url: str) -> Any:
        """Go to ``url`` and wait until the page has loaded and the search worker has its index and lunr
        (the last requests a page makes; quicker than waiting for the network to stay idle)."""
        if self.page.url == url:  # already open: only put it back as it was loaded
            self.page.evaluate("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
            return self.page
        self.finished.clear()
        self.page.goto(url, wait_until="load")
        return self.settle()

    def follow(self, link: Any) -> Any:
        """Click a link and wait for the page it leads to, as :meth:`open` does."""
        self.finished.clear()
        with self.page.expect_navigation(wait_until="load"):
            link.click()
        return self.settle()

    def settle(self) -> Any:
        for _ in range(250):
            if {"search_index.json", "lunr.js"} <= self.finished:
                break
            self.page.wait_for_timeout(20)
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def tab(request: pytest.FixtureRequest, browser: Any) -> Iterator[Visit]:
    """One tab per window size, shared by the tests (so a page already open need not load again)."""
    opened = Visit(browser, VIEWPORTS[request.param])
    yield opened
    opened.close()


@pytest.fixture
def visit(tab: Visit) -> Visit:
    """The tab of this window size, with a clean record of problems and the mouse in a corner."""
    tab.problems.clear()
    tab.requested.clear()
    tab.expected_statuses.clear()
    tab.page.mouse.move(0, 0)
    return tab


def chosen_pages(sample: BuiltSite) -> dict[str, str]:
    """The pages the brief names, picked from the fact sheet: the first actor, the source of the first claim."""
    facts = sample.facts
    first_claim = next(c for c in facts["claims"] if c.get("cite"))
    return {"home": "", "claims": "claims/", "actor": f"actors/{facts['actors'][0]['id']}/",
            "source": f"sources/{first_claim['cite'][0]['source']}/", "timeline": "timeline/", "quotes": "quotes/"}


def width_of(visit: Visit) -> int:
    return int(visit.page.viewport_size["width"])


# ---------------------------------------------------------------------------------------------
# Pages


def test_pages_load_cleanly_and_fit_the_screen(sample: BuiltSite, server: str, visit: Visit) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    width = width_of(visit)
    overflowing = []
    for name, url in chosen_pages(sample).items():
        page = visit.open(server + url)
        assert page.locator("main h1").count() >= 1, name
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            overflowing.append(f"{name}: {scroll_width}px wide in a {width}px window")
        if name in ("home", "actor", "source"):
            page.screenshot(path=str(ARTIFACTS / f"{name}-{width}.png"), full_page=True)
    loaded = {urlsplit(u).path for u in visit.requested}
    assert {f"{SUB_PATH}css/briefgen.css", f"{SUB_PATH}js/briefgen.js", f"{SUB_PATH}search/main.js"} <= loaded
    assert f"{SUB_PATH}search/search_index.json" in loaded  # the search worker loaded its index
    assert visit.problems == []
    assert overflowing == []


def test_the_404_page_works_at_any_depth(server: str, visit: Visit) -> None:
    missing = server + "no/such/page/"
    visit.expected_statuses[missing] = 404
    page = visit.open(missing)
    assert page.locator("h1").inner_text() == "Page not found"
    # Its stylesheet loaded from the site root, not from /no/such/page/.
    assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).borderBottomStyle") == "solid"
    visit.follow(page.locator(".site-nav a", has_text="Claims"))
    assert urlsplit(page.url).path == f"{SUB_PATH}claims/"
    assert visit.problems == []


def test_search_finds_an_actor_under_the_sub_path(sample: BuiltSite, server: str, visit: Visit) -> None:
    actor = sample.facts["actors"][0]
    page = visit.open(server)
    page.locator("#mkdocs-search-query").press_sequentially(actor["name"])
    result = page.locator(f"#mkdocs-search-results a[href$='actors/{actor['id']}/']").first
    result.wait_for(state="visible", timeout=5000)
    visit.follow(result)
    assert urlsplit(page.url).path == f"{SUB_PATH}actors/{actor['id']}/"
    assert page.locator("main h1").inner_text() == actor["name"]
    assert visit.problems == []


# ---------------------------------------------------------------------------------------------
# Citation popovers


def first_cited_claim(sample: BuiltSite) -> tuple[str, str]:
    """The first claim of the fact sheet that cites words, and the words its first citation quotes."""
    claim = next(c for c in sample.facts["claims"] if c.get("cite") and "text" in c["cite"][0])
    return claim["id"], claim["cite"][0]["text"]


def box(locator: Any) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None
    return found


def test_hovering_a_marker_shows_its_passage_without_moving_anything(sample: BuiltSite, server: str,
                                                                    visit: Visit) -> None:
    claim_id, words = first_cited_claim(sample)
    page = visit.open(server + "claims/")
    statement = page.locator(f"li#{claim_id} .claim-statement")
    marker = statement.locator(".cite-marker").first
    popover = page.locator("#" + marker.get_attribute("aria-describedby"))
    page.mouse.move(0, 0)
    assert not popover.is_visible()
    before, page_height = box(statement), page.evaluate("document.documentElement.scrollHeight")
    marker.hover()
    assert popover.is_visible()
    assert normalise(words) in normalise(popover.inner_text())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"popover-{width_of(visit)}.png"))
    assert box(statement) == before
    assert page.evaluate("document.documentElement.scrollHeight") == page_height
    page.mouse.move(0, 0)
    assert not popover.is_visible()
    assert visit.problems == []


def test_every_popover_of_the_outermost_markers_stays_on_screen(server: str, visit: Visit) -> None:
    page = visit.open(server + "claims/")
    width = width_of(visit)
    xs = page.eval_on_selector_all(".cite-marker", "ms => ms.map(m => m.getBoundingClientRect().left)")
    outermost = sorted({xs.index(min(xs)), xs.index(max(xs))})
    clipped = []
    for index in outermost:
        marker = page.locator(".cite-marker").nth(index)
        marker.scroll_into_view_if_needed()
        marker.hover()
        popover = page.locator("#" + marker.get_attribute("aria-describedby"))
        assert popover.is_visible()
        shown = page.evaluate("e => e.getBoundingClientRect().toJSON()", popover.element_handle())
        if shown["left"] < 0 or shown["right"] > width or shown["top"] < 0:
            clipped.append(f"marker {index}: popover at {shown}")
        page.mouse.move(0, 0)
    assert clipped == []


def test_keyboard_focus_shows_the_popover_and_escape_hides_it(server: str, visit: Visit) -> None:
    page = visit.open(server + "claims/")
    page.mouse.move(0, 0)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.cite-marker')"):
            break
    else:
        pytest.fail("Tab never reached a citation marker")
    first = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    popover = page.locator("#" + first)
    assert popover.is_visible()
    assert page.locator(".cite-marker:focus").count() == 1
    page.keyboard.press("Escape")
    assert not popover.is_visible()
    page.keyboard.press("Tab")  # leaving the dismissed marker: the next one shows its popover
    following = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert following and following != first
    assert page.locator("#" + following).is_visible()
    page.keyboard.press("Shift+Tab")  # and coming back shows the first one again
    assert popover.is_visible()
    assert visit.problems == []
