#!/usr/bin/env python3
"""briefgen's scale benchmark: every target of issue 7, with the measured figure next to it.

    python benchmarks/run.py [--max-n 1000] [--with-10k] [--seed 1] [--out benchmarks/results.json]

For N = 10, 100, 1,000 (and 10,000 with ``--with-10k``) it

1. generates the corpus with benchmarks/generate.py (cached in ``--cache-dir`` by N, seed and the
   generator's own hash, so a second run skips this);
2. measures, each as its own subprocess, wall time, CPU time (user + system) and peak memory
   (``/usr/bin/time``'s maximum resident set size; without it, a fresh wrapper process that reads
   ``getrusage(RUSAGE_CHILDREN)`` of its one child; CPU time includes reaped grandchildren such as
   render workers, peak memory is the largest single process) of
   - ``briefgen check``;
   - ``briefgen build`` — run through benchmarks/stages.py, which times each stage inside the
     build (load, segment, resolve, check, render; mkdocs = build − the rest) and records the size
     of every page briefgen rendered;
   - the baseline: a bare ``mkdocs build`` (theme ``mkdocs``, plugin ``search``) of a plain site with
     the same pages, each a Markdown page of as many bytes as briefgen's HTML for it
     (benchmarks/plain_site.py);
   - the floor: one process that reads those pages → markdown-it-py → a Jinja frame → HTML files
     (benchmarks/floor.py);
3. at N = 1,000, measures ``briefgen serve``'s latency after an edit (benchmarks/serve_latency.py);
4. prints a table and every target with PASS/FAIL, and writes everything to ``--out`` as JSON.

The machine is described in the JSON (cores, CPU, memory, Python, package versions, git commit)
with the load average before and after each measurement: on a busy machine, wall times stretch
while CPU times do not, so both are reported.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import plain_site  # noqa: E402

TIME = Path("/usr/bin/time")
WRAPPER = (
    "import json, resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[2:]).returncode\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "open(sys.argv[1], 'w').write(json.dumps([u.ru_utime, u.ru_stime, u.ru_maxrss, code]))\n"
    "sys.exit(code)\n"
)


# ---------------------------------------------------------------------------------------------
# Measuring one command


MEMORY_LIMIT_GB = 16.0


def _limit_memory() -> None:
    """In the child: cap its address space, so a runaway build fails with MemoryError instead of
    starving a shared machine."""
    import resource

    limit = int(MEMORY_LIMIT_GB * 1024 ** 3)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def measure(cmd: list[str], cwd: Path, timeout: float, log: Path) -> dict:
    """Wall, CPU and peak RSS of ``cmd`` run as a subprocess (stdout and stderr go to ``log``)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rusage", delete=False) as handle:
        stats_path = Path(handle.name)
    if TIME.exists():
        argv = [str(TIME), "-f", "%e %U %S %M %x", "-o", str(stats_path)] + cmd
    else:
        argv = [sys.executable, "-c", WRAPPER, str(stats_path)] + cmd
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    timed_out = False
    with open(log, "wb") as out:
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_limit_memory if MEMORY_LIMIT_GB > 0 else None)
        try:
            code = proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            os.killpg(proc.pid, 9)
            code = proc.wait()
    wall = time.perf_counter() - started
    result = {"cmd": " ".join(cmd), "wall_s": round(wall, 3), "exit": code, "timed_out": timed_out,
              "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2)}
    try:
        raw = stats_path.read_text().strip()
        if TIME.exists():
            last = raw.splitlines()[-1].split()
            _elapsed, user, system, rss_kb, code2 = float(last[0]), float(last[1]), float(last[2]), int(last[3]), int(last[4])
        else:
            user, system, rss_kb, code2 = json.loads(raw)
        result.update(cpu_s=round(user + system, 3), peak_rss_mb=round(rss_kb / 1024, 1), exit=code2)
    except (OSError, ValueError, IndexError):
        result.update(cpu_s=None, peak_rss_mb=None)
    finally:
        stats_path.unlink(missing_ok=True)
    result["output_tail"] = log.read_text(encoding="utf-8", errors="replace")[-1200:]
    return result


def measure_repeated(run: Callable[[int], dict], times: int) -> dict:
    """The measurement of median wall time among ``times`` runs (``run(i)`` makes the i-th), with
    every run's wall time beside it and the largest peak memory of them all; a failed run ends the
    series and is the one reported. On a shared machine one run of a few seconds can be a fifth
    slower or faster than the next: a ratio of two single runs is that much off."""
    runs: list[dict] = []
    for i in range(max(1, times)):
        runs.append(run(i))
        if runs[-1]["exit"] != 0 or runs[-1]["timed_out"]:
            return {**runs[-1], "run": i, "walls_s": [r["wall_s"] for r in runs]}
    middle = sorted(range(len(runs)), key=lambda i: runs[i]["wall_s"])[len(runs) // 2]
    peaks = [r["peak_rss_mb"] for r in runs if r.get("peak_rss_mb") is not None]
    return {**runs[middle], "run": middle, "walls_s": [r["wall_s"] for r in runs],
            "peak_rss_mb": max(peaks) if peaks else None}


# ---------------------------------------------------------------------------------------------
# The machine


def machine() -> dict:
    info: dict = {"nproc": os.cpu_count(), "python": sys.version.split()[0], "platform": platform.platform(),
                  "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    try:
        info["nproc"] = int(subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip())
    except (OSError, ValueError):
        pass
    try:
        lines = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
        info["lscpu"] = [re.sub(r"\s{2,}", " ", line) for line in lines[:12]]
        model = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Model name")]
        info["cpu"] = model[0] if model else ""
    except OSError:
        info["lscpu"] = []
    try:
        meminfo = Path("/proc/meminfo").read_text().split("\n", 1)[0]
        info["memory_gb"] = round(int(meminfo.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    from importlib import metadata

    info["packages"] = {}
    for name in ("briefgen", "mkdocs", "markdown-it-py", "Markdown", "Jinja2", "PyYAML", "jsonschema", "rapidfuzz"):
        try:
            info["packages"][name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    git = ["git", "-C", str(REPO)]
    head = subprocess.run(git + ["rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(git + ["status", "--porcelain", "--", "briefgen", "templates"], capture_output=True,
                           text=True).stdout.strip()
    info["git"] = head + ("+uncommitted changes in briefgen/ or templates/" if dirty else "")
    return info


# ---------------------------------------------------------------------------------------------
# The corpus, cached


def generator_digest() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:10]


def ensure_corpus(n: int, seed: int, cache: Path) -> tuple[Path, dict, float | None]:
    """The project folder for N and seed, generated unless a complete copy is cached."""
    folder = cache / f"corpus-n{n}-s{seed}-g{generator_digest()}"
    info_path = folder / "corpus.json"
    if info_path.exists():
        return folder, json.loads(info_path.read_text()), None
    staging = cache / f".staging-n{n}-s{seed}"
    shutil.rmtree(staging, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), "--seed", str(seed), "--out", str(staging)],
                   check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return folder, json.loads(info_path.read_text()), seconds


def tree_bytes(root: Path, pattern: str) -> tuple[int, int]:
    files = [p for p in root.rglob(pattern) if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


# ---------------------------------------------------------------------------------------------
# One N


def run_n(n: int, args: argparse.Namespace, log_dir: Path) -> dict:
    bin_dir = Path(sys.executable).parent
    briefgen = str(bin_dir / "briefgen") if (bin_dir / "briefgen").exists() else None
    bg = [briefgen] if briefgen else [sys.executable, "-m", "briefgen"]
    corpus, info, gen_s = ensure_corpus(n, args.seed, args.cache_dir)
    work = args.cache_dir / f"work-n{n}-s{args.seed}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    r: dict = {"n": n, "corpus": {**info, "path": str(corpus), "generate_s": round(gen_s, 2) if gen_s else "cached",
                                  "facts_yaml_bytes": (corpus / "content/facts.yaml").stat().st_size,
                                  "articles_bytes": tree_bytes(corpus / "content/articles", "*.md")[1]}}
    say(f"N={n}: corpus {corpus.name} ({r['corpus']['generate_s']}{' s' if gen_s else ''})")

    r["check"] = measure_repeated(lambda i: measure(bg + ["check", "-p", str(corpus)], corpus, args.timeout,
                                                    log_dir / f"n{n}-check-{i}.log"), args.repeat)
    summary = re.search(r"(\d+) errors, (\d+) warnings", r["check"]["output_tail"])
    errors, warnings = (int(summary.group(1)), int(summary.group(2))) if summary else (None, None)
    r["check"].update(errors=errors, warnings=warnings)
    say(f"N={n}: check {r['check']['wall_s']} s (runs {runs_s(r['check'])}), {r['check']['peak_rss_mb']} MB "
        f"({errors} errors, {warnings} warnings)")

    strict = warnings == 0
    pages_json = work / "pages.json"

    def build(i: int) -> dict:
        shutil.rmtree(corpus / "site", ignore_errors=True)  # each run builds from nothing
        cmd = [sys.executable, str(HERE / "stages.py"), str(corpus), "--pages-out", str(pages_json),
               "--json-out", str(work / f"stages-{i}.json")] + ([] if strict else ["--no-strict"])
        return measure(cmd, corpus, args.timeout, log_dir / f"n{n}-build-{i}.log")

    r["build"] = measure_repeated(build, args.repeat)
    r["build"]["strict"] = strict
    stages_json = work / f"stages-{r['build']['run']}.json"
    r["stages"] = json.loads(stages_json.read_text()) if stages_json.exists() else {}
    r["site"] = dict(zip(("html_files", "html_bytes"), tree_bytes(corpus / "site", "*.html")))
    say(f"N={n}: build {r['build']['wall_s']} s (runs {runs_s(r['build'])}), {r['build']['peak_rss_mb']} MB, "
        f"{r['stages'].get('pages', '?')} pages, {r['site']['html_bytes'] / 1e6:.1f} MB of HTML")
    if r["build"]["timed_out"] or r["build"]["exit"] != 0:
        r["build"]["failed"] = ("timed out after %.0f s" % args.timeout if r["build"]["timed_out"]
                                else f"exit status {r['build']['exit']}: {r['stages'].get('error') or 'see log'}")
        say(f"N={n}: build FAILED ({r['build']['failed']})")
    if not pages_json.exists():
        say(f"N={n}: no page sizes (render did not finish): no baseline or floor")
        return r

    pages = json.loads(pages_json.read_text())
    cap = int(args.baseline_page_cap_mb * 1e6)
    capped = [[uri, min(size, cap)] for uri, size in pages]
    plain = work / "plain"
    r["baseline_pages"] = plain_site.write_plain_site(capped, plain, args.seed)
    r["baseline_pages"].update(capped_pages=sum(1 for _u, s in pages if s > cap),
                               capped_bytes_omitted=sum(max(0, s - cap) for _u, s in pages),
                               page_cap_mb=args.baseline_page_cap_mb)
    r["mkdocs_bare"] = measure([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain / "mkdocs.yml")],
                               plain, args.timeout, log_dir / f"n{n}-mkdocs-bare.log")
    r["mkdocs_bare"]["site"] = dict(zip(("html_files", "html_bytes"), tree_bytes(plain / "site", "*.html")))
    say(f"N={n}: bare mkdocs {r['mkdocs_bare']['wall_s']} s, {r['mkdocs_bare']['peak_rss_mb']} MB")
    r["floor"] = measure([sys.executable, str(HERE / "floor.py"), str(plain / "docs"), str(plain / "floor-site")],
                         plain, args.timeout, log_dir / f"n{n}-floor.log")
    say(f"N={n}: floor {r['floor']['wall_s']} s, {r['floor']['peak_rss_mb']} MB")

    if n == args.serve_n and not args.no_serve and r["build"].get("failed"):
        r["serve"] = {"latency_s": None, "error": f"not run: briefgen build {r['build']['failed']}"}
    elif n == args.serve_n and not args.no_serve:
        serve_json = work / "serve.json"
        cmd = [sys.executable, str(HERE / "serve_latency.py"), str(corpus), "--timeout", str(args.serve_timeout),
               "--startup-timeout", str(args.timeout), "--json-out", str(serve_json)]
        r["serve_run"] = measure(cmd, work, args.timeout + args.serve_timeout + 60, log_dir / f"n{n}-serve.log")
        r["serve"] = json.loads(serve_json.read_text()) if serve_json.exists() else {"error": "no result"}
        say(f"N={n}: serve latency {r['serve'].get('latency_s')} s (startup {r['serve'].get('startup_s')} s)")
    return r


def runs_s(measured: dict) -> str:
    return ", ".join(f"{w:.2f}" for w in measured.get("walls_s", [measured["wall_s"]]))


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Targets and the table


def stage(r: dict, name: str, key: str = "wall") -> float | None:
    stages = r.get("stages", {})
    if name in ("load", "mkdocs"):
        value = stages.get("derived", {}).get(name, {}).get(key)
    else:
        value = stages.get("stages", {}).get(name, {}).get(key)
    return value


def per_citation_us(r: dict, key: str = "wall") -> float | None:
    seconds = stage(r, "resolve", key)
    cites = r.get("stages", {}).get("citations")
    return seconds / cites * 1e6 if seconds is not None and cites else None


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def fmt(value: float | None, digits: int = 2, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:.{digits}f}{unit}"


def growth_target(target: Callable[..., None], command: str, a: dict | None, c: dict | None,
                  small: int, big: int) -> None:
    """t(big)/t(small) of one briefgen command, ≤ 11 (wall clock; CPU time beside it)."""
    name = f"growth t({big:,})/t({small:,}) of briefgen {command}"
    if a and c and c[command].get("failed"):
        g = ratio(c[command]["wall_s"], a[command]["wall_s"])
        target(name, "≤ 11", f"> {fmt(g, 1)} ({command} {c[command]['failed']})", False)
    elif a and c:
        g = ratio(c[command]["wall_s"], a[command]["wall_s"])
        cpu = ratio(c[command].get("cpu_s"), a[command].get("cpu_s"))
        target(name, "≤ 11", f"{fmt(g, 1)} ({c[command]['wall_s']:.1f} s / {a[command]['wall_s']:.1f} s; CPU {fmt(cpu, 1)})",
               g is not None and g <= 11 and not c[command].get("timed_out"))
    else:
        target(name, "≤ 11", "—", None, "needs --with-10k" if big == 10000 else "needs N=100 and N=1,000")


def targets(runs: dict[int, dict], with_10k: bool) -> list[dict]:
    out: list[dict] = []

    def target(name: str, limit: str, figure: str, ok: bool | None, note: str = "") -> None:
        out.append({"target": name, "limit": limit, "measured": figure,
                    "status": "PASS" if ok else ("FAIL" if ok is False else "NOT MEASURED"), "note": note})

    r1k = runs.get(1000)
    if r1k and r1k["build"].get("failed"):
        for name, limit, other in (("N=1,000: briefgen build ≤ 0.5× bare mkdocs", "≤ 0.50", "mkdocs_bare"),
                                   ("N=1,000: briefgen build ≤ 3× bare-pipeline floor", "≤ 3.0", "floor")):
            base = r1k.get(other, {}).get("wall_s")
            target(name, limit, f"> {fmt(ratio(r1k['build']['wall_s'], base))}× (build {r1k['build']['failed']} "
                   f"after {r1k['build']['wall_s']:.0f} s; {other.replace('_', ' ')} {fmt(base, 1)} s)", False)
    elif r1k and "mkdocs_bare" in r1k:
        b, m, f = r1k["build"], r1k["mkdocs_bare"], r1k["floor"]
        x = ratio(b["wall_s"], m["wall_s"])
        target("N=1,000: briefgen build ≤ 0.5× bare mkdocs", "≤ 0.50",
               f"{fmt(x)}× ({b['wall_s']:.1f} s / {m['wall_s']:.1f} s; CPU {fmt(ratio(b['cpu_s'], m['cpu_s']))}×)",
               x is not None and x <= 0.5 and not b["timed_out"])
        y = ratio(b["wall_s"], f["wall_s"])
        target("N=1,000: briefgen build ≤ 3× bare-pipeline floor", "≤ 3.0",
               f"{fmt(y)}× ({b['wall_s']:.1f} s / {f['wall_s']:.1f} s; CPU {fmt(ratio(b['cpu_s'], f['cpu_s']))}×)",
               y is not None and y <= 3 and not b["timed_out"])
    else:
        target("N=1,000: briefgen build ≤ 0.5× bare mkdocs", "≤ 0.50", "—", None, "N=1,000 not run or build failed")
        target("N=1,000: briefgen build ≤ 3× bare-pipeline floor", "≤ 3.0", "—", None, "N=1,000 not run or build failed")
    for small, big in ((100, 1000), (1000, 10000)):
        for command in ("check", "build"):
            growth_target(target, command, runs.get(small), runs.get(big), small, big)
    low = runs.get(100)
    high = runs.get(10000) if with_10k and 10000 in runs else runs.get(1000)
    if low and high:
        a, c = per_citation_us(low), per_citation_us(high)
        x = ratio(c, a)
        note = "" if high["n"] == 10000 else "10,000 not run: compared N=1,000 with N=100 instead (run --with-10k)"
        target(f"resolve cost per citation, N={high['n']:,} vs N=100", "≤ 2×",
               f"{fmt(x)}× ({fmt(c, 1)} µs vs {fmt(a, 1)} µs)", x is not None and x <= 2 if x is not None else None,
               note)
    else:
        target("resolve cost per citation, N=10,000 vs N=100", "≤ 2×", "—", None, "needs N=100 and a larger N")
    r10k = runs.get(10000)
    if r10k:
        peaks = [v for v in (r10k["check"].get("peak_rss_mb"), r10k["build"].get("peak_rss_mb")) if v is not None]
        failed = r10k["build"].get("failed")
        figure = (f"{max(peaks):.0f} MB" if peaks else "—") + (f" (build {failed})" if failed else "")
        target("peak memory at N=10,000 (check, build)", "< 1,024 MB", figure,
               bool(peaks) and max(peaks) < 1024 and not failed)
    else:
        ref = runs.get(1000)
        figure = (f"N=1,000: {ref['build'].get('peak_rss_mb')} MB build, {ref['check'].get('peak_rss_mb')} MB check"
                  if ref else "—")
        target("peak memory at N=10,000 (check, build)", "< 1,024 MB", figure, None, "run --with-10k to measure")
    serve = (runs.get(1000) or {}).get("serve")
    name = "serve: edit one claim at N=1,000 → page and dependents show it"
    if serve:
        latency, worst = serve.get("latency_s"), serve.get("latency_max_s")
        ok = latency is not None and latency < 1 and bool(serve.get("dependent_ok"))
        figure = (f"median {latency:.2f} s, worst {worst:.2f} s of {len(serve.get('edits', []))} edits; dependent "
                  f"page {'correct' if serve.get('dependent_ok') else 'STALE'} (median {serve.get('dependent_s')} s)"
                  if latency is not None else f"no change within {serve.get('timeout_s')} s"
                  + (f" ({serve['error']})" if serve.get("error") else ""))
        target(name, "median < 1 s, dependents correct", figure, ok, f"server start-up {serve.get('startup_s')} s")
    else:
        target(name, "median < 1 s, dependents correct", "—", None, "not run")
    return out


def table(runs: dict[int, dict]) -> str:
    head = ("N", "pages", "HTML MB", "check s", "check MB", "build s", "build CPU s", "build MB", "bare mkdocs s",
            "floor s", "build/bare", "build/floor")
    rows = [head]
    for n, r in sorted(runs.items()):
        m, f = r.get("mkdocs_bare", {}), r.get("floor", {})
        rows.append((f"{n:,}", str(r.get("stages", {}).get("pages", "—")), fmt(r["site"]["html_bytes"] / 1e6, 1),
                     fmt(r["check"]["wall_s"], 1), fmt(r["check"]["peak_rss_mb"], 0), fmt(r["build"]["wall_s"], 1)
                     + ("*" if r["build"]["timed_out"] else ""), fmt(r["build"]["cpu_s"], 1),
                     fmt(r["build"]["peak_rss_mb"], 0), fmt(m.get("wall_s"), 1), fmt(f.get("wall_s"), 1),
                     fmt(ratio(r["build"]["wall_s"], m.get("wall_s"))), fmt(ratio(r["build"]["wall_s"], f.get("wall_s")))))
    stage_head = ("N", "load", "segment", "resolve", "check", "render", "mkdocs", "µs/citation", "citations")
    stage_rows = [stage_head]
    for n, r in sorted(runs.items()):
        stage_rows.append((f"{n:,}", fmt(stage(r, "load")), fmt(stage(r, "segment")), fmt(stage(r, "resolve")),
                           fmt(stage(r, "check")), fmt(stage(r, "render")), fmt(stage(r, "mkdocs")),
                           fmt(per_citation_us(r), 1), str(r.get("stages", {}).get("citations", "—"))))
    return markdown_table(rows) + "\n\nStage times (seconds, wall clock, inside `briefgen build`):\n\n" + markdown_table(stage_rows)


def markdown_table(rows: list[tuple]) -> str:
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(str(c).rjust(w) for c, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return "\n".join(lines)


def targets_table(items: list[dict]) -> str:
    rows = [("target", "limit", "measured", "status")]
    for t in items:
        measured = "; ".join(x for x in (t["measured"] if t["measured"] != "—" else "", t["note"]) if x) or "—"
        rows.append((t["target"], t["limit"], measured, t["status"]))
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    global MEMORY_LIMIT_GB
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--max-n", type=int, default=1000, help="largest N of 10, 100, 1000 to run (default 1000)")
    parser.add_argument("--with-10k", action="store_true", help="also run N=10,000 (about 30 min; needs about 10 GB of memory and 8 GB of disk)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=HERE / "results.json", help="JSON results (default benchmarks/results.json)")
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()) / "briefgen-bench",
                        help="where corpora, sites and logs go (default $TMPDIR/briefgen-bench)")
    parser.add_argument("--timeout", type=float, default=1800,
                        help="seconds allowed to each measured command (default 1800: bare mkdocs at 10,000 pages takes 12 min)")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs of briefgen check and of briefgen build at each N; the median is reported (default 3)")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve latency measurement")
    parser.add_argument("--serve-n", type=int, default=1000, help="corpus size for the serve measurement (default 1000)")
    parser.add_argument("--serve-timeout", type=float, default=120, help="seconds to wait for an edit to show (default 120)")
    parser.add_argument("--memory-limit-gb", type=float, default=MEMORY_LIMIT_GB,
                        help="address-space limit of each measured command, 0 for none (default 16: bare mkdocs "
                             "at 10,000 pages needs about 10)")
    parser.add_argument("--baseline-page-cap-mb", type=float, default=20.0,
                        help="largest baseline page, in MB of Markdown (default 20): a briefgen page larger than "
                             "this is matched by a page of this size, and the bytes left out are reported")
    parser.add_argument("--report", type=Path, metavar="JSON",
                        help="measure nothing: print the table and targets of an earlier run's JSON (and update them in it)")
    args = parser.parse_args(argv)
    if args.report:
        report(json.loads(args.report.read_text("utf-8")), args.report)
        return 0
    MEMORY_LIMIT_GB = args.memory_limit_gb
    args.cache_dir = args.cache_dir.resolve()
    args.cache_dir.mkdir(parents=True, exist_ok=True)
    log_dir = args.cache_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    ns = [n for n in (10, 100, 1000) if n <= args.max_n] + ([10000] if args.with_10k else [])
    started = time.perf_counter()
    results: dict = {"machine": machine(), "seed": args.seed, "ns": ns, "repeat": args.repeat, "runs": {}}
    say(f"machine: {results['machine']['nproc']} cores, {results['machine'].get('cpu', '')}, "
        f"Python {results['machine']['python']}, briefgen {results['machine']['git']}")
    runs: dict[int, dict] = {}
    for n in ns:
        runs[n] = run_n(n, args, log_dir)
        results["runs"][str(n)] = runs[n]
        args.out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    results["total_s"] = round(time.perf_counter() - started, 1)
    report(results, args.out)
    return 0


def report(results: dict, out: Path) -> None:
    """Work out the table and the targets of a run's measurements, write them into its JSON, print them."""
    runs = {int(n): r for n, r in results["runs"].items()}
    results["targets"] = targets(runs, 10000 in runs)
    results["table"] = table(runs)
    results["targets_table"] = targets_table(results["targets"])
    out.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(results["table"])
    print(f"\ncheck and build: the median of {results.get('repeat', 1)} run(s) each; peak memory: the largest of them.\n")
    print(results["targets_table"])
    loads = [v for r in runs.values() for k in ("check", "build", "mkdocs_bare", "floor")
             for v in (r.get(k, {}).get("load_before"), r.get(k, {}).get("load_after")) if v is not None]
    print(f"\nMachine: {results['machine']['nproc']} cores, {results['machine'].get('cpu', '')}, "
          f"{results['machine'].get('memory_gb', '?')} GB, Python {results['machine']['python']}; "
          f"load average during the run {min(loads, default=0):.1f}–{max(loads, default=0):.1f}"
          + (" (busy machine: compare CPU seconds)" if max(loads, default=0) > (results['machine']['nproc'] or 1) else ""))
    print(f"Total {results['total_s']:.0f} s; results in {out}")


if __name__ == "__main__":
    sys.exit(main())
