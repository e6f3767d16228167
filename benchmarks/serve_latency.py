#!/usr/bin/env python3
"""How long ``briefgen serve`` takes to show an edit to the fact sheet, and whether dependents follow.

    python benchmarks/serve_latency.py PROJECT [--timeout 120] [--startup-timeout 600] [--json-out FILE]

Copies PROJECT (mkdocs.yml, content/, templates/) to a temporary folder, so a cached corpus is never
touched; starts ``briefgen serve -a 127.0.0.1:PORT`` there on a free port and waits until it serves
the home page; rewrites the statement of one claim in content/facts.yaml (the first claim that lists
actors) as an editor would save it; then polls the claims page every 50 ms until the new words show,
and reports the seconds from the save to that response. Then it checks that a page that depends on
the claim — the page of an actor the claim lists — shows the new words too, polling it the same
way (``dependent_s``: the seconds until it does). Bounded: it gives up
``--timeout`` seconds (default 120) after the save, and always stops the server it started.
Prints a JSON object (and writes it to ``--json-out``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
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


def measure(project: Path, timeout: float, startup_timeout: float, briefgen: list[str]) -> dict:
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
                _run(proc, root, base, started, timeout, startup_timeout, result)
            finally:
                stop(proc)
        log_text = log_path.read_text(encoding="utf-8", errors="replace")
        result["server_log_tail"] = log_text[-1500:]
    return result


def _run(proc: subprocess.Popen[bytes], root: Path, base: str, started: float, timeout: float,
         startup_timeout: float, result: dict) -> None:
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
    marker = f"Benchmark edit {os.getpid()}x{int(time.time() * 1000) % 10**8}"
    old = yaml.safe_load(line.split(": ", 1)[1])
    new_line = "    statement: " + json.dumps(f"{marker}: {old}", ensure_ascii=False)
    lines = facts.split("\n")
    lines[index] = new_line
    claims_url, actor_url = base + "claims/", base + f"actors/{actor}/"
    status, before, _url = fetch(claims_url, timeout=60)
    result.update(claim=claim_id, actor=actor, claims_page_bytes_before=len(before.encode()), marker=marker)
    if status != 200:
        result["error"] = f"claims page answered {status} before the edit"
        return
    # Save the edit the way an editor does, then start the clock.
    facts_path.write_text("\n".join(lines), encoding="utf-8")
    saved = time.perf_counter()
    polls = 0
    while True:
        remaining = timeout - (time.perf_counter() - saved)
        if remaining <= 0:
            result.update(latency_s=None, timed_out=True, polls=polls)
            return
        if proc.poll() is not None:
            result["error"] = f"briefgen serve exited with status {proc.returncode} after the edit"
            return
        tick = time.perf_counter()
        status, body, _url = fetch(claims_url, timeout=remaining)
        polls += 1
        if status == 200 and marker in body:
            result.update(latency_s=round(time.perf_counter() - saved, 3), timed_out=False, polls=polls,
                          claims_page_bytes_after=len(body.encode()))
            break
        time.sleep(max(0.0, POLL - (time.perf_counter() - tick)))
    result["dependent_page"] = f"actors/{actor}/"
    while True:  # the rebuild writes the actor's page too; poll it until it shows the edit, or time out
        remaining = timeout - (time.perf_counter() - saved)
        status, body, _url = fetch(actor_url, timeout=max(0.05, remaining))
        result["dependent_status"] = status
        if status == 200 and marker in body:
            result.update(dependent_ok=True, dependent_s=round(time.perf_counter() - saved, 3))
            break
        if remaining <= 0 or proc.poll() is not None:
            result.update(dependent_ok=False, dependent_s=None)
            break
        time.sleep(POLL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a briefing project (benchmarks/generate.py output)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the change (default 120)")
    parser.add_argument("--startup-timeout", type=float, default=600.0,
                        help="seconds to wait for the server to serve at all (default 600)")
    parser.add_argument("--json-out", type=Path)
    args = parser.parse_args(argv)
    exe = Path(sys.executable).with_name("briefgen")
    briefgen = [str(exe)] if exe.exists() else [sys.executable, "-m", "briefgen"]
    result = measure(args.project.resolve(), args.timeout, args.startup_timeout, briefgen)
    text = json.dumps(result, indent=2, sort_keys=True)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0 if result.get("latency_s") is not None else 1


if __name__ == "__main__":
    sys.exit(main())
