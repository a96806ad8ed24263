"""Dataset parsing, validation and exact geometry (R, separability, μ)."""

from fractions import Fraction

import mpmath
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import gdperceptron as gp


def test_entries_are_stored_exactly_from_every_accepted_type():
    data = gp.Dataset([[1, "1/3", Fraction(2, 7)], [sp.Rational(-5, 2), 0.5, "0.1"]], [1, -1])
    assert data.X[0] == (1, sp.Rational(1, 3), sp.Rational(2, 7))
    assert data.X[1] == (sp.Rational(-5, 2), sp.Rational(1, 2), sp.Rational(1, 10))
    assert (data.n, data.d) == (2, 3)


def test_a_float_keeps_its_exact_binary_value():
    data = gp.Dataset([[0.1]], [1])
    assert data.X[0][0] == sp.Rational(Fraction(0.1)) and data.X[0][0] != sp.Rational(1, 10)


@pytest.mark.parametrize("X, y, fragment", [
    ([], [], "empty"),
    ([[1, 2], [3]], [1, 1], "ragged"),
    ([[float("nan")]], [1], "finite"),
    ([[float("inf")]], [1], "finite"),
    ([["abc"]], [1], "cannot read"),
    ([[1]], [0], "labels must be -1 or +1"),
    ([[1]], [2], "labels must be -1 or +1"),
    ([[1], [2]], [1], "2 rows of features but 1 labels"),
    ([[True]], [1], "booleans"),
    ([[sp.I]], [1], "real"),
    ([[sp.Symbol("x")]], [1], "not a number"),
])
def test_bad_data_raise_one_line_input_errors(X, y, fragment):
    with pytest.raises(gp.InputError) as info:
        gp.Dataset(X, y)
    assert fragment in str(info.value) and "\n" not in str(info.value)


def test_radius_is_exact():
    assert gp.Dataset([[3, 4], [1, 1]], [1, -1]).radius == 5
    assert gp.Dataset([[1, 1]], [1]).radius == sp.sqrt(2)


def test_separability_through_the_origin():
    assert gp.Dataset([[1, 0], [-1, 0]], [1, -1]).is_separable
    # the same point with both labels, and points on both sides with one label: not separable
    assert not gp.Dataset([[1, 0], [1, 0]], [1, -1]).is_separable
    assert not gp.Dataset([[1, 0], [-1, 0]], [1, 1]).is_separable


def test_margin_of_non_separable_data_is_an_input_error():
    with pytest.raises(gp.InputError, match="not linearly separable"):
        gp.Dataset([[1, 0], [-1, 0]], [1, 1]).max_margin


def test_max_margin_closed_forms():
    # one point: μ = ‖b‖; two orthogonal unit points with opposite labels: μ = sin(π/4) = 1/√2
    assert gp.Dataset([[3, 4]], [1]).max_margin == 5
    assert sp.simplify(gp.datasets.orthogonal_pair().max_margin - 1 / sp.sqrt(2)) == 0
    # precursor Thm 4.1 data: y_i a_i = (1, −1), (1, 4); v = (1, 0) gives margin 1 and no unit v does better
    assert gp.datasets.precursor_thm41().max_margin == 1


@given(st.lists(st.tuples(st.integers(-6, 6), st.integers(-6, 6)), min_size=1, max_size=6),
       st.integers(-5, 5), st.integers(1, 5))
def test_max_margin_is_attained_and_not_beaten(points, u1, u2):
    """μ = min_i y_i b_iᵀv* for v* = w*/‖w*‖, and no other direction does better (sampled directions)."""
    v_true = sp.Matrix([u1, u2])
    rows = [p for p in points if p != (0, 0) and sp.Matrix(p).dot(v_true) != 0]
    if not rows:
        return
    labels = [1 if sp.Matrix(p).dot(v_true) > 0 else -1 for p in rows]
    data = gp.Dataset(rows, labels)
    mu, w = data.max_margin, data.max_margin_direction
    attained = min(yi * sp.Matrix(r).dot(w) for r, yi in zip(rows, labels)) / w.norm()
    assert sp.simplify(attained - mu) == 0
    with mpmath.workdps(30):
        mu_f = mpmath.mpf(sp.N(mu, 30))
        for k in range(64):
            angle = 2 * mpmath.pi * k / 64
            v = (mpmath.cos(angle), mpmath.sin(angle))
            assert min(yi * (r[0] * v[0] + r[1] * v[1]) for r, yi in zip(rows, labels)) <= mu_f + mpmath.mpf(10) ** -25


