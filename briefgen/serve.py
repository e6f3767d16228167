"""``briefgen serve``: a served site that an edit rebuilds page by page.

:class:`ServeSession` keeps a cache and the previous build, so that an edit rebuilds only the
pages it changed (:mod:`briefgen.incremental` decides which, without mkdocs), through mkdocs's
own page builder; the file watcher reports changes from the system's file events; the server is
mkdocs's live-reload server.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import collector
from .build import load_briefing
from .cache import BuildCache
from .editions import PriorRecords, this_edition
from .errors import BriefingError
from .files import is_content_source
from .incremental import RenderedSite, rerender, reusable_crossrefs
from .mkdocs_plugin import front_matter
from .model import Registry
from .render import Renderer
from .search_index import search_entries, write_search_index

log = logging.getLogger("mkdocs.briefgen")


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
        except BriefingError as exc:
            for line in exc.report().splitlines():
                log.error(line)
        finally:
            collector.keep_what_lives_on()

    def engine_built(self, config: Any, plugin: Any, files: Any, nav: Any) -> None:
        """A full build's mkdocs configuration, files and navigation: kept to rebuild single pages."""
        self.engine = EngineState(config, plugin, files, nav, None)

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
            raise BriefingError(f"{self.config_file}: the briefgen plugin is not listed under 'plugins:'")
        checked = load_briefing(self.root, self.cache)
        if checked.errors:  # before mkdocs empties the site folder: the previous site stays served
            raise BriefingError.stopped_by(checked.errors, "run 'briefgen check'")
        plugin.session, plugin.checked = self, checked
        self.engine = None
        try:
            build(config, serve_url=self.serve_url)
        except (PluginError, Abort) as exc:
            self.inputs = None
            raise BriefingError(str(exc)) from None

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
            raise BriefingError.stopped_by(checked.errors, "run 'briefgen check'")
        plugin, config, files = state.plugin, state.config, state.files
        if config.plugins.get("search") is not None and not plugin.searching:
            return None  # a search index this adapter does not write (see search_is_known): the plugin's own
        plugin.edition = this_edition(checked.briefing, plugin.prior or PriorRecords(None, None))
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
            file.content_string = front_matter(page)
            engine_build._populate_page(file.page, config, files)
            engine_build._build_page(file.page, config, doc_files, state.nav, state.env)
        self.write_search_index(config, plugin, renderer)  # entries may change with no page
        plugin.finish_site(config)
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
        registries: dict[str, Registry[Any]] = {"claim": b.claims, "quote": b.quotes, "date": b.dates,
                                                "actor": b.actors, "venue": b.venues, "source": b.articles}
        self.cache.derived_search.keep_current(lambda key: registries[key[0]].get(key[1]))  # only what still stands


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
