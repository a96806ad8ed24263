"""What a scaling study runs: model specifications, step-size rules and the random initialization.

Model specification strings (the command line's ``--model``)::

    linear                                   g(b; v) = bᵀv, v_0 = 0           [spec perceptron.md §1]
    two-layer:width=8,act=leaky_relu(1/10)   g(b; W, a) = Σ_j a_j φ(w_jᵀ b)
        options: width=m (default 8), act=identity|relu|leaky_relu(α) (default leaky_relu(1/10)),
                 init=σ0 (default 1/100), train=both|first (default both), gamma=<rule>

Small random initialization (two-layer nets): W_jk ~ N(0, σ0²/d), a_j ~ N(0, σ0²/m), drawn in
float64 from ``numpy.random.default_rng([seed, d, m])``.  The drawn float64 numbers *are* the
instance: every precision of :mod:`~gdperceptron.scaling.precision` starts from these exact binary
values, so runs at different precisions differ only by rounding.  Linear models start at v_0 = 0.

Step-size rules: an expression in d such as ``d``, ``d/10``, ``10`` or ``sqrt(d)``, evaluated
exactly (SymPy) for each d; it must be > 0.  GD uses the mean logistic loss, θ ← θ − γ ∇f with
f = (1/n) Σ_i ln(1 + e^{−m_i}), so γ = d means a per-sample step of 1 on the chain (n = d).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from .. import activations as act
from .. import models
from ..errors import InputError

D = sp.Symbol("d", positive=True, integer=True)
_GAMMA_TEXT = re.compile(r"^[0-9d.+\-*/() ]*(?:(?:sqrt|log)\([0-9d.+\-*/() ]*\)[0-9d.+\-*/() ]*)*$")


@dataclass(frozen=True)
class GammaRule:
    """γ as an exact function of d, e.g. ``GammaRule("d/10")``."""

    text: str
    expr: sp.Expr = field(compare=False, repr=False, default=None)

    def __post_init__(self):
        text = str(self.text).strip()
        if not text or not _GAMMA_TEXT.match(text):
            raise InputError(f"step size rule {self.text!r}: use a number or an expression in d such as d/10")
        try:
            expr = sp.sympify(text.replace("^", "**"), locals={"d": D, "sqrt": sp.sqrt, "log": sp.log})
        except (sp.SympifyError, SyntaxError, TypeError):
            raise InputError(f"step size rule {self.text!r} is not a valid expression in d") from None
        if not isinstance(expr, sp.Expr) or expr.free_symbols - {D}:
            raise InputError(f"step size rule {self.text!r} may only use the symbol d")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "expr", expr)

    def at(self, d: int) -> sp.Expr:
        value = sp.nsimplify(self.expr.subs(D, d)) if self.expr.has(sp.Float) else self.expr.subs(D, d)
        if not (value.is_real and value.is_finite and value.is_positive):
            raise InputError(f"step size rule {self.text!r} gives γ = {value} ≤ 0 (or not finite) at d = {d}")
        return value


@dataclass(frozen=True)
class ModelSpec:
    """A model family indexed by d (see the module docstring for the string form)."""

    kind: str  # "linear" or "two-layer"
    width: int = 1
    activation: str = "identity"
    init_scale: sp.Rational = sp.Integer(0)
    train: str = "first"
    gamma: GammaRule | None = None

    @property
    def label(self) -> str:
        if self.kind == "linear":
            base = "linear"
        else:
            base = f"two-layer(width={self.width}, {self.activation}, init={self.init_scale}, train={self.train})"
        return base + (f" γ={self.gamma.text}" if self.gamma else "")

    @property
    def slope(self):
        """α of φ(z) = max(αz, z) as an exact number (identity: 1, relu: 0)."""
        return act.resolve(self.activation).slope

    @property
    def outer_trained(self) -> bool:
        return self.kind == "two-layer" and self.train == "both"

    def model(self, d: int) -> models.Model:
        """The gdperceptron model this spec denotes at dimension d (for cross-checks and symbolic work)."""
        if self.kind == "linear":
            return models.Linear(d)
        return models.TwoLayer(d, self.width, activation=self.activation, train=self.train)

    def init(self, d: int, seed: int) -> np.ndarray:
        """θ_0 in the layout of :meth:`model` — (vec_row(W), a) — as float64 numbers (exact binary values)."""
        if self.kind == "linear":
            return np.zeros(d)
        rng = np.random.default_rng([int(seed), int(d), int(self.width)])
        sigma = float(self.init_scale)
        W = rng.standard_normal((self.width, d)) * (sigma / np.sqrt(d))
        a = rng.standard_normal(self.width) * (sigma / np.sqrt(self.width))
        return np.concatenate([W.ravel(), a]) if self.train == "both" else W.ravel()

    def fixed_outer(self) -> list[int]:
        """Outer weights when they are not trained: gdperceptron's default (+1, −1, +1, …); linear: [1]."""
        return [1] if self.kind == "linear" else [(-1) ** j for j in range(self.width)]


def parse_model(text: str) -> ModelSpec:
    """Parse ``linear`` or ``two-layer:key=value,...`` (see the module docstring)."""
    if isinstance(text, ModelSpec):
        return text
    text = str(text).strip()
    head, _, rest = text.partition(":")
    head = head.strip().lower()
    options = _options(rest, text)
    gamma = GammaRule(options.pop("gamma")) if "gamma" in options else None
    if head == "linear":
        if options:
            raise InputError(f"model {text!r}: linear takes no options except gamma (got {', '.join(options)})")
        return ModelSpec("linear", gamma=gamma)
    if head not in ("two-layer", "twolayer", "two_layer"):
        raise InputError(f"unknown model {text!r} (linear or two-layer:width=...,act=...)")
    unknown = set(options) - {"width", "act", "activation", "init", "train"}
    if unknown:
        raise InputError(f"model {text!r}: unknown option(s) {', '.join(sorted(unknown))}")
    width = options.get("width", "8")
    if not width.isdigit() or int(width) < 1:
        raise InputError(f"model {text!r}: width must be a positive integer, got {width!r}")
    activation = act.resolve(options.get("act", options.get("activation", "leaky_relu(1/10)")))
    if activation.slope is None:
        raise InputError(f"model {text!r}: the fast engine supports identity, relu and leaky_relu(α), "
                         f"not {activation.name}")
    init = options.get("init", "1/100")
    try:
        init_scale = sp.Rational(init)
    except (TypeError, ValueError):
        raise InputError(f"model {text!r}: init scale {init!r} is not a number") from None
    if init_scale < 0:
        raise InputError(f"model {text!r}: init scale must be ≥ 0, got {init}")
    train = options.get("train", "both")
    if train not in ("both", "first"):
        raise InputError(f"model {text!r}: train must be both or first, got {train!r}")
    return ModelSpec("two-layer", int(width), activation.name, init_scale, train, gamma)


def _options(rest: str, text: str) -> dict[str, str]:
    parts, depth, current = [], 0, ""
    for ch in rest:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    options = {}
    for part in filter(None, (p.strip() for p in parts)):
        key, eq, value = part.partition("=")
        if not eq or not value.strip():
            raise InputError(f"model {text!r}: option {part!r} is not of the form key=value")
        options[key.strip().lower()] = value.strip()
    return options
