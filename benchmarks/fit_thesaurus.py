"""Fit and inspect the table-free substitution model on the DEV half only (Brown press, even positions).

Nothing here reads the test half, ../shared/corpus/clean or the real pairs: those are for
benchmarks/bench_spin_heldout.py and bench_restore.py. Printed:

1. candidate coverage and ranking: share of the spinner's substitutions whose original is among
   the inverse thesaurus's candidates, in the shortlist, and ranked first;
2. restoration operating points: for posterior thresholds, spans that would be edited, how many
   restore the spinner's original exactly, how many touch an unspun word, and clean-text spans;
3. the paragraph detector: a logistic over the strong-span density (shrunk toward the document,
   the document toward clean text), fitted on dev clean vs dev spun paragraphs; the constants to
   put in textrepair/spin/substitution.py, and false/true positive rates by threshold.

Run: python benchmarks/fit_thesaurus.py [--docs 44] [--families wn-base-30,...]
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_spin_heldout import brown_docs  # noqa: E402
from spinners import FAMILIES, spin, spun_offsets  # noqa: E402

from textrepair.spin import grammar  # noqa: E402
from textrepair.spin import substitution as S  # noqa: E402
from textrepair.lexical import thesaurus as T  # noqa: E402
from textrepair.spin.tokens import protected_spans, tokenize  # noqa: E402
from textrepair.text.segment import split_paragraphs  # noqa: E402

DEFAULT_FAMILIES = "wn-base-30,wn-inflect-30,wn-firstpos-15-single,moby-inflect-30"
#: The families the restoration weights (substitution.WEIGHTS) are fitted on.
RERANK_FAMILIES = "wn-base-30,wn-synsets-30,wn-inflect-30,moby-inflect-30"


def evidence(text: str):
    paras = split_paragraphs(text)
    parts = [(tokenize(text, p), protected_spans(text, p)) for p in paras]
    return S.analyse_document(text, parts, screen=False), parts


def fit_logistic(xs: list[float], ys: list[int]) -> tuple[float, float]:
    a, b = 0.0, 0.0
    for _ in range(100):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in zip(xs, ys):
            p = 1 / (1 + math.exp(-(a + b * x)))
            ga += p - y
            gb += (p - y) * x
            w = p * (1 - p)
            haa += w
            hab += w * x
            hbb += w * x * x
        haa += 1e-6
        hbb += 1e-3  # a little ridge: the classes separate almost perfectly
        det = haa * hbb - hab * hab
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a -= da
        b -= db
        if abs(da) + abs(db) < 1e-9:
            break
    return a, b


def rerank_data(docs, families: list[str]):
    """Per eligible span of the spun dev documents: (option features, index of the spinner's
    original among the options or -1 for "as written"), in the context the restorer's second
    pass sees (first-pass restorations at posterior >= CONTEXT_POSTERIOR written in), with the
    document's words, the slot's grammar cue and the paragraph's tense."""
    rows = []
    for fam in families:
        cfg = FAMILIES[fam]
        if not cfg.detok:
            continue
        for k, (name, text) in enumerate(docs):
            spun, subs = spin(text, cfg, seed=k)
            truth = {a: (rep.lower(), orig.lower()) for (a, _), (_, _, orig, rep) in zip(spun_offsets(subs), subs)}
            parts = [(tokenize(spun, p), protected_spans(spun, p)) for p in split_paragraphs(spun)]
            doc_words = frozenset(t.norm for toks, _ in parts for t in toks)
            for toks, prot in parts:
                for _i, _j, _words, feats, label in paragraph_spans(spun, toks, prot, doc_words, truth):
                    rows.append(([f for _, f in feats], label))
    return rows


