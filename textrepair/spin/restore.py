"""Restoration: undo spinning in flagged paragraphs by noisy-channel decoding over spinner-table candidates and table-free thesaurus candidates."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..core.edits import apply_edits
from ..core.errors import require_text
from ..core.types import Edit, ParagraphScore, RepairResult, Span, StageRecord, Suggestion
from ..lexical import inflect, lm
from ..lexical.tables import PhraseTable
from ..text.segment import split_paragraphs
from . import scoring, substitution
from .detect import (DOCUMENT_EVIDENCE, DocumentEvidence, Judgement, ParagraphAnalysis, analyse,
                     document_paragraphs, handed_detection, judge, judge_by_table)
from .hits import Hit, Option
from .match import TableSet, name_hits, table_set
from .scoring import fit_score, lm_words, phrase_logprob
from .tokens import Token, context_window, joint_runs

STAGE = "restore"

# --- decoding constants -------------------------------------------------------------------------
# Chosen on the dev corpus with ``benchmarks/bench_restore.py --sweep`` (corpus/dict edit
# precision and WER, clean damage); see the README "restoration" section for the figures.

#: Weight of the language model's context fit against the table prior (log10 units). Below 1
#: because a 3-gram model over-rewards frequent words (research/prototype.md, failure mode 1).
LM_WEIGHT = 1.0
#: Exponent on the table prior (log10 units): the table's weights are estimates, and their
#: sharpness relative to the LM is a free parameter of the channel model. 1.0 (the textbook
#: channel) since the spinner table's "kept" share is learned (data/spinner_weights.py): chosen
#: with the weight constants inside the leave-one-article-out, ``bench_restore.py --tune``
#: (2026-12-07: 52.4% of errors removed at precision 0.90 against 49.4% / 0.89 at 0.5).
PRIOR_WEIGHT = 1.0
#: The "not spun" hypothesis never drops below this prior, even when a table's weights sum to 1.
IDENTITY_FLOOR = 0.02
#: Default minimum posterior for applying an edit; below it the restoration is only suggested.
DEFAULT_MIN_CONFIDENCE = 0.55
#: A restoration is offered as a suggestion only when its posterior reaches this.
SUGGEST_FLOOR = 0.2
#: Hits this close (in words) share trigram context and are decoded jointly: with two or more
#: words between them, a 3-gram model scores each independently of the other's choice.
JOINT_GAP = 1
#: Cap on joint hypotheses per cluster (options are pruned to the likeliest beyond it).
MAX_COMBOS = 64
#: Options whose table weight is below this are not decoded (they could never reach the
#: suggestion floor against the identity hypothesis without a huge LM gain).
MIN_OPTION_WEIGHT = 0.03


@dataclass(frozen=True, slots=True)
class Choice:
    """The decoder's verdict on one hit: the best option (None = leave it) and the posteriors."""

    hit: Hit
    best: Option | None
    confidence: float
    posteriors: tuple[tuple[Option | None, float], ...]
    gain: float


def _clusters(hits: Sequence[Hit], toks: Sequence[Token]) -> list[list[Hit]]:
    """Groups of hits decoded jointly: neighbours in one sentence at most ``JOINT_GAP`` words
    apart, cut into chunks of at most ``MAX_COMBOS`` joint hypotheses (a long chain of spun words
    is decoded chunk by chunk, each seeing its neighbours as written)."""
    return joint_runs(hits, toks, gap=JOINT_GAP, max_combos=MAX_COMBOS,
                      hypotheses=lambda h: 1 + sum(1 for o in h.options if o.weight >= MIN_OPTION_WEIGHT))


def _identity_prior(h: Hit) -> float:
    """The prior of "not spun" (kept) for a hit: what its table weights leave, at least the floor.
    For the packaged spinner table that remainder is a learned P(kept | observed) (the original
    had the word, or a word the table does not list), not a leftover."""
    return max(IDENTITY_FLOOR, 1.0 - sum(o.weight for o in h.options))


