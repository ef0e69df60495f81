"""The HTML views in a real headless browser (Debian's chromium): the DOM it builds holds the highlights."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from rendercase import load_case
from test_render import parse, text_of

from textrepair.report.render import page, render_result
from textrepair.report.html import write_report_html

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
pytestmark = pytest.mark.skipif(CHROMIUM is None,
                                reason="chromium not installed (Debian: apt-get install -y chromium)")


def dump_dom(url: str) -> str:
    """The DOM after load, as chromium serialises it (scripts have run; nothing is fetched)."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
             f"--user-data-dir={profile}", "--dump-dom", url],
            capture_output=True, text=True, timeout=120, check=False)
    if proc.returncode != 0 or "<html" not in proc.stdout:
        pytest.fail(f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout


def test_result_page_dom_has_highlighted_edits_scores_suggestions_and_links(tmp_path):
    links = [{"record": "000_record.md", "score": 0.96, "start": 0, "end": 90,
              "evidence": ["title similarity 0.92", "<script>alert('evidence')</script>"]}]
    html_path = tmp_path / "result.html"
    html_path.write_text(page(render_result(load_case(), links=links)), encoding="utf-8")
    tree = parse(dump_dom(html_path.as_uri()))
    subs = tree.find("tr-sub")
    assert [text_of(e) for e in subs] == ["Law enforcement", "technology"]
    assert subs[0]["attrs"]["title"].startswith("was: Regulation enforcement")
    assert [text_of(e) for e in tree.find("tr-del")] == ["<b>", "</b>"]
    spun = [e for e in tree.find("tr-spun") if e["tag"] == "span"]
    assert spun and spun[0]["attrs"]["data-score"] == "0.82"
    assert [text_of(e) for e in tree.find("tr-sugg")] == ["in line with"]
    assert len(tree.find("tr-link-row")) == 1
    # The script-looking text in the body and in the evidence stayed text: the browser made no element of it.
    assert "script" not in tree.tags
    assert "alert(\"x\")" in "".join(tree.text)


def test_run_report_dom_lists_files_and_filters_by_status(tmp_path):
    entries = [
        {"path": "a.txt", "status": "ok", "edits": [{"start": 0, "end": 3, "found": "Fb ", "replacement": "Facebook ",
                                                     "stage": "restore", "reason": "spinner", "confidence": 0.9}],
         "paragraphs": [{"start": 0, "end": 10, "score": 0.8, "spun": True, "evidence": []}],
         "links": [{"record": "r1.md", "score": 0.9, "start": 0, "end": 10, "evidence": ["title"]}]},
        {"path": "b <x>.txt", "status": "error", "error": "b.txt: cannot decode <bytes>"},
        {"path": "c.txt", "status": "ok", "edits": [], "paragraphs": []},
    ]
    report = tmp_path / "report.html"
    write_report_html(entries, report)
    tree = parse(dump_dom(report.as_uri()))
    rows = tree.find("tr-file")
    assert [r["attrs"]["data-path"] for r in rows] == ["a.txt", "b <x>.txt", "c.txt"]
    assert [r["attrs"]["data-status"] for r in rows] == ["ok", "error", "ok"]
    assert "style" not in rows[0]["attrs"]  # nothing hidden without a filter
    filtered = parse(dump_dom(report.as_uri() + "#only=error"))
    hidden = {r["attrs"]["data-path"]: "display: none" in r["attrs"].get("style", "") for r in filtered.find("tr-file")}
    assert hidden == {"a.txt": True, "b <x>.txt": False, "c.txt": True}
