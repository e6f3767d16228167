"""The engine adapter: hands briefgen's pages to mkdocs (and its drop-in continuation ProperDocs).

Thin on purpose: the core loads, checks and renders; this plugin only files the rendered pages
as generated mkdocs pages, sets a navigation of section pages, and keeps the site hostable from
GitHub Pages (``.nojekyll``). Generated pages carry no Markdown body, so Python-Markdown never
parses them again: their HTML is handed over in ``on_page_content``, where the search plugin
indexes it.
"""

from __future__ import annotations

import gc
import gzip
import importlib
import itertools
import json
import logging
import re
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urlsplit

import click

from .build import CheckedBriefing, load_briefing
from .cache import BuildCache
from .incremental import RenderedSite, render_site, rerender, reusable_crossrefs
from .load import ARTICLES_DIR, FACTS_FILE, NARRATIVE_FILE
from .model import Briefing
from .render import Page, Renderer, SearchEntry, search_entries, stored_page, template_environment

log = logging.getLogger("mkdocs.briefgen")
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
            self.session: ServeSession | None = None
            """Set by ``briefgen serve``: its cache is used, and what this build made is left in it."""
            self.env: Any = None
            self.where: dict[str, str] = {}
            """The page each claim, quote and dated event stands on, for the search index."""
            self.folder: Path | None = None
            """Where the pages of a build without a serve session were rendered into, one file each."""
            self.stored: dict[str, int] = {}
            """Each such page's number in that folder, by source path."""

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
            cache = self.session.cache if self.session is not None else None
            checked, self.checked = self.checked or load_briefing(self.root, cache), None
            if checked.errors:
                raise PluginError(errors_message(checked))
            self.briefing = checked.briefing
            renderer = self.renderer(checked.briefing)
            if self.session is not None:  # keeps every page's HTML, to compare with the next build's
                self.session.rendered = render_site(renderer)
                pages = list(self.session.rendered.pages)
            else:  # a page's HTML is read from its file when mkdocs writes the page, then let go
                self.folder = Path(tempfile.mkdtemp(prefix="briefgen-pages-"))
                pages = renderer.pages(self.folder)
                self.stored = {page.src_uri: number for number, page in enumerate(pages)}
            self.searching, self.where = self.search_is_known(config), renderer.where
            generated = {p.src_uri for p in pages}
            for file in list(files):
                if is_content_source(file.src_uri) or file.src_uri in generated:
                    files.remove(file)
            for page in pages:
                files.append(File.generated(config, page.src_uri, content=_front_matter(page)))
            self.html = {page.src_uri: page.html for page in pages if page.src_uri not in self.stored}
            if not config.nav:
                config.nav = [{_title(pages, uri): uri} for uri in NAV]
            return files

        def renderer(self, briefing: Briefing, xref: Any = None) -> Renderer:
            """The core's renderer, with this project's template overrides (compiled once per plugin:
            a change to a template makes ``briefgen serve`` start a new build, and a new plugin)."""
            extra = {"pdf": PDF_NAME} if self.config.pdf else {}
            if self.env is None:
                self.env = template_environment([self.root / self.config.templates])
            return Renderer(briefing, self.env, extra, xref)

        def on_nav(self, nav: Any, config: Any, files: Any) -> Any:
            if self.session is not None:
                self.session.engine = EngineState(config, self, files, nav, None)
            return nav

        def on_env(self, env: Any, config: Any, files: Any) -> Any:
            if self.session is not None and self.session.engine is not None:
                self.session.engine.env = env
            return env

        def search_is_known(self, config: Any) -> bool:
            """Whether the search plugin's index is the one this adapter writes for it: then briefgen's
            entries come from its data, and no page's HTML is parsed for search. Where it is not
            (another search plugin, a pre-built index, a changed mkdocs), the plugin reads the pages."""
            search = config.plugins.get("search")
            index: Any = getattr(search, "search_index", None)
            return isinstance(getattr(index, "_entries", None), list) and not search.config.get("prebuild_index")

        @plugins.event_priority(-100)  # type: ignore[untyped-decorator]
        def _write_search_index(self, config: Any) -> None:
            """After the search plugin wrote its index of the pages, write the whole index."""
            if not self.searching or self.briefing is None:
                return
            search = config.plugins.get("search")
            memo = self.session.search_json if self.session is not None else None
            write_search_index(Path(config.site_dir), search.search_index.config,
                               search_entries(self.briefing, self.where,
                                              self.session.cache.derived_search if self.session else None),
                               search.search_index._entries, memo, memo)
            if self.session is not None and self.session.engine is not None:
                self.session.engine.page_entries = list(search.search_index._entries)

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

        def _after_build(self, config: Any) -> None:
            self.forget_stored_pages()
            Path(config.site_dir, ".nojekyll").write_text("")
            stamp_sitemap_gz(Path(config.site_dir))
            if self.config.pdf and self.briefing is not None:
                from .pdf import write_pdf

                try:
                    write_pdf(self.briefing, Path(config.site_dir, PDF_NAME), [self.root / self.config.templates],
                              self.root)
                except click.ClickException as exc:
                    raise PluginError(f"{exc.message} (or set 'pdf: false' for the briefgen plugin)") from None

        on_post_build = plugins.CombinedEvent(_after_build, _write_search_index)

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