def _hypotheses(h: Hit) -> list[tuple[Option | None, float]]:
    """(option, log10 prior) for a hit: the table's options and "not spun"."""
    identity = _identity_prior(h)
    # Artefacts ("with out", "six.25") are not English: their table prior is trusted as it
    # stands, and the LM (which knows no digits) cannot talk a rule out of its fix.
    # Names and record pairs likewise: the LM knows little about proper names.
    pw = 1.0 if h.artefact or h.options[0].kind in ("name", "record") else PRIOR_WEIGHT
    hyps: list[tuple[Option | None, float]] = [(None, pw * math.log10(identity))]
    hyps.extend((o, pw * math.log10(o.weight)) for o in h.options if o.weight >= MIN_OPTION_WEIGHT)
    return hyps


def _decode_single(h: Hit, toks: Sequence[Token], lm_weight: float) -> Choice:
    """One hit with no neighbour in reach: each hypothesis scored by its cached context fit."""
    hyps = _hypotheses(h)
    left, right = context_window(toks, h.i, h.j)
    forms = [lm_words(h.found if opt is None else opt.replacement) for opt, _ in hyps]
    fits = [fit_score(ws, left, right) for ws in forms]
    scores = [lp + lm_weight * f for (_, lp), f in zip(hyps, fits)]
    top = max(scores)
    weights = [10 ** (sc - top) for sc in scores]
    z = sum(weights)
    ranked = sorted(range(len(hyps)), key=lambda k: -weights[k])
    best = ranked[0]
    opt = hyps[best][0]
    gain = fits[best] - fits[0] if opt is not None else 0.0
    return Choice(h, opt, weights[best] / z, tuple((hyps[k][0], weights[k] / z) for k in ranked), gain)


def _decode_rule(h: Hit) -> Choice:
    best = h.options[0]
    ident = 1.0 - best.weight
    return Choice(h, best, best.weight, ((best, best.weight), (None, ident)), 0.0)


def _decode_cluster(cluster: Sequence[Hit], toks: Sequence[Token], lm_weight: float) -> list[Choice]:
    if len(cluster) == 1 and cluster[0].options[0].kind == "rule":
        return [_decode_rule(cluster[0])]
    if len(cluster) == 1:
        return [_decode_single(cluster[0], toks, lm_weight)]
    per_hit = [_hypotheses(h) for h in cluster]
    while math.prod(len(p) for p in per_hit) > MAX_COMBOS:  # only a hit with very many options
        k = max(range(len(per_hit)), key=lambda n: len(per_hit[n]))
        if len(per_hit[k]) <= 2:
            break
        per_hit[k] = per_hit[k][:-1]  # options are sorted by weight: drop the least likely
    first, last = cluster[0], cluster[-1]
    left, right = context_window(toks, first.i, last.j)
    # Per hypothesis: its model words and its prior minus its own (context-free) probability.
    forms = [[lm_words(h.found if opt is None else opt.replacement) for opt, _ in hyps]
             for h, hyps in zip(cluster, per_hit)]
    own = scoring.OWN_PROB_WEIGHT
    base = [[lp - lm_weight * own * phrase_logprob(ws) for (_, lp), ws in zip(hyps, fs)]
            for hyps, fs in zip(per_hit, forms)]
    between = [tuple(t.norm for t in toks[(cluster[n - 1].j if n else first.i) : h.i])
               for n, h in enumerate(cluster)]
    h1 = left[-1] if left else ""
    h2 = left[-2] if len(left) >= 2 and h1 != lm.BOS else ""
    results = scoring.joint_scores(h2, h1, between, forms, base, right, lm_weight)
    top = max(s for _, s in results)
    weights = [10 ** (s - top) for _, s in results]
    z = sum(weights)
    shares = [w / z for w in weights]
    # Each hit's posteriors: the shares of the joint hypotheses choosing each of its options, in
    # one pass (every option occurs, and first in index order: results are in product order).
    posts = [[0.0] * len(hyps) for hyps in per_hit]
    # (zip pairs each span's row with its option: the same additions in the same order.)
    for (combo, _), w in zip(results, shares):
        for row, c in zip(posts, combo):
            row[c] += w
    choices = []
    for n, h in enumerate(cluster):
        ranked = sorted(enumerate(posts[n]), key=lambda kv: -kv[1])
        best_idx, best_p = ranked[0]
        opt = per_hit[n][best_idx][0]
        gain = 0.0
        if opt is not None:
            hl, hr = context_window(toks, h.i, h.j)
            gain = fit_score(forms[n][best_idx], hl, hr) - fit_score(forms[n][0], hl, hr)
        choices.append(Choice(h, opt, best_p, tuple((per_hit[n][i][0], p) for i, p in ranked), gain))
    return choices


