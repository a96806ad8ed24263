"""The perceptron on linear models in exact arithmetic, and its iteration count derived symbolically.

:func:`exact_perceptron` runs the batch, normalized and online perceptron [docs/mathematics/reduction.md §2]
with exact rationals (Python ``Fraction``; SymPy numbers when the data are irrational), so a
margin that is exactly 0 is seen as 0 — the counts compared with the precursor's bounds and the
non-degeneracy hypothesis of the limit theorem (no zero margin along the path) are decided exactly.

:func:`derive_separation_count` derives, for data made of groups of identical signed samples
z_j = y_j b_j with multiplicities c_j(n), the exact number of batch-perceptron steps to separation
as a closed form in n, valid for every n ≥ n_min (spec §5, the precursor's Thm 5.1 instance):
θ_1 = (κ/n) Σ_j c_j z_j (κ = 1 full, 1/2 half first step); if the misclassified groups S stay
misclassified together, θ_{1+k} = θ_1 + k Δ with Δ = (1/n) Σ_{j∈S} c_j z_j, and group j ∈ S turns
positive at k_j = ⌊−m_j(θ_1)/δ_j⌋ + 1, δ_j = z_jᵀΔ > 0.  Every sign the argument needs is proved
for all n ≥ n_min (a rational function of u = n − n_min ≥ 0 whose numerator and denominator have
coefficients of one sign and a non-zero constant term); a step that cannot be proved this way
stops the derivation (``None``), it is never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from ..data import Dataset
from ..errors import InputError

VARIANTS = ("batch", "normalized", "online")


def _exact_rows(data: Dataset):
    rational = all(v.is_Rational for row in data.X for v in row)
    conv = (lambda v: Fraction(int(v.p), int(v.q))) if rational else (lambda v: v)
    return [[conv(v) * yi for v in row] for row, yi in zip(data.X, data.y)]


@dataclass
class ExactRun:
    """Iterates θ_0, θ_1, … (exact), the first t with every margin > 0, and the zero-margin steps."""

    iterates: list = field(default_factory=list)
    separated_at: int | None = None
    zero_margin_steps: list = field(default_factory=list)


def exact_perceptron(data: Dataset, max_steps: int, variant: str = "batch", first_step: str = "full") -> ExactRun:
    """The perceptron from θ_0 = 0, stopped at separation or after ``max_steps`` updates.

    ``first_step="half"`` weighs the first step by the GD limit σ(0) = 1/2 (every margin is 0).
    ``zero_margin_steps`` lists the t ≥ 1 at which some margin is exactly 0 (degenerate data).
    """
    if variant not in VARIANTS:
        raise InputError(f"variant must be one of {', '.join(VARIANTS)}, got {variant!r}")
    if first_step not in ("full", "half") or (variant == "online" and first_step == "half"):
        raise InputError(f"first_step {first_step!r} is not available for the {variant} perceptron")
    rows = _exact_rows(data)
    n, theta = len(rows), [0] * data.d
    run, cursor = ExactRun(iterates=[list(theta)]), 0
    for t in range(max_steps + 1):
        margins = [sum(z * v for z, v in zip(row, theta)) for row in rows]
        if t > 0 and any(m == 0 for m in margins):
            run.zero_margin_steps.append(t)
        active = [i for i, m in enumerate(margins) if m <= 0]
        if not active:
            run.separated_at = t
            return run
        if t == max_steps:
            return run
        if variant == "online":
            i = next(k % n for k in range(cursor, cursor + n) if margins[k % n] <= 0)
            cursor, active, scale = i + 1, [i], 1
        else:
            scale = Fraction(1, n if variant == "batch" else len(active))
        if t == 0 and first_step == "half":
            scale = scale / 2
        theta = [v + scale * sum(rows[i][k] for i in active) for k, v in enumerate(theta)]
        run.iterates.append(list(theta))
    return run


def positive_for_all(expr, u: sp.Symbol) -> bool:
    """A sufficient, sound test that ``expr`` (rational in u) is > 0 for every u ≥ 0."""
    num, den = sp.fraction(sp.together(sp.expand(expr)))

    def sign(poly):
        coeffs = sp.Poly(sp.expand(poly), u).all_coeffs()
        const = coeffs[-1]
        if const > 0 and all(c >= 0 for c in coeffs):
            return 1
        if const < 0 and all(c <= 0 for c in coeffs):
            return -1
        return 0

    s_num, s_den = sign(num), sign(den)
    return s_num * s_den == 1


def derive_separation_count(groups, n: sp.Symbol, n_min: int, first_step: str = "full"):
    """(T(n), transcript) with T the exact batch-perceptron separation time for every n ≥ n_min.

    ``groups``: list of (signed sample z_j as a sequence, multiplicity c_j as an expression in n).
    Returns (None, transcript) when a step of the argument cannot be proved.
    """
    u = sp.Symbol("u", nonnegative=True, integer=True)
    kappa = 1 if first_step == "full" else sp.Rational(1, 2)
    zs = [sp.Matrix(z) for z, _ in groups]
    counts = [c for _, c in groups]
    theta1 = sp.simplify(kappa / n * sum((c * z for c, z in zip(counts, zs)), sp.zeros(len(zs[0]), 1)))
    m1 = [sp.simplify((z.T * theta1)[0]) for z in zs]
    transcript = [f"θ_1 = {list(theta1)}", f"margins at θ_1: {m1}"]

    def holds(expr, what):
        ok = positive_for_all(expr.subs(n, n_min + u), u)
        transcript.append(f"{what}: {sp.simplify(expr)} > 0 for all n ≥ {n_min}: {'proved' if ok else 'NOT proved'}")
        return ok

    S = [j for j, m in enumerate(m1) if holds(-m, f"group {j} misclassified at t = 1")]
    rest = [j for j in range(len(groups)) if j not in S]
    if not all(holds(m1[j], f"group {j} correct at t = 1") for j in rest):
        return None, transcript
    if not S:
        return sp.Integer(1), transcript
    delta = sum((counts[j] * zs[j] for j in S), sp.zeros(len(zs[0]), 1)) / n
    rates = [sp.simplify((z.T * delta)[0]) for z in zs]
    if not all(holds(rates[j], f"group {j} margin grows per step") for j in S):
        return None, transcript
    crossings = {sp.simplify(-m1[j] / rates[j]) for j in S}
    if len(crossings) != 1:
        transcript.append(f"misclassified groups cross at different times {crossings}: not derived")
        return None, transcript
    crossing = crossings.pop()
    for j in rest:  # stays positive through k ≤ crossing + 1 (linear in k)
        if not (holds(rates[j], f"group {j} margin does not decrease")
                or holds(m1[j] + rates[j] * (crossing + 1), f"group {j} still correct at the last step")):
            return None, transcript
    T = 1 + sp.floor(crossing) + 1
    transcript.append(f"phase S = {S}: θ_(1+k) = θ_1 + kΔ, misclassified until k = ⌊{crossing}⌋, so T(n) = {T}")
    return T, transcript
