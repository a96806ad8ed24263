"""GD and perceptron iteration against closed forms and an independent exact implementation."""

from fractions import Fraction

import mpmath
import pytest

import gdperceptron as gp

THM41 = gp.datasets.precursor_thm41()


def close(a, b, digits):
    """Every entry of a and b (mpf or Fraction) agrees to ``digits`` decimal places."""
    a, b = (a if isinstance(a, list) else [a]), (b if isinstance(b, list) else [b])
    with mpmath.workdps(digits + 20):
        def mp(x):
            return mpmath.mpf(x.numerator) / x.denominator if isinstance(x, Fraction) else mpmath.mpf(x)
        return len(a) == len(b) and all(abs(mp(x) - mp(z)) < mpmath.mpf(10) ** -digits for x, z in zip(a, b))


def reference_batch_perceptron(X, y, steps, variant="batch", half_first=False):
    """Textbook linear perceptron in exact Fractions (an independent route)."""
    n, d = len(X), len(X[0])
    v = [Fraction(0)] * d
    history, cursor = [list(v)], 0
    for t in range(steps):
        margins = [yi * sum(Fraction(a) * b for a, b in zip(row, v)) for row, yi in zip(X, y)]
        if variant == "online":
            wrong = [k % n for k in range(cursor, cursor + n) if margins[k % n] <= 0]
            if wrong:
                i = wrong[0]
                cursor = i + 1
                v = [vj + y[i] * Fraction(X[i][j]) for j, vj in enumerate(v)]
        else:
            weights = [(Fraction(1, 2) if (half_first and t == 0 and m == 0) else Fraction(1 if m <= 0 else 0))
                       for m in margins]
            active = sum(1 for w in weights if w)
            if active:
                scale = Fraction(1, n) if variant == "batch" else Fraction(1, active)
                v = [vj + scale * sum(w * yi * Fraction(row[j]) for w, yi, row in zip(weights, y, X))
                     for j, vj in enumerate(v)]
        history.append(list(v))
    return history


@pytest.mark.parametrize("variant, half", [("batch", False), ("batch", True), ("normalized", False),
                                           ("normalized", True), ("online", False)])
def test_linear_perceptron_matches_exact_reference(variant, half):
    X = [[1, -1], [-1, -4], [2, 1], [0, 3]]
    y = [1, -1, 1, 1]
    ref = reference_batch_perceptron(X, y, 12, variant, half)
    traj = gp.run_perceptron(gp.models.Linear(2), gp.Dataset(X, y), 12, variant=variant,
                             first_step="half" if half else "full", dps=30)
    for t in range(13):
        assert close(ref[t], traj.params[t], 25)


def test_gd_first_step_from_zero_is_the_half_perceptron_step_times_gamma():
    # σ(0) = 1/2 for every sample: θ_1 = (γ/(2n)) Σ y_i b_i — for Thm 4.1 data θ_1 = (γ/2, 3γ/4)
    for gamma in (1, 10, "1/3"):
        traj = gp.run_gd(gp.models.Linear(2), THM41, gamma, 1, dps=40)
        g = Fraction(gamma)
        assert close(traj.params[1], [g / 2, 3 * g / 4], 35)


def test_gd_second_step_against_closed_form():
    gamma = mpmath.mpf(100)
    with mpmath.workdps(60):
        traj = gp.run_gd(gp.models.Linear(2), THM41, 100, 2, dps=60)
        s1, s2 = 1 / (1 + mpmath.exp(-gamma / 4)), 1 / (1 + mpmath.exp(7 * gamma / 2))
        expected = [gamma / 2 + gamma / 2 * (s1 + s2), 3 * gamma / 4 + gamma / 2 * (-s1 + 4 * s2)]
        assert all(abs(a - b) < mpmath.mpf(10) ** -55 for a, b in zip(traj.params[2], expected))
        loss1 = (mpmath.log(1 + mpmath.exp(gamma / 4)) + mpmath.log(1 + mpmath.exp(-7 * gamma / 2))) / 2
        assert abs(traj.loss[1] - loss1) < mpmath.mpf(10) ** -50
    assert traj.separated_at == 2


