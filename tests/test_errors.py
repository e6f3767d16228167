"""One error path: a briefing that cannot be built is a ``BriefingError``, reported once by each front end."""

from __future__ import annotations

import ast
from pathlib import Path

from click.testing import CliRunner

from briefgen.cli import main
from briefgen.errors import BriefingError, Location, error, warning
from projects import BASELINE, facts_with, write_files

PACKAGE = Path(__file__).resolve().parent.parent / "briefgen"
MKDOCS_YML = "site_name: Test\ndocs_dir: content\nplugins:\n  - briefgen\n"


def test_a_briefing_with_errors_is_reported_once_and_nothing_is_built(tmp_path: Path) -> None:
    files: dict[str, str | bytes | None] = {**BASELINE, "mkdocs.yml": MKDOCS_YML}
    files.update(facts_with("    kind: city", "    kind: city\n    kind: town"))
    write_files(tmp_path, files)
    result = CliRunner().invoke(main, ["build", "--no-strict", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.output
    lines = result.output.splitlines()
    errors = [line for line in lines if ": error: " in line]
    assert errors and len(set(errors)) == len(errors), result.output
    summaries = [line for line in lines if line.startswith("Error:") or "error(s)" in line]
    assert len(summaries) == 1, result.output
    assert summaries[0].startswith(f"Error: {len(errors)} error(s) in the briefing; nothing was built. (")
    assert "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_the_summary_counts_errors_and_the_warnings_strict_mode_stops_on() -> None:
    where = Location("content/facts.yaml", 3, 5)
    findings = [warning(where, "w"), error(where, "e"), error(Location("a", 1, 1), "f")]
    strict = BriefingError.stopped_by(findings, "nothing was built.", strict=True)
    assert strict.summary == "2 error(s) and 1 warning(s) (strict) in the briefing; nothing was built."
    assert strict.report().splitlines() == ["a:1:1: error: f", "content/facts.yaml:3:5: error: e",
                                            "content/facts.yaml:3:5: warning: w", strict.summary]
    lenient = BriefingError.stopped_by(findings, "nothing was built.")
    assert lenient.summary == "2 error(s) in the briefing; nothing was built."
    assert len(lenient.findings) == 3  # the warnings are still shown


def test_the_lowest_layer_knows_nothing_of_the_command_line() -> None:
    tree = ast.parse((PACKAGE / "errors.py").read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {name for name in imported if name.split(".")[0] == "click"}
