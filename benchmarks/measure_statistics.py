"""Which phrase statistics rank the spinner's originals best? Dev half only (Brown press, even positions).

For every eligible span of dev documents spun by our own spinners, the options (as written + the
inverse-thesaurus shortlist) are scored by a conditional logit over feature sets, fitted on half of
the dev documents and evaluated on the other half (split by document):
- lm: the pocketsphinx 3-gram window (textrepair.spin.substitution features: LM left/right, channel,
  LM unigram, document, own lemma, Moby-only, multiword flags)
- lm+symspell: plus the symspellpy bigram list (Google Books counts, CC BY 3.0; PyPI symspellpy):
  log10(count(prev, w) + 1) and log10(count(w, next) + 1) relative to the written words
- lm+wordfreq: plus wordfreq zipf frequency (relative to the written words)
Printed: log-likelihood per span and, at the posterior that gives 0.9 exact-original precision
on the evaluation half, the recall (share of substitutions restored exactly).

Build/benchmark-time only: ``pip install symspellpy`` (not a dependency of textrepair).
Run: python benchmarks/measure_statistics.py [--docs 20]

Result (2026-12-07, 20 dev documents x wn-base-30 + wn-firstpos-15-single, 14,101 spans): recall
at 0.9 precision lm 0.121, lm+symspell 0.134, lm+wordfreq 0.128, all three 0.126; log-likelihood
per span -0.634 / -0.630 / -0.629 / -0.626. The bigram list adds about a tenth of the recall, not
enough for a 5 MB CC BY 3.0 runtime dependency; textrepair.spin.substitution uses the LM only.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import numpy as np  # noqa: E402
from bench_spin_heldout import brown_docs  # noqa: E402
from spinners import FAMILIES, spin, spun_offsets  # noqa: E402

from textrepair.spin import substitution as S  # noqa: E402
from textrepair.spin.tokens import protected_spans, tokenize  # noqa: E402
from textrepair.text.segment import split_paragraphs  # noqa: E402


def symspell_bigrams() -> dict[tuple[str, str], int]:
    import symspellpy

    path = Path(os.path.dirname(symspellpy.__file__)) / "frequency_bigramdictionary_en_243_342.txt"
    out = {}
    for line in path.open(encoding="utf-8"):
        parts = line.split()
        if len(parts) == 3:
            out[(parts[0], parts[1])] = int(parts[2])
    return out


def collect(docs, families, big):
    from wordfreq import zipf_frequency

    rows = []  # (doc index, [(lm feats, extra feats)], label, n_subs_in_doc marker)
    nsub = 0
    for fam in families:
        cfg = FAMILIES[fam]
        for k, (_, text) in enumerate(docs):
            spun, subs = spin(text, cfg, seed=k)
            nsub += len(subs)
            truth = {a: (rep.lower(), orig.lower()) for (a, _), (_, _, orig, rep) in zip(spun_offsets(subs), subs)}
            for p in split_paragraphs(spun):
                toks = tokenize(spun, p)
                ctx = [t.norm for t in toks]
                starts = [t.sentence_start for t in toks]
                for i, j, kind, key in S._spots(spun, toks, protected_spans(spun, p)):
                    cands = S.shortlist(key)
                    if not cands or kind == 2:
                        continue
                    feats = S.option_features(ctx, starts, i, j, tuple(ctx[i:j]), cands)
                    h2, h1, right = S._context(ctx, starts, i, j)
                    nxt = right[0]
                    own = ctx[i:j]

                    def bg(words):
                        a = math.log10(big.get((h1, words[0]), 0) + 1)
                        b = math.log10(big.get((words[-1], nxt), 0) + 1)
                        return a, b

                    oa, ob = bg(own)
                    oz = zipf_frequency(" ".join(own), "en")
                    opts = []
                    for text_, f in feats:
                        ws = text_.split(" ")
                        a, b = bg(ws)
                        opts.append((f, (a - oa, b - ob, zipf_frequency(text_, "en") - oz)))
                    label = -1
                    t = truth.get(toks[i].start)
                    if t is not None and t[0] == key:
                        label = next((n for n, (txt, _) in enumerate(feats) if txt == t[1]), -1)
                    rows.append((k, opts, label))
    return rows, nsub


def design(rows, use_lm: bool, extra: tuple[int, ...]):
    d = (len(S.FEATURES) if use_lm else 2) + len(extra)
    kmax = max(len(o) for _, o, _ in rows) + 1
    X = np.zeros((len(rows), kmax, d))
    mask = np.zeros((len(rows), kmax), dtype=bool)
    y = np.zeros(len(rows), dtype=int)
    for r, (_, opts, label) in enumerate(rows):
        mask[r, 0] = True
        for c, (f, e) in enumerate(opts):
            base = list(f) if use_lm else [f[2], f[-1]]  # without the LM: channel and bias only
            X[r, c + 1] = base + [e[x] for x in extra]
            mask[r, c + 1] = True
        y[r] = label + 1
    return X, mask, y


def fit(X, mask, y, l2=1e-3):
    n, _, d = X.shape
    w = np.zeros(d)
    for _ in range(60):
        z = np.where(mask, np.einsum("nkd,d->nk", X, w), -1e9)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z) * mask
        p /= p.sum(axis=1, keepdims=True)
        xt = X[np.arange(n), y]
        ex = np.einsum("nk,nkd->nd", p, X)
        grad = -(xt - ex).sum(axis=0) / n + l2 * w
        cov = np.einsum("nk,nkd,nke->de", p, X, X) - np.einsum("nd,ne->de", ex, ex)
        step = np.linalg.solve(cov / n + l2 * np.eye(d), grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def evaluate(X, mask, y, w, nsub):
    z = np.where(mask, np.einsum("nkd,d->nk", X, w), -1e9)
    z -= z.max(axis=1, keepdims=True)
    p = np.exp(z) * mask
    p /= p.sum(axis=1, keepdims=True)
    ll = float(np.log(p[np.arange(len(y)), y] + 1e-12).mean())
    best = p[:, 1:].argmax(axis=1) + 1
    post = p[np.arange(len(y)), best]
    correct = best == y
    order = np.argsort(-post)
    cum_good = np.cumsum(correct[order])
    prec = cum_good / np.arange(1, len(order) + 1)
    ok = np.where(prec >= 0.9)[0]
    recall = float(cum_good[ok[-1]] / nsub) if len(ok) else 0.0
    return ll, recall


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--families", default="wn-base-30,wn-firstpos-15-single")
    args = ap.parse_args(argv)
    docs = brown_docs("dev", 40)[: args.docs]
    big = symspell_bigrams()
    rows, nsub = collect(docs, args.families.split(","), big)
    fit_rows = [r for r in rows if r[0] % 2 == 0]
    eval_rows = [r for r in rows if r[0] % 2 == 1]
    n_eval_sub = nsub * len(eval_rows) / max(1, len(rows))  # substitutions, pro rata by spans
    print(f"{len(rows)} spans ({len(fit_rows)} fit / {len(eval_rows)} evaluated, split by document)")
    for name, use_lm, extra in (("lm", True, ()), ("lm+symspell", True, (0, 1)), ("lm+wordfreq", True, (2,)),
                                ("lm+symspell+wordfreq", True, (0, 1, 2))):
        w = fit(*design(fit_rows, use_lm, extra))
        ll, rec = evaluate(*design(eval_rows, use_lm, extra), w, n_eval_sub)
        print(f"  {name:28s} log-likelihood/span {ll:7.4f}   recall at 0.9 precision {rec:.3f}   "
              f"extra weights {', '.join(f'{v:.2f}' for v in w[len(w) - len(extra):]) if extra else '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
