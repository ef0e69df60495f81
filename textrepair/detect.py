"""Spin detection: a calibrated score in [0, 1] per paragraph and per document, with its evidence as Signals."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from . import substitution
from .document import Document
from .candidates import (Hit, TableSet, Token, find_hits, lm_gains, protected_spans, table_set,
                         tokenize)
from .errors import require_text
from .segment import split_paragraphs
from .tables import PhraseTable
from .types import ParagraphScore, Signal, Span

# --- calibration -------------------------------------------------------------------------------
# The score is a logistic over hit densities. Constants were fitted by
# ``benchmarks/bench_restore.py --calibrate`` (logistic regression on the paragraphs of the dev
# corpus: corpus/dict + corpus/pairs spun copies + the seed body as positives, corpus/clean and
# the pairs/dict originals as negatives) and rounded; see the README "restoration" section.

#: Pseudo-words of document evidence mixed into each paragraph's density, so a short paragraph
#: of a heavily spun document is judged with its document (empirical-Bayes shrinkage).
SHRINK_WORDS = 30.0
#: Pseudo-words of clean text that a document's own densities are shrunk toward, and the
#: clean-text densities themselves (spin mass, broken collocations per word).
PRIOR_WORDS = 30.0
PRIOR_RATE = (0.002, 0.0005)
#: log10 LM gain from which a hit counts as a broken collocation (the restored form is ten
#: times likelier in its context than what was written).
COLLOCATION_GAIN = 1.0
INTERCEPT = -5.19
W_DENSITY = 31.7       # per unit of spin-probability mass per word
W_COLLOCATION = 18.0   # per broken collocation per word
W_CLUSTER = 0.19       # per sentence holding two or more hits (the fit finds it nearly redundant)

#: Default decision threshold on the paragraph score: no clean dev paragraph or document is
#: flagged at 0.4 (0 of 505 / 54; at 0.3 one paragraph is, and restoration then changes 3 words
#: of the pair originals). It was 0.5, but an unseen article of a dictionary spinner carries
#: weaker evidence than the dev articles the table was weighed on: leaving out the table rows
#: whose only evidence is the held-out article (``bench_restore.py --loo --strict``), 0.5 removes
#: 11.8% of its errors and 0.4 removes 19.4% (plain leave-one-out: 53.2% -> 53.3%). Calibration
#: table in the README.
DEFAULT_THRESHOLD = 0.4
#: The document gate: a paragraph with at least one hit is also flagged when its document scores
#: at least ``document_gate(threshold)`` (0.3 by default). The document score pools every
#: paragraph, so it is steadier than a short paragraph's own: no clean dev document reaches 0.17
#: (max 0.162 of 54; Brown corpus press 0.13 of 90, all 502 Brown documents 0.245), while held-out dictionary-spinner articles score 0.37-0.73 even with their
#: own table rows removed, their weaker paragraphs 0.12-0.4. Measured by
#: ``bench_restore.py --loo [--strict]``: errors removed 53.3% -> 54.4% (strict 19.4% -> 26.1%),
#: precision 0.91 (strict 0.79 -> 0.76), clean damage still 0.
DOCUMENT_MARGIN = 0.1


@dataclass(frozen=True)
class ParagraphAnalysis:
    """Everything detection computed for one paragraph, reused by the restorer."""

    span: Span
    tokens: tuple[Token, ...]
    hits: tuple[Hit, ...]
    gains: tuple[float, ...]
    protected: tuple[tuple[int, int], ...]
    #: Table-free evidence (textrepair.substitution): spans a thesaurus neighbour reads far better
    #: in, and the paragraph's eligible words; None when not computed.
    substitution: substitution.ParagraphEvidence | None = None
    #: Spin mass (sum of the hits' P(spun)), broken collocations and sentences with two or more
    #: hits: derived in __post_init__ (each is read several times per paragraph).
    mass: float = field(init=False)
    collocations: int = field(init=False)
    clusters: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "mass", sum(h.spin_prob for h in self.hits))
        object.__setattr__(self, "collocations", sum(1 for g in self.gains if g >= COLLOCATION_GAIN))
        object.__setattr__(self, "clusters", _count_clusters(self.tokens, self.hits))

    @property
    def words(self) -> int:
        return len(self.tokens)


def _count_clusters(tokens: Sequence[Token], hits: Sequence[Hit]) -> int:
    """Sentences holding two or more hits."""
    if len(hits) < 2:
        return 0
    per_sentence: dict[int, int] = {}
    sentence = 0
    k = 0
    for h in hits:  # hits are sorted: walk the tokens once, remembering the last sentence start
        while k <= h.i:
            if tokens[k].sentence_start:
                sentence = k
            k += 1
        per_sentence[sentence] = per_sentence.get(sentence, 0) + 1
    return sum(1 for c in per_sentence.values() if c >= 2)


def analyse_paragraph(text: str, span: Span, ts: TableSet) -> ParagraphAnalysis:
    """Tokens, table hits and LM gains of one paragraph."""
    toks = tokenize(text, span)
    prot = protected_spans(text, span)
    hits = find_hits(text, toks, ts, prot)
    gains = lm_gains(hits, toks)
    return ParagraphAnalysis(span, tuple(toks), tuple(hits), gains, tuple(prot))


def _logistic(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    ez = math.exp(z)
    return ez / (1.0 + ez)


def features(a: ParagraphAnalysis, doc_rate: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float, float]:
    """(spin-mass density, broken-collocation density, clusters) of a paragraph, shrunk toward
    the document's own densities ``doc_rate``."""
    n = a.words + SHRINK_WORDS
    dens = (a.mass + SHRINK_WORDS * doc_rate[0]) / n
    coll = (a.collocations + SHRINK_WORDS * doc_rate[1]) / n
    return dens, coll, float(a.clusters)


