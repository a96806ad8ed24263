"""Notice when a user's predicate decides with rounded floating-point numbers.

A property check trusts a predicate's True or False only when the predicate decided it with
certified arithmetic: exact numbers (int, Fraction, SymPy rationals) or mpmath's interval context
``mpmath.iv``, whose comparisons answer True, False or None (overlapping enclosures).  A comparison
of rounded numbers — ``mpmath.mpf`` of the global context, or ``math`` functions on floats — can
come out the same at every precision tried and still be wrong (σ(k) for an integer k in the
hundreds rounds to exactly 1 at 50 and at 100 digits).

:func:`uses_rounded_numbers` runs the predicate under :func:`sys.setprofile` and reports whether code
*outside mpmath* (the predicate, or a helper it calls) called into mpmath's rounded context
(``mpmath.ctx_mp_python``, ``mpmath.ctx_mp``), SymPy's ``evalf``/``N`` (which make rounded
``Float``s) or a ``math`` function, or put a float or ``mpmath.mpf`` that is not a short binary fraction into
an interval (``x * 0.1`` encloses the binary value of 0.1, not 1/10), or compared intervals with ``==``/``!=`` (mpmath decides those
structurally: ``iv.mpf([0, 2]) == 1`` is False; use ``<=`` and ``>=``, which answer None when unsure).  mpmath's interval context,
SymPy's exact arithmetic and gdperceptron's own certified routines (which decide through
enclosures) are not counted.  Plain float arithmetic makes no call; it is seen only through the
float constants the predicate holds (``x + 1e-17 > x``), so ``x / 3`` on a float example goes
unnoticed: the docstring of :func:`gdperceptron.checks.property_based` asks for exact or interval
numbers.
"""

from __future__ import annotations

import math
import os
import sys
import threading
from fractions import Fraction

import mpmath
import sympy

_MPMATH_DIR = os.path.dirname(mpmath.__file__)
_ROUNDED_CONTEXT_FILES = {os.path.join(_MPMATH_DIR, name) for name in ("ctx_mp_python.py", "ctx_mp.py")}
_LIBRARY_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_SYMPY_EVALF = os.path.join(os.path.dirname(sympy.__file__), "core", "evalf.py")
_SYMPY_DIR = os.path.dirname(sympy.__file__)
_PRECISION_CODE = {f.__code__ for prop in (type(mpmath.mp).prec, type(mpmath.mp).dps) for f in (prop.fget, prop.fset)}
"""Reading or setting ``mpmath.mp.prec``/``dps`` computes nothing: not counted."""
_CTX_IV = os.path.join(_MPMATH_DIR, "ctx_iv.py")
_LIBMPI = os.path.join(_MPMATH_DIR, "libmp", "libmpi.py")
_TRUSTED_DIRS = (_MPMATH_DIR, _SYMPY_DIR, _LIBRARY_DIR)


def uses_rounded_numbers(fn, *args):
    """(fn(*args), whether fn decided with uncertified arithmetic of its own: rounded numbers or
    interval equality)."""
    seen = []

    def profile(frame, event, arg):
        if seen:
            return
        if event == "call" and frame.f_code.co_filename in _ROUNDED_CONTEXT_FILES and frame.f_code not in _PRECISION_CODE:
            caller = _first_caller_outside(frame, _MPMATH_DIR)
            if caller is not None and not caller.startswith((_LIBRARY_DIR, _SYMPY_DIR)):
                seen.append(caller)
        elif event == "call" and frame.f_code.co_filename == _CTX_IV and frame.f_code.co_name == "convert_mpf_":
            caller = _first_caller_outside(frame, _MPMATH_DIR)
            if _inexact_constant(frame.f_locals.get("x")) and caller and not caller.startswith(_TRUSTED_DIRS):
                seen.append("rounded constant in an interval")
        elif event == "call" and frame.f_code.co_filename == _LIBMPI and frame.f_code.co_name in ("mpi_eq", "mpi_ne"):
            caller = _first_caller_outside(frame, _MPMATH_DIR)
            if caller and not caller.startswith(_TRUSTED_DIRS):
                seen.append("interval equality")
        elif event == "call" and frame.f_code.co_filename == _SYMPY_EVALF and frame.f_code.co_name in ("evalf", "N"):
            caller = frame.f_back.f_code.co_filename if frame.f_back else ""
            if not caller.startswith(_TRUSTED_DIRS):  # called by the predicate itself
                seen.append(caller)
        elif (event == "c_call" and getattr(arg, "__module__", None) == "math" and arg.__name__ not in _EXACT_MATH
              and not frame.f_code.co_filename.startswith(_TRUSTED_DIRS)):
            seen.append(frame.f_code.co_filename)

    if _holds_inexact_constants(fn):
        return fn(*args), True
    previous = sys.getprofile()
    sys.setprofile(profile)
    threading.setprofile(profile)
    try:
        value = fn(*args)
    finally:
        sys.setprofile(previous)
        threading.setprofile(None)
    return value, bool(seen)


_EXACT_MATH = {"isqrt", "gcd", "lcm", "comb", "perm", "factorial", "floor", "ceil", "trunc", "isfinite",
               "isinf", "isnan", "copysign", "fabs", "prod"}
"""``math`` functions whose result is exact on exact inputs (integer arithmetic, sign and rounding to
integers of a value that is already a float)."""


def _holds_inexact_constants(fn) -> bool:
    """Whether ``fn``'s own code (nested functions included), default arguments or closure hold a
    float or mpf constant that is not a short binary fraction (``lambda x: x + 1e-17 > x``: float
    arithmetic makes no call the profiler could see)."""
    code = getattr(fn, "__code__", None)
    values = list(getattr(fn, "__defaults__", None) or ())
    values += [c.cell_contents for c in getattr(fn, "__closure__", None) or () if _filled(c)]
    stack = [code] if code is not None else []
    while stack:
        c = stack.pop()
        for const in c.co_consts:
            (stack.append(const) if hasattr(const, "co_consts") else values.append(const))
    return any(_inexact_constant(v) for v in values)


def _filled(cell) -> bool:
    try:
        cell.cell_contents
    except ValueError:  # an empty cell (a variable not yet assigned)
        return False
    return True


def _inexact_constant(x) -> bool:
    """A float or mpmath number entering an interval whose binary value is not a short dyadic
    fraction (denominator above 2^20): almost surely the rounding of a decimal or fraction that was
    meant (0.1 is 0.1000000000000000055…, mpf(1)/3 is not 1/3); 0.5, 2.0 and 0.375 pass."""
    if isinstance(x, float) and math.isfinite(x):
        return Fraction(x).denominator > 2**20
    if isinstance(x, mpmath.mpf) and mpmath.isfinite(x):
        sign, man, exp, _ = x._mpf_
        return exp < -20
    return False


def _first_caller_outside(frame, package_dir: str):
    """The file of the nearest caller outside ``package_dir`` (None if there is none)."""
    frame = frame.f_back
    while frame is not None:
        name = frame.f_code.co_filename
        if not name.startswith(package_dir):
            return name
        frame = frame.f_back
    return None

