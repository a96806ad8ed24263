"""Models g(b; θ) ∈ ℝ: their SymPy expression, parameter layout, numeric output and gradient.

Every model has an exact SymPy output expression ``expr`` in parameter symbols ``params`` and input
symbols ``inputs``; numeric evaluation (``output``, ``grad``) runs at the current mpmath precision
on lists of ``mpf``.  Built-ins hand-code output and gradient for speed (the test suite checks them
against the SymPy derivative); :class:`Custom` differentiates the user's expression.

Homogeneity [docs/mathematics/reduction.md §1]: g(b; cθ) = c^p g(b; θ) for c > 0.  :attr:`Model.degree`
detects p symbolically by substituting θ → cθ with c a positive symbol (None: not homogeneous).
Linear and fixed-outer-layer ReLU / leaky nets have p = 1; two-layer nets with both layers trained
and a 1-homogeneous activation have p = 2.
"""

from __future__ import annotations

from functools import cached_property

import mpmath
import sympy as sp

from . import activations as act
from .errors import InputError
from .numbers import EXACT_PYTHON, check_int, to_exact, to_mpf

MAX_DEGREE_TRIED = 8


class Model:
    """Base class.  Subclasses set ``params``, ``inputs``, ``expr`` and ``layout``."""

    name = "model"
    params: tuple[sp.Symbol, ...]
    inputs: tuple[sp.Symbol, ...]
    expr: sp.Expr
    layout: dict[str, tuple[int, ...]]

    @property
    def d(self) -> int:
        return len(self.inputs)

    @property
    def n_params(self) -> int:
        return len(self.params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name})"

    # -- symbolic -------------------------------------------------------------------------
    def output_expr(self, b=None) -> sp.Expr:
        """g(b; θ) as a SymPy expression, with the inputs replaced by ``b`` when given."""
        if b is None:
            return self.expr
        return self.expr.subs(dict(zip(self.inputs, b)), simultaneous=True)

    def grad_expr(self, b=None) -> sp.Matrix:
        """∇_θ g(b; θ) as a SymPy column vector."""
        g = self.output_expr(b)
        return sp.Matrix([sp.diff(g, p) for p in self.params])

    @cached_property
    def degree(self) -> int | None:
        """The homogeneity degree p in θ, or None when g is not positively homogeneous."""
        c = sp.Symbol("c_scale", positive=True)
        scaled = self.expr.subs({p: c * p for p in self.params}, simultaneous=True)
        for p in range(MAX_DEGREE_TRIED + 1):
            if sp.expand(scaled - c**p * self.expr) == 0:
                return p
        return None

    def latex(self) -> str:
        return sp.latex(self.expr)

    # -- numeric --------------------------------------------------------------------------
    def output(self, theta, b) -> mpmath.mpf:
        return self._numeric_output(*theta, *b)

    def grad(self, theta, b) -> list[mpmath.mpf]:
        return list(self._numeric_grad(*theta, *b))

    @cached_property
    def _numeric_output(self):
        return sp.lambdify(self.params + self.inputs, self.expr, modules=[act.MPMATH_FUNCTIONS, "mpmath"])

    @cached_property
    def _numeric_grad(self):
        return sp.lambdify(self.params + self.inputs, list(self.grad_expr()),
                           modules=[act.MPMATH_FUNCTIONS, "mpmath"])

    def term_scale(self, theta, b) -> mpmath.mpf:
        """The size of the terms that make up g(b; θ): a margin much smaller than this is cancellation.

        Default: |g(|b|; |θ|)|, which bounds every summed term when g is a polynomial in θ and b with
        positive coefficients; models with fixed signed constants override it.  For a user's model
        this is a heuristic.
        """
        return abs(self.output([abs(v) for v in theta], [abs(v) for v in b]))

    def unflatten(self, theta) -> dict[str, list]:
        """Split a flat parameter vector into the named blocks of ``layout`` (row-major)."""
        blocks, k = {}, 0
        for name, shape in self.layout.items():
            size = 1
            for s in shape:
                size *= s
            flat = list(theta[k:k + size])
            blocks[name] = [flat[r * shape[1]:(r + 1) * shape[1]] for r in range(shape[0])] if len(shape) == 2 else flat
            k += size
        return blocks

    def zeros(self) -> list[mpmath.mpf]:
        return [mpmath.mpf(0)] * self.n_params

    def coerce_params(self, theta, what="init") -> list[mpmath.mpf]:
        """Validate and convert a user parameter vector (any accepted number type) to mpf."""
        if theta is None:
            return self.zeros()
        theta = list(theta.tolist() if hasattr(theta, "tolist") else theta)
        if len(theta) != self.n_params:
            raise InputError(f"{what}: expected {self.n_params} parameters for {self!r}, got {len(theta)}")
        return [to_mpf(v if isinstance(v, mpmath.mpf) or type(v) in EXACT_PYTHON else to_exact(v, f"{what}[{k}]"))
                for k, v in enumerate(theta)]


def _input_symbols(d):
    return tuple(sp.symbols(f"b1:{d + 1}", real=True))


class Linear(Model):
    """g(b; v) = bᵀv, θ = v ∈ ℝ^d; homogeneous of degree 1."""

    def __init__(self, d: int):
        d = check_int(d, "d")
        self.name = f"linear(d={d})"
        self.params = tuple(sp.symbols(f"v1:{d + 1}", real=True))
        self.inputs = _input_symbols(d)
        self.expr = sum(v * b for v, b in zip(self.params, self.inputs))
        self.layout = {"v": (d,)}

    def output(self, theta, b):
        return mpmath.fdot(theta, b)

    def grad(self, theta, b):
        return list(b)


