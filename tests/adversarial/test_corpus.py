"""Runs the adversarial corpus (issue 12): every claim in its own forked process.

* ``test_ground_truth``: each entry's stated truth agrees with its independent oracle.
* ``test_verdict``: no FALSE claim earns PROVEN, VERIFIED or SUPPORTED (VERIFIED only where the
  entry says it is scoped to instances), no TRUE claim is REFUTED, and nothing crashes, hangs or
  raises (an InputError only where the entry allows it).
* ``test_construction_mistake``: a user's mistake in a check is rejected with gp.InputError when it
  is constructed.
* ``test_corpus_shape``: the corpus's size and coverage (classes, ready-made checks).

``KNOWN_UNSOUND`` lists the entries that fail today, each with its reason; they are strict xfails,
so an entry that the framework's fix repairs fails as XPASS until it is removed from the list.
The number of TRUE claims that stay UNDECIDED is reported at the end of the run (conftest.py).
"""

from __future__ import annotations

import pytest

import gdperceptron as gp

from . import (corpus_branches, corpus_counts, corpus_domains, corpus_limits, corpus_logistic, corpus_margin,
               corpus_mistakes, corpus_redteam, corpus_spectra)
from .runner import run_entry

MODULES = (corpus_logistic, corpus_limits, corpus_branches, corpus_domains, corpus_counts, corpus_spectra, corpus_margin,
           corpus_mistakes, corpus_redteam)
ENTRIES = [entry for module in MODULES for entry in module.ENTRIES]

_GUARD = ("rounding_guard sees mpmath's rounded context, math, evalf and float constants held by the predicate, "
          "not this: the float decision is trusted as certified")
KNOWN_UNSOUND: dict[str, str] = {
    # corpus_redteam: rounded arithmetic the rounding guard does not see (property_based / on_instances)
    "redteam.int-true-division": f"TRUE claim REFUTED at k = 1: Python's k / 49 on ints is a float; {_GUARD}",
    "redteam.int-true-division-false": f"FALSE claim SUPPORTED (30 decided): k / (k + 1) == 1 in floats; {_GUARD}",
    "redteam.floats-strategy": f"FALSE claim SUPPORTED: st.floats examples with plain float arithmetic; {_GUARD}",
    "redteam.global-float-constant": f"FALSE claim SUPPORTED: the float ε lives in a module global; {_GUARD}",
    "redteam.mpmath-fp-context": f"TRUE claim REFUTED at k = 40: mpmath.fp (ctx_fp.py) calls math from inside mpmath; "
                                 f"{_GUARD}",
    "redteam.numpy-exp": f"TRUE claim REFUTED at k = 40: np.exp is a numpy ufunc, bool() hides the numpy answer; {_GUARD}",
    "redteam.decimal-exp": f"TRUE claim REFUTED at k = 70: decimal.Decimal.exp rounds to 28 digits; {_GUARD}",
    "redteam.sympy-float-arithmetic": f"TRUE claim REFUTED at k = 60: arithmetic on SymPy Floats runs inside SymPy (trusted) "
                                      f"without evalf; {_GUARD}",
    "redteam.cmath-underflow": f"TRUE claim REFUTED at k = 750: cmath.exp (module 'cmath', not 'math'); {_GUARD}",
    "redteam.on-instances-int-division": f"TRUE claim REFUTED by on_instances at k = 1: k / 49 * 49 is 0.999…; {_GUARD}",
    # corpus_redteam: an undecided interval comparison (None) used as a bool
    "redteam.bool-of-undecided-interval": "TRUE claim REFUTED at k = 120: bool(iv comparison) turns the undecided None "
                                          "into False, which counts as a certified counterexample",
    "redteam.branch-relu-certified": "FALSE claim PROVEN: relu written as `z if z > 0 else 0`; on the box [-1, 2] the "
                                     "comparison is None (falsy), the side returns 0, not an enclosure, and the box is proven",
    "redteam.branch-step-certified": "FALSE claim PROVEN: `x if x >= 1/2 else -1` returns -1 on the box [0, 1] (the "
                                     "comparison is None): the whole domain is proven in one box",
    "redteam.branch-relu-induction": "FALSE claim PROVEN by induction: step `2z if z > 0 else 0` maps the box [-1, 1] to 0 "
                                     "(comparison None), so F(R) ⊆ R is 'proven' although s_2 = 2",
    # corpus_redteam: identity
    "redteam.positive-function-witness": "TRUE claim REFUTED at x = -4/3: the witness replaces Function('g', positive=True) "
                                         "by x² + 3x + 1, which is negative there (function assumptions ignored)",
    "redteam.negative-function-witness": "TRUE claim REFUTED at x = -7: Function('g', negative=True) replaced by "
                                         "x² + 3x + 1, positive there (function assumptions ignored)",
    # corpus_redteam: the string '1/0' (numbers.to_exact) raises ZeroDivisionError, not InputError
    "redteam.endpoint-one-over-zero": "ZeroDivisionError: Fraction(1, 0) escapes certified_inequality's construction "
                                      "(numbers.to_exact on the string '1/0'); same for induction start/region",
    "redteam.dataset-one-over-zero": "ZeroDivisionError escapes gp.Dataset on the entry '1/0' (also '0/0', labels)",
    "redteam.gamma-one-over-zero": "ZeroDivisionError escapes gp.run_gd on gamma='1/0' (also init, robust_margin, "
                                   "orthogonal_pair, leaky_relu(1/0))",
    "redteam.cli-activation-one-over-zero": "gdperceptron scaling --model 'two-layer:act=leaky_relu(1/0)' ends in a "
                                            "40-line ZeroDivisionError traceback, exit 1 (not one line, exit 2)",
    "redteam.ceiling-laundered-false": "FALSE claim PROVEN: ceiling(1 + Float(1e-20)) arrives as Integer 1 (the Float was "
                                       "rounded and evaluated away before the check), so there is no Float to refuse",
    "redteam.ceiling-laundered-true": "TRUE claim REFUTED with an empty point {}: the laundered side is Integer 1, and 1 - 2 "
                                      "is a certified non-zero constant",
    "redteam.floor-laundered-symbolic": "FALSE claim PROVEN: floor(x) + ceiling(Float(1e-20) + 1) = floor(x) + 1; the Float "
                                        "is laundered into Integer 1 before the check",
}
"""Entry id → why it fails today (verdict and summary as observed): a strict xfail.  Remove an id
once it passes.  Empty since the fixes of issue 12 (classes 1-7) landed; at 2f41f36 it held 40 ids."""


