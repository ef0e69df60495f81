"""Repair a JSON Lines file or a folder with Spark: the spark-submit recipe of docs/cluster.md.

    spark-submit --master 'local[2]' examples/spark_clean.py articles.jsonl repaired/ --text-field body
    spark-submit --master spark://HOST:7077 examples/spark_clean.py pages/ clean/

JSON Lines (a file or a glob, on any file system Spark reads): each line becomes one line of
``OUT/part-*`` (in input order), the record ``textrepair clean --jsonl`` writes for it, line
numbers counted in the whole input; the work is ``textrepair.run.dist.repair_numbered_jsonl_partition``
on the executors, nothing passes through the driver.

A folder: the run of ``textrepair clean SRC -o OUT`` (outputs, ``OUT/report.jsonl``, ``--resume``),
the driver reading the files and writing OUT, the executors repairing
(``textrepair.run.spark.SparkExecutor``).

Exit status as the CLI's: 0 all inputs repaired, 1 some failed (see the records or the report).
The executors need textrepair installed (``pip install textrepair`` on every node, or
``--py-files``/an archive of the environment) and, for Spark 4, Java 17+.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path
from typing import Any

from textrepair import RepairConfig
from textrepair.run.dist import repair_numbered_jsonl_partition


def _dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


def _failed(record: dict[str, Any]) -> bool:
    return record["textrepair"]["status"] != "ok"


def clean_jsonl(sc: Any, src: str, out: str, config: RepairConfig | None = None, *, text_field: str = "text",
                output_field: str | None = None, partitions: int | None = None) -> int:
    """Repair every line of ``src`` into the text files of folder ``out``; returns how many failed."""
    lines = sc.textFile(src, minPartitions=partitions or sc.defaultParallelism)
    records = lines.zipWithIndex().mapPartitions(partial(
        repair_numbered_jsonl_partition, config=config, text_field=text_field, output_field=output_field))
    records = records.cache()  # written, then counted, without repairing twice
    records.map(_dumps).saveAsTextFile(out)
    failed = records.filter(_failed).count()
    records.unpersist()
    return failed


def clean_folder_on_spark(sc: Any, src: str, out: str, config: RepairConfig | None = None, *,
                          resume: bool = False, pattern: str | None = None) -> int:
    """``textrepair clean SRC -o OUT`` with Spark executors repairing; returns how many inputs failed.
    ``pattern``: as ``--glob`` (None, the CLI's default, takes text files by name)."""
    from textrepair.run.folder import clean_folder
    from textrepair.run.spark import SparkExecutor

    with SparkExecutor(sc) as executor:
        summary = clean_folder(Path(src), Path(out), config=config, executor=executor,
                               jobs=sc.defaultParallelism, resume=resume, pattern=pattern)
    return summary.errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("src", help="a JSON Lines file (or glob), or a folder")
    ap.add_argument("out", help="output folder (must not exist for JSON Lines: Spark creates it)")
    ap.add_argument("--text-field", default="text")
    ap.add_argument("--output-field", default=None)
    ap.add_argument("--no-restore", action="store_true")
    ap.add_argument("--resume", action="store_true", help="folders: continue an interrupted run")
    ap.add_argument("--glob", default=None, help="folders: file-name pattern (default: text files, as clean)")
    ap.add_argument("--partitions", type=int, default=None)
    args = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("textrepair clean").getOrCreate()
    config = RepairConfig(restore=not args.no_restore)
    try:
        if Path(args.src).is_dir():
            failed = clean_folder_on_spark(spark.sparkContext, args.src, args.out, config, resume=args.resume,
                                           pattern=args.glob)
        else:
            failed = clean_jsonl(spark.sparkContext, args.src, args.out, config, text_field=args.text_field,
                                 output_field=args.output_field, partitions=args.partitions)
    finally:
        spark.stop()
    print(f"textrepair: {failed} input(s) failed" if failed else "textrepair: all inputs repaired", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
