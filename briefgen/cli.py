"""The ``briefgen`` command line: check, build, serve, new."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import sys
import time
from importlib import resources
from pathlib import Path

import click

from . import __version__
from .build import CheckedBriefing, count_citations, load_briefing
from .cache import BuildCache
from .errors import BriefingError

_PROJECT = click.option("-p", "--project", "project", type=click.Path(file_okay=False, path_type=Path),
                        default=".", show_default=True, help="The briefing project folder (holds content/).")
_CONFIG = click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path),
                       default="mkdocs.yml", show_default=True, help="The site's mkdocs configuration.")


class Commands(click.Group):
    """briefgen's commands: a :class:`BriefingError` from any of them is printed once (its findings,
    then its summary as click prints its own errors) and the command exits 1, without a traceback."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BriefingError as exc:
            for finding in exc.findings:
                click.echo(str(finding), err=True)
            raise click.ClickException(exc.summary) from None


@click.group(cls=Commands)
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """briefgen: annotated briefings where every claim cites the exact passage of its source."""


def summary(checked: CheckedBriefing) -> str:
    """One line that says what was checked."""
    b = checked.briefing
    total = count_citations(b)
    return (f"{len(b.articles)} sources, {len(b.actors)} actors, {len(b.venues)} venues, {len(b.dates)} dates, "
            f"{len(b.quotes)} quotes, {len(b.claims)} claims; {len(b.passages)} of {total} citations resolved; "
            f"{len(checked.errors)} errors, {len(checked.warnings)} warnings")


def checked_or_exit(project: Path, strict: bool, cache: BuildCache | None = None) -> CheckedBriefing:
    """The checked briefing, every finding printed; a :class:`BriefingError` when errors (or, strict,
    warnings) stop the build."""
    checked = load_briefing(project, cache)
    if checked.errors or (strict and checked.warnings):
        raise BriefingError.stopped_by(checked.findings, f"nothing was built. ({summary(checked)})", strict)
    for finding in checked.findings:
        click.echo(str(finding), err=True)
    return checked


@main.command("check")
@_PROJECT
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def check_command(project: Path, strict: bool) -> None:
    """Check the briefing: every claim cited, every citation found in its source."""
    started = time.perf_counter()
    checked = load_briefing(project)
    for finding in checked.findings:
        click.echo(str(finding), err=True)
    click.echo(f"briefgen check: {summary(checked)} ({time.perf_counter() - started:.2f} s)")
    if checked.errors or (strict and checked.warnings):
        raise SystemExit(1)


def _config_path(config_file: Path) -> Path:
    if not config_file.is_file():
        raise click.ClickException(f"{config_file}: no such file — run briefgen in a briefing project "
                                   "(one with mkdocs.yml), pass -f, or create one with 'briefgen new DIR'")
    return config_file.resolve()


@main.command("build")
@_CONFIG
@click.option("--strict/--no-strict", default=True, show_default=True,
              help="Stop on warnings, briefgen's and mkdocs's.")
@click.option("--pdf", is_flag=True, help="Also write site/briefing.pdf (needs WeasyPrint) and link it.")
@click.option("--previous", type=click.Path(exists=True, path_type=Path), default=None, metavar="PATH",
              help="The previous edition's briefing.json (or its site folder) to show changes against "
                   "(default: the site this build replaces).")
def build_command(config_file: Path, strict: bool, pdf: bool, previous: Path | None) -> None:
    """Check the briefing and build its site (into site/). On any error site/ is left as it was."""
    from .publish import build_site

    started = time.perf_counter()
    config_file = _config_path(config_file)
    checked = checked_or_exit(config_file.parent, strict)
    click.echo(f"briefgen: checked {summary(checked)}", err=True)
    try:
        site_dir, pages = build_site(config_file, checked, strict, pdf, previous)
    except (click.ClickException, BriefingError):
        raise
    except Exception as exc:  # mkdocs reports its own problems as exceptions with a message
        raise click.ClickException(f"the site was not built, site/ is unchanged: {exc}") from None
    b = checked.briefing
    click.echo(f"briefgen build: {pages} pages, {len(b.claims)} claims, {len(b.passages)} citations → "
               f"{_shown(site_dir)}/ in {time.perf_counter() - started:.2f} s")


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@main.command("serve")
@_CONFIG
@click.option("-a", "--dev-addr", default=None, metavar="IP:PORT", help="Address to serve on (default 127.0.0.1:8000).")
@click.option("--open", "open_in_browser", is_flag=True, help="Open the site in a browser.")
def serve_command(config_file: Path, dev_addr: str | None, open_in_browser: bool) -> None:
    """Preview the site with live reload: edits to content/ or templates/ rebuild it."""
    from .serve import serve_site

    config_file = _config_path(config_file)
    cache = BuildCache()
    checked_or_exit(config_file.parent, strict=False, cache=cache)
    serve_site(config_file, dev_addr, open_in_browser, cache)


