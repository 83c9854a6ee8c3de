"""Running a dependency safely: one validation at a time, within a wall-clock budget, errors wrapped.

- rdflib's SPARQL parser (pyparsing) is not thread-safe: two threads parsing at once corrupt its shared state
  for the rest of the process (``ParseException``, ``TypeError`` in every later call). pySHACL parses the
  shapes' SPARQL on every validation, so :func:`guarded` holds a process-wide lock while it runs. Python
  runs one thread at a time anyway, so the lock costs no throughput (measured in benchmarks/bench_threads.py).
- pySHACL hands rdflib the text of a SPARQL constraint once per focus node: rdflib's parse is cached by
  :mod:`medpolicy.sparql_cache`, and pySHACL's own syntax check of the text (six regular expressions, ~1 ms)
  is done once per text while pySHACL runs (:func:`checked_once`), not once per focus node.
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
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

from medpolicy.errors import InputError, MedpolicyError

__all__ = ["DependencyError", "checked_once", "guarded"]

_LOCK = threading.RLock()
_MAX_CHECKED = 2048


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


_CHECKED: set[tuple[str, bool, tuple[str, ...]]] = set()


@contextmanager
def checked_once() -> Iterator[None]:
    """While the body runs, pySHACL checks the syntax of a SPARQL text once per text (the SHACL engine runs its
    pySHACL calls in it; pySHACL is imported only when an engine needs it)."""
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    check = SPARQLQueryHelper.check_invalid_sparql

    def checked_once(self: Any, sparql_text: str, valuenode: Any = None, extravars: Any = None) -> bool:
        """pySHACL's syntax check of a constraint (six regular expressions), once per text, not per focus node."""
        key = (sparql_text, valuenode is None, tuple(sorted(extravars or ())))
        if key not in _CHECKED:
            check(self, sparql_text, valuenode=valuenode, extravars=extravars)  # raises for an invalid query
            if len(_CHECKED) > _MAX_CHECKED:
                _CHECKED.clear()
            _CHECKED.add(key)
        return True

    SPARQLQueryHelper.check_invalid_sparql = checked_once
    try:
        yield
    finally:
        SPARQLQueryHelper.check_invalid_sparql = check


@contextmanager
def guarded(file: str | None, seconds: float | None = None) -> Iterator[None]:
    """Run the body alone in the process, within ``seconds`` (main thread), with dependency errors wrapped."""
    with _LOCK:
        try:
            with _budget(seconds):
                yield
        except _OutOfTime:
            raise InputError(
                f"validation did not finish within {seconds:g} s (limit max_seconds, MEDPOLICY_MAX_SECONDS); "
                "the applicant graph is too large or too intricate",
                file=file,
            ) from None
        except (MedpolicyError, RecursionError, MemoryError):
            raise
        except (UnicodeError, ValueError) as exc:
            if not isinstance(exc, UnicodeError) and "IRI" not in str(exc):
                raise DependencyError(
                    f"{type(exc).__module__}.{type(exc).__name__}: {str(exc)[:300]}", file=file
                ) from exc
            # an IRI or a text of the input that the engines cannot hold (unpaired surrogates, invalid code points)
            raise InputError(
                f"the input holds an IRI or text that cannot be processed: {str(exc)[:200]}", file=file
            ) from exc
        except Exception as exc:  # noqa: BLE001 - any dependency failure is named, never a raw traceback
            raise DependencyError(f"{type(exc).__module__}.{type(exc).__name__}: {str(exc)[:300]}", file=file) from exc
