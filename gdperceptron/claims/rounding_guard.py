"""Notice when a user's predicate or enclosure decides with uncertified arithmetic.

A property check trusts a predicate's True or False only when the predicate decided it with
certified arithmetic: exact numbers (int, Fraction, SymPy rationals) or mpmath's interval context
``mpmath.iv``, whose comparisons answer True, False or None (overlapping enclosures).  A comparison
of rounded numbers can come out the same at every precision tried and still be wrong (σ(k) for an
integer k in the hundreds rounds to exactly 1 at 50 and at 100 digits).

:func:`watch` runs the function under :func:`sys.setprofile` and reports one of two problems, each
only when the user's own code (not mpmath, SymPy or gdperceptron, whose certified routines decide
through enclosures) is responsible:

* ``ROUNDED`` — it called mpmath's rounded contexts (``mpmath.mp``, ``mpmath.fp`` and its
  ``math2`` functions), SymPy's
  ``evalf``/``N``, made a SymPy ``Float``, called a ``math``/``cmath`` function or a method of a
  float, complex or ``Decimal``, put a float or mpf that is not a short binary fraction into an
  interval (``x * 0.1`` encloses the binary value of 0.1, not 1/10), compared intervals with
  ``==``/``!=`` (mpmath decides those structurally: ``iv.mpf([0, 2]) == 1`` is False), or holds such
  constants or numpy/decimal/cmath objects in its code, defaults, closure or globals;
* ``UNDECIDED`` — an interval comparison answered None (the enclosures overlap) and the function went
  on: in ``if z > 0`` or ``bool(z > 0)`` Python reads None as False, so what follows is not decided.

Plain float arithmetic makes no call.  It is seen through the constants and modules the function
refers to, and in a function that refers to no exact number type and either gets a float (a drawn
``st.floats()`` example) or divides plain integers with ``/`` (``k / 49 * 49 == k``).  A helper that
does float arithmetic out of sight of these tests goes unnoticed: the docstring of
:func:`gdperceptron.checks.property_based` asks for exact or interval numbers.
"""

from __future__ import annotations

import decimal
import dis
import math
import os
import sys
import sysconfig
import threading
import types
from fractions import Fraction

import mpmath
import sympy

ROUNDED, UNDECIDED = "rounded", "undecided comparison"

_MPMATH_DIR = os.path.dirname(mpmath.__file__)
_SYMPY_DIR = os.path.dirname(sympy.__file__)
_LIBRARY_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_INSTALLED_DIRS = tuple({os.path.realpath(sysconfig.get_paths()[k]) for k in ("stdlib", "platstdlib", "purelib", "platlib")})
_TRUSTED_DIRS = (_MPMATH_DIR, _SYMPY_DIR, _LIBRARY_DIR) + _INSTALLED_DIRS
"""Code whose calls are not the user's: mpmath, SymPy, gdperceptron, and installed packages and the
standard library (numpy calling ``math.log2`` inside ``np.array`` is not the user's rounding; the
user's own numpy objects are caught by :func:`_holds_rounded_objects`)."""
_ROUNDED_CONTEXT_FILES = {os.path.join(_MPMATH_DIR, name) for name in ("ctx_mp_python.py", "ctx_mp.py", "ctx_fp.py",
                                                                          "math2.py")}
_PRECISION_CODE = {f.__code__ for prop in (type(mpmath.mp).prec, type(mpmath.mp).dps) for f in (prop.fget, prop.fset)}
"""Reading or setting ``mpmath.mp.prec``/``dps`` computes nothing: not counted."""
_CTX_IV = os.path.join(_MPMATH_DIR, "ctx_iv.py")
_LIBMPI = os.path.join(_MPMATH_DIR, "libmp", "libmpi.py")
_SYMPY_EVALF = os.path.join(_SYMPY_DIR, "core", "evalf.py")
_SYMPY_NUMBERS = os.path.join(_SYMPY_DIR, "core", "numbers.py")
_INTERVAL_ORDER = {"__lt__", "__le__", "__gt__", "__ge__"}
_ROUNDED_MODULES = {"math", "cmath", "decimal", "_decimal", "numpy"}
_ROUNDED_OBJECT_MODULES = _ROUNDED_MODULES - {"math"}  # referring to math is fine: its rounded calls are seen
_EXACT_MATH = {"isqrt", "gcd", "lcm", "comb", "perm", "factorial", "floor", "ceil", "trunc", "isfinite",
               "isinf", "isnan", "copysign", "fabs", "prod"}
"""``math`` functions whose result is exact on exact inputs (integer arithmetic, sign and rounding to
integers of a value that is already a float)."""


def watch(fn, *args):
    """(fn(*args), None or the problem: ``ROUNDED`` or ``UNDECIDED``; see the module docstring)."""
    if _holds_rounded_objects(fn) or _plain_number_arithmetic(fn, args):
        return fn(*args), ROUNDED
    seen: list[str] = []

    def profile(frame, event, arg):
        if ROUNDED in seen:
            return
        code = frame.f_code
        if event == "call":
            if _rounded_call(frame, code):
                seen.append(ROUNDED)
        elif event == "return":
            if (arg is None and code.co_filename == _CTX_IV and code.co_name in _INTERVAL_ORDER
                    and _from_user(frame)):
                seen.append(UNDECIDED)
        elif event == "c_call" and _rounded_builtin(arg) and not code.co_filename.startswith(_TRUSTED_DIRS):
            seen.append(ROUNDED)

    previous = sys.getprofile()
    sys.setprofile(profile)
    threading.setprofile(profile)
    try:
        value = fn(*args)
    finally:
        sys.setprofile(previous)
        threading.setprofile(None)
    return value, (ROUNDED if ROUNDED in seen else UNDECIDED if seen else None)


