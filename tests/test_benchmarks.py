"""The benchmark's own measurements: what it reports about a build is what that build made."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from briefgen.build import load_briefing
from briefgen.render import render_pages
from site_helpers import REPO, copy_project


def test_stage_timer_reports_the_size_of_every_rendered_page(tmp_path: Path) -> None:
    """The bare-mkdocs baseline copies these sizes; ``briefgen build`` renders pages into files,
    so the sizes must come from there, not from the (empty) HTML the build keeps in memory."""
    project = copy_project(tmp_path / "project")
    out = tmp_path / "pages.json"
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "stages.py"), str(project), "--pages-out", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    reported = dict(json.loads(out.read_text("utf-8")))
    checked = load_briefing(project)
    in_memory = {page.src_uri: len(page.html.encode("utf-8"))
                 for page in render_pages(checked.briefing, [project / "templates"])}
    assert reported == in_memory
    assert min(reported.values()) > 0
