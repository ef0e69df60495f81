"""The scoring model: a pair's calibrated score, the link decision (margin, same-story alternates) and abstentions.

Two fitted logistic models (benchmarks/fit_link_weights.py, on the generated fit split of
benchmarks/linkgen.py; see docs/provenance.md):

1. **Pair model** — ``pair_score(features)``: how likely one record is the source of one
   segment, from the relative features of textrepair.link.features. It ranks candidates.
2. **Decision model** — the score of a link: from the best candidate's pair score, its
   *margin* over the best candidate that is not the same article (logit difference), its text
   evidence (text_evidence) and whether the body has a headline to compare (DECISION_INPUTS). Another
   outlet's report of the same story can come close to a copy's record; a copy's own record
   stands clear of it. Candidates that are the same article as the best (same URL, same
   headline, same lede: a wire story carried twice, an aggregator copy) do not count against it:
   they are listed as 'same story' alternates with their evidence.

Below the threshold the linker abstains and says why (:class:`Abstention`); it abstains too when
the best candidate has too little evidence of the record's *text* (TEXT_MIN, text_evidence): a
record of the same event, not of the same text.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz

from ..core.types import Signal
from .features import FEATURES, RecordView, SegmentView, measure
from .records import Record

#: A link is reported when its decision score reaches this.
LINK_THRESHOLD = 0.5

# --- fitted constants: written by `python benchmarks/fit_link_weights.py --write` ---
#: Fit 2026-12-07 on the generated fit split (benchmarks/linkgen.py): 106 stories,
#: 608 records, 679 bodies, 8148 candidate pairs. out of fold (5 folds by story), threshold 0.660, TEXT_MIN 0.10: top-1 461/486 = 0.949; false links 0/679 = 0.0000;
#: in sample: top-1 461/486 = 0.949; false links 0/679 = 0.0000.
#: Pair model: pair_score = sigmoid(BIAS + sum(WEIGHTS[f] * feature f)).
WEIGHTS: Mapping[str, float] = MappingProxyType({
    "found": 0.756,
    "found_full": 0.996,
    "first": 0.117,
    "all": 0.581,
    "sequence": 2.113,
    "wording": 4.100,
    "title_order": 3.568,
    "words": 0.477,
    "order": 1.203,
    "skeleton": 3.875,
    "sentences": 1.278,
    "verbatim": 0.011,
    "title": 3.646,
    "title_only": 0.483,
    "title_words": 1.633,
    "size": -2.050,
    "date_conflict": -0.751,
})
BIAS = -2.905
#: Decision model: score = sigmoid(DECISION_BIAS + sum(DECISION[k] * decision_inputs(...)[k])): the
#: logit of the best's pair score, its margin (at most MARGIN_CAP), its text evidence, and 1 when the
#: body has no headline line; its bias is moved from the fitted -5.117 so that the
#: threshold chosen out of fold (0.660: at most 0.5% false links, then fewest misses + 10 x false links) is LINK_THRESHOLD.
DECISION: Mapping[str, float] = MappingProxyType({"pair": 0.470, "margin": 0.834, "text": 4.956, "no_headline": 1.340})
DECISION_BIAS = -5.780
#: The least text-level evidence (text_evidence) a link needs, chosen with the threshold.
TEXT_MIN = 0.10
#: The least similarity of the record's title to the body's own headline a link needs when the
#: body has one (headline_contradicts; 0: no such gate), chosen with the threshold.
HEADLINE_MIN = 0.00
# --- end of fitted constants ---
#: The features that are evidence of the record's TEXT, not only of its event: the excerpt's own
#: word pairs (``wording``), its token sequence in order, its sentences character for character,
#: the whole excerpt verbatim, the headline in the title's word order. Another outlet's report of
#: the same event shares names, numbers, quotations and key words (``words``, ``title_words``,
#: ``found``); a copy, a spin or a rewrite of this record also keeps some of its phrasing.
TEXT_FEATURES = ("wording", "sequence", "sentences", "verbatim", "title_order")
#: A best candidate holding this much of the event's words (``words`` share of the excerpt's, or
#: ``title_words`` of the title's) but too little text evidence is "the same event, not the same
#: text" in an abstention.
EVENT_WORDS = 0.3
EVENT_TITLE_WORDS = 0.5
#: The decision model's inputs, in order (decision_inputs). ``text`` and ``no_headline`` since
#: issue 14's fourth pass: on the fit split, out of fold, 29 of the 34 bodies missed had their own
#: record ranked first and were left below the threshold, 22 of them paraphrased, restructured or
#: spun without order or title evidence (no headline to compare, sentences reordered) but keeping
#: the record's wording in pieces. The pair model ranks every candidate and is fit mostly on easy
#: negatives; the decision, fit on the best candidates alone, weighs the text evidence against the
#: hard ones (other outlets, same-event reports). A missing headline is missing evidence, not
#: evidence against: the indicator lets the decision say so.
DECISION_INPUTS = ("pair", "margin", "text", "no_headline")
#: Margins (logit differences) above this say nothing more.
MARGIN_CAP = 6.0
#: Pair scores are clipped to [PAIR_FLOOR, 1 - PAIR_FLOOR] before taking logits (a record with no
#: evidence at all, or no competitor, is worth the same as one at the floor).
PAIR_FLOOR = 1e-3
#: A same-article record is listed as an alternate when its own pair score reaches this.
ALTERNATE_MIN = 0.5
#: A record of another article whose pair score is within this margin (logit difference) of the
#: linked one's is listed as a "close" alternate: the link was decided, but not by much.
CLOSE_MARGIN = 2.0
#: Two records are the same article when their normalised titles match at least this well
#: (rapidfuzz ratio / 100: word order counts, another outlet may use the same words), or their
#: usable excerpts' content words do (partial ratio: the shorter lede found in the longer).
SAME_TITLE = 0.9
SAME_LEDE = 0.85
#: ... and a headline-only record (its excerpt only repeats its title) is the same article as a
#: record with exactly its title when the title has at least this many words.
SAME_TITLE_MIN_WORDS = 3


#: Maps a position of the text that was linked to one of the text the user sees, snapping a
#: position inside a replaced stretch to its ``side`` ("start" or "end"): a
#: :class:`textrepair.core.edits.BackMap` over the fixers' edits.
PositionMap = Callable[[int, str], int]


def map_signals(signals: Sequence[Signal], back: PositionMap) -> tuple[Signal, ...]:
    """``signals`` with their spans mapped through ``back``."""
    return tuple(replace(s, start=back(s.start, "start"), end=max(back(s.start, "start"), back(s.end, "end")))
                 for s in signals)


def _sigmoid(x: float) -> float:
    if x < -40:
        return 0.0
    if x > 40:
        return 1.0
    return 1.0 / (1.0 + math.exp(-x))


def logit(p: float) -> float:
    p = min(1.0 - PAIR_FLOOR, max(PAIR_FLOOR, p))
    return math.log(p / (1.0 - p))


def pair_score(values: Mapping[str, float], weights: Mapping[str, float] = WEIGHTS, bias: float = BIAS) -> float:
    """The pair model's probability that the record is the segment's source."""
    return _sigmoid(bias + sum(weights[k] * values[k] for k in FEATURES))


#: The old name of pair_score (its meaning is unchanged: a pair's calibrated probability).
calibrated_score = pair_score


def no_evidence_score() -> float:
    """The pair score of a record with no evidence at all (every feature 0): the competitor a
    margin is measured against when there is no other candidate, or only weaker ones (a tiny
    index would otherwise give any weak candidate a large margin)."""
    return _sigmoid(BIAS)


def text_evidence(values: Mapping[str, float]) -> float:
    """How much of the record's text (not only its event) the body keeps: the largest of
    TEXT_FEATURES."""
    return max(values.get(k, 0.0) for k in TEXT_FEATURES)


def same_event_only(values: Mapping[str, float]) -> bool:
    """The candidate shares the event (its words) but not the text (below TEXT_MIN)."""
    return text_evidence(values) < TEXT_MIN and (values.get("words", 0.0) >= EVENT_WORDS
                                                 or values.get("title_words", 0.0) >= EVENT_TITLE_WORDS)


def headline_contradicts(values: Mapping[str, float], minimum: float | None = None) -> bool:
    """Evidence AGAINST the candidate: the body has a headline of its own (a headline line that is
    not page furniture: ``own_headline_raw``, excerpt.page_line) and no headline line matches the
    record's title (``title_raw``) at HEADLINE_MIN. Another outlet that ran the same wire lede
    has a headline of its own; a copy keeps the copied page's, spun or not. A body without a
    headline says nothing either way. (``minimum``: another HEADLINE_MIN, for fitting.)"""
    m = HEADLINE_MIN if minimum is None else minimum
    return m > 0 and bool(values.get("own_headline_raw", 0.0)) and values.get("title_raw", 0.0) < m


def decision_inputs(pair: float, margin: float, text: float = 0.0, has_headline: bool = True) -> dict[str, float]:
    """The decision model's inputs (DECISION_INPUTS) for a best candidate: the logit of its pair
    score, its margin (capped at MARGIN_CAP), its text evidence (:func:`text_evidence`) and
    whether the body has no headline line."""
    return {"pair": logit(pair), "margin": min(margin, MARGIN_CAP), "text": text,
            "no_headline": 0.0 if has_headline else 1.0}


def decision_score(pair: float, margin: float, text: float = 0.0, has_headline: bool = True) -> float:
    """The decision model's score of linking the best candidate (pair score ``pair``, ``margin``,
    text evidence ``text``, in a body with or without a headline line)."""
    x = decision_inputs(pair, margin, text, has_headline)
    return _sigmoid(DECISION_BIAS + sum(DECISION[k] * x[k] for k in DECISION_INPUTS))


@dataclass(frozen=True)
class Alternate:
    """Another record listed with a link, with its own pair score and evidence: ``relation`` is
    "same story" for a record of the same article (``why``: same URL, headline or lede), or
    "close" for a record of another article that came nearly as close (CLOSE_MARGIN): another
    report of the same news, which the reader may want to compare."""

    record: Record
    score: float
    evidence: tuple[Signal, ...]
    why: str                        # how the two records were found to be one article
    relation: str = "same story"

    @property
    def record_id(self) -> str:
        return self.record.id

    def mapped(self, back: PositionMap) -> Alternate:
        """This alternate with its evidence spans mapped through ``back``."""
        return replace(self, evidence=map_signals(self.evidence, back))

    def to_dict(self) -> dict[str, Any]:
        return {"record": self.record.id, "score": round(self.score, 4), "relation": self.relation,
                "why": self.why, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(frozen=True)
class Link:
    """A record linked to a segment: score in [0, 1], the segment span, and the evidence for it.

    ``score`` is the decision score of a link returned by the linker (``pair_score`` and
    ``margin`` say what it rests on), or the pair score of a ranked candidate. ``alternates``
    are other records of the same article.
    """

    record: Record
    score: float
    start: int
    end: int
    evidence: tuple[Signal, ...]
    features: Mapping[str, float] = field(default_factory=lambda: MappingProxyType({}), compare=False)
    alternates: tuple[Alternate, ...] = ()
    pair_score: float | None = None
    margin: float | None = None

    @property
    def record_id(self) -> str:
        return self.record.id

    def mapped(self, back: PositionMap) -> Link:
        """This link with its segment, evidence and alternates' evidence mapped through ``back``
        (from the text that was linked to the text the user sees)."""
        start = back(self.start, "start")
        return replace(self, start=start, end=max(start, back(self.end, "end")),
                       evidence=map_signals(self.evidence, back),
                       alternates=tuple(a.mapped(back) for a in self.alternates))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"record": self.record.id, "score": round(self.score, 4), "start": self.start,
                               "end": self.end, "evidence": [e.to_dict() for e in self.evidence],
                               "alternates": [a.to_dict() for a in self.alternates]}
        if self.pair_score is not None:
            out["pair_score"] = round(self.pair_score, 4)
        if self.margin is not None:
            out["margin"] = round(min(self.margin, MARGIN_CAP), 3)
        return out

    def _repr_html_(self) -> str:  # notebook view: the renderer is imported only when a notebook asks
        from ..core.display import view

        return view([self])._repr_html_()


@dataclass(frozen=True)
class Abstention:
    """A segment left unlinked: its best candidate (scored as a link would be, or None) and what was missing."""

    start: int
    end: int
    best: Link | None
    missing: tuple[str, ...]
    against: tuple[str, ...] = ()   # what spoke against the best candidate (headline_contradicts)

    def mapped(self, back: PositionMap) -> Abstention:
        """This abstention with its segment and its best candidate mapped through ``back``."""
        start = back(self.start, "start")
        return replace(self, start=start, end=max(start, back(self.end, "end")),
                       best=None if self.best is None else self.best.mapped(back))

    def to_dict(self) -> dict[str, Any]:
        best = None
        if self.best is not None:
            best = {"record": self.best.record.id, "score": round(self.best.score, 4),
                    "evidence": [e.to_dict() for e in self.best.evidence]}
            if self.best.pair_score is not None:
                best["pair_score"] = round(self.best.pair_score, 4)
            if self.best.margin is not None:
                best["margin"] = round(min(self.best.margin, MARGIN_CAP), 3)
        return {"start": self.start, "end": self.end, "best": best, "missing": list(self.missing),
                "against": list(self.against)}

    def summary(self) -> str:
        """One line: the best candidate and the first reasons it was not linked."""
        if self.best is None:
            return self.missing[0] if self.missing else "no candidate"
        return f"best {self.best.record.id} at {self.best.score:.2f}: " + "; ".join((*self.against, *self.missing)[:3])


def evidence_signals(sv: SegmentView, f: Any) -> tuple[Signal, ...]:
    """The measurements that add to the score, as signals (heaviest first); date notes always."""
    ev = []
    seen_notes = set()
    for k in FEATURES:
        note = f.notes.get(k, "")
        span = f.spans.get(k)
        if not note or span is None or note in seen_notes:
            continue
        if WEIGHTS[k] * f.values[k] == 0 and k not in ("date_conflict", "size"):
            continue  # a measurement that adds nothing is not evidence (date and excerpt notes still inform)
        seen_notes.add(note)
        weight = sum(WEIGHTS[j] * f.values[j] for j in FEATURES if f.notes.get(j) == note)
        text = span.of(sv.text) if k in ("title", "title_only") else ""
        ev.append(Signal("excerpt" if k == "size" else k, span.start, span.end, text, round(weight, 4), note))
    ev.sort(key=lambda s: (-abs(s.weight), s.name))
    return tuple(ev)


def score_record(sv: SegmentView, rv: RecordView, *, idf: Mapping[str, float] | None = None,
                 default_idf: float = 1.0, restored_title: str | None = None) -> Link:
    """Score one record against one segment with the pair model: pair score and evidence signals."""
    f = measure(sv, rv, idf=idf, default_idf=default_idf, restored_title=restored_title)
    score = pair_score(f.values)
    return Link(rv.record, score, sv.segment.start, sv.segment.end, evidence_signals(sv, f),
                MappingProxyType({**f.values, **{f"{k}_raw": v for k, v in f.raw.items()}}), pair_score=score)


def same_article(a: RecordView, b: RecordView) -> str:
    """How records ``a`` and ``b`` are known to be one article ("" when they are not): a URL in
    common (host and path), the same headline (or, for a record whose excerpt only repeats its title,
    exactly its title), or the same lede (content words of the usable excerpts, the shorter found
    in the longer)."""
    if not a.url_keys.isdisjoint(b.url_keys):
        # Any URL of one is a URL of the other: an aggregator's record with the publisher's
        # originalUrl and the publisher's own record (before, only each record's first URL was
        # compared).
        return "same URL"
    if a.title_norm and b.title_norm and len(a.title_norm) >= 20 and \
            fuzz.ratio(a.title_norm, b.title_norm) >= 100 * SAME_TITLE:
        return "same headline"
    if (a.excerpt.headline_only or b.excerpt.headline_only) and a.title_norm == b.title_norm and \
            len(a.title_norm.split()) >= SAME_TITLE_MIN_WORDS:
        # A record whose excerpt only repeats its title says nothing but the title: the same
        # title, word for word, is all it can share with a record of the same page, however short
        # (issue 14, eighth pass: a 4-word title fell under the 20-character test above).
        return "same headline"
    if len(a.content) >= 6 and len(b.content) >= 6:
        short, long_ = sorted((a.content, b.content), key=len)
        if fuzz.partial_ratio(short, long_) >= 100 * SAME_LEDE:
            return "same lede"
    return ""


def _missing(sv: SegmentView, best: Link, rv: RecordView, competitor: Link | None, margin: float,
             threshold: float) -> tuple[str, ...]:
    """Why the best candidate was not linked, most telling first."""
    f = best.features
    out = []
    if same_event_only(f):
        out.append(f"same event, not the same text: record {best.record.id} shares the story's words "
                   f"({f.get('words', 0.0):.0%} of its excerpt's, {f.get('title_words', 0.0):.0%} of its title's) but "
                   f"not its wording (text evidence {text_evidence(f):.2f}, a link needs {TEXT_MIN:.2f}): "
                   "another report of the same event?")
    if not rv.excerpt.text:
        what = "only repeats its title" if rv.excerpt.headline_only else "has no usable text"
        out.append(f"the record's excerpt {what}: only the title can match")
    else:
        found = f.get("found", 0.0)
        if found < 0.5:
            out.append(f"only {found:.0%} of the record's usable excerpt is found in the body in order")
        if f.get("size", 1.0) < 0.5:
            out.append("the record's usable excerpt is short")
    if not sv.has_headline:
        out.append("the body has no headline to compare with the record's title")
    elif f.get("title_raw", 0.0) < 0.7 and not headline_contradicts(f):
        out.append(f"the body's headline matches the record's title at only {f.get('title_raw', 0.0):.2f}")
    if competitor is not None and margin < 2.0:
        out.append(f"record {competitor.record.id} ({competitor.score:.2f}) is nearly as close: the body may be "
                   "another report of the same story")
    if f.get("date_conflict"):
        out.append("the dates conflict")
    if best.score >= threshold and headline_contradicts(f):
        out.append(f"score {best.score:.2f} reaches the threshold {threshold:.2f}, but the body's headline "
                   "speaks against the record (see against)")
    elif best.score >= threshold:
        out.append(f"score {best.score:.2f} reaches the threshold {threshold:.2f}, but the text evidence "
                   f"{text_evidence(f):.2f} is below {TEXT_MIN:.2f}")
    else:
        out.append(f"score {best.score:.2f} is below the threshold {threshold:.2f}")
    return tuple(out)


def decide(sv: SegmentView, ranked: Sequence[Link], view: Callable[[Record], RecordView], *,
           threshold: float = LINK_THRESHOLD) -> Link | Abstention:
    """Link the best of ``ranked`` (pair-scored candidates, best first) or abstain.

    A best candidate with less text evidence than TEXT_MIN (:func:`text_evidence`) is not linked,
    whatever its score, unless ``threshold`` is 0 (show the best candidate).

    Candidates that are the same article as the best are left out of its margin; those with a
    pair score of at least ALTERNATE_MIN are listed as its alternates, and so are the records of
    other articles that came within CLOSE_MARGIN of it (relation "close").
    """
    seg_start, seg_end = sv.segment.start, sv.segment.end
    if not ranked:
        return Abstention(seg_start, seg_end, None,
                          ("no record shares the body's names, numbers or rarer words",))
    top = ranked[0]
    top_view = view(top.record)
    alternates = []
    competitor = None
    close = []
    for lk in ranked[1:]:
        why = same_article(top_view, view(lk.record))
        if why:
            if lk.score >= ALTERNATE_MIN:
                alternates.append(Alternate(lk.record, lk.score, lk.evidence, why))
            continue
        if competitor is None:
            competitor = lk
        if lk.score >= ALTERNATE_MIN and logit(top.score) - logit(lk.score) < CLOSE_MARGIN:
            close.append(Alternate(lk.record, lk.score, lk.evidence,
                                   f"pair score {lk.score:.2f} against {top.score:.2f}: another report of the "
                                   "same news?", "close"))
    margin = logit(top.score) - logit(max(competitor.score if competitor is not None else 0.0, no_evidence_score()))
    score = decision_score(top.score, margin, text_evidence(top.features), sv.has_headline)
    link = Link(top.record, score, seg_start, seg_end, top.evidence, top.features, tuple(alternates),
                top.score, margin)
    # A link needs evidence of the record's text, not only of its event (TEXT_MIN): another
    # outlet's report shares the story's names, numbers and quotations, and can score high on them.
    # And no evidence against it: a headline of the body's own that is not the record's title
    # (HEADLINE_MIN) is another outlet's page, whatever lede it shares with the record.
    if score >= threshold and (threshold <= 0 or (text_evidence(top.features) >= TEXT_MIN
                                                  and not headline_contradicts(top.features))):
        return replace(link, alternates=(*alternates, *close)) if close else link
    return Abstention(seg_start, seg_end, link, _missing(sv, link, top_view, competitor, margin, threshold),
                      _against(link))


def _against(best: Link) -> tuple[str, ...]:
    """What spoke against the best candidate (evidence, not missing evidence)."""
    f = best.features
    out = []
    if headline_contradicts(f):
        out.append(f"the body's own headline matches the record's title at only {f.get('title_raw', 0.0):.2f} "
                   f"(a body with a headline needs {HEADLINE_MIN:.2f}): another outlet's page carrying the same lede?")
    return tuple(out)
