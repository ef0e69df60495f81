"""Provenance-assisted repair: substitutions learned from a linked record, and the linker of a run."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from ..core.types import Segment, Span
from ..text.align import align_sentences, word_diffs, words_of
from ..text.document import Document
from .excerpt import clean_excerpt
from .features import record_view, segment_view
from .index import RecordIndex
from .records import Record
from .score import LINK_THRESHOLD, PositionMap, score_record
from .tokens import FUNC, NUM, WORD, Token, tokenize

# --- provenance-assisted repair ------------------------------------------------------------------

#: Sentence pairs below this similarity are rewrites, not word-for-word spins: their word
#: differences are not substitutions to learn (a paraphrase would teach "has banned" -> "stated").
CONTEXT_MIN_SENTENCE_SCORE = 0.5
#: Longest substitution learned, in words per side (the spinner tables' longest entries are 3-4).
CONTEXT_MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class ContextPair:
    """A substitution learned from a linked record: ``spun`` in the body was ``original`` in the record."""

    spun: str
    original: str
    count: int
    body_span: Span
    record_field: str     # "excerpt" or "title"

    def as_tuple(self) -> tuple[str, str]:
        return (self.spun, self.original)

    def mapped(self, back: PositionMap) -> ContextPair:
        """This pair with its body span mapped through ``back`` (see :meth:`Link.mapped`)."""
        start = back(self.body_span.start, "start")
        return replace(self, body_span=Span(start, max(start, back(self.body_span.end, "end"))))

    def to_dict(self) -> dict[str, Any]:
        return {"spun": self.spun, "original": self.original, "count": self.count,
                "start": self.body_span.start, "end": self.body_span.end, "field": self.record_field}


def _is_learnable(spun_tokens: Sequence[Token], orig_tokens: Sequence[Token]) -> bool:
    if not spun_tokens or not orig_tokens:
        return False
    if all(t.kind == FUNC for t in (*spun_tokens, *orig_tokens)):
        return False  # "the" -> "a": grammar shuffles, not a spinner's dictionary
    s_nums = [t.norm for t in spun_tokens if t.kind == NUM]
    o_nums = [t.norm for t in orig_tokens if t.kind == NUM]
    # A different figure is a different fact, and a digit learned as a word ("4" -> "four") would
    # rewrite every "4" in the body: pairs that touch numbers must keep them unchanged.
    return s_nums == o_nums


def _position_capital(text: str, tokens: Sequence[Token]) -> bool:
    """``text`` (a substitution's side at the start of a sentence) has one capital, its first
    letter, on a common word (not a name): the capital comes from the position, not the word."""
    return bool(tokens) and tokens[0].kind == WORD and text[:1].isupper() and not any(c.isupper() for c in text[1:])


def _pairs_between(original: str, o_span: Span, text: str, b_span: Span, field_name: str,
                   found: dict[tuple[str, str], list[Any]]) -> None:
    """Learn anchored substitutions between an original passage and its spun counterpart.

    A replacement counts when the words on both sides of it are the same in both passages
    ("at the Feb. 17 Wall [Street -> Road] open"), or when it is a capitalised word right after
    the same name ("BuzzFeed [News -> Information]"), learned with the name as context.
    Unanchored differences come from insertions and reorderings, not from a dictionary.

    Case: a pair keeps the capitals it was learned with (a name's, or a title-case headline's:
    restoration then matches it only in that case), except a capital that only starts a sentence
    on a common word, which is lowered on both sides.
    """
    wa = words_of(original, o_span)
    wb = words_of(text, b_span)
    pos_a = {sp.start: i for i, (_, sp) in enumerate(wa)}
    pos_b = {sp.start: i for i, (_, sp) in enumerate(wb)}
    for d in word_diffs(original, text, o_span, b_span, max_words=CONTEXT_MAX_WORDS):
        o_toks = tokenize(" ".join(d.a_words))
        s_toks = tokenize(" ".join(d.b_words))
        if not _is_learnable(s_toks, o_toks):
            continue
        i1 = pos_a[d.a_span.start]
        i2 = i1 + len(d.a_words)
        j1 = pos_b[d.b_span.start]
        j2 = j1 + len(d.b_words)
        left = (i1 == 0 and j1 == 0) or (i1 > 0 and j1 > 0 and wa[i1 - 1][0].lower() == wb[j1 - 1][0].lower())
        right = (i2 == len(wa) and j2 == len(wb)) or (
            i2 < len(wa) and j2 < len(wb) and wa[i2][0].lower() == wb[j2][0].lower())
        spun_text = text[d.b_span.start : d.b_span.end]
        orig_text = original[d.a_span.start : d.a_span.end]
        start = d.b_span.start
        named = (i1 > 0 and j1 > 0 and wa[i1 - 1][0] == wb[j1 - 1][0] and wa[i1 - 1][0][:1].isupper()
                 and spun_text[:1].isupper() and orig_text[:1].isupper())
        if named:
            # Keep the name as context: "BuzzFeed Information" -> "BuzzFeed News" is safe to apply
            # anywhere in the body; a bare "Information" -> "News" is not.
            name_span = wb[j1 - 1][1]
            spun_text = text[name_span.start : d.b_span.end]
            orig_text = original[wa[i1 - 1][1].start : d.a_span.end]
            start = name_span.start
        elif not (left and right):
            continue
        elif i1 == 0 and j1 == 0 and _position_capital(spun_text, s_toks) and _position_capital(orig_text, o_toks):
            # Capitalised only because a sentence (or a sentence-case headline) starts here: the
            # pair is learned in lower case, to match anywhere and take the case it finds
            # (spin.match: a pair with capitals matches only in its own case).
            spun_text, orig_text = spun_text[0].lower() + spun_text[1:], orig_text[0].lower() + orig_text[1:]
        if spun_text.lower() == orig_text.lower():
            continue
        key = (spun_text, orig_text)
        entry = found.get(key)
        if entry is None:
            found[key] = [1, Span(start, d.b_span.end), field_name]
        else:
            entry[0] += 1


def learn_context_pairs(text: str, segment: Segment | Span, record: Record) -> tuple[ContextPair, ...]:
    """Substitutions specific to this document, from aligning the record's original wording
    (excerpt sentences, title) with the segment's opening and headline.

    Only sentence pairs that align word for word (similarity >= CONTEXT_MIN_SENTENCE_SCORE) are
    used, and only short replacements (<= CONTEXT_MAX_WORDS words a side) that change a content
    word and keep every number. Pairs come out in body order with how often each was seen.
    """
    seg = segment if isinstance(segment, Segment) else Segment(segment.start, segment.end)
    sv = segment_view(text, seg)
    found: dict[tuple[str, str], list[Any]] = {}
    excerpt = clean_excerpt(record.excerpt, record.title)
    if excerpt:
        for p in align_sentences(excerpt, text, min_score=CONTEXT_MIN_SENTENCE_SCORE, b_span=sv.opening):
            _pairs_between(excerpt, p.a, text, p.b, "excerpt", found)
    if record.title and sv.title is not None:
        if fuzz.ratio(default_process(record.title), default_process(sv.title_text)) / 100 >= CONTEXT_MIN_SENTENCE_SCORE:
            _pairs_between(record.title, Span(0, len(record.title)), text, sv.title, "title", found)
    pairs = [ContextPair(s, o, c, span, f) for (s, o), (c, span, f) in found.items()]
    pairs.sort(key=lambda p: (p.body_span.start, p.spun))
    return tuple(pairs)


def best_segment(doc: Document, record: Record) -> Segment:
    """The article segment of ``doc`` that scores best for ``record`` (the body when it has none)."""
    rv = record_view(record)
    best = None
    for seg in doc.segments or (Segment(doc.body.start, doc.body.end),):
        lk = score_record(segment_view(doc.text, seg), rv)
        if best is None or lk.score > best[0]:
            best = (lk.score, seg)
    return best[1] if best else Segment(doc.body.start, doc.body.end)


# --- batch and CLI glue --------------------------------------------------------------------------

class DocumentLinker:
    """The linker of a run (:func:`textrepair.run.worker.repair_input`): the links of one document as dicts.

    Each link dict is :meth:`Link.to_dict` plus ``context_pairs`` (the substitutions learned from
    the record, which the worker passes to restoration). The worker links the document as the
    fixers leave it and gives ``back``, the map from its positions to the input's: every span of
    the dicts (link, evidence, alternates, pairs) then indexes the input.
    """

    def __init__(self, index: RecordIndex, *, threshold: float = LINK_THRESHOLD,
                 learn_pairs: bool = True) -> None:
        self.index = index
        self.threshold = threshold
        self.learn_pairs = learn_pairs

    def __call__(self, doc: Document, back: PositionMap | None = None) -> list[dict[str, Any]]:
        out = []
        for lk in self.index.link_document(doc, threshold=self.threshold):
            d = (lk if back is None else lk.mapped(back)).to_dict()
            if self.learn_pairs:
                seg = next((s for s in doc.segments if s.start == lk.start), Segment(lk.start, lk.end))
                pairs = learn_context_pairs(doc.text, seg, lk.record)
                d["context_pairs"] = [(p if back is None else p.mapped(back)).to_dict() for p in pairs]
            out.append(d)
        return out

