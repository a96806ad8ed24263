"""Rigorous enclosures: exact numbers and SymPy constant expressions as ``mpmath.iv`` intervals.

An *enclosure* of a real number x at precision p is an interval [a, b] with binary endpoints of p
bits and a ≤ x ≤ b (outward rounding).  Exact inputs stay exact until this point: an int, a
Fraction, a decimal or rational string (``"1/3"``, ``"0.1"`` is 1/10), a SymPy rational and a finite
float (the binary value it holds) are rounded outward once, here.

:func:`enclose_expr` evaluates a constant SymPy expression by interval arithmetic node by node
(Add, Mul, Pow, exp, log, sqrt, Abs, sin, cos, tan, sinh, cosh, tanh, Heaviside, Min, Max, π, e),
so that its sign is decided only when the enclosure excludes 0.  A node it does not know, or an inexact SymPy
``Float``, gives ``None``: no enclosure, never a guess.
"""

from __future__ import annotations

from contextlib import contextmanager
from fractions import Fraction

import mpmath
import sympy as sp
from mpmath import iv

from ..errors import InputError
from ..numbers import to_exact


@contextmanager
def interval_dps(dps: int):
    """Set the precision of mpmath's interval context for a block (restored on exit)."""
    old = iv.prec
    iv.dps = dps
    try:
        yield
    finally:
        iv.prec = old


def exact_endpoint(value, what: str = "endpoint") -> sp.Expr:
    """An interval endpoint as an exact real number; a SymPy ``Float`` is refused (it is rounded)."""
    if isinstance(value, sp.Basic) and value.atoms(sp.Float):
        raise InputError(f"{what} {value} contains the inexact SymPy Float {sorted(value.atoms(sp.Float), key=str)[0]}:"
                         " write it as a string such as '1/3' or a Rational")
    if isinstance(value, float):
        raise InputError(f"{what} {value!r} is a float, which holds a binary value near the decimal you typed: "
                         f"write it as a string such as '{value!r}' or a Fraction for an exact endpoint")
    return to_exact(value, what)


def enclose_number(value: sp.Expr) -> iv.mpf | None:
    """An enclosure of the exact real ``value`` at the interval context's current precision."""
    if value.is_Rational:
        return iv.mpf(int(value.p)) / int(value.q)  # one outward-rounded division
    return enclose_expr(value)


def as_enclosure(value, which: str) -> iv.mpf:
    """A side's value as an enclosure: intervals pass, exact numbers are enclosed, and a rounded
    number (float, mpmath.mpf, SymPy Float) is refused, since it encloses nothing."""
    if isinstance(value, iv.mpf):
        return value
    if isinstance(value, (int, Fraction)) and not isinstance(value, bool) or (
            isinstance(value, sp.Basic) and value.is_Rational):
        return enclose_number(sp.Rational(value))
    raise InputError(f"{which} returned {type(value).__name__} {value!r}, which is rounded, not an enclosure: "
                     f"compute it with mpmath.iv (e.g. iv.exp(x), iv.mpf('1/3'))")


def hull(lo, hi) -> iv.mpf:
    """An outward enclosure of the exact interval [lo, hi] at the current interval precision."""
    a, b = enclose_number(sp.sympify(lo)), enclose_number(sp.sympify(hi))
    if a is None or b is None:
        raise InputError(f"cannot enclose the interval endpoint {lo if a is None else hi}")
    return iv.mpf([a.a, b.b])


def split_point(lo, hi):
    """An exact dyadic rational strictly between lo and hi, near the middle (None if none is found
    at the current precision, which happens only for a point interval)."""
    with interval_dps(max(iv.dps, 30)):
        middle = (hull(lo, lo) + hull(hi, hi)) / 2
    guess = sp.Rational(to_fraction(endpoints(middle)[0]))
    return guess if bool(lo < guess) and bool(guess < hi) else None


def enclose_expr(expr: sp.Expr) -> iv.mpf | None:
    """An enclosure of the constant SymPy expression ``expr`` at the interval context's precision,
    or None when a node has no interval rule here (or the expression is not a real constant)."""
    try:
        return _walk(sp.sympify(expr))
    except (_NoRule, ZeroDivisionError, ValueError, TypeError):
        return None


class _NoRule(Exception):
    pass


