"""gp.strategies: what they draw satisfies their contracts (checked exactly, independently)."""

import sympy as sp
from hypothesis import given, settings

import gdperceptron as gp
import gdperceptron.strategies as gst
from gdperceptron.symbolic.perceptron import exact_perceptron

LO, HI = sp.Rational(1, 3), 2


@settings(max_examples=25, deadline=None)
@given(gst.separable_datasets(n=(2, 5), d=(2, 3), margin=(LO, HI)))
def test_separable_datasets_have_the_prescribed_margin(data):
    assert 2 <= data.n <= 5 and 2 <= data.d <= 3
    mu, w = data.max_margin, data.max_margin_direction
    assert LO <= mu <= HI
    assert all((yi * sp.Matrix(row).T * w)[0] >= 1 for row, yi in zip(data.X, data.y))  # w separates


@settings(max_examples=15, deadline=None)
@given(gst.nondegenerate_datasets(n=(2, 4), d=(2, 2)))
def test_nondegenerate_datasets_have_no_zero_margin_on_the_perceptron_path(data):
    run = gp.run_perceptron(gp.models.Linear(data.d), data, 200, variant="batch", first_step="half", dps=60)
    assert run.separated_at is not None
    assert exact_perceptron(data, 200, "batch", "half").separated_at == run.separated_at
    assert all(m != 0 for t, ms in run.margins.items() if 0 < t <= run.separated_at for m in ms)


@settings(max_examples=40, deadline=None)
@given(gst.step_sizes())
def test_step_sizes_span_the_default_range(gamma):
    assert sp.Rational(1, 1000) <= gamma <= 10**6 and gamma.is_Rational


@settings(max_examples=10, deadline=None)
@given(gst.models(2, degree=2))
def test_models_with_a_degree_filter(model):
    c = sp.Symbol("c", positive=True)
    scaled = model.expr.subs({p: c * p for p in model.params}, simultaneous=True)
    assert sp.expand(scaled - c**2 * model.expr) == 0


@settings(max_examples=10, deadline=None)
@given(gst.initializations(gp.models.TwoLayer(2, 3, "relu"), scale=sp.Rational(1, 2)))
def test_initializations_have_the_right_length_and_scale(init):
    assert len(init) == 9 and all(abs(v) <= sp.Rational(1, 2) for v in init)
