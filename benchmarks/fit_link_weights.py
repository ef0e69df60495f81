"""Fit the linker's logistic weights (textrepair.link.WEIGHTS / BIAS) on the dev corpus, with cross-validation.

Uses the evaluation set of bench_link_accuracy.py: for every body, the candidates the index
returns, labelled 1 for the body's own record and 0 otherwise. Fits an L2-regularised logistic
regression (plain gradient descent, no extra dependencies), prints the weights to paste into
textrepair/link.py, and the top-1 accuracy / false-link rate of leave-one-story-out cross-
validation (each original, with all its spun copies, is scored by a model fit without it).

Run: /work/venv/bin/python benchmarks/fit_link_weights.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_link_accuracy import SHARED, build  # noqa: E402

from textrepair.document import parse_document  # noqa: E402
from textrepair.link import FEATURES, RecordIndex, measure, segment_view  # noqa: E402

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
        sv = segment_view(doc.text, doc.segments[0])
        cands = []
        for i in index.candidates(sv):
            rv = index.view(i)
            f = measure(sv, rv, idf=index.idf_map(rv))
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
    """L2-regularised logistic regression by projected gradient descent."""
    n = len(FEATURES)
    w = [0.0] * n
    bias = 0.0
    for _ in range(epochs):
        gw = [0.0] * n
        gb = 0.0
        for x, y in samples:
            z = bias + sum(wi * xi for wi, xi in zip(w, x))
            g = 1 / (1 + math.exp(-max(-30, min(30, z)))) - y
            for k in range(n):
                gw[k] += g * x[k]
            gb += g
        m = len(samples)
        for k in range(n):
            w[k] -= lr * (gw[k] / m + L2 * w[k])
            if FEATURES[k] not in NEGATIVE_OK:
                w[k] = max(0.0, w[k])
        bias -= lr * gb / m
    return w, bias


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


def evaluate(rows, model_for, report=None):
    ok = tot = fl = neg = 0
    for b, cands in rows:
        w, bias = model_for(b)
        top = decide(cands, w, bias)
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


def main() -> int:
    records, bodies = build(SHARED)
    rows = collect(records, bodies)
    w, bias = fit(training_pairs(rows))
    print("WEIGHTS = {" + ", ".join(f'"{k}": {v:.2f}' for k, v in zip(FEATURES, w)) + "}")
    print(f"BIAS = {bias:.2f}")
    report: list[str] = []
    ok, tot, fl, neg = evaluate(rows, lambda b: (w, bias), report)
    print(f"in-sample: top-1 {ok}/{tot} = {ok / tot:.3f}; false links {fl}/{neg} = {fl / neg:.3f}")
    for line in report:
        print("  " + line)
    groups = sorted({b.original or b.name for b in bodies})
    models = {g: fit(training_pairs(rows, skip=g), epochs=2000) for g in groups}
    report = []
    ok, tot, fl, neg = evaluate(rows, lambda b: models[b.original or b.name], report)
    print(f"leave-one-story-out: top-1 {ok}/{tot} = {ok / tot:.3f}; false links {fl}/{neg} = {fl / neg:.3f}")
    for line in report:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
