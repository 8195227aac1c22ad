"""``--dask ADDRESS`` and ``--dask local``: the replies checked on a Dask cluster.

The linter, with the team's config and rules already compiled, goes to the cluster once, pickled in
a worker plugin: each worker unpickles it when it joins and keeps it for every partition it checks
(the workers need replylint installed, not the team's rule files). Partitions of the replies are
scattered to the workers; each comes back as a :class:`~replylint.qa.tally.Tally` (counts, and each
rule's few worst replies), never as the findings of every reply, and the tallies are merged in the
partitions' order: the same report as one process makes.

``local`` starts a LocalCluster on this machine: one single-threaded worker process per core
(``--jobs N``: N of them). The checks are pure Python, so a worker's extra threads would only wait
for the interpreter lock: on a real cluster, start workers with ``--nthreads 1``.
"""
from __future__ import annotations

import hashlib
import logging
import os
import pickle
from typing import Callable

from ..errors import ReplylintError
from .replies import Reply
from .runner import partitions
from .tally import Tally, check_partition

try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # the extra is not installed: check_on_dask says so
    WorkerPlugin = object  # type: ignore[assignment,misc]


class LinterPlugin(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Carries the pickled linter to every worker, which builds it once in ``setup``."""

    def __init__(self, linter_bytes: bytes) -> None:
        self.linter_bytes = linter_bytes
        self.linter = None

    def setup(self, worker) -> None:
        from .. import morph

        self.linter = pickle.loads(self.linter_bytes)
        morph.analyzer()  # the dictionary, loaded before the first partition arrives


def _check_on_worker(part: list[Reply], keep: int, plugin: str) -> Tally:
    from distributed import get_worker

    return check_partition(get_worker().plugins[plugin].linter, part, keep)


def check_on_dask(address: str, linter, blocks: list[list[Reply]], workers: int | None, keep: int,
                  advance: Callable[[int], None]) -> list[tuple[int, Tally]]:
    """The tally of each partition of ``blocks`` (those the report's cache did not have), with the
    number of its block: the client looks up and stores, the workers only check."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise ReplylintError("для --dask нужен пакет distributed: pip install 'replylint[report]'") from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
        else:
            client = Client(address, timeout="20s")
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        where = "LocalCluster не запустился" if address == "local" else f"нет связи с планировщиком Dask {address}"
        raise ReplylintError(f"--dask: {where}: {exc}") from None
    try:
        linter_bytes = pickle.dumps(linter)
        name = "replylint-linter-" + hashlib.sha1(linter_bytes).hexdigest()[:12]
        try:
            client.register_plugin(LinterPlugin(linter_bytes), name=name)
        except Exception as exc:  # noqa: BLE001 - what the workers raised, in one line
            raise ReplylintError(f"--dask: рабочие узлы не смогли загрузить правила ({type(exc).__name__}: {exc}); "
                                 "установлен ли на них replylint той же версии?") from None
        count = len(client.scheduler_info(n_workers=-1)["workers"]) or 1
        numbered = partitions(blocks, count)
        parts = [part for _, part in numbered]
        handles = client.scatter(parts)
        futures = client.map(_check_on_worker, handles, keep=keep, plugin=name, pure=False)
        place = {f.key: i for i, f in enumerate(futures)}
        results: list[Tally | None] = [None] * len(parts)
        for future in as_completed(futures):
            i = place[future.key]
            results[i] = future.result()
            advance(len(parts[i]))
        return [(n, tally) for (n, _), tally in zip(numbered, results)]  # type: ignore[misc]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
