"""The engine adapter: hands briefgen's pages to mkdocs (and its drop-in continuation ProperDocs).

Thin on purpose: the core loads, checks and renders; this plugin only files the rendered pages
as generated mkdocs pages, sets a navigation of section pages, and keeps the site hostable from
GitHub Pages (``.nojekyll``). Generated pages carry no Markdown body, so Python-Markdown never
parses them again: their HTML is handed over in ``on_page_content``, where the search plugin
indexes it.

This module is mkdocs's events alone. The command line's build and its site swap are in
:mod:`briefgen.publish`, ``briefgen serve`` in :mod:`briefgen.serve`, the search index briefgen
writes for mkdocs's search plugin in :mod:`briefgen.search_index`.
"""

from __future__ import annotations

import gzip
import importlib
import json
import logging
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .build import CheckedBriefing, load_briefing, render_briefing
from .editions import Edition, PriorRecords, read_prior, this_edition, write_edition_files
from .errors import BriefingError
from .files import is_content_source
from .model import Briefing
from .render import Page, Renderer, stored_page
from .search_index import search_entries, search_is_known, write_after_the_plugin
from .views import template_environment

if TYPE_CHECKING:
    from .serve import ServeSession

PDF_NAME = "briefing.pdf"
NAV = ("index.md", "whats-new.md", "claims.md", "actors/index.md", "venues/index.md", "timeline.md", "quotes.md",
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
        previous = options.Type(str, default="")
        """The previous edition's briefing.json (or its site folder) to compare with (see editions)."""

    class BriefgenPlugin(plugins.BasePlugin[BriefgenConfig]):  # type: ignore[name-defined,misc]
        """Loads and checks the briefing, then adds its pages to the site."""

        def __init__(self) -> None:
            self.checked: CheckedBriefing | None = None
            """A briefing already checked by ``briefgen build``, so the plugin need not load it again."""
            self.html: dict[str, str] = {}
            self.root = Path(".")
            self.briefing: Briefing | None = None
            self.searching = False
            self.session: ServeSession | None = None
            """Set by ``briefgen serve``: its cache is used, and what this build made is left in it."""
            self.env: Any = None
            self.where: dict[str, str] = {}
            """The page each claim, quote and dated event stands on, for the search index."""
            self.folder: Path | None = None
            """Where the pages of a build without a serve session were rendered into, one file each."""
            self.stored: dict[str, int] = {}
            """Each such page's number in that folder, by source path."""
            self.prior: PriorRecords | None = None
            """The edition records of the site a build replaces, read before mkdocs empties it."""
            self.edition: Edition | None = None

        def on_config(self, config: Any) -> Any:
            self.root = Path(config.config_file_path or ".").resolve().parent
            if Path(config.docs_dir).resolve() != self.root / "content":
                raise PluginError(f"{config.config_file_path}: docs_dir is {config.docs_dir!r}, but briefgen reads "
                                  "its briefing from content/ — set 'docs_dir: content' in mkdocs.yml")
            config.validation.nav.omitted_files = logging.DEBUG  # entity pages are deliberately not in the nav
            if self.prior is None:  # briefgen build reads them itself: it builds into a staging folder
                named = self.root / self.config.previous if self.config.previous else None
                self.prior = read_prior(Path(config.site_dir), named)
            theme_overrides = self.root / self.config.templates / "theme"
            if theme_overrides.is_dir():
                config.theme.dirs.insert(0, str(theme_overrides))
            return config

        def on_files(self, files: Any, config: Any) -> Any:
            cache = self.session.cache if self.session is not None else None
            checked, self.checked = self.checked or load_briefing(self.root, cache), None
            if checked.errors:
                raise PluginError(BriefingError.stopped_by(checked.errors, "run 'briefgen check'").report())
            if self.prior is not None and self.prior.findings:
                raise PluginError("\n".join(str(f) for f in self.prior.findings))
            self.briefing = checked.briefing
            self.edition = this_edition(checked.briefing, self.prior or PriorRecords(None, None))
            renderer = self.renderer(checked.briefing)
            # serve keeps every page's HTML, to compare with the next build's; a one-off build reads a
            # page's HTML from its file when mkdocs writes the page, then lets it go
            folder = None if self.session is not None else Path(tempfile.mkdtemp(prefix="briefgen-pages-"))
            pages, site = render_briefing(renderer, folder)
            if self.session is not None:
                self.session.rendered = site
            else:
                self.folder, self.stored = folder, {page.src_uri: number for number, page in enumerate(pages)}
            self.searching, self.where = search_is_known(config), renderer.where
            generated = {p.src_uri for p in pages}
            for file in list(files):
                if is_content_source(file.src_uri) or file.src_uri in generated:
                    files.remove(file)
            for page in pages:
                files.append(File.generated(config, page.src_uri, content=front_matter(page)))
            self.html = {page.src_uri: page.html for page in pages if page.src_uri not in self.stored}
            if not config.nav:
                config.nav = [{_title(pages, uri): uri} for uri in NAV if uri in generated]
            return files

        def renderer(self, briefing: Briefing, xref: Any = None) -> Renderer:
            """The core's renderer, with this project's template overrides (compiled once per plugin:
            a change to a template makes ``briefgen serve`` start a new build, and a new plugin)."""
            extra: dict[str, Any] = {"pdf": PDF_NAME} if self.config.pdf else {}
            if self.edition is not None:
                extra["edition"] = self.edition
            if self.env is None:
                self.env = template_environment([self.root / self.config.templates])
            return Renderer(briefing, self.env, extra, xref)

        def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
            if self.session is not None:
                self.session.engine_built(config, self, files, nav)
            return nav

        def on_env(self, env: Any, config: Any, files: Any) -> Any:
            if self.session is not None and self.session.engine is not None:
                self.session.engine.env = env
            return env

        @plugins.event_priority(-100)  # type: ignore[untyped-decorator]
        def _write_search_index(self, config: Any) -> None:
            """After the search plugin wrote its index of the pages, write the whole index."""
            if not self.searching or self.briefing is None:
                return
            memo = self.session.search_json if self.session is not None else None
            page_entries = write_after_the_plugin(config, search_entries(
                self.briefing, self.where, self.session.cache.derived_search if self.session else None), memo)
            if self.session is not None and self.session.engine is not None:
                self.session.engine.page_entries = page_entries

        def ours(self, page: Any) -> bool:
            """Whether a page is one of briefgen's."""
            return page.file.src_uri in self.html or page.file.src_uri in self.stored

        def content_of(self, page: Any) -> str:
            """One of briefgen's pages' HTML, from memory or from the file it was rendered into."""
            uri = page.file.src_uri
            if uri in self.html:
                return self.html[uri]
            assert self.folder is not None  # stored pages exist only while their folder does
            return stored_page(self.folder, self.stored[uri]).read_text(encoding="utf-8")

        @plugins.event_priority(100)  # type: ignore[untyped-decorator]
        def _before_search(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
            if self.ours(page):  # indexed from the briefing's data instead (see _index_for_search)
                page.content = "" if self.searching else self.content_of(page)
            return context

        @plugins.event_priority(-100)  # type: ignore[untyped-decorator]
        def _after_search(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
            if self.ours(page):
                page.content = self.content_of(page)
            return context

        on_page_context = plugins.CombinedEvent(_before_search, _after_search)

        def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
            return "" if self.ours(page) else markdown

        def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
            if page.file.src_uri in self.stored:
                return ""  # until the page is written (see _after_search)
            return self.html.get(page.file.src_uri, html)

        def on_post_page(self, output: str, page: Any, config: Any) -> str:
            if page.file.src_uri in self.stored:
                page.content = ""  # written: its HTML need not stay in memory
            return output

        def on_build_error(self, error: Exception) -> None:
            self.forget_stored_pages()

        def forget_stored_pages(self) -> None:
            if self.folder is not None:
                shutil.rmtree(self.folder, ignore_errors=True)
                self.folder, self.stored = None, {}

        def finish_site(self, config: Any) -> None:
            """After mkdocs wrote the site: .nojekyll, the sitemap's fixed stamp, the PDF when asked for."""
            self.forget_stored_pages()
            Path(config.site_dir, ".nojekyll").write_text("")
            if self.edition is not None and self.briefing is not None:
                write_edition_files(Path(config.site_dir), self.briefing, self.edition, config.site_url or "")
            stamp_sitemap_gz(Path(config.site_dir))
            if self.config.pdf and self.briefing is not None:
                from .pdf import write_pdf

                try:
                    write_pdf(self.briefing, Path(config.site_dir, PDF_NAME), [self.root / self.config.templates],
                              self.root)
                except BriefingError as exc:
                    raise PluginError(f"{exc.summary} (or set 'pdf: false' for the briefgen plugin)") from None

        on_post_build = plugins.CombinedEvent(finish_site, _write_search_index)

        def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
            templates = self.root / self.config.templates
            if templates.is_dir():
                server.watch(str(templates))
            return server

    return BriefgenPlugin


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


def front_matter(page: Page) -> str:
    """Meta for a generated page: its title and kind, for the theme. JSON strings are valid YAML."""
    return f"---\ntitle: {json.dumps(page.title)}\nbriefgen_kind: {page.kind}\n---\n"


def _title(pages: list[Page], src_uri: str) -> str:
    return next(p.title for p in pages if p.src_uri == src_uri)
