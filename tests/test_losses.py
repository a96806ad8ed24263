"""Losses: values and weights against closed forms, stability at huge margins."""

import mpmath
import pytest

import gdperceptron as gp


@pytest.mark.parametrize("z", ["-30", "-1", "0", "1/3", "2", "40"])
def test_logistic_matches_the_closed_form_at_double_precision(z):
    loss = gp.losses.get("logistic")
    with mpmath.workdps(30):
        x = mpmath.mpf(mpmath.fraction(*map(int, z.split("/"))) if "/" in z else z)
        with mpmath.workdps(80):  # independent route: the naive formula at far higher precision
            ref_value, ref_weight = mpmath.log(1 + mpmath.exp(-x)), 1 / (1 + mpmath.exp(x))
        assert abs(loss.value(x) - ref_value) <= mpmath.mpf(10) ** -28 * max(1, abs(ref_value))
        assert abs(loss.weight(x) - ref_weight) <= mpmath.mpf(10) ** -28 * ref_weight


@pytest.mark.parametrize("z", [10**6, -(10**6)])
def test_logistic_is_stable_at_huge_margins(z):
    loss = gp.losses.get("logistic")
    with mpmath.workdps(20):
        x = mpmath.mpf(z)
        value, weight = loss.value(x), loss.weight(x)
        if z > 0:
            # ln(1 + e^{-z}) ≈ e^{-z}; σ(−z) ≈ e^{-z}
            assert abs(value / mpmath.exp(-x) - 1) < 1e-15 and abs(weight / mpmath.exp(-x) - 1) < 1e-15
        else:
            assert abs(value - abs(x)) < 1e-10 and abs(weight - 1) < 1e-15


def test_exponential_loss_weight_is_its_value():
    loss = gp.losses.get("exponential")
    with mpmath.workdps(20):
        assert loss.weight(mpmath.mpf(3)) == loss.value(mpmath.mpf(3)) == mpmath.exp(-3)


def test_unknown_loss_and_reduction():
    with pytest.raises(gp.InputError, match="unknown loss"):
        gp.losses.get("hinge")
    with pytest.raises(gp.InputError, match="reduction"):
        gp.losses.check_reduction("max")


@pytest.mark.parametrize("name", ["logistic", "exponential"])
def test_flow_offset_is_the_kappa_of_the_derivative(name):
    # independent route: differentiate ℓ symbolically and compare with 1/(κ + e^z)
    import sympy as sp

    loss, z = gp.losses.get(name), sp.Symbol("z", real=True)
    assert loss.flow_offset is not None
    assert sp.simplify(-sp.diff(loss.sympy_fn(z), z) - 1 / (loss.flow_offset + sp.exp(z))) == 0
