"""Helpers and fixtures for the site tests: build a copy of the sample once, parse its HTML, follow links.

Loaded as a plugin by ``test_site.py`` and ``test_browser.py`` (``pytest_plugins``), so the
session-scoped ``sample`` fixture builds the sample site once for both. Every expected value the
tests compare against is read from the input files (``content/facts.yaml`` with ``yaml.safe_load``,
``mkdocs.yml``) or written by hand, never taken from briefgen's own code.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

REPO = Path(__file__).resolve().parent.parent
PROJECT_FILES = ("mkdocs.yml", "content", "templates")
"""What a user's checkout of a briefing holds (no build output)."""

# Typographic characters the citation matcher treats as their plain forms (docs/format.md).
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                        "\u00a0": " "})


def normalise(text: str) -> str:
    """Text as the citation matcher compares it: plain quotes and dashes, single spaces."""
    return " ".join(text.translate(_PLAIN).split())


def copy_project(dest: Path, names: tuple[str, ...] = PROJECT_FILES, origin: Path | None = None) -> Path:
    """A copy of the project in ``origin`` (default: the sample) in ``dest`` (created), without build output."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        source = (origin or REPO) / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def briefgen(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the ``briefgen`` command line of this Python (so CI's environment is the one tested)."""
    return subprocess.run([sys.executable, "-m", "briefgen", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={**os.environ, **(env or {})})


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write ``{relative path: text}`` under ``root``."""
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def site_bytes(site: Path) -> dict[str, bytes]:
    """Every file of a built site, by path relative to it."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def parse_html(path: Path) -> BeautifulSoup:
    """A page parsed the way a browser parses it (html5lib is a conforming HTML5 parser)."""
    return BeautifulSoup(path.read_bytes(), "html5lib")


def site_prefix(project: Path) -> str:
    """The URL path the site is published under, from ``site_url`` in mkdocs.yml (``/briefing-repo/``)."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    path = urlsplit(config.get("site_url") or "/").path
    return path if path.endswith("/") else path + "/"


# ---------------------------------------------------------------------------------------------
# Links


EXTERNAL_SCHEMES = ("http:", "https:", "mailto:", "javascript:", "//")
INLINE_SCHEMES = ("data:",)
"""Content in the URL itself (the theme's empty favicon, ``data:,``): no request, nothing to resolve."""


def is_external(url: str) -> bool:
    """A URL that leaves the site (or runs code), as opposed to a file of the site."""
    return url.strip().lower().startswith(EXTERNAL_SCHEMES)


def is_inline(url: str) -> bool:
    return url.strip().lower().startswith(INLINE_SCHEMES)


@dataclass(frozen=True)
class Target:
    """Where an internal link leads: a file of the site (maybe missing) and a fragment."""

    file: str
    """Path relative to the site folder (``claims/index.html``); empty when it leaves the site."""
    fragment: str


HOST = "http://site.invalid"


def resolve_link(page: str, href: str, prefix: str) -> Target:
    """Resolve ``href`` on the page at ``page`` (``claims/index.html``) as a browser would, with the
    site published under ``prefix``; a directory URL leads to its ``index.html``."""
    url = urlsplit(urljoin(HOST + prefix + page, href))
    path = unquote(url.path)
    if not (path + "/").startswith(prefix):
        return Target("", unquote(url.fragment))
    rel = path[len(prefix):]
    if rel == "" or rel.endswith("/"):
        rel += "index.html"
    return Target(rel, unquote(url.fragment))


# ---------------------------------------------------------------------------------------------
# The built sample, once per session


@dataclass
class BuiltSite:
    """A project built by ``briefgen build``, with its parsed pages on demand."""

    project: Path
    result: subprocess.CompletedProcess[str]
    _pages: dict[str, BeautifulSoup] = field(default_factory=dict)
    _ids: dict[str, dict[str, Tag]] = field(default_factory=dict)

    @property
    def site(self) -> Path:
        return self.project / "site"

    @functools.cached_property
    def facts(self) -> dict[str, Any]:
        """The fact sheet as plain YAML: the test's independent view of the input."""
        return yaml.safe_load((self.project / "content" / "facts.yaml").read_text(encoding="utf-8"))

    @functools.cached_property
    def prefix(self) -> str:
        return site_prefix(self.project)

    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*.html"))

    def page(self, rel: str) -> BeautifulSoup:
        """The parsed page at ``rel`` (``claims/index.html``), parsed once."""
        if rel not in self._pages:
            self._pages[rel] = parse_html(self.site / rel)
        return self._pages[rel]

    def ids(self, rel: str) -> dict[str, Tag]:
        """The elements of the page at ``rel`` by id (the first, should an id repeat)."""
        if rel not in self._ids:
            found: dict[str, Tag] = {}
            for element in self.page(rel).find_all(id=True):
                found.setdefault(str(element["id"]), element)
            self._ids[rel] = found
        return self._ids[rel]

    def pages(self) -> Iterator[tuple[str, BeautifulSoup]]:
        for rel in self.html_files():
            yield rel, self.page(rel)


def build_copy(dest: Path, files: dict[str, str] | None = None, origin: Path | None = None,
               env: dict[str, str] | None = None) -> BuiltSite:
    """Copy the project in ``origin`` (the sample) into ``dest``, overlay ``files``, run ``briefgen build``."""
    project = write_files(copy_project(dest, origin=origin), files or {})
    return BuiltSite(project, briefgen("build", cwd=project, env=env))


@pytest.fixture(scope="session")
def sample(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample briefing, copied to a temporary folder and built once with ``briefgen build``."""
    built = build_copy(tmp_path_factory.mktemp("sample"))
    assert built.result.returncode == 0, built.result.stdout + built.result.stderr
    return built


def broken_links(site: BuiltSite) -> tuple[list[str], set[str], int]:
    """(broken links, external links, links checked) of every page: files and #anchors must exist."""
    broken: list[str] = []
    external: set[str] = set()
    checked = 0
    for rel, soup in site.pages():
        for element in soup.find_all(href=True) + soup.find_all(src=True):
            url = element.get("href") or element.get("src")
            if is_inline(url):
                continue
            if is_external(url):
                external.add(url)
                continue
            checked += 1
            target = resolve_link(rel, url, site.prefix)
            file = site.site / target.file if target.file else None
            if file is not None and file.is_dir():
                file = file / "index.html"
            if file is None or not file.is_file():
                broken.append(f"{rel}: {url} → no such file")
            elif target.fragment and target.fragment not in site.ids(file.relative_to(site.site).as_posix()):
                broken.append(f"{rel}: {url} → no element #{target.fragment}")
    return broken, external, checked
