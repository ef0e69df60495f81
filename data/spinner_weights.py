"""The spinner table's weight rule: P(original | observed) and P(kept | observed), by article group.

Used by data/build_spinner_table.py, and by benchmarks/bench_restore.py --loo / --tune, which
rebuild the weights without the held-out articles. Build-time only: nothing here ships in the
package. docs/method-table-weights.md gives the why and the figures.

For every observed (spun) form ``o`` of the table the hypotheses are one per table original
``c``, and **kept**: the original already had ``o`` (the spinner left it alone) or a word the
table does not list. In both kept cases restoring a table original is wrong; the table stores
P(c | o) and kept is what the originals' weights leave (``1 - sum``).

* **Evidence, by article group.** Aligned sentence pairs of dictionary-spinner copies, pooled
  per group of copies of one original article. Per group: the spun occurrences of ``o``, how many
  stand where the original has ``o`` too or none of the table's originals (kept), how many where it
  has ``c`` instead. A group counts at most :data:`GROUP_CAP` occurrences (its shares are kept):
  eight "charges" in one story about fees are one sense in one story, not eight draws.
* **Prior for kept.** A logistic function of general features of the form: the spinner
  channel's log-odds (entered with its own slope, ln 10) plus fitted terms for how ordinary the
  form is and whether it is a phrase (:func:`features`), fitted on the group-level evidence of all
  forms pooled (empirical Bayes). Curation bias: a row was
  written because some article showed it spun, so the groups a row cites overstate its spin
  rate; the fit and the spin rate ``r`` skip them (each row is judged on the articles it was not
  written from, as an unseen article would judge it).
* **Posterior.** ``P(h | o) = (evidence_h + A·prior_h) / (evidence + A)`` with
  ``A = PSEUDO · 10^(HET·(zipf(o) - 4))`` pseudo-occurrences: the more ordinary the word, the more
  senses and uses it has, and the less one article's spinning of it says about the next article.
  The originals share the prior's spun part in proportion to ``f(c)/n_c``.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

#: Pseudo-occurrences of the prior for a form of LM zipf 4, and how they grow with ordinariness
#: (x 10^(HET·(zipf - 4))). Chosen inside the leave-one-article-out run over {1, 2} x {0, 1}
#: with the decoder's prior exponent (benchmarks/bench_restore.py --tune; figures in
#: docs/method-table-weights.md).
PSEUDO = 2.0
HET = 1.0
#: Occurrences one article group counts at most (its shares are kept). Set a priori, not tuned.
GROUP_CAP = 2.0
#: L2 penalty on the keep-prior slopes (keeps the fit sane on a fold of four article groups).
RIDGE = 1.0

GroupPairs = Mapping[str, Sequence[tuple[str, str]]]


def count(phrase: str, sentence: str) -> int:
    """Occurrences of ``phrase`` in a normalised sentence, on word boundaries."""
    if phrase not in sentence:  # most sentences: a C-speed substring test instead of a regex
        return 0
    return len(re.findall(r"(?<![\w'-])" + re.escape(phrase) + r"(?![\w'-])", sentence))


@dataclass
class FormEvidence:
    """What the article groups show about one observed form (``n``, ``kept``, ``by_original``
    are effective counts, each group capped at ``group_cap``; ``raw_*`` are plain counts)."""

    n: float = 0.0
    kept: float = 0.0
    by_original: Counter = field(default_factory=Counter)
    raw_n: int = 0
    raw_by_original: Counter = field(default_factory=Counter)
    groups: int = 0
    #: Per group: (group, occurrences, kept share), the rows of the prior's fit.
    units: list[tuple[str, int, float]] = field(default_factory=list)


class Evidence:
    """Aligned (original, spun) sentence pairs by article group, normalised (lowercase words)."""

    def __init__(self, groups: GroupPairs, group_cap: float = GROUP_CAP):
        self.groups = {g: list(p) for g, p in groups.items()}
        self.group_cap = group_cap
        # Spun sentences joined per group: one substring test rules a whole group out.
        self._blob = {g: "\n".join(s for _, s in p) for g, p in self.groups.items()}

    def of(self, observed: str, originals: Sequence[str]) -> FormEvidence:
        """The evidence for ``observed`` against its table ``originals`` (greedy per sentence:
        an occurrence the original sentence also has is kept, else it is credited to the first
        original that the original sentence has more often than the spun one)."""
        o = observed.lower()
        ev = FormEvidence()
        for g, pairs in self.groups.items():
            if o not in self._blob[g]:
                continue
            n = kept = 0
            k: Counter = Counter()
            for orig, spun in pairs:
                cs = count(o, spun)
                if not cs:
                    continue
                n += cs
                same = min(cs, count(o, orig))
                left = cs - same
                for c in originals:
                    if left <= 0:
                        break
                    extra = count(c.lower(), orig) - count(c.lower(), spun)
                    if extra > 0:
                        got = min(extra, left)
                        k[c] += got
                        left -= got
                kept += same + left  # the original had o, or a word the table does not list
            if not n:
                continue
            scale = min(1.0, self.group_cap / n)
            ev.n += n * scale
            ev.kept += kept * scale
            for c, v in k.items():
                ev.by_original[c] += v * scale
            ev.raw_n += n
            ev.raw_by_original.update(k)
            ev.groups += 1
            ev.units.append((g, n, kept / n))
        return ev


def spin_rate(evidence: Evidence, originals: Mapping[str, Iterable[str]]) -> float:
    """Share of occurrences of single-word table originals (in the original sentences) that the
    spinner changed. ``originals``: {original: groups to skip for it} (the groups its row cites,
    which overstate its rate)."""
    skip = {w.lower(): frozenset(g) for w, g in originals.items() if " " not in w}
    seen = changed = 0
    for g, pairs in evidence.groups.items():
        words = {w for w, gs in skip.items() if g not in gs}
        for orig, spun in pairs:
            for w in set(orig.split()) & words:
                co, cs = count(w, orig), count(w, spun)
                seen += co
                changed += max(0, co - cs)
    return changed / max(1, seen)


# --- the prior for "kept" ------------------------------------------------------------------------


def channel_logodds(f_observed: float, observed_is_original: bool,
                    originals: Sequence[tuple[float, int]], r: float) -> float:
    """log10 of f(o)·k(o) / Σ f(c)·r/n_c: the spinner channel's odds that ``o`` was written as
    is (``f`` LM probabilities, ``n_c`` the spun forms listed for ``c``, ``k = 1 - r`` when ``o``
    is itself a table original that the spinner would change, else 1)."""
    keep = f_observed * ((1.0 - r) if observed_is_original else 1.0)
    spun = sum(f * r / max(1, n) for f, n in originals)
    return math.log10(max(keep, 1e-30)) - math.log10(max(spun, 1e-30))


#: The channel log-odds enter the keep prior with their own slope: they are log10 odds, and
#: ln 10 turns them into the logistic's natural-log units. Only the other terms are fitted (a
#: free slope came out at 0.4-0.5 on four groups of noisy rows and left rare spinner forms such
#: as "know-how" at 0.68; bench_restore.py --loo 50.0% / 0.90, --strict 18.1% / 0.80 against
#: 52.4% / 0.90 and 31.5% / 0.79 with the slope fixed).
CHANNEL_SLOPE = math.log(10)


def features(channel: float, zipf: float, words: int) -> tuple[float, ...]:
    """The keep prior's fitted inputs: 1, LM zipf - 4, [a phrase of several words]."""
    return (1.0, zipf - 4.0, 1.0 if words > 1 else 0.0)


