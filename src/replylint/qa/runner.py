"""Where the replies are checked: in this process, in ``--jobs`` processes, or on a Dask cluster.

Every way checks the replies in partitions with :func:`tally.check_partition` and merges the
tallies in the partitions' order, so each gives the same report; blocks of replies counted before
come from the report's cache (:mod:`blockcache`) and are not checked again.
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


def partitions(blocks: list[list[Reply]], workers: int) -> list[tuple[int, list[Reply]]]:
    """Slices of the blocks to check, each with its block's number: a few per worker, so a slow one
    does not hold up the end, and none so small that sending it costs more than checking it. A
    slice never spans two blocks (each block's tally is cached on its own)."""
    total = sum(len(b) for b in blocks)
    if not total:
        return []
    size = max(10, min(2000, -(-total // (max(1, workers) * 8))))
    return [(n, block[i : i + size]) for n, block in enumerate(blocks) for i in range(0, len(block), size)]


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
                  keep: int = WORST, progress: bool = False, cache: bool = True) -> Tally:
    """Check every reply; ``dask``: a scheduler's address or "local" (``jobs``: its number of workers).
    With ``cache``, blocks of replies counted before come from the report's cache (blockcache.py)
    and only the others are checked, here, in processes or on the cluster."""
    from .blockcache import blocks, open_cache

    store = open_cache(linter, keep) if cache else None
    every = blocks(replies)
    tallies: list[Tally | None] = [None] * len(every)
    with progress_bar(len(replies), progress) as advance:
        if store is not None:
            for n, block in enumerate(every):
                tallies[n] = store.lookup(block)
                if tallies[n] is not None:
                    advance(len(block))
        todo = [n for n, t in enumerate(tallies) if t is None]
        missed = [every[n] for n in todo]
        count = sum(len(b) for b in missed)
        if not count:
            done: list[tuple[int, Tally]] = []
        elif dask is not None:
            from .dask_run import check_on_dask

            done = check_on_dask(dask, linter, missed, jobs or None, keep, advance)
        elif (workers := jobs_for(jobs, count)) > 1 and count > 1:
            parts = partitions(missed, workers)
            done = list(zip((n for n, _ in parts), _in_processes(linter, [p for _, p in parts], workers, keep, advance)))
        else:
            done = []
            for n, part in partitions(missed, 1):
                done.append((n, check_partition(linter, part, keep)))
                advance(len(part))
    for n, tally in done:  # a block's slices, in order
        block_tally = tallies[todo[n]]
        if block_tally is None:
            tallies[todo[n]] = block_tally = Tally(keep=keep)
        block_tally.merge(tally)
    if store is not None:
        for n in todo:
            store.store(every[n], tallies[n])
        store.prune()
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
