"""Which extra restoration features would rank originals better: a conditional logit refitted with each, two-fold by document, on the DEV half only.

Rows are the restorer's second-pass view of every eligible span (as `fit_thesaurus.rerank_data`:
the options' FEATURES, and which option is the spinner's original, or "as written"), for the
families the weights are fitted on plus `wn-base-10`. Each named set of extra features is added to
FEATURES and the logit fitted on the even-indexed documents, scored on the odd ones, and the other
way round (never fitted and scored on the same documents). Printed per family, summed over both
folds: exact originals restored where the running precision (spans by posterior) is still >= 0.9,
and the spans at posterior >= 0.6 with a positive margin, how many restore the exact original.

Extra features (each span-level unless said):

- `nl`: the written word is not a WordNet lemma (an inflected form); `lem`: the document reads as
  lemmatising (few of its strong spans are inflected forms; 1 - share / 0.08, clipped);
  `nl_lem` = nl x lem (a lemmatising spinner never writes an inflected form);
- `rep`, `lrep`: the written word, or one of its lemmas, occurs elsewhere in the document;
- `r45` ... `r75`: the written word's unigram log10 P below -4.5 ... -7.5 (non-linear rarity);
- `wfan`: log2(1 + WordNet fan-out of the written word's lemma);
- per option, from WordNet parsed directly (benchmarks/spinners.py): `nosh` the written word and
  the candidate share no synset (the candidate is a Moby link or a form of another part of
  speech); `xpos` nosh without a Moby link or own lemma (a form of a part of speech the two do
  not share); `wfirst` / `wlogr` the shared synset is the written word's first sense / log2 of
  its rank; `clogr` the same for the candidate; `wpoly` log2(1 + the written word's senses).

Run: python benchmarks/measure_option_features.py [--docs 44] [--sets nl+nl_lem,wfan,xpos]
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import spinners as SP  # noqa: E402
from bench_spin_heldout import brown_docs  # noqa: E402
from fit_thesaurus import RERANK_FAMILIES, paragraph_spans  # noqa: E402
from spinners import FAMILIES, spin, spun_offsets  # noqa: E402

from textrepair.lexical import lexicon, thesaurus  # noqa: E402
from textrepair.spin import substitution as S  # noqa: E402
from textrepair.spin.tokens import protected_spans, tokenize  # noqa: E402
from textrepair.text.segment import split_paragraphs  # noqa: E402

SPAN_FEATURES = ("nl", "lem", "nl_lem", "rep", "lrep", "r45", "r55", "r65", "r75", "wfan")
OPTION_FEATURES = ("nosh", "xpos", "wfirst", "wlogr", "clogr", "wpoly")
LEMMATISING_SHARE = 0.08


@cache
def _readings(w: str) -> tuple[tuple[str, str], ...]:
    w = w.lower().replace(" ", "_")
    return tuple((b, p) for p in SP._POS_FILES for b in SP.morphy(w, p))


@cache
def _senses(written: str, cand: str) -> tuple[float, float, float, float, float]:
    """(no shared synset, shared synset is the written word's first sense, log2 its rank, log2
    its rank for the candidate, log2(1 + senses of the written word))."""
    idx = SP._index()
    rw, rc = _readings(written), _readings(cand)
    nw = sum(len(idx[r]) for r in rw)
    best = None
    for b, p in rw:
        lw = idx[(b, p)]
        for d, q in rc:
            if q != p:
                continue
            lc = idx[(d, q)]
            shared = [k for k, off in enumerate(lw) if off in set(lc)]
            if shared:
                k = shared[0]
                cand_rank = (k + 1, lc.index(lw[k]) + 1)
                best = cand_rank if best is None or cand_rank < best else best
    if best is None:
        return (1.0, 0.0, 0.0, 0.0, math.log2(1 + nw))
    return (0.0, float(best[0] == 1), math.log2(best[0]), math.log2(best[1]), math.log2(1 + nw))


def _written_fanout(w: str) -> float:
    if " " in w:
        return 0.0
    return math.log2(1 + max(thesaurus.fanout(lem)[0] for lem in lexicon.lemmas(w)))


def rows_for(docs, family: str):
    """Per eligible span: (document index, option FEATURES, extras per option, label)."""
    lex = lexicon._lemma_pos()
    cfg = FAMILIES[family]
    out = []
    for k, (_, text) in enumerate(docs):
        spun, subs = spin(text, cfg, seed=k)
        truth = {a: (rep.lower(), orig.lower()) for (a, _), (_, _, orig, rep) in zip(spun_offsets(subs), subs)}
        parts = [(tokenize(spun, p), protected_spans(spun, p)) for p in split_paragraphs(spun)]
        doc_words = frozenset(t.norm for toks, _ in parts for t in toks)
        counts = Counter(t.norm for toks, _ in parts for t in toks)
        lcounts = Counter(le for toks, _ in parts for t in toks for le in set(lexicon.lemmas(t.norm)))
        ev = S.analyse_document(spun, parts, screen=False)
        strong = [s.found.lower() for e in ev for s in e.spans if s.evidence >= S.STRONG_MARGIN]
        inflected = sum(1 for w in strong if " " not in w and w not in lex)
        lem = min(1.0, max(0.0, 1 - (inflected + 0.5) / (len(strong) + 5) / LEMMATISING_SHARE))
        for toks, prot in parts:
            for i, j, words, feats, label in paragraph_spans(spun, toks, prot, doc_words, truth):
                w = " ".join(words[i:j])
                single = j - i == 1
                nl = float(single and w not in lex)
                uni = feats[0][1][12] if feats else 0.0
                span = {"nl": nl, "lem": lem, "nl_lem": nl * lem, "rep": float(single and counts[w] > 1),
                        "lrep": float(single and any(lcounts[le] > 1 for le in set(lexicon.lemmas(w)))),
                        "r45": float(uni < -4.5), "r55": float(uni < -5.5), "r65": float(uni < -6.5),
                        "r75": float(uni < -7.5), "wfan": _written_fanout(w)}
                extras = []
                for txt, f in feats:
                    sv = _senses(w, txt)
                    opt = dict(zip(("nosh", "wfirst", "wlogr", "clogr", "wpoly"), sv))
                    opt["xpos"] = float(sv[0] and not f[6] and not f[5])
                    extras.append({**span, **opt})
                out.append((k, [f for _, f in feats], extras, label))
    return out


def _arrays(rows, names):
    import numpy as np

    d = len(S.FEATURES) + len(names)
    kmax = max(len(r[1]) for r in rows) + 1
    X = np.zeros((len(rows), kmax, d))
    mask = np.zeros((len(rows), kmax), dtype=bool)
    y = np.zeros(len(rows), dtype=int)
    for q, (_, feats, extras, label) in enumerate(rows):
        mask[q, 0] = True
        for c, (f, ex) in enumerate(zip(feats, extras)):
            X[q, c + 1] = list(f) + [ex[n] for n in names]
            mask[q, c + 1] = True
        y[q] = label + 1
    return X, mask, y


def _fit(X, mask, y, w0, l2: float = 1e-3):
    import numpy as np

    n, _, d = X.shape
    w = np.array(w0, dtype=float)
    for _ in range(50):
        z = np.where(mask, np.einsum("nkd,d->nk", X, w) * math.log(10), -1e9)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z) * mask
        p /= p.sum(axis=1, keepdims=True)
        ex = np.einsum("nk,nkd->nd", p, X)
        grad = -(X[np.arange(n), y] - ex).sum(axis=0) * math.log(10) / n + l2 * w
        cov = np.einsum("nk,nkd,nke->de", p, X, X) - np.einsum("nd,ne->de", ex, ex)
        step = np.linalg.solve(cov * math.log(10) ** 2 / n + l2 * np.eye(d), grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return w


def _score(X, mask, y, w) -> tuple[int, int, int]:
    import numpy as np

    z = np.where(mask, np.einsum("nkd,d->nk", X, w), -1e9)
    z[:, 0] = 0.0
    best = z[:, 1:].argmax(axis=1) + 1
    top = z[np.arange(len(z)), best]
    ref = np.maximum(top, 0)[:, None]
    post = 10 ** (top - ref[:, 0]) / (10 ** (z - ref)).sum(axis=1)
    ok = best == y
    edit = top > 0
    order = np.argsort(-np.where(edit, post, -1))
    good = np.cumsum(ok[order] & edit[order])
    valid = (good / np.arange(1, len(good) + 1) >= 0.9) & edit[order]
    at90 = int(good[valid].max()) if valid.any() else 0
    e6 = edit & (post >= 0.6)
    return at90, int(e6.sum()), int((ok & e6).sum())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=44)
    ap.add_argument("--sentences", type=int, default=40)
    ap.add_argument("--families", default=RERANK_FAMILIES + ",wn-base-10")
    ap.add_argument("--sets", default="nl+nl_lem,lem+nl+nl_lem,rep,lrep,r45+r55+r65+r75,wfan,nosh,xpos,wpoly,"
                                      "wfirst,wlogr+clogr,xpos+wfan")
    args = ap.parse_args(argv)
    docs = brown_docs("dev", args.sentences)[: args.docs]
    fams = args.families.split(",")
    fit_fams = [f for f in RERANK_FAMILIES.split(",") if f in fams]
    data = {f: rows_for(docs, f) for f in fams}
    print(f"dev half, {len(docs)} documents; rows: " + ", ".join(f"{f} {len(v)}" for f, v in data.items()))
    for spec in [""] + args.sets.split(","):
        names = [n for n in spec.split("+") if n]
        unknown = [n for n in names if n not in SPAN_FEATURES + OPTION_FEATURES]
        if unknown:
            raise SystemExit(f"unknown feature(s): {', '.join(unknown)}")
        res: dict[str, tuple[int, int, int]] = {}
        shown = ""
        for fold in (0, 1):
            X, M, Y = _arrays([r for f in fit_fams for r in data[f] if r[0] % 2 != fold], names)
            # Started from the fitted weights: from the plain channel's, Newton's method diverged
            # for the span-level rarity bins.
            w = _fit(X, M, Y, list(S.WEIGHTS) + [0.0] * len(names))
            if fold == 0:
                shown = " ".join(f"{n}={v:.3f}" for n, v in zip(names, w[len(S.FEATURES):]))
            for f in fams:
                got = _score(*_arrays([r for r in data[f] if r[0] % 2 == fold], names), w)
                res[f] = tuple(a + b for a, b in zip(res.get(f, (0, 0, 0)), got))
        print(f"{spec or 'FEATURES only':24s} {shown}")
        for f, (at90, n6, ok6) in res.items():
            print(f"  {f:18s} exact at precision 0.9: {at90:5d}; posterior >= 0.6: {n6:5d} spans, "
                  f"{ok6:5d} exact ({ok6 / max(1, n6):.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