def combine(f: Sequence[float]) -> float:
    """The calibrated score in [0, 1] from :func:`features`."""
    return _logistic(INTERCEPT + W_DENSITY * f[0] + W_COLLOCATION * f[1] + W_CLUSTER * min(f[2], 4.0))


def _signals(a: ParagraphAnalysis) -> tuple[Signal, ...]:
    out = []
    for h, g in zip(a.hits, a.gains):
        best = h.options[0]
        kind = "artefact" if h.artefact else ("collocation" if g >= COLLOCATION_GAIN else "table")
        out.append(Signal(kind, h.start, h.end, h.observed, round(h.spin_prob, 4),
                          f"{best.source} -> {best.replacement!r}; LM gain {g:+.1f}"))
    if a.clusters:
        out.append(Signal("cluster", a.span.start, a.span.end, "", float(a.clusters),
                          f"{a.clusters} sentence(s) with two or more spinner hits"))
    return tuple(out)


def _doc_rate(analyses: Sequence[ParagraphAnalysis]) -> tuple[float, float]:
    """The document's densities, themselves shrunk toward clean-text densities by
    :data:`PRIOR_WORDS` pseudo-words, so a one-paragraph text is not its own evidence."""
    words = sum(a.words for a in analyses) + PRIOR_WORDS
    mass = sum(a.mass for a in analyses) + PRIOR_WORDS * PRIOR_RATE[0]
    coll = sum(a.collocations for a in analyses) + PRIOR_WORDS * PRIOR_RATE[1]
    return mass / words, coll / words


def analyse(text: str, spans: Iterable[Span] | None = None, *,
            tables: TableSet | Iterable[PhraseTable | str] | None = None,
            thesaurus: bool = True) -> tuple[ParagraphAnalysis, ...]:
    """Analyse each paragraph span (default: :func:`~textrepair.segment.split_paragraphs`):
    table hits and, with ``thesaurus``, the table-free substitution evidence of the document."""
    require_text(text)
    ts = table_set(tables)
    spans = split_paragraphs(text) if spans is None else tuple(spans)
    out = tuple(analyse_paragraph(text, s, ts) for s in spans)
    if thesaurus and out and _table_document_score(out) < TABLE_EXPLAINS:
        ev = substitution.analyse_document(text, [(a.tokens, a.protected) for a in out])
        out = tuple(replace(a, substitution=e) for a, e in zip(out, ev))
    return out


def document_gate(threshold: float) -> float:
    """The document score from which every paragraph with a hit is flagged.

    ``t - DOCUMENT_MARGIN * t(1 - t) / (d(1 - d))`` with ``d`` the default threshold: the margin is
    DOCUMENT_MARGIN at the default (0.3 for 0.4) and shrinks toward both ends, so a stricter
    threshold is stricter for documents too (``threshold=1`` still flags nothing) and a permissive
    one does not open the gate to every document (0.13 at 0.2, where a plain ``t - 0.1`` gave 0.1
    and a linear shrink 0.07, which flagged 16% of Brown press paragraphs: bench_brown.py)."""
    t = min(1.0, max(0.0, threshold))
    d = DEFAULT_THRESHOLD
    return t - DOCUMENT_MARGIN * t * (1.0 - t) / (d * (1.0 - d))


#: A document whose spinner-table score reaches this is explained by the table: its table-free
#: evidence is not computed (the table restorer handles it; on corpus/dict, thesaurus edits next to
#: the table's only cost precision, and skipping them halves the cost of a spun document).
TABLE_EXPLAINS = 0.5
#: Table-free spans shown as evidence per paragraph (the strongest, by margin).
SUBSTITUTION_SIGNALS = 5


def substitution_scores(analyses: Sequence[ParagraphAnalysis]) -> list[float]:
    """Each paragraph's table-free substitution score (0 where it was not computed)."""
    ev = [a.substitution for a in analyses]
    if any(e is None for e in ev):
        return [0.0] * len(analyses)
    return substitution.paragraph_scores(ev)  # type: ignore[arg-type]


