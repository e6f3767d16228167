#!/usr/bin/env python3
"""The bare-pipeline floor: read Markdown → markdown-it-py → a Jinja page template → write HTML.

    python benchmarks/floor.py DOCS_DIR OUT_DIR

For every ``*.md`` under DOCS_DIR (the plain baseline's pages, benchmarks/plain_site.py), in one
process: read the text, render it with markdown-it-py (CommonMark), put it in a small Jinja page
frame (head, a seven-link nav, title, content) and write ``OUT_DIR/<page>/index.html`` — the least
any static-site generator must do for these pages. Prints pages, bytes and seconds as JSON.
"""

from __future__ import annotations

import json
import posixpath
import shutil
import sys
import time
from pathlib import Path

import jinja2
from markdown_it import MarkdownIt
from markupsafe import Markup

FRAME = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }} — Plain baseline</title>
<link rel="stylesheet" href="{{ root }}css/site.css"></head>
<body><nav>{% for label, url in nav %}<a href="{{ root }}{{ url }}">{{ label }}</a> {% endfor %}</nav>
<main><h1>{{ title }}</h1>
{{ content }}
</main></body></html>
"""
NAV = (("Briefing", ""), ("Claims", "claims/"), ("Actors", "actors/"), ("Venues", "venues/"),
       ("Timeline", "timeline/"), ("Quotes", "quotes/"), ("Sources", "sources/"))


def page_dir(rel: str) -> str:
    stem = rel[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    docs, out = Path(argv[0]), Path(argv[1])
    started = time.perf_counter()
    if out.exists():
        shutil.rmtree(out)
    md = MarkdownIt("commonmark")
    env = jinja2.Environment(autoescape=True)
    frame = env.from_string(FRAME)
    pages = written = 0
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        text = path.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0].lstrip("# ").strip()
        html = md.render(text)
        url = page_dir(rel)
        root = posixpath.relpath(".", url or ".") + "/" if url else ""
        page = frame.render(title=title, content=Markup(html), nav=NAV,
                            root="" if root == "./" else root)
        target = out / url / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page, encoding="utf-8")
        pages += 1
        written += len(page.encode("utf-8"))
    print(json.dumps({"pages": pages, "html_bytes": written, "seconds": round(time.perf_counter() - started, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