@main.command("pdf")
@_PROJECT
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the PDF (default: site/briefing.pdf in the project).")
def pdf_command(project: Path, output: Path | None) -> None:
    """Write the print edition as a PDF with WeasyPrint (no browser needed)."""
    from .pdf import load_weasyprint, write_pdf

    started = time.perf_counter()
    load_weasyprint()  # fail early, before any work, when it is missing
    checked = checked_or_exit(project, strict=False)
    output = output or project / "site" / "briefing.pdf"
    pages = write_pdf(checked.briefing, output, [project / "templates"], project)
    click.echo(f"briefgen pdf: {pages} pages, {len(checked.briefing.claims)} claims → {_shown(output)} "
               f"in {time.perf_counter() - started:.2f} s")


@main.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("content/articles"),
              show_default=True, help="Folder to write the articles into.")
@click.option("--force", is_flag=True, help="Replace articles that exist (an earlier import of the same file).")
@click.option("--id", "source_id", default="", help="Source id of the article (one FILE only; default: its title).")
@click.option("--published", type=click.DateTime(["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Publication date for inputs whose text gives none.")
@click.option("--language", default="", metavar="TAG", help="Language tag for inputs whose language is not told.")
def import_command(files: tuple[Path, ...], output: Path, force: bool, source_id: str,
                   published: dt.datetime | None, language: str) -> None:
    """Turn raw articles (plain text, saved web pages, Markdown) into content/articles/<id>.md."""
    from .importer import ImportOptions, plan_import, report_lines, write_import

    if source_id and len(files) > 1:
        raise click.UsageError("--id names one article: give one FILE with it")
    options = ImportOptions(output, force, source_id, published.date() if published else None, language)
    plan = plan_import(list(files), options)
    for line in report_lines(plan):
        click.echo(line)
    write_import(plan)
    for skipped in plan.skipped:
        click.echo(str(skipped), err=True)
    click.echo(f"briefgen import: {len(plan.articles)} written, {len(plan.skipped)} skipped")
    if plan.skipped:
        raise SystemExit(1)


@main.command("sources")
@_PROJECT
def sources_command(project: Path) -> None:
    """Report near-duplicate, paraphrase and rewrite pairs among the articles, and the provenance to record."""
    from .load import load_source_files
    from .similarity import sources_report

    sources, findings = load_source_files(project)
    for finding in findings:
        click.echo(str(finding), err=True)
    if not sources:
        raise SystemExit(1)
    for line in sources_report(sources):
        click.echo(line)


@main.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def new_command(directory: Path) -> None:
    """Start a new briefing in DIRECTORY from a small working example."""
    if directory.exists() and any(directory.iterdir()):
        raise click.ClickException(f"{directory} exists and is not empty — choose a new folder")
    scaffold = Path(str(resources.files("briefgen").joinpath("scaffold")))
    shutil.copytree(scaffold, directory, dirs_exist_ok=True)
    click.echo(f"briefgen new: a briefing project in {directory}/ — next: cd {directory} && briefgen build")


if __name__ == "__main__":  # pragma: no cover
    main()


def run() -> None:
    """The command line as installed (``briefgen``, ``python -m briefgen``).

    When the command is done, the process ends at once instead of freeing its objects one by one:
    a 10,000-article briefing is tens of millions of them, and freeing them took 8 s after the work
    was done. What a normal exit does that matters is done first: the ``atexit`` handlers run (a
    library's clean-up, a profiler's report) and everything written is flushed; files are closed
    by the commands themselves.
    """
    try:
        main()
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        click.echo(code, err=True)
    atexit._run_exitfuncs()  # what interpreter shutdown would run; os._exit skips it
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else (0 if code is None else 1))