def test_sum_reduction_is_mean_with_n_times_the_step():
    a = gp.run_gd(gp.models.Linear(2), THM41, 3, 4, reduction="sum", dps=30)
    b = gp.run_gd(gp.models.Linear(2), THM41, 6, 4, reduction="mean", dps=30)
    assert close(a.params[4], b.params[4], 25)
    with mpmath.workdps(40):  # doubling at the default 15 digits would round
        twice = 2 * b.loss[4]
    assert close(a.loss[4], twice, 25)


def test_two_layer_gd_step_matches_finite_differences_of_the_loss():
    model = gp.models.TwoLayer(2, 2, "leaky_relu(1/10)", train="both")
    init = ["1/2", "-1/3", "1/4", "1", "1", "-1"]
    traj = gp.run_gd(model, THM41, "1/10", 1, init=init, dps=40)
    with mpmath.workdps(40):
        theta0 = [mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for v in init]
        X, y = THM41.numeric()

        def f(theta):
            return mpmath.fsum(mpmath.log1p(mpmath.exp(-yi * model.output(theta, b))) for b, yi in zip(X, y)) / 2

        h = mpmath.mpf(10) ** -15
        for k in range(6):
            e = [h if j == k else 0 for j in range(6)]
            grad_k = (f([a + b for a, b in zip(theta0, e)]) - f([a - b for a, b in zip(theta0, e)])) / (2 * h)
            assert abs(traj.params[1][k] - (theta0[k] - grad_k / 10)) < mpmath.mpf(10) ** -20


def test_precision_is_local_and_recorded():
    before = mpmath.mp.dps
    traj = gp.run_gd(gp.models.Linear(2), THM41, 10, 3, dps=77)
    assert mpmath.mp.dps == before and traj.dps == 77


def test_record_every_keeps_checkpoints_and_tracks_separation_on_the_fly():
    traj = gp.run_gd(gp.models.Linear(2), THM41, 10, 7, dps=20, record_every=3)
    assert traj.params.steps() == [0, 3, 6, 7]
    assert traj.separated_at == 2  # not a recorded step, still found
    with pytest.raises(KeyError, match="not recorded"):
        traj.params[2]


def test_zero_margins_give_weight_half_and_the_chain_telescopes():
    # chain family from 0: θ_1 = (γ/(2n)) Σ b_i = (γ/6) e_1, the other coordinates exactly 0
    traj = gp.run_gd(gp.models.Linear(3), gp.datasets.chain(3), 5, 1, dps=30)
    assert close(traj.params[1][0], Fraction(5, 6), 28)
    assert traj.params[1][1] == 0 and traj.params[1][2] == 0


@pytest.mark.parametrize("kwargs, fragment", [
    (dict(gamma=0), "gamma must be > 0"),
    (dict(gamma=-1), "gamma must be > 0"),
    (dict(gamma=float("nan")), "finite"),
    (dict(gamma=1, steps=-1), "steps"),
    (dict(gamma=1, dps=5), "too low"),
    (dict(gamma=1, loss="hinge"), "unknown loss"),
    (dict(gamma=1, init=[1, 2, 3]), "expected 2 parameters"),
    (dict(gamma=1, record_every=0), "record_every"),
])
def test_bad_gd_arguments(kwargs, fragment):
    args = dict(steps=2)
    args.update(kwargs)
    gamma = args.pop("gamma")
    steps = args.pop("steps")
    with pytest.raises(gp.InputError) as info:
        gp.run_gd(gp.models.Linear(2), THM41, gamma, steps, **args)
    assert fragment in str(info.value)


def test_bad_perceptron_arguments():
    with pytest.raises(gp.InputError, match="variant"):
        gp.run_perceptron(gp.models.Linear(2), THM41, 2, variant="averaged")
    with pytest.raises(gp.InputError, match="half first step"):
        gp.run_perceptron(gp.models.Linear(2), THM41, 2, variant="online", first_step="half")
    with pytest.raises(gp.InputError, match="features"):
        gp.run_perceptron(gp.models.Linear(3), THM41, 2)


def test_a_tiny_true_margin_is_certified_by_raising_the_precision_automatically():
    # true margin at θ_0: 1 − (1 − 10^-60) = 10^-60 > 0: a ball at 30 digits straddles 0, the rerun decides
    data = gp.Dataset([[1, -1]], [1])
    init = [1, Fraction(1) - Fraction(1, 10**60)]
    traj = gp.run_gd(gp.models.Linear(2), data, 1, 0, init=init, dps=30)
    assert traj.separated_at == 0 and traj.separation_certain and traj.engine != gp.run_gd(
        gp.models.Linear(2), data, 1, 0, init=[1, 0], dps=30).engine  # it did escalate
    # with the cap at the start precision the answer is None, with the step, the margin and the need
    capped = gp.run_gd(gp.models.Linear(2), data, 1, 0, init=init, dps=30, max_dps=30)
    assert capped.separated_at is None and not capped.separation_certain and capped.undecided_at == 0
    assert "step 0: the margin of sample 0" in capped.undecided and "digits" in capped.undecided