def _rounded_call(frame, code) -> bool:
    """A call into rounded arithmetic made on the user's behalf (see the module docstring)."""
    name = code.co_filename
    if name in _ROUNDED_CONTEXT_FILES:
        return code not in _PRECISION_CODE and _from_user(frame)
    if name == _CTX_IV and code.co_name == "convert_mpf_":
        return _inexact_constant(frame.f_locals.get("x")) and _from_user(frame)
    if name == _LIBMPI and code.co_name in ("mpi_eq", "mpi_ne"):
        return _from_user(frame)
    if name == _SYMPY_EVALF and code.co_name in ("evalf", "N") or (
            name == _SYMPY_NUMBERS and code.co_name == "__new__" and frame.f_locals.get("cls") is sympy.Float):
        caller = frame.f_back.f_code.co_filename if frame.f_back else ""
        return not caller.startswith(_TRUSTED_DIRS)  # called by the user's code itself
    return False


def _from_user(frame) -> bool:
    """Whether the nearest caller outside mpmath is the user's code (not SymPy's or gdperceptron's)."""
    frame = frame.f_back
    while frame is not None and frame.f_code.co_filename.startswith(_MPMATH_DIR):
        frame = frame.f_back
    return frame is not None and not frame.f_code.co_filename.startswith(_TRUSTED_DIRS)


def _rounded_builtin(fn) -> bool:
    """A C function or method that computes with rounded numbers."""
    module = getattr(fn, "__module__", None) or ""
    if module.split(".")[0] in _ROUNDED_MODULES:
        return not (module == "math" and fn.__name__ in _EXACT_MATH)
    return isinstance(getattr(fn, "__self__", None), (float, complex, decimal.Decimal))


def _code_objects(fn) -> list:
    """``fn``'s code object and those of the functions nested in it."""
    code = getattr(fn, "__code__", None)
    found, stack = [], [code] if code is not None else []
    while stack:
        c = stack.pop()
        found.append(c)
        stack += [k for k in c.co_consts if hasattr(k, "co_consts")]
    return found


def _named_values(fn, codes) -> list:
    """The values ``fn`` reaches by name: its closure's and the globals its code names."""
    names_in_globals = getattr(fn, "__globals__", {})
    values = [c.cell_contents for c in getattr(fn, "__closure__", None) or () if _filled(c)]
    return values + [names_in_globals[n] for c in codes for n in c.co_names if n in names_in_globals]


def _holds_rounded_objects(fn) -> bool:
    """Whether ``fn``'s own code (nested functions included), defaults, closure or the globals it names
    hold an inexact float/mpf constant or a numpy/decimal/cmath object (float arithmetic makes
    no call the profiler could see: ``lambda x: x + 1e-17 > x``)."""
    codes = _code_objects(fn)
    values = list(getattr(fn, "__defaults__", None) or ()) + _named_values(fn, codes)
    values += [k for c in codes for k in c.co_consts if not hasattr(k, "co_consts")]
    return any(_inexact_constant(v) or _rounded_object(v) for v in values)


def _plain_number_arithmetic(fn, args) -> bool:
    """Whether ``fn`` computes in floats without a call the profiler could see: it refers to no exact
    or interval number type (mpmath, SymPy, fractions, gmpy2, flint, gdperceptron) and either gets a
    float argument (``x + x / 2**60 == x`` on a drawn float) or divides plain integers with ``/``
    (``k / 49 * 49 == k`` fails at k = 1)."""
    floats = any(_contains_float(a) for a in args)
    if not floats and not all(_plain_integers(a) for a in args):
        return False
    codes = _code_objects(fn)
    divides = any(i.opname == "BINARY_OP" and i.argrepr in ("/", "/=") for c in codes for i in dis.get_instructions(c))
    values = _named_values(fn, codes)
    return (floats or divides) and not any(_exact_number_source(v) for v in values)


def _contains_float(value) -> bool:
    if isinstance(value, (list, tuple)):
        return any(_contains_float(v) for v in value)
    return isinstance(value, float)


def _plain_integers(value) -> bool:
    if isinstance(value, (list, tuple)):
        return all(_plain_integers(v) for v in value)
    return type(value) is int


def _exact_number_source(value) -> bool:
    """A module, class or object from the exact or interval number libraries."""
    name = value.__name__ if isinstance(value, types.ModuleType) else (
        getattr(value, "__module__", None) or getattr(type(value), "__module__", "") or "")
    return name.split(".")[0] in ("mpmath", "sympy", "fractions", "gdperceptron", "gmpy2", "flint")


def _rounded_object(value) -> bool:
    if isinstance(value, types.ModuleType):
        return value.__name__.split(".")[0] in _ROUNDED_OBJECT_MODULES
    module = getattr(type(value), "__module__", "") or ""
    if module.split(".")[0] == "numpy":
        return True  # numpy arrays, scalars and ufuncs compute in floating point
    return getattr(value, "__module__", None) in ("decimal", "_decimal") or value is decimal.Decimal


def _filled(cell) -> bool:
    try:
        cell.cell_contents
    except ValueError:  # an empty cell (a variable not yet assigned)
        return False
    return True


def _inexact_constant(x) -> bool:
    """A float or mpmath number whose binary value is not a short dyadic fraction (denominator above
    2^20): almost surely the rounding of a decimal or fraction that was meant (0.1 is
    0.1000000000000000055…, mpf(1)/3 is not 1/3); 0.5, 2.0 and 0.375 pass."""
    if isinstance(x, float) and math.isfinite(x):
        return Fraction(x).denominator > 2**20
    if isinstance(x, mpmath.mpf) and mpmath.isfinite(x):
        sign, man, exp, _ = x._mpf_
        return exp < -20
    return False
