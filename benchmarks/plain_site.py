#!/usr/bin/env python3
"""The baseline: a plain mkdocs site with the same pages, page for page, as a briefgen site.

    python benchmarks/plain_site.py PAGES.json OUT [--seed S]

PAGES.json is what ``benchmarks/stages.py --pages-out`` writes: ``[src_uri, bytes]`` for every page
briefgen rendered (the HTML body it hands to mkdocs). For each, OUT/docs/<src_uri> gets a plain
Markdown page — a title, ``##`` sections, paragraphs with a little emphasis and a relative link, an
occasional bullet list — whose size in bytes is the same as that page's HTML body, so Python-Markdown
turns it into about as many bytes of HTML. Same number of pages, same paths, same total size.

OUT/mkdocs.yml uses mkdocs's own theme (``theme: mkdocs``) and the search plugin, like the briefgen
site, and lists the same seven section pages in its nav that briefgen does (every other page is
built but not in the nav: listing thousands of pages in the nav makes mkdocs quadratic, which is
not what the baseline is for). Deterministic: ``random.Random(seed)`` only.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import random
import shutil
import sys
from pathlib import Path

NAV = ("index.md", "claims.md", "actors/index.md", "venues/index.md", "timeline.md", "quotes.md",
       "sources/index.md")
WORDS = (
    "the ministry said talks would resume after the summit while officials in the capital declined to comment "
    "on the report that grain shipments through the northern port had fallen sharply since the spring and that "
    "the coast guard had stopped three vessels near the disputed islands where fishing crews have complained "
    "for years about patrols inspections and fines imposed without warning according to a statement published "
    "late on Tuesday by the regional assembly which also called for an independent inquiry into the incident"
).split()


def paragraph(rng: random.Random, size: int, link: str) -> str:
    words: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    if len(words) > 12:
        words[3] = f"*{words[3]}*"
        words[8] = f"[{words[8]} {words[9]}]({link})"
        del words[9]
    text = " ".join(words)
    return text[:1].upper() + text[1:] + "."


def page_markdown(rng: random.Random, title: str, size: int, link: str) -> str:
    parts = [f"# {title}\n"]
    length = len(parts[0])
    section = 0
    while length < size:
        if section % 5 == 0:
            heading = f"\n## Section {section // 5 + 1}\n"
            parts.append(heading)
            length += len(heading)
        section += 1
        if section % 7 == 3:
            items = "".join(f"- {paragraph(rng, 60, link)}\n" for _ in range(3))
            block = f"\n{items}"
        else:
            block = "\n" + paragraph(rng, max(20, min(600, size - length - 2)), link) + "\n"
        parts.append(block)
        length += len(block)
    return "".join(parts)


def write_plain_site(pages: list[list], out: Path, seed: int = 1) -> dict:
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    rng = random.Random(seed)
    total = 0
    for src_uri, size in pages:
        path = docs / src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        here = posixpath.dirname(src_uri)
        link = posixpath.relpath("index.md", here or ".")
        title = posixpath.splitext(posixpath.basename(src_uri))[0].replace("-", " ").title()
        text = page_markdown(rng, title, int(size), link)
        path.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    uris = {uri for uri, _size in pages}
    nav = "".join(f"  - {uri}\n" for uri in NAV if uri in uris)
    (out / "mkdocs.yml").write_text(
        "# Baseline for briefgen's benchmark: plain Markdown pages of the same number and size.\n"
        "site_name: Plain baseline\ndocs_dir: docs\nsite_dir: site\nuse_directory_urls: true\n"
        "theme:\n  name: mkdocs\nplugins:\n  - search\n"
        f"nav:\n{nav}", encoding="utf-8")
    return {"pages": len(pages), "markdown_bytes": total, "target_bytes": sum(int(s) for _u, s in pages)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path, help="JSON list of [src_uri, bytes] (benchmarks/stages.py --pages-out)")
    parser.add_argument("out", type=Path, help="folder for the plain mkdocs project")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    pages = json.loads(args.pages.read_text(encoding="utf-8"))
    print(json.dumps(write_plain_site(pages, args.out, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
