"""The certified fast GD engine against the mpmath reference loop run at dps + 20 digits.

Agreement is normwise, as the engine promises (numeric/fastgd.py): every parameter within
10^-dps ‖θ_t‖_∞ of the reference, every margin within 10^-dps ‖m_t‖_∞, losses to dps relative digits.
The multi-limb arithmetic underneath is checked against Python integers.
"""

import math
from fractions import Fraction

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import gdperceptron as gp
from gdperceptron.numeric import fastfixed
from gdperceptron.numeric.fastfixed import Ball, DataMatrix, carry, contract, join, pick, sum_up

THM41 = gp.datasets.precursor_thm41()


def agree(fast, ref, dps):
    """fast (at dps) and ref (at dps + 20) agree normwise at every recorded step."""
    assert fast.engine == "fast" and not fast.certified and ref.arithmetic == "float"
    assert fast.params.steps() == ref.params.steps()
    assert fast.separated_at == ref.separated_at
    tol = mpmath.mpf(10) ** -dps
    with mpmath.workdps(dps + 20):
        for t in ref.params.steps():
            for got, want in ((fast.params[t], ref.params[t]), (fast.margins[t], ref.margins[t])):
                scale = max(abs(v) for v in want)
                assert max(abs(a - b) for a, b in zip(got, want)) <= tol * scale
            assert abs(fast.loss[t] - ref.loss[t]) <= tol * abs(ref.loss[t])
        assert abs(fast.min_abs_margin - ref.min_abs_margin) <= tol * max(1, abs(ref.min_abs_margin))


def fast_gd(model, data, gamma, steps, dps=30, init=None, loss="logistic", reduction="mean", record_every=1):
    """The numba engine (kept beside gp.run_gd, which no longer calls it); InputError where it refuses."""
    from gdperceptron.numeric import fastgd

    loss_fn, gamma = gp.losses.get(loss), gp.numbers.to_exact(gamma)
    if not fastgd.supports(model, loss_fn.name, gamma):
        raise gp.InputError(f"the fast engine does not apply to {model!r}")
    with mpmath.workdps(dps):
        theta0 = model.coerce_params(init)
    try:
        return fastgd.run(model, data, gamma, steps, theta0, loss_fn, reduction, dps, record_every,
                          f"gd[{loss_fn.name}, {reduction}]")
    except fastgd.Undecided as exc:
        raise gp.InputError(str(exc)) from None


def both(model, data, gamma, steps, dps=30, **kw):
    fast = fast_gd(model, data, gamma, steps, dps=dps, **kw)
    ref = gp.run_gd(model, data, gamma, steps, dps=dps + 20, arithmetic="float", **kw)
    agree(fast, ref, dps)
    return fast, ref


def random_data(n, d, seed, denominator=64, scale=3):
    rng = np.random.default_rng(seed)
    X = [[Fraction(int(v), denominator) for v in row] for row in rng.integers(-scale * denominator,
                                                                             scale * denominator, size=(n, d))]
    w = rng.standard_normal(d)
    y = [1 if float(sum(float(a) * b for a, b in zip(row, w))) >= 0 else -1 for row in X]
    return gp.Dataset(X, y)


# -- arithmetic ----------------------------------------------------------------------------------
big = st.integers(min_value=-(2 ** 300), max_value=2 ** 300)


@given(st.lists(big, min_size=1, max_size=6), st.integers(-40, 40))
def test_ints_round_trip_and_exact_sign(ints, e):
    b = Ball.from_ints(ints, e)
    assert b.to_ints() == ints
    assert b.sign().tolist() == [(v > 0) - (v < 0) for v in ints]
    with mpmath.workprec(400):
        for a, v in zip(b.approx(), ints):
            assert abs(mpmath.mpf(float(a)) - mpmath.ldexp(v, e)) <= abs(mpmath.ldexp(v, e)) * 2.0 ** -45


@given(st.lists(st.lists(st.integers(-(2 ** 57), 2 ** 57), min_size=3, max_size=3), min_size=1, max_size=4))
def test_carry_keeps_the_value(rows):
    S = np.array(rows, dtype=np.int64)
    want = [sum(int(v) << (16 * k) for k, v in enumerate(row)) for row in rows]
    assert Ball(carry(S), 0, np.zeros(len(rows))).to_ints() == want


