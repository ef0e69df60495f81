"""Tortured phrases: candidate reach, top-1 restoration, precision and genuine-phrase damage on held-out dev pairs.

    python benchmarks/bench_tortured.py                 # splits by expected term and by row, + abstracts
    python benchmarks/bench_tortured.py --fit           # fit the constants on all dev rows (print them)
    python benchmarks/bench_tortured.py --packaged      # the shipped model on the abstracts and clean news
    python benchmarks/bench_tortured.py --weight log    # dev rows weighted by num_papers in the fit (measured, not adopted)
    python benchmarks/bench_tortured.py --lemma-thesaurus --splits row --no-abstracts   # a measured model option
    python benchmarks/bench_tortured.py --hierarchy hgod --splits row --no-abstracts   # WordNet hierarchy links
    python benchmarks/bench_tortured.py --spun-evidence --splits row --no-abstracts    # how spun the observed words look
    python benchmarks/bench_tortured.py --boundary --splits row    # the phrase-boundary rule (measured, not adopted)
    python benchmarks/bench_tortured.py --sentence-precision 0.86 --splits row   # threshold on sentences (measured, not adopted)

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
Each figure set also gives top-1 and precision "by papers": each held-out row counted once per paper
it is found in (num_papers), the paper-level view of the export.
The same is reported with the phrases in the slot sentences of benchmarks/data/abstract_*.txt (texts
written for this benchmark), and damage on the clean abstracts benchmarks/data/clean_*.txt.
"""

from __future__ import annotations

import argparse
import math
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
#: How a dev row weighs in the fit (--weight): the acceptance set is the export's most frequent rows,
#: the dev rows its rarer ones (0-22 papers), so a fit may lean toward the rows found in more papers.
WEIGHT_SCHEMES = ("none", "log", "cap10", "papers")


def row_weight(papers: int, scheme: str) -> float:
    """A dev row's weight in the fit: ``none`` 1; ``log`` log2(2 + papers) (1 at 0 papers, 3.6 at
    10, 4.6 at 22); ``cap10`` min(max(papers, 1), 10); ``papers`` max(papers, 1)."""
    if scheme == "none":
        return 1.0
    if scheme == "log":
        return math.log2(2 + papers)
    if scheme == "cap10":
        return float(min(max(papers, 1), 10))
    if scheme == "papers":
        return float(max(papers, 1))
    raise ValueError(f"unknown weight scheme {scheme!r}; one of {', '.join(WEIGHT_SCHEMES)}")


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


#: ScienceModel options of every model the benchmark builds (set from the command line).
MODEL_OPTIONS: dict = {}


def make_model(rows, terms, **kw) -> T.ScienceModel:
    table = T.learn_substitutions(((t, e) for t, e, _ in rows), source="pps-dev")
    return T.ScienceModel(table, terms, **{**MODEL_OPTIONS, **kw})


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


def group_weights(rows, groups, scheme: str, k: int = 3) -> list[float]:
    """Per group of :func:`oof_examples` (a cached list too: same rows, same folds, same order), the
    weight of its row (the genuine phrase of a row weighs as the row), scaled to mean 1 so the
    ridge keeps its strength."""
    ws = [row_weight(p, scheme) for f in folds(rows, k) for _, e, p in f for _ in (0, 1)]
    exp = [tuple(T.words_of(e)) for f in folds(rows, k) for _, e, _ in f for _ in (0, 1)]
    if len(ws) != len(groups) or any(g[1] != x for g, x in zip(groups, exp)):
        raise SystemExit("cached candidates do not match these rows: rescore without --cache")
    mean = sum(ws) / max(1, len(ws))
    return [w / mean for w in ws]


