"""The arithmetics a GD or perceptron run can be computed in, behind one small interface.

The iteration (:mod:`.iterate`) is written once; an arithmetic supplies the numbers:

* :class:`Ball` — certified (the default for every decision).  Every number is an Arb ball
  (python-flint ``flint.arb``) at ``prec`` bits: a midpoint and a radius with the guarantee that the
  exact value of the same computation on the exact data lies in the ball.  The data, the step size
  and the initialization enter as exact rationals (an irrational entry, e.g. √2, as Arb's own
  enclosure of it); matrix products are ``flint.arb_mat`` products, which are rigorous; σ and the
  losses are Arb's exp/log1p on balls.  Hence the balls after t steps enclose the *true* θ_t — a
  global enclosure, not a per-step error estimate.  A comparison decides only when it holds for
  every point of the ball: ``sign`` answers None ("undecided") for a ball containing 0 unless the
  ball is the exact point 0 (radius 0).  So a margin that is 0 only because a weight was rounded is
  never taken for an exact zero: σ(0 ± r) is a ball of positive radius.
* :class:`Exact` — exact rationals (gmpy2 ``mpq``): the perceptron on rational data, and any GD run
  whose every weight is rational (GD's logistic weight σ(−m) is rational only at m = 0; any other
  weight raises :class:`NotRational`).
* :class:`Float` — plain floating point for exploration: mpmath numbers at ``dps`` digits, or numpy
  ``float64`` (``dps=None``).  Nothing is certified: ``certified`` is False and a run in it says so
  (``Trajectory.separation_certain`` is False).

Piecewise-linear activations φ(z) = z (z > 0), αz (z ≤ 0) need the branch of each pre-activation z.
A ball straddling 0 gets the hull of both branches: φ(z) ⊆ z ∪ αz and φ'(z) ∈ {α, 1} ⊆ [α, 1], which
still encloses the true value whichever branch the exact z takes — the enclosure stays rigorous and
only widens; a margin decision that it leaves undecided triggers a rerun at higher precision.
"""

from __future__ import annotations

import math

import numpy as np

from ..errors import InputError


class NotRational(InputError):
    """An exact run met a quantity that is not rational (e.g. σ(−m) for a rational m ≠ 0)."""


def _objects(values) -> np.ndarray:
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


class Arithmetic:
    """Interface (see the module docstring).  Arrays are numpy arrays: dtype object for Ball, Exact and
    mpmath Float, float64 for the numpy Float."""

    name = "arithmetic"
    certified = False  # every decision is a proof about the exact trajectory
    exact = False

    def context(self):
        """The precision context a run enters once (flint's or mpmath's; none for exact and float64)."""
        import contextlib

        return contextlib.nullcontext()

    def scalar(self, value):
        """An exact number (SymPy, int, Fraction) in this arithmetic."""
        raise NotImplementedError

    def array(self, values, shape=None) -> np.ndarray:
        arr = _objects([self.scalar(v) for v in np.ravel(np.asarray(values, dtype=object))])
        return arr.reshape(shape if shape is not None else np.shape(values))

    def data_matrix(self, rows):
        """The matrix with these rows of exact numbers, prepared for repeated products with :meth:`times`."""
        return self.array(rows, (len(rows), len(rows[0])))

    def times(self, prepared, B: np.ndarray) -> np.ndarray:
        """prepared · B for a 2-d array B."""
        return np.dot(prepared, B)

    def sign(self, x) -> int | None:
        """+1, −1 or 0 when the sign of the exact value is decided, None when it is not."""
        return int(x > 0) - int(x < 0)

    def signs(self, values) -> list:
        return [self.sign(v) for v in values]

    def piecewise(self, Z, alpha):
        """(φ(Z), φ'(Z)) elementwise for φ(z) = z (z > 0), αz (z ≤ 0), φ'(0) := α; a ball whose sign is
        undecided gets the hull of both branches.  Returns (H, D, first undecided index or None)."""
        one = self.scalar(1)
        H = np.empty(Z.shape, dtype=Z.dtype)
        D = np.empty(Z.shape, dtype=Z.dtype)
        open_at = None
        for idx, z in np.ndenumerate(Z):
            s = self.sign(z)
            if s is None:
                open_at = open_at or idx
                H[idx], D[idx] = self.hull(z, alpha * z), self.hull(one, alpha)
            elif s > 0:
                H[idx], D[idx] = z, one
            else:
                H[idx], D[idx] = alpha * z, alpha
        return H, D, open_at

    def finite(self, values) -> bool:
        """False when a float overflowed (inf/NaN); arbitrary-precision numbers do not overflow."""
        return True

    def min_abs(self, values):
        """min_i |values_i| (midpoints) as an mpmath number at the current mpmath precision."""
        return self.to_mpf(min((abs(v) for v in values), key=abs))

    def hull(self, a, b):
        """A number containing both a and b (used only by certified arithmetics)."""
        raise NotImplementedError

    def exp(self, x):
        raise NotImplementedError

    def log1p(self, x):
        raise NotImplementedError

    def to_mpf(self, x):
        """The value (a ball's midpoint) as an mpmath number at the current mpmath precision."""
        import mpmath

        return mpmath.mpf(x)

    def radius(self, x) -> float:
        """An upper bound on |x − exact value| (0 for non-certified arithmetics: unknown, not zero)."""
        return 0.0

    def describe(self) -> str:
        return self.name


