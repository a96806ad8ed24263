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


def test_a_margin_too_close_to_call_makes_separation_uncertain_until_precision_is_raised():
    # true margin at θ_0: 1 − (1 − 10^-60) = 10^-60 > 0, invisible at 30 digits, clear at 80
    data = gp.Dataset([[1, -1]], [1])
    init = [1, Fraction(1) - Fraction(1, 10**60)]
    low = gp.run_gd(gp.models.Linear(2), data, 1, 0, init=init, dps=30, backend="mpmath")
    assert low.separated_at is None and low.close_calls == [0] and not low.separation_certain
    high = gp.run_gd(gp.models.Linear(2), data, 1, 0, init=init, dps=80, backend="mpmath")
    assert high.separated_at == 0 and high.close_calls == [] and high.separation_certain


def test_exact_zero_margins_are_decided_not_close_calls():
    traj = gp.run_gd(gp.models.Linear(4), gp.datasets.chain(4), 1, 6, dps=30, backend="mpmath")
    assert traj.separated_at == 4 and traj.separation_certain


def test_close_calls_see_through_fixed_outer_weights():
    # N = ReLU(w1·x) − ReLU(w2·x) with w1 = (1, 0), w2 = (1 + 10^-25, 0): the margin −10^-25 is the
    # difference of two terms of size 1; at 20 digits it is rounding noise and must be a close call
    data = gp.Dataset([[1, 0]], [1])
    init = [1, 0, 1 + Fraction(1, 10**25), 0]
    low = gp.run_gd(gp.models.TwoNeuronReLU(2), data, 1, 0, init=init, dps=20, backend="mpmath")
    assert not low.separation_certain
    high = gp.run_gd(gp.models.TwoNeuronReLU(2), data, 1, 0, init=init, dps=60, backend="mpmath")
    assert high.separation_certain and high.separated_at is None  # the margin really is negative


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
