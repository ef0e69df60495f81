"""Throughput with 1 and 2 workers: repair_stream's process pool and a local Dask bag (docs/s, MB/s).

Documents are the development corpus texts in ../shared/corpus (spun, original and clean excerpts;
each once by default); without ../shared, the bundled samples. --docs N cycles the texts, but a
repeated text hits the restorer's per-process caches (language-model and candidate lookups), which
flatters one process (it sees every repeat) against several (each recomputes what another cached), so
keep the default for scaling figures. Every
measurement runs in a fresh Python process, so no configuration inherits caches warmed by another
(repeated texts would otherwise hit the restorer's per-process caches). The time counted is the
repair of all documents, including starting the worker pool and the workers' one-time table and
model load; the parent's own import and load time is printed separately. For Dask a second line
("warm pool") times the same bag again on the already started, warmed workers: the steady state
that a long job approaches. Each configuration runs
--repeat times; the median is reported.

    python benchmarks/bench_scale.py [--docs N] [--repeat 3] [--engines stream,dask] [--no-restore]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def corpus_texts() -> tuple[list[str], str]:
    corpus = SHARED / "corpus"
    paths = (sorted(corpus.glob("pairs/*/*.txt")) + sorted(corpus.glob("dict/*/*.txt"))
             + sorted(corpus.glob("clean/*.txt")))
    if paths:
        return [p.read_text(encoding="utf-8") for p in paths], f"../shared/corpus ({len(paths)} files)"
    samples = sorted((ROOT / "textrepair" / "samples").glob("*"))
    return [p.read_text(encoding="utf-8") for p in samples], f"bundled samples ({len(samples)} files)"


def documents(n: int) -> tuple[list[str], str]:
    texts, where = corpus_texts()
    return (list(itertools.islice(itertools.cycle(texts), n)) if n else texts), where


def measure(engine: str, workers: int, n_docs: int, restore: bool, partitions: int) -> dict[str, float]:
    """One measurement in this (fresh) process."""
    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    from textrepair import RepairConfig
    from textrepair.run.dist import repair_partition, warm
    from textrepair.run.stream import repair_stream

    config = RepairConfig(restore=restore)
    warm(config)
    load = time.perf_counter() - t0
    docs, _ = documents(n_docs)
    t0 = time.perf_counter()
    cpu0 = _cpu()
    if engine == "stream":
        done = sum(1 for r in repair_stream(docs, config, jobs=workers) if r.error is None)
        cpu = _cpu() - cpu0  # the pool has shut down: its workers are reaped and counted
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        import dask
        import dask.bag as db

        from textrepair.run.dist import partition_stats

        bag = db.from_sequence(docs, npartitions=partitions).map_partitions(repair_partition, config)
        # One pool for both runs: the first pays for spawning the workers and their one-time load
        # (cold), the second shows the steady state of already-warm workers (warm).
        # chunksize=1: Dask's process scheduler otherwise ships tasks to a worker in batches of 6,
        # which leaves the second worker idle on a run of a few partitions.
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"))
        with dask.config.set(scheduler="processes", pool=pool, chunksize=1):
            done = sum(1 for r in bag.compute() if r["textrepair"]["status"] == "ok")
            seconds = time.perf_counter() - t0
            db.from_sequence(range(4 * workers), npartitions=4 * workers).map_partitions(partition_stats).compute()
            t1 = time.perf_counter()
            bag.compute()
            warm_seconds = time.perf_counter() - t1
        pool.shutdown()
        return {"seconds": seconds, "warm": warm_seconds, "load": load, "ok": done, "docs": len(docs),
                "mb": sum(len(d.encode("utf-8")) for d in docs) / 1e6}
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "cpu": cpu, "load": load, "ok": done, "docs": len(docs),
            "mb": sum(len(d.encode("utf-8")) for d in docs) / 1e6}


def _cpu() -> float:
    """CPU seconds of this process and its reaped children: unlike wall time, barely moved by other
    work on the machine, so it shows what a second worker costs even when the cores are shared."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_child(engine: str, workers: int, args: argparse.Namespace) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--child", engine, str(workers), "--docs", str(args.docs),
           "--partitions", str(args.partitions)] + (["--no-restore"] if args.no_restore else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=1800)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=0, help="documents (default: each corpus text once)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--engines", default="stream,dask")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--no-restore", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("ENGINE", "WORKERS"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        res = measure(args.child[0], int(args.child[1]), args.docs, not args.no_restore, args.partitions)
        print(json.dumps(res))
        return
    _, where = documents(args.docs)
    print(f"textrepair scale benchmark: {where}; {os.cpu_count()} cores; restore={not args.no_restore}; "
          f"median of {args.repeat} fresh-process runs; load average {os.getloadavg()[0]:.2f} "
          f"(other work on the cores distorts scaling)")
    for engine in args.engines.split(","):
        if engine == "dask":
            try:
                import dask  # noqa: F401
            except ImportError:
                print("dask is not installed (pip install 'textrepair[dist]'): skipped")
                continue
        base = None
        wbase = 0.0
        for workers in (1, 2):
            runs = [run_child(engine, workers, args) for _ in range(args.repeat)]
            secs = statistics.median(r["seconds"] for r in runs)
            r0 = runs[0]
            assert r0["ok"] == r0["docs"], f"{r0['docs'] - r0['ok']} documents failed"
            rate = r0["docs"] / secs
            speed = f"  x{rate / base:.2f}" if base else ""
            base = base or rate
            print(f"{engine:<7} workers={workers}  {int(r0['docs']):>5} docs  {r0['mb']:6.3f} MB  "
                  f"{secs:6.2f} s  {rate:7.1f} docs/s  {r0['mb'] / secs:6.3f} MB/s{speed}  "
                  f"(parent import+load {statistics.median(r['load'] for r in runs):.2f} s"
                  + (f"; cpu {statistics.median(r['cpu'] for r in runs):.2f} s" if "cpu" in r0 else "") + ")",
                  flush=True)
            if "warm" in r0:
                wsecs = statistics.median(r["warm"] for r in runs)
                wrate = r0["docs"] / wsecs
                wspeed = f"  x{wrate / wbase:.2f}" if workers > 1 else ""
                wbase = wrate if workers == 1 else wbase
                print(f"{'':<7} warm pool  {int(r0['docs']):>5} docs  {r0['mb']:6.3f} MB  {wsecs:6.2f} s  "
                      f"{wrate:7.1f} docs/s  {r0['mb'] / wsecs:6.3f} MB/s{wspeed}", flush=True)


if __name__ == "__main__":
    main()
