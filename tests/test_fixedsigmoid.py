"""The compiled weight kernel (numeric/fixedsigmoid.py) against python-flint's arb at twice the precision.

Every returned ball |g c s(m) − W 2^E| ≤ err + [lost] 2^E must contain the arb value, and radii must
stay small (below 1.5 grid units, 1 + 2^-15 without a floor), so a useless bound cannot pass.  With a
grid far finer than the working precision (``work``) nothing is rounded away and the test sees the
kernel's own error bound: a kernel with one Taylor term dropped, or with its bound divided by 4, is
caught there.
"""

from fractions import Fraction

import flint
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdperceptron.numeric import fixedsigmoid as fs
from gdperceptron.numeric.fastfixed import Ball

PRECS = (60, 215, 381)


def truth(m: Fraction, c: Fraction, logistic: bool, prec: int):
    """c σ(−m) or c e^{−m} as an arb ball at 2 prec + 64 bits (flint's context precision)."""
    flint.ctx.prec = 2 * prec + 64
    x = flint.arb(flint.fmpq(m.numerator, m.denominator))
    cc = flint.arb(flint.fmpq(c.numerator, c.denominator))
    return cc / (1 + x.exp()) if logistic else cc * (-x).exp()


def evaluate(margins, signs, c, logistic, prec, floor=None, **kw):
    """Run the kernel on exact dyadic margins (stored values; m_i = signs_i · margins_i); returns per
    entry (truth, midpoint, radius as an exact arb, grid unit as an arb) and the grid."""
    e = -max(v.denominator.bit_length() - 1 for v in margins)  # dyadic: all exact on 2^e
    ints = [int(v * Fraction(2) ** -e) for v in margins]
    b = Ball.from_ints(ints, e)
    D, grid, err, lost = fs.weights(b.D, b.e, np.array(signs, dtype=np.int64), c, logistic, prec, floor, **kw)
    got = Ball(D, grid, np.zeros(len(ints))).to_ints()
    old = flint.ctx.prec
    rows = []
    try:
        for v, g, er, lo, s in zip(margins, got, err, lost, signs):
            t = truth(v * s, c, logistic, prec) * s
            unit = flint.arb(2) ** grid
            rows.append((t, flint.arb(g) * unit, flint.arb(float(er)) + (unit if lo else 0), unit))
    finally:
        flint.ctx.prec = old
    return rows, grid


def failures(rows):
    """Indices whose ball does not contain the arb value."""
    flint.ctx.prec = 2000
    return [i for i, (t, mid, rad, _) in enumerate(rows) if not (t - mid).abs_upper() <= rad]


# -- margins over the whole range -------------------------------------------------------------------
LN2 = Fraction(6243314768165359, 2 ** 53)  # ln 2 to 53 bits: k·LN2 lies within k 2^-53 of k ln 2

moderate = st.fractions(min_value=-60, max_value=60, max_denominator=2 ** 40).map(
    lambda f: Fraction(round(f * 2 ** 40), 2 ** 40))
tiny = st.builds(lambda m, s: Fraction(m, 2 ** s), st.integers(-(2 ** 40), 2 ** 40), st.integers(60, 400))
huge = st.builds(lambda m: Fraction(m, 2 ** 20), st.integers(-(2 ** 49), 2 ** 49))  # |m| < 2^29
near_ln2 = st.builds(lambda k, d: k * LN2 + Fraction(d, 2 ** 200), st.integers(-700, 700),
                     st.integers(-(2 ** 20), 2 ** 20))
margin = st.one_of(st.just(Fraction(0)), moderate, tiny, huge, near_ln2)
rational_c = st.builds(Fraction, st.integers(1, 10 ** 6), st.integers(1, 10 ** 6))
dyadic_c = st.builds(lambda p, s: Fraction(p, 2 ** s), st.integers(1, 2 ** 20), st.integers(0, 40))


@st.composite
def batches(draw, logistic):
    ms = draw(st.lists(margin, min_size=1, max_size=12))
    if not logistic:  # c e^{−m} must stay inside float64 radii: |m| ≤ 550
        ms = [max(min(m, Fraction(550)), Fraction(-550)) for m in ms]
    signs = draw(st.lists(st.sampled_from([-1, 1]), min_size=len(ms), max_size=len(ms)))
    c = draw(st.one_of(rational_c, dyadic_c))
    return ms, signs, c


def check_contained_and_small(rows, grid, floor):
    assert failures(rows) == []
    flint.ctx.prec = 2000
    unit = flint.arb(2) ** grid
    limit = unit * (flint.arb(1.5) if floor is not None else 1 + flint.arb(2) ** -15)
    assert all(rad <= limit for _, _, rad, _ in rows)


@pytest.mark.parametrize("logistic", [True, False])
@settings(max_examples=60, deadline=None)
@given(data=st.data(), prec=st.sampled_from(PRECS), floor_shift=st.one_of(st.none(), st.integers(-40, 40)))
def test_balls_contain_the_arb_value_and_stay_small(logistic, data, prec, floor_shift):
    ms, signs, c = data.draw(batches(logistic))
    floor = None
    if floor_shift is not None:  # a floor near the free grid, as the linear model's θ grid gives
        _, free = evaluate(ms, signs, c, logistic, prec)
        floor = free + floor_shift
    rows, grid = evaluate(ms, signs, c, logistic, prec, floor)
    if floor is not None:
        assert grid >= floor and (grid - floor) % 16 == 0
    check_contained_and_small(rows, grid, floor)


