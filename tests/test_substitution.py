"""Table-free substitution: inverse-thesaurus candidates, channel model, detection and gated restoration.

Cases live in tests/cases/substitution.json (texts written for this project; the spun article is
our own text passed through benchmarks/spinners.py, with its substitutions listed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from textrepair import apply_edits, invert_edits, repair_and_explain
from textrepair.lexical import thesaurus
from textrepair.spin import substitution
from textrepair.spin.detect import score_document
from textrepair.spin.restore import (DEFAULT_MIN_CONFIDENCE, THESAURUS_MIN_CONFIDENCE,
                                     THESAURUS_PHRASE_MIN_CONFIDENCE, restore_text)

CASES = json.loads((Path(__file__).resolve().parent / "cases" / "substitution.json").read_text(encoding="utf-8"))
ARTICLE = CASES["spun_article"]


@pytest.mark.parametrize("case", CASES["candidates"], ids=[c["observed"] for c in CASES["candidates"]])
def test_inverse_thesaurus_candidates(case) -> None:
    texts = {c.text for c in thesaurus.candidates(case["observed"])}
    missing = set(case["includes"]) - texts
    assert not missing, f"{case['observed']}: {sorted(missing)} not among {sorted(texts)[:30]}"
    assert case["observed"] not in texts


def test_channel_prefers_originals_with_few_synonyms() -> None:
    # 'penalty' has a handful of WordNet forms, 'make' dozens: a spun word is likelier to come
    # from the original with fewer choices (uniform spinner).
    few, many = thesaurus.fanout("penalty")[0], thesaurus.fanout("make")[0]
    assert 0 < few < many
    assert thesaurus.channel_logprob("penalty", thesaurus.WORDNET) > thesaurus.channel_logprob("make", thesaurus.WORDNET)
    # A Moby-only link is weaker than a WordNet one for the same original.
    assert thesaurus.channel_logprob("hat", thesaurus.MOBY) < thesaurus.channel_logprob("hat", thesaurus.WORDNET)
    # An inflected original has its own lemma as one more spinner choice ("scored" -> "score").
    assert thesaurus.channel_logprob("score", thesaurus.WORDNET, True) < thesaurus.channel_logprob("score", thesaurus.WORDNET)


def test_function_words_are_never_candidates() -> None:
    for observed in ("constitute", "existed", "single"):
        for words, *_ in substitution.shortlist(observed):
            assert not (len(words) == 1 and words[0] in substitution.FUNCTION_WORDS), (observed, words)


def test_spun_article_is_flagged_with_thesaurus_evidence() -> None:
    doc_score, spun, paragraphs = score_document(ARTICLE["spun"])
    assert spun and doc_score >= 0.9
    for p in paragraphs:
        assert p.spun, p
        kinds = {s.name for s in p.signals}
        assert "thesaurus" in kinds, p.signals
        for s in p.signals:
            if s.name == "thesaurus":
                assert ARTICLE["spun"][s.start : s.end] == s.text and s.weight >= substitution.STRONG_MARGIN


def test_spun_article_restoration_precision() -> None:
    text = ARTICLE["spun"]
    rec = restore_text(text)
    subs = {(a, b): orig for a, b, _, orig in ARTICLE["substitutions"]}
    thes = [e for e in rec.edits if e.source.startswith("thesaurus:")]
    correct = [e for e in thes if subs.get((e.start, e.end), "").lower() == e.replacement.lower()]
    assert len(correct) >= ARTICLE["min_restored"], [(e.found, e.replacement) for e in thes]
    assert len(correct) / len(thes) >= ARTICLE["min_precision"], [(e.found, e.replacement) for e in thes]
    done = {(e.found.lower(), e.replacement.lower()) for e in thes}
    for found, original in ARTICLE["must_restore"]:
        assert (found, original) in done, (found, original, sorted(done))
    for e in thes:
        # A spun form of several words needs less (THESAURUS_PHRASE_MIN_CONFIDENCE), never less
        # than the restorer's own minimum.
        need = (max(DEFAULT_MIN_CONFIDENCE, THESAURUS_PHRASE_MIN_CONFIDENCE) if " " in e.found.strip() or "_" in e.found
                else THESAURUS_MIN_CONFIDENCE)
        assert e.confidence >= need and e.stage == "restore"
        assert "thesaurus" in e.reason
    out = apply_edits(text, rec.edits)
    assert apply_edits(out, invert_edits(rec.edits)) == text
    # Below the confidence threshold, candidates are offered as suggestions, not applied.
    assert all(not any(s.start < e.end and e.start < s.end for e in rec.edits) for s in rec.suggestions)


@pytest.mark.parametrize("text", CASES["clean_texts"], ids=["school-board", "article-original"])
def test_clean_text_is_left_alone(text: str) -> None:
    r = repair_and_explain(text)
    assert r.text == text, r.explain()
    assert not any(p.spun for p in r.scores)


def test_table_version_is_checked() -> None:
    # The packaged table carries a versioned header; the reader refuses anything else.
    inverse, fan = thesaurus._load()
    assert "chapeau" in inverse and "penalty" in fan


_NUMBER = st.from_regex(r"[1-9][0-9]{0,2}(?:,[0-9]{3})?(?:\.[0-9])?", fullmatch=True)
_URL = st.sampled_from(["https://example.org/path", "www.example.com", "news@example.net"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 2), st.one_of(_NUMBER, _URL)), min_size=1, max_size=4))
def test_restoration_never_touches_numbers_or_protected_spans(inserts) -> None:
    # Numbers and URLs dropped into the spun article at sentence ends: no edit may overlap them,
    # and no edit may change a function word.
    paragraphs = ARTICLE["spun"].split("\n\n")
    for k, item in inserts:
        if k < len(paragraphs):
            paragraphs[k] = paragraphs[k] + f" See {item} for {item}."
    text = "\n\n".join(paragraphs)
    rec = restore_text(text)
    guarded = [(m.start(), m.end()) for m in re.finditer(r"\S*\d\S*|https?://\S+|www\.\S+|\S+@\S+", text)]
    for e in rec.edits:
        assert not any(a < e.end and e.start < b for a, b in guarded), (e, text[e.start - 20 : e.end + 20])
        assert e.found.lower() not in substitution.FUNCTION_WORDS
    assert apply_edits(apply_edits(text, rec.edits), invert_edits(rec.edits)) == text


def test_scan_cli_reports_thesaurus_evidence(tmp_path, capsys) -> None:
    from textrepair.cli import main

    f = tmp_path / "article.md"
    f.write_text("---\ntitle: x\n---\n" + ARTICLE["spun"], encoding="utf-8")
    assert main(["scan", str(f), "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["spun"] is True
    text = f.read_text(encoding="utf-8")
    shown = [ev for p in record["paragraphs"] for ev in p["evidence"] if ev["name"] == "thesaurus"]
    assert shown and all(text[ev["start"] : ev["end"]] == ev["text"] and "->" in ev["detail"] for ev in shown)


def test_a_body_repaired_in_pieces_is_judged_as_whole() -> None:
    # The table-free evidence of a document (screen, rate, words) is added up over its pieces, so
    # a spun body no table explains is restored in pieces exactly as whole.
    from textrepair import parse_document
    from textrepair.pipeline import repair_document
    from textrepair.run.bounded import repair_bounded

    clean = CASES["clean_texts"][0]
    body = "\n\n".join([ARTICLE["spun"], clean, clean, ARTICLE["spun"]]) + "\n"
    doc = parse_document(body)
    whole = repair_document(doc)
    pieces = repair_bounded(doc, large_body=0, piece_chars=max(len(ARTICLE["spun"]), len(clean)) * 2 + 10)
    assert pieces.meta["pieces"] >= 2
    assert any(e.source.startswith("thesaurus:") for e in whole.edits)
    assert (pieces.text, pieces.edits) == (whole.text, whole.edits)


# --- spun forms written as one unit, and synonyms inserted next to their word (spin12) ----------

JOINED = CASES["joined_forms"]


def _joined(joiner: str) -> str:
    """The spun article with its multiword spun forms joined by ``joiner`` (same offsets)."""
    text = ARTICLE["spun"]
    for start, end, spun, _ in ARTICLE["substitutions"]:
        if " " in spun:
            text = text[:start] + spun.replace(" ", joiner) + text[end:]
    return text


def test_underscore_joined_spun_forms_are_restored_whole_or_not_at_all() -> None:
    text = _joined("_")
    from textrepair.spin.tokens import tokenize
    from textrepair.text.segment import split_paragraphs

    for t, paras in [(text, split_paragraphs(text))] + [(t, [None]) for t in JOINED["underscore_sentences"]]:
        for para in paras:
            for s in substitution.score_paragraph(t, tokenize(t, para))[0]:
                assert t[s.start - 1 : s.start] != "_" and t[s.end : s.end + 1] != "_", s.found
    rec = restore_text(text)
    for e in rec.edits:
        # never one word of a group ("Recent_epoch" from "Holocene_epoch")
        assert text[e.start - 1 : e.start] != "_" and text[e.end : e.end + 1] != "_", (e.found, e.replacement)
    done = {(e.found.lower(), e.replacement.lower()) for e in rec.edits}
    for pair in JOINED["underscore_restored"]:
        assert tuple(pair) in done, (pair, sorted(done))


def test_no_option_repeats_the_word_next_to_it() -> None:
    # Each substitution's original written right before its spun form ("the penalty penalisation
    # kick"), as a spinner that inserts synonyms does: restoring the spun form would double the word.
    text = ARTICLE["spun"]
    for start, end, spun, original in sorted(ARTICLE["substitutions"], reverse=True):
        if " " not in original and text[start - 1 : start] == " ":
            text = text[:start] + original.lower() + " " + text[start:]
    from textrepair.spin.tokens import tokenize
    from textrepair.text.segment import split_paragraphs

    for para in split_paragraphs(text):
        toks = tokenize(text, para)
        spans, _ = substitution.score_paragraph(text, toks)
        for s in spans:
            left = toks[s.i - 1].norm if s.i and not toks[s.i].sentence_start else None
            right = toks[s.j].norm if s.j < len(toks) and not toks[s.j].sentence_start else None
            for option, _ in s.options:
                words = option.split()
                assert words[0] != left and words[-1] != right, (s.found, option)
    for e in restore_text(text).edits:
        before = text[: e.start].split()[-1:]
        assert [e.replacement.lower()] != [w.lower() for w in before], (e.found, e.replacement)


@given(st.integers(0, 5000), st.integers(0, 60), st.integers(0, 60))
def test_a_document_the_screen_stopped_is_never_flagged_by_its_estimate(eligible, strong, sampled) -> None:
    """A stopped document's density is estimated from its sample, and capped: however many of a
    few sampled words were strong, the estimate stays below the document gate (stopped means not
    flagged), while an analysed document with the same rate of strong spans can reach it."""
    from textrepair.spin.detect import DEFAULT_THRESHOLD, document_gate
    sampled = max(sampled, strong)
    stopped = substitution.DocumentTotals(eligible, (strong, sampled), 0, False, 1)
    assert substitution.document_score(stopped) < document_gate(DEFAULT_THRESHOLD)
    analysed = substitution.DocumentTotals(1000, (0, 0), 300, True, 1)
    assert substitution.document_score(analysed) > DEFAULT_THRESHOLD
