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

from . import (corpus_counts, corpus_domains, corpus_limits, corpus_logistic, corpus_margin, corpus_mistakes,
               corpus_spectra)
from .runner import run_entry

MODULES = (corpus_logistic, corpus_limits, corpus_domains, corpus_counts, corpus_spectra, corpus_margin, corpus_mistakes)
ENTRIES = [entry for module in MODULES for entry in module.ENTRIES]

KNOWN_UNSOUND: dict[str, str] = {
    "logistic.sigmoid-symmetry-float":
        "a FALSE claim earned PROVEN: symbolic identity: lhs − rhs simplifies to 0",
    "logistic.sigmoid-derivative-float":
        "a FALSE claim earned PROVEN: symbolic identity: lhs − rhs simplifies to 0",
    "logistic.softplus-difference-float":
        "a FALSE claim earned PROVEN: symbolic identity: lhs − rhs simplifies to 0",
    "logistic.exp-shift-float": "a FALSE claim earned PROVEN: symbolic identity: lhs − rhs simplifies to 0",
    "limit.tail-positive": "a TRUE claim was REFUTED: property check: fails on the shrunk example 233",
    "limit.sigmoid-saturates":
        "a FALSE claim earned SUPPORTED: property check: no counterexample in 30 examples",
    "limit.log1p-tail": "a FALSE claim earned SUPPORTED: property check: no counterexample in 30 examples",
    "limit.polynomial-times-tail":
        "a FALSE claim earned SUPPORTED: property check: no counterexample in 30 examples",
    "limit.log1p-positive": "a TRUE claim was REFUTED: property check: fails on the shrunk example 240",
    "limit.laundered-interval-true":
        "a TRUE claim was REFUTED: property check: fails on the shrunk example 233",
    "limit.laundered-interval-false":
        "a FALSE claim earned SUPPORTED: property check: no counterexample in 30 examples",
    "limit.float-underflow": "a TRUE claim was REFUTED: property check: fails on the shrunk example 750",
    "limit.fraction-laundered": "a TRUE claim was REFUTED: property check: fails on the shrunk example 750",
    "limit.rational-laundered":
        "a FALSE claim earned SUPPORTED: property check: no counterexample in 30 examples",
    "domain.third-strict-string":
        "a FALSE claim earned PROVEN: certified interval check: certified on the whole domain [0, 1/3]",
    "domain.third-strict-rational":
        "a FALSE claim earned PROVEN: certified interval check: certified on the whole domain [0, 1/3]",
    "domain.big-integer-endpoint":
        "a FALSE claim earned PROVEN: certified interval check: certified on the whole domain [0, 100000000000000000001]",
    "domain.below-third-20th-digit":
        "a FALSE claim earned PROVEN: certified interval check: certified on the whole domain [0, 1/3]",
    "domain.tenth-lower-strict":
        "a FALSE claim earned PROVEN: certified interval check: certified on the whole domain [1/10, 1]",
    "domain.negative-third-strict":
        "a FALSE claim earned PROVEN: certified interval check: certified on the whole domain [-1/3, 0]",
    "spectra.float-in-matrix": "a FALSE claim earned PROVEN: symbolic identity: lhs − rhs simplifies to 0",
    "spectra.all-n-from-2x2": "a FALSE claim earned PROVEN: symbolic identity: lhs − rhs simplifies to 0",
    "crash.power-exponent": "crash: the process died of SIGABRT (exit code 134 in a shell)",
    "crash.power-exponent-logistic": "crash: the process died of SIGABRT (exit code 134 in a shell)",
    "hang.huge-horizon": "timeout: no answer within 45 s (hang)",
    "mistake.same-name-symbols": "a TRUE claim was REFUTED: symbolic identity: lhs ≠ rhs at {'x': '-7'}",
    "mistake.predicate-returns-slack":
        "a FALSE claim earned SUPPORTED: property check: no counterexample in 5 examples",
    "mistake.predicate-returns-tuple":
        "a FALSE claim earned SUPPORTED: property check: no counterexample in 11 examples",
    "mistake.check-returns-none": "exception: AttributeError: 'NoneType' object has no attribute 'name'",
    "mistake.check-returns-bool": "exception: AttributeError: 'bool' object has no attribute 'name'",
    "mistake.string-verdict-in-check": "exception: AttributeError: 'str' object has no attribute 'strength'",
    "mistake.raw-function-check": "exception: ZeroDivisionError: division by zero",
    "construct.string-verdict": "accepted at construction (no InputError)",
    "construct.bool-verdict": "accepted at construction (no InputError)",
    "construct.refuted-without-counterexample":
        "raised ValueError: a REFUTED check result must carry its counterexample instead of InputError",
    "construct.refuted-empty-counterexample":
        "raised ValueError: a REFUTED check result must carry its counterexample instead of InputError",
    "construct.empty-pieces": "accepted at construction (no InputError)",
    "construct.reversed-piece": "accepted at construction (no InputError)",
    "construct.property-without-strategy": "accepted at construction (no InputError)",
    "construct.raw-function-in-claim": "accepted at construction (no InputError)",
}
"""Entry id → why it fails today (verdict and summary as observed).  Remove an id once it passes."""


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