def fit_choice(groups, ridge: float = 1.0, iters: int = 50, weights=None):
    """Conditional logit over each phrase's candidates plus "leave it" (score 0): P(c) =
    exp(b + w.f_c) / (1 + sum_c' exp(b + w.f_c')); fitted by Newton steps with an L2 ridge. With
    ``weights`` (one per group), each phrase's log-likelihood counts that many times."""
    import numpy as np

    X = np.array([[1.0, *f] for _, _, ex in groups for f, _ in ex], dtype=float)
    y = np.array([lab for _, _, ex in groups for _, lab in ex], dtype=float)
    gid = np.array([g for g, (_, _, ex) in enumerate(groups) for _ in ex], dtype=int)
    G, d = len(groups), X.shape[1]
    gw = np.ones(G) if weights is None else np.asarray(weights, dtype=float)
    ew = gw[gid]
    theta = np.zeros(d)
    reg = ridge * np.eye(d)

    def state(th):
        s = X @ th
        m = np.zeros(G)
        np.maximum.at(m, gid, s)
        e = np.exp(s - m[gid])
        z = np.exp(-m)
        np.add.at(z, gid, e)
        ll = float((ew * y * s).sum() - (gw * (m + np.log(z))).sum() - 0.5 * th @ reg @ th)
        return ll, e / z[gid]

    ll, p = state(theta)
    for _ in range(iters):
        grad = X.T @ (ew * (y - p)) - reg @ theta
        px = np.zeros((G, d))
        np.add.at(px, gid, p[:, None] * X)
        H = X.T @ ((ew * p)[:, None] * X) - px.T @ (gw[:, None] * px) + reg
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


def choose_threshold(groups, intercept, weights, row_weights=None):
    """The lowest confidence floor at which the out-of-fold decisions reach TARGET_PRECISION with
    at most MAX_FIT_DAMAGE of genuine phrases changed. With ``row_weights`` (one per group),
    precision and top-1 count each tortured row that many times; genuine damage stays a plain share
    (the target is on unweighted phrases)."""
    tort = []
    gen = []
    rw = [1.0] * len(groups) if row_weights is None else row_weights
    for (is_t, _, ex), w in zip(groups, rw):
        ps = T.choice_probabilities([intercept + sum(a * b for a, b in zip(weights, f)) for f, _ in ex])
        best = max(zip(ps, (lab for _, lab in ex)), default=(0.0, 0))
        (tort if is_t else gen).append((*best, w))
    total = sum(w for _, _, w in tort)
    for th in [x / 100 for x in range(5, 100)]:
        changed = [(lab, w) for p, lab, w in tort if p >= th]
        good = sum(lab * w for lab, w in changed)
        wch = sum(w for _, w in changed)
        prec = good / wch if changed else 0.0
        dmg = sum(1 for p, _, _ in gen if p >= th) / max(1, len(gen))
        if prec >= TARGET_PRECISION and dmg <= MAX_FIT_DAMAGE:
            return th, good / total, prec, dmg
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


def sentence_floor(tort, gen, target: float) -> float:
    """The lowest threshold at which the out-of-fold sentences come out exact for at least
    ``target`` of those the finder changes, with at most MAX_SENTENCE_DAMAGE of the genuine
    sentences changed (0.99 if none): precision as this benchmark scores it, whole sentences."""
    for i, th in enumerate(THRESHOLDS):
        ch = sum(r[i][0] for r in tort)
        good = sum(r[i][1] for r in tort)
        if ch and good / ch >= target and sum(r[i][0] for r in gen) <= MAX_SENTENCE_DAMAGE * len(gen):
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


def cached(path: Path | None, compute):
    """``compute()``, or what an earlier run with the same ``path`` wrote there (None: no cache).
    The analysis scripts cache their slow out-of-fold passes this way."""
    import pickle

    if path is not None and path.is_file():
        return pickle.loads(path.read_bytes())
    value = compute()
    if path is not None:
        path.write_bytes(pickle.dumps(value))
    return value