def decode(analysis: ParagraphAnalysis, *, lm_weight: float = LM_WEIGHT) -> list[Choice]:
    """The decoder's choice for every hit of a paragraph (joint over nearby hits)."""
    out: list[Choice] = []
    for cluster in _clusters(analysis.hits, analysis.tokens):
        out.extend(_decode_cluster(cluster, analysis.tokens, lm_weight))
    return out


def _has_own_evidence(c: Choice) -> bool:
    """Whether a choice stands without the language model: an artefact, a name or record pair,
    or a table option that outweighs "not spun" before any context is scored."""
    o = c.best
    return o is not None and (c.hit.artefact or o.kind in ("rule", "name", "record")
                              or o.weight >= _identity_prior(c.hit))


def _unspun_headline(choices: Sequence[Choice], toks: Sequence[Token], min_conf: float) -> bool:
    """Whether a paragraph is a title-case headline that shows no spinning of its own: none of
    its confident choices stands without the language model (:func:`_has_own_evidence`).

    Such a headline is left as written (its choices become suggestions). A headline is a
    paragraph of its own whose flag comes mostly from the body (the detector shrinks short
    paragraphs toward their document), it is often left unspun when the body is spun, and the
    3-gram model scores its telegraphic, capitalised wording out of register: a bundled
    sample's unspun "City Police Tested Plate Reader Software Without Approval" became
    "Checked" on an LM gain of +0.9 over a table weight of 0.26. A headline with an artefact
    ("Regulation Enforcement Companies ... With Out Approval") is spun itself and restored
    whole; on the dev corpus every spun headline has such evidence (table weights 0.68-0.99)."""
    if not toks or not toks[0].in_headline:
        return False
    return not any(_has_own_evidence(c) for c in choices if c.confidence >= min_conf)


def _reason(c: Choice) -> str:
    o = c.best
    assert o is not None
    label = {"table": "spinner table", "rule": "artefact rule", "record": "linked record",
             "name": "spun name"}.get(o.kind, o.kind)
    return f"{label}: {c.hit.found!r} -> {o.replacement!r} (LM gain {c.gain:+.1f})"