@dataclass(frozen=True)
class KeepPrior:
    """logit P(kept | o) = CHANNEL_SLOPE · channel log-odds + b · features(o) (natural-log logits)."""

    b: tuple[float, ...]

    def logit(self, channel: float, zipf: float, words: int = 1) -> float:
        return CHANNEL_SLOPE * channel + sum(a * x for a, x in zip(self.b, features(channel, zipf, words)))

    def __call__(self, channel: float, zipf: float, words: int = 1) -> float:
        z = self.logit(channel, zipf, words)
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def __str__(self) -> str:
        return "(" + ", ".join(f"{x:+.2f}" for x in self.b) + ")"


def fit_keep_prior(units: Sequence[tuple[float, tuple[float, ...], float, float]],
                   ridge: float = RIDGE) -> KeepPrior:
    """Weighted logistic regression of the kept share on :func:`features`, with the channel
    log-odds as a fixed offset (``CHANNEL_SLOPE`` x channel).

    ``units``: (channel, features, kept share, weight), one per (form, article group) with spun
    occurrences. Newton steps with an L2 penalty on the slopes; without data, the plain channel
    model (all fitted terms 0)."""
    k = len(features(0.0, 4.0, 1))
    w = [0.0] * k
    if not units:
        return KeepPrior(tuple(w))
    for _ in range(50):
        g = [0.0] * k
        h = [[0.0] * k for _ in range(k)]
        for ch, x, y, wt in units:
            z = CHANNEL_SLOPE * ch + sum(a * b for a, b in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for i in range(k):
                g[i] += wt * (p - y) * x[i]
                for j in range(k):
                    h[i][j] += wt * p * (1 - p) * x[i] * x[j]
        for i in range(1, k):
            g[i] += ridge * w[i]
            h[i][i] += ridge
        step = _solve(h, g)
        w = [a - b for a, b in zip(w, step)]
        if max(abs(v) for v in step) < 1e-8:
            break
    return KeepPrior(tuple(w))


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Solve a small linear system (Gaussian elimination with partial pivoting)."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        if abs(m[col][col]) < 1e-12:
            return [0.0] * n
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def group_units(ev: FormEvidence, channel: float, x: tuple[float, ...], group_cap: float,
                exclude: Iterable[str] = ()) -> list[tuple[float, tuple[float, ...], float, float]]:
    """The form's rows for :func:`fit_keep_prior` (channel log-odds, features ``x``), without the
    groups in ``exclude``."""
    skip = set(exclude)
    return [(channel, x, share, min(float(n), group_cap)) for g, n, share in ev.units if g not in skip]


# --- the posterior -------------------------------------------------------------------------------


def pseudo_count(zipf: float, pseudo: float = PSEUDO, het: float = HET) -> float:
    """Pseudo-occurrences of the prior for a form of LM zipf ``zipf``."""
    return pseudo * 10 ** (het * (zipf - 4.0))


def posterior(ev: FormEvidence, keep_prior: float, shares: Mapping[str, float],
              pseudo: float) -> tuple[float, dict[str, float]]:
    """(P(kept | o), {c: P(c | o)}): the evidence plus ``pseudo`` occurrences of the prior
    (kept with ``keep_prior``, each original with its ``share`` of the rest)."""
    total = ev.n + pseudo
    kept = (ev.kept + pseudo * keep_prior) / total
    return kept, {c: (ev.by_original.get(c, 0.0) + pseudo * (1.0 - keep_prior) * s) / total
                  for c, s in shares.items()}


def by_group(pairs: Mapping[str, Sequence[tuple[str, str]]],
             group_of: Mapping[str, str]) -> dict[str, list[tuple[str, str]]]:
    """Article pairs {article: pairs} pooled by group {article: group}."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name, ps in pairs.items():
        out[group_of.get(name, name)].extend(ps)
    return dict(out)
