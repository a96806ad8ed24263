"""Precursor bounds: the exact perceptron against run_perceptron and a hand simulation; false variants."""

from fractions import Fraction

import pytest
import sympy as sp

import gdperceptron as gp
from gdperceptron.symbolic.perceptron import derive_separation_count, exact_perceptron, positive_for_all
from proofs import precursor_bounds as P


def _hand_count(n, half):
    """Thm 5.1 instance by hand: signed rows z1 = (1/2, −1) once, z2 = (1/2, 1) n − 1 times."""
    z1, z2 = (Fraction(1, 2), Fraction(-1)), (Fraction(1, 2), Fraction(1))
    theta, t = [Fraction(0), Fraction(0)], 0
    while True:
        m1, m2 = (sum(a * b for a, b in zip(z, theta)) for z in (z1, z2))
        if m1 > 0 and m2 > 0:
            return t
        scale = Fraction(1, 2 * n) if (half and t == 0) else Fraction(1, n)
        step = [(z1[k] if m1 <= 0 else 0) + (n - 1) * (z2[k] if m2 <= 0 else 0) for k in range(2)]
        theta, t = [v + scale * s for v, s in zip(theta, step)], t + 1


@pytest.mark.parametrize("n", [10, 11, 13, 27, 64])
def test_counts_match_a_hand_simulation_and_the_formula(n):
    for first_step, half in (("full", False), ("half", True)):
        run = exact_perceptron(gp.datasets.precursor_thm51(n), 10 * n, "batch", first_step)
        assert run.separated_at == _hand_count(n, half) == P.TRUE_COUNTS[first_step].subs(P.n_sym, n)


@pytest.mark.parametrize("variant,first_step", [("batch", "full"), ("batch", "half"), ("normalized", "full"),
                                                ("online", "full")])
def test_exact_perceptron_agrees_with_run_perceptron(variant, first_step):
    data = gp.Dataset([[2, 1], [1, -3], ["-1/2", 2], [1, "1/3"]], [1, 1, -1, 1])
    exact = exact_perceptron(data, 50, variant, first_step)
    ref = gp.run_perceptron(gp.models.Linear(2), data, 50, variant=variant, first_step=first_step, dps=40)
    assert exact.separated_at == ref.separated_at is not None
    for t, theta in enumerate(exact.iterates):
        assert all(abs(float(a) - float(b)) < 1e-12 for a, b in zip(theta, ref.params[t]))


def test_sign_prover_is_sound_on_simple_cases():
    u = sp.Symbol("u", nonnegative=True)
    assert positive_for_all((u + 3) / (2 * u + 1), u)
    assert not positive_for_all(u - 1, u)           # false at u = 0
    assert not positive_for_all((u - 1) ** 2 + 1, u)  # true, but beyond the sufficient test: not claimed


def test_derivation_refuses_when_a_sign_is_unprovable():
    n = sp.Symbol("n", positive=True, integer=True)
    groups = [((1, 0), 1), ((-1, 0), n - 1)]  # not separable: the phase argument must not go through
    T, _ = derive_separation_count(groups, n, 10, "full")
    assert T is None


def test_true_claims_quick():
    assert P.batch_perceptron_omega_n_claim.check(quick=True).verdict is gp.PROVEN
    assert P.batch_perceptron_bound_claim.check(quick=True).verdict is gp.SUPPORTED
    assert P.normalized_lr_gd_bound_claim.check(quick=True).verdict is gp.SUPPORTED


@pytest.mark.parametrize("false_claim", [
    P.batch_perceptron_omega_n(counts={"full": P.TRUE_COUNTS["half"], "half": P.TRUE_COUNTS["half"]}),
    P.batch_perceptron_omega_n(counts={"full": P.TRUE_COUNTS["full"], "half": P.TRUE_COUNTS["half"] + 1}),
    P.batch_perceptron_bound(batch=lambda n: sp.Integer(n) / 2 if isinstance(n, int) else n / 2),  # bound / 2
    P.batch_perceptron_bound(batch=lambda n: 1),                      # missing factor n for the batch perceptron
    P.batch_perceptron_bound(others=lambda n: sp.Rational(1, 2)),     # online / normalized bound halved
    P.normalized_lr_gd_bound(ratio_factor=sp.Rational(1, 2)),         # R²/μ² term halved
])
def test_false_variants_are_refuted(false_claim):
    result = false_claim.check(quick=True)
    assert result.verdict is gp.REFUTED, result.summary
    assert result.counterexample


@pytest.mark.slow
@pytest.mark.parametrize("claim", [P.batch_perceptron_bound_claim, P.normalized_lr_gd_bound_claim])
def test_default_runs_support_the_bounds_over_200_instances(claim):
    result = claim.check()
    assert result.verdict is gp.SUPPORTED, result.summary
    evidence = result.checks[0].evidence  # counts of what was decided, undecided and filtered (issue 12, class 5)
    undecided = sum(v for k, v in evidence.items() if k.startswith("undecided"))
    assert evidence["decided"] >= 180 and evidence["decided"] + undecided + evidence["filtered"] >= 200


def test_normalized_lr_gd_is_certified_from_any_starting_precision():
    """Ball arithmetic raises the precision itself: from 10, 40 or 60 digits, the same certified step."""
    data = gp.datasets.precursor_thm41()
    low, high, ref = (P.normalized_lr_gd(data, 100, 50, dps) for dps in (10, 40, 60))
    assert low.separation_certain and high.separation_certain and ref.separation_certain
    assert low.separated_at == high.separated_at == ref.separated_at is not None
