"""Running a dependency safely: one validation at a time, within a wall-clock budget, errors wrapped.

- rdflib's SPARQL parser (pyparsing) is not thread-safe: two threads parsing at once corrupt its shared state
  for the rest of the process (``ParseException``, ``TypeError`` in every later call). pySHACL parses the
  shapes' SPARQL on every validation, so :func:`guarded` holds a process-wide lock while it runs. Python
  runs one thread at a time anyway, so the lock costs no throughput (measured in benchmarks/bench_threads.py).
- pySHACL hands rdflib the text of a SPARQL constraint once per focus node, and rdflib parses it each time
  (~40 ms a query): a graph of many units paid that for every unit and every shape. While :func:`guarded`
  runs, a query text is parsed and translated once and the prepared query reused (an LRU of
  ``_MAX_PREPARED`` entries, keyed by the text, base and namespaces); the evaluation is rdflib's own.
- A validation gets ``max_seconds`` of wall-clock time (``MEDPOLICY_MAX_SECONDS``, default 60); past it, an
  :class:`~medpolicy.errors.InputError` (exit 2) says so. The alarm is a POSIX interval timer, which Python
  delivers only to the main thread: in other threads the budget is not enforced (run untrusted batches from
  the main thread or in a subprocess).
- An exception from a dependency (rdflib, pySHACL, pyparsing) becomes a :class:`~medpolicy.errors.MedpolicyError`
  naming the file, with the dependency's own type and message.
"""

from __future__ import annotations

import signal
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from types import FrameType
from typing import Any

from medpolicy.errors import InputError, MedpolicyError

__all__ = ["DependencyError", "guarded"]

_LOCK = threading.RLock()
_MAX_PREPARED = 2048
_PREPARED: OrderedDict[tuple[str, str | None, frozenset[tuple[str, str]]], Any] = OrderedDict()


class DependencyError(MedpolicyError):
    """A library medpolicy relies on failed while reading or validating (exit code 3)."""


class _OutOfTime(BaseException):  # a BaseException: a dependency's ``except Exception`` cannot swallow it
    pass


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise _OutOfTime


@contextmanager
def _budget(seconds: float | None) -> Iterator[None]:
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL)[0] == 0  # someone else's timer is left alone
    )
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds or 0))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _prepared_query(
    self: Any,
    strOrQuery: Any,  # noqa: N803 - rdflib's parameter names
    initBindings: Mapping[str, Any] | None = None,  # noqa: N803
    initNs: Mapping[str, Any] | None = None,  # noqa: N803
    base: str | None = None,
    DEBUG: bool = False,  # noqa: N803
) -> Any:
    """rdflib's ``SPARQLProcessor.query``, with each query text parsed and translated once."""
    from rdflib.plugins.sparql.algebra import translateQuery
    from rdflib.plugins.sparql.evaluate import evalQuery
    from rdflib.plugins.sparql.parser import parseQuery

    if isinstance(strOrQuery, str):
        key = (strOrQuery, base, frozenset((str(k), str(v)) for k, v in (initNs or {}).items()))
        query = _PREPARED.get(key)
        if query is None:
            query = translateQuery(parseQuery(strOrQuery), base, initNs)
            _PREPARED[key] = query
            if len(_PREPARED) > _MAX_PREPARED:
                _PREPARED.popitem(last=False)
        else:
            _PREPARED.move_to_end(key)
        strOrQuery = query
    return evalQuery(self.graph, strOrQuery, initBindings, base)


_CHECKED: set[tuple[str, bool, tuple[str, ...]]] = set()


@contextmanager
def _queries_prepared_once() -> Iterator[None]:
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper
    from rdflib.plugins.sparql.processor import SPARQLProcessor

    original = SPARQLProcessor.query
    check = SPARQLQueryHelper.check_invalid_sparql

    def checked_once(self: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> bool:
        """pySHACL's syntax check of a constraint (six regular expressions), once per text, not per focus node."""
        key = (sparql_text, valuenode is None, tuple(sorted(extravars or ())))
        if key not in _CHECKED:
            check(self, sparql_text, valuenode=valuenode, extravars=extravars)  # raises for an invalid query
            if len(_CHECKED) > _MAX_PREPARED:
                _CHECKED.clear()
            _CHECKED.add(key)
        return True

    SPARQLProcessor.query = _prepared_query
    SPARQLQueryHelper.check_invalid_sparql = checked_once
    try:
        yield
    finally:
        SPARQLProcessor.query = original
        SPARQLQueryHelper.check_invalid_sparql = check


@contextmanager
def guarded(file: str | None, seconds: float | None = None) -> Iterator[None]:
    """Run the body alone in the process, within ``seconds`` (main thread), with dependency errors wrapped."""
    with _LOCK:
        try:
            with _budget(seconds), _queries_prepared_once():
                yield
        except _OutOfTime:
            raise InputError(
                f"validation did not finish within {seconds:g} s (limit max_seconds, MEDPOLICY_MAX_SECONDS); "
                "the applicant graph is too large or too intricate",
                file=file,
            ) from None
        except (MedpolicyError, RecursionError, MemoryError):
            raise
        except Exception as exc:  # noqa: BLE001 - any dependency failure is named, never a raw traceback
            raise DependencyError(f"{type(exc).__module__}.{type(exc).__name__}: {str(exc)[:300]}", file=file) from exc