def paragraph_spans(spun: str, toks, prot, doc_words, truth):
    """Each eligible span of one paragraph, as the restorer's second pass sees it (first-pass
    restorations at posterior >= CONTEXT_POSTERIOR written in): (i, j, the paragraph's words,
    the options with their features, index of the spinner's original among them or -1 for "as
    written"). ``truth`` maps a substitution's start to (spun form, original), lower case."""
    first, _ = S.score_paragraph(spun, toks, prot, passes=1, doc_words=doc_words)
    ctx = [t.norm for t in toks]
    for sp in first:
        if sp.margin > 0 and S.posterior(sp.options) >= S.CONTEXT_POSTERIOR:
            ctx[sp.i] = sp.options[0][0]
            for q in range(sp.i + 1, sp.j):
                ctx[q] = ""
    starts = [t.sentence_start for t in toks]
    words = tuple(t.norm for t in toks)
    lean = grammar.tense_lean(words)
    for i, j, kind, key in S._spots(spun, toks, prot):
        cands = S.shortlist(key)
        if not cands or kind == 2:
            continue
        here = list(ctx)
        here[i:j] = words[i:j]
        feats = S.option_features(here, starts, i, j, words[i:j], cands, doc_words,
                                  grammar.cue(words, starts, i), lean)
        label = -1
        t = truth.get(toks[i].start)
        if t is not None and t[0] == key:
            label = next((n for n, (txt, _) in enumerate(feats) if txt == t[1]), -1)
        yield i, j, words, feats, label


