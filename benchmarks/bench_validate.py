"""Benchmark: knowledge-base load, and validation of every bundled example (wall time, peak memory).

Run: .venv/bin/python benchmarks/bench_validate.py [--repeat N]
Reports numbers for the closing notes; nothing here is asserted (speed is not a unit test).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    start = time.perf_counter()
    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.validation.run import validate

    kb = KnowledgeBase(ROOT)
    for pid in kb.policy_ids:
        kb.clauses(pid)
    print(
        f"import + parse all 5 policies: {time.perf_counter() - start:.2f} s, "
        f"{sum(len(kb.clauses(p)) for p in kb.policy_ids)} clauses"
    )
    for path in sorted((ROOT / "examples").glob("*/*.ttl")):
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            report = validate(path, path.parent.name, kb=kb)
            times.append(time.perf_counter() - t)
        print(
            f"{path.parent.name}/{path.name}: median {statistics.median(times):.2f} s over {args.repeat}, "
            f"{report.summary}"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
