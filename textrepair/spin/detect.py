"""Spin detection: a calibrated score in [0, 1] per paragraph and per document, with its evidence as Signals."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..core.errors import require_text
from ..core.types import ParagraphScore, Signal, Span, StageRecord
from ..lexical.tables import PhraseTable
from ..text.document import Document
from ..text.segment import split_paragraphs
from . import substitution
from .hits import Hit, Option, make_hit
from .match import RECORD, TableSet, find_hits, table_set
from .scoring import lm_gains
from .tokens import Token, protected_spans, tokenize

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
    #: Table-free evidence (:mod:`textrepair.spin.substitution`): spans a thesaurus neighbour reads
    #: far better in, and the paragraph's eligible words; None when not computed (the table
    #: explains the document, or table-free analysis was not asked for).
    substitution: substitution.ParagraphEvidence | None = None
    #: Spin mass (sum of the hits' P(spun)), broken collocations and sentences with two or more
    #: hits: derived in __post_init__ (each is read several times per paragraph).
    mass: float = field(init=False)
    collocations: int = field(init=False)
    clusters: int = field(init=False)

    def __post_init__(self) -> None:
        for name, value in _derived(self.tokens, self.hits, self.gains).items():
            object.__setattr__(self, name, value)

    @property
    def words(self) -> int:
        return len(self.tokens)

    def with_substitution(self, evidence: substitution.ParagraphEvidence | None) -> ParagraphAnalysis:
        """This analysis with its table-free evidence (the derived counts are copied, not
        recomputed: this runs for every paragraph of every document)."""
        new = object.__new__(ParagraphAnalysis)
        new.__dict__.update(self.__dict__)
        new.__dict__["substitution"] = evidence
        return new


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
    return _new_analysis(span, tuple(toks), tuple(hits), gains, tuple(prot))


def _new_analysis(span: Span, tokens: tuple[Token, ...], hits: tuple[Hit, ...], gains: tuple[float, ...],
                  protected: tuple[tuple[int, int], ...]) -> ParagraphAnalysis:
    """``ParagraphAnalysis(span, tokens, hits, gains, protected)``, built as its constructor builds
    it (the same attributes, in the same order) without the frozen dataclass's one
    ``object.__setattr__`` per field: this runs for every paragraph of every document
    (tests/test_speed_paths.py checks it against the constructor)."""
    new = object.__new__(ParagraphAnalysis)
    new.__dict__.update(span=span, tokens=tokens, hits=hits, gains=gains, protected=protected, substitution=None,
                        **_derived(tokens, hits, gains))
    return new


def _derived(tokens: Sequence[Token], hits: Sequence[Hit], gains: Sequence[float]) -> dict[str, float | int]:
    """A paragraph analysis's derived counts, in field order: spin mass, broken collocations,
    sentences with two or more hits."""
    return {"mass": sum(h.spin_prob for h in hits),
            "collocations": sum(1 for g in gains if g >= COLLOCATION_GAIN),
            "clusters": _count_clusters(tokens, hits)}


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
        out.append(Signal(kind, h.start, h.end, h.found, round(h.spin_prob, 4),
                          f"{best.source} -> {best.replacement!r}; LM gain {g:+.1f}"))
    if a.clusters:
        out.append(Signal("cluster", a.span.start, a.span.end, "", float(a.clusters),
                          f"{a.clusters} sentence(s) with two or more spinner hits"))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class DocumentEvidence:
    """What the document-level model reads from a body: its paragraphs' totals.

    A body repaired in pieces (:mod:`textrepair.chunked`) adds up the totals piece by piece and
    scores every piece with the sum, so each paragraph is judged with the same document as in a
    whole-body repair. Totals are added paragraph by paragraph in body order, so the sum (and
    every score from it) is the same float whichever way the body was cut."""

    words: int = 0
    mass: float = 0.0
    collocations: int = 0
    clusters: int = 0
    hits: bool = False
    #: The table-free totals (:class:`~textrepair.spin.substitution.DocumentTotals`) of the
    #: paragraphs that carry table-free evidence; None when none does.
    thesaurus: substitution.DocumentTotals | None = None
    #: The words the body writes (the table-free model's document bonus), when added up for a body
    #: repaired in pieces (:func:`stage_evidence`); empty otherwise.
    vocabulary: frozenset[str] = frozenset()

    def add(self, analyses: Iterable[ParagraphAnalysis]) -> DocumentEvidence:
        """These totals with ``analyses`` (the following paragraphs of the body) added."""
        words, mass, coll, clusters, hits = self.words, self.mass, self.collocations, self.clusters, self.hits
        sub = []
        for a in analyses:
            words += a.words
            mass += a.mass
            coll += a.collocations
            clusters += a.clusters
            hits = hits or bool(a.hits)
            if a.substitution is not None:
                sub.append(a.substitution)
        thesaurus = self.thesaurus
        if sub:
            thesaurus = (thesaurus or substitution.DocumentTotals()).add(sub)
        return DocumentEvidence(words, mass, coll, clusters, hits, thesaurus, self.vocabulary)


def _evidence(analyses: Sequence[ParagraphAnalysis] | DocumentEvidence) -> DocumentEvidence:
    return analyses if isinstance(analyses, DocumentEvidence) else DocumentEvidence().add(analyses)


def _doc_rate(analyses: Sequence[ParagraphAnalysis] | DocumentEvidence) -> tuple[float, float]:
    """The document's densities, themselves shrunk toward clean-text densities by
    :data:`PRIOR_WORDS` pseudo-words, so a one-paragraph text is not its own evidence."""
    ev = _evidence(analyses)
    words = ev.words + PRIOR_WORDS
    mass = ev.mass + PRIOR_WORDS * PRIOR_RATE[0]
    coll = ev.collocations + PRIOR_WORDS * PRIOR_RATE[1]
    return mass / words, coll / words


def analyse(text: str, spans: Iterable[Span] | None = None, *,
            tables: TableSet | Iterable[PhraseTable | str] | None = None, thesaurus: bool = True,
            document: DocumentEvidence | None = None) -> tuple[ParagraphAnalysis, ...]:
    """Analyse each paragraph span (default: :func:`~textrepair.text.segment.split_paragraphs`):
    table hits and, with ``thesaurus``, the table-free evidence (:func:`add_substitution`).
    ``document`` is the evidence of the whole body ``text`` belongs to (default: ``text`` alone)."""
    require_text(text)
    ts = table_set(tables)
    spans = split_paragraphs(text) if spans is None else tuple(spans)
    out = tuple(analyse_paragraph(text, s, ts) for s in spans)
    if thesaurus and out:
        out = add_substitution(text, out, document)
    return out


#: A document whose spinner-table score reaches this is explained by the table: its table-free
#: evidence is not computed (the table restorer handles it; on corpus/dict, thesaurus edits next
#: to the table's only cost precision, and skipping them halves the cost of a spun document).
TABLE_EXPLAINS = 0.5
#: Table-free spans shown as evidence per flagged paragraph (the strongest, by margin).
SUBSTITUTION_SIGNALS = 5


def table_explains(document: DocumentEvidence) -> bool:
    """Whether the spinner table explains a document (its table score reaches TABLE_EXPLAINS)."""
    return document.hits and table_document_score(document) >= TABLE_EXPLAINS


def add_substitution(text: str, analyses: Sequence[ParagraphAnalysis],
                     document: DocumentEvidence | None = None) -> tuple[ParagraphAnalysis, ...]:
    """``analyses`` with their table-free evidence: none where the table explains the document;
    each paragraph screened; every word analysed where the document passes the screen
    (:func:`~textrepair.spin.substitution.needs_analysis`). Each decision is the whole body's
    (``document``, when ``text`` is a piece of it), so a body repaired in pieces is judged as whole."""
    ev = _evidence(analyses) if document is None else document
    if table_explains(ev):
        return tuple(analyses)
    positions = [substitution.eligible_positions(text, a.tokens, a.protected) for a in analyses]
    # A short document is analysed word by word whatever its screen says: its sample is not drawn
    # (a body in pieces draws it, in stage_evidence; it is not read when every word is analysed).
    short = document is None and sum(len(p) for p in positions) <= substitution.SCREEN_SAMPLE
    # The class screen's sample is drawn only where the stride sample stops a whole document (a
    # body in pieces draws both for every piece, in stage_evidence).
    screened = [substitution.screen_paragraph(text, a.tokens, a.protected, not short, p, classes=False)
                for a, p in zip(analyses, positions)]
    if document is None:
        totals = substitution.DocumentTotals().add(screened)
        if not short and not substitution.needs_analysis(totals.eligible, totals.screen):
            screened = [substitution.add_class_screen(text, a.tokens, a.protected, e, p)
                        for a, e, p in zip(analyses, screened, positions)]
            totals = substitution.DocumentTotals().add(screened)
    else:
        totals = document.thesaurus or substitution.DocumentTotals()
    if substitution.needs_analysis(totals.eligible, totals.screen, totals.class_screen):
        words = (frozenset().union(*(substitution.vocabulary(a.tokens) for a in analyses))
                 if document is None else document.vocabulary)
        screened = [substitution.analyse_paragraph(text, a.tokens, a.protected, e, words)
                    for a, e in zip(analyses, screened)]
    return tuple(a.with_substitution(e) for a, e in zip(analyses, screened))


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


def substitution_scores(analyses: Sequence[ParagraphAnalysis],
                        document: DocumentEvidence | None = None) -> list[float]:
    """Each paragraph's table-free substitution score (0 where it was not computed)."""
    ev = _evidence(analyses) if document is None else document
    evidence = [a.substitution for a in analyses]
    if not evidence or ev.thesaurus is None or any(e is None for e in evidence) or table_explains(ev):
        return [0.0] * len(analyses)
    return substitution.paragraph_scores(evidence, ev.thesaurus)  # type: ignore[arg-type]