#: Minimum posterior of a table-free (thesaurus) restoration, against "as written" and the other
#: candidates (:func:`textrepair.spin.substitution.posterior`, under the fitted restoration
#: weights). Chosen on the Brown dev half (``bench_spin_heldout.py --split dev --source brown
#: --thesaurus-confidence C``, 2026-12-08): wn-base-30 errors removed / edit precision 18.1% /
#: 0.89 at 0.5, 16.2% / 0.91 at 0.6, 12.7% / 0.93 at 0.7 (wn-synsets-30 16.7% / 0.90, 15.1% /
#: 0.91, 11.7% / 0.94); 0.57 gives 17.4% / 0.90 (wn-synsets-30 16.1% / 0.90). Below it, candidates
#: become suggestions. Re-chosen with the inflection flags (substitution.FORM_FLAGS, 2026-12-07,
#: precision to three places): 0.57 18.6% / 0.892, 0.58 18.3% / 0.896, 0.6 17.7% / 0.904
#: (wn-synsets-30 17.2% / 0.895, 16.9% / 0.900, 16.3% / 0.912; the previous weights at 0.57:
#: 17.4% / 0.898 and 16.1% / 0.904). Re-chosen with joint decoding (THESAURUS_JOINT, 2026-12-07):
#: 0.58 21.3% / 0.895, 0.6 20.7% / 0.903 (wn-synsets-30 20.1% / 0.897, 19.4% / 0.906).
THESAURUS_MIN_CONFIDENCE = 0.6
#: The same for a 2-3 word spun form ("Robert Fulton", "guilty conscience"; never below the
#: restorer's own minimum, DEFAULT_MIN_CONFIDENCE or the caller's): its restorations are far more
#: often right than a single word's. Dev half, wn-base-30, table-free edits by posterior (spin14,
#: 2026-12-07): 2-3 word forms at >= 0.5 precision 0.97 (0.98 at >= 0.6), single words 0.84 (0.87).
THESAURUS_PHRASE_MIN_CONFIDENCE = 0.5
#: Decode neighbouring table-free spans jointly (:func:`textrepair.spin.substitution.decode_runs`):
#: dev half, wn-base-30 at posterior 0.6, 17.7% / 0.904 -> 18.6% / 0.901 alone, 20.7% / 0.903 with
#: spans down to margin -1 and substitution.CAPITAL_RESTORE_MARGIN 0.5 (docs/method-thesaurus.md).
THESAURUS_JOINT = True
#: Lower the prior of a table-free restoration whose part of speech its document spins less than
#: its other words (:func:`textrepair.spin.substitution.stratum_priors`; one-part-of-speech
#: spinners). Dev half figures: docs/method-thesaurus.md section 4.
THESAURUS_STRATA = True
#: Table-free suggestions need at least this posterior (and a positive margin).
THESAURUS_SUGGEST_FLOOR = 0.5
#: Make table-free restorations suggestions only in a document whose strong spans' originals are
#: not written in it and whose margins are low (:func:`textrepair.spin.substitution.unwritten_originals`):
#: a consistent dictionary spinner's, where the model's choices were half wrong. Dev half,
#: bench_spin_heldout.py --split dev --source brown, 2026-12-07: farm-dict 194 edits at precision
#: 0.510 -> 39 at 0.385, wn-verbs-50 246 -> 238, wn-hyphen-30 1,976 -> 1,942, 21 families identical
#: (docs/method-thesaurus.md section 4).
THESAURUS_UNWRITTEN_GATE = True


_WITHHELD = ("thesaurus: only suggested, the document's strongly spun words have their likeliest "
             "originals nowhere else in it and low margins (a consistent spinner the model cannot read back)")


def _thesaurus_plan(text: str, a: ParagraphAnalysis, taken: Sequence[tuple[int, int]],
                    min_conf: float, phrase_conf: float | None = None,
                    totals: substitution.DocumentTotals | None = None,
                    withhold: bool = False) -> tuple[list[Edit], list[Suggestion]]:
    """Edits and suggestions from the paragraph's table-free spans that no table hit covers.
    Confidence is the span's posterior (at least ``min_conf``, ``phrase_conf`` for a span of
    several words); a title-case headline only gets suggestions. ``totals``: the document's
    table-free totals, for the part-of-speech prior (THESAURUS_STRATA). ``withhold``: suggestions
    only (THESAURUS_UNWRITTEN_GATE)."""
    phrase_conf = min_conf if phrase_conf is None else phrase_conf
    ev = a.substitution
    edits: list[Edit] = []
    suggestions: list[Suggestion] = []
    if ev is None or not ev.spans:
        return edits, suggestions
    headline = bool(a.tokens) and a.tokens[0].in_headline
    spans = [sp for sp in ev.spans if not any(s < sp.end and sp.start < e for s, e in taken)]
    if THESAURUS_STRATA:
        spans = list(substitution.stratum_priors(spans, totals))
    if THESAURUS_JOINT:
        spans = substitution.decode_runs(a.tokens, spans)
    for sp in spans:
        if sp.margin <= 0:
            continue
        post = substitution.posterior(sp.options)
        if post < THESAURUS_SUGGEST_FLOOR:
            continue
        found = text[sp.start : sp.end]
        best = inflect.match_case(sp.options[0][0], found)
        if (post >= (phrase_conf if sp.j - sp.i > 1 else min_conf) and not headline and not withhold
                and best != found):
            edits.append(Edit(sp.start, sp.end, found, best, STAGE,
                              f"thesaurus: {found!r} -> {best!r} reads {10 ** min(sp.margin, 9):.0f}x likelier "
                              f"here (margin {sp.margin:+.1f})", min(1.0, post), f"thesaurus:{sp.options[0][0]}"))
            continue
        alts = tuple(inflect.match_case(o, found) for o, v in sp.options[:3] if v > 0)
        if alts:
            suggestions.append(Suggestion(sp.start, sp.end, found, alts, min(1.0, post),
                                          "headline: table-free restoration only suggested" if headline
                                          else _WITHHELD if withhold
                                          else "thesaurus: below the confidence threshold"))
    return edits, suggestions