class Ball(Arithmetic):
    """Arb balls at ``prec`` bits (see the module docstring)."""

    certified = True

    def __init__(self, prec: int):
        import flint

        self.flint, self.prec = flint, int(prec)
        self.name = f"ball({self.prec} bits)"

    def context(self):
        return _ArbPrecision(self.flint, self.prec)

    def scalar(self, value):
        return to_arb(value, self.flint)

    def data_matrix(self, rows):
        """Rational data through fmpq_mat (each entry exact when its binary expansion fits ``prec``); sparse
        data (under 10% non-zeros, e.g. the chain families) as rows of (columns, balls)."""
        import sympy as sp

        flint = self.flint
        n, d = len(rows), len(rows[0])
        nonzero = [[k for k, v in enumerate(row) if v] for row in rows]
        if n * d > 10_000 and sum(map(len, nonzero)) < n * d // 10:
            return [(np.array(cols, dtype=int), self.array([rows[i][k] for k in cols]))
                    for i, cols in enumerate(nonzero)]
        flat = [v for row in rows for v in row]
        if all(isinstance(v, sp.Rational) for v in flat):
            return flint.arb_mat(flint.fmpq_mat(n, d, [flint.fmpq(int(v.p), int(v.q)) for v in flat]))
        return flint.arb_mat(n, d, [self.scalar(v) for v in flat])

    def times(self, prepared, B):
        """prepared · B: an arb_mat product, or row by row over the non-zeros (each Arb operation rigorous)."""
        k, m = B.shape
        if isinstance(prepared, list):
            zero = self.flint.arb(0)
            return np.array([(vals[:, None] * B[cols]).sum(axis=0) if len(cols) else np.full(m, zero, dtype=object)
                             for cols, vals in prepared], dtype=object).reshape(len(prepared), m)
        P = prepared * self.flint.arb_mat(k, m, list(B.ravel()))
        return np.array(P.entries(), dtype=object).reshape(prepared.nrows(), m)

    def sign(self, x):
        if x > 0:
            return 1
        if x < 0:
            return -1
        if x.is_zero() and x.is_exact():
            return 0
        return None

    def hull(self, a, b):
        return self.flint.arb(a).union(b)

    def exp(self, x):
        return x.exp()

    def log1p(self, x):
        return x.log1p()

    def radius(self, x) -> float:
        return float(x.rad())

    def min_abs(self, values):
        return self.to_mpf(min((abs(v.mid()) for v in values)))  # exact points: exact comparisons

    def describe(self) -> str:
        return self.name


class _ArbPrecision:
    """Sets flint's working precision for the duration of a run and restores the caller's."""

    def __init__(self, flint, prec):
        self.flint, self.prec = flint, prec

    def __enter__(self):
        self.saved = self.flint.ctx.prec
        self.flint.ctx.prec = self.prec

    def __exit__(self, *exc):
        self.flint.ctx.prec = self.saved


