"""The documentation: the Sphinx build (warnings as errors), the claims catalogue, and the rule that
no file of the repository sends its reader to documents outside it."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _require(module: str):
    """The docs toolchain comes with the ``test`` extra: in CI it must be there, elsewhere it may not."""
    if importlib.util.find_spec(module) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{module} is not installed; it is part of the 'test' extra (pip install -e '.[test]')")
        pytest.skip(f"{module} is not installed (pip install -e '.[test]')")


# --- the build ---------------------------------------------------------------------------------------

def test_sphinx_build_has_no_warnings(tmp_path):
    _require("sphinx")
    _require("myst_parser")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("GDPERCEPTRON_CHECK_RESULTS", None)
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                           "-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"sphinx-build -W failed:\n{proc.stderr[-6000:]}\n{proc.stdout[-2000:]}"
    html = tmp_path / "html"
    for page in ("index", "guide", "verdicts", "claims", "mathematics/reduction", "mathematics/margin",
                 "mathematics/acceleration", "mathematics/precursor", "api/index", "api/checks"):
        assert (html / f"{page}.html").is_file(), page
    catalogue = (html / "claims.html").read_text(encoding="utf-8")
    import gdperceptron as gp

    for claim in gp.claims.all():
        assert claim.id in catalogue, claim.id
    api = (html / "api" / "checks.html").read_text(encoding="utf-8")
    for name in ("identity", "certified_inequality", "property_based"):
        assert f"gdperceptron.claims.checks.{name}" in api, name


# --- the catalogue -----------------------------------------------------------------------------------

def test_catalogue_lists_every_claim_without_running_checks(tmp_path, monkeypatch):
    import gdperceptron as gp
    from gdperceptron.claims.core import Claim

    def no_run(self, *args, **kwargs):
        raise AssertionError("the catalogue must not run checks")

    monkeypatch.setattr(Claim, "check", no_run)
    catalogue = _load("gdp_docs_catalogue", DOCS / "catalogue.py")
    rows = catalogue.claim_rows()
    claims = gp.claims.all()
    assert [r["id"] for r in rows] == [c.id for c in claims]
    for r, c in zip(rows, claims):
        assert r["tag"] == c.provenance.tag and r["statement"] == c.statement and r["verdict"] is None
    text = catalogue.render_markdown(rows)
    assert text.count("\n### `") == len(claims)


def test_catalogue_shows_the_verdicts_of_a_previous_run(tmp_path):
    catalogue = _load("gdp_docs_catalogue", DOCS / "catalogue.py")
    results = tmp_path / "results.json"
    results.write_text('[{"id": "reduction.noise-bound", "verdict": "PROVEN", "summary": "s | t", "seconds": 1}]')
    rows = catalogue.claim_rows(results=catalogue.load_results(results))
    row = next(r for r in rows if r["id"] == "reduction.noise-bound")
    assert row["verdict"] == "PROVEN"
    assert "**PROVEN**: s \\| t" in catalogue.render_markdown([row])
    results.write_text('{"not": "a list"}')
    with pytest.raises(ValueError, match="check --json"):
        catalogue.load_results(results)


def test_docstring_bars_are_escaped_outside_literal_text(monkeypatch):
    _require("sphinx")
    monkeypatch.setattr(sys, "path", list(sys.path))  # conf.py puts docs/ on the path: undone after the test
    conf = _load("gdp_docs_conf", DOCS / "conf.py")
    lines = ["|ε_i| ≤ e^{−|m|} and ``|x|`` and :func:`a|b`", "", "Example::", "", "    |kept|",
             "", "back |here|", ">>> abs(-1) | 0", ".. math::", "", "   |x|"]
    assert conf.escape_docstring_bars(lines) == [
        r"\|ε_i\| ≤ e^{−\|m\|} and ``|x|`` and :func:`a|b`", "", "Example::", "", "    |kept|",
        "", r"back \|here\|", ">>> abs(-1) | 0", ".. math::", "", "   |x|"]


# --- no references to documents outside the repository --------------------------------------------

# Written so that this file does not match itself: the mathematics the code cites lives in docs/.
OUTSIDE_REFERENCES = re.compile(
    r"shared[/]spec|\.\.[/]shared\b|\bthe[ ]spec\b|\bspec[/]|\bspec[ ](?:README|design|perceptron|margin)[.]md",
    re.IGNORECASE)


def _tracked_files() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    names = [n for n in out.decode("utf-8", "surrogateescape").split("\0") if n]
    return [ROOT / n for n in names if not n.startswith((".git/", ".venv/")) and (ROOT / n).is_file()]


def outside_references(files) -> list[str]:
    """``file:line: text`` for every line that cites the project's outside specification."""
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue  # binary files
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE_REFERENCES.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return found


def test_outside_reference_pattern():
    hits = ["see ../" + "shared/" + "spec" + "/margin.md", "The " + "spec's reconstruction", "[derived, spec" + " perceptron.md §4]",
            "a tag of spec" + "/README.md", "as in the " + "spec"]
    misses = ["the specification of a model", "a specific step", "docs/mathematics/margin.md §4", "gp.scaling.specs",
              "respect the spectrum"]
    assert all(OUTSIDE_REFERENCES.search(h) for h in hits)
    assert not any(OUTSIDE_REFERENCES.search(m) for m in misses)


def test_docs_cite_nothing_outside_the_repository():
    offenders = outside_references(p for p in _tracked_files() if p.is_relative_to(DOCS))
    offenders += outside_references(p for p in DOCS.rglob("*") if p.is_file() and "_build" not in p.parts)
    assert not offenders, "\n".join(sorted(set(offenders)))


@pytest.mark.xfail(strict=False, reason="issue 14: code, proofs, notebooks, tests and the README still cite the "
                   "outside specification; their owners are retargeting them to docs/mathematics/")
def test_no_file_cites_the_outside_specification():
    offenders = outside_references(_tracked_files())
    assert not offenders, f"{len(offenders)} lines cite documents outside the repository:\n" + "\n".join(offenders)


# --- the guide's examples run as written ------------------------------------------------------------

def _python_blocks(markdown: str) -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", markdown, flags=re.MULTILINE | re.DOTALL)


def _expected_prints(code: str) -> list[str]:
    return [m.group(1).strip() for m in re.finditer(r"^\s*print\(.*\)\s+#\s*(.+)$", code, flags=re.MULTILINE)]


def _matches(expected: str, printed: str) -> bool:
    """``...`` in an expected output stands for anything; the rest must appear in order."""
    position = 0
    for fragment in (f.strip() for f in expected.split("...")):
        found = printed.find(fragment, position)
        if found < 0:
            return False
        position = found + len(fragment)
    return True


def test_guide_examples_run_as_written(tmp_path):
    code = "\n".join(_python_blocks((DOCS / "guide.md").read_text(encoding="utf-8")))
    expected = _expected_prints(code)
    assert len(expected) >= 6, "the guide lost its runnable examples"
    script = tmp_path / "guide_examples.py"
    script.write_text(code, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-4000:]
    printed = proc.stdout.splitlines()
    assert len(printed) == len(expected), proc.stdout
    for want, got in zip(expected, printed):
        assert _matches(want, got), f"expected {want!r}, printed {got!r}"