class TwoLayer(Model):
    """g(b; W, a) = Σ_j a_j φ(w_jᵀb), width m; θ = (vec_row(W), a) when ``train="both"``.

    With ``train="first"`` the outer weights are fixed to ``outer`` (default a_j = (−1)^j, i.e.
    +1, −1, +1, …) and θ = vec_row(W).
    """

    def __init__(self, d: int, width: int, activation="relu", train: str = "both", outer=None):
        d, m = check_int(d, "d"), check_int(width, "width")
        if train not in ("both", "first"):
            raise InputError(f"train must be 'both' or 'first', got {train!r}")
        self.activation = act.resolve(activation)
        self.train, self.width = train, m
        self.name = f"two-layer(d={d}, width={m}, {self.activation.name}, train={train})"
        self.W = [list(sp.symbols(f"w{j + 1}_1:{d + 1}", real=True)) for j in range(m)]
        self.inputs = _input_symbols(d)
        if train == "both":
            if outer is not None:
                raise InputError("outer weights are trained when train='both'; pass them in init instead")
            self.a = list(sp.symbols(f"a1:{m + 1}", real=True))
            self._outer_fixed = None
            self.params = tuple(w for row in self.W for w in row) + tuple(self.a)
            self.layout = {"W": (m, d), "a": (m,)}
        else:
            fixed = [(-1) ** j for j in range(m)] if outer is None else list(outer)
            if len(fixed) != m:
                raise InputError(f"outer: expected {m} fixed outer weights, got {len(fixed)}")
            self.a = [to_exact(v, "outer weight") for v in fixed]
            self._outer_fixed = self.a
            self._outer_cache = (None, [])
            self.params = tuple(w for row in self.W for w in row)
            self.layout = {"W": (m, d)}

    @cached_property
    def expr(self) -> sp.Expr:
        """Σ_j a_j φ(w_jᵀb), built on first use (seconds for d in the hundreds: numeric runs never need it)."""
        phi = self.activation.sympy_fn
        return sum(aj * phi(sum(w * b for w, b in zip(row, self.inputs))) for aj, row in zip(self.a, self.W))

    def _split(self, theta):
        d, m = self.d, self.width
        W = [theta[j * d:(j + 1) * d] for j in range(m)]
        return W, (theta[m * d:] if self._outer_fixed is None else self._fixed_outer_mpf())

    def _fixed_outer_mpf(self):
        """The fixed outer weights at the current precision (converted once per precision)."""
        prec = mpmath.mp.prec
        if self._outer_cache[0] != prec:
            self._outer_cache = (prec, [to_mpf(v) for v in self._outer_fixed])
        return self._outer_cache[1]

    def output(self, theta, b):
        W, a = self._split(theta)
        phi = self.activation.value
        return mpmath.fsum(aj * phi(mpmath.fdot(w, b)) for aj, w in zip(a, W))

    def term_scale(self, theta, b):
        """Σ_j |a_j| φ(|w_j|ᵀ|b|): bounds every term, fixed outer weights included (|φ(z)| ≤ φ(|z|) for
        the built-in activations)."""
        W, a = self._split(theta)
        absb = [abs(v) for v in b]
        phi = self.activation.value
        return mpmath.fsum(abs(aj) * phi(mpmath.fdot([abs(v) for v in w], absb)) for aj, w in zip(a, W))

    def grad(self, theta, b):
        W, a = self._split(theta)
        pre = [mpmath.fdot(w, b) for w in W]
        gW = [aj * self.activation.derivative(z) * bk for aj, z in zip(a, pre) for bk in b]
        if self._outer_fixed is not None:
            return gW
        return gW + [self.activation.value(z) for z in pre]


class TwoNeuronReLU(TwoLayer):
    """N(x) = ReLU(w1ᵀx) − ReLU(w2ᵀx), outer weights fixed at +1 and −1, θ = (w1, w2)
    [derived reference model of margin.md §2]."""

    def __init__(self, d: int = 2):
        super().__init__(d, 2, activation="relu", train="first", outer=(1, -1))
        self.name = f"two-neuron-relu(d={self.d})"


class Custom(Model):
    """A user's model from a SymPy expression in parameter and input symbols.

    Example: ``Custom(a * sp.tanh(w * b), params=[w, a], inputs=[b])``.
    """

    def __init__(self, expr, params, inputs, name: str = "custom"):
        if not isinstance(expr, sp.Expr):
            raise InputError("Custom model: expr must be a SymPy expression")
        self.params, self.inputs = tuple(params), tuple(inputs)
        if not self.params or not self.inputs:
            raise InputError("Custom model: params and inputs must be non-empty lists of symbols")
        symbols = set(self.params) | set(self.inputs)
        if len(symbols) != len(self.params) + len(self.inputs) or not all(isinstance(s, sp.Symbol) for s in symbols):
            raise InputError("Custom model: params and inputs must be distinct SymPy symbols")
        unknown = expr.free_symbols - symbols
        if unknown:
            raise InputError(f"Custom model: expression has symbols that are neither params nor inputs: "
                             f"{sorted(map(str, unknown))}")
        self.expr, self.name = expr, name
        self.layout = {"theta": (len(self.params),)}