def _substitution_signals(a: ParagraphAnalysis) -> tuple[Signal, ...]:
    ev = a.substitution
    if ev is None:
        return ()
    strong = sorted((s for s in ev.spans if s.evidence >= substitution.STRONG_MARGIN), key=lambda s: -s.evidence)
    return tuple(Signal("thesaurus", s.start, s.end, s.found, round(s.evidence, 4),
                        f"-> {s.options[0][0]!r} reads {10 ** min(s.evidence, 9):.0f}x likelier here "
                        f"(margin {s.evidence:+.1f})")
                 for s in sorted(strong[:SUBSTITUTION_SIGNALS], key=lambda s: s.start))


@dataclass(frozen=True, slots=True)
class Judgement:
    """Detection's verdict on a document's paragraphs: their scores, and which evidence flags each
    (the spinner table's, the table-free model's), so that each restorer acts only where its own
    evidence says the text is spun."""

    scores: tuple[ParagraphScore, ...]
    by_table: tuple[bool, ...]
    by_substitution: tuple[bool, ...]
    #: The table-free totals of the whole document the verdict read (None when it had none): the
    #: restorer reads its part-of-speech strata (substitution.stratum_priors).
    thesaurus: substitution.DocumentTotals | None = None


def judge(analyses: Sequence[ParagraphAnalysis], threshold: float | None = None, *,
          document: DocumentEvidence | None = None) -> Judgement:
    """Paragraph scores and flags from analyses (see :func:`scores_from`)."""
    t = DEFAULT_THRESHOLD if threshold is None else threshold
    ev = _evidence(analyses) if document is None else document
    rate = _doc_rate(ev)
    gate = document_gate(t)
    doc = table_document_score(ev) if ev.hits else 0.0
    sub = substitution_scores(analyses, ev)
    out = []
    by_table = []
    for a, sub_score in zip(analyses, sub):
        table = combine(features(a, rate))
        signals = _signals(a) + (_substitution_signals(a) if sub_score >= t else ())
        flag = table >= t
        if not flag and a.hits and doc >= gate:
            flag = True
            signals += (Signal("document", a.span.start, a.span.end, "", round(doc, 4),
                               f"flagged with its document (document score {doc:.2f} >= {gate:.2f})"),)
        if not flag and any(h.options[0].kind == RECORD for h in a.hits):
            # A pair learned from the linked record's own wording (link.context: a sentence that
            # aligns word for word) is that document's evidence, not a guess from the spinner
            # table: its paragraph is restored whatever the spinner model says of it.
            flag = True
            signals += (Signal(RECORD, a.span.start, a.span.end, "", 1.0,
                               "holds a substitution learned from the linked record"),)
        by_table.append(flag)
        s = max(table, sub_score)
        out.append(ParagraphScore(a.span.start, a.span.end, s, flag or sub_score >= t, signals))
    return Judgement(tuple(out), tuple(by_table), tuple(x >= t for x in sub), ev.thesaurus)


