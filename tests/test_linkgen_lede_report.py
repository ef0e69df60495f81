"""The generator's lede reports (benchmarks/linkgen.py, issue 14 seventh pass): another outlet's
report opening with the article's first sentence, and the article's one-sentence record."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
linkgen = pytest.importorskip("linkgen")
if not linkgen.BROWN.is_dir():  # the frames of other outlets' sentences come from the Brown corpus
    pytest.skip("the Brown corpus is not installed", allow_module_level=True)

from textrepair.link.features import record_view  # noqa: E402
from textrepair.link.records import load_mappings  # noqa: E402
from textrepair.link.score import same_article  # noqa: E402

# An article written for this test.
ARTICLE = linkgen.Article(
    id="test:ferry#1", group="test:ferry", section="ca", date="2023-03-14",
    url="https://www.example-harbour-news.com/2023/03/14/ferry-returns/",
    title="Harbour Ferry Returns After Winter Repairs",
    paragraphs=[
        "The harbour ferry will carry passengers again from the first week of April, the port authority said on Tuesday.",
        "Engineers spent the winter replacing the worn hull plates of both boats at the northern shipyard. "
        "The work cost the authority 2.4 million dollars, more than it had planned.",
        "Commuters who crossed the bay by bus since November will save about forty minutes a day. "
        "\u201cWe know the winter was long for everyone who depends on the crossing,\u201d said Maria Olsen, the authority's director.",
        "Tickets will cost the same as last year, and the first boat leaves at six in the morning.",
    ])
FIRST = "The harbour ferry will carry passengers again from the first week of April, the port authority said on Tuesday."


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'\u2019]+", text)


@pytest.mark.parametrize("seed", range(8))
def test_a_lede_report_opens_with_the_articles_first_sentence_then_goes_its_own_way(seed: int) -> None:
    text, has_headline = linkgen.lede_report(ARTICLE, random.Random(seed), "report")
    text = re.sub(r"\A date \d{4}-\d\d-\d\d ", "", text)      # an index date, as some bodies have
    paras = [p for p in text.split("\n\n") if p.strip()]
    first_prose = next(p for p in paras if len(p.split()) >= 12 and not p.startswith("By "))  # after a headline, a byline
    lede = re.sub(r"\A.*?\(AP\) \u2014 ", "", first_prose)
    got, want = _words(lede)[: len(_words(FIRST))], _words(FIRST)
    assert sum(a != b for a, b in zip(got, want)) <= 2           # one or two words changed at most
    # After its lede, nothing of the article's wording longer than an independent writer's run.
    rest = text[text.index(lede) + len(lede):]
    for sentence in re.split(r"(?<=[.!?])\s+", rest):
        if "\u201c" not in sentence and sentence.strip():
            assert linkgen.shared_run(sentence, " ".join(ARTICLE.paragraphs[1:])) <= linkgen.OWN_WORDING_RUN


def test_the_one_sentence_record_is_the_same_article_as_the_main_record() -> None:
    rng = random.Random(3)
    main = linkgen.record_map("main.md", ARTICLE.title, linkgen.lede(ARTICLE), ARTICLE, rng, url=ARTICLE.url)
    one = linkgen.lede_only_record(ARTICLE, "lede-only.md", main["webUrl"], random.Random(5))
    records, problems = load_mappings([main, one])
    assert not problems
    assert FIRST.startswith(one["excerpt"].removesuffix(" ...")) or one["excerpt"] == FIRST
    assert same_article(record_view(records[0]), record_view(records[1]))
