"""Benchmark: peak memory (RSS) of ``medpolicy screen`` on batches of 100, 1,000 and 10,000 applications.

Run: .venv/bin/python benchmarks/bench_screen_memory.py [--sizes 100 1000 10000] [--no-validate]
Each batch is copies of examples/chongqing/pass.ttl under distinct IRIs and credit codes, in a temporary
folder. Each screening runs in a fresh process; the peak RSS of that process and its children (the rule
engine runs in a child) and the wall time are printed. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.stderr[-300:].replace(chr(10), " "))
"""


def make_batch(folder: Path, size: int) -> None:
    text = (ROOT / "examples" / "chongqing" / "pass.ttl").read_text(encoding="utf-8")
    for n in range(size):
        copy = text.replace("https://example.org/chongqing/pass/", f"https://example.org/batch/{n}/")
        copy = re.sub(r'mp:creditCode "(\w{10})\w{4}', lambda m, n=n: f'mp:creditCode "{m.group(1)}{n:04d}', copy)
        (folder / f"app{n:05d}.ttl").write_text(copy, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--no-validate", action="store_true")
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            make_batch(Path(tmp), size)
            command = [sys.executable, "-m", "medpolicy", "screen", tmp, "--policy", "chongqing"]
            command += ["--as-of", "2026-05-15"] + (["--no-validate"] if args.no_validate else [])
            start = time.perf_counter()
            out = subprocess.run(
                [sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=False
            ).stdout.split(" ", 2)
            mode = "rules only" if args.no_validate else "validated"
            print(
                f"{size} applications ({mode}): exit {out[0]}, peak RSS {int(out[1]) / 1024:.0f} MiB, "
                f"{time.perf_counter() - start:.0f} s {out[2].strip() if len(out) > 2 else ''}",
                flush=True,
            )


if __name__ == "__main__":
    main()
