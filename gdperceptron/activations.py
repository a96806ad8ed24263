"""Activations as SymPy functions that know their own homogeneity, with mpmath evaluators.

ReLU(z) = max(0, z) and LeakyReLU(z, α) = max(αz, z) (0 ≤ α < 1) pull positive factors out of
their argument on construction (ReLU(c·z) = c·ReLU(z) for c > 0), so substituting θ → cθ in a
model makes its degree of homogeneity visible to ``expand``.  Derivative convention: ReLU'(0) := 0,
LeakyReLU'(0) := α (the subgradient a framework's autodiff returns), i.e. the derivative uses
Heaviside(z, 0).
"""

from __future__ import annotations

import mpmath
import sympy as sp


def _split_positive(z: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Write z = c·r with c a product of factors SymPy knows to be positive."""
    z = sp.factor_terms(z)
    if not z.is_Mul:
        return sp.Integer(1), z
    positive = [f for f in z.args if f.is_positive]
    rest = [f for f in z.args if not f.is_positive]
    return sp.Mul(*positive), sp.Mul(*rest)


class ReLU(sp.Function):
    """max(0, z); positively homogeneous of degree 1."""

    @classmethod
    def eval(cls, z):
        if z.is_number and z.is_real:
            return sp.Max(0, z)
        c, rest = _split_positive(z)
        if c != 1:
            return c * cls(rest)
        return None

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0], 0)

    def _latex(self, printer):
        return r"\operatorname{ReLU}\left(%s\right)" % printer._print(self.args[0])


class LeakyReLU(sp.Function):
    """max(αz, z) for 0 ≤ α < 1; positively homogeneous of degree 1."""

    @classmethod
    def eval(cls, z, alpha):
        if z.is_number and z.is_real and alpha.is_number:
            return sp.Max(alpha * z, z)
        c, rest = _split_positive(z)
        if c != 1:
            return c * cls(rest, alpha)
        return None

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sp.ArgumentIndexError(self, argindex)
        z, alpha = self.args
        return alpha + (1 - alpha) * sp.Heaviside(z, 0)

    def _latex(self, printer):
        z, alpha = self.args
        return r"\operatorname{LReLU}_{%s}\left(%s\right)" % (printer._print(alpha), printer._print(z))


def _heaviside(z, h0=0):
    return mpmath.mpf(1) if z > 0 else (mpmath.mpf(0) if z < 0 else mpmath.mpf(h0))


MPMATH_FUNCTIONS = {
    "ReLU": lambda z: z if z > 0 else mpmath.mpf(0),
    "LeakyReLU": lambda z, a: z if z > 0 else a * z,
    "Heaviside": _heaviside,
}
"""Names lambdify needs to evaluate model expressions with mpmath."""


class Activation:
    """An activation φ: its SymPy form, its value and derivative at mpmath precision, its degree, and
    ``slope`` — the exact α with φ(z) = z for z > 0 and αz for z ≤ 0 (identity 1, ReLU 0, leaky α),
    or None when φ is not of that piecewise-linear form."""

    def __init__(self, name: str, sympy_fn, value, derivative, degree: int, slope=None):
        self.name, self.sympy_fn, self.value, self.derivative, self.degree = name, sympy_fn, value, derivative, degree
        self.slope = slope

    def __repr__(self) -> str:
        return f"Activation({self.name})"


identity = Activation("identity", lambda z: z, lambda z: z, lambda z: mpmath.mpf(1), 1, slope=sp.Integer(1))
relu = Activation("relu", ReLU, MPMATH_FUNCTIONS["ReLU"], lambda z: _heaviside(z), 1, slope=sp.Integer(0))
quadratic = Activation("quadratic", lambda z: z**2, lambda z: z * z, lambda z: 2 * z, 2)


def leaky_relu(alpha) -> Activation:
    """Leaky ReLU with slope α ∈ [0, 1) on the negative half-line."""
    from .errors import InputError
    from .numbers import to_exact, to_mpf

    a = to_exact(alpha, "leaky_relu alpha")
    if not (0 <= a < 1):
        raise InputError(f"leaky_relu alpha must lie in [0, 1), got {alpha!r}")
    return Activation(
        f"leaky_relu({a})",
        lambda z: LeakyReLU(z, a),
        lambda z: z if z > 0 else to_mpf(a) * z,
        lambda z: mpmath.mpf(1) if z > 0 else to_mpf(a),
        1,
        slope=a,
    )


BY_NAME = {"identity": identity, "linear": identity, "relu": relu, "quadratic": quadratic}


def resolve(activation) -> Activation:
    """Accept an :class:`Activation` or one of the names identity, relu, quadratic, leaky_relu[(α)]."""
    from .errors import InputError

    if isinstance(activation, Activation):
        return activation
    if isinstance(activation, str):
        name = activation.strip().lower()
        if name in BY_NAME:
            return BY_NAME[name]
        rest = name[len("leaky_relu"):].strip() if name.startswith("leaky_relu") else None
        if rest == "":
            return leaky_relu("1/100")
        if rest and rest.startswith("(") and rest.endswith(")") and rest.count("(") == rest.count(")") == 1 \
                and rest[1:-1].strip():
            return leaky_relu(rest[1:-1].strip())
    raise InputError(f"unknown activation {activation!r} (identity, relu, leaky_relu(alpha), quadratic)")