_UNARY = {sp.exp: iv.exp, sp.log: iv.log, sp.sin: iv.sin, sp.cos: iv.cos, sp.tan: iv.tan,
          sp.sinh: lambda x: (iv.exp(x) - iv.exp(-x)) / 2, sp.cosh: lambda x: (iv.exp(x) + iv.exp(-x)) / 2,
          sp.tanh: lambda x: 1 - 2 / (iv.exp(2 * x) + 1)}
"""Interval rules for SymPy's elementary functions; the hyperbolic ones through exp (each formula
encloses the function on any interval, since interval arithmetic encloses every composition)."""


def _walk(e) -> iv.mpf:
    if isinstance(e, sp.Float) or e.free_symbols:
        raise _NoRule(e)
    if e.is_Rational:
        return iv.mpf(int(e.p)) / int(e.q)
    if e is sp.pi:
        return iv.pi
    if e is sp.E:
        return iv.e
    if isinstance(e, sp.Add):
        return _fold(e.args, lambda a, b: a + b)
    if isinstance(e, sp.Mul):
        return _fold(e.args, lambda a, b: a * b)
    if isinstance(e, sp.Pow):
        return _power(e.base, e.exp)
    if isinstance(e, sp.Abs):
        return abs(_walk(e.args[0]))
    if isinstance(e, (sp.Min, sp.Max)):
        values = [_walk(a) for a in e.args]
        pick = min if isinstance(e, sp.Min) else max
        return iv.mpf([pick(v.a for v in values), pick(v.b for v in values)])
    if isinstance(e, sp.Heaviside):
        x = _walk(e.args[0])
        at_zero = _walk(e.args[1]) if len(e.args) > 1 else None
        if x.a > 0:
            return iv.mpf(1)
        if x.b < 0:
            return iv.mpf(0)
        if x.a == 0 == x.b and at_zero is not None:
            return at_zero
        raise _NoRule(e)
    for fn, ivfn in _UNARY.items():
        if isinstance(e, fn):
            return ivfn(_walk(e.args[0]))
    raise _NoRule(e)


def _fold(args, op):
    total = _walk(args[0])
    for a in args[1:]:
        total = op(total, _walk(a))
    return total


def _power(base, exponent) -> iv.mpf:
    b = _walk(base)
    if exponent.is_Integer:
        n = int(exponent)
        if abs(n) > 10**6:
            raise _NoRule(exponent)
        if n >= 0:
            return b**n
        if b.a <= 0 <= b.b:
            raise _NoRule(base)  # 1/0 possible
        return 1 / b**(-n)
    if exponent == sp.Rational(1, 2):
        if b.a < 0:
            raise _NoRule(base)
        return iv.sqrt(b)
    if b.a <= 0:
        raise _NoRule(base)  # real powers only of positive bases
    return iv.exp(_walk(exponent) * iv.log(b))


def certainly_nonzero(values, dps: int, max_dps: int | None = None):
    """max |v| over the constant SymPy expressions ``values`` as an mpmath number when an interval
    enclosure proves some v ≠ 0 (precision ``dps`` digits, doubled up to ``max_dps``), else None.

    Use it before refuting from an expression that SymPy could not simplify to 0: a value that is
    non-zero only through rounding never passes, since an enclosure of an exact 0 contains 0.
    """
    values = list(values) if isinstance(values, (list, tuple, sp.MatrixBase)) else [values]
    max_dps = max_dps or 8 * dps
    p = dps
    while True:
        with interval_dps(p):
            boxes = [enclose_expr(v) for v in values]
            excluded = [bx for bx in boxes if bx is not None and (bx.a > 0 or bx.b < 0)]
            if excluded:
                return max(min(abs(lo), abs(hi)) for lo, hi in map(endpoints, excluded))
        if p >= max_dps or all(bx is None for bx in boxes):
            return None
        p = min(2 * p, max_dps)


def endpoints(x: iv.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """The two endpoints of an interval as plain mpmath numbers (exact: no rounding)."""
    lo, hi = x._mpi_
    return mpmath.mp.make_mpf(lo), mpmath.mp.make_mpf(hi)


def to_fraction(x: mpmath.mpf) -> Fraction:
    """The exact value of a finite binary mpmath number as a Fraction."""
    sign, man, exp, _ = x._mpf_
    value = Fraction(int(man)) * (Fraction(2) ** int(exp))
    return -value if sign else value
