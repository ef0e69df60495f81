"""HTML views: edits highlighted with the original on hover, scores as bars, everything escaped; tabular export."""

from __future__ import annotations

import sys
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rendercase import load_case

from textrepair import repair_and_explain
from textrepair.report.export import edits_frame, link_records, scores_frame, to_records
from textrepair.core.edits import map_back
from textrepair.report.render import _visible, render_result, render_text, view
from textrepair.core.types import Edit, ParagraphScore, Signal


class Tree(HTMLParser):
    """Elements with their classes, attributes and text content (text inside score badges kept apart)."""

    VOID = {"br", "img", "meta", "input", "hr", "link"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict] = []
        self.elements: list[dict] = []
        self.text: list[str] = []  # document text outside badges
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        el = {"tag": tag, "attrs": dict(attrs), "cls": set((dict(attrs).get("class") or "").split()), "text": []}
        if tag in self.VOID:
            self.elements.append(el)
            return
        self.stack.append(el)
        self.elements.append(el)

    def handle_endtag(self, tag):
        while self.stack:
            el = self.stack.pop()
            if el["tag"] == tag:
                break

    def handle_data(self, data):
        for el in self.stack:
            el["text"].append(data)
        if not any("tr-badge" in el["cls"] for el in self.stack):
            self.text.append(data)

    def find(self, cls: str) -> list[dict]:
        return [e for e in self.elements if cls in e["cls"]]


def parse(fragment: str) -> Tree:
    t = Tree()
    t.feed(fragment)
    t.close()
    return t


def text_of(el: dict) -> str:
    return "".join(el["text"])


def test_edits_are_highlighted_with_original_reason_and_confidence_on_hover():
    result = load_case()
    tree = parse(render_result(result))
    subs = tree.find("tr-sub")
    assert [text_of(e) for e in subs] == ["Law enforcement", "technology"]
    first = subs[0]["attrs"]
    assert "was: Regulation enforcement" in first["title"]
    assert "spinner substitution undone" in first["title"] and "confidence 0.93" in first["title"]
    assert first["data-found"] == "Regulation enforcement"
    assert "tr-conf-low" in subs[1]["cls"]  # 0.64 is below the high-confidence mark
    dels = tree.find("tr-del")
    assert [text_of(e) for e in dels] == ["<b>", "</b>"]  # shown as text, struck through
    assert all("removed: " in e["attrs"]["title"] for e in dels)


def test_spun_paragraph_carries_its_score_bar_and_suggestions_are_marked():
    result = load_case()
    tree = parse(render_result(result))
    spun = tree.find("tr-spun")
    assert len(spun) >= 1
    para = next(e for e in spun if e["tag"] == "span")
    assert para["attrs"]["data-score"] == "0.82"
    assert text_of(para).startswith("0.82Law enforcement") and "used the technology" in text_of(para)
    assert "is how the page said it" not in text_of(para)  # the next paragraph is not part of it
    meters = [e for e in tree.elements if e["attrs"].get("role") == "meter"]
    assert meters and meters[0]["attrs"]["aria-valuenow"] == "0.82"
    sugg = tree.find("tr-sugg")
    assert [text_of(e) for e in sugg] == ["in line with"]
    assert sugg[0]["attrs"]["data-alternatives"] == "according to"


def test_script_in_text_is_escaped_everywhere():
    result = load_case()
    for html in (render_result(result), render_result(result, side_by_side=True)):
        assert "<script" not in html.lower()
        assert "&lt;script&gt;" in html
    hostile = 'Hello <script>alert("x")</script> and <img src=x onerror="alert(1)"> caf\u00c3\u00a9.\n'
    r = repair_and_explain(hostile, restore=False)
    html = render_result(r)
    assert "<script" not in html.lower() and "<img" not in html.lower()
    tree = parse(html)
    assert "script" not in tree.tags and "img" not in tree.tags
    assert not any(k.startswith("on") for e in tree.elements for k in e["attrs"])


def test_side_by_side_shows_original_and_repaired():
    result = load_case()
    tree = parse(render_result(result, side_by_side=True))
    orig = tree.find("tr-original")[0]
    rep = tree.find("tr-repaired")[0]
    assert "Regulation enforcement" in text_of(orig) and "<b>" in text_of(orig)
    assert "Law enforcement" in text_of(rep) and "<b>" not in text_of(rep)


