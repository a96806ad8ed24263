"""The three ways researchers use the checker: LaTeX out, reports, and their own test suites."""

import json
import shutil
import subprocess

import pytest

import gdperceptron as gp
from gdperceptron import cli
from gdperceptron.latex import escape_text, standalone_document
from gdperceptron.testing import assert_claim

FAST = "reduction.logistic-gradient"


def test_escape_text_makes_unicode_mathematics_pdflatex_safe():
    assert escape_text("σ(−m) ≤ e^{x}_1 & 5%") == r"$\sigma$($-$m) $\le$ e\textasciicircum{}\{x\}\_1 \& 5\%"
    assert escape_text("v̂") == r"\^{v}" and escape_text("☃") == "[U+2603]"


def test_the_pdflatex_fixture_fails_on_a_document_that_does_not_compile(pdflatex):
    with pytest.raises(AssertionError, match="Undefined control sequence"):
        pdflatex("\\documentclass{article}\\begin{document}$\\notamacro$\\end{document}\n", "broken")


def test_standalone_document_of_every_claim_compiles(pdflatex):
    result = gp.claims.get(FAST).check()
    pdflatex(standalone_document(gp.claims.all(), [result]), "claims")


def test_latex_all_writes_every_claim_with_its_verdict(tmp_path, monkeypatch):
    # a registry of one fast claim keeps the check run short
    monkeypatch.setattr(gp.claims.registry, "_REGISTRY", {FAST: gp.claims.get(FAST)})
    out = tmp_path / "claims.tex"
    assert cli.main(["latex", "--all", "--out", str(out), "--jobs", "1"]) == 0
    text = out.read_text()
    assert "\\section*{reduction.logistic-gradient}" in text and "\\textbf{PROVEN}" in text
    assert text.startswith("\\documentclass") and text.rstrip().endswith("\\end{document}")


def test_report_writes_html_markdown_json_and_plots(tmp_path, monkeypatch):
    @gp.check("asymptotic")
    def with_plot(ctx):
        return gp.CheckResult(gp.SUPPORTED, "a plotted series", {"plot": {
            "title": "gap", "xlabel": "t", "ylabel": "gap", "logx": True,
            "series": [{"label": "gap", "x": [1, 10, 100], "y": [1, 0.5, 0.33], "style": "points"}]}}, dps=30)

    plotted = gp.Claim("t.plotted", "plotted", "a statement", "derived", [with_plot])
    monkeypatch.setattr(gp.claims.registry, "_REGISTRY", {FAST: gp.claims.get(FAST), plotted.id: plotted})
    assert cli.main(["report", "--out", str(tmp_path), "--jobs", "1"]) == 0
    page = (tmp_path / "report.html").read_text()
    assert 'id="verdicts"' in page and "t_plotted_0.png" in page and "PROVEN" in page
    assert (tmp_path / "t_plotted_0.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "t_plotted_0.pdf").read_bytes()[:4] == b"%PDF"
    assert {r["id"] for r in json.loads((tmp_path / "results.json").read_text())} == {FAST, "t.plotted"}
    assert "| `t.plotted` | **SUPPORTED** |" in (tmp_path / "report.md").read_text()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on this machine")
def test_report_renders_in_headless_chromium_with_its_plot(tmp_path, monkeypatch):
    @gp.check("asymptotic")
    def with_plot(ctx):
        return gp.CheckResult(gp.SUPPORTED, "plotted", {"plot": {"series": [{"x": [1, 2], "y": [2, 1]}]}})

    claim = gp.Claim("t.browser", "browser", "s", "derived", [with_plot])
    gp.claims.all()  # discover first: discovering into the patched registry would empty the real one afterwards
    monkeypatch.setattr(gp.claims.registry, "_REGISTRY", {claim.id: claim})
    assert cli.main(["report", "--out", str(tmp_path), "--jobs", "1"]) == 0
    proc = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                           "--disable-background-networking", "--disable-component-update", "--disable-sync",
                           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom",
                           (tmp_path / "report.html").as_uri()], capture_output=True, text=True, timeout=120)
    dom = proc.stdout
    assert 'data-images-checked="true"' in dom, proc.stderr[-2000:]
    assert 'data-loaded="true"' in dom and 'data-loaded="false"' not in dom
    assert "<td>t.browser</td>" in dom.replace('<a href="#t.browser">', "").replace("</a>", "")


def test_assert_claim_passes_and_fails_with_the_account():
    assert assert_claim(FAST, at_least="PROVEN").verdict is gp.PROVEN
    from proofs.perceptron_reduction import noise_bound

    with pytest.raises(AssertionError, match="REFUTED") as info:
        assert_claim(noise_bound(exponent=2), quick=True)
    assert "counterexample" in str(info.value)
    with pytest.raises(gp.InputError):
        assert_claim(FAST, at_least="CERTAIN")


def test_check_claim_fixture_from_the_pytest_plugin(check_claim):
    assert check_claim(FAST, at_least="PROVEN").verdict is gp.PROVEN


def test_a_formula_that_evaluated_to_a_boolean_is_an_error_not_latex():
    import sympy as sp

    from gdperceptron.latex import formula_row

    with pytest.raises(ValueError, match="evaluate=False"):
        formula_row(sp.Eq(sp.Symbol("x"), sp.Matrix([1])))  # SymPy evaluates this to False
    assert formula_row(sp.Eq(sp.Symbol("x"), 1, evaluate=False)) == "x &= 1"
