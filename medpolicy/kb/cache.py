"""What is derived from the knowledge base's graphs, made once per process and kept.

Validating an applicant reads the same policy graph, ontology and shapes every call: the vocabulary an applicant
may use, what it may state, the shapes compiled for the native engine, the policy's triples converted for it.
:func:`derived` makes each such value on first use and keeps it for the graphs it was made of (the last
:data:`HELD` sets of graphs: a policy read with chosen readings is a new graph per call); a graph that changed
size since is a new graph to it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

from rdflib import Graph

__all__ = ["HELD", "derived"]

HELD = 32
T = TypeVar("T")
_memo: OrderedDict[tuple[str, tuple[int, ...]], tuple[tuple[Graph, ...], tuple[int, ...], Any]] = OrderedDict()
_lock = threading.RLock()  # a value may be derived from another derived value


def derived(kind: str, make: Callable[..., T], *graphs: Graph) -> T:
    """``make(*graphs)``, made once for these graphs (again when one of them changed size)."""
    key = (kind, tuple(id(g) for g in graphs))
    sizes = tuple(len(g) for g in graphs)
    with _lock:
        held = _memo.get(key)
        if held is not None and all(a is b for a, b in zip(held[0], graphs, strict=True)) and held[1] == sizes:
            _memo.move_to_end(key)
            return held[2]  # type: ignore[no-any-return]
        made = make(*graphs)
        _memo[key] = (graphs, sizes, made)
        while len(_memo) > HELD:
            _memo.popitem(last=False)
        return made
