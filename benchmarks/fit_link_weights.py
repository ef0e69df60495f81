"""Fit the linker's logistic weights (textrepair.link.WEIGHTS / BIAS) on the dev corpus, with cross-validation.

Uses the evaluation set of bench_link_accuracy.py plus the seed body's two articles (the first
copies seed record 000_*, whose excerpt is the aggregator's own summary rather than the lede; the
second copies no record): for every body, the candidates the index returns, labelled 1 for the
body's own record and 0 otherwise. Fits an L2-regularised logistic
regression (projected gradient descent; numpy), prints the weights to paste into
textrepair/link.py, and the top-1 accuracy / false-link rate of leave-one-story-out cross-
validation (each original, with all its spun copies, is scored by a model fit without it),
with the margins: the lowest scores of right records and the highest scores of wrong ones.

``--chance`` instead measures the chance level of the paraphrase similarity: for each excerpt
sentence of randomly drawn unrelated records, its best F-beta against the sentences of a body
for bodies of 1, 3 and 6 corpus texts joined (textrepair.link.paraphrase_chance follows about
the 95th percentile).

Run: python benchmarks/fit_link_weights.py [--chance]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_link_accuracy import SHARED, build, seed_bodies  # noqa: E402

from textrepair.text.document import parse_document  # noqa: E402
from textrepair.link import (FEATURES, RecordIndex, _f_beta, _precision, _recall,  # noqa: E402
                             _restore_title, measure, paraphrase_chance, segment_view, word_weights)
from textrepair.core.types import Segment  # noqa: E402

L2 = 0.0005
#: Per body, the training set keeps the candidates with the largest feature sums (the hard
#: negatives: same-topic and same-story records) plus its own record. Scoring the pairs a linker
#: actually has to decide between keeps the model's probability meaningful at its threshold.
HARD_NEGATIVES = 5
#: Features whose weight may be negative (evidence against a link); the others are kept >= 0.
NEGATIVE_OK = {"date_conflict"}


def collect(records, bodies):
    """Per body: (body, [(record id, feature vector)]) over the index's candidates."""
    index = RecordIndex(records)
    rows = []
    for b in bodies:
        doc = parse_document(b.text)
        sv = segment_view(doc.text, doc.segments[b.segment])
        restored = _restore_title(sv.title_text)
        cands = []
        for i in index.candidates(sv):
            rv = index.view(i)
            f = measure(sv, rv, idf=index.idf_map(rv), restored_title=restored)
            cands.append((rv.record.id, [f.values[k] for k in FEATURES]))
        rows.append((b, cands))
    return rows


def training_pairs(rows, skip=None):
    out = []
    for b, cands in rows:
        if skip is not None and (b.original or b.name) == skip:
            continue
        hard = sorted(cands, key=lambda rx: -sum(rx[1]))[:HARD_NEGATIVES]
        out += [(x, int(rid == b.expected)) for rid, x in hard]
        if b.expected and not any(rid == b.expected for rid, _ in hard):
            out += [(x, 1) for rid, x in cands if rid == b.expected]
    return out


def fit(samples, epochs=6000, lr=2.0):
    """L2-regularised logistic regression by projected gradient descent (weights outside
    NEGATIVE_OK kept >= 0)."""
    x = np.array([v for v, _ in samples], dtype=float)
    y = np.array([t for _, t in samples], dtype=float)
    lower = np.array([-np.inf if k in NEGATIVE_OK else 0.0 for k in FEATURES])
    w = np.zeros(len(FEATURES))
    bias = 0.0
    for _ in range(epochs):
        z = np.clip(x @ w + bias, -30, 30)
        g = 1 / (1 + np.exp(-z)) - y
        w = np.maximum(lower, w - lr * (x.T @ g / len(y) + L2 * w))
        bias -= lr * g.mean()
    return [float(v) for v in w], float(bias)


def decide(cands, w, bias, exclude=None):
    best = None
    for rid, x in cands:
        if rid == exclude:
            continue
        z = bias + sum(wi * xi for wi, xi in zip(w, x))
        p = 1 / (1 + math.exp(-max(-30, min(30, z))))
        if best is None or p > best[0]:
            best = (p, rid)
    return best if best and best[0] >= 0.5 else None


def best_score(cands, w, bias, exclude=None):
    scores = [(1 / (1 + math.exp(-max(-30, min(30, bias + sum(wi * xi for wi, xi in zip(w, x)))))), rid)
              for rid, x in cands if rid != exclude]
    return max(scores) if scores else (0.0, None)


