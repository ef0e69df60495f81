"""Score ``textrepair mine`` (``learn.mine_table``) against the substitutions aligned pairs reveal.

Usage (from the repo root)::

    python benchmarks/bench_mine.py            # the 9 corpus/dict spun texts: include_known off, on,
                                               # and the spinner table withheld (table=None)
    python benchmarks/bench_mine.py --seed     # the same plus the seed's spun body (../shared/seeds/001_*)
    python benchmarks/bench_mine.py --all      # list every proposed row with its verdict
    python benchmarks/bench_mine.py --min-articles 2   # rows must recur in 2 independent articles

Ground truth: ``learn.aligned_substitutions`` over the same corpus/dict pairs (original + spun),
each pair reduced also to its changed core ("in the" -> "within the" gives in -> within). A mined row
(observed, original) is **correct** when that pair, case-folded, occurs among the aligned
substitutions, word by word allowing lemma equality (``lexicon.lemmas``, which reads inflections
through ``textrepair.lexical.inflect``: "exhibits -> shows" matches "exhibit -> show"). **Plausible**: the
row's original is among the packaged spinner table's originals for the observed form
(``lexicon.table_candidates``). **Recall** is against the aligned pairs whose observed form recurs in
at least 2 texts (what ``mine_table`` with ``min_texts=2`` could find), for ``include_known`` off
only against those the packaged table lacks. With the table withheld the miner works from the synonym
graph and the language model alone, as for a spinner nothing is known about: the honest figure for
a new spinner, since the packaged table was curated from these very pairs. The seed has no aligned original, so with ``--seed`` its
rows are judged by the dict ground truth (a miss there is not proof of a wrong row).

Reads ../shared at run time; prints figures only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.lexical import lexicon  # noqa: E402
from textrepair.text.document import parse_document  # noqa: E402
from textrepair.spin.learn import _changed_part, aligned_substitutions, mine_table  # noqa: E402

SHARED = ROOT.parent / "shared"
DICT = SHARED / "corpus" / "dict"


def load_dict_pairs() -> list[tuple[str, str, str]]:
    """(name, original, spun) for every corpus/dict pair."""
    out = []
    for d in sorted(DICT.iterdir()):
        if (d / "original.txt").is_file() and (d / "spun.txt").is_file():
            out.append((d.name, (d / "original.txt").read_text(encoding="utf-8"),
                        (d / "spun.txt").read_text(encoding="utf-8")))
    return out


def ground_truth(pairs: list[tuple[str, str, str]]) -> dict[tuple[str, str], set[str]]:
    """(spun, original) lowercase -> names of the dict texts where alignment found it."""
    truth: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, original, spun in pairs:
        found, _ = aligned_substitutions(spun, original)
        for s, o in found:
            o_w, s_w = tuple(o.lower().split()), tuple(s.lower().split())
            truth[(" ".join(s_w), " ".join(o_w))].add(name)
            core_s, core_o = _changed_part(s_w, o_w)
            if core_s and core_o:
                truth[(" ".join(core_s), " ".join(core_o))].add(name)
    return truth


@cache
def _lemma_set(word: str) -> frozenset[str]:
    return frozenset(lexicon.lemmas(word)) | {word}


def _same(a: str, b: str) -> bool:
    """Word by word equal or sharing a lemma."""
    aw, bw = a.split(), b.split()
    return len(aw) == len(bw) and all(x == y or _lemma_set(x) & _lemma_set(y) for x, y in zip(aw, bw))


def is_correct(obs: str, orig: str, truth: dict[tuple[str, str], set[str]]) -> bool:
    """Aligned as a whole, or (equal word counts) each changed word aligned on its own, as
    alignment splits equal-length stretches ("nonetheless loads" -> "still plenty")."""
    if (obs, orig) in truth or any(_same(obs, t_obs) and _same(orig, t_orig) for t_obs, t_orig in truth):
        return True
    ow, xw = obs.split(), orig.split()
    return len(ow) > 1 and len(ow) == len(xw) and all(
        a == b or is_correct(a, b, truth) for a, b in zip(ow, xw))


def is_plausible(obs: str, orig: str) -> bool:
    if any(_same(orig, e.original.lower()) for e in lexicon.table_candidates(obs)):
        return True
    ow, xw = obs.split(), orig.split()
    return len(ow) > 1 and len(ow) == len(xw) and all(a == b or is_plausible(a, b) for a, b in zip(ow, xw))


def in_table(obs: str, orig: str) -> bool:
    return any(e.original.lower() == orig for e in lexicon.table_candidates(obs))


def run(texts: list[str], truth: dict[tuple[str, str], set[str]], *, include_known: bool,
        label: str, show_all: bool, withhold_table: bool = False, min_articles: int = 1) -> None:
    t0 = time.perf_counter()
    if withhold_table:
        table = mine_table(texts, include_known=True, table=None, min_articles=min_articles)
    else:
        table = mine_table(texts, include_known=include_known, min_articles=min_articles)
    secs = time.perf_counter() - t0
    rows = [(e.spun.lower(), e.original.lower(), e.weight, e.source) for e in table.entries]
    verdicts = [(r, is_correct(r[0], r[1], truth), is_plausible(r[0], r[1])) for r in rows]
    n = len(rows)
    good = sum(c for _, c, _ in verdicts)
    plaus = sum(p for _, _, p in verdicts)
    good_or_plaus = sum(c or p for _, c, p in verdicts)
    recurring = {k for k, names in truth.items() if len(names) >= 2}
    if not include_known and not withhold_table:
        recurring = {k for k in recurring if not in_table(*k)}
    found = {k for k in recurring if any(c and _same(r[0], k[0]) and _same(r[1], k[1])
                                         for r, c, _ in verdicts)}
    prec = good / n if n else float("nan")
    rec = len(found) / len(recurring) if recurring else float("nan")
    mode = "spinner table withheld (table=None)" if withhold_table else \
        f"include_known={'on' if include_known else 'off'}"
    if min_articles > 1:
        mode += f", min_articles={min_articles}"
    print(f"\n## {label}, {mode}  ({secs:.1f} s)")
    print("| rows | correct | precision | correct or plausible | plausible | recall (recurring pairs) |")
    print("|---|---|---|---|---|---|")
    print(f"| {n} | {good} | {prec:.2f} | {good_or_plaus} | {plaus} | {len(found)}/{len(recurring)} = {rec:.2f} |")
    wrong = sorted((r for r, c, p in verdicts if not c and not p), key=lambda r: -r[2])
    if wrong:
        print("top wrong rows (neither aligned nor in the table):")
        for obs, orig, w, src in wrong[:15]:
            print(f"  {obs} -> {orig}  (w {w}; {src})")
    if show_all:
        print("all rows:")
        for (obs, orig, w, src), c, p in verdicts:
            mark = "OK " if c else "pl " if p else "-- "
            print(f"  {mark}{obs} -> {orig}  (w {w}; {src})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", action="store_true", help="also mine the seed's spun body")
    ap.add_argument("--all", action="store_true", help="list every row with its verdict")
    ap.add_argument("--min-articles", type=int, default=1, metavar="N",
                    help="mine_table(min_articles=N): rows must read best in N independent articles")
    args = ap.parse_args(argv)
    if not DICT.is_dir():
        print(f"{DICT} not found", file=sys.stderr)
        return 1
    pairs = load_dict_pairs()
    truth = ground_truth(pairs)
    texts = [spun for _, _, spun in pairs]
    n_rec = sum(len(v) >= 2 for v in truth.values())
    print(f"corpus/dict: {len(pairs)} spun texts, {sum(len(t.split()) for t in texts)} words; "
          f"ground truth {len(truth)} aligned (observed, original) pairs, {n_rec} in >= 2 texts")
    runs = [("corpus/dict", texts)]
    if args.seed:
        seed = next((SHARED / "seeds").glob("001_*"))
        runs.append(("corpus/dict + seed 001", [*texts, parse_document(seed.read_text(encoding="utf-8")).body_text]))
    for label, mined in runs:
        for known in (False, True):
            run(mined, truth, include_known=known, label=label, show_all=args.all, min_articles=args.min_articles)
        run(mined, truth, include_known=True, label=label, show_all=args.all, withhold_table=True,
            min_articles=args.min_articles)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
