"""What is derived from the knowledge base's graphs, made once per process and kept.

Validating an applicant reads the same policy graph, ontology and shapes every call: the vocabulary an applicant
may use, what it may state, the shapes compiled for the native engine, the policy's triples converted for it.
:func:`derived` makes each such value on first use and keeps it for the graphs it was made of (the last
:data:`HELD` sets of graphs: a policy read with chosen readings is a new graph per call); a graph that changed
size since is a new graph to it.

:func:`remembered` keeps, on disk between runs, what is costly to work out from a text of the knowledge base
(whether a SPARQL text holds an operator chain pyshacl-turbo misreads: a pyparsing parse, ~20 ms per text);
:func:`parsed` keeps the knowledge base's parsed graphs (ontology, policies, shapes) on disk.
Both live under :func:`cache_dir`; ``MEDPOLICY_CACHE_DIR=off`` turns them off.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from rdflib import Graph

__all__ = ["HELD", "cache_dir", "derived", "parsed", "remembered"]

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


# -- on disk -----------------------------------------------------------------------------------------------------

_ON_DISK: dict[str, dict[str, Any]] = {}


def cache_dir() -> Path | None:
    """Where medpolicy keeps what it derived from the knowledge base between runs: ``MEDPOLICY_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/medpolicy`` (``~/.cache/medpolicy``); None when ``MEDPOLICY_CACHE_DIR`` is ``off``."""
    chosen = os.environ.get("MEDPOLICY_CACHE_DIR")
    if chosen == "off":
        return None
    if chosen:
        return Path(chosen)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "medpolicy"


def _file(kind: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    versions = "-".join(f"{name}{_version(name)}" for name in ("medpolicy", "rdflib", "pyshacl-turbo"))
    return folder / f"{kind}-{versions}.json"


def _version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "0"


def remembered(kind: str, text: str, make: Callable[[str], T]) -> T:
    """``make(text)`` (a JSON value), remembered on disk by the text's digest, per version of medpolicy, rdflib and
    pyshacl-turbo: a text that changes is a new key, nothing goes stale. An unreadable or unwritable cache is
    treated as empty."""
    with _lock:
        held = _ON_DISK.get(kind)
        path = _file(kind)
        if held is None:
            held = {}
            if path is not None:
                try:
                    held = json.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    held = {}
            _ON_DISK[kind] = held
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key in held:
            return held[key]  # type: ignore[no-any-return]
        made = make(text)
        held[key] = made
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                spare = path.with_suffix(f".{os.getpid()}.tmp")
                spare.write_text(json.dumps(held), encoding="utf-8")
                os.replace(spare, path)  # whole files only: a reader never sees half of one
            except OSError:
                pass
        return made


_KEPT_GRAPHS = 64


def parsed(paths: list[Path], parse: Callable[[list[Path]], Graph]) -> Graph:
    """``parse(paths)``, kept on disk as a pickled graph named by the digest of the files' names and contents and
    of the versions of medpolicy, rdflib and pyshacl-turbo (changed files are a new name: nothing goes stale; the
    last :data:`_KEPT_GRAPHS` are kept). Reading the pickle is 2-3× faster than parsing the Turtle."""
    folder = cache_dir()
    if folder is None:
        return parse(paths)
    digest = hashlib.sha256(str(_file("graphs")).encode())
    try:
        for path in paths:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return parse(paths)  # the parser names the file it cannot read
    kept = folder / "graphs" / f"{digest.hexdigest()}.pickle"
    try:
        graph = pickle.loads(kept.read_bytes())  # noqa: S301 - written by this function into the user's cache
        if isinstance(graph, Graph):
            return graph
    except Exception:  # noqa: BLE001 - absent, truncated or from another rdflib: parse again
        pass
    graph = parse(paths)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        spare = kept.with_suffix(f".{os.getpid()}.tmp")
        spare.write_bytes(pickle.dumps(graph, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(spare, kept)
        old = sorted(kept.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime)[:-_KEPT_GRAPHS]
        for path in old:
            path.unlink(missing_ok=True)
    except OSError:
        pass
    return graph
