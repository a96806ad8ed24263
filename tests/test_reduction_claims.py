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
    assert [c.covers for c in result.checks] == ["part", "part", "evidence"]
    assert all(c.verdict is gp.PROVEN for c in result.checks if c.covers == "part")


def test_weighted_perceptron_proof_is_general_and_the_fixed_net_is_only_an_instance():
    """PROVEN must come from the computation with a symbolic number of samples and an undefined model;
    the width-2 leaky net (n = 2, d = 2) is one instance: VERIFIED, and evidence only."""
    claim = gp.claims.get("reduction.gd-is-weighted-perceptron")
    result = claim.check()
    general, _, instance = result.checks
    assert general.verdict is gp.PROVEN and "n" in general.transcript[0] and "Sum" in general.transcript[0]
    assert instance.covers == "evidence" and instance.verdict is gp.VERIFIED
    # the instance alone can never make the claim PROVEN
    alone = gp.Claim("variant.instance-only", "t", "s", "derived", checks=[claim.checks[2]]).check()
    assert alone.verdict is gp.UNDECIDED


def test_logistic_gradient_mean_is_checked_for_symbolic_n():
    result = gp.claims.get("reduction.logistic-gradient").check()
    assert [c.covers for c in result.checks] == ["part", "part"]
    assert all(c.verdict is gp.PROVEN for c in result.checks)
    assert "n ≥ 1" in result.checks[1].summary


@pytest.mark.parametrize("variant", [
    lambda: reduction.gd_is_weighted_perceptron(step_scale=1 + sp.Rational(1, 10**40)),  # near miss
    lambda: reduction.logistic_gradient(sign=-1),
    lambda: reduction.gd_is_weighted_perceptron(weight_sign=-1),
    lambda: reduction.gd_is_weighted_perceptron(step_scale=2),
    lambda: reduction.gd_is_weighted_perceptron(step_scale=reduction.n_sym),  # γ in place of γ/n: true at n = 1 only
])
def test_reduction_false_variants_are_refuted(variant):
    result = variant().check()
    assert result.verdict is gp.REFUTED and not result.errored


@pytest.mark.parametrize("kwargs", [dict(f2_limit=sp.log(2)), dict(grad1_limit=sp.sqrt(2))])
def test_loss_explodes_numeric_check_alone_does_not_confirm_false_limits(kwargs):
    claim = precursor.loss_explodes_before_separation(**kwargs)
    numeric = claim.checks[1](gp.claims.CheckContext())
    assert numeric.verdict is gp.UNDECIDED


@pytest.mark.parametrize("how", ["undecided ball", "float arithmetic"])
def test_loss_explodes_numeric_check_does_not_confirm_an_uncertified_separation(monkeypatch, how):
    """separated_at = 2 that no certified decision backs (an undecided margin ball, or a float run) must
    leave the instance check UNDECIDED, not SUPPORTED."""
    numeric = precursor.loss_explodes_before_separation().checks[1]
    assert numeric(gp.claims.CheckContext(dps=12)).verdict is gp.SUPPORTED  # control: certified runs
    real = gp.run_gd

    def uncertified(*args, **kwargs):
        traj = real(*args, **kwargs)
        assert traj.separated_at == 2 and traj.separation_certain
        if how == "undecided ball":
            traj.undecided, traj.undecided_at = "constructed: a deciding margin's ball straddles 0", 2
        else:
            traj.certified = False
        return traj

    monkeypatch.setattr(gp, "run_gd", uncertified)
    result = numeric(gp.claims.CheckContext())
    assert result.verdict is gp.UNDECIDED and "too close to call" in result.summary


@pytest.mark.parametrize("kwargs", [dict(grad1_limit=sp.sqrt(2)), dict(grad1_limit=1), dict(f2_limit=sp.log(2))])
def test_loss_explodes_false_variants_are_refuted(kwargs):
    result = precursor.loss_explodes_before_separation(**kwargs, gammas=(10,)).check()
    assert result.verdict is gp.REFUTED and "limit (exact, claimed)" in result.counterexample


def test_theta_1_is_the_closed_form():
    gamma = precursor.gamma
    assert list(precursor.trajectory_exact()["theta1"]) == [gamma / 2, 3 * gamma / 4]
