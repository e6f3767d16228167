"""Shared fixtures: tiny briefing projects built in ``tmp_path`` from ``{path: text}`` dicts.

The baseline project (see ``projects.py``: one article, a fact sheet, a narrative) passes
``briefgen check`` with no finding at all; each test changes one thing and asserts on the exact
findings that change causes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

# Helper modules whose asserts should explain themselves; registered here, before any test module
# imports them (test files are collected in name order, and several import site_helpers).
pytest.register_assert_rewrite("site_helpers", "print_helpers", "clients")

from projects import BASELINE, MakeProject, write_files  # noqa: E402


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """``make_project(files)``: a project from the baseline overlaid with ``files`` ({path: text});
    a None value removes a baseline file, and ``baseline=False`` starts from an empty folder."""

    def make(files: dict[str, str | bytes | None] | None = None, *, baseline: bool = True) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        merged: dict[str, str | bytes | None] = dict(BASELINE) if baseline else {}
        merged.update(files or {})
        write_files(root, merged)
        return root

    return make


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The sample site's numbers from the outside checkers of test_clients.py, when they ran."""
    import sys

    rows = getattr(sys.modules.get("clients"), "SUMMARY", None)
    if not rows:
        return
    terminalreporter.section("sample site: outside checkers")
    width = max(len(what) for items in rows.values() for what, _ in items)
    for check, items in rows.items():
        terminalreporter.write_line(check)
        for what, value in items:
            terminalreporter.write_line(f"  {what:<{width}}  {value}".rstrip())
