"""Number backends for the fast GD engine: float64, extended precision, MPFR and mpmath.

A backend converts exact numbers (SymPy rationals, Python floats) to arrays of its own number
type and knows its unit roundoff u.  The engine's arithmetic is plain numpy, so the same code runs
with ``float64`` arrays, ``numpy.longdouble`` arrays (x87 80-bit extended precision on x86-64:
64-bit mantissa, u = 2⁻⁶⁴ ≈ 5.4·10⁻²⁰, exponent range ±16382) and numpy object arrays of
arbitrary-precision numbers at a chosen number of decimal digits: MPFR numbers through gmpy2
(``mpfr(dps)``, the high-precision rungs of the default ladder: correctly rounded operations,
about 10× cheaper per element than mpmath) or ``mpmath.mpf`` (``mp(dps)``, kept as an independent
second implementation).  Both have exponent ranges far beyond what a run reaches (MPFR: ±2^30
bits), so no overflow or underflow.  Nothing here is certified: a backend's numbers carry rounding
errors of relative size u per operation, which :mod:`gdperceptron.scaling.precision` guards
against by re-running at a finer backend.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Callable

import gmpy2
import mpmath
import numpy as np
import sympy as sp

from ..numbers import to_mpf


@dataclass(frozen=True)
class Backend:
    """One working precision: ``name`` (recorded per run), numpy dtype, unit roundoff; ``library``
    is "numpy", "mpfr" or "mpmath" (the last two: object arrays at ``dps`` decimal digits)."""

    name: str
    dtype: object
    unit_roundoff: float
    dps: int | None = None
    library: str = "numpy"

    def asarray(self, values) -> np.ndarray:
        """Exact or float values → an array of this backend's numbers (rounded once, to nearest, at
        this backend's precision: the conversions run inside :meth:`context`, entered once)."""
        with self.context():
            flat = [_convert(v, self) for v in np.ravel(np.asarray(values, dtype=object))]
        return np.array(flat, dtype=self.dtype).reshape(np.shape(values))

    def scalar(self, value):
        with self.context():
            return _convert(value, self)

    @property
    def bits(self) -> int:
        """Binary precision of an MPFR backend: enough for ``dps`` decimal digits plus 4 bits."""
        return math.ceil(self.dps * math.log2(10)) + 4

    @property
    def tanh(self) -> Callable:
        return {"mpfr": _MPFR_TANH, "mpmath": _MP_TANH}.get(self.library, np.tanh)

    def context(self):
        """The precision context of this backend (a no-op context for numpy dtypes)."""
        if self.library == "mpfr":
            return gmpy2.context(gmpy2.get_context(), precision=self.bits)
        return mpmath.workdps(self.dps) if self.library == "mpmath" else nullcontext()


_MP_TANH = np.frompyfunc(mpmath.tanh, 1, 1)
_MPFR_TANH = np.frompyfunc(gmpy2.tanh, 1, 1)


def _convert(value, backend: Backend):
    """One value in ``backend``'s numbers; call inside ``backend.context()`` (as asarray/scalar do)."""
    if backend.library == "mpfr":  # rationals rounded once, correctly, at the context's precision
        if isinstance(value, (sp.Rational, sp.Integer)):
            return gmpy2.mpfr(gmpy2.mpq(int(value.p), int(value.q)))
        if isinstance(value, sp.Basic):
            return gmpy2.mpfr(str(sp.N(value, backend.dps + 10)))
        return gmpy2.mpfr(value)  # Python float / int: exact at ≥ 53 bits
    if backend.library == "mpmath":  # rationals rounded once, correctly, as everywhere (to_mpf)
        return to_mpf(value) if isinstance(value, sp.Basic) else mpmath.mpf(value)  # float / int: exact
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
    """mpmath numbers at ``dps`` digits (an implementation independent of MPFR)."""
    return Backend(f"mpmath(dps={dps})", object, 10.0 ** (-dps), dps=dps, library="mpmath")


def mpfr(dps: int) -> Backend:
    """MPFR numbers (gmpy2) with at least ``dps`` decimal digits (see :attr:`Backend.bits`)."""
    return Backend(f"mpfr(dps={dps})", object, 10.0 ** (-dps), dps=dps, library="mpfr")


def ladder(mp_digits=(30, 60, 120)) -> list[Backend]:
    """The default escalation ladder: float64, extended (if available), MPFR at ``mp_digits``."""
    rungs = [FLOAT64]
    ext = extended()
    if ext is not None:
        rungs.append(ext)
    return rungs + [mpfr(p) for p in mp_digits]
