"""gp.checks.induction: certified base case, inductive step by interval branch-and-bound."""

import pytest
import sympy as sp
from mpmath import iv

import gdperceptron as gp


def logistic_margin_step(box):
    """a_{t+1} = a_t + η/(1 + e^{a_t}) with η = 1, in x = e^{−a}: x_{t+1} = x_t · exp(−x_t/(1 + x_t))."""
    (x,) = box
    return (x * iv.exp(-x / (1 + x)),)


def doubling(box):
    return (2 * box[0],)


def claim(*args, **kwargs):
    return gp.Claim("t.induction", "t", "t", "derived", [gp.checks.induction(*args, **kwargs)])


def test_the_margin_recursion_never_falls_below_its_start():
    # F(x) = x e^{−x/(1+x)} ≤ x on [0, e^{−1}]: a_t ≥ a_0 = 1 for every t, a statement for all t
    result = claim(logistic_margin_step, [(0, sp.exp(-1))], [sp.exp(-1)], variables=["x"]).check()
    assert result.verdict is gp.PROVEN and "every t" in result.summary


def test_a_false_invariant_is_never_proven():
    # x_t ≥ 1/10 fails eventually (a_t → ∞, so x_t → 0) though it holds at the start
    result = claim(logistic_margin_step, [(0, sp.exp(-1))], [sp.exp(-1)],
                   conclusion=lambda b: b[0] >= iv.mpf("1/10")).check(quick=True)
    assert result.verdict is gp.UNDECIDED
    # the doubling map leaves [0, 1/2] from 1/8 after two steps: not invariant, never PROVEN
    assert claim(doubling, [(0, "1/2")], ["1/8"]).check().verdict is gp.UNDECIDED


def test_a_property_false_at_the_start_is_refuted_and_a_start_outside_the_region_is_undecided():
    refuted = claim(doubling, [(0, "1/2")], ["1/8"], conclusion=lambda b: b[0] < iv.mpf("1/16")).check()
    assert refuted.verdict is gp.REFUTED and refuted.counterexample["state"] == ["1/8"]
    assert claim(lambda b: (b[0] / 2,), [(0, "1/2")], ["3/4"]).check().verdict is gp.UNDECIDED


def test_the_region_is_exact_at_its_ends():
    # x ↦ x/3 + 2/3 maps [0, 1] into [2/3, 1]: invariant, with the image touching 1 exactly at x = 1;
    # the same map on [0, 1 − 10^-30] is not invariant (1 − 10^-30 ↦ 1 − 10^-30/3)
    third = lambda b: (b[0] / 3 + iv.mpf("2/3"),)  # noqa: E731
    assert claim(third, [(0, 1)], [0]).check().verdict is not gp.REFUTED
    shrunk = claim(third, [(0, 1 - sp.Rational(1, 10**30))], [0]).check(quick=True)
    assert shrunk.verdict is gp.UNDECIDED


def test_bad_input_is_rejected():
    with pytest.raises(gp.InputError, match="coordinates"):
        gp.checks.induction(doubling, [(0, 1)], [0, 0])
    with pytest.raises(gp.InputError, match="region"):
        gp.checks.induction(doubling, [], [])
    with pytest.raises(gp.InputError, match="rounded"):
        claim(lambda b: (b[0] * 0.1,), [(0, 1)], [0]).check()