def scores_from(analyses: Sequence[ParagraphAnalysis], threshold: float | None = None, *,
                document: DocumentEvidence | None = None) -> tuple[ParagraphScore, ...]:
    """Paragraph scores from analyses (see :func:`score_paragraphs`).

    A paragraph's score is the higher of its table score and its table-free substitution score
    (:mod:`textrepair.spin.substitution`). It is flagged when that reaches the threshold, or when
    it holds at least one table hit and its document's table score reaches :func:`document_gate`
    (a "document" signal then says so). The document is ``analyses`` unless ``document`` gives the
    whole body's evidence (for a piece of a body repaired in pieces)."""
    return judge(analyses, threshold, document=document).scores


def document_score_from(analyses: Sequence[ParagraphAnalysis] | DocumentEvidence) -> float:
    """The document's score: the higher of its table score (the paragraph model applied to the
    whole body at once) and its table-free substitution score."""
    ev = _evidence(analyses)
    table = table_document_score(ev)
    if ev.thesaurus is None or table_explains(ev):
        return table
    return max(table, substitution.document_score(ev.thesaurus))


def table_document_score(analyses: Sequence[ParagraphAnalysis] | DocumentEvidence) -> float:
    """The document's spinner-table score: the paragraph model applied to the whole body at once."""
    ev = _evidence(analyses)
    words = ev.words
    if not words:
        return 0.0
    dens, coll = _doc_rate(ev)
    clusters = ev.clusters
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


