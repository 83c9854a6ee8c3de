"""`make bench`: medpolicy against pySHACL on generated applicants, seeded and reproducible.

Per policy, N applicants are generated from the knowledge base's witnesses (medpolicy.witness, docs/witness.md):
a scope drawn at random, half of them one of its near misses (a value just past a threshold, a fact missing: it
fails exactly its clauses), every unit a credit code, half of them from a small shared pool (so the
cross-application rules fire).

Measured, per policy, on exactly the graphs medpolicy hands its engine (medpolicy.prepare.prepare):
- B1: pySHACL as its README shows it — the shape files parsed on every call;
- B2: pySHACL with the shapes parsed once;
- medpolicy: the warm library call ``medpolicy.validation.validate`` (whole report, default engine);
then the CLI cold start (``medpolicy validate FILE --policy P`` in a fresh process), ``screen`` of each policy's
batch (in a child process: its own wall, CPU and peak memory), and ``match`` of one applicant against every policy.

Agreement: for every applicant (or AGREE of them), the report medpolicy derives from B2's SHACL report must give
the same fail and warning clauses as medpolicy's own report; any disagreement fails the run (exit 1). "Warm": each
scope's witness is validated once before the timings (what a process does once per policy is not timed).

The curve: the warm library call on 100, 1,000, 10,000 … applicants generated one at a time (--curve 100,1000,10000),
CPU per applicant at each N (flat within ±20% is the target).

Run: .venv/bin/python benchmarks/bench.py [--n N] [--seed S] [--baseline K] [--agree all|K] [--curve N1,N2,…]
[--curve-policy P1,P2] [--out FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parent.parent
WITNESS = "urn:medpolicy:witness:"
SHARED_CODES = 12
OPTIONS: dict[str, Any] = {"inference": "none", "advanced": True, "allow_warnings": True, "iterate_rules": True}


# -- the applicants --------------------------------------------------------------------------------------------------


def _renamed(graph: Graph, prefix: str) -> Graph:
    """The graph with every witness IRI moved under ``prefix`` (one applicant's own nodes)."""
    out = Graph()
    for triple in graph:
        out.add(
            tuple(  # type: ignore[arg-type]
                URIRef(prefix + str(t)[len(WITNESS) :]) if isinstance(t, URIRef) and str(t).startswith(WITNESS) else t
                for t in triple
            )
        )
    return out


def generate(kb: Any, policy: str, n: int, rng: random.Random) -> Iterator[tuple[str, Graph, dt.date, str]]:
    """N applicants of ``policy``: (name, graph, date of the check, how it was made).

    Each is a scope's witness (it passes) or, half of the time, one of that scope's near misses (a value just past
    its threshold, a fact missing or dropped: it fails exactly its clauses); every unit gets a credit code, half of
    them from a small pool shared across applicants (so the cross-application rules fire), distinct within one."""
    from medpolicy.applicant.witness import mutations, scopes, witness
    from medpolicy.kb.namespaces import MP

    plans = []
    for scope in scopes(kb, policy):
        w = witness(kb, policy, scope)
        plans.append((w, list(mutations(kb, policy, scope))))
    for i in range(n):
        w, near = plans[rng.randrange(len(plans))]
        mutation = near[rng.randrange(len(near))] if near and rng.random() < 0.5 else None
        name = f"{policy}-{i:05d}"
        graph = _renamed(mutation.graph if mutation else w.graph, f"urn:bench:{name}:")
        units = sorted(set(graph.subjects(RDF.type, MP.Organization)), key=str)
        shared = iter(rng.sample(range(SHARED_CODES), min(len(units), SHARED_CODES)))
        for k, unit in enumerate(units):
            code = next(shared, None) if rng.random() < 0.5 else None
            code = 10_000 + i * 100 + k if code is None else code
            graph.set((unit, MP.creditCode, Literal(f"9150{code:014d}")))
        yield name, graph, w.as_of, mutation.id if mutation else "witness"


# -- timing ----------------------------------------------------------------------------------------------------------


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds of ``func()`` in this process (the machine is shared: wall time would measure the neighbours)
    and its value."""
    start = time.process_time()
    value = func()
    return time.process_time() - start, value


def summary(times: list[float]) -> dict[str, float]:
    return {"min": min(times), "median": statistics.median(times), "max": max(times), "n": len(times)}


def child(cmd: list[str]) -> dict[str, Any]:
    """Run ``cmd``; its wall time, CPU time, peak memory and exit code."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {code}: {stderr[-2000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024, "exit": code}


# -- the run ---------------------------------------------------------------------------------------------------------


def fails_of(report: Any) -> tuple[list[str], list[str]]:
    return (
        sorted(r.clause for r in report.results if r.status == "fail"),
        sorted(r.clause for r in report.results if r.status == "warning"),
    )


def main() -> None:  # noqa: PLR0915 - one linear script
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=int(os.environ.get("N", "12")), help="applicants per policy")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--baseline", type=int, default=6, help="applicants per policy timed on B1 and B2")
    parser.add_argument("--agree", default="all", help="applicants per policy checked against B2 (all or a number)")
    parser.add_argument("--cold", type=int, default=3, help="cold CLI starts per policy")
    parser.add_argument("--curve", default=os.environ.get("CURVE", "100,1000"), help="N of the per-applicant curve")
    parser.add_argument("--curve-policy", default="", help="the curve's policies (comma-separated; default all)")
    parser.add_argument("--only-curve", action="store_true", help="the curve alone (no B1/B2, CLI, screen)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results.json"))
    args = parser.parse_args()

    started = time.perf_counter()
    import pyshacl

    import medpolicy.validation.run as validation
    from medpolicy.io.inputs import quiet_rdflib
    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.validation import sparql_cache
    from medpolicy.validation.match import match, notices
    from medpolicy.validation.prepare import prepare
    from medpolicy.validation.shacl import default_engine

    kb = KnowledgeBase(ROOT)
    rng = random.Random(args.seed)
    policies = notices(kb)
    results: dict[str, Any] = {
        "n": args.n,
        "seed": args.seed,
        "engine": default_engine(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "policies": {},
    }
    disagreements: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="medpolicy-bench-"))
    for policy in [] if args.only_curve else policies:
        applicants = list(generate(kb, policy, args.n, rng))
        shapes = kb.shapes_graph(policy)
        files = kb.shape_files(policy)
        agree_n = len(applicants) if args.agree == "all" else min(len(applicants), int(args.agree))
        b1, b2, ours = [], [], []
        failing = 0
        b2_reports: dict[str, Graph] = {}
        # B1 and B2 on plain pySHACL and rdflib (no parsed-query cache)
        sparql_cache.uninstall()
        for k, (name, graph, as_of, _how) in enumerate(applicants[: max(agree_n, args.baseline)]):
            with quiet_rdflib():
                data = Graph()  # the applicant's and the policy's triples, as one plain rdflib graph
                data += prepare(graph, kb.policy_graph(policy), kb.ontology, as_of).graph
                if k < args.baseline:

                    def parsed_per_call(data: Graph = data, files: list[Path] = files) -> Any:
                        shapes_now = Graph()
                        for path in files:
                            shapes_now.parse(path, format="turtle")
                        return pyshacl.validate(data, shacl_graph=shapes_now, **OPTIONS)

                    b1.append(timed(parsed_per_call)[0])
                seconds, (_c, report, _t) = timed(
                    lambda d=data, s=shapes: pyshacl.validate(d, shacl_graph=s, **OPTIONS)
                )
            if k < args.baseline:
                b2.append(seconds)
            b2_reports[name] = report
        # medpolicy, warm: each scope's witness validated once first (shapes compiled, units and queries read)
        warm_up(kb, policy, validation.validate)
        engine_run = validation.run_shacl
        for name, graph, as_of, _how in applicants:
            seconds, report = timed(lambda g=graph, d=as_of, p=policy: validation.validate(g, p, as_of=d, kb=kb))
            ours.append(seconds)
            failing += not report.conforms
            if name in b2_reports:
                held = b2_reports[name]
                validation.run_shacl = lambda *_a, held=held, **_k: (True, held)  # type: ignore[assignment]
                try:
                    from_b2 = validation.validate(graph, policy, as_of=as_of, kb=kb)
                finally:
                    validation.run_shacl = engine_run  # type: ignore[assignment]
                if fails_of(from_b2) != fails_of(report):
                    disagreements.append(f"{name}: {fails_of(report)} != B2 {fails_of(from_b2)}")
        ratios_b1 = [b / m for b, m in zip(b1, ours, strict=False)]
        ratios_b2 = [b / m for b, m in zip(b2, ours, strict=False)]
        # files for the CLI and screen
        folder = work / policy
        folder.mkdir()
        for name, graph, _as_of, _how in applicants:
            graph.serialize(folder / f"{name}.ttl", format="turtle")
        as_of = applicants[0][2].isoformat()
        first = str(folder / f"{applicants[0][0]}.ttl")
        exe = [sys.executable, "-m", "medpolicy"]
        cold = [child([*exe, "validate", first, "--policy", policy, "--as-of", as_of]) for _ in range(args.cold)]
        screened = child([*exe, "screen", str(folder), "--policy", policy, "--as-of", as_of, "--format", "json"])
        results["policies"][policy] = {
            "applicants": len(applicants),
            "failing": failing,
            "agreement_checked": len(b2_reports),
            "b1": summary(b1),
            "b2": summary(b2),
            "medpolicy": summary(ours),
            "ratio_b1": summary(ratios_b1),
            "ratio_b2": summary(ratios_b2),
            "cold_cli": {
                "wall": summary([c["wall"] for c in cold]),
                "cpu": summary([c["cpu"] for c in cold]),
            },
            "screen": {
                **screened,
                "per_applicant_wall": screened["wall"] / len(applicants),
                "per_applicant_cpu": screened["cpu"] / len(applicants),
            },
        }
        print(f"{policy}: done ({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    if not args.only_curve:
        probe = work / policies[0] / sorted(os.listdir(work / policies[0]))[0]
        wall = time.perf_counter()
        seconds, _entries = timed(lambda: match(probe, kb=kb))
        wall = time.perf_counter() - wall
        results["match_one_against_all"] = {"cpu": seconds, "wall": wall, "policies": len(policies)}
    results["curve"] = {
        policy: {
            n: curve(kb, policy, n, args.seed, validation.validate)
            for n in map(int, args.curve.split(",") if args.curve else [])
        }
        for policy in (args.curve_policy.split(",") if args.curve_policy else policies)
    }
    results["disagreements"] = disagreements
    results["bench_peak_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    results["wall"] = time.perf_counter() - started
    Path(args.out).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    if disagreements:
        print("\nDISAGREEMENT with B2:\n  " + "\n  ".join(disagreements), file=sys.stderr)
        raise SystemExit(1)


def warm_up(kb: Any, policy: str, validate: Callable[..., Any]) -> None:
    """Validate each scope's witness of ``policy`` once: what a process does once per policy is not timed."""
    from medpolicy.applicant.witness import scopes, witness

    for scope in scopes(kb, policy):
        w = witness(kb, policy, scope)
        validate(w.graph, policy, as_of=w.as_of, kb=kb)


def curve(kb: Any, policy: str, n: int, seed: int, validate: Callable[..., Any]) -> dict[str, float]:
    """The warm library call on ``n`` applicants generated one at a time (none kept): CPU seconds per applicant
    (mean, median, 5th and 95th percentile), the share failing, this process's peak memory."""
    times, failing = [], 0
    warm_up(kb, policy, validate)
    for _name, graph, as_of, _how in generate(kb, policy, n, random.Random(seed + n)):
        seconds, report = timed(lambda g=graph, d=as_of: validate(g, policy, as_of=d, kb=kb))
        times.append(seconds)
        failing += not report.conforms
    times.sort()
    print(f"curve {policy} N={n}: {statistics.fmean(times) * 1000:.1f} ms per applicant", file=sys.stderr, flush=True)
    return {
        "mean": statistics.fmean(times),
        "median": statistics.median(times),
        "p05": times[len(times) // 20],
        "p95": times[len(times) * 19 // 20],
        "failing_share": failing / n,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def table(results: dict[str, Any]) -> str:
    head = "| policy | N (fail) | B1 med CPU s | B2 med CPU s | medpolicy med CPU s | ×B1 min/med | ×B2 min/med"
    head += " | cold CLI wall/CPU s | screen wall/CPU s per app | screen peak MiB |"
    lines = [head, "|" + "---|" * 10]
    for policy, r in results["policies"].items():
        lines.append(
            f"| {policy} | {r['applicants']} ({r['failing']}) | {r['b1']['median']:.2f} | {r['b2']['median']:.2f}"
            f" | {r['medpolicy']['median']:.3f} | {r['ratio_b1']['min']:.1f} / {r['ratio_b1']['median']:.1f}"
            f" | {r['ratio_b2']['min']:.1f} / {r['ratio_b2']['median']:.1f}"
            f" | {r['cold_cli']['wall']['median']:.2f} / {r['cold_cli']['cpu']['median']:.2f}"
            f" | {r['screen']['per_applicant_wall']:.2f} / {r['screen']['per_applicant_cpu']:.2f}"
            f" | {r['screen']['peak_mib']:.0f} |"
        )
    m = results.get("match_one_against_all", {"policies": 0, "cpu": 0.0, "wall": 0.0})
    lines.append(
        f"\nmatch of one applicant against {m['policies']} policies: {m['cpu']:.2f} s CPU ({m['wall']:.2f} s wall); "
        f"agreement with B2: {len(results['disagreements'])} disagreements over "
        f"{sum(r['agreement_checked'] for r in results['policies'].values())} applicants; "
        f"engine {results['engine']}; N={results['n']} per policy, seed {results['seed']}; "
        f"load average {results['load_average'][0]:.1f} on {results['cpus']} CPUs; run {results['wall']:.0f} s"
    )
    for policy, points in results.get("curve", {}).items():
        lines.append(
            f"curve {policy} (warm library call, CPU ms per applicant mean / median, failing share): "
            + "; ".join(
                f"N={n}: {p['mean'] * 1000:.1f} / {p['median'] * 1000:.1f}, {p['failing_share']:.0%}"
                for n, p in points.items()
            )
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