@pytest.mark.parametrize("logistic", [True, False])
@settings(max_examples=40, deadline=None)
@given(data=st.data(), prec=st.sampled_from(PRECS))
def test_the_kernel_error_bound_itself(logistic, data, prec):
    """A grid 2·prec + 64 bits fine: the radius is the kernel's own err (nothing rounded away)."""
    ms, signs, c = data.draw(batches(logistic))
    rows, _ = evaluate(ms, signs, c, logistic, 2 * prec + 64, work=prec)
    assert failures(rows) == []


# -- exact cases --------------------------------------------------------------------------------------
@pytest.mark.parametrize("logistic", [True, False])
def test_zero_margins(logistic):
    # dyadic c: c ℓ'(0) is on the grid, exact, radius 0
    rows, grid = evaluate([Fraction(0), Fraction(0), Fraction(3, 4)], [1, -1, 1], Fraction(1, 256), logistic, 215)
    want = Fraction(1, 512) if logistic else Fraction(1, 256)
    flint.ctx.prec = 600
    assert rows[0][1] == flint.arb(flint.fmpq(want.numerator, want.denominator))
    assert rows[1][1] == -rows[0][1] and rows[0][2] == 0 and rows[1][2] == 0
    # non-dyadic c: one shared rounded value (opposite for opposite signs) with one shared error
    rows, _ = evaluate([Fraction(0)] * 3, [1, -1, 1], Fraction(1, 200), logistic, 215)
    assert failures(rows) == []
    assert rows[0][1] == rows[2][1] == -rows[1][1] and rows[0][2] == rows[1][2] > 0


def test_saturated_margins():
    """e^{m} far below or above the grid: weights ≈ c, ≈ c e^{−m}, or far below one unit."""
    c = Fraction(1, 3)
    for logistic in (True, False):
        ms = [Fraction(-(2 ** 29) + 1), Fraction(2 ** 29 - 1), Fraction(-700), Fraction(700), Fraction(1, 2 ** 300)]
        if not logistic:
            ms = [m for m in ms if m > -600]
        rows, grid = evaluate(ms, [1] * len(ms), c, logistic, 215)
        check_contained_and_small(rows, grid, None)
    rows, _ = evaluate([Fraction(-(2 ** 29) + 1)], [1], c, True, 215)
    flint.ctx.prec = 600
    assert (rows[0][1] - flint.arb(flint.fmpq(1, 3))).abs_upper() <= rows[0][3]  # c rounded down


def test_out_of_range():
    b = Ball.from_ints([1], 30)  # |m| = 2^30
    with pytest.raises(fs.OutOfRange):
        fs.weights(b.D, b.e, np.ones(1, dtype=np.int64), Fraction(1), True, 215, None)
    b = Ball.from_ints([-2000], 0)  # e^{2000} beyond float64 radii
    with pytest.raises(fs.OutOfRange):
        fs.weights(b.D, b.e, np.ones(1, dtype=np.int64), Fraction(1), False, 215, None)


# -- the tests catch a weakened kernel ----------------------------------------------------------------
def sample_margins(seed, n=300):
    rng = np.random.default_rng(seed)
    return [Fraction(int(v), 2 ** 40) for v in rng.integers(-(2 ** 45), 2 ** 45, n)], rng.choice([-1, 1], n).tolist()


@pytest.mark.parametrize("logistic", [True, False])
def test_dropping_a_taylor_term_is_caught(logistic):
    ms, signs = sample_margins(1)
    N = len(fs._plan(215)[2]) - 1
    kw = dict(work=215)
    assert failures(evaluate(ms, signs, Fraction(1, 200), logistic, 2 * 215 + 64, terms=N, **kw)[0]) == []
    assert failures(evaluate(ms, signs, Fraction(1, 200), logistic, 2 * 215 + 64, terms=N - 1, **kw)[0])


def test_a_quartered_bound_is_caught():
    ms, signs = sample_margins(2)
    args = (ms, signs, Fraction(1, 200), False, 2 * 215 + 64)
    assert failures(evaluate(*args, work=215)[0]) == []
    assert failures(evaluate(*args, work=215, scale=0.25)[0])


# -- the engine's weights path (fastgd._Run.weights) ----------------------------------------------------
def engine_run(loss):
    import mpmath
    import sympy as sp

    import gdperceptron as gp
    from gdperceptron import losses
    from gdperceptron.numeric import fastgd

    data = gp.Dataset([[1, 0], [0, 1], [1, 1]], [1, -1, 1])
    model = gp.models.Linear(2)
    with mpmath.workdps(30):
        theta = model.coerce_params([0] * model.n_params)
    return fastgd._Run(model, data, sp.Integer(1), theta, losses.get(loss), "mean", 30, 101, 160), fastgd


@pytest.mark.parametrize("loss", ["logistic", "exponential"])
def test_engine_zero_margins_grouped_or_carrying_their_error(loss):
    run, _ = engine_run(loss)
    out = Ball.from_ints([0, 0, 5], -2)  # c = 1/3: c ℓ'(0) is not on the grid
    w, group = run.weights(out, None, grouped=True)
    assert w.rad[0] == w.rad[1] == 0 and w.rad[2] > 0 and group is not None
    assert group[0] > 0 and group[1] == [1, 1, 0]
    w, group = run.weights(out, None, grouped=False)  # the two-layer path: no group, errors kept
    assert group is None and w.rad[0] == w.rad[1] > 0


def test_engine_weights_beyond_float64_are_undecided():
    run, fastgd = engine_run("exponential")
    with pytest.raises(fastgd.Undecided):
        run.weights(Ball.from_ints([-2000], 0), None, grouped=True)