def _visible_text(fragment: str) -> str:
    return "".join(parse(fragment).text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\u00c3\u00a9\u200b/")), max_size=60))
def test_views_reproduce_the_texts(text):
    r = repair_and_explain(text, restore=False)
    assert _visible_text(render_text(r, side="repaired")) == r.text
    # removed invisible characters are shown by name (⟨U+200B⟩), so compare in that spelling
    assert _visible(_visible_text(render_text(r, side="original"))) == _visible(r.original)
    assert len(parse(render_text(r)).find("tr-edit")) == len(r.edits)


def test_views_reproduce_the_texts_with_scores_mapped_through_stages():
    r = load_case()
    assert _visible_text(render_text(r, side="repaired")) == r.text
    assert _visible_text(render_text(r, side="original")) == r.original


def test_map_back_snaps_inside_replacements():
    edits = [Edit(2, 4, "xx", "yyyy", "s", "r")]  # "abxxcd" -> "abyyyycd"
    assert map_back(1, edits) == 1
    assert map_back(3, edits, side="start") == 2 and map_back(3, edits, side="end") == 4
    assert map_back(7, edits) == 5


def test_long_text_is_cut_with_a_note():
    r = repair_and_explain("word " * 2000, restore=False)
    html = render_result(r, max_chars=100)
    assert "more characters not shown" in html


def test_score_list_renders_as_table_with_bars():
    scores = (ParagraphScore(0, 10, 0.91, True, (Signal("spinner-phrase", 2, 5, "<b>", 0.5),)),
              ParagraphScore(11, 20, 0.1, False))
    tree = parse(view(scores)._repr_html_())
    rows = tree.find("tr-score-row")
    assert len(rows) == 2 and "tr-spun" in rows[0]["cls"]
    assert [e["attrs"]["aria-valuenow"] for e in tree.elements if e["attrs"].get("role") == "meter"] == ["0.91", "0.10"]
    assert "&lt;b&gt;" in scores[0]._repr_html_()


def test_result_repr_html_is_the_rendered_view():
    r = load_case()
    assert r._repr_html_() == render_result(r)


def test_links_render_from_plain_dicts_with_escaped_evidence():
    r = load_case()
    links = [{"record": "000_x.md", "score": 0.97, "start": 0, "end": 120,
              "evidence": ["title similarity 0.91", "<img src=x onerror=alert(1)>"]},
             {"record": {"id": "r2", "title": "Other <i>story</i>"}, "score": 0.2, "evidence": {"numbers": 3}}]
    html = render_result(r, links=links)
    tree = parse(html)
    rows = tree.find("tr-link-row")
    assert len(rows) == 2
    assert "000_x.md" in text_of(rows[0]) and "title similarity 0.91" in text_of(rows[0])
    assert "img" not in tree.tags and "i" not in tree.tags
    assert "numbers" in text_of(rows[1])
    assert "no link" in render_result(r, links=[])


def test_to_records_and_frames():
    r = load_case()
    rows = to_records(r)
    assert [(x["found"], x["replacement"]) for x in rows][0] == ("Regulation enforcement", "Law enforcement")
    assert {x["doc"] for x in rows} == {"case.txt"}
    paras = to_records([r, r], "paragraphs")
    assert len(paras) == 4 and paras[0]["spun"] is True and paras[0]["top_signal"] == "spinner-phrase"
    assert to_records(r, "suggestions")[0]["alternatives"] == "according to"
    assert link_records([{"record": "a", "score": 0.5, "evidence": {"title": 0.9}}])[0]["evidence"] == "title=0.9"
    with pytest.raises(ValueError, match="unknown kind"):
        to_records(r, "words")


def test_frames_without_pandas_are_plain_records(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    assert isinstance(edits_frame(load_case()), list)


def test_frames_with_pandas():
    pd = pytest.importorskip("pandas")
    df = edits_frame(load_case())
    assert isinstance(df, pd.DataFrame)
    assert list(df["replacement"])[:1] == ["Law enforcement"]
    sf = scores_frame(load_case())
    assert sf["spun"].tolist() == [True, False]


def test_real_links_render_with_record_title_and_signal_evidence():
    from pathlib import Path

    from textrepair import read_document
    from textrepair.link import link_document
    from textrepair.link.records import load_records

    root = Path(__file__).resolve().parent.parent
    records, problems = load_records(root / "examples" / "records")
    assert not problems
    links = link_document(read_document(root / "textrepair" / "samples" / "spun_article.txt"), records)
    assert links
    tree = parse(links[0]._repr_html_())
    row = tree.find("tr-link-row")[0]
    assert "roadlens-approval.md — City Police Tested Plate Reader Software Without Approval" in text_of(row)
    assert any(e["tag"] == "b" and text_of(e) == "title" for e in tree.elements)  # signal names listed


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab", max_size=12), st.data())
def test_back_map_agrees_with_a_linear_reference(text, data):
    from textrepair.core.edits import BackMap

    # random disjoint substitutions / deletions / insertions over `text`
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), max_size=6, unique=True)))
    edits, prev_end = [], -1
    for a, b in zip(cuts[::2], cuts[1::2]):
        if a <= prev_end:
            continue
        repl = data.draw(st.text(alphabet="XY", max_size=3))
        if repl == text[a:b] or (a == b and not repl):
            continue
        edits.append(Edit(a, b, text[a:b], repl, "s", "r"))
        prev_end = b
    def reference(pos, side):
        delta = 0
        for e in edits:
            out_start = e.start + delta
            if pos <= out_start:
                return pos - delta
            if pos < out_start + len(e.replacement):
                return e.start if side == "start" else e.end
            delta += e.delta
        return pos - delta
    back = BackMap(edits)
    out_len = len(text) + sum(e.delta for e in edits)
    for pos in range(out_len + 1):
        for side in ("start", "end"):
            assert back(pos, side) == reference(pos, side)
