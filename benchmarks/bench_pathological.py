"""Pathological text against every stage: time per case and MB/s, to show no regular expression backtracks catastrophically.

Each case is a generated string of --size characters (default 1 MB) built to provoke regular
expression backtracking or quadratic work: long runs of spaces and punctuation, repeated words,
one-character lines, runs of blank CRLF lines, "a-a-a-...", 100,000 nested brackets, unclosed
HTML comments and tags, long tokens of initials ("U.S.U.S..."), mojibake on one long line, ...
It runs in a fresh process with a time limit (--timeout, default 120 s), which times:

- ``parse``: ``parse_document`` (front matter, paragraphs, article segments and titles);
- each fixer on its own (``remove_markup``, ``fix_mojibake``, ``remove_invisible``, ``remove_debris``);
- ``segment``: ``split_sentences`` and ``split_words`` over the body;
- ``full``: ``repair_bounded`` with the default config (restoration on; large bodies in pieces);

and prints seconds per stage, MB/s for the full repair, the worker's peak RSS, and ``x4``: the
full-repair time at --size divided by 4x the time at --size/4 (about 1 for linear work; ~4 would
mean quadratic). A case that hits the time limit prints TIMEOUT. --large adds a 20 MB single
line of prose. Nothing here is a test: figures depend on the machine (see the README).

    python benchmarks/bench_pathological.py [--size 1000000] [--case NAME ...] [--large] [--no-scaling]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PROSE = ("The council said on Tuesday that the new bridge would open in May, according to a "
         "statement. Residents welcomed the news. ")
# The 20 MB line: prose with damage for every fixer and a spinner phrase for restoration, once
# every ten sentences (so the edits stay far below the default --max-edits).
DAMAGED = ("Donâ€™t expect the cafÃ© &amp; bar on the quay to open <b>before</b> June, in line with "
           "the harbour plan (opens in new tab). ")
PROSE_LARGE = PROSE * 5 + DAMAGED


def _rep(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


def _nested(n: int) -> str:
    half = n // 6
    return "(" * half + "[" * half + "{" * half + "}" * half + "]" * half + ")" * half


CASES = {
    "spaces": lambda n: "a" + " " * n + "b",
    "tabs and spaces": lambda n: _rep(" \t", n) + "x",
    "dots": lambda n: "." * n,
    "dot space": lambda n: _rep(". ", n),
    "!? run": lambda n: _rep("!?", n),
    "mixed punctuation": lambda n: _rep(".,;:!?-", n),
    "hyphens": lambda n: "-" * n,
    "ellipses": lambda n: "…" * n,
    "quotes": lambda n: _rep("'\"“”‘’", n),
    "repeated word": lambda n: _rep("the ", n),
    "repeated Word": lambda n: _rep("Word ", n),
    "one-char lines": lambda n: _rep("a\n", n),
    "newlines": lambda n: "x" + "\n" * n + "y",
    "CR lines": lambda n: _rep("a\r", n),
    "blank CRLF lines": lambda n: _rep("\r\n", n) + "x",
    "a-a-a": lambda n: _rep("a-", n) + "a",
    "a'a'a": lambda n: _rep("a'", n) + "s",
    "nested brackets (100k)": lambda n: _nested(max(n, 600_000)),
    "angle brackets": lambda n: "<" * (n // 2) + ">" * (n // 2),
    "long word": lambda n: "a" * n,
    "long word then capital": lambda n: "Hello. " + "a" * n + "A",
    "unclosed tags": lambda n: _rep("<a ", n),
    "tag with many attributes": lambda n: "<a" + _rep(" b=c", n),
    "unclosed attribute": lambda n: '<a href="' + "x" * n,
    "entities": lambda n: _rep("&amp;", n),
    "ampersands": lambda n: "&" * n,
    "&amp;amp;amp;": lambda n: "&" + _rep("amp;", n),
    "unclosed comments": lambda n: _rep("<!--", n),
    "unclosed scripts": lambda n: _rep("<script>", n),
    "credit words": lambda n: "Source: " + _rep("Name ", n),
    "Photo: run": lambda n: _rep("Photo: ", n),
    "(Image credit: run": lambda n: _rep("(Image credit:", n),
    "via run": lambda n: _rep("via ", n),
    "agency slashes": lambda n: _rep("Jane Doe/", n) + "AP",
    "initials token": lambda n: _rep("U.S.", n),
    "initials words": lambda n: _rep("U.S. ", n),
    "Mr. run": lambda n: _rep("Mr. ", n),
    "spintax open": lambda n: _rep("{a|", n),
    "URL-ish": lambda n: "http://" + _rep("a.", n),
    "digits and commas": lambda n: _rep("1,", n),
    "mojibake one line": lambda n: _rep("donâ€™t cafÃ© ", n),
    "zero-width every char": lambda n: _rep("a\u200b", n),
    "combining marks": lambda n: "a" + "\u0301" * n,
    "RTL with marks": lambda n: _rep("שלום \u200f", n),
    "NUL every char": lambda n: _rep("a\x00", n),
    "headline lines": lambda n: _rep("Big News Story About Things Today\n", n),
    "prose one line": lambda n: _rep(PROSE, n),
    "prose paragraphs": lambda n: _rep(PROSE + "\n\n", n),
}
LARGE_CASES = {"damaged prose, one 20 MB line": lambda n: _rep(PROSE_LARGE, 20_000_000)}


def _worker(name: str, size: int) -> dict[str, float]:
    import resource

    from textrepair import RepairConfig, parse_document

    from textrepair.pipeline import FIXERS
    from textrepair.run.bounded import repair_bounded
    from textrepair.text.segment import split_sentences, split_words

    gen = {**CASES, **LARGE_CASES}[name]
    text = gen(size)
    repair_bounded(parse_document("Warm up: load the tables once."), RepairConfig())
    out: dict[str, float] = {"chars": len(text)}

    def timed(key: str, fn) -> object:  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        value = fn()
        out[key] = time.perf_counter() - t
        return value

    doc = timed("parse", lambda: parse_document(text))
    for stage in ("remove_markup", "fix_mojibake", "remove_invisible", "remove_debris"):
        timed(stage, lambda: FIXERS[stage](text))
    timed("segment", lambda: (split_sentences(text, doc.body), split_words(text, doc.body)))
    timed("full", lambda: repair_bounded(doc, RepairConfig(), max_edits=10**9))
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def run_case(name: str, size: int, timeout: float) -> dict[str, float] | None:
    cmd = [sys.executable, __file__, "--worker", name, str(size)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else "failed"}  # type: ignore[dict-item]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--worker"]:
        print(json.dumps(_worker(argv[1], int(argv[2]))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="characters per case (default 1 MB)")
    ap.add_argument("--case", action="append", default=None, help="run only these cases (repeatable)")
    ap.add_argument("--large", action="store_true", help="add a 20 MB single line of prose")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per case and size")
    ap.add_argument("--no-scaling", action="store_true", help="skip the --size/4 run (no x4 column)")
    args = ap.parse_args(argv)
    names = args.case or list(CASES) + (list(LARGE_CASES) if args.large else [])
    cols = ("parse", "remove_markup", "fix_mojibake", "remove_invisible", "remove_debris", "segment", "full")
    short = ("parse", "markup", "mojibake", "invisible", "debris", "segment", "full")
    print(f"{'case':26} {'chars':>10} " + " ".join(f"{c:>9}" for c in short) + f" {'MB/s':>7} {'x4':>5} {'RSS MB':>7}")
    worst = 0.0
    for name in names:
        r = run_case(name, args.size, args.timeout)
        if r is None or "error" in r:
            print(f"{name:26} {'TIMEOUT' if r is None else 'ERROR ' + str(r['error'])}", flush=True)
            worst = float("inf")
            continue
        ratio = ""
        if not args.no_scaling and name not in LARGE_CASES and name != "nested brackets (100k)":
            small = run_case(name, args.size // 4, args.timeout)
            if small and "error" not in small and small["full"] > 0.02:
                ratio = f"{r['full'] / (4 * small['full']):.2f}"
        mbs = r["chars"] / 1e6 / max(r["full"], 1e-9)
        worst = max(worst, r["full"] / max(r["chars"] / 1e6, 1e-9))
        print(f"{name:26} {int(r['chars']):>10,} " + " ".join(f"{r[c]:>9.3f}" for c in cols)
              + f" {mbs:>7.2f} {ratio:>5} {r['maxrss_mb']:>7.0f}", flush=True)
    print(f"slowest full repair: {worst:.2f} s per million characters")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
