"""Benchmark: requests per second of POST /validate against `medpolicy serve` on loopback (one worker).

Run: .venv/bin/python benchmarks/bench_api.py [--seconds S] [--clients C]
Posts the passing aimd_jiebang application (plain JSON) and a failing Turtle example in turn; counts 200s.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()
    import httpx

    from tests.workbench_server import served

    bodies = [
        ((ROOT / "tests/data/workbench/aimd_jiebang-pass.json").read_bytes(), "application/json"),
        ((ROOT / "examples/aimd_jiebang/fail-word-limit.ttl").read_bytes(), "text/turtle"),
    ]
    with served() as base:
        url = f"{base}/validate?policy=aimd_jiebang&as_of=2025-03-01"
        with httpx.Client() as client:  # warm the knowledge base caches
            for body, media in bodies:
                client.post(url, content=body, headers={"content-type": media}, timeout=120).raise_for_status()
        counts = [0] * args.clients
        latencies: list[float] = []
        stop = time.perf_counter() + args.seconds

        def worker(n: int) -> None:
            with httpx.Client() as client:
                i = 0
                while time.perf_counter() < stop:
                    body, media = bodies[i % 2]
                    t = time.perf_counter()
                    r = client.post(url, content=body, headers={"content-type": media}, timeout=120)
                    latencies.append(time.perf_counter() - t)
                    counts[n] += r.status_code == 200
                    i += 1

        start = time.perf_counter()
        threads = [threading.Thread(target=worker, args=(n,)) for n in range(args.clients)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - start
    latencies.sort()
    total = sum(counts)
    print(f"POST /validate: {total} requests in {elapsed:.1f} s = {total / elapsed:.1f} req/s ({args.clients} clients)")
    median, p95 = latencies[len(latencies) // 2], latencies[int(len(latencies) * 0.95)]
    print(f"latency median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")


if __name__ == "__main__":
    main()
