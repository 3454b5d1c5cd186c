"""Part 2 of bench_storage.py: the daemon against a foreground ``esma search run`` of the same
search, through the CLI in subprocesses (see bench_storage's docstring).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from typing import Any

from benchlib import ROOT, cpu_seconds, fmt_rate, fmt_s, load, load1, print_table

DAEMON_TARGET = 0.85  # daemon pairs/s >= 85% of the foreground's (within 15%)


def epoch(iso_text: str | None) -> float | None:
    return None if not iso_text else datetime.fromisoformat(iso_text).timestamp()


ESMA = os.path.join(os.path.dirname(sys.executable), "esma")


def esma_cmd() -> list[str]:
    """The esma executable beside this Python, else ``python -m discovery`` (the same command)."""
    if os.path.exists(ESMA):
        return [ESMA]
    return [sys.executable, "-m", "discovery"]


def env_for(home: str) -> dict[str, str]:
    env = dict(os.environ)
    env["ESMA_HOME"] = os.path.join(home, "home")
    env["ESMA_DB"] = os.path.join(home, "default.sqlite")
    env["PYTHONPATH"] = ROOT + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    os.makedirs(env["ESMA_HOME"], exist_ok=True)
    return env


def run(cmd: list[str], env: dict[str, str], cwd: str, timeout: float = 900.0) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, check=False, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return proc


def space_args(a: argparse.Namespace) -> list[str]:
    return [a.constant, "--degree", str(a.degree), "--coeff-limit", str(a.coeff_limit), "--periods", a.periods,
            "--yes"]


def db_facts(path: str, search_id: int) -> dict[str, Any]:
    from db import repository as repo
    from db.engine import open_db

    db = open_db(path, create=False)
    try:
        info = repo.get_search(db, search_id)
        prog = repo.search_progress(db, search_id)
        n = repo.count_conjectures(db, search_id=search_id)
    finally:
        db.close()
    return {"status": info["status"], "started_at": epoch(info["started_at"]), "finished_at": epoch(info["finished_at"]),
            "pairs_done": prog["pairs_done"], "pairs_total": prog["pairs_total"], "units_done": prog["units_done"],
            "units_total": prog["units_total"], "unit_seconds": prog["seconds"], "conjectures": n}


def foreground(a: argparse.Namespace, folder: str) -> dict[str, Any]:
    env = env_for(folder)
    path = os.path.join(folder, "fg.sqlite")
    cmd = esma_cmd() + ["search", "run", *space_args(a), "--db", path, "--workers", str(a.workers),
                        "--format", "json"]
    la = load1()
    t_launch = time.time()
    t0 = time.perf_counter()
    proc = run(cmd, env, folder)
    wall = time.perf_counter() - t0
    doc = json.loads(proc.stdout)
    stats = doc["stats"]
    sid = doc["search"]["search_id"]
    facts = db_facts(path, sid)
    return {
        "load1": la, "observed_s": wall, "engine_stats_s": stats["seconds"],
        "to_stored_s": facts["finished_at"] - t_launch,
        "engine_s": facts["finished_at"] - facts["started_at"],
        "pairs": stats["pairs"], "verified": stats["verified"], "results": len(doc["results"]),
        "hits": stats["hits"], "conjectures": facts["conjectures"], "units": facts["units_done"],
        "unit_seconds": facts["unit_seconds"], "pairs_done": facts["pairs_done"], "status": facts["status"],
        "estimate_line": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "",
    }


def daemon(a: argparse.Namespace, folder: str) -> dict[str, Any]:
    from discovery.service.worker import process_alive
    from db import repository as repo
    from db.engine import open_db

    env = env_for(folder)
    path = os.path.join(folder, "daemon.sqlite")
    esma = esma_cmd()
    sub = run(esma + ["search", "submit", *space_args(a), "--db", path], env, folder)
    sid = int(sub.stdout.split()[1])
    poll_db = open_db(path, create=False) if a.poll == "db" else None
    pid: int | None = None
    polls = 0
    try:
        la = load1()
        t_launch = time.time()
        t0 = time.perf_counter()
        started = run(esma + ["daemon", "start", "--workers", str(a.workers), "--db", path], env, folder)
        t_started = time.perf_counter() - t0
        try:
            pid = int(started.stdout.split("(pid ")[1].split(")")[0])
        except (IndexError, ValueError):
            pid = None
        deadline = time.perf_counter() + a.daemon_timeout
        c0 = cpu_seconds()
        while True:
            polls += 1
            if poll_db is not None:
                status = repo.get_search(poll_db, sid)["status"]
            else:
                shown = run(esma + ["search", "show", str(sid), "--db", path, "--format", "json"], env, folder)
                status = json.loads(shown.stdout)["status"]
            if status == "done":
                break
            if pid is not None and not process_alive(pid):
                raise RuntimeError("the daemon exited before the search was done")
            if time.perf_counter() > deadline:
                raise RuntimeError(f"the daemon did not finish within {a.daemon_timeout:.0f} s")
            time.sleep(a.poll_interval)
        observed = time.perf_counter() - t0
        poll_cpu = cpu_seconds() - c0
        shown = run(esma + ["search", "show", str(sid), "--db", path, "--format", "json"], env, folder)
        show = json.loads(shown.stdout)
        t1 = time.perf_counter()
        run(esma + ["daemon", "stop"], env, folder)
        stop_s = time.perf_counter() - t1
    except BaseException:
        log = os.path.join(env["ESMA_HOME"], "daemons", "default.log")
        if os.path.exists(log):
            with open(log) as fh:
                sys.stderr.write("daemon log:\n" + fh.read()[-3000:] + "\n")
        raise
    finally:
        if poll_db is not None:
            poll_db.close()
        if pid is not None and process_alive(pid):  # our daemon, still running after an error
            try:
                subprocess.run(esma + ["daemon", "stop", "--timeout", "30"], check=False, env=env, cwd=folder,
                               capture_output=True, timeout=60)
            except subprocess.TimeoutExpired:
                pass
            if process_alive(pid):
                os.kill(pid, signal.SIGTERM)
    facts = db_facts(path, sid)
    prog = show["progress"]
    return {
        "load1": la, "observed_s": observed, "start_cmd_s": t_started, "stop_s": stop_s, "polls": polls,
        "poll_cpu_s": poll_cpu,
        "to_stored_s": facts["finished_at"] - t_launch,
        "engine_s": facts["finished_at"] - facts["started_at"],
        "show_elapsed_s": prog["elapsed_seconds"],
        "pairs": prog["pairs_done"], "verified": prog["verified"], "hits": prog["hits"],
        "conjectures": facts["conjectures"], "units": facts["units_done"], "unit_seconds": facts["unit_seconds"],
        "pairs_done": facts["pairs_done"], "status": show["status"],
    }


def bench_daemon(a: argparse.Namespace, repeat: int) -> dict[str, Any]:
    from search.execution.runner import plan
    from search.space.spec import build_search

    space, _ = build_search(a.constant, a.degree, a.coeff_limit, a.periods)
    pairs, units = plan(space)
    print(f"\n[2] daemon vs foreground: {a.constant}, degree {a.degree}, |coeff| <= {a.coeff_limit}, "
          f"periods {a.periods}: {pairs:,} pairs in {len(units)} units, {a.workers} workers; "
          f"poll: {a.poll} every {a.poll_interval:g} s")
    if pairs < 100_000:
        print("note: fewer than 10^5 pairs (below the size the target is stated for)")
    # warm-up: Numba caches, imports and the page cache, through the same CLI
    with tempfile.TemporaryDirectory(prefix="esma-bench-warm-") as folder:
        env = env_for(folder)
        run(esma_cmd() + ["search", "run", a.constant, "-L", "2", "-p", "1-2", "--db",
                          os.path.join(folder, "warm.sqlite"), "--workers", str(a.workers), "--format", "json"],
            env, folder)
    fg_runs: list[dict[str, Any]] = []
    dm_runs: list[dict[str, Any]] = []
    for k in range(repeat):
        with tempfile.TemporaryDirectory(prefix="esma-bench-fg-") as folder:
            print(f"  run {k + 1}/{repeat} foreground ... {load()}", flush=True)
            fg_runs.append(foreground(a, folder))
        with tempfile.TemporaryDirectory(prefix="esma-bench-dm-") as folder:
            print(f"  run {k + 1}/{repeat} daemon     ... {load()}", flush=True)
            dm_runs.append(daemon(a, folder))
    for r in fg_runs + dm_runs:
        assert r["status"] == "done" and r["pairs_done"] == pairs, r
    if fg_runs[0]["estimate_line"]:
        print("  esma search run printed: " + fg_runs[0]["estimate_line"])

    measures = (("to_stored_s", "command -> last unit stored"), ("observed_s", "command -> observed"),
                ("engine_s", "engine (first lease -> last unit)"))
    rows = []
    summary: dict[str, Any] = {}
    for key, label in measures:
        f = min(r[key] for r in fg_runs)
        d = min(r[key] for r in dm_runs)
        fr, dr = pairs / f, pairs / d
        ratio = dr / fr
        summary[key] = {"foreground_s": f, "daemon_s": d, "foreground_pairs_per_s": fr,
                        "daemon_pairs_per_s": dr, "ratio": ratio}
        verdict = ("PASS" if ratio >= DAEMON_TARGET else "MISS") + (" (target)" if key == "to_stored_s" else "")
        rows.append((label, fmt_s(f), fmt_rate(fr), fmt_s(d), fmt_rate(dr), f"{ratio:.3f}", verdict))
    print_table(
        f"daemon vs foreground, best of {repeat} (baseline = foreground `esma search run`; "
        f"target: daemon/foreground >= {DAEMON_TARGET:g})",
        ("measure", "fg s", "fg pairs/s", "daemon s", "daemon pairs/s", "daemon/fg", "verdict"),
        rows,
    )
    for r in fg_runs + dm_runs:
        r["utilisation"] = r["unit_seconds"] / (a.workers * r["engine_s"]) if r["engine_s"] > 0 else None
    per_run = []
    for i, (f, d) in enumerate(zip(fg_runs, dm_runs)):
        per_run.append((i + 1, f"{f['load1']}", fmt_s(f["to_stored_s"]), fmt_s(f["observed_s"]), fmt_s(f["engine_s"]),
                        fmt_s(f["engine_stats_s"]), f"{f['unit_seconds'] / f['units']:.3f}", f"{f['utilisation']:.3f}",
                        f"{d['load1']}", fmt_s(d["to_stored_s"]), fmt_s(d["observed_s"]),
                        fmt_s(d["engine_s"]), f"{d['unit_seconds'] / d['units']:.3f}", f"{d['utilisation']:.3f}",
                        fmt_s(d["start_cmd_s"]),
                        d["polls"], fmt_s(d["poll_cpu_s"]), fmt_s(d["stop_s"])))
    print_table("every run (s; load = 1-minute load average at launch; s/unit = mean compute per unit, "
                "which grows when other processes take CPU; util = summed unit compute / (workers x engine wall))",
                ("run", "fg load", "fg ->stored", "fg ->exit", "fg engine", "fg drive()", "fg s/unit", "fg util",
                 "dm load", "dm ->stored", "dm ->seen", "dm engine", "dm s/unit", "dm util", "dm start cmd", "polls", "poll cpu", "dm stop"),
                per_run)
    fg_util = max(r["utilisation"] for r in fg_runs)
    dm_util = max(r["utilisation"] for r in dm_runs)
    summary["worker_utilisation"] = {"foreground": fg_util, "daemon": dm_util}
    print(f"worker utilisation, summed unit compute / ({a.workers} x engine wall) (best): foreground {fg_util:.3f}, "
          f"daemon {dm_util:.3f} (1.0 = workers never wait for the lease/store loop)")
    fg_boot = min(r["to_stored_s"] - r["engine_s"] for r in fg_runs)
    dm_boot = min(r["to_stored_s"] - r["engine_s"] for r in dm_runs)
    summary["launch_to_first_lease_s"] = {"foreground": fg_boot, "daemon": dm_boot}
    print(f"fixed start-up, command launch -> first unit leased (best): foreground {fg_boot:.2f} s, "
          f"daemon {dm_boot:.2f} s (`esma daemon start` + `python -m discovery daemon serve`)")
    same = len({r["conjectures"] for r in fg_runs + dm_runs}) == 1
    f0, d0 = fg_runs[0], dm_runs[0]
    fu = min(r["unit_seconds"] for r in fg_runs) / f0["units"]
    du = min(r["unit_seconds"] for r in dm_runs) / d0["units"]
    print(f"conjectures stored: foreground {sorted({r['conjectures'] for r in fg_runs})}, "
          f"daemon {sorted({r['conjectures'] for r in dm_runs})} -> {'same' if same else 'DIFFERENT'}; "
          f"hits {f0['hits']} / {d0['hits']}; units {f0['units']} / {d0['units']}")
    print(f"mean compute per unit (summed unit seconds / units): foreground {fu:.3f} s, daemon {du:.3f} s")
    ok = summary["to_stored_s"]["ratio"] >= DAEMON_TARGET
    print(f"target (daemon within 15% of the foreground): {'PASS' if ok else 'MISS'} "
          f"(daemon/foreground = {summary['to_stored_s']['ratio']:.3f} on 'command -> last unit stored')")
    return {"pairs": pairs, "units": len(units), "workers": a.workers, "poll": a.poll,
            "poll_interval": a.poll_interval, "summary": summary, "foreground_runs": fg_runs,
            "daemon_runs": dm_runs, "same_conjectures": same, "target": DAEMON_TARGET, "pass": ok,
            "mean_unit_seconds": {"foreground": fu, "daemon": du}}
