"""PySpark in local mode (local[2]): the spark-submit recipe (examples/spark_clean.py) repairs a JSON Lines
file and a folder exactly as a local run does, Python workers load the tables once, and a Python worker
killed mid-partition is retried without losing or duplicating a record.

Needs the spark extra and a Java runtime (.ci/run installs both where it can); skips saying which is missing.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import sys
from functools import partial
from pathlib import Path

import pytest

pytest.importorskip("pyspark", reason="pyspark is not installed (pip install 'textrepair[spark]')")
if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
    pytest.skip("no Java runtime for Spark (apt-get install default-jre-headless)", allow_module_level=True)

from textrepair.run.folder import clean_folder  # noqa: E402
from textrepair.run.dist import partition_stats, repair_numbered_jsonl_partition  # noqa: E402
from textrepair.run.stream import iter_jsonl, repair_stream, write_jsonl  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from test_cluster import CASES, tree, write_corpus  # noqa: E402

sys.path.remove(str(HERE))


def load_recipe():
    """examples/spark_clean.py as a module, pickled by value (Spark's workers cannot import it by name)."""
    from pyspark import cloudpickle

    spec = importlib.util.spec_from_file_location("spark_clean_recipe", HERE.parent / "examples" / "spark_clean.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    cloudpickle.register_pickle_by_value(module)
    return module


@pytest.fixture(scope="module")
def sc():
    from pyspark.sql import SparkSession

    os.environ["PYSPARK_PYTHON"] = sys.executable  # workers run this interpreter (textrepair installed)
    active = SparkSession.getActiveSession()
    if active is not None:  # one a docs example started (local[2], no retries): ours needs local[2, 3]
        active.stop()
    try:
        # local[2, 3]: two task slots, and a failed task is tried up to 3 times (as on a cluster).
        spark = (SparkSession.builder.master("local[2, 3]").appName("textrepair-test")
                 .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                 .config("spark.driver.bindAddress", "127.0.0.1").config("spark.python.worker.reuse", "true")
                 .config("spark.sql.shuffle.partitions", "2").getOrCreate())
    except Exception as err:  # noqa: BLE001 - no JVM here: skip with the reason
        pytest.skip(f"Spark could not start: {type(err).__name__}: {str(err).splitlines()[0][:200]}")
    spark.sparkContext.setLogLevel("ERROR")
    from pyspark import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # _die_once reaches the workers by value
    yield spark.sparkContext
    spark.stop()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("spark")
    src, jsonl = write_corpus(root)
    clean_folder(src, root / "local", pattern=None)  # as `textrepair clean SRC -o OUT`
    write_jsonl(repair_stream(iter_jsonl(jsonl)), root / "local.jsonl")
    return {"root": root, "src": src, "jsonl": jsonl, "local": root / "local", "local_jsonl": root / "local.jsonl"}


def parts(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.glob("part-*")))


def test_recipe_jsonl_equals_clean_jsonl(sc, corpus, tmp_path):
    recipe = load_recipe()
    failed = recipe.clean_jsonl(sc, str(corpus["jsonl"]), str(tmp_path / "out"), partitions=3)
    assert len(list((tmp_path / "out").glob("part-*"))) >= 3  # really split into partitions
    assert parts(tmp_path / "out") == corpus["local_jsonl"].read_bytes()
    assert failed == 3  # bad JSON, no 'text' field, bad front matter


def test_recipe_folder_equals_clean(sc, corpus, tmp_path):
    recipe = load_recipe()
    assert recipe.clean_folder_on_spark(sc, str(corpus["src"]), str(tmp_path / "out")) == 1
    assert tree(tmp_path / "out") == tree(corpus["local"])  # outputs, report.jsonl, run record
    # Interrupted: the report lost its last lines; --resume completes it as a local run would.
    report = tmp_path / "out" / "report.jsonl"
    report.write_bytes(b"".join(report.read_bytes().splitlines(keepends=True)[:6]))
    assert recipe.clean_folder_on_spark(sc, str(corpus["src"]), str(tmp_path / "out"), resume=True) == 1
    assert tree(tmp_path / "out") == tree(corpus["local"])


def test_python_workers_load_the_tables_once(sc, corpus):
    # After the jobs above, 8 more tasks: they run in the two reused Python workers, each of which
    # loaded every cached resource once however many tasks it ran.
    stats = sc.parallelize(range(8), 8).mapPartitions(partition_stats).collect()
    pids = {s["pid"] for s in stats}
    assert 1 <= len(pids) < len(stats)
    for s in stats:
        assert s["warm"] == 1 and s["packaged_tables"] == 1 and s["language_model"] == 1


def _die_once(flag: str, line: int, pairs):
    """Pass (line, index) pairs through; the Python worker that first reaches ``line`` exits."""
    for raw, index in pairs:
        if index + 1 == line:
            try:
                fd = os.open(flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                pass
            else:
                os.close(fd)
                os._exit(1)
        yield raw, index


def test_a_python_worker_killed_mid_partition_is_retried(sc, corpus, tmp_path):
    flag = tmp_path / "died"
    numbered = sc.textFile(str(corpus["jsonl"]), minPartitions=3).zipWithIndex()
    out = (numbered.mapPartitions(partial(_die_once, str(flag), 6))
           .mapPartitions(repair_numbered_jsonl_partition)
           .map(lambda r: json.dumps(r, ensure_ascii=False)).collect())
    assert flag.exists()  # the worker died on line 6; Spark ran the task again
    assert "".join(line + "\n" for line in out).encode() == corpus["local_jsonl"].read_bytes()
    lines = [json.loads(line)["textrepair"].get("line") for line in out]
    assert lines == sorted(set(lines)) and len(lines) == len(CASES["documents"]) + 2  # each once, in order
