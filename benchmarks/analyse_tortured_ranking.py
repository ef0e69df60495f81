"""Tortured phrases: where the reached-but-not-restored rows go, on a split's fit part out of fold.

    python benchmarks/analyse_tortured_ranking.py --split row --cache /tmp/tr     # score once, then bucket
    python benchmarks/analyse_tortured_ranking.py --split term --cache /tmp/tr
    python benchmarks/analyse_tortured_ranking.py --split row --cache /tmp/trs --spun-evidence

For a split of ``bench_tortured.py`` (same seeds), the fit part is cut into its 3 inner folds (by
expected term); each fold's rows are scored in the standard sentence with a word table learned on
the other two (the report part stays unseen). Per row it keeps whether the expected term is among
the candidates at all (reach), its place in the pre-ranking (the best TOP_K are scored), and the
scored candidates' features. The conditional logit and the threshold are then fitted on two folds'
candidates and applied to the third (nested), and every tortured row lands in one bucket:

- ``restored``: the expected term ranks first and its confidence reaches the threshold;
- ``below gate``: it ranks first, below the threshold;
- ``ranked below``: another candidate ranks above it (split by whether that one passes the gate);
- ``pruned``: reached, but cut by the pre-ranking before the features (not in the best TOP_K);
- ``not reached``: not among the candidates.

Prints the buckets (all rows, and rows in >= 10 papers) and examples of the ranked-below rows.

``--sentences`` also decodes each fit row's standard sentence as the finder does (the same inner
folds; constants fitted on all of the fit part's candidates, the threshold raised by the finder's
genuine damage as bench_tortured.py does) and classes every changed sentence: ``exact``,
``partial`` (every word written is a word of the expected term), ``whole phrase, wrong`` (one
applied finding covers the whole phrase), ``inside the phrase`` (findings cover part of it only),
``outside`` (a finding outside the phrase).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_tortured as B  # noqa: E402
from bench_tortured import T  # noqa: E402


def score_rows(rows, terms, k: int = 3) -> list[dict]:
    """Per fit row (out of fold): fold, row, reach, pre-rank place of the expected term, and the
    scored candidates (words, substitutions, features) of the tortured and of the genuine phrase."""
    left, right = B._context(B.TEMPLATE)
    out = []
    for n, fold in enumerate(B.folds(rows, k)):
        train = [x for m, f in enumerate(B.folds(rows, k)) if m != n for x in f]
        model = B.make_model(train, terms)
        memo: dict = {}
        plain = model.candidates

        def cached(ws, beam=200, _memo=memo, _plain=plain):
            key = (tuple(ws), beam)
            if key not in _memo:
                _memo[key] = _plain(ws, beam)
            return _memo[key]

        model.candidates = cached  # type: ignore[method-assign]  # scored() reuses the list
        for t, e, papers in fold:
            tw, ew = tuple(T.words_of(t)), tuple(T.words_of(e))
            cands = model.candidates(tw)
            reach = any(B.same(c.words, ew) for c in cands)
            sc = model.scored(tw, left, right)
            sg = model.scored(ew, left, right)
            out.append({
                "fold": n, "spun": t, "expected": e, "papers": papers, "reach": reach,
                "tort": [(c.words, c.subs, f, int(B.same(c.words, ew))) for _, c, f in sc],
                "gen": [(c.words, c.subs, f, 0) for _, c, f in sg],
            })
            memo.clear()
    return out


def groups_of(recs, feats=None):
    """bench_tortured's groups (is_tortured, expected words, [(features, label)]) of ``recs``;
    ``feats(rec, cand)`` may replace the feature vector."""
    g = []
    for r in recs:
        ew = tuple(T.words_of(r["expected"]))
        for key, is_t in (("tort", True), ("gen", False)):
            g.append((is_t, ew, [((feats(r, c) if feats else c[2]), c[3]) for c in r[key]]))
    return g


def buckets(recs, k: int = 3, feats=None, verbose: bool = True):
    """Nested: constants fitted on k-1 folds' candidates, applied to the held-out fold."""
    per_row = []
    for n in range(k):
        train = [r for r in recs if r["fold"] != n]
        test = [r for r in recs if r["fold"] == n]
        tg = groups_of(train, feats)
        intercept, weights = B.fit_choice(tg)
        th = B.choose_threshold(tg, intercept, weights)[0]
        for r in test:
            ex = groups_of([r], feats)[0][2]
            ps = T.choice_probabilities([intercept + sum(a * b for a, b in zip(weights, f)) for f, _ in ex])
            gex = groups_of([r], feats)[1][2]
            gps = T.choice_probabilities([intercept + sum(a * b for a, b in zip(weights, f)) for f, _ in gex])
            order = sorted(range(len(ps)), key=lambda i: -ps[i])
            best = order[0] if order else None
            good = [i for i in order if ex[i][1]]
            if not r["reach"]:
                b = "not reached"
            elif not good:
                b = "pruned"
            elif good[0] == best:
                b = "restored" if ps[best] >= th else "below gate"
            else:
                b = "ranked below, other passes" if ps[best] >= th else "ranked below, none passes"
            per_row.append((r, b, ps[best] if best is not None else 0.0,
                            ps[good[0]] if good else 0.0,
                            r["tort"][best][0] if best is not None else (), th,
                            max(gps, default=0.0) >= th))
    return per_row