def test_exact_zero_margins_are_decided_and_stay_exact():
    traj = gp.run_gd(gp.models.Linear(4), gp.datasets.chain(4), 1, 6, dps=30)
    assert traj.separated_at == 4 and traj.separation_certain
    assert all(b.is_zero() and b.is_exact() for b in traj.numbers[2][2:])


def test_a_negative_margin_hidden_in_rounding_is_found_through_fixed_outer_weights():
    # N = ReLU(w1·x) − ReLU(w2·x) with w1 = (1, 0), w2 = (1 + 10^-25, 0): the margin −10^-25 is the
    # difference of two terms of size 1; at 20 digits it is rounding noise, certified after escalation
    data = gp.Dataset([[1, 0]], [1])
    init = [1, 0, 1 + Fraction(1, 10**25), 0]
    traj = gp.run_gd(gp.models.TwoNeuronReLU(2), data, 1, 0, init=init, dps=20)
    assert traj.separation_certain and traj.separated_at is None  # the margin really is negative
    with mpmath.workdps(40):
        assert traj.margins[0][0] < 0


def point(x, dps):
    """The mpmath number x (rounded to ``dps`` digits) as an exact Arb point: its binary value, built at a
    precision wide enough to hold the mantissa."""
    import flint

    with mpmath.workdps(dps):
        sign, man, exp, _ = mpmath.mpf(x)._mpf_
    q = flint.fmpq((-1) ** sign * int(man) * 2 ** max(exp, 0), 2 ** max(-exp, 0))
    saved, flint.ctx.prec = flint.ctx.prec, int(man).bit_length() + 10
    try:
        return flint.arb(q)
    finally:
        flint.ctx.prec = saved


def chain_reference(d, gamma, steps, dps):
    """Independent route: linear GD on chain(d) from 0 written out in mpmath at ``dps`` digits
    (coordinate k of Σ_i σ(−m_i) b_i is s_k − s_{k−1}).  Returns the first t with every margin > 0 and
    the smallest non-zero |margin| before it (exact zeros are the untouched coordinates' 0 − 0)."""
    with mpmath.workdps(dps):
        g = mpmath.mpf(Fraction(gamma).numerator) / Fraction(gamma).denominator
        v, closest = [mpmath.mpf(0)] * d, mpmath.inf
        for t in range(steps + 1):
            m = [v[i] - v[i + 1] for i in range(d - 1)] + [v[d - 1]]
            closest = min([closest] + [abs(x) for x in m if x != 0])
            if all(x > 0 for x in m):
                return t, closest
            s = [1 / (1 + mpmath.exp(x)) for x in m]
            v = [v[k] + g / d * (s[k] - (s[k - 1] if k else 0)) for k in range(d)]
        return None, closest


@pytest.mark.parametrize("gamma", [Fraction(1, 10**6), Fraction(1, 10), 1, 10, 100, 10**4])
def test_chain16_first_separation_is_the_true_one_with_default_arguments(gamma):
    """The issue's d = 16 grid (γ = 10^4 separates at t = 128 and needs ~800 bits; γ = 1/10 at t = 16);
    the reference runs at 1500 digits and its closest margin is far above that rounding."""
    traj = gp.run_gd(gp.models.Linear(16), gp.datasets.chain(16), gamma, 200, record_every=200)
    ref, closest = chain_reference(16, gamma, 200, 1500)
    assert closest > mpmath.mpf(10) ** -1000
    assert traj.separation_certain and traj.separated_at == ref


