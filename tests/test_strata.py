"""Part-of-speech strata of the table-free evidence: classes of words and spans, the prior shift, and its use by the restorer.

Cases live in tests/cases/strata.json (words and spans written for this project).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from textrepair.spin import detect, restore, strata, substitution

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "strata.json").read_text(encoding="utf-8"))
N, V, A, R = range(4)


@pytest.mark.parametrize("case", CASES["word_classes"], ids=[c["word"] for c in CASES["word_classes"]])
def test_word_classes(case) -> None:
    assert sorted(strata.word_classes(case["word"])) == case["classes"]


@pytest.mark.parametrize("case", CASES["spans"], ids=[c["found"] for c in CASES["spans"]])
def test_span_weights_share_one_unit(case) -> None:
    w = strata.span_weights(case["found"], case["best"])
    assert sum(w) == strata.UNIT
    assert [c for c, x in zip(strata.CLASSES, w) if x] == case["classes"]


def _totals(strong, eligible, n_strong=None, n_eligible=None) -> substitution.DocumentTotals:
    """Analysed totals with these per-part-of-speech counts (in words; stored in twelfths)."""
    s = tuple(strata.UNIT * x for x in strong)
    e = tuple(strata.UNIT * x for x in eligible)
    return substitution.DocumentTotals(sum(eligible) if n_eligible is None else n_eligible, (0, 0),
                                       sum(strong) if n_strong is None else n_strong, True, 1, (s, e))


def _span(found: str, best: str, scores=(1.0, 0.2)) -> substitution.SpanScore:
    opts = ((best, scores[0]), ("other", scores[1]))
    return substitution.SpanScore(0, 1, 0, len(found), found, scores[0], opts, False, 1.5, (0.3, 0.1))


def test_a_verb_only_document_lowers_its_noun_restorations_only() -> None:
    # 60 of 100 verbs make strong spans, 5 of 300 nouns (a verb-only spinner's document).
    t = _totals((5, 60, 0, 0), (300, 100, 50, 30))
    noun, verb = substitution.stratum_priors([_span("chapeau", "hat"), _span("lick", "worked")], t)
    assert noun.margin < 1.0 and noun.options[0][1] < 1.0
    assert verb == _span("lick", "worked")


def test_an_evenly_spun_document_is_left_alone() -> None:
    t = _totals((30, 10, 5, 3), (300, 100, 50, 30))
    spans = [_span("chapeau", "hat"), _span("lick", "worked"), _span("quickly", "fast")]
    assert substitution.stratum_priors(spans, t) == tuple(spans)


def test_no_strata_no_shift() -> None:
    spans = [_span("chapeau", "hat")]
    assert substitution.stratum_priors(spans, None) == tuple(spans)
    stopped = substitution.DocumentTotals(500, (3, 40), 0, False, 1)
    assert substitution.stratum_priors(spans, stopped) == tuple(spans)


def test_the_shift_is_a_prior_every_option_shares() -> None:
    t = _totals((5, 60, 0, 0), (300, 100, 50, 30))
    before = _span("chapeau", "hat")
    (after,) = substitution.stratum_priors([before], t)
    d = after.margin - before.margin
    assert d < 0
    assert [v - u for (_, v), (_, u) in zip(after.options, before.options)] == pytest.approx([d, d])
    assert [v - u for v, u in zip(after.rest, before.rest)] == pytest.approx([d, d])
    assert after.evidence == before.evidence  # detection reads the span as before
    assert substitution.posterior(after.options) < substitution.posterior(before.options)


rates = st.floats(0.0, 1.0)


@given(st.lists(st.integers(0, 12), min_size=4, max_size=4), st.lists(rates, min_size=4, max_size=4), rates)
def test_prior_shift_never_raises(weights, class_rates, rate) -> None:
    assert strata.prior_shift(weights, class_rates, rate, substitution.CLEAN_RATE) <= 0.0


@given(rates, rates, rates)
def test_prior_shift_falls_with_the_class_rate(low, high, rate) -> None:
    low, high = sorted((low, high))
    w = (0, strata.UNIT, 0, 0)
    f = lambda r: strata.prior_shift(w, (0.0, r, 0.0, 0.0), rate, substitution.CLEAN_RATE)  # noqa: E731
    assert f(low) <= f(high)


@given(st.lists(st.tuples(st.lists(st.integers(0, 200), min_size=4, max_size=4),
                          st.lists(st.integers(0, 2000), min_size=4, max_size=4), st.booleans()), max_size=8),
       st.integers(0, 8))
def test_strata_add_up_piece_by_piece(paragraphs, cut) -> None:
    ev = [substitution.ParagraphEvidence((), 0, (0, 0), analysed, (tuple(s), tuple(e)),
                                         frozenset((f"w{x}", (strata.UNIT, 0, 0, 0)) for x in s))
          for s, e, analysed in paragraphs]
    whole = substitution.DocumentTotals().add(ev)
    pieces = substitution.DocumentTotals().add(ev[:cut]).add(ev[cut:])
    assert pieces == whole
    assert whole.by_pos[1] == tuple(sum(e[k] for _, e, a in paragraphs if a) for k in range(4))


def test_judgement_carries_the_document_totals() -> None:
    text = ("The council denote a new budget on Monday. Its members hold that the plan would "
            "shorten waiting times at the clinic and give the town a better service.\n\n"
            "Critics say the numbers do not add up. They await a vote next week.\n")
    analyses = detect.analyse(text)
    judgement = detect.judge(analyses)
    assert judgement.thesaurus == detect.DocumentEvidence().add(analyses).thesaurus
    if judgement.thesaurus is not None and judgement.thesaurus.analysed:
        assert 0 < sum(judgement.thesaurus.by_pos[1]) <= strata.UNIT * judgement.thesaurus.eligible


@pytest.mark.parametrize("on", [True, False])
def test_restorer_switch(on, monkeypatch) -> None:
    """With the switch off the restorer reads the spans as scored; on, it reads them shifted."""
    seen = []
    real = substitution.stratum_priors
    monkeypatch.setattr(restore, "THESAURUS_STRATA", on)
    monkeypatch.setattr(substitution, "stratum_priors", lambda spans, totals: seen.append(1) or real(spans, totals))
    text = open(Path(__file__).resolve().parent / "cases" / "substitution.json", encoding="utf-8").read()
    article = json.loads(text)["spun_article"]["spun"]
    restore.restore_text(article)
    assert bool(seen) == on


# --- detection: a document spun in one part of speech ------------------------------------------

def test_focus_finds_the_part_of_speech_strong_spans_crowd_into() -> None:
    u = strata.UNIT
    verbs = ((5 * u, 40 * u, 2 * u, 1 * u), (300 * u, 120 * u, 60 * u, 30 * u))
    assert strata.focus(*verbs) == V
    even = ((15 * u, 6 * u, 3 * u, 2 * u), (300 * u, 120 * u, 60 * u, 30 * u))
    assert strata.focus(*even) is None
    few = ((0, 5 * u, 0, 0), (300 * u, 120 * u, 60 * u, 30 * u))  # too few strong spans to tell
    assert strata.focus(*few) is None


def _paragraph(strong, eligible, tag: str = "") -> substitution.ParagraphEvidence:
    """Analysed evidence with these counts; each strong span a written form of its own (``tag``
    keeps paragraphs' forms apart; the same tag repeats them)."""
    u = strata.UNIT
    types = frozenset((f"{tag}{c}{k}", tuple(u if j == c else 0 for j in range(4)))
                      for c, n in enumerate(strong) for k in range(n))
    return substitution.ParagraphEvidence((), sum(eligible), (0, 0), True,
                                          (tuple(u * x for x in strong), tuple(u * x for x in eligible)), types)


def test_a_verb_only_document_is_read_by_its_verbs(monkeypatch) -> None:
    # Each paragraph: 2 of 8 verbs strong, none of 30 other words; the whole document's density is
    # low (0.05), its verbs' is high.
    ev = [_paragraph((0, 2, 0, 0), (20, 8, 6, 4), f"p{k}") for k in range(8)]
    on = substitution.paragraph_scores(ev)
    monkeypatch.setattr(substitution, "FOCUS", False)
    off = substitution.paragraph_scores(ev)
    assert max(off) < detect.DEFAULT_THRESHOLD <= min(on)


def test_a_topic_word_strong_all_through_is_one_form(monkeypatch) -> None:
    """The same counts, but every strong span the same written form (a clean text's topic word
    a neighbour reads better than, all through it): no focus, the scores as without it."""
    ev = [_paragraph((0, 2, 0, 0), (20, 8, 6, 4), "same") for _ in range(8)]
    on = substitution.paragraph_scores(ev)
    monkeypatch.setattr(substitution, "FOCUS", False)
    assert on == substitution.paragraph_scores(ev)


paragraph_counts = st.tuples(st.lists(st.integers(0, 6), min_size=4, max_size=4),
                             st.lists(st.integers(0, 40), min_size=4, max_size=4))


@given(st.lists(paragraph_counts, min_size=1, max_size=10))
def test_focus_never_lowers_a_score(paragraphs) -> None:
    ev = [_paragraph(tuple(min(s, e) for s, e in zip(ss, es)), es, f"p{k}") for k, (ss, es) in enumerate(paragraphs)]
    totals = substitution.DocumentTotals().add(ev)
    on = substitution.paragraph_scores(ev), substitution.document_score(totals)
    substitution.FOCUS = False
    try:
        off = substitution.paragraph_scores(ev), substitution.document_score(totals)
    finally:
        substitution.FOCUS = True
    assert all(a >= b for a, b in zip(on[0], off[0])) and on[1] >= off[1]


def test_a_focused_document_lowers_its_other_parts_of_speech_further(monkeypatch) -> None:
    """A one-part-of-speech document (:func:`_focus`) lowers the prior of its other parts'
    restorations FOCUS_STRATUM_WEIGHT / STRATUM_WEIGHT times as far as the same counts without
    the focus reading (FOCUS off)."""
    # 60 of 100 verbs make strong spans, 5 of 300 nouns, each strong span a form of its own.
    u = strata.UNIT
    counts = _totals((5, 60, 0, 0), (300, 100, 50, 30))
    forms = frozenset([(f"n{k}", (u, 0, 0, 0)) for k in range(5)] + [(f"v{k}", (0, u, 0, 0)) for k in range(60)])
    totals = substitution.DocumentTotals(counts.eligible, counts.screen, counts.strong, True, 1, counts.by_pos, forms)
    assert substitution._focus(totals) is not None
    span, verb = _span("chapeau", "hat"), _span("lick", "worked")
    a, va = substitution.stratum_priors([span, verb], totals)
    monkeypatch.setattr(substitution, "FOCUS", False)
    b, vb = substitution.stratum_priors([span, verb], totals)
    drop_a, drop_b = span.margin - a.margin, span.margin - b.margin
    assert drop_a > drop_b > 0
    assert drop_a == pytest.approx(drop_b * substitution.FOCUS_STRATUM_WEIGHT / strata.STRATUM_WEIGHT)
    # The verb restoration (the document's own part of speech) is left alone either way.
    assert va == vb == verb
