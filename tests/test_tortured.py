"""Tortured phrases (science domain): alignment, learned table, findings, gate, PPS fingerprints, stage, CLI, HTML.

A finding covers only the substituted words: "profound learning" is found as "profound" -> "deep"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from textrepair import repair_and_explain
from textrepair.cli import main
from textrepair.core.config import ConfigError, RepairConfig
from textrepair.core.edits import apply_edits, invert_edits
from textrepair.spin.tokens import protected_spans
from textrepair.spin.tortured import (Finding, ScienceModel, align_words, find_tortured, learn_substitutions,
                                 packaged_table, packaged_terms, paper_report, table_from_phrase_table,
                                 table_rows, tortured_edits, words_of)

HERE = Path(__file__).parent / "cases"
CASES = json.loads((HERE / "tortured.json").read_text(encoding="utf-8"))
PPS_CSV = HERE / "pps_sample.csv"


@pytest.mark.parametrize("case", CASES["alignments"], ids=[c["spun"] for c in CASES["alignments"]])
def test_align_words(case: dict) -> None:
    got = align_words(words_of(case["spun"]), words_of(case["original"]))
    assert got == [tuple(u) for u in case["units"]]


def test_learned_table_counts_and_round_trip() -> None:
    table = learn_substitutions(CASES["invented_pairs"], source="test")
    # "glimmering" was an original's stand-in in three pairs: P(optical | glimmering) = 3 / (3 + 1)
    assert dict(table.pairs["glimmering"])["optical"] == 3
    assert table.totals["glimmering"] == 3
    # "yield" stood for "output" three times
    assert dict(table.pairs["yield"])["output"] == 3
    # kept-as-written units count too ("cardiac" kept in "cardiac yield")
    assert dict(table.pairs["cardiac"])["cardiac"] == 1
    from textrepair.lexical.tables import PhraseEntry, PhraseTable, format_table, parse_table

    entries = [PhraseEntry(s, o, min(1.0, w), src) for s, o, w, src in table_rows(table)]
    back = table_from_phrase_table(parse_table(format_table(entries, name="t")))
    assert back.pairs == table.pairs
    assert dict(back.totals) == dict(table.totals)


@pytest.fixture(scope="module")
def invented_model() -> ScienceModel:
    table = learn_substitutions(CASES["invented_pairs"], source="test")
    return ScienceModel(table, packaged_terms(), weights=packaged_weights(), intercept=packaged_intercept(),
                        min_confidence=0.3)


def packaged_weights():  # the shipped constants, so the invented model ranks as the real one does
    from textrepair.spin import tortured

    return tortured.WEIGHTS


def packaged_intercept() -> float:
    from textrepair.spin import tortured

    return tortured.INTERCEPT


def test_beam_follows_the_thesaurus_through_a_lemma() -> None:
    # The graph holds lemmas: a plural has no thesaurus links of its own, so without its lemma's
    # links the beam could not write "patterns" for "examples" (measured reach: bench_tortured.py).
    empty = learn_substitutions([])

    def thesaurus(model: ScienceModel, word: str) -> list[str]:
        return [o for n, o, _, kind, _ in model._options([word], 0) if kind == "thesaurus"]

    off = ScienceModel(empty, {})
    on = ScienceModel(empty, {}, thesaurus_lemmas=True)
    assert thesaurus(off, "examples") == []
    got = thesaurus(on, "examples")
    assert "patterns" in got
    # written in the observed word's inflection, never the word itself, never twice
    assert all(o.endswith("s") for o in got)
    assert "examples" not in got and len(got) == len(set(got))
    # a word with links of its own keeps them, ahead of its lemma's
    assert thesaurus(on, "groups")[:len(thesaurus(off, "groups"))] == thesaurus(off, "groups")


@pytest.mark.parametrize("case", CASES["invented_findings"], ids=lambda c: c["text"][:30])
def test_invented_spinner_findings(invented_model: ScienceModel, case: dict) -> None:
    found = find_tortured(case["text"], model=invented_model)
    got = [(f.found, f.proposed) for f in found]
    for pair in case["expect"]:
        assert tuple(pair) in got
    for f in found:
        assert case["text"][f.start:f.end] == f.found
        assert f.evidence and 0.0 < f.confidence <= 1.0


@pytest.mark.parametrize("case", CASES["packaged_findings"], ids=lambda c: c["label"])
def test_packaged_model_finds_published_examples(case: dict) -> None:
    found = find_tortured(case["text"])
    got = {(f.found, f.proposed) for f in found}
    for pair in case["expect"]:
        assert tuple(pair) in got
    # the repaired text reads the original terms, and the edits undo
    edits = tortured_edits(case["text"], found)
    out = apply_edits(case["text"], edits)
    for term in case["reads"]:
        assert term in out.lower()
    assert apply_edits(out, invert_edits(edits)) == case["text"]


@pytest.mark.parametrize("text", CASES["clean"])
def test_clean_scientific_sentences_get_no_finding(text: str) -> None:
    assert find_tortured(text) == ()
    r = repair_and_explain(text, domain="science")
    assert r.text == text


@pytest.mark.parametrize("text", CASES["protected"]["texts"])
def test_web_addresses_and_code_are_never_changed(text: str) -> None:
    # the science stage leaves protected spans alone, as the news stage does
    protected = protected_spans(text)
    assert protected
    r = repair_and_explain(text, domain="science")
    for e in r.edits:
        assert not any(a < e.end and e.start < b for a, b in protected), (e.found, e.replacement)
    for a, b in protected:
        assert text[a:b] in r.text


def test_finding_is_frozen_and_serialisable() -> None:
    f = Finding(0, 5, "a b c", "x y", 0.7, "wordnet", ("e",), 1.2)
    with pytest.raises(AttributeError):
        f.start = 3  # type: ignore[misc]
    d = f.to_dict()
    assert d["proposed"] == "x y" and d["evidence"] == ["e"] and d["source"] == "model"


def test_pps_fingerprints_become_findings() -> None:
    from textrepair.lexical.pps import load_pps_csv

    pps = load_pps_csv(PPS_CSV)
    text = "The bosom peril of the cohort was low; breast imaging helped. Irregular deep woodland models were used."
    found = find_tortured(text, pps=pps)
    by_found = {f.found.lower(): f for f in found}
    assert by_found["bosom peril"].source == "pps"
    assert by_found["bosom peril"].proposed == "breast cancer"
    assert by_found["bosom peril"].known == "pps"
    # proximity syntax: "irregular woodland"~2 spans the words in between
    assert any(f.source == "pps" and f.found.lower().startswith("irregular") for f in found)


def test_pps_context_clause_respected() -> None:
    from textrepair.lexical.pps import load_pps_csv

    pps = load_pps_csv(PPS_CSV)
    text = "The bosom peril was discussed."  # no "breast" anywhere: the AND clause fails
    assert not [f for f in find_tortured(text, pps=pps) if f.source == "pps"]


def test_paper_report_counts() -> None:
    f = [Finding(0, 1, "a", "b", 0.5), Finding(2, 3, "c", "d", 1.0), Finding(4, 5, "a", "b", 0.5)]
    rep = paper_report("a b c d a", f)
    assert rep["findings"] == 3 and rep["distinct"] == 2 and rep["weight"] == 2.0
    assert rep["problematic"] is False
    assert 0.0 < rep["score"] < 1.0


def test_packaged_table_has_counts() -> None:
    table = packaged_table()
    assert len(table) > 1000
    assert all(c >= 1 for opts in table.pairs.values() for _, c in opts)


def test_config_domain_is_validated() -> None:
    assert RepairConfig(domain="science").domain == "science"
    with pytest.raises(ConfigError, match="known domains"):
        RepairConfig(domain="poetry")


def test_news_domain_is_default_and_untouched_by_science() -> None:
    text = ("Regulation enforcement companies used the know-how with out approval, in keeping with "
            "inside firm knowledge.")
    assert repair_and_explain(text).text != text          # news still restores
    science = repair_and_explain(text, domain="science")
    assert "spinner-news" not in {e.source.split(":")[0] for e in science.edits}
    assert science.text == text                           # news spinning is not a tortured phrase


# --- the --table bug: a user table never lets the news table loose --------------------------


def test_user_table_does_not_open_news_table(tmp_path: Path) -> None:
    table = tmp_path / "mine.tsv"
    table.write_text("#format=textrepair-phrases\tversion=1\nobserved\toriginal\tweight\tsource\n"
                     "counterfeit consciousness\tartificial intelligence\t0.95\ttest\n"
                     "profound learning\tdeep learning\t0.95\ttest\n"
                     "neural organization\tneural network\t0.95\ttest\n"
                     "bosom peril\tbreast cancer\t0.95\ttest\n", encoding="utf-8")
    text = ("Counterfeit consciousness and profound learning models need big data to train: a "
            "neural organization was compared for bosom peril screening.")
    r = repair_and_explain(text, tables=(str(table),))
    assert "need big data to train" in r.text          # the news table stays out of this paragraph
    assert "Artificial intelligence" in r.text and "breast cancer" in r.text
    assert all("mine.tsv:" in e.source for e in r.edits if e.stage == "restore")
    # without the fix the packaged news rows were decoded here too
    plain = repair_and_explain(text)
    assert plain.text == text                            # the news evidence alone flags nothing


# --- CLI --------------------------------------------------------------------------------------

ABSTRACT = ("Recent advances in counterfeit consciousness and profound learning have changed imaging.\n\n"
            "Feature extraction was performed with a pretrained neural network.\n")


def test_cli_scan_science_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "paper.txt"
    f.write_text(ABSTRACT, encoding="utf-8")
    assert main(["scan", "--domain", "science", str(f)]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert rec["domain"] == "science" and rec["findings"]
    found = {(x["found"], x["proposed"]) for x in rec["findings"]}
    assert ("counterfeit consciousness", "artificial intelligence") in found
    for x in rec["findings"]:
        assert ABSTRACT[x["start"]:x["end"]] == x["found"]
        s, e = x["sentence"]
        assert s <= x["start"] and x["end"] <= e


def test_cli_scan_science_text_and_pps_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "paper.txt"
    f.write_text("The bosom peril was high in breast clinics.\n", encoding="utf-8")
    assert main(["scan", "--domain", "science", "--format", "text", "--table", str(PPS_CSV), str(f)]) == 0
    out = capsys.readouterr().out
    assert "bosom peril" in out and "breast cancer" in out and "pps" in out


def test_cli_repair_science(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "paper.txt"
    f.write_text(ABSTRACT, encoding="utf-8")
    assert main(["repair", "--domain", "science", str(f)]) == 0
    out = capsys.readouterr().out
    assert "artificial intelligence" in out and "Feature extraction" in out
    assert main(["repair", "--domain", "science", "--format", "json", str(f)]) == 0
    rec = json.loads(capsys.readouterr().out)
    assert any(e["source"] == "tortured-words" for e in rec["edits"])
    assert main(["repair", "--domain", "poetry", str(f)]) == 2


def test_cli_scan_science_html_highlights(tmp_path: Path) -> None:
    f = tmp_path / "paper.txt"
    f.write_text(ABSTRACT, encoding="utf-8")
    html_path = tmp_path / "report.html"
    assert main(["scan", "--domain", "science", "--report-html", str(html_path), str(f)]) == 0
    page = html_path.read_text(encoding="utf-8")
    assert '<mark class="tr-tortured"' in page
    assert 'data-proposed="artificial intelligence"' in page
    assert "proposed: artificial intelligence" in page      # the hover title
    assert main(["scan", "--report-html", str(html_path), str(f)]) == 2  # news scan has no such report


# --- invariants -------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_VOCAB = ["counterfeit", "consciousness", "profound", "learning", "neural", "organizations", "the", "of",
          "data", "irregular", "woodland", "and", "an", "A", "model", "feature", "extraction", ",", ".", "\n\n",
          "Grouping", "methods", "big", "train", "signal", "noise", "café", "—"]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=25))
def test_findings_are_spans_of_the_text_and_edits_invert(words: list[str]) -> None:
    text = " ".join(words)
    found = find_tortured(text)
    last = -1
    for f in found:
        assert 0 <= f.start < f.end <= len(text) and text[f.start:f.end] == f.found
        assert f.start >= last                       # sorted, never overlapping
        last = f.end
        assert 0.0 <= f.confidence <= 1.0
    edits = tortured_edits(text, found)
    out = apply_edits(text, edits)
    assert apply_edits(out, invert_edits(edits)) == text
    assert repair_and_explain(text, domain="science", restore=False).text == repair_and_explain(
        text, restore=False).text                     # the domain only reaches the restore stage
