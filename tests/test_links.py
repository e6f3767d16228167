"""Links between pages are relative, so a site works from any sub-path (GitHub Pages)."""

from __future__ import annotations

import itertools
import posixpath

import pytest

from briefgen.urls import _relative_path, page_url, relative_url

PATHS = ["", "claims", "claims/2", "actors", "actors/kim", "actors/kim-jong-un", "sources/a", "sources/a/b", "print"]


@pytest.mark.parametrize("target, here", list(itertools.product(PATHS, PATHS)))
def test_the_fast_relative_path_agrees_with_posixpath(target: str, here: str) -> None:
    assert _relative_path(target, here) == posixpath.relpath(target or ".", here or ".")


@pytest.mark.parametrize("target, here, expected", [
    ("sources/ap/#p3-s2", "actors/kim/", "../../sources/ap/#p3-s2"),
    ("claims/#c1", "claims/", "#c1"),
    ("", "actors/kim/", "../../"),
    ("claims/", "", "claims/"),
    ("", "", "./"),
    ("briefing.pdf", "", "briefing.pdf"),
    ("search/main.js", "claims/2/", "../../search/main.js"),
])
def test_relative_urls_between_pages(target: str, here: str, expected: str) -> None:
    assert relative_url(target, here) == expected


@pytest.mark.parametrize("src, url", [("index.md", ""), ("claims.md", "claims/"), ("claims/2.md", "claims/2/"),
                                      ("actors/index.md", "actors/"), ("actors/kim.md", "actors/kim/")])
def test_pages_have_directory_urls(src: str, url: str) -> None:
    assert page_url(src) == url


def test_rendering_on_several_cores_gives_the_same_pages_as_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from briefgen import render
    from briefgen.build import load_briefing

    briefing = load_briefing(Path(__file__).resolve().parent.parent).briefing
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 10**9)
    one = render.render_pages(briefing)
    monkeypatch.setattr(render, "PARALLEL_MIN_PAGES", 2)
    monkeypatch.setattr(render.os, "cpu_count", lambda: 2)
    several = render.render_pages(briefing)
    assert [(p.src_uri, p.title, p.html) for p in several] == [(p.src_uri, p.title, p.html) for p in one]
    assert len(one) > 40