def to_arb(value, flint=None):
    """An Arb ball enclosing the exact number ``value`` (SymPy number, int, Fraction, float, mpq) at
    flint's current precision: rationals as ``fmpq`` (exact when the binary expansion fits), SymPy
    irrationals evaluated by Arb from their expression tree (+, ·, powers, √, exp, log, sin, cos, π, e)."""
    if flint is None:
        import flint
    import sympy as sp

    from ..numbers import to_exact

    if isinstance(value, flint.arb):
        return value
    if isinstance(value, sp.Rational):
        return flint.arb(flint.fmpq(int(value.p), int(value.q)))
    if isinstance(value, int):
        return flint.arb(value)
    if hasattr(value, "numerator") and not isinstance(value, sp.Basic) and not isinstance(value, float):
        return flint.arb(flint.fmpq(int(value.numerator), int(value.denominator)))
    expr = value if isinstance(value, sp.Basic) else to_exact(value)
    if expr is sp.pi:
        return flint.arb.pi()
    if expr is sp.E:
        return flint.arb(1).exp()
    if expr.is_Rational:
        return to_arb(expr, flint)
    return evaluate(expr, {}, Ball(flint.ctx.prec))


def evaluate(expr, env, ar, straddles=None, where=""):
    """A SymPy expression evaluated in arithmetic ``ar``, ``env`` mapping symbols to numbers: +, ·, integer
    and (balls) rational powers, exp, and (balls, mpmath) the other elementary functions by name.  ReLU,
    LeakyReLU and Heaviside(z, h0) branch on ``ar.sign(z)``; an undecided sign gives the hull of the
    branches and is noted in ``straddles`` (a list)."""
    import sympy as sp

    from .. import activations as act

    if expr in env:
        return env[expr]
    if expr.is_Number or expr in (sp.pi, sp.E):
        return ar.scalar(expr)
    args = [evaluate(a, env, ar, straddles, where) for a in expr.args]
    if expr.is_Add:
        return sum(args[1:], args[0])
    if expr.is_Mul:
        out = args[0]
        for v in args[1:]:
            out = out * v
        return out
    if expr.is_Pow and expr.args[1].is_Integer:
        return args[0] ** int(expr.args[1])
    if expr.is_Pow and expr.args[1].is_Rational and isinstance(ar, Ball):
        return args[0].root(int(expr.args[1].q)) ** int(expr.args[1].p)
    if isinstance(expr, (act.ReLU, act.LeakyReLU, sp.Heaviside)):
        z = args[0]
        low = args[1] * z if expr.func is act.LeakyReLU else 0 * z
        high = ar.scalar(1) if expr.func is sp.Heaviside else z
        if expr.func is sp.Heaviside:
            low = ar.scalar(0)
        at_zero = args[1] if expr.func is sp.Heaviside and len(args) > 1 else low
        s = ar.sign(z)
        if s is None:
            if straddles is not None and not straddles:
                straddles.append(f"{where}the argument of {expr.func.__name__} in the model")
            return ar.hull(ar.hull(low, high), at_zero)
        return high if s > 0 else (low if s < 0 else at_zero)
    if expr.func is sp.exp:
        return ar.exp(args[0])
    name = expr.func.__name__.lower()
    if isinstance(ar, Ball) and len(args) == 1 and hasattr(args[0], name):
        return getattr(args[0], name)()
    if isinstance(ar, Float) and ar.dps is not None:
        import mpmath

        if hasattr(mpmath, name):
            return getattr(mpmath, name)(*args)
    raise InputError(f"cannot evaluate {expr.func.__name__} in {ar.describe()} arithmetic")


