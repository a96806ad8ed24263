"""Golden files pin the LaTeX of a few claims, so a change to notation shows up in review.

The files hold reviewed output (they compile: see test_exports.py). After an intended change,
regenerate them with ``GDP_UPDATE_GOLDEN=1 python -m pytest tests/test_latex_golden.py`` and read the diff.
"""

import os
from pathlib import Path

import pytest

import gdperceptron as gp

GOLDEN = Path(__file__).parent / "golden"
IDS = ["reduction.noise-bound", "precursor.loss-explodes-before-separation", "spectral.two-layer-linear"]


@pytest.mark.parametrize("claim_id", IDS)
def test_latex_matches_the_golden_file(claim_id):
    text = gp.claims.get(claim_id).latex()
    path = GOLDEN / f"{claim_id}.tex"
    if os.environ.get("GDP_UPDATE_GOLDEN"):
        path.write_text(text)
    assert text == path.read_text()
    assert "\\begin{align}" in text and text.count("\\begin{align}") == text.count("\\end{align}")