@given(st.lists(big, min_size=6, max_size=6), st.lists(big, min_size=3, max_size=3), big, st.integers(-30, 30))
def test_products_and_sums_are_exact(a, b, c, shift):
    A = Ball.from_ints(a, 3, shape=(2, 3))
    row = Ball.from_ints(b, -5, shape=(1, 3))
    scalar = Ball.from_ints([c], 7, shape=())
    na = np.array(a, dtype=object).reshape(2, 3)
    assert (A * row).to_ints() == (na * np.array(b, dtype=object)).reshape(-1).tolist()
    assert (A * row).e == -2
    assert (A * scalar).to_ints() == (na * c).reshape(-1).tolist()
    other = Ball.from_ints(a, 3 + shift, shape=(2, 3))
    lo = min(3, 3 + shift)
    assert (A + other).to_ints() == [(v << (3 - lo)) + (v << (3 + shift - lo)) for v in a]


@given(st.lists(big, min_size=1, max_size=5), st.integers(8, 120))
def test_truncate_rounds_down_within_its_radius(ints, prec):
    b = Ball.from_ints(ints, 0)
    t = b.truncate(prec)
    for v, m, r in zip(ints, t.to_ints(), t.rad):
        low = m << (t.e) if t.e >= 0 else Fraction(m, 2 ** -t.e)
        assert low <= v and v - low <= r and (r == 0) == (v == low)


def exact_value(m: int, e: int) -> Fraction:
    return Fraction(m) * Fraction(2) ** e


def assert_contract(fn, a, b, rad_a, rad_b, axes, shape=(2, 3, 4)):
    """fn (contract or a variant) on A of ``shape`` and b: midpoints are the Python-integer
    contraction, and the radius covers every product of corner points of the input balls."""
    A = Ball.from_ints(a, -7, shape=shape, rad=rad_a)
    na = np.array(a, dtype=object).reshape(shape)
    keep = tuple(x for x in range(3) if x not in axes)
    flat = na.transpose(keep + axes).reshape(tuple(na.shape[x] for x in keep) + (-1,))
    ra = np.array(rad_a).reshape(shape).transpose(keep + axes).reshape(flat.shape)
    B = Ball.from_ints(b, 5, rad=rad_b)
    got = fn(A, B, axes)
    assert got.e == -2
    assert got.to_ints() == [sum(x * y for x, y in zip(row, b)) for row in flat.reshape(-1, len(b))]
    for row, rrow, mid, r in zip(flat.reshape(-1, len(b)), ra.reshape(-1, len(b)), got.to_ints(), got.rad.reshape(-1)):
        # the worst point: every term moved to its extreme in the direction of its midpoint's sign
        worst = sum(abs(exact_value(x, -7)) * Fraction(rb) + Fraction(rr) * (abs(exact_value(y, 5)) + Fraction(rb))
                    for x, y, rr, rb in zip(row, b, rrow, rad_b))
        assert worst <= Fraction(r)
    return got


radii = st.floats(0, 1e-3)


# (2, 3, 4): leading axes, and trailing ones short enough for b's digits in pairs (c ≤ 31);
# (2, 2, 33): trailing axes too long for pairs (c = 33, 66)
@pytest.mark.parametrize("shape, axes", [((2, 3, 4), (2,)), ((2, 3, 4), (0, 2)), ((2, 3, 4), (0, 1)),
                                         ((2, 3, 4), (1, 2)), ((2, 2, 33), (2,)), ((2, 2, 33), (0, 2))])
@given(data=st.data())
def test_contract_is_the_exact_sum_of_products(shape, axes, data):
    size, c = math.prod(shape), math.prod(shape[x] for x in axes)
    a = data.draw(st.lists(big, min_size=size, max_size=size))
    b = data.draw(st.lists(big, min_size=c, max_size=c))
    rad_a = data.draw(st.lists(radii, min_size=size, max_size=size))
    rad_b = data.draw(st.lists(radii, min_size=c, max_size=c))
    assert_contract(contract, a, b, rad_a, rad_b, axes, shape)