def test_tiny_float_step_size_is_its_exact_binary_value_and_separates_at_2():
    """γ = 1e-308 on chain(2): the old per-step engines rounded σ(m) to exactly 1/2, met margins that were
    0 only by rounding, and answered "never, certain".  Ground truth in exact rationals: after one step
    v_1 = (γ/4, 0); the margins are (γ/4, 0), σ(−γ/4) < 1/2, so v_2 − v_1 = (γ/2)(σ(−γ/4) − 1/2, 1/2)
    has v_{2,2} = γ/4 > 0 and m_1(v_2) = γ/4 + (γ/2)(σ(−γ/4) − 1) > 0 (the reference checks both at
    2000 digits)."""
    gamma = 1e-308
    traj = gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), gamma, 10)
    assert traj.separated_at == 2 and traj.separation_certain
    assert chain_reference(2, Fraction(gamma), 10, 2000)[0] == 2
    assert gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), gamma, 10, max_dps=50).separated_at in (2, None)


def test_zero_margin_from_a_rounded_weight_is_not_an_exact_zero():
    """σ(0 ± r) must be a ball of positive radius: after the first step on chain(2) with γ = 1/10 the
    second sample's weight is exactly 1/2 but the first's is 1/2 − (tiny), a genuine ball."""
    traj = gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), Fraction(1, 10), 2)
    v1 = traj.numbers[1]
    assert not v1[0].is_exact() and v1[1].is_zero() and v1[1].is_exact()
    assert traj.radius[2] > 0


def test_balls_enclose_a_1000_digit_reference_on_a_two_layer_net():
    """Two-layer leaky net, both layers trained: every ball of the certified run at 30 digits contains
    the independent 1000-digit float run's parameters (the float route is gp's own iteration, but in
    another arithmetic: mpmath at 1000 digits, whose error is far below the balls' radii)."""
    model = gp.models.TwoLayer(3, 2, "leaky_relu(1/10)")
    data = gp.Dataset([[1, -1, "1/3"], [-1, -4, 2], ["1/2", 1, -1]], [1, -1, 1])
    init = ["1/8", "-1/4", "1/3", "1/5", "-1/7", "1/2", 1, "-1/2"]
    ball = gp.run_gd(model, data, 3, 12, init=init, dps=30)
    ref = gp.run_gd(model, data, 3, 12, init=init, dps=1000, arithmetic="float")
    for t in range(13):
        assert all(b.contains(point(r, 1000)) for b, r in zip(ball.numbers[t], ref.params[t]))
    assert ball.separated_at == ref.separated_at and not ref.separation_certain


def test_float_runs_say_they_are_exploratory():
    traj = gp.run_gd(gp.models.Linear(2), THM41, 10, 3, arithmetic="float64")
    assert traj.arithmetic == "float64" and not traj.certified and not traj.separation_certain
    assert traj.separated_at == gp.run_gd(gp.models.Linear(2), THM41, 10, 3).separated_at == 2


def test_perceptron_on_rational_data_is_exact():
    """Precursor Thm 5.1 data: the run is exact (rationals), equal to the Fraction reference, and its count
    is the derived T(n) = 2 + ⌊(3n − 8)/5⌋ for every n tried."""
    for n in (10, 17, 23, 40):
        data = gp.datasets.precursor_thm51(n)
        traj = gp.run_perceptron(gp.models.Linear(2), data, 3 * n)
        assert traj.engine == "exact" and traj.separation_certain
        assert traj.separated_at == 2 + (3 * n - 8) // 5
        ref = reference_batch_perceptron([list(map(Fraction, map(str, row))) for row in data.X], data.y, 3 * n)
        assert [Fraction(int(q.numerator), int(q.denominator)) for q in traj.numbers[-1]] == ref[-1]


def test_exact_gd_refuses_an_irrational_weight():
    traj = gp.run_gd(gp.models.Linear(3), gp.datasets.chain(3), 3, 1, arithmetic="exact")
    assert traj.numbers[1][0] == Fraction(1, 2)
    with pytest.raises(gp.InputError, match="not rational"):
        gp.run_gd(gp.models.Linear(3), gp.datasets.chain(3), 3, 2, arithmetic="exact")


def test_irrational_data_are_enclosed_by_arb():
    """orthogonal_pair(π/2): x± = (cos π/4, ±sin π/4); θ_1 = γ/(2n) Σ y_i x_i = (0, γ√2/4) exactly."""
    traj = gp.run_gd(gp.models.Linear(2), gp.datasets.orthogonal_pair(), 4, 1)
    with mpmath.workdps(100):
        assert traj.numbers[1][1].contains(point(mpmath.sqrt(2), 100)) and traj.numbers[1][0].contains(0)