def errors_message(checked: CheckedBriefing) -> str:
    return ("\n".join(str(f) for f in checked.errors) +
            f"\n{len(checked.errors)} error(s) in the briefing: run 'briefgen check'")


@dataclass(slots=True)
class EngineState:
    """What mkdocs made in the last full build, kept to rebuild single pages with its own functions."""

    config: Any
    plugin: Any
    files: Any
    nav: Any
    env: Any
    page_entries: list[dict[str, Any]] = field(default_factory=list)
    """The search plugin's own entries (one per page), as the full build left them."""


class ServeSession:
    """One ``briefgen serve``: a cache and the previous build, so that an edit rebuilds only what it
    changed (see :mod:`briefgen.incremental`), through mkdocs's own page builder, and anything the
    incremental path cannot follow (templates, mkdocs.yml, pages added or removed) builds it all.
    """

    def __init__(self, config_file: Path, site_dir: str, serve_url: str | None) -> None:
        self.config_file, self.site_dir, self.serve_url = config_file, site_dir, serve_url
        self.root = config_file.parent.resolve()
        self.cache = BuildCache()
        self.rendered: RenderedSite | None = None
        self.engine: EngineState | None = None
        self.inputs: tuple[Any, ...] | None = None
        self.rebuilt: int | None = None
        """Pages the last rebuild wrote again; None when it built every page."""
        self.search_json: dict[tuple[str, str, str], str] = {}
        """Search entries serialised by the last rebuild, by (title, text, location)."""

    def build(self) -> None:
        """Bring the served site up to date; problems are logged, the previous site stays."""
        started = time.perf_counter()
        inputs = self.engine_inputs()
        try:
            updated = None if inputs != self.inputs else self.update()
            self.rebuilt = updated
            if updated is None:
                self.full_build()
                self.inputs = inputs
                log.info(f"briefgen: built every page in {time.perf_counter() - started:.2f} s")
            else:
                log.info(f"briefgen: rebuilt {updated} changed page(s) in {time.perf_counter() - started:.2f} s")
        except BriefingProblem as exc:
            for line in str(exc).splitlines():
                log.error(line)
        finally:
            # What the next rebuild reuses is frozen out of the collector's sight. Only this build's
            # new objects are collected: a full collection of a large briefing holds the
            # interpreter half a second, and what the old build left is freed by reference count.
            gc.collect()
            gc.freeze()

    def engine_inputs(self) -> tuple[Any, ...]:
        """mkdocs.yml, the templates and any file of content/ that is not a briefing input: when one
        of them changes, every page is built again."""
        def stamp(path: Path) -> tuple[str, int, int]:
            info = path.stat()
            return (str(path), info.st_mtime_ns, info.st_size)

        files = [self.config_file]
        for folder in (self.root / "templates", self.root / "content"):
            if folder.is_dir():
                files += [p for p in sorted(folder.rglob("*")) if p.is_file() and not (
                    folder.name == "content" and is_content_source(p.relative_to(folder).as_posix()))]
        return tuple(stamp(p) for p in files)

    def full_build(self) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, PluginError

        config = load_config(str(self.config_file), site_dir=self.site_dir)
        if self.serve_url:
            config.site_url = self.serve_url
        plugin = config.plugins.get("briefgen")
        if plugin is None:
            raise BriefingProblem(f"{self.config_file}: the briefgen plugin is not listed under 'plugins:'")
        checked = load_briefing(self.root, self.cache)
        if checked.errors:  # before mkdocs empties the site folder: the previous site stays served
            raise BriefingProblem(errors_message(checked))
        plugin.session, plugin.checked = self, checked
        self.engine = None
        try:
            build(config, serve_url=self.serve_url)
        except (PluginError, Abort) as exc:
            self.inputs = None
            raise BriefingProblem(str(exc)) from None

    def update(self) -> int | None:
        """Rebuild the pages an edit changed; None when only a full build will do."""
        from mkdocs.commands import build as engine_build

        state, previous = self.engine, self.rendered
        if state is None or previous is None or state.env is None:
            return None
        if not hasattr(engine_build, "_populate_page") or not hasattr(engine_build, "_build_page"):
            return None  # a mkdocs without the page builder this relies on: build everything
        checked = load_briefing(self.root, self.cache)
        if checked.errors:
            raise BriefingProblem(errors_message(checked))
        plugin, config, files = state.plugin, state.config, state.files
        if config.plugins.get("search") is not None and not plugin.searching:
            return None  # a search index this adapter does not write (see search_is_known): the plugin's own
        renderer = plugin.renderer(checked.briefing, reusable_crossrefs(previous, checked.briefing))
        result = rerender(previous, renderer)
        if result is None:
            return None
        site, updated = result
        plugin.briefing = checked.briefing
        plugin.html.update({page.src_uri: page.html for page in updated})
        doc_files = files.documentation_pages()
        for page in updated:
            file = files.get_file_from_path(page.src_uri)
            file.content_string = _front_matter(page)
            engine_build._populate_page(file.page, config, files)
            engine_build._build_page(file.page, config, doc_files, state.nav, state.env)
        self.write_search_index(config, plugin, renderer)  # entries may change with no page
        plugin._after_build(config)  # .nojekyll, the sitemap's stamp, the PDF when asked for
        self.rendered = site
        return len(updated)

    def write_search_index(self, config: Any, plugin: Any, renderer: Renderer) -> None:
        """The search index, byte for byte as a full build writes it, from the entries kept since."""
        search = config.plugins.get("search")
        if not plugin.searching or search is None or self.engine is None:
            return
        titles = {file.page.url: file.page.title for file in self.engine.files.documentation_pages()
                  if plugin.ours(file.page)}
        pages = [{**entry, "title": titles.get(entry["location"], entry["title"])} for entry in self.engine.page_entries]
        kept: dict[tuple[str, str, str], str] = {}
        write_search_index(Path(config.site_dir), search.search_index.config,
                           search_entries(renderer.briefing, renderer.where, self.cache.derived_search),
                           pages, self.search_json, kept)
        self.search_json = kept
        b = renderer.briefing
        registries: dict[str, Any] = {"claim": b.claims, "quote": b.quotes, "date": b.dates, "actor": b.actors,
                                      "venue": b.venues, "source": b.articles}
        self.cache.derived_search = {(kind, ident): hit for (kind, ident), hit in self.cache.derived_search.items()
                                     if hit[0] is registries[kind].get(ident)}  # only what still stands