def _params(entries):
    return [pytest.param(e, id=e.id, marks=[pytest.mark.slow] if getattr(e, "slow", False) else [])
            for e in entries]


def _expect_unsound(request, entry_id: str) -> None:
    if entry_id in KNOWN_UNSOUND:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN_UNSOUND[entry_id]))


@pytest.mark.parametrize("entry", _params(ENTRIES))
def test_ground_truth(entry):
    assert entry.oracle() is entry.truth, f"{entry.id}: the oracle disagrees with the stated truth ({entry.why})"


@pytest.mark.parametrize("entry", _params(ENTRIES))
def test_verdict(entry, tmp_path, record_property, request):
    _expect_unsound(request, entry.id)
    outcome = run_entry(entry, tmp_path)
    verdict = outcome.get("verdict", outcome["status"].upper())
    record_property("adversarial_outcome", {"id": entry.id, "truth": entry.truth, "verdict": verdict})
    problem = entry.judge(outcome)
    print(f"{entry.id}: {'TRUE' if entry.truth else 'FALSE'} claim -> {verdict} in {outcome['seconds']} s: "
          f"{outcome.get('summary', outcome.get('message', ''))}")
    assert problem is None, (f"{entry.id} ({'TRUE' if entry.truth else 'FALSE'}, classes "
                             f"{','.join(map(str, entry.classes))}): {problem}\n  statement: {entry.statement}\n"
                             f"  ground truth: {entry.why}")


@pytest.mark.parametrize("mistake", [pytest.param(m, id=m.id) for m in corpus_mistakes.CONSTRUCTION_MISTAKES])
def test_construction_mistake(mistake, request):
    _expect_unsound(request, mistake.id)
    with pytest.raises(gp.InputError):
        mistake.build()


def test_corpus_shape():
    ids = [e.id for e in ENTRIES]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    false, true = [e for e in ENTRIES if not e.truth], [e for e in ENTRIES if e.truth]
    assert len(ENTRIES) >= 65 and len(false) >= 45 and len(true) >= 20, (len(ENTRIES), len(false), len(true))
    assert set().union(*(e.classes for e in ENTRIES)) >= set(range(1, 8)), "every class of issue 12 is covered"
    kinds = {check.kind for e in ENTRIES if not e.may_reject for check in e.claim().checks}
    assert kinds >= {"symbolic", "certified", "property", "instance"}, kinds
    stale = set(KNOWN_UNSOUND) - set(ids) - {m.id for m in corpus_mistakes.CONSTRUCTION_MISTAKES}
    assert not stale, f"KNOWN_UNSOUND names unknown entries: {stale}"
