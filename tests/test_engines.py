"""The core is engine-free, and the adapter works on mkdocs and on ProperDocs alike."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def copy_sample(dest: Path) -> Path:
    """A copy of the sample project (what a user's checkout holds), without build output."""
    for name in ("mkdocs.yml", "content", "templates"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, dest / name)
        else:
            shutil.copy2(source, dest / name)
    return dest


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


def test_the_core_builds_every_page_without_mkdocs_installed(tmp_path: Path) -> None:
    project = copy_sample(tmp_path)
    script = (
        "import sys\n"
        "sys.modules['mkdocs'] = None; sys.modules['properdocs'] = None  # importing either now fails\n"
        "from pathlib import Path\n"
        "from briefgen.build import load_briefing\n"
        "from briefgen.render import render_pages\n"
        "checked = load_briefing(Path('.'))\n"
        "pages = render_pages(checked.briefing)\n"
        "print(len(checked.errors), len(pages), sorted(p.src_uri for p in pages)[:2])\n"
    )
    result = run("-c", script, cwd=project)
    assert result.returncode == 0, result.stderr
    errors, pages, first = result.stdout.split(" ", 2)
    assert errors == "0"
    assert int(pages) > 40  # 7 sections + one page per actor, venue and source of the sample
    assert first.strip() == "['actors/analysts.md', 'actors/biden-administration-source.md']"


def _html_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


@pytest.mark.parametrize("engine", ["mkdocs", "properdocs"])
def test_the_engine_builds_the_same_pages_as_briefgen_build(tmp_path: Path, engine: str) -> None:
    project = copy_sample(tmp_path)
    reference = run("-m", "briefgen", "build", cwd=project)
    assert reference.returncode == 0, reference.stderr
    built = run("-m", engine, "build", "--strict", "-f", "mkdocs.yml", "-d", "engine-site", cwd=project)
    assert built.returncode == 0, built.stderr
    ours, theirs = _html_files(project / "site"), _html_files(project / "engine-site")
    assert len(ours) > 40
    assert ours.keys() == theirs.keys()
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert (project / "engine-site" / ".nojekyll").is_file()
