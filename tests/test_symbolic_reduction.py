"""The symbolic reduction engine against independent routes (direct differentiation, closed forms)."""

import sympy as sp

import gdperceptron as gp
from gdperceptron.symbolic import reduce_gd, weight_limit


def test_weight_limit_is_indicator_with_half_at_zero():
    m = sp.Symbol("m", real=True)
    limit = weight_limit(m)
    assert [limit.subs(m, v) for v in (-3, 0, sp.Rational(1, 7))] == [1, sp.Rational(1, 2), 0]


def test_gd_step_equals_theta_minus_gamma_gradient_of_the_loss():
    model = gp.models.TwoLayer(2, 2, "leaky_relu(1/10)", train="first")
    data = gp.Dataset([[1, 2], ["1/2", -1]], [1, -1])
    red = reduce_gd(model, data)
    f = sum(sp.log(1 + sp.exp(-y * model.output_expr(b))) for b, y in zip(data.X, data.y)) / data.n
    direct = sp.Matrix(model.params) - red.gamma * sp.Matrix([sp.diff(f, p) for p in model.params])
    point = {p: sp.Rational(k + 2, 5) * (-1) ** k for k, p in enumerate(model.params)}
    point[red.gamma] = 3
    assert all(abs(sp.N((a - b).subs(point), 40)) < 1e-35 for a, b in zip(red.step, direct))


def test_split_into_perceptron_step_and_noise_is_exact():
    red = reduce_gd(gp.models.Linear(2), n=2)
    assert (sp.simplify(red.step - red.perceptron_step - red.noise_step)).is_zero_matrix


def test_noise_is_bounded_by_exp_minus_abs_margin():
    red = reduce_gd(gp.models.Linear(1), gp.Dataset([[1]], [1]))
    (v,) = gp.models.Linear(1).params
    for value in (-5, -sp.Rational(1, 3), sp.Rational(1, 3), 5):
        eps = red.noise[0].subs(v, value)
        assert abs(sp.N(eps, 30)) <= sp.N(sp.exp(-abs(value)), 30)


def test_degree_and_latex_are_available():
    red = reduce_gd(gp.models.TwoLayer(2, 1, "relu", train="both"), n=1)
    assert red.degree == 2
    assert r"\begin{align}" in red.latex()