#: The pipeline's name for detection (textrepair.pipeline.STAGES).
STAGE = "detect"


@dataclass(frozen=True)
class Detection:
    """What the detect stage found in a text, handed to the restore stage of the same repair."""

    text: str
    analyses: tuple[ParagraphAnalysis, ...]
    scores: tuple[ParagraphScore, ...]
    judgement: Judgement | None = None


def _option_table(o: Option) -> str | None:
    """The table an option came from (None for record pairs, which every table group may use)."""
    if o.kind == RECORD:
        return None
    return o.source.split(":", 1)[0]


def judge_by_table(text: str, spans: Sequence[Span] | None, analyses: Sequence[ParagraphAnalysis],
                   judgement: Judgement, extra_tables: Sequence[str], threshold: float | None,
                   document: DocumentEvidence | None = None,
                   ) -> tuple[tuple[ParagraphAnalysis, ...], Judgement]:
    """Each table's hits judged by the evidence of their own table group.

    The groups are the packaged tables and each user table (``extra_tables``), each scored on its
    own hits (table evidence only: the table-free verdict is the judgement's own and stays). A
    paragraph is flagged by the tables when some group flags it; its hits keep only the options of
    the groups that flagged it (record pairs always stay). Before, a paragraph flagged by a user's
    tortured-phrase table was decoded with every packaged news row too, so "need big data to train"
    lost its "train"."""
    groups = [table_set(None)] + [table_set([path]) for path in extra_tables]
    own = [judge(analyse(text, spans, tables=g, thesaurus=False), threshold, document=document)
           for g in groups]
    names = [g.names for g in groups]
    out_a: list[ParagraphAnalysis] = []
    out_s: list[ParagraphScore] = []
    by_table: list[bool] = []
    for k, (a, s) in enumerate(zip(analyses, judgement.scores)):
        allowed: set[str] = set()
        for g, verdict in enumerate(own):
            if verdict.by_table[k]:
                allowed |= names[g]
        hits = []
        for h in a.hits:
            opts = tuple(o for o in h.options if _option_table(o) is None or _option_table(o) in allowed)
            if opts:
                hits.append(h if len(opts) == len(h.options) else
                            make_hit(h.start, h.end, h.i, h.j, h.found, opts))
        out_a.append(replace(a, hits=tuple(hits), gains=lm_gains(hits, a.tokens) if hits else ()))
        flag = bool(allowed)
        by_table.append(flag)
        spun = flag or judgement.by_substitution[k]
        best = max((v.scores[k] for v in own), key=lambda p: p.score)
        out_s.append(replace(s, spun=spun, score=max(s.score, best.score) if spun else min(s.score, best.score)))
    return tuple(out_a), Judgement(tuple(out_s), tuple(by_table), judgement.by_substitution, judgement.thesaurus)


def detect_stage(text: str, ctx) -> StageRecord:  # type: ignore[no-untyped-def]
    """The pipeline's ``detect`` stage (see :mod:`textrepair.pipeline`): every paragraph's score,
    no edits. Its analyses (tokens, table hits, LM gains) go to ``ctx.handoff`` for the restore
    stage, which decodes the flagged paragraphs without analysing them again."""
    cfg = ctx.config
    ts = table_set(None, extra=tuple(cfg.tables), context_pairs=tuple(cfg.context_pairs))
    document = ctx.extra.get(DOCUMENT_EVIDENCE)
    spans = document_paragraphs(text, ctx.document)
    analyses = analyse(text, spans, tables=ts, document=document)
    judgement = judge(analyses, cfg.threshold, document=document)
    if cfg.tables:  # a user table never lets the packaged tables loose (or the other way round)
        analyses, judgement = judge_by_table(text, spans, analyses, judgement, tuple(cfg.tables),
                                             cfg.threshold, document)
    ctx.handoff[STAGE] = Detection(text, analyses, judgement.scores, judgement)
    return StageRecord(STAGE, (), (), judgement.scores)


