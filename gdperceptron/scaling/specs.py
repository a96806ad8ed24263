"""What a scaling study runs: model specifications, step-size rules and the random initialization.

Model specification strings (the command line's ``--model``)::

    linear                                   g(b; v) = bᵀv, v_0 = 0           [docs/mathematics/reduction.md §1]
    two-layer:width=8,act=leaky_relu(1/10)   g(b; W, a) = Σ_j a_j φ(w_jᵀ b)
        options: width=m (default 8), act=identity|relu|leaky_relu(α) (default leaky_relu(1/10)),
                 init=σ0 (default 1/100), train=both|first (default both), gamma=<rule>

Small random initialization (two-layer nets): W_jk ~ N(0, σ0²/d), a_j ~ N(0, σ0²/m), drawn in
float64 from ``numpy.random.default_rng([seed, d, m])``.  The drawn float64 numbers *are* the
instance: every precision of :mod:`~gdperceptron.scaling.precision` starts from these exact binary
values, so runs at different precisions differ only by rounding.  Linear models start at v_0 = 0.

Step-size rules: an expression in d such as ``d``, ``d/10``, ``10`` or ``sqrt(d)``, evaluated
exactly (SymPy) for each d; it must lie in [10^-100, 10^100] (the float64 rungs must hold γ and its
products with room to spare).  Before the exact evaluation, the rule is evaluated approximately,
node by node: a rule in which some intermediate value leaves [10^-1000, 10^1000] or some exact
power would have more than 10^4 digits (``9**9**9``, ``d**d**d``) is rejected, never computed.

GD uses the mean logistic loss, θ ← θ − γ ∇f with
f = (1/n) Σ_i ln(1 + e^{−m_i}), so γ = d means a per-sample step of 1 on the chain (n = d).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

from .. import activations as act
from .. import models
from ..errors import InputError

D = sp.Symbol("d", positive=True, integer=True)
_GAMMA_TEXT = re.compile(r"^[0-9d.+\-*/^() ]*(?:(?:sqrt|log)\([0-9d.+\-*/^() ]*\)[0-9d.+\-*/^() ]*)*$")
MAX_RULE_LENGTH = 200
GAMMA_RANGE = (sp.Rational(1, 10**100), sp.Integer(10) ** 100)
"""Smallest and largest γ a rule may give at any d, and the range of a non-zero init scale."""
MAX_WIDTH = 4096
"""Widest two-layer net a model specification may ask for."""
_LOG10_LIMIT = 1000  # every intermediate value of a rule lies in [10^-1000, 10^1000] (or is 0)
_MAX_DIGITS = 10_000  # every exact intermediate number of a rule has at most this many digits
_MAX_EXPONENT_DIGITS = 12  # an exponent's exact value (numerator and denominator) has at most this many digits


def shown(text, limit: int = 60) -> str:
    """``repr(text)``, shortened to about ``limit`` characters for a one-line message."""
    text = str(text)
    return repr(text if len(text) <= limit else text[:limit] + "…")


@dataclass(frozen=True)
class GammaRule:
    """γ as an exact function of d, e.g. ``GammaRule("d/10")``."""

    text: str
    expr: sp.Expr = field(compare=False, repr=False, default=None)

    def __post_init__(self):
        text = str(self.text).strip()
        if not text or len(text) > MAX_RULE_LENGTH or not _GAMMA_TEXT.match(text):
            raise InputError(f"step size rule {shown(self.text)}: use a number or an expression in d such as d/10 "
                             f"(at most {MAX_RULE_LENGTH} characters)")
        try:  # unevaluated: 9**9**9 is kept as a tree, and at() bounds it before anything is computed
            expr = sp.parse_expr(text.replace("^", "**"), local_dict={"d": D, "sqrt": sp.sqrt, "log": sp.log},
                                 evaluate=False)
        except Exception:  # noqa: BLE001 - the parser raises many kinds (TokenError, SyntaxError, ...)
            raise InputError(f"step size rule {shown(self.text)} is not a valid expression in d") from None
        if not isinstance(expr, sp.Expr) or expr.free_symbols - {D}:
            raise InputError(f"step size rule {shown(self.text)} may only use the symbol d")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "expr", expr)

    def at(self, d: int) -> sp.Expr:
        """γ at dimension d, exactly; InputError unless it lies in :data:`GAMMA_RANGE`."""
        low, high = GAMMA_RANGE
        with mpmath.workdps(30):
            try:
                approx = _approximate(self.expr, int(d))[0]
            except _OutOfRange as exc:
                raise InputError(f"step size rule {shown(self.text)} at d = {d}: {exc}") from None
            if not mpmath.mpf(10) ** -101 < approx < mpmath.mpf(10) ** 101:  # the exact test follows
                raise InputError(f"step size rule {shown(self.text)} gives γ ≈ {mpmath.nstr(approx, 3)} at d = {d}; "
                                 f"γ must lie in [1e-100, 1e100]")
        value = self.expr.xreplace({D: sp.Integer(d)}).doit()  # doit: evaluate the unevaluated tree
        value = sp.nsimplify(value) if value.has(sp.Float) else value
        if not (value.is_real and value.is_finite and bool(low <= value) and bool(value <= high)):
            raise InputError(f"step size rule {shown(self.text)} gives γ = {shown(value)} at d = {d}; "
                             f"γ must lie in [1e-100, 1e100]")
        return value


class _OutOfRange(ValueError):
    """A step size rule whose evaluation would leave the bounds of :meth:`GammaRule.at`."""


def _approximate(node, d: int):
    """(value at 30 digits, digits of the exact value if it is rational else None) of a rule's
    unevaluated tree at ``d``; raises :class:`_OutOfRange` before a value or exact power grows too large."""
    if node == D:
        return mpmath.mpf(d), len(str(d))
    if node.is_Float:
        node = sp.nsimplify(node)  # as GammaRule.at reads it
    if node.is_Rational:
        return mpmath.mpf(node.p) / node.q, len(str(node.p)) + len(str(node.q))
    parts = [_approximate(a, d) for a in node.args]
    digits = None if any(p[1] is None for p in parts) else sum(p[1] for p in parts)
    if isinstance(node, sp.Add):
        value = mpmath.fsum(p[0] for p in parts)
    elif isinstance(node, sp.Mul):
        value = mpmath.fprod(p[0] for p in parts)
    elif isinstance(node, sp.Pow):
        value, digits = _power(*parts)
    elif isinstance(node, sp.log):
        if not parts[0][0] > 0:
            raise _OutOfRange("the logarithm of a number ≤ 0")
        value, digits = mpmath.log(parts[0][0]), None
    else:
        raise _OutOfRange(f"{type(node).__name__} is not allowed")
    if value != 0 and not (mpmath.isfinite(value) and abs(mpmath.log10(abs(value))) <= _LOG10_LIMIT):
        raise _OutOfRange(f"an intermediate value leaves [1e-{_LOG10_LIMIT}, 1e{_LOG10_LIMIT}]")
    return value, digits


def _power(base_part, power_part):
    """``base ** power`` for :func:`_approximate`, each given as (value, exact digits or None)."""
    (base, base_digits), (power, power_digits) = base_part, power_part
    if power_digits is not None and power_digits > _MAX_EXPONENT_DIGITS:
        raise _OutOfRange(f"an exponent too large or too finely divided to handle exactly "
                          f"(over {_MAX_EXPONENT_DIGITS} digits)")
    if base == 0:
        if not power > 0:
            raise _OutOfRange("0 raised to a power ≤ 0")
        return mpmath.mpf(0), 1
    if base < 0 and power != mpmath.nint(power):
        raise _OutOfRange("a negative number raised to a fractional power")
    if abs(power * mpmath.log10(abs(base))) > _LOG10_LIMIT:
        raise _OutOfRange(f"a power leaves [1e-{_LOG10_LIMIT}, 1e{_LOG10_LIMIT}]")
    digits = None
    if base_digits is not None and power_digits is not None:
        digits = base_digits * max(1, int(mpmath.ceil(abs(power))))
        if digits > _MAX_DIGITS:
            raise _OutOfRange(f"an exact power would have more than {_MAX_DIGITS} digits")
    return base ** power, digits


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
            raise InputError(f"model {shown(text)}: linear takes no options except gamma (got {', '.join(options)})")
        return ModelSpec("linear", gamma=gamma)
    if head not in ("two-layer", "twolayer", "two_layer"):
        raise InputError(f"unknown model {shown(text)} (linear or two-layer:width=...,act=...)")
    unknown = set(options) - {"width", "act", "activation", "init", "train"}
    if unknown:
        raise InputError(f"model {shown(text)}: unknown option(s) {', '.join(sorted(unknown))}")
    width = options.get("width", "8")
    if not (width.isdecimal() and len(width) <= 6 and 1 <= int(width) <= MAX_WIDTH):
        raise InputError(f"model {shown(text)}: width must be an integer from 1 to {MAX_WIDTH}, got {shown(width)}")
    activation = act.resolve(options.get("act", options.get("activation", "leaky_relu(1/10)")))
    if activation.slope is None:
        raise InputError(f"model {shown(text)}: the fast engine supports identity, relu and leaky_relu(α), "
                         f"not {activation.name}")
    init = options.get("init", "1/100")
    try:
        init_scale = sp.Rational(init)
    except (TypeError, ValueError, ZeroDivisionError):
        raise InputError(f"model {shown(text)}: init scale {shown(init)} is not a number such as 1/100") from None
    low, high = GAMMA_RANGE
    if init_scale != 0 and not low <= init_scale <= high:
        raise InputError(f"model {shown(text)}: init scale must be 0 or lie in [1e-100, 1e100], got {shown(init)}")
    train = options.get("train", "both")
    if train not in ("both", "first"):
        raise InputError(f"model {shown(text)}: train must be both or first, got {shown(train)}")
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
            raise InputError(f"model {shown(text)}: option {shown(part)} is not of the form key=value")
        options[key.strip().lower()] = value.strip()
    return options
