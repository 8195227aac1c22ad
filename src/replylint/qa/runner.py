"""Where the replies are checked: in this process, in ``--jobs`` processes, or on a Dask cluster.

Every way checks the same partitions with :func:`tally.check_partition` and merges the tallies in
the partitions' order, so each gives the same report.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from typing import Callable, Iterator

from .replies import Reply
from .tally import WORST, Tally, check_partition

# From this many replies on, a report without --jobs uses every core: below it one process is done
# before the others have started.
AUTO_PARALLEL_FROM = 2000


def partitions(replies: list[Reply], workers: int) -> list[list[Reply]]:
    """Slices of the replies: a few per worker, so a slow one does not hold up the end, and none so
    small that sending it costs more than checking it."""
    if not replies:
        return []
    size = max(10, min(2000, -(-len(replies) // (max(1, workers) * 8))))
    return [replies[i : i + size] for i in range(0, len(replies), size)]


def jobs_for(asked: int | None, replies: int) -> int:
    cores = os.cpu_count() or 1
    if asked is None:
        return cores if replies >= AUTO_PARALLEL_FROM else 1
    return asked if asked > 0 else cores


@contextmanager
def progress_bar(total: int, enabled: bool) -> Iterator[Callable[[int], None]]:
    """``advance(n)``: a rich progress bar on stderr on a terminal; nothing otherwise."""
    if not enabled:
        yield lambda n: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("Проверка ответов"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task("check", total=total)
        yield lambda n: bar.advance(task, n)


def check_replies(linter, replies: list[Reply], jobs: int | None = None, dask: str | None = None,
                  keep: int = WORST, progress: bool = False) -> Tally:
    """Check every reply; ``dask``: a scheduler's address or "local" (``jobs``: its number of workers)."""
    with progress_bar(len(replies), progress) as advance:
        if dask is not None:
            from .dask_run import check_on_dask

            tallies = check_on_dask(dask, linter, replies, jobs or None, keep, advance)
        elif (workers := jobs_for(jobs, len(replies))) > 1 and len(replies) > 1:
            tallies = _in_processes(linter, partitions(replies, workers), workers, keep, advance)
        else:
            tallies = []
            for part in partitions(replies, 1):
                tallies.append(check_partition(linter, part, keep))
                advance(len(part))
    total = Tally(keep=keep)
    for tally in tallies:
        total.merge(tally)
    return total


# What a worker process checks with: forked workers inherit it with the dictionary and the rules
# loaded; spawned ones (where fork is not available) unpickle it once in _start_worker.
_worker_linter = None


def _start_worker(linter_bytes: bytes) -> None:
    import pickle

    global _worker_linter
    _worker_linter = pickle.loads(linter_bytes)


def _check_in_worker(job: tuple[list[Reply], int]) -> Tally:
    part, keep = job
    return check_partition(_worker_linter, part, keep)


def _in_processes(linter, parts: list[list[Reply]], jobs: int, keep: int, advance) -> list[Tally]:
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor, as_completed

    global _worker_linter
    if sys.platform.startswith("linux"):  # fork is safe here; macOS and Windows spawn
        from .. import morph

        morph.analyzer()  # loaded once here, shared by every forked worker
        _worker_linter = linter
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    else:
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker, initargs=(pickle.dumps(linter),))
    try:
        with pool:
            futures = {pool.submit(_check_in_worker, (part, keep)): i for i, part in enumerate(parts)}
            results: list[Tally | None] = [None] * len(parts)
            for future in as_completed(futures):
                i = futures[future]
                results[i] = future.result()
                advance(len(parts[i]))
        return results  # type: ignore[return-value]
    finally:
        _worker_linter = None