#: ``StageContext.extra`` key: the :class:`DocumentEvidence` of the whole body when the stage sees
#: one piece of it (:func:`textrepair.run.bounded.repair_bounded`).
DOCUMENT_EVIDENCE = "document_evidence"


def stage_evidence(text: str, ctx, before: DocumentEvidence | None = None) -> DocumentEvidence:  # type: ignore[no-untyped-def]
    """``before`` plus the document evidence of ``text``, read exactly as :func:`detect_stage`
    reads it (same tables, same paragraphs); for adding up a body piece by piece. The table-free
    part is each paragraph's screen and words; where the sum says the body is analysed word by
    word (:func:`needs_word_evidence`), :func:`stage_word_evidence` adds up the strong spans in a
    second pass."""
    cfg = ctx.config
    ts = table_set(None, extra=tuple(cfg.tables), context_pairs=tuple(cfg.context_pairs))
    analyses = analyse(text, document_paragraphs(text, ctx.document), tables=ts, thesaurus=False)
    screened = [replace(a, substitution=substitution.screen_paragraph(text, a.tokens, a.protected))
                for a in analyses]
    out = (before or DocumentEvidence()).add(screened)
    words = out.vocabulary.union(*(substitution.vocabulary(a.tokens) for a in analyses))
    return replace(out, vocabulary=words)


def needs_word_evidence(document: DocumentEvidence) -> bool:
    """Whether a body added up by :func:`stage_evidence` is analysed word by word by the table-free
    model (the table does not explain it and it passes the screen), so its strong spans must be
    added up too (:func:`stage_word_evidence`)."""
    t = document.thesaurus
    return (t is not None and not t.analysed and not table_explains(document)
            and substitution.needs_analysis(t.eligible, t.screen, t.class_screen))


def stage_word_evidence(text: str, ctx, document: DocumentEvidence,  # type: ignore[no-untyped-def]
                        before: substitution.DocumentTotals | None = None) -> substitution.DocumentTotals:
    """``before`` plus the table-free totals of ``text`` analysed word by word with the whole
    body's ``document`` evidence, as :func:`detect_stage` analyses it."""
    cfg = ctx.config
    ts = table_set(None, extra=tuple(cfg.tables), context_pairs=tuple(cfg.context_pairs))
    analyses = analyse(text, document_paragraphs(text, ctx.document), tables=ts, document=document)
    return (before or substitution.DocumentTotals()).add([a.substitution for a in analyses
                                                          if a.substitution is not None])


def handed_detection(text: str, ctx) -> Detection | None:  # type: ignore[no-untyped-def]
    """The detect stage's findings for ``text`` in this repair (taken: they are used once), or None
    when no detect stage ran on this very text."""
    handoff = getattr(ctx, "handoff", None)
    found = handoff.pop(STAGE, None) if handoff is not None else None
    if found is None or not (found.text is text or found.text == text):
        return None
    return found


def document_paragraphs(text: str, doc: Document | None) -> tuple[Span, ...] | None:
    """The document's own paragraph spans, in ``text`` coordinates, when ``text`` is still its
    body unchanged (earlier stages edited nothing): the pipeline split them already."""
    if doc is None or len(text) != doc.body.end - doc.body.start:
        return None
    off = doc.body.start
    if doc.text[off : doc.body.end] != text:
        return None
    return tuple(Span(p.start - off, p.end - off) for p in doc.paragraphs)


def scan_document(doc: Document, *, tables: TableSet | Iterable[PhraseTable | str] | None = None,
                  threshold: float | None = None) -> dict[str, Any]:
    """The ``textrepair scan`` record of a document: its score, decision and body paragraphs
    (offsets into ``doc.text``, the file's decoded text)."""
    score, spun, paragraphs = score_document(doc.text, doc.paragraphs, tables=tables, threshold=threshold)
    return {"score": round(score, 4), "spun": spun, "paragraphs": [p.to_dict() for p in paragraphs]}
