"""Shared pytest setup: the Hypothesis profiles, the ``pdflatex`` fixture and the adversarial
corpus's figures.

``ci`` (selected when the environment variable CI is set, as .ci/run does): derandomized, bounded
example counts, no deadline — reproducible and within the suite's time budget.  ``dev``: the same
bounds but random, so local runs keep exploring.
"""

import os
import shutil
import subprocess
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture
def pdflatex(tmp_path):
    """``compile(tex, name="document")``: writes ``tex`` to ``name.tex`` in a fresh directory, runs pdflatex
    (non-stop, halting on the first error) and returns the path of the PDF; the test fails with the end of
    the log when it does not compile and is skipped on a machine without pdflatex."""
    exe = shutil.which("pdflatex")
    if exe is None:
        pytest.skip("no TeX engine on this machine")

    def compile_tex(tex: str, name: str = "document"):
        (tmp_path / f"{name}.tex").write_text(tex)
        proc = subprocess.run([exe, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"], cwd=tmp_path,
                              capture_output=True, text=True, errors="replace", timeout=300)
        assert proc.returncode == 0, proc.stdout[-3000:]
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, f"{pdf.name}: no PDF or an empty one\n{proc.stdout[-1000:]}"
        return pdf

    return compile_tex


# The adversarial corpus's figures (tests/adversarial): how many TRUE claims stay UNDECIDED (a figure,
# not a pass/fail: soundness must not be bought by answering UNDECIDED to everything) and how the
# verdicts are distributed.  Each verdict test records its outcome as the user property
# ``adversarial_outcome``; with pytest-xdist the reports, properties included, reach the controller,
# which loads this file (not the corpus directory's own conftest) at startup.
OUTCOMES = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        OUTCOMES.extend(value for name, value in report.user_properties if name == "adversarial_outcome")


def pytest_terminal_summary(terminalreporter):
    if not OUTCOMES:
        return
    true = [o for o in OUTCOMES if o["truth"]]
    undecided = sorted(o["id"] for o in true if o["verdict"] == "UNDECIDED")
    write = terminalreporter.write_line
    terminalreporter.write_sep("-", "adversarial corpus")
    write(f"TRUE claims that stay UNDECIDED: {len(undecided)} of {len(true)}"
          + (f" ({', '.join(undecided)})" if undecided else ""))
    for label, group in (("TRUE", true), ("FALSE", [o for o in OUTCOMES if not o["truth"]])):
        counts = Counter(o["verdict"] for o in group)
        write(f"{label} claims by verdict: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
