"""The example notebook runs top to bottom (nbclient + ipykernel), and its views hold the highlights."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _html_outputs(nb) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(out.get("data", {}).get("text/html", "")) for cell in nb.cells if cell.cell_type == "code"
                     for out in cell.get("outputs", ()))


def test_walkthrough_notebook_executes():
    nbformat = pytest.importorskip("nbformat", reason="nbformat not installed (pip install -e '.[test]')")
    nbclient = pytest.importorskip("nbclient", reason="nbclient not installed (pip install -e '.[test]')")
    pytest.importorskip("ipykernel", reason="ipykernel not installed (pip install -e '.[test]')")
    nb = nbformat.read(EXAMPLES / "walkthrough.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), "commit it without outputs"
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()  # raises CellExecutionError (with the cell and traceback) if any cell fails
    html = _html_outputs(nb)

    def has_class(name: str) -> bool:
        return re.search(rf'class="[^"]*\b{re.escape(name)}\b', html) is not None

    assert has_class("tr-sub")  # replacements highlighted (original on hover)
    assert has_class("tr-del")  # the mangled sample's debris shown struck through
    assert has_class("tr-spun") and 'role="meter"' in html  # flagged paragraphs with their score bar
    assert has_class("tr-link-row") and "roadlens-approval.md" in html  # the link, with evidence
    assert has_class("tr-score-row")  # the %load_ext formatter rendered the plain tuple of scores
    assert has_class("tr-original") and has_class("tr-repaired")  # the side-by-side view
