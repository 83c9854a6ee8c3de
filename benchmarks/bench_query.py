"""Benchmark: the whole KB in pyoxigraph vs rdflib, and each named query of queries/ in both.

Run: .venv/bin/python benchmarks/bench_query.py [--repeat N] [--rdflib-timeout S]
rdflib gets the same dataset (a Dataset with the same named graphs, default graph as the union) and the same
query text with the same prefixes, in a child process stopped after --rdflib-timeout seconds; both answers are
compared by row count.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from typing import Any


def _rdflib_rows(text: str, answer: Any) -> None:
    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.query import prefixes

    dataset = _rdflib_dataset(KnowledgeBase.default())
    header = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes().items())
    t = time.perf_counter()
    rows = len(list(dataset.query(header + text)))
    answer.put((rows, time.perf_counter() - t))


def _rdflib_dataset(kb: Any) -> Any:
    from rdflib import Dataset, URIRef

    from medpolicy.query.sparql import GRAPH_BASE, _kb_files

    common, per_policy = _kb_files(kb)
    ds = Dataset(default_union=True)
    for path in common:
        ds.default_graph.parse(path, format="turtle")
    for pid, paths in per_policy.items():
        graph = ds.graph(URIRef(GRAPH_BASE + pid))
        for path in paths:
            graph.parse(path, format="turtle")
    return ds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=120)
    args = parser.parse_args()
    import pyoxigraph as ox

    from medpolicy.kb.store import KnowledgeBase
    from medpolicy.query import named_queries, prefixes
    from medpolicy.query.sparql import GRAPH_BASE, _kb_files

    kb = KnowledgeBase.default()
    common, per_policy = _kb_files(kb)
    t = time.perf_counter()
    store = ox.Store()
    for path in common:
        store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    for pid, paths in per_policy.items():
        for path in paths:
            store.load(path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH_BASE + pid))
    ox_load = time.perf_counter() - t
    t = time.perf_counter()
    ds = _rdflib_dataset(kb)
    rdf_load = time.perf_counter() - t
    print(f"quads: pyoxigraph {len(store)}, rdflib {len(ds)}")
    print(f"load: pyoxigraph {ox_load:.2f} s, rdflib {rdf_load:.2f} s (x{rdf_load / ox_load:.1f})")
    pre = prefixes(kb)
    for q in named_queries(kb):
        ox_times: list[float] = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            n_ox = len(list(store.query(q.text, prefixes=pre, use_default_graph_as_union=True)))  # type: ignore[arg-type]
            ox_times.append(time.perf_counter() - t)
        answer: Any = multiprocessing.Queue()
        child = multiprocessing.Process(target=_rdflib_rows, args=(q.text, answer))
        child.start()
        child.join(args.rdflib_timeout + 10)
        ox_t = statistics.median(ox_times)
        if child.is_alive():
            child.terminate()
            child.join()
            print(
                f"{q.name:26} rows ox {n_ox:4}  pyoxigraph {ox_t * 1000:8.1f} ms  rdflib > {args.rdflib_timeout:.0f} s"
            )
            continue
        n_rdf, rdf_t = answer.get()
        print(
            f"{q.name:26} rows ox {n_ox:4} rdflib {n_rdf:4}  pyoxigraph {ox_t * 1000:8.1f} ms  "
            f"rdflib {rdf_t * 1000:9.1f} ms  x{rdf_t / ox_t:.0f}"
        )


if __name__ == "__main__":
    main()
