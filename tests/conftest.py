"""Shared pytest setup: the Hypothesis profiles and the ``pdflatex`` fixture.

``ci`` (selected when the environment variable CI is set, as .ci/run does): derandomized, bounded
example counts, no deadline — reproducible and within the suite's time budget.  ``dev``: the same
bounds but random, so local runs keep exploring.
"""

import os
import shutil
import subprocess

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
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout[-3000:]
        pdf = tmp_path / f"{name}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000, f"{pdf.name}: no PDF or an empty one\n{proc.stdout[-1000:]}"
        return pdf

    return compile_tex
