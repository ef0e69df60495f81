"""Tortured phrases: how partial restorations arise, out of fold on the fit part of a split.

    python benchmarks/analyse_tortured_windows.py --cache /tmp/tt [--split term]

Fits the constants on the fit part of the split as ``bench_tortured.py`` does (same cache files),
then scores each fit row's standard sentence with a word table learned on the other two inner folds
(so the row's own substitutions are unseen) and keeps every scored window, before the whole-phrase
factor (``ScienceModel(whole_phrase=False)``). Prints how the changed rows break down (exact,
partial, other), how each partial restoration arose (which adjacent word of the phrase was left, and
what the window of the restored words plus that word proposed), and the decisions with the
whole-phrase factor (:func:`textrepair.spin.tortured._whole_phrase`) at several thresholds, from the
kept windows (no rescoring). Only the fit part is read: the report part stays held out.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_tortured as B  # noqa: E402
from bench_tortured import T  # noqa: E402


def oof_windows(fit_rows, terms, intercept, weights, th, k: int = 3):
    """Per fit row: (tortured, expected, sentence, raw windows, per chunk the words the table knows as spun), each scored by an inner-fold model."""
    out = []
    fs = B.folds(fit_rows, k)
    for n in range(k):
        train = [x for m, f in enumerate(fs) if m != n for x in f]
        model = B.make_model(train, terms, weights=weights, intercept=intercept, min_confidence=th,
                             whole_phrase=False)
        for t, e, _ in fs[n]:
            src = B.TEMPLATE.format(t)
            spun = [model.evidence([t.norm for t in c]) for c in T._chunks(src)]
            out.append((t, e, src, model.windows(src), spun))
    return out


def outcome(src: str, findings, expected: str) -> str:
    out = B.apply_edits(src, T.tortured_edits(src, findings))
    if out == src:
        return "unchanged"
    if B._norm(out) == B._norm(B.TEMPLATE.format(expected)):
        return "exact"
    if B._toward(src, out, B.TEMPLATE.format(expected)):
        return "partial"
    return "other"


def whole(src: str, wins, spun):
    """The windows with their spun neighbours (the whole-phrase rule), chunk by chunk."""
    chunks = [[t.norm for t in c] for c in T._chunks(src)]
    out = []
    for ci, ws in enumerate(chunks):
        out.extend(T._whole_phrase([w for w in wins if w.chunk == ci], ws, spun[ci]))
    return out


def mechanism(src: str, n_words: int, wins, found, th: float, expected: str) -> list[str]:
    """How a partial restoration arose: per applied window, the side of the phrase's word it left
    (the template's own words do not count) and what the window of the restored words plus that word
    proposed."""
    slot = B.TEMPLATE.index("{}")
    chunk = next(n for n, c in enumerate(T._chunks(src)) if c[0].start == slot)
    notes = []
    by_span = {(w.chunk, w.i, w.j): w for w in wins}
    for f in found:
        w = next(w for w in wins if (w.finding.start, w.finding.end, w.finding.proposed) == (f.start, f.end, f.proposed)
                 and abs(w.finding.confidence - f.confidence) < 1e-12)
        for k, side in ((w.first - 1, "left"), (w.end, "right")):
            if w.chunk != chunk or not 0 <= k < n_words:
                continue
            v = by_span.get((w.chunk, min(w.first, k), max(w.end, k + 1)))
            if v is None:
                if any(x.chunk == w.chunk and x.i <= k < x.j for x in wins):
                    notes.append(f"{side}: no window of the restored words + the word (a grammar word or no evidence)")
                continue
            q = v.mass.get(k, 0.0)
            covers = v.first <= k < v.end
            if covers and v.finding.confidence >= th:
                kind = "their window substitutes it confidently but lost"
            elif covers and outcome(src, [v.finding], expected) == "exact":
                kind = "their window proposes the exact term, below the threshold"
            elif covers:
                kind = "their window's best substitutes it with another rewrite, below the threshold"
            else:
                kind = "their window's best keeps it"
            bucket = "q >= 0.5" if q >= 0.5 else "0.15 <= q < 0.5" if q >= 0.15 else "0 < q < 0.15" if q > 0 else "q = 0"
            notes.append(f"{side}: {kind}; substitution mass {bucket}")
    return notes


def decisions(data, th: float, use_whole: bool) -> Counter:
    tally: Counter[str] = Counter()
    for t, e, src, wins, spun in data:
        ws = whole(src, wins, spun) if use_whole else wins
        tally[outcome(src, T.decode(ws, th, th), e)] += 1
    return tally


def line(tally: Counter, n: int) -> str:
    ch = tally["exact"] + tally["partial"] + tally["other"]
    return (f"top-1 {tally['exact'] / n:.3f}  precision {tally['exact'] / max(1, ch):.3f}  "
            f"({ch} changed: {tally['partial']} partial, {tally['other']} other)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cache", required=True, metavar="PREFIX")
    ap.add_argument("--split", default="term")
    args = ap.parse_args(argv)
    terms = T.packaged_terms()
    rows = B.read_rows()
    fit_rows, _ = B.split(rows, args.split)
    intercept, weights, th = B.fit(fit_rows, terms, verbose=True, cache=Path(f"{args.cache}.{args.split}"))
    data = B.cached(Path(f"{args.cache}.{args.split}.windows"),
                    lambda: oof_windows(fit_rows, terms, intercept, weights, th))
    n = len(data)
    print(f"split by {args.split}: {n} fit rows scored out of fold; threshold {th:.2f}")
    tally: Counter[str] = Counter()
    mech: Counter[str] = Counter()
    restored_len: Counter[str] = Counter()
    for t, e, src, wins, _ in data:
        found = T.decode(wins, th, th)
        kind = outcome(src, found, e)
        tally[kind] += 1
        if kind != "partial":
            continue
        n_t, n_e = len(T.words_of(t)), len(T.words_of(e))
        restored_len[f"{n_t}-word tortured phrase, {n_e}-word term"] += 1
        notes = mechanism(src, n_t, wins, found, th, e)
        mech["rows: a word of the phrase left next to a restored window"] += bool(notes)
        for note in notes:
            mech[note] += 1
    print(f"without the whole-phrase factor, at {th:.2f}: {dict(tally)}; {line(tally, n)}")
    print("partial rows by phrase length:")
    for k, v in restored_len.most_common():
        print(f"  {v:>4}  {k}")
    print("adjacent words left by a partial restoration (a row can leave one on each side):")
    for k, v in mech.most_common():
        print(f"  {v:>4}  {k}")
    print("decisions on the fit part (out of fold), before -> with the whole-phrase factor:")
    for x in sorted({0.6, 0.7, 0.8, th, 0.85, 0.9}):
        print(f"  threshold {x:.2f}:  {line(decisions(data, x, False), n)}  ->  {line(decisions(data, x, True), n)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
