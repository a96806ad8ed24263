"""Quadratic forms and spectra: engines against independent routes, claims and their false variants."""

import random

import mpmath
import pytest
import sympy as sp

import gdperceptron as gp
import gdperceptron.symbolic.quadratic as quad
import gdperceptron.symbolic.spectral as spec
from proofs import spectral as S


def _rational_orthogonal(size, seed):
    """A Householder reflection I − 2vvᵀ/vᵀv with a rational v: exactly orthogonal, rational."""
    rng = random.Random(seed)
    v = sp.Matrix([rng.randint(-5, 5) for _ in range(size)])
    return sp.eye(size) - 2 * v * v.T / (v.T * v)[0]


def test_certified_clusters_recover_exact_multiplicities():
    Q = _rational_orthogonal(5, 3)
    A = Q * sp.diag(1, 2, 2, sp.Rational(-1, 3), 2) * Q.T
    cert = spec.certified_spectrum(A)
    assert [k for _, k in cert.clusters()] == [1, 1, 3]
    assert cert.count_in(2) == 3 and cert.count_in(sp.Rational(-1, 3)) == 1 and cert.count_in(sp.Rational(3, 2)) == 0


def test_certified_enclosures_contain_high_precision_eigenvalues():
    rng = random.Random(7)
    B = sp.Matrix(8, 8, lambda i, j: sp.Rational(rng.randint(-9, 9), rng.randint(1, 5)))
    A = B + B.T
    cert = spec.certified_spectrum(A)
    with mpmath.workdps(60):
        ev = sorted(mpmath.eigsy(mpmath.matrix([[mpmath.mpf(v.p) / v.q for v in row] for row in A.tolist()]))[0])
    for box, value in zip(cert.enclosures, ev):
        assert box.a <= value <= box.b


def test_symbolic_spectrum_of_a_known_matrix():
    a = sp.Symbol("a", positive=True)
    s = spec.symbolic_spectrum(sp.Matrix([[0, a, 0], [a, 0, 0], [0, 0, 0]]))
    assert s.eigenvalues == {a: 1, -a: 1, 0: 1} and s.rank == 2 and len(s.kernel) == 1


def test_extracted_forms_match_the_closed_forms():
    data = gp.Dataset([[1, "2/3", -1], [3, -1, "1/2"]], [1, -1])
    model = gp.models.TwoLayer(3, 2, activation="identity", train="both")
    A0, A1 = quad.margin_matrices(model, data)
    assert A1 == quad.two_layer_linear_matrix([-3, 1, sp.Rational(-1, 2)], 2)
    qmodel = gp.models.TwoLayer(3, 2, activation="quadratic", train="first", outer=[2, -1])
    assert quad.margin_matrices(qmodel, data)[0] == quad.fixed_outer_quadratic_matrix(data.X[0], [2, -1], 1)


def test_piecewise_model_needs_a_region_and_respects_it():
    model = gp.models.TwoLayer(2, 1, activation="relu", train="both")
    data = gp.Dataset([[1, 1]], [1])
    with pytest.raises(gp.InputError):
        quad.margin_matrices(model, data)
    inactive = quad.margin_matrices(model, data, at=[-1, -1, 1])[0]
    assert inactive.is_zero_matrix


@pytest.mark.parametrize("claim", [S.quadratic_form_claim, S.two_layer_linear_claim,
                                   S.quadratic_perceptron_product_claim])
def test_true_spectral_claims_are_verified(claim):
    result = claim.check(quick=True)
    assert result.verdict is gp.VERIFIED, result.summary


@pytest.mark.parametrize("false_claim", [
    S.quadratic_form(factor=1),                              # A without the 1/2
    S.quadratic_form(gradient_factor=1),                     # missing factor 2 in ∇ = 2Aθ
    S.two_layer_linear(factor=1),                            # eigenvalues ±‖c‖ instead of ±‖c‖/2
    S.two_layer_linear(plus=lambda d, m: 2 * m, zero=lambda d, m: m * (d - 2)),   # wrong multiplicity
    S.two_layer_linear(zero=lambda d, m: m * d),             # wrong kernel dimension
    S.quadratic_perceptron_product(multiplier=2),            # multipliers 1 ± 2γ‖c‖/n
    S.quadratic_perceptron_product(step_factor=1),           # missing factor 2 in I + (2γ/n)A_S
])
def test_false_spectral_variants_are_refuted(false_claim):
    result = false_claim.check(quick=True)
    assert result.verdict is gp.REFUTED, result.summary
    assert result.counterexample


def test_wrong_multiplicity_is_refuted_by_the_certified_check_alone():
    claim = S.two_layer_linear(plus=lambda d, m: 2 * m, zero=lambda d, m: m * (d - 2))
    result = claim.checks[1](gp.claims.CheckContext(quick=True))
    assert result.verdict is gp.REFUTED and "certified clusters" in result.counterexample


def test_latex_prints_matrix_and_spectrum():
    text = S.two_layer_linear_claim.latex()
    assert r"\begin{align}" in text and "pmatrix" in text and r"\sqrt" in text


@pytest.mark.parametrize("claim", [S.quadratic_form_claim, S.quadratic_perceptron_product_claim])
def test_fixed_size_identities_are_verified_at_their_size_not_proven(claim):
    """Each identity is checked at one (d, m): the identity check itself must say "this instance only"
    (scope=), so that no size-specific computation can earn PROVEN for the general statement."""
    result = claim.check(quick=True)
    symbolic = result.checks[0]
    assert symbolic.verdict is gp.VERIFIED
    lines = [line for line in symbolic.transcript if "simplifies to 0" in line]
    assert lines and all("this instance only" in line and "(d, m) = (" in line for line in lines)
