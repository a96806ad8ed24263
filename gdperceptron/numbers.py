"""Conversion of user-supplied numbers to exact SymPy numbers and to mpmath numbers.

Accepted: ``int``, ``fractions.Fraction``, strings such as ``"1/3"``, ``"-2"`` or ``"0.5"``
(decimal strings are read exactly: ``"0.1"`` is 1/10), SymPy real numbers (rationals and exact
irrationals like ``sqrt(2)``), finite ``float`` (converted to the exact binary value it holds),
and mpmath ``mpf``.  NaN, infinities, complex numbers and anything else raise :class:`InputError`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from numbers import Integral

import mpmath
import sympy as sp
from mpmath.libmp import from_rational

from .errors import InputError

MIN_DPS = 10
"""Lowest working precision (decimal digits) accepted for any numeric computation."""
MAX_DPS = 10_000
"""Highest working precision accepted (the command line's cap too): beyond it a single step of
arithmetic takes seconds."""


def to_exact(value, what: str = "value") -> sp.Expr:
    """Return ``value`` as an exact, finite, real SymPy number."""
    if isinstance(value, bool):
        raise InputError(f"{what}: booleans are not numbers ({value!r})")
    if isinstance(value, Integral):
        return sp.Integer(int(value))
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InputError(f"{what}: {value!r} is not a finite number")
        return sp.Rational(Fraction(value))
    if isinstance(value, mpmath.mpf):
        if not mpmath.isfinite(value):
            raise InputError(f"{what}: {value!r} is not a finite number")
        sign, man, exp, _ = value._mpf_  # mpf.man_exp drops the sign
        return (-1) ** sign * sp.Integer(man) * sp.Integer(2) ** exp
    if isinstance(value, str):
        text = value.strip()
        try:
            return _finite_real(sp.Rational(text), what, value)
        except ZeroDivisionError:
            raise InputError(f"{what}: {value!r} divides by zero") from None
        except (TypeError, ValueError):
            raise InputError(f"{what}: cannot read {value!r} as an exact number") from None
    if hasattr(value, "dtype") and getattr(value, "shape", None) == ():  # numpy scalar
        return to_exact(value.item(), what)
    if isinstance(value, sp.Basic):
        return _finite_real(value, what, value)
    raise InputError(f"{what}: unsupported number type {type(value).__name__}")


def _finite_real(expr: sp.Basic, what: str, shown) -> sp.Expr:
    if not isinstance(expr, sp.Expr) or not expr.is_number or expr.free_symbols:
        raise InputError(f"{what}: {shown!r} is not a number")
    if expr.has(sp.nan, sp.zoo, sp.oo, -sp.oo) or expr.is_real is False or expr.is_finite is False:
        raise InputError(f"{what}: {shown!r} is not a finite real number")
    return expr


EXACT_PYTHON = (int, Fraction)
"""Python number types (exactly these, so not bool) that are exact rationals needing no validation."""


def to_mpf(value) -> mpmath.mpf:
    """An exact SymPy number (or anything :func:`to_exact` accepts) at the current mpmath precision."""
    if isinstance(value, mpmath.mpf):
        return +value
    if type(value) in EXACT_PYTHON:  # as a SymPy Rational below, without SymPy
        return _rational(value.numerator, value.denominator)
    exact = value if isinstance(value, sp.Expr) else to_exact(value)
    if exact.is_Rational:
        return _rational(int(exact.p), int(exact.q))
    return mpmath.mpf(sp.N(exact, mpmath.mp.dps + 10))


def _rational(p: int, q: int) -> mpmath.mpf:
    """p/q rounded once, to nearest, at the current mpmath precision (``mpf(p) / q`` would round a
    numerator wider than the precision first)."""
    return mpmath.mp.make_mpf(from_rational(p, q, mpmath.mp.prec, "n"))


def check_dps(dps) -> int:
    """Validate a working precision in decimal digits."""
    if isinstance(dps, bool) or not isinstance(dps, Integral):
        raise InputError(f"dps must be an integer number of decimal digits, got {dps!r}")
    if dps < MIN_DPS:
        raise InputError(f"dps={dps} is too low: at least {MIN_DPS} decimal digits are required")
    if dps > MAX_DPS:
        raise InputError(f"dps={dps} is too high: at most {MAX_DPS} decimal digits")
    return int(dps)


def check_int(value, what: str, minimum: int = 1) -> int:
    """A Python integer ≥ ``minimum`` (booleans are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        wanted = {0: "a non-negative integer", 1: "a positive integer"}.get(minimum, f"an integer ≥ {minimum}")
        raise InputError(f"{what} must be {wanted}, got {value!r}")
    return int(value)


def check_positive(value, what: str) -> sp.Expr:
    """An exact number that must be > 0 (for example a step size γ)."""
    exact = to_exact(value, what)
    if not exact.is_positive:
        raise InputError(f"{what} must be > 0, got {value!r}")
    return exact
