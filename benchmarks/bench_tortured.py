"""Tortured phrases: candidate reach, top-1 restoration, precision and genuine-phrase damage on held-out dev pairs.

    python benchmarks/bench_tortured.py                 # splits by expected term and by row, + abstracts
    python benchmarks/bench_tortured.py --fit           # fit the constants on all dev rows (print them)
    python benchmarks/bench_tortured.py --packaged      # the shipped model on the abstracts and clean news

Reads ../shared/corpus/tortured/dev_pairs.tsv at run time (skips cleanly if absent). For each split the
word table AND every constant (logistic weights, threshold) are fitted on the fit part only: the
constants on out-of-fold candidates (3 inner folds, each scored with a table learned on the other
two), the table on the whole fit part; figures are reported on the other part.

Per split:
- reach: share of held-out rows whose expected term is among the phrase's candidates at all;
- top-1: share of held-out rows whose sentence 'In this study, {phrase} is used to analyse the
  results.' comes out with exactly the expected term in place (and nothing else changed);
- precision: of the rows whose sentence was changed, the share restored exactly;
- damage: of 500 held-out expected phrases in the same sentence, the share changed at all.
The same is reported with the phrases in the slot sentences of benchmarks/data/abstract_*.txt (texts
written for this benchmark), and damage on the clean abstracts benchmarks/data/clean_*.txt.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textrepair.spin import tortured as T  # noqa: E402
from textrepair.core.edits import apply_edits  # noqa: E402

PAIRS = ROOT.parent / "shared" / "corpus" / "tortured" / "dev_pairs.tsv"
DATA = ROOT / "benchmarks" / "data"
TEMPLATE = "In this study, {} is used to analyse the results."
TARGET_PRECISION = 0.86      # fitted a little above the 0.85 target: held-out precision drifts down
MAX_FIT_DAMAGE = 0.004       # share of genuine fit phrases a threshold may change
# share of genuine fit sentences the finder may change out of fold: three in 500, leaving 0.4 points
# below the 1% target for the held-out drift of one or two phrases in 500
MAX_SENTENCE_DAMAGE = 0.006
FREQUENT_PAPERS = 10         # rows retrieved in at least this many papers are reported separately


def read_rows(path: Path = PAIRS) -> list[tuple[str, str, int]]:
    sys.path.insert(0, str(ROOT / "data"))
    from build_science_table import read_pairs

    rows = read_pairs(path)
    # Rows whose expected text is not a plain phrase ("(?)", notes, lists) cannot be scored as a restoration.
    return [r for r in rows if T.words_of(r[0]) and T.words_of(r[1])]


def split(rows, kind: str, seed: int = 13, frac: float = 0.7):
    r = random.Random(seed)
    if kind == "term":
        terms = sorted({" ".join(T.words_of(e)) for _, e, _ in rows})
        r.shuffle(terms)
        fit_terms = set(terms[: int(len(terms) * frac)])
        key = lambda row: " ".join(T.words_of(row[1])) in fit_terms  # noqa: E731
        return [x for x in rows if key(x)], [x for x in rows if not key(x)]
    idx = list(range(len(rows)))
    r.shuffle(idx)
    k = int(len(rows) * frac)
    return [rows[i] for i in idx[:k]], [rows[i] for i in idx[k:]]


def folds(rows, k: int = 3, seed: int = 5):
    """k folds by expected term (the same term never sits in two folds)."""
    terms = sorted({" ".join(T.words_of(e)) for _, e, _ in rows})
    random.Random(seed).shuffle(terms)
    fold_of = {t: n % k for n, t in enumerate(terms)}
    return [[x for x in rows if fold_of[" ".join(T.words_of(x[1]))] == n] for n in range(k)]


def make_model(rows, terms, **kw) -> T.ScienceModel:
    table = T.learn_substitutions(((t, e) for t, e, _ in rows), source="pps-dev")
    return T.ScienceModel(table, terms, **kw)


# --- fitting ------------------------------------------------------------------------------------


def _context(template: str):
    """Left and right model context of the slot in a one-slot sentence (as the finder sees it)."""
    before, after = template.split("{}")
    lw, rw = T.words_of(before), T.words_of(after)
    # the finder breaks chunks at punctuation: context stops there
    left_text = before.rstrip()
    left = (T.lm.BOS,) if (not lw or left_text[-1:] in ",.;:") else tuple(lw[-2:])
    right_text = after.lstrip()
    right = (T.lm.EOS,) if (not rw or right_text[:1] in ",.;:") else tuple(rw[:2])
    return left, right


def oof_examples(rows, terms, k: int = 3):
    """Out-of-fold training data: per row, (features, label) of each candidate, and per genuine
    phrase its candidates (all label 0); grouped per phrase for threshold selection."""
    left, right = _context(TEMPLATE)
    groups = []  # (is_tortured, expected_words, [(features, label)])
    fs = folds(rows, k)
    for n in range(k):
        train = [x for m, f in enumerate(fs) if m != n for x in f]
        model = make_model(train, terms)
        for t, e, _ in fs[n]:
            ew = tuple(T.words_of(e))
            sc = model.scored(T.words_of(t), left, right)
            groups.append((True, ew, [(f, int(same(c.words, ew))) for _, c, f in sc]))
            sg = model.scored(ew, left, right)
            groups.append((False, ew, [(f, 0) for _, c, f in sg]))
    return groups


def fit_choice(groups, ridge: float = 1.0, iters: int = 50):
    """Conditional logit over each phrase's candidates plus "leave it" (score 0): P(c) =
    exp(b + w.f_c) / (1 + sum_c' exp(b + w.f_c')); fitted by Newton steps with an L2 ridge."""
    import numpy as np

    X = np.array([[1.0, *f] for _, _, ex in groups for f, _ in ex], dtype=float)
    y = np.array([lab for _, _, ex in groups for _, lab in ex], dtype=float)
    gid = np.array([g for g, (_, _, ex) in enumerate(groups) for _ in ex], dtype=int)
    G, d = len(groups), X.shape[1]
    theta = np.zeros(d)
    reg = ridge * np.eye(d)

    def state(th):
        s = X @ th
        m = np.zeros(G)
        np.maximum.at(m, gid, s)
        e = np.exp(s - m[gid])
        z = np.exp(-m)
        np.add.at(z, gid, e)
        ll = float((y * s).sum() - (m + np.log(z)).sum() - 0.5 * th @ reg @ th)
        return ll, e / z[gid]

    ll, p = state(theta)
    for _ in range(iters):
        grad = X.T @ (y - p) - reg @ theta
        px = np.zeros((G, d))
        np.add.at(px, gid, p[:, None] * X)
        H = X.T @ (p[:, None] * X) - px.T @ px + reg
        step = np.linalg.solve(H, grad)
        t = 1.0
        while t > 1e-4:  # backtracking: Newton overshoots where a direction has little curvature
            new_ll, new_p = state(theta + t * step)
            if new_ll >= ll:
                break
            t /= 2
        else:
            break
        theta = theta + t * step
        done = ll - 1e-9 <= new_ll <= ll + 1e-6
        ll, p = new_ll, new_p
        if done:
            break
    return float(theta[0]), tuple(float(v) for v in theta[1:])


def fit_logistic(groups, ridge: float = 1.0, iters: int = 30):
    import numpy as np

    X = np.array([f for _, _, ex in groups for f, _ in ex], dtype=float)
    y = np.array([lab for _, _, ex in groups for _, lab in ex], dtype=float)
    Xb = np.hstack([np.ones((len(X), 1)), X])
    w = np.zeros(Xb.shape[1])
    reg = ridge * np.eye(Xb.shape[1])
    reg[0, 0] = 0.0
    for _ in range(iters):  # Newton / IRLS
        z = np.clip(Xb @ w, -30, 30)
        p = 1.0 / (1.0 + np.exp(-z))
        g = Xb.T @ (p - y) + reg @ w
        h = (Xb * (p * (1 - p))[:, None]).T @ Xb + reg
        step = np.linalg.solve(h, g)
        w -= step
        if np.abs(step).max() < 1e-6:
            break
    return float(w[0]), tuple(float(v) for v in w[1:])


def choose_threshold(groups, intercept, weights):
    """The lowest confidence floor at which the out-of-fold decisions reach TARGET_PRECISION with
    at most MAX_FIT_DAMAGE of genuine phrases changed."""
    tort = []
    gen = []
    for is_t, _, ex in groups:
        ps = T.choice_probabilities([intercept + sum(a * b for a, b in zip(weights, f)) for f, _ in ex])
        best = max(zip(ps, (lab for _, lab in ex)), default=(0.0, 0))
        (tort if is_t else gen).append(best)
    for th in [x / 100 for x in range(5, 100)]:
        changed = [lab for p, lab in tort if p >= th]
        good = sum(changed)
        prec = good / len(changed) if changed else 0.0
        dmg = sum(1 for p, _ in gen if p >= th) / max(1, len(gen))
        if prec >= TARGET_PRECISION and dmg <= MAX_FIT_DAMAGE:
            return th, good / len(tort), prec, dmg
    return 0.99, 0.0, 0.0, 0.0


THRESHOLDS = [x / 100 for x in range(30, 100)]


def sentence_outcomes(rows, terms, intercept, weights, k: int = 3, genuine_n: int = 500, seed: int = 3):
    """Out-of-fold outcomes of whole sentences, as the finder decides them: per tortured row and per
    genuine expected phrase of each inner fold (scored with a table learned on the other folds and
    the given constants), for every threshold of THRESHOLDS whether the standard sentence comes out
    changed and whether it comes out exactly restored. The windows are scored once per sentence;
    only the decoding (which depends on the threshold through the whole-phrase rule) is repeated."""
    tort, gen = [], []
    fs = folds(rows, k)
    for n in range(k):
        train = [x for m, f in enumerate(fs) if m != n for x in f]
        model = make_model(train, terms, weights=weights, intercept=intercept)
        expected = sorted({e for _, e, _ in fs[n]})
        random.Random(seed + n).shuffle(expected)
        cases = [(TEMPLATE.format(t), TEMPLATE.format(e), True) for t, e, _ in fs[n]]
        cases += [(TEMPLATE.format(e), None, False) for e in expected[: genuine_n // k]]
        for src, want, is_t in cases:
            wins = model.windows(src)
            row = []
            for th in THRESHOLDS:
                out = apply_edits(src, T.tortured_edits(src, T.decode(wins, th, th)))
                row.append((out != src, want is not None and _norm(out) == _norm(want)))
            (tort if is_t else gen).append(row)
    return tort, gen


def damage_floor(gen, start: float) -> float:
    """The lowest threshold from ``start`` up at which at most MAX_SENTENCE_DAMAGE of the out-of-fold
    genuine sentences are changed by the finder (0.99 if none)."""
    for i, th in enumerate(THRESHOLDS):
        if th >= start and sum(r[i][0] for r in gen) <= MAX_SENTENCE_DAMAGE * len(gen):
            return th
    return 0.99


def sentence_curve(tort, gen, start: float) -> None:
    """Print the out-of-fold sentence outcomes from ``start`` up (every fifth threshold)."""
    for i, th in enumerate(THRESHOLDS):
        if th < start or i % 5:
            continue
        ch = sum(r[i][0] for r in tort)
        good = sum(r[i][1] for r in tort)
        print(f"    {th:.2f}: changed {ch}, exact {good} (precision {good / max(1, ch):.3f}, top-1 "
              f"{good / len(tort):.3f}), genuine changed {sum(r[i][0] for r in gen)}/{len(gen)}")


def fit(rows, terms, verbose: bool = False, cache: Path | None = None, sentences: bool = True,
        curve: bool = False):
    import pickle

    if cache is not None and cache.is_file():
        groups = pickle.loads(cache.read_bytes())
    else:
        groups = oof_examples(rows, terms)
        if cache is not None:
            cache.write_bytes(pickle.dumps(groups))
    intercept, weights = fit_choice(groups)
    th, rec, prec, dmg = choose_threshold(groups, intercept, weights)
    if verbose:
        print(f"  out-of-fold on the fit part, phrases: threshold {th:.2f}, top-1 {rec:.3f}, "
              f"precision {prec:.3f}, damage {dmg:.4f}")
    if sentences:
        # Genuine damage is a property of the finder's whole-sentence decisions, which also score
        # sub-windows ("traffic sign detection" -> "traffic signal detection"); the phrase-level
        # choice above saw 0.27-0.39% of genuine phrases changed out of fold where the finder
        # changed 1.20% of the term split's held-out genuine sentences (2026-12-07). So the
        # threshold is raised until the finder's out-of-fold genuine sentences meet the limit.
        # Precision stays chosen on phrases: on whole sentences the exact restorations never reach
        # 0.86 at any threshold (0.62 at 0.74, 0.74 at 0.98, all dev rows out of fold): most wrong
        # sentences are partial restorations ("restorative flag preparing" -> "restorative signal
        # processing" for "medical signal processing"), printed by --curve.
        tort, gen = sentence_outcomes(rows, terms, intercept, weights)
        th = damage_floor(gen, th)
        if verbose:
            i = THRESHOLDS.index(th) if th in THRESHOLDS else len(THRESHOLDS) - 1
            ch, good = sum(r[i][0] for r in tort), sum(r[i][1] for r in tort)
            print(f"  out-of-fold on the fit part, sentences: threshold {th:.2f}, top-1 {good / len(tort):.3f}, "
                  f"precision {good / max(1, ch):.3f}, genuine changed {sum(r[i][0] for r in gen)}/{len(gen)}")
            if curve:
                sentence_curve(tort, gen, 0.5)
    return intercept, weights, th


# --- evaluation -------------------------------------------------------------------------------


def restored_sentence(model, sentence: str) -> str:
    findings = T.find_tortured(sentence, model=model)
    return apply_edits(sentence, T.tortured_edits(sentence, findings))


def _norm(s: str) -> tuple[str, ...]:
    return tuple(" ".join(T.words_of(s)).replace("-", " ").split())


def same(a, b) -> bool:
    """Whether two word sequences are the same term, a hyphen counting as a space ("energy-efficient"
    = "energy efficient"; the PPS expected texts write both). Inflection must match exactly."""
    return " ".join(a).replace("-", " ").split() == " ".join(b).replace("-", " ").split()


def evaluate(model, test, templates, genuine_n: int = 500, seed: int = 3):
    reach = top1 = changed = partial = 0
    n = 0
    left, right = _context(TEMPLATE)
    for k, (t, e, _) in enumerate(test):
        tpl = templates[k % len(templates)]
        ew = tuple(T.words_of(e))
        cands = model.candidates(T.words_of(t))
        reach += any(same(c.words, ew) for c in cands)
        src = tpl.format(t)
        out = restored_sentence(model, src)
        n += 1
        if out != src:
            changed += 1
            if _norm(out) == _norm(tpl.format(e)):
                top1 += 1
            elif _toward(src, out, tpl.format(e)):
                partial += 1
    expected = sorted({e for _, e, _ in test})
    random.Random(seed).shuffle(expected)
    expected = expected[:genuine_n]
    damaged = 0
    for k, e in enumerate(expected):
        src = templates[k % len(templates)].format(e)
        if restored_sentence(model, src) != src:
            damaged += 1
    return {"rows": n, "reach": reach / n, "top1": top1 / n, "changed": changed, "partial": partial,
            "precision": top1 / changed if changed else 0.0, "genuine": len(expected),
            "damage": damaged / max(1, len(expected))}


def _toward(src: str, out: str, want: str) -> bool:
    """A partial restoration: every word the output wrote is a word of the wanted text that the
    source lacked ("realistic client interface" -> "realistic user interface" for "graphical user
    interface"), and the output is not the wanted text."""
    from collections import Counter

    added = Counter(_norm(out)) - Counter(_norm(src))
    return bool(added) and not (added - (Counter(_norm(want)) - Counter(_norm(src))))


def abstract_templates() -> list[str]:
    """Whole abstracts of benchmarks/data/abstract_*.txt with one slot each: per slot line ('{}'),
    the abstract's other lines plus that one (the other slot lines left out)."""
    out = []
    for p in sorted(DATA.glob("abstract_*.txt")):
        lines = [ln.strip() for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]
        for k, ln in enumerate(lines):
            if "{}" in ln:
                out.append("\n".join(x for n, x in enumerate(lines) if n == k or "{}" not in x))
    return out


def clean_damage(model, files=None) -> tuple[int, int, list[str]]:
    """Words changed (by applied findings) in the clean abstracts written for this benchmark, or in ``files``."""
    words = changed = 0
    notes = []
    for p in sorted(DATA.glob("clean_*.txt")) if files is None else files:
        text = p.read_text(encoding="utf-8")
        fs = T.find_tortured(text, model=model)
        words += len(T.words_of(text))
        for f in fs:
            changed += len(T.words_of(f.found))
            notes.append(f"{p.name}: {f.found!r} -> {f.proposed!r} ({f.confidence:.2f})")
    return changed, words, notes


def report(name, res):
    print(f"{name:<34} rows {res['rows']:>5}  reach {res['reach']:.3f}  top-1 {res['top1']:.3f}  "
          f"precision {res['precision']:.3f} ({res['changed']} changed, {res['partial']} of them partial)  "
          f"damage {res['damage'] * 100:.2f}% of {res['genuine']}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit", action="store_true", help="fit constants on all dev rows and print them")
    ap.add_argument("--packaged", action="store_true", help="only the shipped model on the written texts")
    ap.add_argument("--splits", default="term,row")
    ap.add_argument("--no-curated", action="store_true", help="term vocabulary without the curated list")
    ap.add_argument("--phrase-threshold", action="store_true",
                    help="choose the threshold on phrase-level decisions only (before 2026-12-07)")
    ap.add_argument("--curve", action="store_true", help="print the out-of-fold sentence outcomes by threshold")
    ap.add_argument("--cache", default=None, metavar="PREFIX",
                    help="keep the out-of-fold candidate features in PREFIX.<split> (refit without rescoring)")
    args = ap.parse_args(argv)
    terms = T.packaged_terms(("wordnet",) if args.no_curated else ("wordnet", "curated"))
    if args.packaged:
        model = T.default_model()
        ch, w, notes = clean_damage(model)
        print(f"clean abstracts (benchmarks/data/clean_*.txt): {ch} of {w} words changed")
        for line in notes:
            print("  " + line)
        news = sorted((ROOT.parent / "shared" / "corpus" / "clean").glob("*.txt"))
        if news:
            ch, w, notes = clean_damage(model, news)
            print(f"clean news (corpus/clean) in the science domain: {ch} of {w} words changed")
            for line in notes:
                print("  " + line)
        return 0
    if not PAIRS.is_file():
        print(f"skipped: {PAIRS} not found")
        return 0
    rows = read_rows()
    t0 = time.time()
    if args.fit:
        intercept, weights, th = fit(rows, terms, verbose=True, cache=args.cache and Path(args.cache + ".all"),
                                     sentences=not args.phrase_threshold, curve=args.curve)
        print(f"INTERCEPT = {intercept:.3f}")
        print("WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")
        print(f"DEFAULT_MIN_CONFIDENCE = {th:.2f}")
        print(f"({time.time() - t0:.0f} s)")
        return 0
    abstracts = abstract_templates()
    for kind in args.splits.split(","):
        fit_rows, test = split(rows, kind)
        print(f"split by {kind}: fit {len(fit_rows)} rows, report on {len(test)}")
        intercept, weights, th = fit(fit_rows, terms, verbose=True, cache=args.cache and Path(f"{args.cache}.{kind}"),
                                        sentences=not args.phrase_threshold, curve=args.curve)
        model = make_model(fit_rows, terms, weights=weights, intercept=intercept, min_confidence=th)
        report(f"  {kind}: standard sentence", evaluate(model, test, [TEMPLATE]))
        frequent = [r for r in test if r[2] >= FREQUENT_PAPERS]
        if frequent:  # the acceptance set is the export's most frequent rows: the nearest proxy here
            report(f"  {kind}: rows in >= {FREQUENT_PAPERS} papers", evaluate(model, frequent, [TEMPLATE]))
        if abstracts:
            report(f"  {kind}: abstract sentences", evaluate(model, test, abstracts))
        ch, w, _ = clean_damage(model)
        print(f"  {kind}: clean abstracts: {ch} of {w} words changed")
    print(f"({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
