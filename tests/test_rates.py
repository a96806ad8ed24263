"""Rate fitting on synthetic sequences with known laws (closed forms, independent of any GD code)."""

import mpmath
import pytest

from gdperceptron.numeric import rates

TS = [10**k for k in range(3, 16)]


def _seq(f):
    with mpmath.workdps(30):
        return [f(mpmath.mpf(t), mpmath.log(t)) for t in TS]


@pytest.mark.parametrize("law,f", [
    ("1/ln t", lambda t, L: mpmath.mpf("0.3") / L * (1 + 2 / L)),
    ("1/ln^2 t", lambda t, L: mpmath.mpf(2) / L**2 * (1 - 1 / L)),
    ("1/sqrt(ln t)", lambda t, L: mpmath.mpf("0.1") / mpmath.sqrt(L) * (1 + 1 / L)),
])
def test_true_log_law_is_supported_and_others_are_not(law, f):
    gaps = _seq(f)
    assert rates.test_law(TS, gaps, law).supported
    for other in rates.LAWS:
        if other != law:
            assert not rates.test_law(TS, gaps, other).supported


def test_constant_is_recovered_and_a_wrong_one_contradicted():
    gaps = _seq(lambda t, L: mpmath.mpf("0.3") / L * (1 + 2 / L))
    fit = rates.test_law(TS, gaps, "1/ln t", expected_constant=mpmath.mpf("0.3"))
    assert fit.supported and fit.constant.consistent_with(mpmath.mpf("0.3"))
    wrong = rates.test_law(TS, gaps, "1/ln t", expected_constant=mpmath.mpf("0.6"))
    assert wrong.contradicted and not wrong.supported


def test_power_law_exponent():
    gaps = _seq(lambda t, L: 5 * t ** mpmath.mpf("-0.25") / L)
    fit = rates.test_law(TS, gaps, "t^-k", expected_k=mpmath.mpf("0.25"))
    assert fit.power_exponent.consistent_with(mpmath.mpf("0.25"))
    assert not rates.test_law(TS, gaps, "1/ln t").supported


def test_noise_free_but_too_short_grid_is_rejected():
    with pytest.raises(ValueError):
        rates.test_law(TS[:3], _seq(lambda t, L: 1 / L)[:3], "1/ln t")
