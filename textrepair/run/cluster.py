"""Dask clusters: folder and JSON Lines runs on a dask.distributed scheduler, this process reading and writing, the workers repairing.

A run on a cluster is the local run with another executor: :func:`textrepair.run.folder.clean_folder`
and :func:`textrepair.run.stream.repair_stream` take any ``concurrent.futures.Executor``, and
:func:`open_cluster` gives one for an existing scheduler::

    from pathlib import Path
    from textrepair.run.folder import clean_folder
    from textrepair.run.cluster import open_cluster

    with open_cluster("tcp://scheduler:8786") as cluster:
        summary = clean_folder(Path("pages"), Path("clean"), executor=cluster.executor, jobs=cluster.threads)

This process walks SRC, reads each input and sends its bytes (or a JSON Lines record's text) to
the scheduler, a bounded number at a time (8 files or 32 records per worker thread), and writes
outputs and report itself in input order: the workers need the same textrepair installed, no
access to SRC or OUT, and the outputs, report, ``--resume`` and exit status are those of a local
run. Each worker loads the tables and language model once, when it joins (:class:`WarmWorkers`).
A worker that dies is replaced by its nanny and the scheduler runs its tasks again elsewhere; an
input on which workers die more often than the scheduler's ``allowed-failures`` (3) becomes that
input's error entry (:class:`WorkerLostError`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..core.config import RepairConfig
from ..core.errors import ClusterError, TextrepairError, WorkerLostError

try:  # distributed is optional (pip install 'textrepair[dist]'); the plugin class needs its base
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # pragma: no cover - exercised only without distributed
    _WorkerPlugin = object  # type: ignore[assignment,misc]

#: Seconds to wait for the scheduler to answer and for at least one worker to be there.
CONNECT_TIMEOUT = 30.0


@dataclass(frozen=True)
class Cluster:
    """An open cluster: its client, an executor for runs, and how many worker threads it had."""

    client: Any
    executor: DaskExecutor
    address: str
    workers: int
    threads: int


class DaskExecutor(cf.Executor):
    """A ``concurrent.futures.Executor`` on a Dask client whose futures raise :class:`WorkerLostError`
    where Dask raises ``KilledWorker``, so a run can report that input instead of ending.

    When the client loses the scheduler for good (it stops reconnecting after its timeout,
    :data:`CONNECT_TIMEOUT` for a client :func:`open_cluster` opened), the futures still pending fail with
    :class:`ClusterError` and so does every later ``submit``: the run ends with a message instead of
    waiting forever, and everything it wrote before is complete (``--resume`` continues).
    Tasks are impure (``pure=False``): two inputs with the same bytes are still two tasks.
    """

    #: Seconds between two looks at the client's connection.
    WATCH_EVERY = 0.5

    def __init__(self, client: Any) -> None:
        import threading

        self._client = client
        # Our futures, each with the Dask future it waits for (held here so the task stays wanted).
        self._pending: dict[cf.Future[Any], Any] = {}
        self._lock = threading.Lock()
        self._lost: ClusterError | None = None
        self._stop = threading.Event()
        self._watch = threading.Thread(target=self._watch_client, name="textrepair-dask-watch", daemon=True)
        self._watch.start()

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> cf.Future[Any]:
        if self._lost is not None:
            raise self._lost
        outer: cf.Future[Any] = cf.Future()
        # Dask futures directly, not client.get_executor(): its futures fail with a TypeError of
        # their own when the scheduler goes away (distributed 2023.1, tests/test_cluster.py).
        task = self._client.submit(fn, *args, pure=False, **kwargs)
        with self._lock:
            self._pending[outer] = task

        def forward(task: Any) -> None:  # called by Dask in a thread of its own once ``task`` ends
            status = task.status
            if status == "finished":
                try:
                    _settle(outer, result=task.result())
                except Exception:  # noqa: BLE001 - finished, then lost before its result came back
                    _settle(outer, error=self._lose())
            elif status == "error":
                err = task.exception()
                if type(err).__name__ == "KilledWorker":  # distributed.scheduler.KilledWorker
                    n = getattr(err, "allowed_failures", None)
                    n = _allowed_failures() if n is None else n
                    _settle(outer, error=WorkerLostError(
                        f"the workers repairing it died (the scheduler ran it {n + 1} time(s): "
                        f"allowed-failures is {n}); it crashes a worker or needs more memory than one "
                        f"has; not repaired"))
                else:
                    _settle(outer, error=err)
            elif not outer.cancelled():  # cancelled, but not from here: the scheduler is gone
                _settle(outer, error=self._lose())

        def done(fut: cf.Future[Any]) -> None:
            with self._lock:
                held = self._pending.pop(fut, None)
            if fut.cancelled() and held is not None:
                held.cancel()

        outer.add_done_callback(done)
        task.add_done_callback(forward)
        return outer

    def _lose(self) -> ClusterError:
        """The run cannot go on: the error every pending and later call fails with."""
        if self._lost is None:
            address = getattr(self._client.scheduler, "address", None) or "its address"
            self._lost = ClusterError(f"lost the Dask scheduler at {address}; what was written so far "
                                      f"is complete: run again with --resume to continue")
        return self._lost

    def _watch_client(self) -> None:
        while not self._stop.wait(self.WATCH_EVERY):
            if self._client.status in ("closing", "closed", "failed"):
                lost = self._lose()
                with self._lock:
                    pending = list(self._pending)
                for fut in pending:
                    _settle(fut, error=lost)
                return

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._stop.set()
        with self._lock:
            pending = list(self._pending)
        for fut in pending:
            if cancel_futures:
                fut.cancel()
            elif wait:
                try:
                    fut.exception()
                except cf.CancelledError:
                    pass


def _settle(fut: cf.Future[Any], *, result: Any = None, error: BaseException | None = None) -> None:
    """Set ``fut``'s outcome unless it already has one (the watchdog and Dask may race)."""
    try:
        if error is None:
            fut.set_result(result)
        else:
            fut.set_exception(error)
    except cf.InvalidStateError:
        pass


