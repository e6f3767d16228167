"""The engine adapter: hands briefgen's pages to mkdocs (and its drop-in continuation ProperDocs).

Thin on purpose: the core loads, checks and renders; this plugin only files the rendered pages
as generated mkdocs pages, sets a navigation of section pages, and keeps the site hostable from
GitHub Pages (``.nojekyll``). Generated pages carry no Markdown body, so Python-Markdown never
parses them again: their HTML is handed over in ``on_page_content``, where the search plugin
indexes it.
"""

from __future__ import annotations

import gzip
import importlib
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import Any

import click

from .build import CheckedBriefing, load_briefing
from .load import ARTICLES_DIR, FACTS_FILE, NARRATIVE_FILE
from .model import Briefing
from .render import Page, Renderer, search_entries, template_environment

PDF_NAME = "briefing.pdf"
NAV = ("index.md", "claims.md", "actors/index.md", "venues/index.md", "timeline.md", "quotes.md",
       "sources/index.md", "corroboration.md")


def define_plugin(engine: str) -> type:
    """The briefgen plugin class for ``engine`` (``mkdocs`` or ``properdocs``).

    ProperDocs is mkdocs's drop-in continuation under another package name, and it accepts only
    subclasses of its own ``BasePlugin``; so the same adapter is defined once per engine, from that
    engine's own classes, and registered under each engine's entry-point group.
    """
    base = importlib.import_module(f"{engine}.config.base")
    options = importlib.import_module(f"{engine}.config.config_options")
    plugins = importlib.import_module(f"{engine}.plugins")
    structure = importlib.import_module(f"{engine}.structure.files")
    PluginError = importlib.import_module(f"{engine}.exceptions").PluginError
    File = structure.File

    class BriefgenConfig(base.Config):  # type: ignore[name-defined,misc]
        """Options of ``plugins: - briefgen:`` in mkdocs.yml."""

        templates = options.Type(str, default="templates")
        """Folder (relative to mkdocs.yml) whose files override briefgen's templates of the same name."""
        pdf = options.Type(bool, default=False)
        """Also write the print edition as briefing.pdf into the site, linked from the home page."""

    class BriefgenPlugin(plugins.BasePlugin[BriefgenConfig]):  # type: ignore[name-defined,misc]
        """Loads and checks the briefing, then adds its pages to the site."""

        def __init__(self) -> None:
            self.checked: CheckedBriefing | None = None
            """A briefing already checked by ``briefgen build``, so the plugin need not load it again."""
            self.html: dict[str, str] = {}
            self.root = Path(".")
            self.briefing: Briefing | None = None
            self.searching = False

        def on_config(self, config: Any) -> Any:
            self.root = Path(config.config_file_path or ".").resolve().parent
            if Path(config.docs_dir).resolve() != self.root / "content":
                raise PluginError(f"{config.config_file_path}: docs_dir is {config.docs_dir!r}, but briefgen reads "
                                  "its briefing from content/ — set 'docs_dir: content' in mkdocs.yml")
            config.validation.nav.omitted_files = logging.DEBUG  # entity pages are deliberately not in the nav
            theme_overrides = self.root / self.config.templates / "theme"
            if theme_overrides.is_dir():
                config.theme.dirs.insert(0, str(theme_overrides))
            return config

        def on_files(self, files: Any, config: Any) -> Any:
            checked, self.checked = self.checked or load_briefing(self.root), None
            if checked.errors:
                raise PluginError("\n".join(str(f) for f in checked.errors) +
                                  f"\n{len(checked.errors)} error(s) in the briefing: run 'briefgen check'")
            self.briefing = checked.briefing
            extra = {"pdf": PDF_NAME} if self.config.pdf else {}
            renderer = Renderer(checked.briefing, template_environment([self.root / self.config.templates]), extra)
            pages = renderer.pages()
            self.searching = self._index_for_search(config, renderer)
            generated = {p.src_uri for p in pages}
            for file in list(files):
                if is_content_source(file.src_uri) or file.src_uri in generated:
                    files.remove(file)
            for page in pages:
                files.append(File.generated(config, page.src_uri, content=_front_matter(page)))
            self.html = {page.src_uri: page.html for page in pages}
            if not config.nav:
                config.nav = [{_title(pages, uri): uri} for uri in NAV]
            return files

        def _index_for_search(self, config: Any, renderer: Renderer) -> bool:
            """Give the search plugin briefgen's entries, so it need not re-parse every page's HTML.

            Returns False (and lets the search plugin read the pages) where its index is not the
            one this adapter knows (another search plugin, a changed mkdocs).
            """
            index: Any = getattr(config.plugins.get("search"), "search_index", None)
            if not callable(getattr(index, "_add_entry", None)):
                return False
            for entry in search_entries(renderer):
                index._add_entry(entry.title, entry.text, entry.location)
            return True

        @plugins.event_priority(100)  # type: ignore[untyped-decorator]
        def _before_search(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
            if self.searching and page.file.src_uri in self.html:
                page.content = ""  # indexed from the briefing's data instead (see _index_for_search)
            return context

        @plugins.event_priority(-100)  # type: ignore[untyped-decorator]
        def _after_search(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
            if self.searching and page.file.src_uri in self.html:
                page.content = self.html[page.file.src_uri]
            return context

        on_page_context = plugins.CombinedEvent(_before_search, _after_search)

        def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            return "" if page.file.src_uri in self.html else markdown

        def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
            return self.html.get(page.file.src_uri, html)

        def on_post_build(self, config: Any) -> None:
            Path(config.site_dir, ".nojekyll").write_text("")
            stamp_sitemap_gz(Path(config.site_dir))
            if self.config.pdf and self.briefing is not None:
                from .pdf import write_pdf

                try:
                    write_pdf(self.briefing, Path(config.site_dir, PDF_NAME), [self.root / self.config.templates],
                              self.root)
                except click.ClickException as exc:
                    raise PluginError(f"{exc.message} (or set 'pdf: false' for the briefgen plugin)") from None

        def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
            templates = self.root / self.config.templates
            if templates.is_dir():
                server.watch(str(templates))
            return server

    return BriefgenPlugin


def is_content_source(src_uri: str) -> bool:
    """Briefing inputs live in docs_dir (content/) but are not pages of the site."""
    articles, facts, narrative = (p.removeprefix("content/") for p in (ARTICLES_DIR, FACTS_FILE, NARRATIVE_FILE))
    return src_uri.startswith(articles + "/") or src_uri in (facts, narrative)


def stamp_sitemap_gz(site_dir: Path) -> None:
    """Rewrite mkdocs's sitemap.xml.gz with a fixed time stamp.

    mkdocs stamps the gzip header with the build day, so the same input built on another day gave a
    different site; with a fixed stamp two builds of the same input are byte-identical.
    """
    sitemap, packed = site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"
    if sitemap.is_file() and packed.is_file():
        with gzip.GzipFile(packed, "wb", mtime=0) as out:
            out.write(sitemap.read_bytes())


BriefgenPlugin = define_plugin("mkdocs")


def _front_matter(page: Page) -> str:
    """Meta for a generated page: its title and kind, for the theme. JSON strings are valid YAML."""
    return f"---\ntitle: {json.dumps(page.title)}\nbriefgen_kind: {page.kind}\n---\n"


def _title(pages: list[Page], src_uri: str) -> str:
    return next(p.title for p in pages if p.src_uri == src_uri)


# ---------------------------------------------------------------------------------------------
# Building and serving through mkdocs, for the briefgen command line


def build_site(config_file: Path, checked: CheckedBriefing, strict: bool = True,
               pdf: bool = False) -> tuple[Path, int]:
    """Build the site into a fresh folder, then swap it in: a failed build leaves site/ as it was.

    Returns the site folder and the number of pages written.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), strict=strict)
    site_dir = Path(config.site_dir)
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=site_dir.parent))
    try:
        config = load_config(str(config_file), strict=strict, site_dir=str(staging))
        plugin = config.plugins.get("briefgen")
        if plugin is not None and hasattr(plugin, "checked"):
            plugin.checked = checked
            if pdf:
                plugin.config["pdf"] = True
        build(config)
        pages = sum(1 for _ in staging.rglob("index.html"))
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return site_dir, pages


def _swap(new: Path, target: Path) -> None:
    """Replace ``target`` with ``new`` by renames, so there is never a half-written site."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    new.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(config_file: Path, dev_addr: str | None, open_in_browser: bool) -> None:
    """``mkdocs serve`` with live reload; content/ (docs_dir), templates/ and the theme are watched."""
    from mkdocs.commands.serve import serve

    serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, open_in_browser=open_in_browser)
