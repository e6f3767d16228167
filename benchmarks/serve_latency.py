#!/usr/bin/env python3
"""How long ``briefgen serve`` takes to show an edit to the fact sheet, and whether dependents follow.

    python benchmarks/serve_latency.py PROJECT [--edits 5] [--timeout 120] [--startup-timeout 600] [--json-out FILE]

Copies PROJECT (mkdocs.yml, content/, templates/) to a temporary folder, so a cached corpus is never
touched; starts ``briefgen serve -a 127.0.0.1:PORT`` there on a free port and waits until it serves
the home page. Then, ``--edits`` times (default 5), one second apart: rewrites the statement of one
claim in content/facts.yaml (the first claim that lists actors) as an editor would save it; polls
the claims page every 50 ms until the new words show (``latency_s``: seconds from the save); then
polls a page that depends on the claim — the page of an actor the claim lists — until it shows them
too (``dependent_s``). Reports each edit, and the median and worst of them. Bounded: it gives up
``--timeout`` seconds (default 120) after a save, and always stops the server it started.
Prints a JSON object (and writes it to ``--json-out``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

POLL = 0.05


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str, timeout: float) -> tuple[int, str, str]:
    """(status, body, final URL after redirects); status 0 when nothing answered."""
    try:
        with urllib.request.urlopen(url, timeout=max(0.05, timeout)) as response:
            return response.status, response.read().decode("utf-8", "replace"), response.geturl()
    except urllib.error.HTTPError as exc:
        return exc.code, "", url
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, "", url


def pick_claim(facts: str) -> tuple[int, str, str, str]:
    """(line index of its statement, claim id, statement as written, first actor id) of the first
    claim that lists actors, from the fact sheet's text (one claim item per ``  - id:`` line)."""
    lines = facts.split("\n")
    start = lines.index("claims:")
    claim_id = statement_line = None
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if line.startswith("  - id: "):
            claim_id, statement_line = line[len("  - id: "):].strip(), None
        elif line.startswith("    statement: ") and claim_id and not line[len("    statement: "):].startswith((">", "|")):
            statement_line = i
        elif line.startswith("    actors: [") and claim_id and statement_line is not None:
            actor = line[len("    actors: ["):].split(",")[0].strip(" ]\"'")
            return statement_line, claim_id, lines[statement_line], actor
    raise SystemExit("no claim with actors and a one-line statement in content/facts.yaml")


def copy_project(project: Path, into: Path) -> None:
    shutil.copy2(project / "mkdocs.yml", into / "mkdocs.yml")
    shutil.copytree(project / "content", into / "content")
    if (project / "templates").is_dir():
        shutil.copytree(project / "templates", into / "templates")


def stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop the server we started (its own process group, by its id)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=10)