def fit(rows, terms, verbose: bool = False, cache: Path | None = None, sentences: bool = True,
        curve: bool = False, weight: str = "none", sentence_target: float | None = None):
    groups = cached(cache, lambda: oof_examples(rows, terms))
    gw = None if weight == "none" else group_weights(rows, groups, weight)
    intercept, weights = fit_choice(groups, weights=gw)
    th, rec, prec, dmg = choose_threshold(groups, intercept, weights, gw)
    if verbose:
        how = "" if gw is None else f" ({weight}-weighted)"
        print(f"  out-of-fold on the fit part, phrases: threshold {th:.2f}, top-1 {rec:.3f}, "
              f"precision {prec:.3f}{how}, damage {dmg:.4f}")
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
        # --sentence-precision: the operating point is chosen on the sentences themselves (exact
        # precision as scored below), not on the phrase decisions
        th = sentence_floor(tort, gen, sentence_target) if sentence_target else damage_floor(gen, th)
        if verbose:
            i = THRESHOLDS.index(th) if th in THRESHOLDS else len(THRESHOLDS) - 1
            ch, good = sum(r[i][0] for r in tort), sum(r[i][1] for r in tort)
            print(f"  out-of-fold on the fit part, sentences: threshold {th:.2f}, top-1 {good / len(tort):.3f}, "
                  f"precision {good / max(1, ch):.3f}, genuine changed {sum(r[i][0] for r in gen)}/{len(gen)}")
            if curve:
                sentence_curve(tort, gen, 0.5)
    return intercept, weights, th


# --- evaluation -------------------------------------------------------------------------------


def restored_sentence(model, sentence: str, memo: dict | None = None) -> str:
    if memo is not None and sentence in memo:
        return memo[sentence]
    findings = T.find_tortured(sentence, model=model)
    out = apply_edits(sentence, T.tortured_edits(sentence, findings))
    if memo is not None:
        memo[sentence] = out
    return out


def _norm(s: str) -> tuple[str, ...]:
    return tuple(" ".join(T.words_of(s)).replace("-", " ").split())


def same(a, b) -> bool:
    """Whether two word sequences are the same term, a hyphen counting as a space ("energy-efficient"
    = "energy efficient"; the PPS expected texts write both). Inflection must match exactly."""
    return " ".join(a).replace("-", " ").split() == " ".join(b).replace("-", " ").split()


