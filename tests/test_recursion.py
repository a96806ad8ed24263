"""The long-horizon engine against direct stepping and the flow invariant (independent routes)."""

import mpmath
import pytest

from gdperceptron.errors import InputError
from gdperceptron.numeric import recursion


def _plain_steps(a0, eta, steps, loss, dps):
    """Direct stepping in plain mpmath at the given precision (independent of the interval code)."""
    with mpmath.workdps(dps):
        a = mpmath.mpf(a0)
        for _ in range(steps):
            a += eta * (1 / (1 + mpmath.exp(a)) if loss == "logistic" else mpmath.exp(-a))
        return a


@pytest.mark.parametrize("loss", ["logistic", "exponential"])
@pytest.mark.parametrize("a0,eta", [(1, 1), (-2, mpmath.mpf(1) / 2), (3, 2)])
def test_jump_encloses_direct_stepping(loss, a0, eta):
    T = 6000
    direct = _plain_steps(a0, eta, T, loss, 60)
    enclosure = recursion.advance(a0, eta, T, loss=loss, dps=40, direct_steps=500)
    assert enclosure.a <= direct <= enclosure.b
    assert enclosure.delta < mpmath.mpf(10) ** -9  # the stated bound ≈ 1/(s² η T)


def test_direct_prefix_is_tight_and_matches():
    enclosure = recursion.advance(1, 1, 1500, dps=50)
    assert enclosure.delta < mpmath.mpf(10) ** -40
    reference = _plain_steps(1, 1, 1500, "logistic", 80)
    assert enclosure.a <= reference <= enclosure.b


def test_several_horizons_share_a_prefix_and_are_monotone():
    Ts = [10, 10**4, 10**9, 10**12]
    values = recursion.advance(1, 1, Ts)
    assert [v.a for v in values] == sorted(v.a for v in values)
    assert recursion.advance(1, 1, 10**9).a == values[2].a


def test_flow_constant_converges_and_wrong_coefficient_drifts():
    """G(a_t) − ηt − (η/2) ln t settles (L4); with coefficient 1 instead of 1/2 it drifts by (1/2)·ln 10 per decade."""
    Ts = [10**9, 10**10, 10**11, 10**12]
    a = recursion.advance(1, 1, Ts)
    C = [recursion.flow_constant(x, T, 1) for x, T in zip(a, Ts)]
    assert abs(C[-1] - C[-2]).b < mpmath.mpf(10) ** -6
    wrong = [c - mpmath.iv.log(T) / 2 for c, T in zip(C, Ts)]
    assert abs((wrong[-1] - wrong[-2]) + mpmath.log(10) / 2).b < mpmath.mpf(10) ** -6


def test_canonical_value_at_1e9_agrees_across_precisions():
    lo = recursion.advance(1, 1, 10**9, dps=30)
    hi = recursion.advance(1, 1, 10**9, dps=60, direct_steps=4000)
    assert lo.a <= hi.b and hi.a <= lo.b
    assert hi.delta < mpmath.mpf(10) ** -15


def test_bad_input():
    with pytest.raises(InputError):
        recursion.advance(1, 0, 10)
    with pytest.raises(InputError):
        recursion.advance(1, 1, 10, loss="hinge")
    with pytest.raises(InputError):
        recursion.advance(1, 1, -5)


def test_series_coefficients_enclose_the_exact_inverse_factorials():
    # (k+2)! has more significant bits than a 53-bit float from 25! on: the cached enclosures are built
    # from the exact integers, at the interval precision, whatever the global mpmath precision is
    import math

    from mpmath import iv

    from gdperceptron.numeric.certify import interval_dps

    for dps in (15, 50):
        with interval_dps(dps):
            for k in (0, 5, 23, 40, 70):
                inv = recursion._inverse_factorial(k)
                with mpmath.workprec(2000):  # exact products of the binary endpoints with (k+2)!
                    assert inv.a * math.factorial(k + 2) <= 1 <= inv.b * math.factorial(k + 2)
                assert inv.delta <= abs(inv.mid) * mpmath.mpf(2) ** (-iv.prec + 2)


def test_losses_are_read_from_their_flow_offset():
    import dataclasses

    from mpmath import iv

    from gdperceptron import losses
    from gdperceptron.numeric.certify import interval_dps

    assert recursion.LOSSES == ("logistic", "exponential")
    same = recursion.advance(1, 1, 10**6, loss=losses.EXPONENTIAL, dps=30)
    named = recursion.advance(1, 1, 10**6, loss="exponential", dps=30)
    assert same.a == named.a and same.b == named.b
    with interval_dps(30):
        G, w = recursion.clock(iv.mpf(2), "logistic"), recursion.weight(iv.mpf(2), "exponential")
    with mpmath.workdps(60):  # references: e^2 + 2 and e^-2, far more digits than the intervals
        assert G.a <= mpmath.exp(2) + 2 <= G.b and G.delta < mpmath.mpf(10) ** -28
        assert w.a <= mpmath.exp(-2) <= w.b and w.delta < mpmath.mpf(10) ** -28
    custom = dataclasses.replace(losses.LOGISTIC, name="custom", flow_offset=None)
    with pytest.raises(InputError, match="1/\\(κ \\+ e\\^a\\)"):
        recursion.advance(1, 1, 10, loss=custom)