def write_search_index(site_dir: Path, config: dict[str, Any], entries: Iterable[SearchEntry],
                       pages: Iterable[dict[str, Any]], memo: dict[tuple[str, str, str], str] | None,
                       kept: dict[tuple[str, str, str], str] | None) -> None:
    """``search/search_index.json`` byte for byte as mkdocs's search plugin writes it: briefgen's
    entries, then the plugin's own (one per page), written one at a time as they are made.

    ``memo`` holds entries serialised before, by (title, text, location); every entry written is
    put in ``kept``.
    """
    path = site_dir / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    keys = itertools.chain(((e.title, e.text, e.location) for e in entries),
                           ((p["title"], p["text"], p["location"]) for p in pages))
    with open(path, "w", encoding="utf-8", newline="") as out:
        out.write('{"config":' + json.dumps(config, sort_keys=True, separators=(",", ":"), default=str) + ',"docs":[')
        for number, key in enumerate(keys):
            text = (memo.get(key) if memo is not None else None) or _entry_json(*key)
            if kept is not None:
                kept[key] = text
            out.write("," + text if number else text)
        out.write("]}")


_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _entry_json(title: str, text: str, location: str) -> str:
    """One search entry as mkdocs's search plugin stores and serialises it."""
    text = _SPACES.sub(" ", text.replace("\u00a0", " ").strip())
    return json.dumps({"title": title, "text": text, "location": location}, sort_keys=True, separators=(",", ":"),
                      default=str)


