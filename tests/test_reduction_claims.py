"""Shipped claims of proofs/perceptron_reduction.py and proofs/precursor.py, with false variants."""

import mpmath
import pytest
import sympy as sp

import gdperceptron as gp
from proofs import perceptron_reduction as reduction
from proofs import precursor


@pytest.mark.parametrize("claim_id", ["reduction.logistic-gradient", "reduction.gd-is-weighted-perceptron",
                                      "reduction.noise-bound", "precursor.loss-explodes-before-separation"])
def test_shipped_claim_is_proven(claim_id):
    result = gp.claims.get(claim_id).check()
    assert result.verdict is gp.PROVEN, result.summary


def test_noise_bound_certified_check_alone_is_supported_not_proven():
    result = gp.claims.get("reduction.noise-bound").check()
    certified = [c for c in result.checks if c.kind == "certified"][0]
    assert certified.verdict is gp.SUPPORTED and "sub-domain" in certified.summary and certified.dps >= 15


def test_noise_bound_holds_at_independent_points_far_out():
    # reference: the exact identity bound − lhs = e^{−2|m|}/(1 + e^{−|m|}) on both half-lines;
    # the gap is e^{−600} ≈ 10^{−261} beside terms of size e^{−300}: 400 digits leave ~140 to spare
    with mpmath.workdps(400):
        for m in (-300, -60, -1, 1, 60, 300):
            m = mpmath.mpf(m)
            lhs = abs(1 / (1 + mpmath.exp(m)) - (1 if m <= 0 else 0))
            gap = mpmath.exp(-abs(m)) - lhs
            assert abs(gap - mpmath.exp(-2 * abs(m)) / (1 + mpmath.exp(-abs(m)))) < mpmath.mpf(10) ** -100 * gap


@pytest.mark.parametrize("variant", [
    lambda: reduction.noise_bound(exponent=2),             # wrong exponent
    lambda: reduction.noise_bound(factor=sp.Rational(1, 2)),  # halved constant
    lambda: reduction.noise_bound(factor=sp.Rational(99, 100)),  # barely too small near m = 0
])
def test_noise_bound_false_variants_are_refuted(variant):
    result = variant().check(quick=True)
    assert result.verdict is gp.REFUTED and result.counterexample


def test_noise_bound_refutation_witness_is_real():
    result = reduction.noise_bound(exponent=2).check(quick=True)
    check = [c for c in result.checks if c.verdict is gp.REFUTED][0]
    m = sp.Rational(str(check.counterexample["m"]))
    lhs = sp.Abs(1 / (1 + sp.exp(m)) - (1 if m <= 0 else 0))
    assert sp.N(lhs - sp.exp(-2 * sp.Abs(m)), 50) > 0


def test_each_part_of_the_weighted_perceptron_claim_is_proven_on_its_own():
    result = gp.claims.get("reduction.gd-is-weighted-perceptron").check()
    assert [c.covers for c in result.checks] == ["part", "part"]
    assert all(c.verdict is gp.PROVEN for c in result.checks)


@pytest.mark.parametrize("variant", [
    lambda: reduction.gd_is_weighted_perceptron(step_scale=1 + sp.Rational(1, 10**40)),  # near miss
    lambda: reduction.logistic_gradient(sign=-1),
    lambda: reduction.gd_is_weighted_perceptron(weight_sign=-1),
    lambda: reduction.gd_is_weighted_perceptron(step_scale=2),
])
def test_reduction_false_variants_are_refuted(variant):
    result = variant().check()
    assert result.verdict is gp.REFUTED and not result.errored


@pytest.mark.parametrize("kwargs", [dict(f2_limit=sp.log(2)), dict(grad1_limit=sp.sqrt(2))])
def test_loss_explodes_numeric_check_alone_does_not_confirm_false_limits(kwargs):
    claim = precursor.loss_explodes_before_separation(**kwargs)
    numeric = claim.checks[1](gp.claims.CheckContext())
    assert numeric.verdict is gp.UNDECIDED


def test_loss_explodes_numeric_check_does_not_confirm_a_separation_too_close_to_call(monkeypatch):
    numeric = precursor.loss_explodes_before_separation().checks[1]
    # control: at 12 digits every separation decision is clear and the numbers support the claim
    assert numeric(gp.claims.CheckContext(dps=12)).verdict is gp.SUPPORTED
    # at 10 digits the 10-digit close-call guard leaves no digit to decide a margin's sign
    assert not gp.run_gd(precursor.MODEL, precursor.DATA, 10, 2, dps=10).separation_certain
    low = numeric(gp.claims.CheckContext(dps=10))
    assert low.verdict is gp.UNDECIDED and "too close to call" in low.summary
    # constructed: at 50 digits, a run that reports its deciding margin at t = 2 as rounding-level
    real = gp.run_gd

    def close_call_at_2(*args, **kwargs):
        traj = real(*args, **kwargs)
        traj.close_calls.append(2)
        return traj

    monkeypatch.setattr(gp, "run_gd", close_call_at_2)
    constructed = numeric(gp.claims.CheckContext())
    assert constructed.verdict is gp.UNDECIDED and "too close to call" in constructed.summary


@pytest.mark.parametrize("kwargs", [dict(grad1_limit=sp.sqrt(2)), dict(grad1_limit=1), dict(f2_limit=sp.log(2))])
def test_loss_explodes_false_variants_are_refuted(kwargs):
    result = precursor.loss_explodes_before_separation(**kwargs, gammas=(10,)).check()
    assert result.verdict is gp.REFUTED and "limit (exact, claimed)" in result.counterexample


def test_theta_1_is_the_closed_form():
    gamma = precursor.gamma
    assert list(precursor.trajectory_exact()["theta1"]) == [gamma / 2, 3 * gamma / 4]
