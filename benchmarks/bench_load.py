"""First-load time of the packaged data: what a user pays the first time each table is needed.

Each loader runs in a fresh child process (``python -c``), after ``import textrepair``, and the
child times the load alone with ``time.perf_counter``; the best of ``--repeat`` runs is printed
against the budget (well under 2 s per table, the first-load budget of the tables' issue). This
used to be a timed test (``tests/test_tables.py``); timings belong here, where a busy machine
makes a figure noisy instead of a build red.

    python benchmarks/bench_load.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

#: name -> the statement that loads it (each is cached by its loader: later calls cost nothing).
LOADERS = {
    "spinner-news table": "from textrepair.lexical.tables import load_table; load_table('spinner-news')",
    "names-news table": "from textrepair.lexical.tables import load_table; load_table('names-news')",
    "tortured-words table": "from textrepair.lexical.tables import load_table; load_table('tortured-words')",
    "inverse thesaurus": "from textrepair.lexical import thesaurus; thesaurus._load()",
    "3-gram language model": "from textrepair.lexical import lm; lm.model()",
}
BUDGET_S = 2.0

CHILD = """
import time, textrepair
t = time.perf_counter()
{stmt}
print(time.perf_counter() - t)
"""


def first_load(stmt: str) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD.format(stmt=stmt)], capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    print(f"| data | first load, best of {args.repeat} | budget |")
    print("|---|---:|---:|")
    for name, stmt in LOADERS.items():
        best = min(first_load(stmt) for _ in range(args.repeat))
        mark = "ok" if best < BUDGET_S else "OVER"
        print(f"| {name} | {best * 1000:.0f} ms | {BUDGET_S:.0f} s ({mark}) |")


if __name__ == "__main__":
    main()
