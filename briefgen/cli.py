"""The ``briefgen`` command line: check, build, serve, new, pdf."""

from __future__ import annotations

import time
from pathlib import Path

import click

from . import __version__
from .build import CheckedBriefing, count_citations, load_briefing
from .errors import BriefingError

_PROJECT = click.option("-p", "--project", "project", type=click.Path(file_okay=False, path_type=Path),
                        default=".", show_default=True, help="The briefing project folder (holds content/).")


@click.group()
@click.version_option(__version__, prog_name="briefgen")
def main() -> None:
    """briefgen: annotated briefings where every claim cites the exact passage of its source."""


def report(checked: CheckedBriefing, strict: bool = False) -> None:
    """Print every finding, then raise if the briefing cannot be built."""
    for finding in checked.findings:
        click.echo(str(finding), err=True)
    if checked.errors or (strict and checked.warnings):
        raise BriefingError(list(checked.errors) + (list(checked.warnings) if strict else []))


def summary(checked: CheckedBriefing) -> str:
    """One line that says what was checked."""
    b = checked.briefing
    total = count_citations(b)
    return (f"{len(b.articles)} sources, {len(b.actors)} actors, {len(b.venues)} venues, {len(b.dates)} dates, "
            f"{len(b.quotes)} quotes, {len(b.claims)} claims; {len(b.passages)} of {total} citations resolved; "
            f"{len(checked.errors)} errors, {len(checked.warnings)} warnings")


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


if __name__ == "__main__":  # pragma: no cover
    main()
