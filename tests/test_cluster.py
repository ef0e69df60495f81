"""dask.distributed end to end: a LocalCluster (scheduler and two worker processes over TCP on localhost)
repairs a folder and a JSON Lines file exactly as a local run does, loads the tables once per worker,
survives a worker killed mid-run, and serves ``textrepair clean --dask``."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install 'textrepair[dist]')")

from distributed import LocalCluster  # noqa: E402
from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402

from textrepair.run.folder import clean_folder  # noqa: E402
from textrepair.cli import main  # noqa: E402
from textrepair.core.errors import ClusterError  # noqa: E402
from textrepair.run.cluster import open_cluster, worker_stats  # noqa: E402
from textrepair.run.stream import iter_jsonl, repair_stream, write_jsonl  # noqa: E402

CASES = json.loads((Path(__file__).parent / "cases" / "cluster_corpus.json").read_text(encoding="utf-8"))


def write_corpus(root: Path) -> tuple[Path, Path]:
    """The case documents as a folder (SRC) and as a JSON Lines file (one record each, plus bad lines)."""
    src = root / "src"
    for doc in CASES["documents"]:
        p = src / doc["path"]
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(doc["text"], encoding="utf-8")
    lines = [json.dumps({"id": i, "path": d["path"], "text": d["text"]}, ensure_ascii=False)
             for i, d in enumerate(CASES["documents"])]
    jsonl = root / "in.jsonl"
    jsonl.write_text("\n".join(lines[:4] + CASES["jsonl_extra"] + lines[4:]) + "\n", encoding="utf-8")
    return src, jsonl


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def new_cluster(**kwargs) -> LocalCluster:
    # Two worker processes with one thread each, talking TCP on the loopback address.
    # No dashboard; the scheduler's HTTP endpoint on a free loopback port, not 8787 on every address.
    return LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=None, protocol="tcp",
                        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"}, **kwargs)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("cluster")
    src, jsonl = write_corpus(root)
    local = root / "local"
    clean_folder(src, local)
    local_jsonl = root / "local.jsonl"
    write_jsonl(repair_stream(iter_jsonl(jsonl)), local_jsonl)
    return {"root": root, "src": src, "jsonl": jsonl, "local": local, "local_jsonl": local_jsonl}


@pytest.fixture(scope="module")
def cluster():
    with new_cluster() as lc:
        yield lc


def test_corpus_has_edits_and_an_error(corpus):
    # The comparison below means something: the local run changed texts and reported a failure.
    report = [json.loads(line) for line in (corpus["local"] / "report.jsonl").open(encoding="utf-8")]
    assert len(report) == len(CASES["documents"])
    assert sum(len(r.get("edits", ())) for r in report) >= 20
    assert {r["path"] for r in report if r["status"] == "error"} == {
        d["path"] for d in CASES["documents"] if d.get("error")}


def test_folder_and_jsonl_on_a_local_cluster_equal_a_local_run(corpus, cluster, tmp_path):
    with open_cluster(cluster.scheduler_address) as c:
        assert (c.workers, c.threads) == (2, 2)
        before = worker_stats(c.client)
        summary = clean_folder(corpus["src"], tmp_path / "out", executor=c.executor, jobs=c.threads)
        run = write_jsonl(repair_stream(iter_jsonl(corpus["jsonl"]), executor=c.executor, jobs=c.threads),
                          tmp_path / "out.jsonl")
        after = worker_stats(c.client)
    assert summary.files == len(CASES["documents"]) and summary.errors == 1
    assert tree(tmp_path / "out") == tree(corpus["local"])  # outputs, report.jsonl, run record
    assert (tmp_path / "out.jsonl").read_bytes() == corpus["local_jsonl"].read_bytes()
    assert run.summary.errors == 3  # bad JSON, no 'text' field, bad front matter
    # Two worker processes, each of which loaded the tables and language model exactly once (when
    # it joined), and none again for the tasks it ran.
    assert len(after) == 2 and len({s["pid"] for s in after.values()}) == 2
    for address, stats in after.items():
        assert stats["warm"] == 1 and stats["packaged_tables"] == 1 and stats["language_model"] == 1
        assert stats == before[address]


# ---------------------------------------------------------------------------------------------------
# textrepair clean --dask


def test_cli_dask_gives_the_local_outputs_report_resume_and_exit_status(corpus, cluster, tmp_path, capsys):
    addr = cluster.scheduler_address
    src = str(corpus["src"])
    assert main(["clean", src, "-o", str(tmp_path / "local")]) == 1  # one input fails: exit 1
    assert main(["clean", src, "-o", str(tmp_path / "dask"), "--dask", addr]) == 1
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    err = capsys.readouterr().err
    assert f"dask: {addr}: 2 workers" in err
    # Interrupted after some files: the report lost its last lines and one output is missing.
    report = tmp_path / "dask" / "report.jsonl"
    lines = report.read_bytes().splitlines(keepends=True)
    report.write_bytes(b"".join(lines[:5]))
    (tmp_path / "dask" / json.loads(lines[4])["path"]).unlink()
    assert main(["clean", src, "-o", str(tmp_path / "dask"), "--dask", addr, "--resume"]) == 1
    kept = sum(json.loads(line)["status"] == "ok" for line in lines[:4])
    assert kept >= 2 and f"resumed: {kept} file(s)" in capsys.readouterr().err
    assert tree(tmp_path / "dask") == tree(tmp_path / "local")
    # A resume with other options is refused as locally (exit 2), cluster or not.
    assert main(["clean", src, "-o", str(tmp_path / "dask"), "--dask", addr, "--resume", "--no-restore"]) == 2
    # JSON Lines: the same output file, and exit 1 for the bad lines.
    jl = str(corpus["jsonl"])
    assert main(["clean", "--jsonl", jl, "-o", str(tmp_path / "l.jsonl")]) == 1
    assert main(["clean", "--jsonl", jl, "-o", str(tmp_path / "d.jsonl"), "--dask", addr]) == 1
    assert (tmp_path / "d.jsonl").read_bytes() == (tmp_path / "l.jsonl").read_bytes()
    # All good: exit 0 on both.
    good = tmp_path / "good"
    shutil.copytree(corpus["src"], good, ignore=shutil.ignore_patterns("bad-*"))
    assert main(["clean", str(good), "-o", str(tmp_path / "good-out"), "--dask", addr]) == 0


def test_cli_dask_usage_errors_exit_2(corpus, cluster, tmp_path, capsys, monkeypatch):
    import textrepair.run.cluster

    src = str(corpus["src"])
    monkeypatch.setattr(textrepair.run.cluster, "CONNECT_TIMEOUT", 1.0)
    assert main(["clean", src, "-o", str(tmp_path / "a"), "--dask", "no-port"]) == 2
    assert "not a Dask scheduler address" in capsys.readouterr().err
    assert main(["clean", src, "-o", str(tmp_path / "b"), "--dask", f"tcp://127.0.0.1:{free_port()}"]) == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err
    addr = cluster.scheduler_address
    assert main(["clean", src, "-o", str(tmp_path / "c"), "--dask", addr, "--jobs", "2"]) == 2
    assert "--jobs" in capsys.readouterr().err
    assert main(["clean", src, "-o", str(tmp_path / "d"), "--dask", addr, "--records", src]) == 2
    assert "--records" in capsys.readouterr().err
    assert not (tmp_path / "c").exists() and not (tmp_path / "d").exists()


def test_open_cluster_refuses_workers_that_cannot_load_a_table(cluster, tmp_path):
    from textrepair import RepairConfig

    with pytest.raises(ClusterError, match="cannot load the tables"):
        with open_cluster(cluster.scheduler_address, RepairConfig(tables=(str(tmp_path / "missing.tsv"),))):
            pass


def free_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------------------------------
# Workers killed mid-run


class DieOnce(WorkerPlugin):
    """Test plugin: the worker that first starts its ``nth`` task exits at once (as a crash or an
    out-of-memory kill would end it), holding that task; a flag file makes it happen once in all."""

    name = "test-die-once"

    def __init__(self, flag: str, nth: int = 2) -> None:
        self.flag, self.nth, self.started = flag, nth, 0

    def transition(self, key, start, finish, **kwargs):
        if finish != "executing":
            return
        self.started += 1
        if self.started < self.nth:
            return
        try:
            fd = os.open(self.flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os._exit(1)


def _register(client, plugin):
    register = getattr(client, "register_plugin", None) or client.register_worker_plugin
    register(plugin, name=plugin.name)


def _pids(client) -> set[int]:
    return set(client.run(os.getpid).values())


# Runs after the tests above on the module's cluster (they expect its two first workers); the
# plugin stays registered but does nothing once its flag file exists.
def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(corpus, cluster, tmp_path):
    with open_cluster(cluster.scheduler_address) as c:
        first = _pids(c.client)
        flag = tmp_path / "died-folder"
        _register(c.client, DieOnce(str(flag)))
        summary = clean_folder(corpus["src"], tmp_path / "out", executor=c.executor, jobs=c.threads)
        assert flag.exists() and int(flag.read_text()) in first  # a worker really died mid-run
        flag2 = tmp_path / "died-jsonl"
        _register(c.client, DieOnce(str(flag2)))  # a fresh plugin: counts restart on every worker
        write_jsonl(repair_stream(iter_jsonl(corpus["jsonl"]), executor=c.executor, jobs=c.threads, batch=2),
                    tmp_path / "out.jsonl")
        assert flag2.exists()  # a second worker died, in the JSON Lines run
    # The scheduler ran the dead worker's tasks again: every input once, outputs as a local run.
    report = [json.loads(line) for line in (tmp_path / "out" / "report.jsonl").open(encoding="utf-8")]
    assert sorted(r["path"] for r in report) == sorted(d["path"] for d in CASES["documents"])
    assert summary.files == len(CASES["documents"]) and summary.errors == 1
    assert tree(tmp_path / "out") == tree(corpus["local"])
    assert (tmp_path / "out.jsonl").read_bytes() == corpus["local_jsonl"].read_bytes()


def test_an_input_that_kills_every_worker_becomes_its_error_entry(corpus, cluster, tmp_path):
    # With no retries allowed, the task a worker died on fails with KilledWorker: the run reports
    # that input (and whatever else that worker held) as failed and repairs all the rest.
    cluster.scheduler.allowed_failures = 0  # the scheduler runs in this process (LocalCluster)
    try:
        with open_cluster(cluster.scheduler_address) as c:
            _register(c.client, DieOnce(str(tmp_path / "died")))
            summary = clean_folder(corpus["src"], tmp_path / "out", executor=c.executor, jobs=c.threads)
    finally:
        cluster.scheduler.allowed_failures = 3
    report = [json.loads(line) for line in (tmp_path / "out" / "report.jsonl").open(encoding="utf-8")]
    assert [r["path"] for r in report] == [json.loads(line)["path"] for line in
                                           (corpus["local"] / "report.jsonl").open(encoding="utf-8")]
    lost = [r for r in report if "workers repairing it died" in r.get("error", "")]
    bad = {d["path"] for d in CASES["documents"] if d.get("error")}
    assert lost and summary.errors == len(bad | {r["path"] for r in lost})
    local = tree(corpus["local"])
    for r in report:
        if r["status"] == "ok":
            assert (tmp_path / "out" / r["path"]).read_bytes() == local[r["path"]]
    for r in lost:
        assert r["sha256"] and not (tmp_path / "out" / r["path"]).exists()


def test_a_lost_scheduler_ends_the_run_and_resume_finishes_it(corpus, tmp_path, monkeypatch):
    # The scheduler goes away mid-run: once the client stops reconnecting (after CONNECT_TIMEOUT),
    # the run ends with a ClusterError (the CLI's exit 2) instead of waiting forever; what it wrote
    # is complete, and a local --resume finishes it with the local run's outputs and report.
    import threading
    import time

    import textrepair.run.cluster

    monkeypatch.setattr(textrepair.run.cluster, "CONNECT_TIMEOUT", 2.0)
    src = tmp_path / "src"
    for i in range(8):  # 96 inputs: the run is still going when the scheduler goes
        for doc in CASES["documents"]:
            p = src / f"{i}" / doc["path"]
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(doc["text"], encoding="utf-8")
    out = tmp_path / "out"
    lc = new_cluster()

    def close_after_some_outputs() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            report = out / "report.jsonl"
            if report.exists() and report.read_bytes().count(b"\n") >= 3:
                break
            time.sleep(0.02)
        lc.close()

    closer = threading.Thread(target=close_after_some_outputs)
    try:
        with open_cluster(lc.scheduler_address) as c:
            closer.start()
            with pytest.raises(ClusterError, match="lost the Dask scheduler"):
                clean_folder(src, out, executor=c.executor, jobs=c.threads)
    finally:
        closer.join()
        lc.close()
    lines = (out / "report.jsonl").read_bytes().splitlines()
    assert 3 <= len(lines) < 96
    for entry in map(json.loads, lines):  # complete lines; every ok entry has its output
        assert entry["status"] == "error" or (out / entry["path"]).is_file()
    summary = clean_folder(src, out, resume=True)
    assert summary.resumed >= 2
    clean_folder(src, tmp_path / "local")
    assert tree(out) == tree(tmp_path / "local")