def test_contract_check_catches_broken_variants():
    a, b = [3 ** 40 + k for k in range(24)], [-(5 ** 30), 7, 2 ** 100, 1]
    rad_a, rad_b = [1e-6] * 24, [1e-6] * 4
    assert_contract(contract, a, b, rad_a, rad_b, (2,))

    def wrong_stride(A, B, axes):  # digit products at the wrong positions
        anti = fastfixed.fk.antidiagonal
        fastfixed.fk.antidiagonal = lambda P, stride: anti(P, stride + 1)
        try:
            return contract(A, B, axes)
        finally:
            fastfixed.fk.antidiagonal = anti

    def pairs_as_digits(A, B, axes):  # b's digit pairs (c = 4: paired) read as single digits
        anti = fastfixed.fk.antidiagonal
        fastfixed.fk.antidiagonal = lambda P, stride: anti(P, 1)
        try:
            return contract(A, B, axes)
        finally:
            fastfixed.fk.antidiagonal = anti

    def no_radius(A, B, axes):  # drops r_A |b|
        return contract(A.with_rad(np.zeros_like(A.rad)), B, axes)

    for fn in (wrong_stride, pairs_as_digits, no_radius):
        with pytest.raises(AssertionError):
            assert_contract(fn, a, b, rad_a, rad_b, (2,))


@given(st.lists(big, min_size=1, max_size=5), st.lists(big, min_size=1, max_size=5), st.integers(-20, 20), st.data())
def test_pick_and_join_are_exact(a, b, shift, data):
    A, B = Ball.from_ints(a, 3, rad=[0.5] * len(a)), Ball.from_ints(b, 3 + shift, rad=[0.25] * len(b))
    lo = min(3, 3 + shift)
    va, vb = [v << (3 - lo) for v in a], [v << (3 + shift - lo) for v in b]
    n = data.draw(st.integers(1, 6))
    mask = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    ia = np.array(data.draw(st.lists(st.integers(0, len(a) - 1), min_size=n, max_size=n)))
    ib = np.array(data.draw(st.lists(st.integers(0, len(b) - 1), min_size=n, max_size=n)))
    got = pick(mask, A, ia, B, ib)
    assert got.e == lo and got.to_ints() == [va[i] if m else vb[j] for m, i, j in zip(mask, ia, ib)]
    assert got.rad.tolist() == [0.5 if m else 0.25 for m in mask]
    both = join(A, B)
    assert both.to_ints() == va + vb and both.rad.tolist() == [0.5] * len(a) + [0.25] * len(b)


