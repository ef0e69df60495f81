"""The bundled science sample (textrepair/samples/tortured_abstract.txt, written for the package):
the science domain finds it problematic and every applied finding names the term the phrase replaced;
the default news domain leaves it alone."""

from __future__ import annotations

from pathlib import Path

from textrepair import repair_and_explain
from textrepair.spin import tortured as T

SAMPLE = Path(T.__file__).resolve().parent.parent / "samples" / "tortured_abstract.txt"
# The sample's tortured phrases and the terms they stand for (written with the sample).
TERMS = {"counterfeit consciousness": "artificial intelligence", "profound": "deep",
         "irregular woodland": "random forest", "choice": "decision", "bolster": "support",
         "colossal information": "big data", "flag to commotion proportion": "signal to noise ratio",
         "repetitive brain organization": "recurrent neural network", "blunder": "error",
         "grouping methods": "classification methods"}


def _bare(phrase: str) -> str:
    words = phrase.lower().split()
    return " ".join(words[1:] if words[0] in ("a", "an") else words)


def test_science_domain_flags_the_sample_and_applies_only_right_terms() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    record = T.science_record(text)
    applied = [e for e in record.edits]
    assert len(applied) >= 5  # the level at which PPS reports a paper
    for e in applied:
        # a preceding "a"/"an" is fixed with the proposal ("an irregular woodland" -> "a random forest")
        found, proposed = (_bare(x) for x in (e.found, e.replacement))
        assert TERMS.get(found) == proposed, (e.found, e.replacement)
    assert repair_and_explain(text, domain="science").text != text


def test_news_domain_leaves_the_sample_alone() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert repair_and_explain(text).text == text
