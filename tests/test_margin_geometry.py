"""robust_margin / zero_set_distance against an independent route (Moreau decomposition + NNLS, any d),
closed forms, and the interval enclosure against the exact value."""

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import nnls

import gdperceptron as gp
from gdperceptron.errors import InputError
from gdperceptron.margin import geometry, robust_margin, zero_set_distance


def _polar_distance(p, generators, free=()):
    """dist(p, C) = ‖proj of p onto the polar cone C°‖ (Moreau), C° = cone(generators) + span(free), by NNLS."""
    cols = list(generators) + list(free) + [-f for f in free]
    if not cols:
        return 0.0
    A = np.array(cols, dtype=float).T
    coef, _ = nnls(A, np.array(p, dtype=float))
    return float(np.linalg.norm(A @ coef))


def _reference_distance(w1, w2, p):
    w1, w2, p = (np.array(v, dtype=float) for v in (w1, w2, p))
    dead = _polar_distance(p, [w1, w2])                       # A = {w1·x ≤ 0, w2·x ≤ 0}, polar cone(w1, w2)
    active = _polar_distance(p, [-w1], free=[w1 - w2])        # B = {(w1−w2)·x = 0, −w1·x ≤ 0}
    return min(dead, active)


ints = st.integers(-6, 6)


@given(st.integers(2, 4).flatmap(lambda d: st.tuples(*[st.tuples(*[ints] * d)] * 3)))
def test_exact_distance_matches_moreau_nnls_any_d(vectors):
    w1, w2, p = vectors
    exact = float(zero_set_distance(list(w1), list(w2), list(p)))
    assert exact == pytest.approx(_reference_distance(w1, w2, p), abs=1e-9)


@given(st.tuples(*[ints] * 6))
def test_interval_enclosure_contains_exact_value(v):
    w1, w2, p = v[0:2], v[2:4], v[4:6]
    exact = zero_set_distance(w1, w2, p)
    with geometry.interval_dps(30), mpmath.workdps(60):
        box = zero_set_distance(w1, w2, p, geometry._Interval)
        value = mpmath.mpf(sp.N(exact, 60))
        assert box.a <= value <= box.b


def test_closed_forms():
    model = gp.models.TwoNeuronReLU(2)
    data = gp.Dataset([[1, 0], [0, 1]], [1, -1])
    assert robust_margin(model, [1, 0, 0, 1], data) == sp.sqrt(2) / 2
    # canonical example at t = 0: (a + 0.1)/√((a + 0.1)² + (a + 0.3)²) with a = 1
    expected = sp.Rational(11, 10) / sp.sqrt(sp.Rational(121, 100) + sp.Rational(169, 100))
    assert sp.simplify(robust_margin(model, [1, "-3/10", "-1/10", 1], data) - expected) == 0
    for th in (2 * sp.pi / 3, 3 * sp.pi / 4):
        pair = gp.datasets.orthogonal_pair(th)
        w = [v for row in pair.X for v in row]
        assert sp.simplify(robust_margin(model, w, pair) - sp.sin(th / 2)) == 0
    assert robust_margin(model, [1, 1, 1, 1], data) == 0          # w1 = w2: N ≡ 0


def test_mpf_parameters_keep_their_sign_and_precision():
    model = gp.models.TwoNeuronReLU(2)
    data = gp.Dataset([[1, 0], [0, 1]], [1, -1])
    with mpmath.workdps(40):
        value = robust_margin(model, [mpmath.mpf(1), mpmath.mpf("-0.3"), mpmath.mpf("-0.1"), mpmath.mpf(1)], data)
        exact = mpmath.mpf(11) / mpmath.sqrt(290)
        assert abs(value - exact) < mpmath.mpf(10) ** -15   # inputs -0.3 and -0.1 are binary approximations


def test_wrong_model_is_rejected():
    with pytest.raises(InputError):
        robust_margin(gp.models.Linear(2), [1, 0], gp.Dataset([[1, 0], [0, 1]], [1, -1]))