def measure(project: Path, timeout: float, startup_timeout: float, briefgen: list[str], edits: int = 5) -> dict:
    result: dict = {"project": str(project), "timeout_s": timeout, "poll_s": POLL}
    with tempfile.TemporaryDirectory(prefix="briefgen-serve-") as tmp:
        root = Path(tmp)
        copy_project(project, root)
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        log_path = root / "serve.log"
        with open(log_path, "wb") as log:
            started = time.perf_counter()
            proc = subprocess.Popen(briefgen + ["serve", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"],
                                    cwd=root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            try:
                _run(proc, root, base, started, timeout, startup_timeout, result, edits)
            finally:
                stop(proc)
        log_text = log_path.read_text(encoding="utf-8", errors="replace")
        result["server_log_tail"] = log_text[-1500:]
    return result


def _run(proc: subprocess.Popen[bytes], root: Path, base: str, started: float, timeout: float,
         startup_timeout: float, result: dict, edits: int) -> None:
    while True:
        if proc.poll() is not None:
            result["error"] = f"briefgen serve exited with status {proc.returncode} before serving"
            return
        elapsed = time.perf_counter() - started
        if elapsed > startup_timeout:
            result["error"] = f"not serving after {startup_timeout:.0f} s"
            return
        status, _body, home = fetch(base, timeout=min(30.0, startup_timeout - elapsed))
        if status == 200:
            base = home  # mkdocs serves under site_url's path (it redirects / there)
            break
        time.sleep(0.25)
    result["startup_s"] = round(time.perf_counter() - started, 3)
    result["url"] = base
    facts_path = root / "content" / "facts.yaml"
    facts = facts_path.read_text(encoding="utf-8")
    index, claim_id, line, actor = pick_claim(facts)
    old = yaml.safe_load(line.split(": ", 1)[1])
    claims_url, actor_url = base + "claims/", base + f"actors/{actor}/"
    status, before, _url = fetch(claims_url, timeout=60)
    result.update(claim=claim_id, actor=actor, claims_page_bytes_before=len(before.encode()),
                  dependent_page=f"actors/{actor}/", edits=[])
    if status != 200:
        result["error"] = f"claims page answered {status} before the edit"
        return
    for number in range(edits):
        marker = f"Benchmark edit {number + 1} {os.getpid()}x{int(time.time() * 1000) % 10**8}"
        lines = facts.split("\n")
        lines[index] = "    statement: " + json.dumps(f"{marker}: {old}", ensure_ascii=False)
        edit = _one_edit(proc, facts_path, "\n".join(lines), marker, claims_url, actor_url, timeout)
        result["edits"].append(edit)
        if edit.get("error") or edit.get("latency_s") is None:
            break
        time.sleep(SETTLE)
    done = [e for e in result["edits"] if e.get("latency_s") is not None]
    if len(done) == edits:
        latencies = sorted(e["latency_s"] for e in done)
        result.update(latency_s=statistics.median(latencies), latency_max_s=latencies[-1],
                      dependent_ok=all(e["dependent_ok"] for e in done),
                      dependent_s=statistics.median(e["dependent_s"] or 0 for e in done), timed_out=False)
    else:
        result.update(latency_s=None, timed_out=True, error=next((e["error"] for e in result["edits"] if "error" in e),
                                                                 "an edit did not show"))


SETTLE = 1.0
"""Seconds between edits, as between an editor's saves."""


def _one_edit(proc: subprocess.Popen[bytes], facts_path: Path, text: str, marker: str, claims_url: str,
              actor_url: str, timeout: float) -> dict:
    """Save ``text`` as an editor does, then poll the claims page and the actor's page for ``marker``."""
    result: dict = {"marker": marker}
    facts_path.write_text(text, encoding="utf-8")
    saved = time.perf_counter()
    for key, url in (("latency_s", claims_url), ("dependent_s", actor_url)):
        polls = 0
        while True:
            remaining = timeout - (time.perf_counter() - saved)
            if proc.poll() is not None:
                result["error"] = f"briefgen serve exited with status {proc.returncode} after the edit"
                return result
            status, body, _url = fetch(url, timeout=max(0.05, remaining))
            polls += 1
            if status == 200 and marker in body:
                result[key] = round(time.perf_counter() - saved, 3)
                break
            if remaining <= 0:
                result[key] = None
                break
            time.sleep(POLL)
        result[key.replace("_s", "_polls")] = polls
    result["dependent_ok"] = result.get("dependent_s") is not None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a briefing project (benchmarks/generate.py output)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the change (default 120)")
    parser.add_argument("--startup-timeout", type=float, default=600.0,
                        help="seconds to wait for the server to serve at all (default 600)")
    parser.add_argument("--edits", type=int, default=5, help="edits to make, one after another (default 5)")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    exe = Path(sys.executable).with_name("briefgen")
    briefgen = [str(exe)] if exe.exists() else [sys.executable, "-m", "briefgen"]
    result = measure(args.project.resolve(), args.timeout, args.startup_timeout, briefgen, args.edits)
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if result.get("latency_s") is not None else 1


if __name__ == "__main__":
    sys.exit(main())