def test_numeric_copy_follows_the_callers_precision():
    data = gp.Dataset([["1/3"]], [1])
    with mpmath.workdps(40):
        X, y = data.numeric()
        assert abs(X[0][0] - mpmath.mpf(1) / 3) < mpmath.mpf(10) ** -39
    assert y == [1]


def test_negative_mpmath_numbers_keep_their_sign():
    from gdperceptron.numbers import to_exact

    assert to_exact(mpmath.mpf("-0.5")) == sp.Rational(-1, 2)
    assert gp.Dataset([[mpmath.mpf(-3)]], [1]).X[0][0] == -3


def test_irrational_non_separable_data_raise_instead_of_looping():
    s = sp.sqrt(2)
    with pytest.raises(gp.InputError):
        gp.Dataset([[s, 0], [-s, 0]], [1, 1]).max_margin
    with pytest.raises(gp.InputError, match="cannot decide separability"):
        gp.Dataset([[s, 0], [-s, 0]], [1, 1]).is_separable


def test_dyadic_forms_are_exact_and_refuse_what_they_cannot_hold():
    from fractions import Fraction

    data = gp.Dataset([["1/4", "-3/8", 5], [0, "7/2", "-1/1024"]], [1, -1])
    K, e = data.dyadic_int64
    for row_k, row_x in zip(K.tolist(), data.X):
        assert [Fraction(k) * Fraction(2) ** e for k in row_k] == [Fraction(int(v.p), int(v.q)) for v in row_x]
    assert gp.Dataset([["1/3", 1]], [1]).dyadic_int64 is None            # not dyadic
    assert gp.Dataset([["1/3", 1]], [1]).dyadic_ints is None
    huge = gp.Dataset([[2 ** 70, "1/8"]], [1])                           # dyadic, but too wide for int64
    assert huge.dyadic_int64 is None
    ints, e = huge.dyadic_ints
    assert [Fraction(k) * Fraction(2) ** e for k in ints] == [Fraction(2 ** 70), Fraction(1, 8)]
    assert gp.Dataset([["1/2", 2 ** 40]], [1]).dyadic_int64 is not None



def within_half_ulp(v, exact: Fraction, prec: int) -> bool:
    """The mpf v is exact rounded to nearest at ``prec`` bits: |v − exact| ≤ 2^(k − prec) for
    2^k ≤ |exact| < 2^(k+1) (and exactly 0 for 0)."""
    sign, man, e, _ = v._mpf_  # as stored (mpf(v) would round again, at the global precision)
    value = (-1) ** sign * Fraction(int(man)) * Fraction(2) ** e
    if exact == 0:
        return value == 0
    num, den = abs(exact).numerator, abs(exact).denominator
    k = num.bit_length() - den.bit_length()
    if Fraction(2) ** k > abs(exact):
        k -= 1
    return abs(value - exact) <= Fraction(2) ** (k - prec)


@given(st.integers(-(2 ** 300), 2 ** 300), st.integers(1, 2 ** 200), st.integers(10, 120))
def test_exact_numbers_become_mpf_rounded_once_to_nearest(p, q, prec):
    """to_mpf of a Fraction, a Python int or a SymPy Rational is p/q rounded once, to nearest, at
    the current precision."""
    from gdperceptron.numbers import to_mpf

    exact = Fraction(p, q)
    with mpmath.workprec(prec):
        got = [to_mpf(exact), to_mpf(sp.Rational(p, q))] + ([to_mpf(p)] if q == 1 else [])
    assert all(within_half_ulp(v, exact, prec) for v in got)


def test_rounding_twice_is_caught():
    """mpf(p) / q rounds a numerator wider than the precision, then the quotient: on this case
    (found by search) it misses by more than half a unit, and the check above says so."""
    p, q, prec = 2029669275722, 5, 20
    with mpmath.workprec(prec):
        twice = mpmath.mpf(p) / q
    assert not within_half_ulp(twice, Fraction(p, q), prec)


@pytest.mark.parametrize("text", ["1/0", "0/0", "-3/0"])
def test_a_fraction_string_with_a_zero_denominator_is_bad_input(text):
    with pytest.raises(gp.InputError, match="divides by zero"):
        gp.Dataset([[text, 1]], [1])
    with pytest.raises(gp.InputError, match="divides by zero"):
        gp.models.TwoLayer(2, 2, activation=f"leaky_relu({text})")


def test_chain_families_refuse_dimensions_they_cannot_store():
    for family in (gp.datasets.chain, gp.datasets.signed_chain, gp.datasets.alternating_chain):
        with pytest.raises(gp.InputError, match="at most 4096"):
            family(10**9)
