"""Where the files of a batch are screened: here, in worker processes, or on a Dask cluster.

Each yields ``(index, outcomes)`` as files finish, in any order; the caller keeps only what it needs of them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from medpolicy.errors import InputError
from medpolicy.kb.store import KnowledgeBase
from medpolicy.rules.worker import Job, Outcome, init_worker, screen_file

__all__ = ["default_workers", "on_dask", "in_processes", "in_process"]

Done = Iterator[tuple[int, list[Outcome]]]


def default_workers() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def in_process(paths: list[str], job: Job, kb: KnowledgeBase) -> Done:
    for index, path in enumerate(paths):
        yield index, screen_file(path, job, kb)


def in_processes(paths: list[str], job: Job, workers: int) -> Done:
    """A pool of ``workers`` spawned processes, each loading the knowledge base once; at most ``4 × workers``
    files in flight, so that finished outcomes never pile up."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=init_worker, initargs=(job.root, job.policy)
    ) as pool:
        pending: dict[Future[list[Outcome]], int] = {}
        queue = iter(enumerate(paths))
        while True:
            for index, path in queue:
                pending[pool.submit(screen_file, path, job)] = index
                if len(pending) >= 4 * workers:
                    break
            if not pending:
                return
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield pending.pop(future), future.result()


def on_dask(paths: list[str], job: Job, address: str) -> Done:
    """The files screened on the Dask cluster whose scheduler is at ``address``; every worker must have medpolicy
    installed and read the files at the same paths (a shared file system)."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - dask is a dependency
        raise InputError("--scheduler needs the distributed package", argument="scheduler") from exc
    try:
        client = Client(address, timeout="30s", set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(f"no Dask scheduler at {address}: {exc}", argument="scheduler") from exc
    with client:
        futures = client.map(screen_file, paths, job=job, pure=False)  # pure=False: fresh keys, nothing reused
        index = {future.key: n for n, future in enumerate(futures)}
        finished = as_completed(futures, loop=client.loop)  # type: ignore[no-untyped-call]
        del futures
        for future in finished:
            outcomes = future.result()
            future.release()
            yield index[future.key], outcomes