def _allowed_failures() -> int:
    try:
        import dask

        return int(dask.config.get("distributed.scheduler.allowed-failures", 3))
    except Exception:  # noqa: BLE001 - only for a message
        return 3


class WarmWorkers(_WorkerPlugin):  # type: ignore[misc,valid-type]
    """A worker plugin: each worker (and each replacement the nanny starts) loads the tables and
    language model for ``config`` once, when it joins, in a thread beside its event loop."""

    name = "textrepair-warm"

    def __init__(self, config: RepairConfig | None = None) -> None:
        self.config = config or RepairConfig()

    async def setup(self, worker: Any) -> None:
        from .dist import warm

        await asyncio.get_running_loop().run_in_executor(None, warm, self.config)


def _worker_version() -> str:
    from ..core.version import __version__

    return __version__


def worker_stats(client: Any) -> dict[str, dict[str, Any]]:
    """:func:`textrepair.run.dist.worker_stats` of every worker (by address): how often each loaded what."""
    from .dist import worker_stats as stats

    return dict(client.run(stats))


def _distributed() -> Any:
    try:
        import distributed
    except ImportError as err:
        raise ClusterError("running on a Dask cluster needs dask.distributed: pip install 'textrepair[dist]'") from err
    return distributed


def _register(client: Any, plugin: Any) -> None:
    """``register_plugin`` (distributed >= 2023.9.2) or, before it, ``register_worker_plugin``."""
    register = getattr(client, "register_plugin", None)
    if register is None:  # pragma: no cover - older distributed
        client.register_worker_plugin(plugin, name=plugin.name)
    else:
        register(plugin, name=plugin.name)


@contextlib.contextmanager
def open_cluster(target: Any, config: RepairConfig | None = None, *,
                 timeout: float | None = None) -> Iterator[Cluster]:
    """A :class:`Cluster` for ``target``: a scheduler address (``tcp://HOST:PORT``; the client is
    closed at the end) or a ``distributed.Client`` (left open).

    Checks up front, as a :class:`ClusterError` naming the problem: the scheduler answers within
    ``timeout`` seconds (default :data:`CONNECT_TIMEOUT`), it has a worker, every worker runs this
    textrepair version (other versions may repair differently, and ``--resume`` relies on equal
    outputs), and every worker loads the tables for ``config`` (extra ``tables`` must exist at the
    same path on the workers).
    """
    distributed = _distributed()
    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    owned = not isinstance(target, distributed.Client)
    if owned:
        address = str(target)
        try:  # a malformed address is refused before a client exists (one half made warns at exit)
            from distributed.comm import get_address_host_port

            if not address.startswith(("inproc://", "ucx://")):  # (in-process and UCX have no port)
                get_address_host_port(address if "://" in address else f"tcp://{address}")
        except ValueError as err:
            raise ClusterError(f"{address!r} is not a Dask scheduler address: expected tcp://HOST:PORT") from err
        try:
            client = distributed.Client(address, timeout=timeout, set_as_default=False)
        except (OSError, cf.TimeoutError, asyncio.TimeoutError, ValueError) as err:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {err or type(err).__name__}") from err
    else:
        client = target
    executor: DaskExecutor | None = None
    try:
        address = str(client.scheduler.address)
        try:
            client.wait_for_workers(1, timeout=timeout)
        except (OSError, cf.TimeoutError, asyncio.TimeoutError) as err:
            raise ClusterError(f"the Dask scheduler at {address} has no workers (waited {timeout:g} s)") from err
        from ..core.version import __version__

        try:
            versions = client.run(_worker_version)
        except ImportError as err:
            raise ClusterError(f"a worker of {address} cannot import textrepair ({err}); install "
                               f"textrepair {__version__} on every worker") from err
        other = {w: v for w, v in versions.items() if v != __version__}
        if other:
            listed = ", ".join(f"{w} has {v}" for w, v in sorted(other.items())[:5])
            raise ClusterError(f"workers of {address} run another textrepair ({listed}); this is "
                               f"{__version__}: install the same version everywhere")
        try:
            _register(client, WarmWorkers(config))
        except TextrepairError as err:
            raise ClusterError(f"a worker of {address} cannot load the tables: {err}") from err
        threads = client.nthreads()
        executor = DaskExecutor(client)
        yield Cluster(client, executor, address, len(threads), max(1, sum(threads.values())))
    finally:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        if owned:
            client.close()