def show(per_row, title: str, min_papers: int = 0) -> None:
    sel = [x for x in per_row if x[0]["papers"] >= min_papers]
    c = Counter(b for _, b, *_ in sel)
    changed = sum(1 for _, b, pb, *_ in sel if b in ("restored", "ranked below, other passes")
                  or (b in ("not reached", "pruned") and pb >= _[-2]))
    gen = sum(1 for x in sel if x[-1])
    print(f"{title}: {len(sel)} rows; " + ", ".join(f"{k} {v}" for k, v in c.most_common())
          + f"; phrase precision {c['restored'] / max(1, changed):.3f}, genuine changed {gen}")


def sentence_buckets(rows, terms, recs, k: int = 3) -> None:
    """Print the finder's outcome classes on the fit part's standard sentences (out of fold)."""
    from textrepair.core.edits import apply_edits

    intercept, weights = B.fit_choice(groups_of(recs))
    th = B.choose_threshold(groups_of(recs), intercept, weights)[0]
    _, gen = B.sentence_outcomes(rows, terms, intercept, weights)
    th = B.damage_floor(gen, th)
    phrase = {(r["spun"], r["expected"]): r for r in recs}
    out: Counter = Counter()
    freq: Counter = Counter()
    for n, fold in enumerate(B.folds(rows, k)):
        train = [x for m, f in enumerate(B.folds(rows, k)) if m != n for x in f]
        model = B.make_model(train, terms, weights=weights, intercept=intercept, min_confidence=th)
        for t, e, papers in fold:
            src = B.TEMPLATE.format(t)
            lo = src.index(t)
            hi = lo + len(t)
            fs = T.find_tortured(src, model=model)
            res = apply_edits(src, T.tortured_edits(src, fs))
            r = phrase.get((t, e))
            reach = "reached" if r and r["reach"] else "not reached"
            if res == src:
                b = "unchanged"
            elif B._norm(res) == B._norm(B.TEMPLATE.format(e)):
                b = "exact"
            elif B._toward(src, res, B.TEMPLATE.format(e)):
                b = "partial"
            elif any(f.start < lo or f.end > hi for f in fs):
                b = "outside"
            elif any(f.start == lo and f.end == hi for f in fs):
                b = "whole phrase, wrong"
            else:
                b = "inside the phrase"
            out[(b, reach)] += 1
            if papers >= B.FREQUENT_PAPERS:
                freq[(b, reach)] += 1
    print(f"sentences at threshold {th:.2f} (fit part, out of fold):")
    for (b, reach), v in sorted(out.items()):
        print(f"  {b:<22} {reach:<12} {v:>5}  (rows in >= {B.FREQUENT_PAPERS} papers: {freq[(b, reach)]})")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--split", default="row", choices=("row", "term"))
    ap.add_argument("--cache", default=None, metavar="PREFIX")
    ap.add_argument("--examples", type=int, default=0)
    ap.add_argument("--sentences", action="store_true", help="also class the finder's sentence outcomes")
    ap.add_argument("--spun-evidence", action="store_true",
                    help="ScienceModel(spun_evidence=True) (measured, off by default; use its own --cache)")
    args = ap.parse_args(argv)
    if not B.PAIRS.is_file():
        print(f"skipped: {B.PAIRS} not found")
        return 0
    if args.spun_evidence:
        B.MODEL_OPTIONS["spun_evidence"] = True
    path = Path(f"{args.cache}.{args.split}") if args.cache else None
    fit_rows, _ = B.split(B.read_rows(), args.split)
    recs = B.cached(path, lambda: score_rows(fit_rows, T.packaged_terms()))
    per_row = buckets(recs)
    show(per_row, f"{args.split} fit part, out of fold")
    show(per_row, f"{args.split} fit part, rows in >= {B.FREQUENT_PAPERS} papers", B.FREQUENT_PAPERS)
    for r, b, pb, pg, bw, th, _ in per_row[: 10 ** 6]:
        if args.examples and b.startswith("ranked below") and r["papers"] >= B.FREQUENT_PAPERS:
            print(f"  {r['spun']!r} -> {' '.join(bw)!r} {pb:.2f} (expected {r['expected']!r} {pg:.2f})")
    if args.sentences:
        sentence_buckets(fit_rows, T.packaged_terms(), recs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
