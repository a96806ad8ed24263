"""Number backends for the fast GD engine: float64, extended precision, and mpmath.

A backend converts exact numbers (SymPy rationals, Python floats) to arrays of its own number
type and knows its unit roundoff u.  The engine's arithmetic is plain numpy, so the same code runs
with ``float64`` arrays, ``numpy.longdouble`` arrays (x87 80-bit extended precision on x86-64:
64-bit mantissa, u = 2⁻⁶⁴ ≈ 5.4·10⁻²⁰, exponent range ±16382) and numpy object arrays of
``mpmath.mpf`` at a chosen number of decimal digits (exponent range unbounded, so no overflow or
underflow).  Nothing here is certified: a backend's numbers carry rounding errors of relative
size u per operation, which :mod:`gdperceptron.scaling.precision` guards against by re-running at
a finer backend.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from typing import Callable

import mpmath
import numpy as np
import sympy as sp


@dataclass(frozen=True)
class Backend:
    """One working precision: ``name`` (recorded per run), numpy dtype, unit roundoff, exp."""

    name: str
    dtype: object
    unit_roundoff: float
    dps: int | None = None  # decimal digits of an mpmath backend

    def asarray(self, values) -> np.ndarray:
        """Exact or float values → an array of this backend's numbers (rounded once, to nearest)."""
        flat = [_convert(v, self) for v in np.ravel(np.asarray(values, dtype=object))]
        return np.array(flat, dtype=self.dtype).reshape(np.shape(values))

    def scalar(self, value):
        return _convert(value, self)

    @property
    def tanh(self) -> Callable:
        return _MP_TANH if self.dtype is object else np.tanh

    def context(self):
        """The mpmath precision context of this backend (a no-op context for numpy dtypes)."""
        return mpmath.workdps(self.dps) if self.dps else nullcontext()


_MP_TANH = np.frompyfunc(mpmath.tanh, 1, 1)


def _convert(value, backend: Backend):
    if backend.dtype is object:
        if isinstance(value, (sp.Rational, sp.Integer)):
            return mpmath.mpf(int(value.p)) / int(value.q)
        if isinstance(value, sp.Basic):
            return mpmath.mpf(sp.N(value, backend.dps + 10))
        return mpmath.mpf(value)  # Python float / int: exact
    if isinstance(value, (sp.Rational, sp.Integer)):
        if backend.dtype is np.longdouble:  # exact p/q rounded once at extended precision
            return np.longdouble(int(value.p)) / np.longdouble(int(value.q))
        return float(value)
    if isinstance(value, sp.Basic):
        return backend.dtype(str(sp.N(value, 30)))
    return backend.dtype(value)


FLOAT64 = Backend("float64", np.float64, 2.0**-53)


def extended() -> Backend | None:
    """numpy's longdouble when it is genuinely wider than float64 (x86-64 Linux), else None."""
    info = np.finfo(np.longdouble)
    if info.nmant <= 52:
        return None
    return Backend(f"longdouble({info.nmant + 1}-bit)", np.longdouble, float(info.eps) / 2)


def mp(dps: int) -> Backend:
    return Backend(f"mpmath(dps={dps})", object, 10.0 ** (-dps), dps=dps)


def ladder(mp_digits=(30, 60)) -> list[Backend]:
    """The default escalation ladder: float64, extended (if available), mpmath at ``mp_digits``."""
    rungs = [FLOAT64]
    ext = extended()
    if ext is not None:
        rungs.append(ext)
    return rungs + [mp(p) for p in mp_digits]
