"""The language-model wrapper: history order, OOV clamping, window scores."""

from __future__ import annotations

from textrepair.lexical import lm


def test_history_is_most_recent_first() -> None:
    # "to" right after "according" is nearly certain; after "line" much less so.
    assert lm.word_logprob("to", "according") > -0.1
    assert lm.word_logprob("to", "according") > lm.word_logprob("to", "line") + 1.0


def test_unknown_words_are_clamped() -> None:
    assert lm.word_logprob("qwzxvbnm") == lm.OOV_LOG10
    assert not lm.known("qwzxvbnm")
    assert lm.known("technology")


def test_original_wording_scores_higher_than_spun() -> None:
    assert lm.logprob("according to the report".split(), [lm.BOS]) > \
        lm.logprob("in line with the report".split(), [lm.BOS])
    assert lm.logprob(["law", "enforcement", "agencies"], [lm.BOS], [lm.EOS]) > \
        lm.logprob(["regulation", "enforcement", "companies"], [lm.BOS], [lm.EOS])


def test_window_counts_right_context() -> None:
    # The same candidate scores differently depending on what follows it.
    a = lm.logprob(["according"], ["the", "figures"], ["to", "the"])
    b = lm.logprob(["according"], ["the", "figures"], ["banana", "the"])
    assert a > b
    # Multiword strings are split into model words, case and curly apostrophes normalised.
    assert lm.logprob(["According to"]) == lm.logprob(["according", "to"])
    assert lm.normalise("Clearview’s") == "clearview's"


def test_scores_stop_at_end_of_sentence() -> None:
    base = lm.logprob(["said"], ["he"], [lm.EOS])
    assert base == lm.logprob(["said"], ["he"], [lm.EOS, "ignored"])