def evaluate(rows, model_for, report=None, margins=None):
    ok = tot = fl = neg = 0
    for b, cands in rows:
        w, bias = model_for(b)
        top = decide(cands, w, bias)
        if margins is not None:
            p, rid = best_score(cands, w, bias)
            if b.expected is not None:
                margins["right"].append((p if rid == b.expected else 0.0, b.name))
                if b.style != "clean":
                    margins["wrong"].append((best_score(cands, w, bias, exclude=b.expected)[0], f"{b.name} (held out)"))
            else:
                margins["wrong"].append((p, b.name))
        if b.expected is not None:
            tot += 1
            good = top is not None and top[1] == b.expected
            ok += good
            if report is not None and not good:
                report.append(f"miss {b.name} ({b.style}) -> {top[1] if top else 'no link'}")
        else:
            neg += 1
            fl += top is not None
            if report is not None and top is not None:
                report.append(f"false link {b.name} -> {top[1]}")
        if b.expected is not None and b.style != "clean":
            neg += 1
            held = decide(cands, w, bias, exclude=b.expected)
            fl += held is not None
            if report is not None and held is not None:
                report.append(f"false link {b.name} (own record held out) -> {held[1]}")
    return ok, tot, fl, neg


def chance_level(records, bodies, trials=30, draws=15, seed=1):
    """Best paraphrase similarity of unrelated excerpt sentences against a body's sentences, for
    bodies of 1, 3 and 6 corpus texts joined (the best of more sentences is higher by chance)."""
    index = RecordIndex(records)
    weights = word_weights(index.idf_map())
    rng = random.Random(seed)
    for k in (1, 3, 6):
        values, sizes = [], []
        for _ in range(trials):
            parts = rng.sample(bodies, k)
            text = "\n\n".join(b.text for b in parts)
            sv = segment_view(text, Segment(0, len(text)))
            sizes.append(len(sv.sentence_words))
            own = {b.expected for b in parts} | {b.original for b in parts}
            for i in rng.sample(range(len(records)), draws):
                rv = index.view(i)
                if rv.record.id in own:
                    continue
                for r in rv.sentence_words:
                    values.append(max((_f_beta(_recall(r, s, weights), _precision(s, r, weights))
                                       for s in sv.sentence_words), default=0.0))
        values.sort()
        sizes.sort()
        n = len(values)
        print(f"{k} text(s) joined, median {sizes[len(sizes) // 2]} body sentences: best paraphrase similarity "
              f"of {n} unrelated excerpt sentences: median {values[n // 2]:.3f}, 90th {values[int(n * 0.9)]:.3f}, "
              f"95th {values[int(n * 0.95)]:.3f}, 99th {values[int(n * 0.99)]:.3f}; "
              f"paraphrase_chance({sizes[len(sizes) // 2]}) = {paraphrase_chance(sizes[len(sizes) // 2]):.3f}")


def print_margins(margins):
    low = sorted(margins["right"])[:5]
    high = sorted(margins["wrong"], reverse=True)[:5]
    print("  lowest right-record scores: " + ", ".join(f"{n} {p:.2f}" for p, n in low))
    print("  highest wrong-record scores: " + ", ".join(f"{n} {p:.2f}" for p, n in high))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chance", action="store_true", help="measure the paraphrase similarity's chance level")
    args = ap.parse_args()
    records, bodies = build(SHARED)
    if args.chance:
        chance_level(records, bodies)
        return 0
    rows = collect(records, bodies + seed_bodies(SHARED))
    w, bias = fit(training_pairs(rows))
    print("WEIGHTS = {" + ", ".join(f'"{k}": {v:.2f}' for k, v in zip(FEATURES, w)) + "}")
    print(f"BIAS = {bias:.2f}")
    report: list[str] = []
    ok, tot, fl, neg = evaluate(rows, lambda b: (w, bias), report)
    print(f"in-sample: top-1 {ok}/{tot} = {ok / tot:.3f}; false links {fl}/{neg} = {fl / neg:.3f}")
    for line in report:
        print("  " + line)
    groups = sorted({b.original or b.name for b, _ in rows})
    models = {g: fit(training_pairs(rows, skip=g), epochs=2000) for g in groups}
    report = []
    margins = {"right": [], "wrong": []}
    ok, tot, fl, neg = evaluate(rows, lambda b: models[b.original or b.name], report, margins)
    print(f"leave-one-story-out: top-1 {ok}/{tot} = {ok / tot:.3f}; false links {fl}/{neg} = {fl / neg:.3f}")
    for line in report:
        print("  " + line)
    print_margins(margins)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
