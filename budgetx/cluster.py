"""Running jobs on a Dask cluster (`budgetx[dask]`): the batch's executor beyond one
machine. The client sends each task's arguments (a PDF's bytes) to the workers and gets
the result back, so workers need budgetx installed but no shared file system.

Dask was chosen because it is the PyData standard (pandas, Parquet, the same
`dask scheduler` / `dask worker` an analyst's cluster already runs) and needs no JVM.
Dask reruns the tasks of a worker that is lost on another worker; a task whose workers
keep dying (`distributed.scheduler.allowed-failures`, 3 by default) fails, and only it.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterable
from typing import Any, TypeVar

from budgetx.errors import SchedulerUnreachable

T = TypeVar("T")
LOCAL = "local"
INSTALL = "a Dask scheduler needs Dask: pip install 'budgetx[dask]'"


def available() -> bool:
    from importlib.util import find_spec

    return find_spec("distributed") is not None


def _threads(client: Any) -> int:
    workers = client.scheduler_info().get("workers", {})
    return max(1, sum(int(w.get("nthreads", 1)) for w in workers.values()))


def map_on_cluster(address: str, jobs: int, func: Callable[..., T],
                   calls: Iterable[tuple[str, tuple[object, ...]]],
                   lost: Callable[[str, BaseException], T], quiet: bool = True) -> Generator[T, None, None]:
    """func(*args) for every (name, args) of `calls`, on the workers of the scheduler at
    `address` (`local`: a cluster of `jobs` worker processes started on this machine),
    yielded as they complete. At most two tasks per worker thread are in flight, so the
    client holds a bounded number of PDFs in memory; `calls` is read only as tasks
    finish. A task that raised, or whose workers kept dying, gives lost(name, error).
    Leaving early (Ctrl-C) cancels the tasks in flight and closes the client."""
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address == LOCAL:
        # One thread per worker process: camelot and pdfium are not made for threads.
        cluster = LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                               dashboard_address=None,
                               silence_logs=logging.CRITICAL if quiet else logging.WARNING)
    try:
        client = Client(cluster if cluster is not None else address, timeout="20s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise SchedulerUnreachable(address, f"cannot reach the Dask scheduler: {exc}") from None
    pending: dict[Any, str] = {}
    try:
        if cluster is None:
            client.wait_for_workers(1, timeout=60)
        limit = 2 * _threads(client)
        todo = iter(calls)
        running = as_completed()

        def submit() -> bool:
            nxt = next(todo, None)
            if nxt is None:
                return False
            name, args = nxt
            # pure=False: the same PDF given twice in a run is still two tasks.
            future = client.submit(func, *args, pure=False)
            pending[future] = name
            running.add(future)
            return True

        while len(pending) < limit and submit():
            pass
        for future in running:
            name = pending.pop(future)
            try:
                result = future.result()
            except Exception as exc:  # KilledWorker, or an error the job did not catch
                result = lost(name, exc)
            future.release()
            yield result
            while len(pending) < limit and submit():
                pass
    finally:
        if pending:
            client.cancel(list(pending))
        client.close()
        if cluster is not None:
            cluster.close()
