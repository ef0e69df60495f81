"""Scaling on a dask.distributed LocalCluster: docs/s with 1 and 2 worker processes, and what a worker costs to start.

Documents are the development corpus texts in ../shared/corpus (spun, original and clean excerpts,
each once; read at run time, never copied), else the bundled samples. Every measurement starts a
fresh LocalCluster (a scheduler in this process, N worker processes of one thread, TCP on
127.0.0.1), so no run inherits another's per-process caches. For each it reports:

- cluster start: LocalCluster up (scheduler and N nanny + worker processes importing distributed);
- worker start: in each fresh worker, the import of textrepair plus the tables and language-model
  load (timed inside the worker; the median over workers), i.e. what each added worker pays once
  before its first document;
- docs/s of a ``clean`` folder run (``clean_folder(executor=...)``: this process reads each file and
  sends its bytes, one task per file, and writes outputs and report) on the warmed workers, and of
  a JSON Lines run (``repair_stream(executor=...)``: records sent in batches of up to 16), each on
  its own fresh cluster;
- round trip: milliseconds per no-op task carrying 2 KB, 8 in flight per worker thread, the
  overhead each document pays on top of its repair (measured after the run, on the same cluster);
- worker cpu/doc: CPU milliseconds all workers spent per document during the run (what a worker
  core must supply; 1000 / it is a worker's docs/s when it has a core to itself), and client
  cpu/doc: the same for this process (reading, writing, the report, and the LocalCluster's
  scheduler, which runs here);
- for reference, the same documents repaired in this process (``clean_folder``, no cluster).

Each configuration runs --repeat times; medians are printed, with the load average before and
after: the machine's cores are shared with other jobs, which distorts the 2-worker figures most.

    nice -n 10 python benchmarks/bench_cluster.py [--repeat 3] [--docs N] [--no-restore]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import documents  # noqa: E402


def _worker_start() -> dict[str, float]:
    """Run inside a fresh worker: seconds to import textrepair, then to load tables and model."""
    t0 = time.perf_counter()
    import textrepair.pipeline  # noqa: F401
    from textrepair.run.dist import warm

    t1 = time.perf_counter()
    state = warm()
    return {"import": t1 - t0, "load": state.seconds, "total": time.perf_counter() - t0}


def _cpu() -> float:
    """CPU seconds (user + system) of the calling process: barely moved by other jobs on the cores,
    unlike wall time, so per-document CPU is the figure to plan with on a shared machine."""
    import resource

    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _noop(i: int, data: bytes) -> int:
    return i


def round_trip(executor, threads: int, n: int = 200) -> float:
    """Milliseconds per task for ``n`` no-op tasks carrying 2 KB, 8 in flight per worker thread (as
    a folder run keeps them): the cost each document pays for travelling to a worker and back."""
    from collections import deque

    data = b"x" * 2048
    pending: deque = deque()
    t0 = time.perf_counter()
    for i in range(n):
        pending.append(executor.submit(_noop, i, data))
        if len(pending) >= 8 * threads:
            pending.popleft().result()
    while pending:
        pending.popleft().result()
    return (time.perf_counter() - t0) / n * 1000


def write_inputs(docs: list[str], root: Path) -> tuple[Path, Path]:
    src = root / "src"
    src.mkdir()
    for i, text in enumerate(docs):
        (src / f"{i:05d}.txt").write_text(text, encoding="utf-8")
    jsonl = root / "in.jsonl"
    with jsonl.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(docs):
            fh.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    return src, jsonl


def measure(mode: str, workers: int, src: Path, jsonl: Path, restore: bool, tmp: Path) -> dict[str, float]:
    from distributed import Client, LocalCluster

    from textrepair import RepairConfig
    from textrepair.run.folder import clean_folder
    from textrepair.run.cluster import open_cluster
    from textrepair.run.stream import iter_jsonl, repair_stream, write_jsonl

    config = RepairConfig(restore=restore)
    t0 = time.perf_counter()
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                      silence_logs=40) as lc, Client(lc, set_as_default=False) as client:
        client.wait_for_workers(workers)
        cluster_start = time.perf_counter() - t0
        starts = list(client.run(_worker_start).values())
        with open_cluster(client, config) as c:
            out = Path(tempfile.mkdtemp(dir=tmp))
            cpu_workers0, cpu_here0 = sum(client.run(_cpu).values()), _cpu()
            t1 = time.perf_counter()
            if mode == "folder":
                summary = clean_folder(src, out / "out", config=config, executor=c.executor, jobs=c.threads)
            else:
                summary = write_jsonl(repair_stream(iter_jsonl(jsonl), config, executor=c.executor, jobs=c.threads),
                                      out / "out.jsonl").summary
            seconds = time.perf_counter() - t1
            cpu_here = _cpu() - cpu_here0
            cpu_workers = sum(client.run(_cpu).values()) - cpu_workers0
            trip = round_trip(c.executor, c.threads)
    n = max(1, summary.files)
    return {"seconds": seconds, "round_trip_ms": trip, "worker_cpu_ms": cpu_workers / n * 1000,
            "client_cpu_ms": cpu_here / n * 1000, "docs": summary.files, "errors": summary.errors, "cluster_start": cluster_start,
            "worker_import": statistics.median(s["import"] for s in starts),
            "worker_load": statistics.median(s["load"] for s in starts),
            "worker_total": statistics.median(s["total"] for s in starts)}


def measure_local(src: Path, restore: bool, tmp: Path) -> float:
    """Docs/s of clean_folder in this process (tables already loaded, caches of earlier runs cleared
    by running in a fresh interpreter)."""
    import subprocess

    code = ("import sys, time, tempfile; from pathlib import Path; from textrepair import RepairConfig; "
            "from textrepair.run.folder import clean_folder; from textrepair.run.dist import warm; "
            f"c = RepairConfig(restore={restore}); warm(c); t = time.perf_counter(); "
            f"s = clean_folder(Path({str(src)!r}), Path(tempfile.mkdtemp(dir={str(tmp)!r})) / 'o', config=c); "
            "print(s.files / (time.perf_counter() - t))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--docs", type=int, default=0, help="documents (default: each corpus text once)")
    ap.add_argument("--no-restore", action="store_true")
    args = ap.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        sys.exit("dask.distributed is not installed: pip install 'textrepair[dist]'")
    docs, where = documents(args.docs)
    restore = not args.no_restore
    mb = sum(len(d.encode("utf-8")) for d in docs) / 1e6
    load0 = os.getloadavg()
    print(f"textrepair cluster benchmark: {where}, {len(docs)} docs, {mb:.3f} MB; {os.cpu_count()} cores; "
          f"restore={restore}; median of {args.repeat} fresh LocalClusters per line; load average {load0[0]:.2f}",
          flush=True)
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        src, jsonl = write_inputs(docs, tmp)
        local = statistics.median(measure_local(src, restore, tmp) for _ in range(args.repeat))
        print(f"{'in this process (no cluster)':<34} {local:7.1f} docs/s", flush=True)
        print(f"{'run':<8}{'workers':>8}{'docs/s':>9}{'x1':>7}{'seconds':>9}{'cluster start':>15}"
              f"{'worker start':>14}{'(import':>9}{'+ load)':>9}{'round trip':>12}"
              f"{'worker cpu/doc':>16}{'client cpu/doc':>16}", flush=True)
        for mode in ("folder", "jsonl"):
            base = None
            for workers in (1, 2):
                runs = [measure(mode, workers, src, jsonl, restore, tmp) for _ in range(args.repeat)]
                assert all(r["docs"] == len(docs) for r in runs)
                secs = statistics.median(r["seconds"] for r in runs)
                rate = len(docs) / secs
                base = base or rate
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                print(f"{mode:<8}{workers:>8}{rate:>9.1f}{rate / base:>7.2f}{secs:>9.2f}{med['cluster_start']:>13.2f} s"
                      f"{med['worker_total']:>12.2f} s{med['worker_import']:>8.2f} s{med['worker_load']:>7.2f} s"
                      f"{med['round_trip_ms']:>8.1f} ms{med['worker_cpu_ms']:>12.1f} ms{med['client_cpu_ms']:>13.1f} ms",
                      flush=True)
    load1 = os.getloadavg()
    print(f"load average at the end {load1[0]:.2f} (1 min), {load1[1]:.2f} (5 min)")


if __name__ == "__main__":
    main()
