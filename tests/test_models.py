"""Models: hand-coded numeric output and gradients agree with the SymPy expression and derivative."""

import random

import mpmath
import pytest
import sympy as sp

import gdperceptron as gp

MODELS = [
    gp.models.Linear(3),
    gp.models.TwoLayer(3, 2, activation="identity", train="both"),
    gp.models.TwoLayer(3, 2, activation="relu", train="both"),
    gp.models.TwoLayer(3, 3, activation="leaky_relu(1/10)", train="both"),
    gp.models.TwoLayer(3, 2, activation="quadratic", train="first"),
    gp.models.TwoLayer(3, 2, activation="relu", train="first", outer=("1/2", -3)),
    gp.models.TwoNeuronReLU(2),
]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.name)
def test_hand_coded_gradient_equals_sympy_derivative(model):
    rng = random.Random(7)
    for _ in range(5):
        theta = [sp.Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in model.params]
        b = [sp.Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in model.inputs]
        subs = dict(zip(model.params + model.inputs, theta + b))
        exact_out = model.expr.subs(subs)
        exact_grad = [sp.diff(model.expr, p).subs(subs) for p in model.params]
        with mpmath.workdps(30):
            num_theta, num_b = [mpmath.mpf(sp.N(v, 40)) for v in theta], [mpmath.mpf(sp.N(v, 40)) for v in b]
            assert abs(model.output(num_theta, num_b) - mpmath.mpf(sp.N(exact_out, 40))) < 1e-25
            for got, want in zip(model.grad(num_theta, num_b), exact_grad):
                assert abs(got - mpmath.mpf(sp.N(want.subs(sp.Heaviside(0, 0), 0), 40))) < 1e-25


def test_relu_derivative_at_zero_is_zero_and_leaky_is_alpha():
    relu = gp.models.TwoLayer(1, 1, activation="relu", train="first", outer=[1])
    leaky = gp.models.TwoLayer(1, 1, activation="leaky_relu(1/4)", train="first", outer=[1])
    zero, one = mpmath.mpf(0), mpmath.mpf(1)
    assert relu.grad([zero], [one]) == [0]
    assert leaky.grad([zero], [one]) == [mpmath.mpf(1) / 4]
    w = sp.Symbol("w1_1", real=True)
    assert sp.diff(relu.expr, w).subs({w: 0, relu.inputs[0]: 1}) == 0


@pytest.mark.parametrize("model, p", [
    (gp.models.Linear(4), 1),
    (gp.models.TwoLayer(2, 3, "relu", train="first"), 1),
    (gp.models.TwoLayer(2, 3, "leaky_relu(1/5)", train="first"), 1),
    (gp.models.TwoNeuronReLU(), 1),
    (gp.models.TwoLayer(2, 3, "relu", train="both"), 2),
    (gp.models.TwoLayer(2, 2, "identity", train="both"), 2),
    (gp.models.TwoLayer(2, 2, "quadratic", train="first"), 2),
    (gp.models.TwoLayer(2, 2, "quadratic", train="both"), 3),
])
def test_homogeneity_degree(model, p):
    # reference: the scaling law checked directly at a random point with c = 3
    assert model.degree == p
    point = {s: sp.Rational(k + 2, 3) * (-1) ** k for k, s in enumerate(model.params + model.inputs)}
    scaled = model.expr.subs({q: 3 * q for q in model.params}, simultaneous=True)
    assert sp.simplify(scaled.subs(point) - 3**p * model.expr.subs(point)) == 0


def test_non_homogeneous_custom_model_reports_none():
    w, b = sp.symbols("w b", real=True)
    assert gp.models.Custom(sp.tanh(w * b), [w], [b]).degree is None
    assert gp.models.Custom(w**3 * b, [w], [b]).degree == 3


def test_custom_model_numeric_gradient_follows_its_expression():
    w, a, b = sp.symbols("w a b", real=True)
    model = gp.models.Custom(a * sp.tanh(w * b), [w, a], [b])
    with mpmath.workdps(30):
        g = model.grad([mpmath.mpf(1) / 2, mpmath.mpf(2)], [mpmath.mpf(3)])
        assert abs(g[0] - 2 * 3 * (1 - mpmath.tanh(mpmath.mpf(3) / 2) ** 2)) < 1e-25
        assert abs(g[1] - mpmath.tanh(mpmath.mpf(3) / 2)) < 1e-25


@pytest.mark.parametrize("build, fragment", [
    (lambda: gp.models.Linear(0), "positive integer"),
    (lambda: gp.models.TwoLayer(2, 2, activation="softmax"), "unknown activation"),
    (lambda: gp.models.TwoLayer(2, 2, activation="leaky_relu(2)"), "[0, 1)"),
    (lambda: gp.models.TwoLayer(2, 2, train="second"), "train"),
    (lambda: gp.models.TwoLayer(2, 2, train="first", outer=[1]), "expected 2"),
    (lambda: gp.models.Custom(sp.Symbol("w") * sp.Symbol("q"), [sp.Symbol("w")], [sp.Symbol("b")]), "neither"),
])
def test_bad_models_raise_input_errors(build, fragment):
    with pytest.raises(gp.InputError, match=None) as info:
        build()
    assert fragment in str(info.value)


def test_parameter_layout_is_row_major_w_then_a():
    model = gp.models.TwoLayer(2, 3, "relu", train="both")
    blocks = model.unflatten(list(range(9)))
    assert blocks["W"] == [[0, 1], [2, 3], [4, 5]] and blocks["a"] == [6, 7, 8]
    assert [str(p) for p in model.params][:3] == ["w1_1", "w1_2", "w2_1"]


def test_activation_slope_is_exact():
    assert gp.activations.identity.slope == 1 and gp.activations.relu.slope == 0
    assert gp.activations.resolve("leaky_relu(1/10)").slope == sp.Rational(1, 10)
    assert gp.activations.quadratic.slope is None


@pytest.mark.parametrize("name", ["leaky_relu(1/10", "leaky_relu1/10)", "leaky_relu((1/10))", "leaky_relu()"])
def test_malformed_activation_names_are_refused(name):
    with pytest.raises(gp.InputError, match="unknown activation"):
        gp.models.TwoLayer(2, 2, activation=name)
