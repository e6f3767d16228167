#!/usr/bin/env python3
"""Per-stage times of one ``briefgen build``, measured inside that build.

    python benchmarks/stages.py PROJECT [--no-strict] [--pages-out FILE] [--json-out FILE]

Imports briefgen, wraps the functions each pipeline stage is made of with timers (wall clock and
process CPU time), then runs ``briefgen build`` in this process, exactly as the command line does
(``briefgen.cli.main``). The stages:

    load      briefgen.load.load_source_files + load_fact_sheet + load_narrative
    segment   briefgen.segment.segment_articles
    resolve   briefgen.resolve.resolve_citations
    check     briefgen.build.run_checks
    render    briefgen.render.Renderer.pages (called by briefgen.build.render_briefing)
    mkdocs    the whole build minus all of the above: mkdocs itself (files, nav, theme templates,
              the search index, writing pages) and briefgen's glue

Stage CPU times are this process's only: pages that briefgen renders in forked worker processes
(large sites, several cores) count in the build's CPU time as ``benchmarks/run.py`` measures it
(``/usr/bin/time`` adds reaped children), not in the render stage's. ``--serial-render`` keeps the
render in this process, for profiling (``python -m cProfile -o build.prof benchmarks/stages.py DIR
--serial-render``).

The functions are wrapped where the pipeline looks them up (``briefgen.build`` imports them by name,
``briefgen.mkdocs_plugin`` imports ``render_pages``), so a stage that moves elsewhere shows up as
"not called" instead of silently measuring nothing. Results are printed as JSON (and written to
``--json-out``); ``--pages-out`` writes the size of every rendered page's HTML, which the baseline
generator (benchmarks/plain_site.py) copies.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any, Callable

STAGES = {
    # stage: [(module, attribute), ...] — where the pipeline looks the function up
    "load_articles": [("briefgen.build", "load_source_files")],
    "segment": [("briefgen.build", "segment_articles")],
    "load_facts": [("briefgen.build", "load_fact_sheet")],
    "load_narrative": [("briefgen.build", "load_narrative")],
    "resolve": [("briefgen.build", "resolve_citations")],
    "check": [("briefgen.build", "run_checks")],
    "render": [("briefgen.render.Renderer", "pages")],
}
ENVELOPES = {
    # not stages: wholes that contain stages, for cross-checks
    "load_briefing": [("briefgen.cli", "load_briefing")],
    "build_site": [("briefgen.publish", "build_site")],
}


class Timer:
    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0
        self.calls = 0
        self.result: Any = None
        self.sizes: list[list[Any]] = []


def _owner(name: str) -> Any:
    """A module by dotted name, or a class inside one (``briefgen.render.Renderer``)."""
    try:
        return sys.modules.get(name) or __import__(name, fromlist=["_"])
    except ImportError:
        parent, _, attribute = name.rpartition(".")
        return getattr(_owner(parent), attribute)


def page_sizes(pages: list[Any], folder: Any) -> list[list[Any]]:
    """[src_uri, bytes of HTML] of each rendered page: from the page, or from the file a build
    renders it into (``briefgen build`` keeps a page's HTML in a file until mkdocs writes it)."""
    from briefgen.render import stored_page

    return [[page.src_uri, len(page.html.encode("utf-8")) if page.html or folder is None
             else stored_page(folder, number).stat().st_size] for number, page in enumerate(pages)]


def wrap(module_name: str, attribute: str, timer: Timer) -> bool:
    module = _owner(module_name)
    original = getattr(module, attribute, None)
    if original is None:
        return False

    def timed(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            result = original(*args, **kwargs)
        finally:
            timer.wall += time.perf_counter() - wall
            timer.cpu += time.process_time() - cpu
            timer.calls += 1
        timer.result = result
        if attribute == "pages":  # the render stage: note each page's size while its HTML exists
            timer.sizes = page_sizes(result, args[1] if len(args) > 1 else kwargs.get("folder"))
        return result

    setattr(module, attribute, timed)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--no-strict", action="store_true", help="pass --no-strict to briefgen build")
    parser.add_argument("--pages-out", type=Path, help="write [src_uri, bytes of HTML] of every rendered page")
    parser.add_argument("--json-out", type=Path, help="also write the result here")
    parser.add_argument("--serial-render", action="store_true",
                        help="render every page in this process (for profilers, which do not see forked workers)")
    args = parser.parse_args(argv)
    project = args.project.resolve()

    started, started_cpu = time.perf_counter(), time.process_time()
    import briefgen.build  # noqa: F401
    import briefgen.cli
    import briefgen.mkdocs_plugin  # noqa: F401
    import briefgen.publish  # noqa: F401
    import mkdocs.commands.build  # noqa: F401
    import mkdocs.config  # noqa: F401
    if args.serial_render:
        import briefgen.render

        briefgen.render.PARALLEL_MIN_PAGES = 10 ** 12  # type: ignore[attr-defined]
    imports = {"wall": time.perf_counter() - started, "cpu": time.process_time() - started_cpu}

    timers: dict[str, Timer] = {}
    missing: list[str] = []
    for name, places in {**STAGES, **ENVELOPES}.items():
        timers[name] = Timer()
        for module, attribute in places:
            if not wrap(module, attribute, timers[name]):
                missing.append(f"{module}.{attribute}")

    os.chdir(project)
    command = ["build", "-f", str(project / "mkdocs.yml")] + (["--no-strict"] if args.no_strict else [])
    wall, cpu = time.perf_counter(), time.process_time()
    error = ""
    try:
        briefgen.cli.main(command, standalone_mode=False)
    except SystemExit as exc:  # pragma: no cover - click may still exit
        error = f"exit {exc.code}" if exc.code else ""
    except Exception as exc:  # the build failed: report it, with the times so far
        error = f"{type(exc).__name__}: {exc}"
        cause = exc.__cause__ or exc.__context__
        if cause is not None:
            error += f" (from {type(cause).__name__}: {cause})"
    build = {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}

    stages = {name: {"wall": t.wall, "cpu": t.cpu, "calls": t.calls} for name, t in timers.items()}
    summed = {k: sum(stages[s][k] for s in STAGES) for k in ("wall", "cpu")}
    result: dict[str, Any] = {
        "project": str(project), "command": "briefgen " + " ".join(command), "error": error,
        "serial_render": args.serial_render,
        "imports": imports, "build": build, "stages": stages,
        "derived": {
            "load": {k: stages["load_articles"][k] + stages["load_facts"][k] + stages["load_narrative"][k]
                     for k in ("wall", "cpu")},
            "mkdocs": {k: build[k] - summed[k] for k in ("wall", "cpu")},
            "mkdocs_from_build_site": {k: stages["build_site"][k] - stages["render"][k] for k in ("wall", "cpu")},
        },
        "not_wrapped": missing,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    passages = timers["resolve"].result
    if isinstance(passages, tuple) and passages and isinstance(passages[0], dict):
        result["citations_resolved"] = len(passages[0])
    checked = timers["load_briefing"].result
    if checked is not None:
        try:
            from briefgen.build import count_citations

            result["citations"] = count_citations(checked.briefing)
            result["claims"] = len(checked.briefing.claims)
            result["errors"] = len(checked.errors)
            result["warnings"] = len(checked.warnings)
        except Exception as exc:  # pragma: no cover - the API moved
            result["counts_error"] = repr(exc)
    sizes = timers["render"].sizes
    if sizes:
        result["pages"] = len(sizes)
        result["pages_html_bytes"] = sum(size for _uri, size in sizes)
        if args.pages_out:
            args.pages_out.write_text(json.dumps(sizes) + "\n", encoding="utf-8")
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 1 if error else 0


if __name__ == "__main__":
    sys.exit(main())
