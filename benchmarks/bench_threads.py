"""Benchmark: 8 validations from 8 threads (serialised by medpolicy.guard's lock) against 8 sequential calls.

Run: .venv/bin/python benchmarks/bench_threads.py
Prints both wall times and whether the results agree; nothing is asserted (tests/test_concurrency.py checks
agreement in a fresh interpreter).
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    import medpolicy

    cases = [(ROOT / "examples" / p / "pass.ttl", p) for p in ("2025_national", "chongqing", "aimd_jiebang", "rd_2019")]
    cases += cases

    def run(case: tuple[Path, str]) -> tuple[bool, list[str]]:
        report = medpolicy.validate(case[0], case[1], as_of=dt.date(2025, 10, 15))
        return report.conforms, sorted(r.clause for r in report.failed)

    run(cases[0])  # load the knowledge base once
    start = time.perf_counter()
    sequential = [run(c) for c in cases]
    middle = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(run, cases))
    end = time.perf_counter()
    same = threaded == sequential
    print(f"8 sequential: {middle - start:.2f} s; 8 threads: {end - middle:.2f} s; same results: {same}")


if __name__ == "__main__":
    main()
