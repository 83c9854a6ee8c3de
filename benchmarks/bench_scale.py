"""Benchmark: validation time of large applicant graphs (many units × incidents, many values) per policy.

Run: .venv/bin/python benchmarks/bench_scale.py [--policy ID ...] [--units U ...] [--incidents I] [--values V]
Each graph is a bundled passing example grown by U extra participating units (each a full unit: credit code,
type, grade, province, legal person …) with I minor incidents each, and V extra indicator values. The graph
size (triples) and the wall time of ``medpolicy.validate`` are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef

ROOT = Path(__file__).resolve().parent.parent
MP = "https://w3id.org/medpolicy/ontology#"
MPX = "https://w3id.org/medpolicy/taxonomy/"
AS_OF = {
    "2025_national": "2025-10-15",
    "chongqing": "2025-10-15",
    "aimd_jiebang": "2025-03-01",
    "rd_2019": "2019-06-01",
}


def grow(policy: str, units: int, incidents: int, values: int = 0) -> Graph:
    graph = Graph().parse(ROOT / "examples" / policy / "pass.ttl")
    consortium = next(graph.subjects(RDF.type, URIRef(MP + "Consortium")), None)
    app = next(graph.subjects(RDF.type, URIRef(MP + "Application")), None) or next(
        graph.subjects(RDF.type, URIRef(MP + "Proposal"))
    )
    template = None
    if consortium is not None:
        template = next(iter(graph.objects(consortium, URIRef(MP + "participant"))), None)
    province = next(graph.objects(template, URIRef(MP + "province")), Literal("重庆", lang="zh")) if template else None
    owner = consortium if consortium is not None else app
    for n in range(units):
        unit = URIRef(f"https://example.org/bench/unit{n}")
        graph.add((owner, URIRef(MP + "participant"), unit))
        graph.add((unit, RDF.type, URIRef(MP + "Unit")))
        graph.add((unit, RDFS.label, Literal(f"单位{n}", lang="zh")))
        graph.add((unit, URIRef(MP + "creditCode"), Literal(f"91500000BENCH{n:05d}")))
        graph.add((unit, URIRef(MP + "organisationType"), URIRef(MPX + "hospital")))
        graph.add((unit, URIRef(MP + "hospitalGrade"), URIRef(MPX + "grade-3a")))
        graph.add((unit, URIRef(MP + "isLegalPerson"), Literal(True)))
        graph.add((unit, URIRef(MP + "registeredInChina"), Literal(True)))
        if province is not None:
            graph.add((unit, URIRef(MP + "province"), province))
        for i in range(incidents):
            incident = BNode()
            graph.add((unit, URIRef(MP + "incident"), incident))
            graph.add((incident, RDF.type, URIRef(MP + "Incident")))
            graph.add((incident, URIRef(MP + "incidentDate"), Literal(dt.date(2024, 1 + i % 12, 1))))
            graph.add((incident, URIRef(MP + "major"), Literal(False)))
            graph.add((incident, URIRef(MP + "incidentKind"), Literal("safety")))
    commitments = list(graph.objects(app, URIRef(MP + "commitment")))
    for n in range(values):  # copies of an existing commitment under new nodes
        if not commitments:
            break
        source = commitments[n % len(commitments)]
        copy = BNode()
        graph.add((app, URIRef(MP + "commitment"), copy))
        for p, o in graph.predicate_objects(source):
            graph.add((copy, p, o))
    return graph


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--policy", nargs="*", default=["chongqing", "2025_national", "aimd_jiebang", "rd_2019"])
    parser.add_argument("--units", nargs="*", type=int, default=[100, 500])
    parser.add_argument("--incidents", type=int, default=1)
    parser.add_argument("--values", type=int, default=0)
    args = parser.parse_args()
    import medpolicy
    from medpolicy.io.inputs import Limits

    limit = Limits.from_env().max_triples
    for policy in args.policy:
        for units in args.units:
            graph = grow(policy, units, args.incidents, args.values)
            start = time.perf_counter()
            try:
                report = medpolicy.validate(graph, policy, as_of=dt.date.fromisoformat(AS_OF[policy]))
                outcome = f"fail {sorted(r.clause.rsplit('/', 1)[-1] for r in report.failed)}"
            except medpolicy.MedpolicyError as exc:
                outcome = f"error: {str(exc)[:100]}"
            print(
                f"{policy}: {units} units × {args.incidents} incidents + {args.values} values = {len(graph)} triples "
                f"(limit {limit}): {time.perf_counter() - start:.1f} s, {outcome}",
                flush=True,
            )


if __name__ == "__main__":
    main()