def fit_conditional_logit(rows, l2: float = 1e-3):
    import numpy as np

    d = len(S.FEATURES)
    kmax = max(len(f) for f, _ in rows) + 1
    n = len(rows)
    X = np.zeros((n, kmax, d))
    mask = np.zeros((n, kmax), dtype=bool)
    y = np.zeros(n, dtype=int)
    for r, (feats, label) in enumerate(rows):
        mask[r, 0] = True  # "as written": all features 0
        for c, f in enumerate(feats):
            X[r, c + 1] = f
            mask[r, c + 1] = True
        y[r] = label + 1
    w = np.array(S._weights())
    for _ in range(50):
        z = np.einsum("nkd,d->nk", X, w)
        z = np.where(mask, z * math.log(10), -1e9)
        z -= z.max(axis=1, keepdims=True)
        p = np.exp(z) * mask
        p /= p.sum(axis=1, keepdims=True)
        xt = X[np.arange(n), y]
        ex = np.einsum("nk,nkd->nd", p, X)
        grad = -(xt - ex).sum(axis=0) * math.log(10) / n + l2 * w
        cov = np.einsum("nk,nkd,nke->de", p, X, X) - np.einsum("nd,ne->de", ex, ex)
        hess = cov * math.log(10) ** 2 / n + l2 * np.eye(d)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return tuple(float(v) for v in w)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=44)
    ap.add_argument("--families", default=DEFAULT_FAMILIES)
    ap.add_argument("--rerank-families", default=RERANK_FAMILIES)
    ap.add_argument("--sentences", type=int, default=40)
    ap.add_argument("--rerank", action="store_true",
                    help="fit the option weights (conditional logit) and print them, then evaluate with them")
    args = ap.parse_args(argv)
    docs = brown_docs("dev", args.sentences)[: args.docs]
    if args.rerank:
        rows = rerank_data(docs, args.rerank_families.split(","))
        w = fit_conditional_logit(rows)
        print(f"fitted on {len(rows)} spans ({sum(1 for _, y in rows if y >= 0)} with the original among the options):")
        print("WEIGHTS = (" + ", ".join(f"{v:.3f}" for v in w) + ")  # " + ", ".join(S.FEATURES))
        S.WEIGHTS = w
    t0 = time.perf_counter()
    clean = [(name, text, *evidence(text)) for name, text in docs]
    para_x: list[tuple[float, float, int]] = []  # (feature, document feature, label)
    doc_x: list[tuple[float, int]] = []
    clean_spans = [s for _, _, ev, _ in clean for e in ev for s in e.spans]
    clean_elig = sum(e.eligible for _, _, ev, _ in clean for e in ev)
    for _, _, ev, _ in clean:
        para_x += [(x, S.document_feature(ev), 0) for x in S.paragraph_features(ev)]
        doc_x.append((S.document_feature(ev), 0))
    print(f"dev: {len(docs)} Brown press documents, {clean_elig} eligible clean words, "
          f"strong clean spans {sum(s.evidence >= S.STRONG_MARGIN for s in clean_spans)} "
          f"({sum(s.evidence >= S.STRONG_MARGIN for s in clean_spans) / clean_elig:.4f} per eligible word)")
    for fam in args.families.split(","):
        cfg = FAMILIES[fam]
        rows = []  # (is_sub, correct, margin, posterior)
        nsub = covered = shortlisted = 0
        for k, (name, text) in enumerate(docs):
            spun, subs = spin(text, cfg, seed=k)
            ev, parts = evidence(spun)
            para_x += [(x, S.document_feature(ev), 1) for x in S.paragraph_features(ev)]
            doc_x.append((S.document_feature(ev), 1))
            if not cfg.detok:
                continue
            truth = {a: orig.lower() for (a, _), (_, _, orig, _) in zip(spun_offsets(subs), subs)}
            nsub += len(subs)
            for (_, _, orig, rep) in subs:
                c = T.candidates(rep.lower())
                covered += any(x.text == orig.lower() for x in c)
                shortlisted += any(" ".join(w[0]) == orig.lower() for w in S.shortlist(rep.lower()))
            for e in ev:
                for s in e.spans:
                    o = truth.get(s.start)
                    rows.append((o is not None, o is not None and s.options[0][0] == o, s.margin,
                                 S.posterior(s.options)))
        if not nsub:
            continue
        print(f"\n{fam}: {nsub} substitutions; original among candidates {covered / nsub:.3f}, "
              f"in shortlist {shortlisted / nsub:.3f}")
        for c in (0.5, 0.57, 0.7, 0.8, 0.9, 0.95):
            ed = [r for r in rows if r[3] >= c and r[2] > 0]
            good = sum(r[1] for r in ed)
            unspun = sum(not r[0] for r in ed)
            cl = sum(1 for s in clean_spans if s.margin > 0 and S.posterior(s.options) >= c)
            print(f"  posterior >= {c}: {len(ed)} spans, exact originals {good} (precision {good / max(1, len(ed)):.2f}, "
                  f"recall {good / nsub:.3f}), on unspun words {unspun}; clean spans {cl} ({cl / clean_elig:.4f})")
    a, b = fit_logistic([x for x, _, _ in para_x], [y for _, _, y in para_x])
    da, db = fit_logistic([x for x, _ in doc_x], [y for _, y in doc_x])
    print(f"\nparagraph logistic: P_INTERCEPT = {a:.2f}, P_SLOPE = {b:.1f} (n={len(para_x)}, "
          f"positives={sum(y for _, _, y in para_x)}); document: D_INTERCEPT = {da:.2f}, D_SLOPE = {db:.1f}")
    cd = sorted(d for d, y in doc_x if y == 0)
    sd = sorted(d for d, y in doc_x if y == 1)
    print(f"  document density: clean max {cd[-1]:.4f} (median {cd[len(cd) // 2]:.4f}), spun min {sd[0]:.4f} "
          f"(10th percentile {sd[len(sd) // 10]:.4f}, median {sd[len(sd) // 2]:.4f})")
    print(f"  (in use: P {S.P_INTERCEPT}, {S.P_SLOPE}; D {S.D_INTERCEPT}, {S.D_SLOPE})")

    def lg(z: float) -> float:
        return 1 / (1 + math.exp(-z)) if z > -50 else 0.0

    para = [(min(lg(S.P_INTERCEPT + S.P_SLOPE * x), lg(S.D_INTERCEPT + S.D_SLOPE * d)), y) for x, d, y in para_x]
    docs_s = [(lg(S.D_INTERCEPT + S.D_SLOPE * d), y) for d, y in doc_x]
    neg = sorted(p for p, y in para if y == 0)
    pos = [p for p, y in para if y == 1]
    dneg = sorted(p for p, y in docs_s if y == 0)
    dpos = [p for p, y in docs_s if y == 1]
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
        print(f"  threshold {t}: clean paragraphs flagged {sum(p >= t for p in neg) / len(neg):.3%}, "
              f"spun paragraphs {sum(p >= t for p in pos) / len(pos):.1%}; documents {sum(p >= t for p in dneg)}/{len(dneg)} clean, "
              f"{sum(p >= t for p in dpos) / len(dpos):.1%} spun")
    print(f"  highest clean paragraph {neg[-1]:.3f}, document {dneg[-1]:.3f}; lowest spun document "
          f"{min(dpos):.3f}; {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