def test_weighted_step_against_exact_rationals():
    # θ' = base + scale Σ_i w_i y_i ∇g(b_i; θ); TwoLayer identity net, train="both": ∇_W = a_j b, ∇_a = w_j·b
    from gdperceptron.numeric.iterate import weighted_step

    model = gp.models.TwoLayer(2, 1, activation="identity", train="both")
    X, y = [[1, -2], [3, 1]], [1, -1]
    theta, weights, scale = [Fraction(1, 2), Fraction(-1, 3), Fraction(2)], [Fraction(3, 4), Fraction(1, 5)], Fraction(7, 3)

    def exact(base):
        w, a = theta[:2], theta[2]
        total = [Fraction(0)] * 3
        for b, yi, s in zip(X, y, weights):
            grad = [a * b[0], a * b[1], w[0] * b[0] + w[1] * b[1]]
            total = [t + s * yi * g for t, g in zip(total, grad)]
        return [p + scale * t for p, t in zip(base, total)]

    with mpmath.workdps(40):
        num = lambda v: [mpmath.mpf(x.numerator) / x.denominator for x in v]  # noqa: E731
        got = weighted_step(model, num(theta), [num(map(Fraction, b)) for b in X], y, num(weights), num([scale])[0])
        zero_base = weighted_step(model, num(theta), [num(map(Fraction, b)) for b in X], y, num(weights),
                                  num([scale])[0], base=model.zeros())
    assert close(got, exact(theta), 35) and close(zero_base, exact([Fraction(0)] * 3), 35)


def test_a_custom_models_balls_enclose_a_high_precision_float_run():
    """g = a·tanh(w b) from its SymPy expression: the balls (Arb's tanh) contain the 300-digit mpmath run."""
    import sympy as sp

    w, a, b = sp.symbols("w a b")
    model = gp.models.Custom(a * sp.tanh(w * b), [w, a], [b])
    data = gp.Dataset([[1], [-2], ["1/3"]], [1, -1, 1])
    ball = gp.run_gd(model, data, 3, 6, init=["1/2", "-1/3"])
    ref = gp.run_gd(model, data, 3, 6, init=["1/2", "-1/3"], arithmetic="float", dps=300)
    for t in range(7):
        assert all(x.contains(point(r, 300)) for x, r in zip(ball.numbers[t], ref.params[t]))
    assert ball.separated_at == ref.separated_at and ball.separation_certain


def test_sparse_and_dense_ball_products_enclose_the_exact_product():
    """Ball.times over a sparse data matrix (row by row over the non-zeros) and over the same matrix as an
    arb_mat both contain the exact rational product X·B computed with Fractions (as 400-bit points)."""
    import random

    import flint

    from gdperceptron.numeric.arithmetic import Ball

    rng = random.Random(3)
    n, d, m = 120, 110, 3
    X = [[Fraction(rng.randint(-9, 9), rng.randint(1, 7)) if rng.random() < 0.05 else 0 for _ in range(d)]
         for _ in range(n)]
    B = [[Fraction(rng.randint(-99, 99), 3 ** rng.randint(0, 4)) for _ in range(m)] for _ in range(d)]
    exact = [[sum(X[i][k] * B[k][j] for k in range(d)) for j in range(m)] for i in range(n)]
    ar = Ball(80)
    with ar.context():
        rows = [list(r) for r in gp.Dataset(X, [1] * n).X]
        sparse = ar.data_matrix(rows)
        dense = flint.arb_mat(n, d, [ar.scalar(v) for row in rows for v in row])
        Bb = ar.array([[gp.numbers.to_exact(v) for v in row] for row in B], (d, m))
        results = (ar.times(sparse, Bb), ar.times(dense, Bb))
    assert isinstance(sparse, list)
    saved, flint.ctx.prec = flint.ctx.prec, 400
    try:
        for i in range(n):
            for j in range(m):
                q = flint.arb(flint.fmpq(exact[i][j].numerator, exact[i][j].denominator))
                assert all(r[i, j].contains(q) and r[i, j].rad() < 1e-18 * (1 + abs(q)) for r in results)
    finally:
        flint.ctx.prec = saved


def test_huge_horizons_are_refused_up_front():
    with pytest.raises(gp.InputError, match="at most"):
        gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), 1, 10**12, record_every=10**6)
    with pytest.raises(gp.InputError, match="record_every="):
        gp.run_gd(gp.models.Linear(2), gp.datasets.chain(2), 1, 10**7)
