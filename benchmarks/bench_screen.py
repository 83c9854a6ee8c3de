"""Benchmark: cross-application rules over 100,000 facts (the size at which durable_rules used to fail).

Run: .venv/bin/python benchmarks/bench_screen.py [--facts N] [--units U]
Prints wall time, the findings found against those planted, and the memory of the parent process before and
after three screenings (each runs in a child process, see medpolicy.engine.isolated).
"""

from __future__ import annotations

import argparse
import time


def rss_mib() -> int:
    with open("/proc/self/statm") as handle:  # noqa: PTH123
        return int(handle.read().split()[1]) * 4096 // 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--facts", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=30_000)
    args = parser.parse_args()
    from medpolicy.kb.rulesets import load_rules
    from medpolicy.rules.engine import isolated
    from medpolicy.rules.screen import run_rules

    rules = [r for r in load_rules("2025_national") if r.id == "projects-per-unit"]
    facts = []
    for n in range(args.facts):
        unit = n % args.units
        facts.append(
            {
                "fact": "membership",
                "application": f"app{n // 10}",
                "unit": f"U{unit}",
                "unit_label": f"U{unit}",
                "role": "participant",
                "category": "c",
                "direction": "d",
            }
        )
    # every unit takes part in facts/units applications (rounded): those in more than 3 violate the rule
    counts = [args.facts // args.units + (1 if u < args.facts % args.units else 0) for u in range(args.units)]
    planted = sum(1 for c in counts if c > 3)
    before = rss_mib()
    for run in range(3):
        start = time.perf_counter()
        found = isolated(run_rules, rules, facts)
        print(
            f"run {run + 1}: {len(facts)} facts, {len(found)} violations (expected {planted}), "
            f"{time.perf_counter() - start:.1f} s"
        )
    print(f"parent RSS before {before} MiB, after {rss_mib()} MiB")


if __name__ == "__main__":
    main()
