"""The process around the pipeline: how the command line ends, and what is kept from the garbage collector."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from briefgen import collector

ENDS_WITH_A_HANDLER = """\
import atexit, sys
from briefgen.cli import run
atexit.register(lambda: print("atexit handler ran", flush=True))
sys.argv = ["briefgen", {argument!r}]
run()
"""


def run_cli_with_an_atexit_handler(argument: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = ENDS_WITH_A_HANDLER.format(argument=argument)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_the_command_line_runs_atexit_handlers_and_keeps_its_exit_code(tmp_path: Path) -> None:
    done = run_cli_with_an_atexit_handler("--version", tmp_path)
    assert (done.returncode, done.stdout.splitlines()[-1]) == (0, "atexit handler ran"), done.stderr
    failed = run_cli_with_an_atexit_handler("no-such-command", tmp_path)
    assert failed.returncode == 2 and "atexit handler ran" in failed.stdout, failed.stderr


def test_render_workers_leave_what_serve_froze_frozen() -> None:
    gc.collect()
    gc.unfreeze()
    try:
        with collector.frozen_for_fork():
            assert gc.get_freeze_count() > 0
        assert gc.get_freeze_count() == 0  # a one-off build: as it was
        collector.keep_what_lives_on()
        frozen = gc.get_freeze_count()
        with collector.frozen_for_fork():
            pass
        assert gc.get_freeze_count() >= frozen > 0  # serve's freeze is not undone by a render
    finally:
        gc.unfreeze()


def test_loading_pauses_the_collector_and_restores_it() -> None:
    assert gc.isenabled()
    with collector.paused():
        assert not gc.isenabled()
    assert gc.isenabled()
