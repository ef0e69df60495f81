"""Tortured phrases: the phrase-boundary rule and a sentence-level threshold, on a split's fit part out of fold.

    python benchmarks/analyse_tortured_boundary.py --split row --cache /tmp/tb    # score once, then decode variants

For a split of ``bench_tortured.py`` (same seeds, same cache of out-of-fold candidates), fits the
constants on the fit part as it does, then scores the standard sentence of every fit row and of 500
genuine expected phrases with a word table learned on the other two inner folds (the report part is
never read) and keeps the windows (``PREFIX.<split>.windows``). From the kept windows, with no
rescoring, it decodes each variant of the boundary rule (:func:`textrepair.spin.tortured._boundary`:
off, or on with the constants a variant names) at every threshold and prints:

- the sentence curve (changed, exact, precision, top-1, genuine changed), every fifth threshold;
- the nested sentence-level operating point: on two inner folds, the lowest threshold at which the
  sentences' exact precision reaches ``--target`` with at most MAX_SENTENCE_DAMAGE of genuine
  sentences changed, applied to the third; summed over the three;
- how many of the phrase decisions' "ranked first, below the gate" rows (bucketed nested from the
  same candidates, as analyse_tortured_ranking.py does) come out exact at that operating point.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_tortured as B  # noqa: E402
from bench_tortured import T  # noqa: E402


def fold_windows(rows, terms, intercept, weights, k: int = 3, genuine_n: int = 500, seed: int = 3):
    """[(fold, src, want, is_t, windows)] as bench_tortured.sentence_outcomes scores them (boundary off)."""
    out = []
    fs = B.folds(rows, k)
    for n in range(k):
        train = [x for m, f in enumerate(fs) if m != n for x in f]
        model = B.make_model(train, terms, weights=weights, intercept=intercept, boundary=False)
        expected = sorted({e for _, e, _ in fs[n]})
        B.random.Random(seed + n).shuffle(expected)
        cases = [(B.TEMPLATE.format(t), B.TEMPLATE.format(e), True) for t, e, _ in fs[n]]
        cases += [(B.TEMPLATE.format(e), None, False) for e in expected[: genuine_n // k]]
        for src, want, is_t in cases:
            out.append((n, src, want, is_t, model.windows(src)))
    return out


def with_boundary(cases, models):
    """The cases' windows with the boundary rule applied chunk by chunk (fold models)."""
    out = []
    for n, src, want, is_t, wins in cases:
        chunks = [[t.norm for t in c] for c in T._chunks(src)]
        new = []
        for ci, ws in enumerate(chunks):
            new.extend(T._boundary([w for w in wins if w.chunk == ci], ws, models[n]))
        out.append((n, src, want, is_t, new))
    return out


def outcomes(cases):
    """Per case: (fold, is_t, [(changed, exact) per threshold of B.THRESHOLDS])."""
    res = []
    for n, src, want, is_t, wins in cases:
        row = []
        for th in B.THRESHOLDS:
            out = B.apply_edits(src, T.tortured_edits(src, T.decode(wins, th, th)))
            row.append((out != src, want is not None and B._norm(out) == B._norm(want)))
        res.append((n, is_t, row, src, want))
    return res


def pick(res, target: float) -> float:
    """bench_tortured.sentence_floor on these outcomes."""
    return B.sentence_floor([r for _, t, r, *_ in res if t], [r for _, t, r, *_ in res if not t], target)