def data_product(rows, b, e=-3):
    K = np.array(rows, dtype=np.int64)
    X = DataMatrix._from_int64(K, e)
    want = (np.array(K.tolist(), dtype=object) @ np.array(b, dtype=object).reshape(K.shape[1], -1)).reshape(-1)
    return X, Ball.from_ints(b, 4, shape=(K.shape[1], len(b) // K.shape[1])), want.tolist()


@given(st.data(), st.booleans())
def test_data_matrix_products_with_and_without_digit_pairs(data, wide):
    """Small data take the paired path (two digits of b per BLAS product); 64 columns of digits
    near 2^16 the plain one."""
    c, bound = (64, 2 ** 47) if wide else (5, 2 ** 12)
    entry = st.one_of(st.sampled_from([bound, -bound, 0xFFFF]), st.integers(-bound, bound))
    rows = data.draw(st.lists(st.lists(entry, min_size=c, max_size=c), min_size=1, max_size=3))
    b = data.draw(st.lists(big, min_size=2 * c, max_size=2 * c))
    X, B, want = data_product(rows, b)
    assert X.paired == (c * float(np.abs(X.digits).max()) * (2.0 ** 32 + 2.0 ** 16) < 2.0 ** 53)
    if wide and any(abs(v) == bound for row in rows for v in row):
        assert not X.paired
    got = X.matmul(B)
    assert got.e == 1 and got.to_ints() == want
    take = np.array(data.draw(st.lists(st.integers(0, 2 * c - 1), min_size=3 * c, max_size=3 * c))).reshape(c, 3)
    taken = np.array(b, dtype=object)[take]
    got = X.matmul(B, take)
    assert got.shape == (len(rows), 3) and got.to_ints() == (np.array(rows, dtype=object) @ taken).reshape(-1).tolist()


def test_the_paired_product_check_catches_digit_positions():
    X, B, want = data_product([[3, -5], [7, 1]], [2 ** 100 + 12345, 2 ** 17 + 3, -(2 ** 50), 2 ** 31 - 1])
    assert X.paired and X.matmul(B).to_ints() == want
    right = fastfixed.fk.antidiagonal
    fastfixed.fk.antidiagonal = lambda P, stride: right(P, 1)  # pairs read as single digits
    try:
        assert X.matmul(B).to_ints() != want
    finally:
        fastfixed.fk.antidiagonal = right


@given(st.lists(st.floats(0, 1e300), min_size=1, max_size=50))
def test_sum_up_bounds_the_exact_sum(xs):
    assert Fraction(float(sum_up(np.sum(xs), len(xs)))) >= sum(Fraction(x) for x in xs)


@given(st.lists(big, min_size=2, max_size=6), st.integers(8, 120), st.data())
def test_truncate_among_keeps_prec_bits_below_the_largest_chosen_entry(ints, prec, data):
    among = np.array(data.draw(st.lists(st.booleans(), min_size=len(ints), max_size=len(ints))))
    t = Ball.from_ints(ints, 0).truncate(prec, among=among)
    chosen = max((abs(v) for v, m in zip(ints, among) if m), default=0)
    if chosen:
        assert t.e <= max(chosen.bit_length() - prec, 0)  # (the float read-out may round up to 2^bits)
    for v, m, r in zip(ints, t.to_ints(), t.rad):
        low = Fraction(m) * Fraction(2) ** t.e
        assert low <= v and v - low <= r and (r == 0) == (v == low)


# -- agreement with the reference ------------------------------------------------------------------
@pytest.mark.parametrize("dps", [30, 50])
def test_linear_random_data(dps):
    both(gp.models.Linear(8), random_data(12, 8, seed=1), 1, 12, dps=dps)


@pytest.mark.parametrize("gamma", [10 ** 4, 10 ** 6])
def test_large_steps_where_float64_overflows(gamma):
    # margins of order γ (10^4 .. 10^6): e^{±m} under/overflows float64; weights e^{-m} must survive
    fast, ref = both(gp.models.Linear(2), THM41, gamma, 6)
    assert fast.separated_at == 2
    data = random_data(10, 5, seed=2)
    fast, _ = both(gp.models.Linear(5), data, gamma, 8, reduction="sum")
    assert max(abs(m) for m in fast.margins[8]) > 1e4


@pytest.mark.parametrize("gamma", [1, 10 ** 5])
def test_chain_zero_margins_give_weight_exactly_one_half(gamma):
    d = 7
    fast, ref = both(gp.models.Linear(d), gp.datasets.chain(d), gamma, 4)
    for t in range(5):  # supp(v_t) ⊆ {1..t}: the other coordinates are exactly 0, not just small
        assert all(v == 0 for v in fast.params[t][t:])
        assert all(m == 0 for m in fast.margins[t][t + 1:])
    with mpmath.workdps(40):  # θ_1 = (γ/(2n)) Σ b_i = (γ/(2d)) e_1 exactly (weights exactly 1/2)
        assert abs(fast.params[1][0] - mpmath.mpf(gamma) / (2 * d)) <= mpmath.mpf(10) ** -30 * gamma


@pytest.mark.parametrize("activation, train", [("leaky_relu(1/10)", "both"), ("relu", "first"),
                                               ("identity", "both")])
def test_two_layer(activation, train):
    model = gp.models.TwoLayer(3, 3, activation, train=train)
    rng = np.random.default_rng(3)
    init = [Fraction(int(v), 32) for v in rng.integers(-32, 32, size=model.n_params)]
    both(model, random_data(8, 3, seed=4), Fraction(1, 2), 8, init=init)


def test_non_dyadic_and_irrational_data_and_exponential_loss():
    both(gp.models.Linear(4), random_data(9, 4, seed=5, denominator=3), "1/3", 10)
    both(gp.models.Linear(2), gp.datasets.orthogonal_pair(), 7, 10)
    both(gp.models.Linear(4), random_data(9, 4, seed=6), "1/4", 10, loss="exponential")


def test_checkpoints_are_those_of_the_reference():
    fast, ref = both(gp.models.Linear(2), THM41, 10, 7, record_every=3)
    assert fast.params.steps() == [0, 3, 6, 7]


def test_the_engine_refuses_what_it_cannot_do():
    quad = gp.models.TwoLayer(2, 2, "quadratic")
    with pytest.raises(gp.InputError, match="does not apply"):
        fast_gd(quad, THM41, 1, 2, dps=20, init=["1/2"] * 6)


def test_values_beyond_float64_range_are_refused():
    """|θ| = 2^1100 overflows the fast engine's float64 read-outs: it refuses in one line."""
    data, model = gp.datasets.chain(20), gp.models.Linear(20)
    init = [(-1) ** k * mpmath.mpf(2) ** 1100 for k in range(20)]
    with pytest.raises(gp.InputError):
        fast_gd(model, data, 1, 3, init=init, dps=30)


def test_error_thresholds_below_the_normal_float64_range_are_refused():
    """γ = 2^-950 from θ_0 = 0 gives |θ_t| ≈ 2^-950: a local-error threshold 2^-(P+16) |θ| is
    subnormal, where float64 rounds absolutely and the relative radius slack proves nothing: the engine
    refuses; at γ = 2^-700 the thresholds are normal and it runs."""
    data, model = random_data(30, 12, seed=7), gp.models.Linear(12)
    with pytest.raises(gp.InputError, match="local error"):
        fast_gd(model, data, Fraction(1, 2 ** 950), 3, dps=30)
    both(model, data, Fraction(1, 2 ** 700), 3)


def test_wide_dyadic_data_take_the_exact_big_integer_path():
    """Entries of 2^58 next to 1/8 need 61 bits: too wide for the int64 path, still exact."""
    data = gp.Dataset([[2 ** 58, "1/8", -1], ["-1/2", 2 ** 58, "3/4"], [1, "-5/8", 2 ** 57]], [1, -1, 1])
    assert data.dyadic_int64 is None and data.dyadic_ints is not None
    fast, _ = both(gp.models.Linear(3), data, Fraction(1, 2 ** 130), 4)
    assert fast.engine == "fast"


def test_signs_below_the_normal_range_are_not_certified_from_the_read_out():
    """mid = 2^15 · 2^-1080 = 2^-1065 with radius 0.75 · 2^-1064 = 1.5 · 2^-1065 > mid: the ball
    straddles 0.  The float64 read-out there drops underflowed digits and cannot bound |mid| from
    below, so the sign is open (2); with radius 0 the exact midpoint's sign is certain."""
    straddling = Ball.from_ints([1 << 15], -1080, rad=[0.75 * 2.0 ** -1064])
    assert straddling.certain_sign().tolist() == [2]
    assert Ball.from_ints([1 << 15, -3, 0], -1080).certain_sign().tolist() == [1, -1, 0]
    assert Ball.from_ints([1 << 15], -100, rad=[2.0 ** -90]).certain_sign().tolist() == [1]  # normal: decided


def test_scaled_bounds_stay_upper_bounds_below_the_normal_range():
    """5 · 2^-1076 = 1.25 · 2^-1074 is not a float64: ldexp rounds it down to 2^-1074."""
    assert Fraction(fastfixed.scalar_bound(5.0, -1076)) >= Fraction(5) * Fraction(2) ** -1076
    assert Fraction(float(np.ldexp(5.0, -1076))) < Fraction(5) * Fraction(2) ** -1076
    xs = np.array([0.0, 1.0, 3.0, 5.0, 7.0, 2.0 ** 60])
    for x, got in zip(xs, fastfixed._scaled(xs, -1076)):
        assert Fraction(float(got)) >= Fraction(float(x)) * Fraction(2) ** -1076
        assert (got == 0) == (x == 0)
    assert fastfixed.scalar_bound(1.0, -10) == 2.0 ** -10  # exact in the normal range
