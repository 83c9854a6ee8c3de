"""Benchmark: `medpolicy screen` of N generated applications, streamed through worker processes.

The applicants come from benchmarks/bench.py's generator (witnesses and near misses of one policy, units shared so
that the cross-application rules fire). The screen runs as a child process (``--format jsonl``, ``--workers W``);
its process tree is sampled every 0.2 s: wall, CPU of parent and workers, peak RSS of the tree (parent + workers,
summed at each sample) and of the parent alone, and how many cores were busy (CPU seconds / wall seconds).
Then the cross-application rules alone on generated facts (durable_rules and the compiled backend, each in a child
process): wall, CPU, peak RSS, and whether both found the same.

Run: .venv/bin/python benchmarks/bench_batch.py [--n 1000] [--policy 2025_national] [--workers 2] [--facts 1000,10000]
Writes benchmarks/batch_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))


def screen_run(folder: Path, policy: str, as_of: str, workers: int, out: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "medpolicy", "screen", str(folder), "--policy", policy, "--as-of", as_of]
    cmd += ["--format", "jsonl", "--workers", str(workers)]
    start = time.perf_counter()
    with out.open("w") as sink:
        process = psutil.Popen(cmd, stdout=sink, stderr=subprocess.PIPE, cwd=ROOT)
        peak_tree = peak_parent = 0
        cpu: dict[int, float] = {}
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                rss = 0
                for p in tree:
                    with p.oneshot():
                        rss += p.memory_info().rss
                        times = p.cpu_times()
                        cpu[p.pid] = times.user + times.system
                peak_tree = max(peak_tree, rss)
                peak_parent = max(peak_parent, process.memory_info().rss)
            except psutil.Error:
                pass
            time.sleep(0.2)
        wall = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"screen exited {process.returncode}: {stderr[-2000:]}")
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    summary = lines[-1]
    total_cpu = sum(cpu.values())
    parent_cpu = cpu.get(process.pid, 0.0)
    return {
        "applications": summary["applications"],
        "eligible": summary["eligible"],
        "findings": summary["findings"],
        "errors": summary["errors"],
        "reports_streamed": sum(1 for line in lines if line["kind"] == "report"),
        "workers": workers,
        "wall_s": round(wall, 1),
        "cpu_s": round(total_cpu, 1),
        "parent_cpu_s": round(parent_cpu, 1),
        "cores_busy": round(total_cpu / wall, 2),
        "per_application_wall_s": round(wall / max(1, summary["applications"]), 3),
        "per_application_cpu_s": round(total_cpu / max(1, summary["applications"]), 3),
        "peak_rss_tree_mib": round(peak_tree / 2**20),
        "peak_rss_parent_mib": round(peak_parent / 2**20),
        "load_average_after": os.getloadavg(),
    }


_RULES = """
import json, random, sys, time
from benchmarks.bench_batch import facts
from medpolicy.kb.rulesets import load_rules
from medpolicy.rules.durable import run_rules
from medpolicy.rules.grouping import run_compiled
n, policy, backend = int(sys.argv[1]), sys.argv[2], sys.argv[3]
rules, data = load_rules(policy), facts(n, random.Random(5))
start, cpu = time.perf_counter(), time.process_time()
found = run_rules(rules, data) if backend == "durable" else run_compiled(rules, data)
wall, cpu = round(time.perf_counter() - start, 2), round(time.process_time() - cpu, 2)
peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) // 1024  # this image's own peak
digest = hash(json.dumps(found, sort_keys=True, ensure_ascii=False)) % 10**12
print(json.dumps({"facts": len(data), "violations": len(found), "wall_s": wall, "cpu_s": cpu, "peak_rss_mib": peak,
    "digest": digest}))
"""


def facts(n: int, rng: random.Random) -> list[dict[str, Any]]:
    """Facts of ``n`` applications as the workers send them: ~6 memberships each, half the units shared."""
    out: list[dict[str, Any]] = []
    for i in range(n):
        name = f"app{i:05d}"
        base = {"application": name, "category": rng.choice(["cat-product", "cat-scenario"])}
        base["direction"] = f"a1-p{rng.randrange(22) + 1:02d}"
        out.append(
            {
                **base,
                "fact": "application",
                "province": rng.choice(["浙江", "四川", "重庆", "北京"]),
                "submitted": f"2025-0{rng.randrange(1, 7)}-15",
                "recommended_on": f"2025-1{rng.randrange(0, 2)}-0{rng.randrange(1, 9)}",
                "recommended": rng.random() < 0.4,
            }
        )
        for k, role in enumerate(["leadManufacturer", "leadHospital"] + ["participant"] * rng.randrange(1, 6)):
            unit = f"U{rng.randrange(n // 2)}" if rng.random() < 0.5 else f"{name}-u{k}"
            out.append({**base, "fact": "membership", "role": role, "unit": unit, "unit_label": unit})
    return out


def rules_run(n: int, policy: str, backend: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _RULES, str(n), policy, backend],  # durable_rules runs in this process (no fork)
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "0"},
        check=True,
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--policy", default="2025_national")
    parser.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--facts", default="1000,10000", help="applications whose generated facts the rules run on")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "batch_results.json"))
    args = parser.parse_args()
    from bench import generate

    from medpolicy.kb.store import KnowledgeBase

    results: dict[str, Any] = {"policy": args.policy, "seed": args.seed, "cpus": os.cpu_count()}
    results["load_average_before"] = os.getloadavg()
    if args.n:
        kb = KnowledgeBase(ROOT)
        work = Path(tempfile.mkdtemp(prefix="medpolicy-batch-"))
        dates = []
        for name, graph, date, _how in generate(kb, args.policy, args.n, random.Random(args.seed)):
            graph.serialize(work / f"{name}.ttl", format="turtle")
            dates.append(date)
        as_of = dates[0].isoformat()
        results["screen"] = screen_run(work, args.policy, as_of, args.workers, work.with_suffix(".jsonl"))
        print(json.dumps(results["screen"]), flush=True)
    results["rules"] = {}
    for n in [int(x) for x in args.facts.split(",") if x]:
        runs = {backend: rules_run(n, args.policy, backend) for backend in ("durable", "compiled")}
        runs["identical"] = runs["durable"].pop("digest") == runs["compiled"].pop("digest")  # type: ignore[assignment]
        results["rules"][str(n)] = runs
        print(n, json.dumps(runs), flush=True)
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
