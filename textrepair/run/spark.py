"""Spark: an executor that runs the calls of a folder or JSON Lines run as Spark jobs, so a whole run (report, resume, exit status) works on a Spark cluster.

:func:`textrepair.run.folder.clean_folder` and :func:`textrepair.run.stream.repair_stream` take any
``concurrent.futures.Executor``; :class:`SparkExecutor` gathers the calls they submit close
together (at most ``8 * jobs`` files, or ``32 * jobs`` records, are in flight) into one Spark
job whose tasks run them, one call per task::

    from pyspark.sql import SparkSession
    from textrepair.run.folder import clean_folder
    from textrepair.run.spark import SparkExecutor

    sc = SparkSession.builder.getOrCreate().sparkContext
    with SparkExecutor(sc) as executor:
        clean_folder(Path("pages"), Path("clean"), executor=executor, jobs=sc.defaultParallelism)

As with Dask, the driver reads the inputs and sends their bytes, and writes outputs and report
itself: the executors need textrepair installed, not the files. For data already in a table or
in JSON Lines on a distributed file system, the plain partition functions of
:mod:`textrepair.run.dist` (``mapPartitions``) are the Spark-native way; see docs/cluster.md.
Spark retries a task whose Python worker dies (``spark.task.maxFailures``); a job that still
fails makes each input of that job an error entry (:class:`textrepair.core.errors.WorkerLostError`),
which ``--resume`` retries.
"""

from __future__ import annotations

import concurrent.futures as cf
import queue
import threading
import time
from typing import Any

from ..core.errors import WorkerLostError

#: Seconds the executor waits for more calls before it starts a job with those it has.
LINGER = 0.05


def _call(task: tuple[Any, tuple[Any, ...], dict[str, Any]]) -> Any:
    fn, args, kwargs = task
    return fn(*args, **kwargs)


class SparkExecutor(cf.Executor):
    """A ``concurrent.futures.Executor`` whose calls run as tasks of Spark jobs on ``sc``.

    Calls submitted within ``linger`` seconds of each other (up to ``max_batch``) share a job;
    jobs run one after another from a thread of this process. Functions and arguments must pickle
    (textrepair's own task functions do; they are imported by name on the executors).
    """

    def __init__(self, sc: Any, *, linger: float = LINGER, max_batch: int = 4096) -> None:
        self._sc = sc
        self._linger = linger
        self._max_batch = max(1, max_batch)
        self._queue: queue.Queue[Any] = queue.Queue()
        self._shutdown = False
        self._thread = threading.Thread(target=self._loop, name="textrepair-spark-jobs", daemon=True)
        self._thread.start()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        fut: cf.Future[Any] = cf.Future()
        self._queue.put((fut, (fn, args, kwargs)))
        return fut

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if not self._shutdown:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is not None:
                        item[0].cancel()
            self._queue.put(None)
        if wait:
            self._thread.join()

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            deadline = time.monotonic() + self._linger
            while len(batch) < self._max_batch:
                try:
                    item = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if item is None:
                    stop = True
                    break
                batch.append(item)
            self._run([b for b in batch if b[0].set_running_or_notify_cancel()])
            if stop:
                return

    def _run(self, batch: list[tuple[cf.Future[Any], Any]]) -> None:
        if not batch:
            return
        try:
            rdd = self._sc.parallelize([task for _, task in batch], len(batch))
            results = rdd.map(_call).collect()
        except Exception as err:  # noqa: BLE001 - a failed job (after Spark's retries) fails its calls
            lost = WorkerLostError(f"the Spark job repairing it failed after Spark's retries "
                                   f"({type(err).__name__}: {str(err).splitlines()[0][:300] if str(err) else ''}); "
                                   f"not repaired")
            for fut, _ in batch:
                fut.set_exception(lost)
            return
        for (fut, _), result in zip(batch, results):
            fut.set_result(result)