def plan(text: str, analyses: Sequence[ParagraphAnalysis], scores: Sequence[ParagraphScore] | Judgement, *,
         min_confidence: float | None = None,
         lm_weight: float = LM_WEIGHT) -> tuple[tuple[Edit, ...], tuple[Suggestion, ...]]:
    """Edits (confident restorations) and suggestions for the flagged paragraphs: the table's hits
    by the noisy-channel decoder where the table evidence flags the paragraph, and table-free
    (thesaurus) spans no hit covers where the table-free evidence flags it: each restorer acts
    only where its own evidence says the text is spun. ``scores`` is detection's
    :class:`~textrepair.spin.detect.Judgement`; plain scores mean table evidence only."""
    min_conf = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    thes_conf = max(min_conf, THESAURUS_MIN_CONFIDENCE)
    phrase_conf = max(min_conf, THESAURUS_PHRASE_MIN_CONFIDENCE)
    totals = None
    if isinstance(scores, Judgement):
        totals = scores.thesaurus
        by_table, by_substitution, scores = scores.by_table, scores.by_substitution, scores.scores
    else:
        by_table, by_substitution = tuple(s.spun for s in scores), (False,) * len(scores)
    withhold = THESAURUS_UNWRITTEN_GATE and substitution.unwritten_originals(totals)
    edits: list[Edit] = []
    suggestions: list[Suggestion] = []
    for a, s, tflag, sflag in zip(analyses, scores, by_table, by_substitution):
        if not s.spun:
            continue
        if tflag:
            extra = name_hits(text, a.span, a.tokens, a.hits)
            if extra:
                a = replace(a, hits=tuple(sorted(a.hits + tuple(extra), key=lambda h: h.start)),
                            gains=a.gains + (0.0,) * len(extra))
        if sflag and a.substitution is not None and a.substitution.spans:
            e2, s2 = _thesaurus_plan(text, a, [(h.start, h.end) for h in a.hits], thes_conf, phrase_conf, totals,
                                     withhold)
            edits.extend(e2)
            suggestions.extend(s2)
        if not a.hits or not tflag:
            continue
        choices = decode(a, lm_weight=lm_weight)
        hold = _unspun_headline(choices, a.tokens, min_conf)
        for c in choices:
            h = c.hit
            found = text[h.start : h.end]
            best = c.best
            held = False
            if best is not None and c.confidence >= min_conf and best.replacement != found:
                held = hold
                if not held:
                    edits.append(Edit(h.start, h.end, found, best.replacement, STAGE, _reason(c),
                                      min(1.0, max(0.0, c.confidence)), best.source))
                    continue
            alts = tuple(o.replacement for o, p in c.posteriors if o is not None and p >= SUGGEST_FLOOR
                         and o.replacement != found)
            if alts:
                conf = max(p for o, p in c.posteriors if o is not None)
                suggestions.append(Suggestion(h.start, h.end, found, alts, min(1.0, conf),
                                              "headline shows no spinning of its own"
                                              if held else "below the confidence threshold"))
    edits.sort(key=lambda e: e.start)
    suggestions.sort(key=lambda x: x.start)
    return tuple(edits), tuple(suggestions)


def _flagged(analyses: Sequence[ParagraphAnalysis], threshold: float | None,
             document: DocumentEvidence | None = None) -> Judgement:
    return judge(analyses, threshold, document=document)