class Exact(Arithmetic):
    """Exact rationals (gmpy2 ``mpq``)."""

    name = "exact"
    certified = True
    exact = True

    def __init__(self):
        import gmpy2

        self.mpq = gmpy2.mpq

    def scalar(self, value):
        import sympy as sp

        from ..numbers import to_exact

        if isinstance(value, int) or type(value).__name__ == "mpq":
            return self.mpq(value)
        if hasattr(value, "numerator") and not isinstance(value, (sp.Basic, float)):
            return self.mpq(int(value.numerator), int(value.denominator))
        exact = value if isinstance(value, sp.Basic) else to_exact(value)
        if not exact.is_Rational:
            raise NotRational(f"{exact} is not rational: exact arithmetic needs rational data, step size and "
                              f"initialization (use arithmetic='ball')")
        return self.mpq(int(exact.p), int(exact.q))

    def hull(self, a, b):  # never needed: exact signs are always decided
        raise AssertionError("exact arithmetic decides every sign")

    def exp(self, x):
        if x == 0:
            return self.mpq(1)
        raise NotRational(f"e^{x} is not rational: exact arithmetic cannot take this step (use arithmetic='ball')")

    def log1p(self, x):
        if x == 0:
            return self.mpq(0)
        raise NotRational(f"ln(1 + {x}) is not rational (use arithmetic='ball')")

    def to_mpf(self, x):
        from ..numbers import _rational

        return _rational(int(x.numerator), int(x.denominator))


class Float(Arithmetic):
    """Exploratory floating point: mpmath at ``dps`` digits, or numpy float64 when ``dps`` is None."""

    def __init__(self, dps: int | None):
        self.dps = dps
        self.name = "float64" if dps is None else f"float(mpmath, {dps} digits)"

    def context(self):
        import mpmath

        return super().context() if self.dps is None else mpmath.workdps(self.dps)

    def scalar(self, value):
        if self.dps is None:
            return float(to_float(value))
        from ..numbers import to_mpf

        return to_mpf(value)

    def array(self, values, shape=None):
        if self.dps is None:
            arr = np.array([self.scalar(v) for v in np.ravel(np.asarray(values, dtype=object))], dtype=float)
            return arr.reshape(shape if shape is not None else np.shape(values))
        return super().array(values, shape)

    def exp(self, x):
        if self.dps is None:
            return math.exp(x) if x < 700 else math.inf
        import mpmath

        return mpmath.exp(x)

    def log1p(self, x):
        if self.dps is None:
            return math.log1p(x)
        import mpmath

        return mpmath.log1p(x)

    # float64: whole arrays at once
    def data_matrix(self, rows):
        """Sparse data (under 10% non-zeros, e.g. the chain families) as a SciPy CSR matrix: O(nnz) products."""
        if self.dps is not None:
            return super().data_matrix(rows)
        A = np.array([[to_float(v) if v else 0.0 for v in row] for row in rows], dtype=float)
        if A.size > 10_000 and np.count_nonzero(A) < A.size // 10:
            from scipy.sparse import csr_matrix

            return csr_matrix(A)
        return A

    def times(self, prepared, B):
        return prepared @ B if self.dps is None else super().times(prepared, B)

    def finite(self, values) -> bool:
        return self.dps is not None or bool(np.all(np.isfinite(values)))

    def signs(self, values):
        return np.sign(values).astype(int).tolist() if self.dps is None else super().signs(values)

    def piecewise(self, Z, alpha):
        if self.dps is not None:
            return super().piecewise(Z, alpha)
        D = np.where(Z > 0, 1.0, alpha)
        return Z * D, D, None

    def min_abs(self, values):
        import mpmath

        return mpmath.mpf(float(np.min(np.abs(values)))) if self.dps is None else super().min_abs(values)


def to_float(value) -> float:
    """An exact number rounded to float64 (rationals once, correctly rounded)."""
    import sympy as sp

    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, sp.Rational):
        return int(value.p) / int(value.q)
    if isinstance(value, sp.Basic):
        return float(sp.N(value, 20))
    return float(value)


def for_run(arithmetic: str, dps: int):
    """The arithmetic named by a run's ``arithmetic=`` argument at the start precision ``dps``."""
    if arithmetic == "ball":
        return Ball(bits_for(dps))
    if arithmetic == "exact":
        return Exact()
    if arithmetic == "float":
        return Float(dps)
    if arithmetic == "float64":
        return Float(None)
    raise InputError(f"arithmetic must be one of ball, exact, float, float64; got {arithmetic!r}")


GUARD_BITS = 16


def bits_for(dps: int) -> int:
    """Working precision in bits for ``dps`` decimal digits, plus :data:`GUARD_BITS`."""
    return math.ceil(dps * math.log2(10)) + GUARD_BITS