def evaluate(model, test, templates, genuine_n: int = 500, seed: int = 3, memo: dict | None = None):
    """Reach, top-1, precision, partial restorations and genuine damage on ``test`` rows, plus top-1
    and precision weighted by each row's num_papers (a row counts once per paper it is found in:
    the paper-level view; rows found in no paper weigh 0). ``memo`` reuses sentences already
    restored by the same model (a subset's figures equal those of a fresh run)."""
    reach = top1 = changed = partial = 0
    w_all = w_top1 = w_changed = 0.0
    n = 0
    for k, (t, e, papers) in enumerate(test):
        tpl = templates[k % len(templates)]
        ew = tuple(T.words_of(e))
        cands = model.candidates(T.words_of(t))
        reach += any(same(c.words, ew) for c in cands)
        src = tpl.format(t)
        out = restored_sentence(model, src, memo)
        n += 1
        w_all += papers
        if out != src:
            changed += 1
            w_changed += papers
            if _norm(out) == _norm(tpl.format(e)):
                top1 += 1
                w_top1 += papers
            elif _toward(src, out, tpl.format(e)):
                partial += 1
    expected = sorted({e for _, e, _ in test})
    random.Random(seed).shuffle(expected)
    expected = expected[:genuine_n]
    damaged = 0
    for k, e in enumerate(expected):
        src = templates[k % len(templates)].format(e)
        if restored_sentence(model, src, memo) != src:
            damaged += 1
    return {"rows": n, "reach": reach / n, "top1": top1 / n, "changed": changed, "partial": partial,
            "precision": top1 / changed if changed else 0.0, "genuine": len(expected),
            "damage": damaged / max(1, len(expected)),
            "w_top1": w_top1 / w_all if w_all else 0.0, "w_precision": w_top1 / w_changed if w_changed else 0.0}


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
          f"damage {res['damage'] * 100:.2f}% of {res['genuine']}  "
          f"by papers: top-1 {res['w_top1']:.3f} precision {res['w_precision']:.3f}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fit", action="store_true", help="fit constants on all dev rows and print them")
    ap.add_argument("--packaged", action="store_true", help="only the shipped model on the written texts")
    ap.add_argument("--splits", default="term,row")
    ap.add_argument("--no-curated", action="store_true", help="term vocabulary without the curated list")
    ap.add_argument("--phrase-threshold", action="store_true",
                    help="choose the threshold on phrase-level decisions only (before 2026-12-07)")
    ap.add_argument("--curve", action="store_true", help="print the out-of-fold sentence outcomes by threshold")
    ap.add_argument("--weight", choices=WEIGHT_SCHEMES, default="none",
                    help="weigh dev rows by num_papers in the fit and the threshold choice (see row_weight)")
    ap.add_argument("--cache", default=None, metavar="PREFIX",
                    help="keep the out-of-fold candidate features in PREFIX.<split> (refit without rescoring)")
    ap.add_argument("--no-abstracts", action="store_true", help="skip the abstract sentences (the slowest part)")
    ap.add_argument("--lemma-thesaurus", action="store_true",
                    help="the beam also follows the thesaurus through a word's lemmas (measured, off by default)")
    ap.add_argument("--hierarchy", default=None, metavar="RELS",
                    help="ScienceModel(hierarchy=RELS): WordNet hierarchy links of these relations "
                         "(letters of hgod; '' for none)")
    ap.add_argument("--spun-evidence", action="store_true",
                    help="ScienceModel(spun_evidence=True): how spun the table has seen the observed words "
                         "(features spun_max, spun_min; measured, off by default)")
    ap.add_argument("--boundary", action="store_true",
                    help="ScienceModel(boundary=True): the phrase-boundary rule (measured, off by default)")
    ap.add_argument("--sentence-precision", type=float, default=None, metavar="P",
                    help="choose the threshold where the finder's out-of-fold sentences reach exact "
                         "precision P (genuine damage still held), instead of on phrase decisions")
    ap.add_argument("--hierarchy-terms-only", action="store_true",
                    help="with --hierarchy: its links only inside listed terms (ScienceModel(hierarchy_beam=False))")
    args = ap.parse_args(argv)
    if args.hierarchy_terms_only:
        MODEL_OPTIONS["hierarchy_beam"] = False
    if args.spun_evidence:
        MODEL_OPTIONS["spun_evidence"] = True
    if args.boundary:
        MODEL_OPTIONS["boundary"] = True
    if args.lemma_thesaurus:
        MODEL_OPTIONS["thesaurus_lemmas"] = True
    if args.hierarchy is not None:
        MODEL_OPTIONS["hierarchy"] = args.hierarchy
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
                                     sentences=not args.phrase_threshold, curve=args.curve, weight=args.weight,
                                     sentence_target=args.sentence_precision)
        print(f"INTERCEPT = {intercept:.3f}")
        print("WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in weights) + ")")
        print(f"DEFAULT_MIN_CONFIDENCE = {th:.2f}")
        print(f"({time.time() - t0:.0f} s)")
        return 0
    abstracts = [] if args.no_abstracts else abstract_templates()
    for kind in args.splits.split(","):
        fit_rows, test = split(rows, kind)
        print(f"split by {kind}: fit {len(fit_rows)} rows, report on {len(test)}")
        intercept, weights, th = fit(fit_rows, terms, verbose=True, cache=args.cache and Path(f"{args.cache}.{kind}"),
                                        sentences=not args.phrase_threshold, curve=args.curve, weight=args.weight,
                                        sentence_target=args.sentence_precision)
        print(f"  {kind}: INTERCEPT = {intercept:.3f}, WEIGHTS = (" + ", ".join(f"{w:.3f}" for w in weights)
              + f"), threshold {th:.2f}")
        model = make_model(fit_rows, terms, weights=weights, intercept=intercept, min_confidence=th)
        memo: dict[str, str] = {}
        report(f"  {kind}: standard sentence", evaluate(model, test, [TEMPLATE], memo=memo))
        frequent = [r for r in test if r[2] >= FREQUENT_PAPERS]
        if frequent:  # the acceptance set is the export's most frequent rows: the nearest proxy here
            report(f"  {kind}: rows in >= {FREQUENT_PAPERS} papers", evaluate(model, frequent, [TEMPLATE], memo=memo))
        if abstracts:
            report(f"  {kind}: abstract sentences", evaluate(model, test, abstracts))
        ch, w, _ = clean_damage(model)
        print(f"  {kind}: clean abstracts: {ch} of {w} words changed")
    print(f"({time.time() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