def restore_text(text: str, *, tables: TableSet | Iterable[PhraseTable | str] | None = None,
                 threshold: float | None = None, min_confidence: float | None = None,
                 context_pairs: Iterable[tuple[str, str]] = (), extra_tables: Iterable[str] = (),
                 lm_weight: float = LM_WEIGHT, paragraphs: Sequence[Span] | None = None,
                 document: DocumentEvidence | None = None) -> StageRecord:
    """Detect and restore in one text: a ``restore`` stage record (edits, suggestions, scores).
    ``paragraphs`` (default :func:`~textrepair.text.segment.split_paragraphs`) are its paragraph spans;
    ``document`` is the evidence of the body ``text`` belongs to (default: ``text`` alone).
    With ``extra_tables`` on top of the packaged tables, each table's hits are judged by the
    evidence of their own table (:func:`~textrepair.spin.detect.judge_by_table`)."""
    require_text(text)
    extra_tables = tuple(extra_tables)
    spans = split_paragraphs(text) if paragraphs is None else tuple(paragraphs)
    ts = table_set(tables, extra=extra_tables, context_pairs=tuple(context_pairs))
    analyses = analyse(text, spans, tables=ts, document=document)
    judgement = _flagged(analyses, threshold, document)
    if extra_tables and tables is None:  # each table's hits judged by its own evidence
        analyses, judgement = judge_by_table(text, spans, analyses, judgement, extra_tables, threshold,
                                             document)
    edits, suggestions = plan(text, analyses, judgement, min_confidence=min_confidence,
                              lm_weight=lm_weight)
    return StageRecord(STAGE, edits, suggestions, judgement.scores)


def restore_stage(text: str, ctx) -> StageRecord:  # type: ignore[no-untyped-def]
    """The pipeline's ``restore`` stage (see :mod:`textrepair.pipeline`): edits and suggestions for
    the paragraphs the ``detect`` stage flagged, from the analyses it handed over. In a plan
    without a detect stage right before it, it detects first, and its record carries the scores."""
    cfg = ctx.config
    found = handed_detection(text, ctx)
    if found is None:
        return restore_text(text, threshold=cfg.threshold, min_confidence=cfg.min_confidence,
                            context_pairs=tuple(cfg.context_pairs), extra_tables=tuple(cfg.tables),
                            paragraphs=document_paragraphs(text, getattr(ctx, "document", None)),
                            document=getattr(ctx, "extra", {}).get(DOCUMENT_EVIDENCE))
    edits, suggestions = plan(text, found.analyses, found.judgement or found.scores,
                              min_confidence=cfg.min_confidence)
    return StageRecord(STAGE, edits, suggestions)


def restore(text: str, *, tables: TableSet | Iterable[PhraseTable | str] | None = None,
            threshold: float | None = None, min_confidence: float | None = None,
            context_pairs: Iterable[tuple[str, str]] = ()) -> RepairResult:
    """Restore spun wording in ``text`` (restoration only, no other repairs).

    >>> r = restore("Regulation enforcement companies used the know-how with out approval.")
    >>> r.text
    'Law enforcement agencies used the technology without approval.'
    """
    rec = restore_text(text, tables=tables, threshold=threshold, min_confidence=min_confidence,
                       context_pairs=context_pairs)
    out = apply_edits(text, rec.edits)
    return RepairResult(text, out, (rec,), rec.edits, (), rec.scores, rec.suggestions)


def suggest(text: str, *, tables: TableSet | Iterable[PhraseTable | str] | None = None,
            threshold: float | None = None) -> tuple[Suggestion, ...]:
    """Every restoration the decoder would consider in flagged paragraphs, applied or not, as
    suggestions (alternatives ranked by posterior)."""
    require_text(text)
    ts = table_set(tables)
    analyses = analyse(text, split_paragraphs(text), tables=ts)
    judgement = _flagged(analyses, threshold)
    _, suggestions = plan(text, analyses, judgement, min_confidence=math.inf)
    return suggestions
