"""Applicants validated under two policies, in worker processes (``diff --applicants --workers N``).

Each worker loads the knowledge base once (``KnowledgeBase.default()`` caches it per process) and returns both
reports of a file, or the file's error as text: one bad file is that file's error, not the batch's.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from medpolicy.errors import MedpolicyError
from medpolicy.kb.store import KnowledgeBase

if TYPE_CHECKING:
    from medpolicy.validation.report import Report

__all__ = ["Outcome", "both_reports", "check_both"]

Outcome = tuple["Report", "Report"] | str
Check = Callable[[Path, str, "dt.date | None"], "Report"]


def check_both(check: Check, path: Path, a: str, b: str, date: dt.date | None) -> Outcome:
    """The file's reports under ``a`` and ``b``, or its error in words."""
    try:
        return check(path, a, date), check(path, b, date)
    except MedpolicyError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - a broken shapes graph or a validator bug: this file's error only
        return f"{type(exc).__name__}: {exc}"


def _worker(root: str, path: str, a: str, b: str, date: dt.date | None) -> Outcome:
    from medpolicy.validation.run import validate

    kb = KnowledgeBase.default() if Path(root) == KnowledgeBase.default().root else KnowledgeBase(Path(root))
    return check_both(lambda p, policy, d: validate(p, policy, as_of=d, kb=kb), Path(path), a, b, date)


def both_reports(
    files: Sequence[Path], a: str, b: str, dates: Sequence[dt.date | None], kb: KnowledgeBase, workers: int
) -> Iterator[tuple[Path, Outcome]]:
    """Each file with its outcome, in the order given, validated by ``workers`` spawned processes."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(_worker, str(kb.root), str(p), a, b, d) for p, d in zip(files, dates, strict=True)]
        for path, future in zip(files, futures, strict=True):
            yield path, future.result()