def changes_observer() -> Any:
    """A watcher of the platform's file events (inotify on Linux), instead of mkdocs's scan every
    0.5 s, that reports only changes: a rebuild reads every watched file, and the events of those
    reads (opened, closed without writing) would start the next rebuild, for ever."""
    from watchdog import events
    from watchdog.observers import Observer

    changes = [events.FileCreatedEvent, events.FileDeletedEvent, events.FileMovedEvent, events.FileClosedEvent,
               events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]
    if getattr(Observer, "__name__", "") != "InotifyObserver":
        changes.append(events.FileModifiedEvent)  # no "closed after writing" event on this platform
    # With inotify, a file saved in place is one "closed after writing" event, where "modified"
    # would be one per block written: over a thousand for a 10 MB fact sheet.

    class ChangesObserver(Observer):  # type: ignore[valid-type,misc]
        def schedule(self, handler: Any, path: Any, *, recursive: bool = False, **options: Any) -> Any:
            options.setdefault("event_filter", changes)
            return super().schedule(handler, path, recursive=recursive, **options)

    return ChangesObserver()


def show_progress() -> None:
    """Print mkdocs's and briefgen's progress lines (serving address, rebuilds, errors) as mkdocs does."""
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "briefgen", False) for h in logger.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.briefgen = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False


class BriefingProblem(Exception):
    """A rebuild that cannot be made: the message says why, and the previous site stays served."""


def serve_site(config_file: Path, dev_addr: str | None, open_in_browser: bool,
               cache: BuildCache | None = None) -> None:
    """Serve the site with live reload; an edit rebuilds only the pages it changes.

    Like ``mkdocs serve`` (content/, mkdocs.yml and templates/ are watched, the site is built into
    a temporary folder), but the rebuild is briefgen's own :class:`ServeSession`, and changes are
    noticed from the system's file events instead of a scan every 0.5 s: the wait for a change to
    be noticed is part of what a writer waits for.
    """
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    show_progress()
    site_dir = tempfile.mkdtemp(prefix="briefgen-serve-")
    config = load_config(str(config_file), site_dir=site_dir, **({"dev_addr": dev_addr} if dev_addr else {}))
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)
    session = ServeSession(config_file, site_dir, serve_url)
    if cache is not None:
        session.cache = cache
    server = LiveReloadServer(builder=session.build, host=host, port=port, root=site_dir, mount_path=mount_path)
    server.observer = changes_observer()
    server.build_delay = 0.02  # then wait for 20 ms without another change (a save is one event)

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir, f"{code}.html")
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        session.build()
        server.watch(config.docs_dir)
        server.watch(str(config_file))
        templates = config_file.parent / "templates"
        if templates.is_dir():
            server.watch(str(templates))
        try:
            server.serve(open_in_browser=open_in_browser)  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