def _substitution_signals(a: ParagraphAnalysis) -> tuple[Signal, ...]:
    ev = a.substitution
    if ev is None:
        return ()
    strong = sorted((s for s in ev.spans if s.evidence >= substitution.STRONG_MARGIN), key=lambda s: -s.evidence)
    return tuple(Signal("thesaurus", s.start, s.end, s.observed, round(s.evidence, 4),
                        f"-> {s.options[0][0]!r} reads {10 ** min(s.evidence, 9):.0f}x likelier here "
                        f"(margin {s.evidence:+.1f})")
                 for s in sorted(strong[:SUBSTITUTION_SIGNALS], key=lambda s: s.start))


def scores_from(analyses: Sequence[ParagraphAnalysis], threshold: float | None = None) -> tuple[ParagraphScore, ...]:
    """Paragraph scores from analyses (see :func:`score_paragraphs`).

    A paragraph's score is the higher of its table score and its table-free substitution score
    (textrepair.substitution). It is flagged when that reaches the threshold, or when it holds at
    least one table hit and its document's table score reaches :func:`document_gate` (a
    "document" signal then says so)."""
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    rate = _doc_rate(analyses)
    gate = document_gate(t)
    doc = _table_document_score(analyses) if any(a.hits for a in analyses) else 0.0
    sub = substitution_scores(analyses)
    out = []
    for a, sub_score in zip(analyses, sub):
        s = max(combine(features(a, rate)), sub_score)
        signals = _signals(a) + (_substitution_signals(a) if sub_score >= t else ())
        spun = s >= t
        if not spun and a.hits and doc >= gate:
            spun = True
            signals += (Signal("document", a.span.start, a.span.end, "", round(doc, 4),
                               f"flagged with its document (document score {doc:.2f} >= {gate:.2f})"),)
        out.append(ParagraphScore(a.span.start, a.span.end, s, spun, signals))
    return tuple(out)


def table_flags(analyses: Sequence[ParagraphAnalysis], threshold: float | None = None) -> tuple[bool, ...]:
    """Which paragraphs the spinner-table evidence alone flags (own score or document gate): the
    table decoder runs only there, so table-free evidence never opens a paragraph to it."""
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    rate = _doc_rate(analyses)
    gate = document_gate(t)
    doc = _table_document_score(analyses) if any(a.hits for a in analyses) else 0.0
    return tuple(combine(features(a, rate)) >= t or bool(a.hits and doc >= gate) for a in analyses)


def document_score_from(analyses: Sequence[ParagraphAnalysis]) -> float:
    """The document's score: the higher of its table score (the paragraph model applied to the
    whole body at once) and its table-free substitution score."""
    table = _table_document_score(analyses)
    ev = [a.substitution for a in analyses]
    if not ev or any(e is None for e in ev):
        return table
    return max(table, substitution.document_score(ev))  # type: ignore[arg-type]


def _table_document_score(analyses: Sequence[ParagraphAnalysis]) -> float:
    words = sum(a.words for a in analyses)
    if not words:
        return 0.0
    dens, coll = _doc_rate(analyses)
    clusters = sum(a.clusters for a in analyses)
    # Densities shrunk toward clean text (a two-word text is not evidence of anything);
    # clusters are counted per 100 words so long documents do not win by length alone.
    return combine((dens, coll, clusters * 100.0 / max(words, 100)))


def score_paragraphs(text: str, spans: Iterable[Span] | None = None, *,
                     tables: TableSet | Iterable[PhraseTable | str] | None = None,
                     threshold: float | None = None) -> tuple[ParagraphScore, ...]:
    """Score each paragraph of ``text`` for spinning: a score in [0, 1], the decision at
    ``threshold`` (default :data:`DEFAULT_THRESHOLD`) and the evidence as signals.

    >>> ps = score_paragraphs("Regulation enforcement companies used the know-how, in line with information.")
    >>> ps[0].spun
    True
    """
    return scores_from(analyse(text, spans, tables=tables), threshold)


def score_document(text: str, spans: Iterable[Span] | None = None, *,
                   tables: TableSet | Iterable[PhraseTable | str] | None = None,
                   threshold: float | None = None) -> tuple[float, bool, tuple[ParagraphScore, ...]]:
    """(score, spun, paragraph scores) for a whole text."""
    analyses = analyse(text, spans, tables=tables)
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    s = document_score_from(analyses)
    return s, s >= t, scores_from(analyses, threshold)


def scan_document(doc: Document, *, tables: TableSet | Iterable[PhraseTable | str] | None = None,
                  threshold: float | None = None) -> dict[str, Any]:
    """The ``textrepair scan`` record of a document: its score, decision and body paragraphs
    (offsets into ``doc.text``, the file's decoded text)."""
    score, spun, paragraphs = score_document(doc.text, doc.paragraphs, tables=tables, threshold=threshold)
    return {"score": round(score, 4), "spun": spun, "paragraphs": [p.to_dict() for p in paragraphs]}