def summary(res, name: str, target: float, th_phrase: float, below: set, k: int = 3) -> dict:
    tort = [r for _, t, r, *_ in res if t]
    gen = [r for _, t, r, *_ in res if not t]
    print(f"{name}: curve (fit part, out of fold)")
    for i, th in enumerate(B.THRESHOLDS):
        if i % 5:
            continue
        ch, good = sum(r[i][0] for r in tort), sum(r[i][1] for r in tort)
        print(f"    {th:.2f}: changed {ch}, exact {good} (precision {good / max(1, ch):.3f}, top-1 "
              f"{good / len(tort):.3f}), genuine changed {sum(r[i][0] for r in gen)}/{len(gen)}")
    ch = good = gch = 0
    ths = []
    exact_rows = set()
    for n in range(k):
        th = pick([x for x in res if x[0] != n], target)
        ths.append(th)
        i = B.THRESHOLDS.index(th) if th in B.THRESHOLDS else len(B.THRESHOLDS) - 1
        for m, is_t, r, src, want in res:
            if m != n:
                continue
            if is_t:
                ch += r[i][0]
                good += r[i][1]
                if r[i][1]:
                    exact_rows.add(src)
            else:
                gch += r[i][0]
    print(f"  nested sentence operating point (target {target}): thresholds {ths}; changed {ch}, exact {good} "
          f"(precision {good / max(1, ch):.3f}, top-1 {good / len(tort):.3f}), genuine changed {gch}/{len(gen)}")
    print(f"  of the phrase decisions' below-gate rows, exact there: {len(below & exact_rows)}")
    # bench_tortured.py's own choice: the phrase threshold raised by the finder's genuine damage
    th = B.damage_floor(gen, th_phrase)
    i = B.THRESHOLDS.index(th) if th in B.THRESHOLDS else len(B.THRESHOLDS) - 1
    ch, good = sum(r[i][0] for r in tort), sum(r[i][1] for r in tort)
    ex = {src for _, t, r, src, _ in res if t and r[i][1]}
    print(f"  bench_tortured.py's threshold (phrase {th_phrase:.2f}, damage floor): {th:.2f}; changed {ch}, exact {good} "
          f"(precision {good / max(1, ch):.3f}, top-1 {good / len(tort):.3f}), genuine changed "
          f"{sum(r[i][0] for r in gen)}/{len(gen)}; below-gate rows exact: {len(below & ex)}")
    return {"exact": exact_rows}


def below_gate(rows, groups, k: int = 3) -> set[str]:
    """Sentences of the fit rows whose expected term ranks first among the scored candidates but
    below the phrase threshold, nested (constants fitted on the other inner folds' candidates, as
    analyse_tortured_ranking.py buckets them)."""
    fold_of = [n for n, f in enumerate(B.folds(rows, k)) for _ in f]
    srcs = [B.TEMPLATE.format(t) for f in B.folds(rows, k) for t, _, _ in f]
    out = set()
    for n in range(k):
        train = [g for j, g in enumerate(groups) if fold_of[j // 2] != n]
        intercept, weights = B.fit_choice(train)
        th = B.choose_threshold(train, intercept, weights)[0]
        for j in range(0, len(groups), 2):
            if fold_of[j // 2] != n:
                continue
            ex = groups[j][2]
            ps = T.choice_probabilities([intercept + sum(a * b for a, b in zip(weights, f)) for f, _ in ex])
            if ps:
                best = max(range(len(ps)), key=lambda i: ps[i])
                if ex[best][1] and ps[best] < th:
                    out.add(srcs[j // 2])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="row", choices=("row", "term"))
    ap.add_argument("--cache", required=True, metavar="PREFIX")
    ap.add_argument("--target", type=float, default=0.86)
    ap.add_argument("--variants", default="off,table:0.5:reach3",
                    help="comma-separated: off, or UNIGRAM:Q[:right][:adjacent][:reachN]: BOUNDARY_UNIGRAM ('table': words the table never saw do not look spun), BOUNDARY_Q; also the word after; not across of/and; look through N content words (default 1)")
    args = ap.parse_args(argv)
    if not B.PAIRS.is_file():
        print(f"skipped: {B.PAIRS} not found")
        return 0
    terms = T.packaged_terms()
    fit_rows, _ = B.split(B.read_rows(), args.split)
    groups = B.cached(Path(f"{args.cache}.{args.split}"), lambda: B.oof_examples(fit_rows, terms))
    intercept, weights = B.fit_choice(groups)
    th_phrase = B.choose_threshold(groups, intercept, weights)[0]
    print(f"{args.split}: phrase threshold {th_phrase:.2f}")
    cases = B.cached(Path(f"{args.cache}.{args.split}.windows"),
                     lambda: fold_windows(fit_rows, terms, intercept, weights))
    fs = B.folds(fit_rows)
    models = [B.make_model([x for m, f in enumerate(fs) if m != n for x in f], terms,
                           weights=weights, intercept=intercept) for n in range(3)]
    below = below_gate(fit_rows, groups)
    print(f"  phrase decisions ranked first below the gate (nested, as analyse_tortured_ranking.py): {len(below)}")
    for v in args.variants.split(","):
        if v == "off":
            res = outcomes(cases)
        else:
            u, q, *more = v.split(":")
            T.BOUNDARY_UNIGRAM, T.BOUNDARY_Q = (None if u == "table" else float(u)), float(q)
            T.BOUNDARY_ACROSS = frozenset() if "adjacent" in more else frozenset(("of", "and"))
            T.BOUNDARY_RIGHT = "right" in more
            T.BOUNDARY_REACH = next((int(x[5:]) for x in more if x.startswith("reach")), 1)
            res = outcomes(with_boundary(cases, models))
        summary(res, f"{args.split}, boundary {v}", args.target, th_phrase, below)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
