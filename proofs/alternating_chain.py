"""The alternating-label chain (issue 18): an exact small separator, the linear barrier carried over
from the chain, two-layer first-separation counts and the alternation of misclassified sets.

The family is our own example [derived], not the paper's: the seed paper's "minimalistic example"
(arXiv 2512.11587) was not recovered.  d even, n = d, a_i = e_i − e_{i+1} (i < d), a_d = e_d,
labels y_i = (−1)^{i+1} (1-based) and inputs b_i = y_i a_i (``gp.datasets.alternating_chain``).

Each claim is built by a function whose arguments are the claim's constants, so a test (or a user)
states a deliberately false variant with the same code; the module-level instances are the shipped
statements.
"""

from __future__ import annotations

import mpmath
import sympy as sp

import gdperceptron as gp

ALTCHAIN = gp.Provenance("derived", "our own example (issue 18), not the paper's: the Õ(√d) vs Ω(d) headline "
                                    "of arXiv 2512.11587 [paper] is on an unrecovered example")

d_sym = sp.Symbol("d", integer=True, positive=True)
i_sym = sp.Symbol("i", integer=True, positive=True)
_j = sp.Symbol("j", integer=True)
_k = sp.Symbol("k", integer=True, nonnegative=True)
_l = sp.Symbol("l", integer=True, nonnegative=True)
_m = sp.Symbol("m", integer=True, positive=True)


def label(i):
    """y_i = (−1)^{i+1}, 1-based."""
    return (-1) ** (i + 1)


def alternating_data(d: int) -> gp.Dataset:
    """The family's definition at any d ≥ 1, odd d included (``gp.datasets.alternating_chain`` refuses
    odd d; the false variant "the separator works for odd d" needs them): b_i = y_i a_i."""
    chain = gp.datasets.chain(d)
    labels = [label(i) for i in range(1, d + 1)]
    return gp.Dataset([[y * v for v in row] for y, row in zip(labels, chain.X)], labels)


# ---------------------------------------------------------------- the exact separator ---------
def w_prime(j):
    """w′ = (1, −1, 1, −1, …): w′_j = (−1)^{j+1}."""
    return (-1) ** (j + 1)


def w_pair(j):
    """w = (1, 1, −1, −1, 1, 1, …): w_j = (−1)^{⌊(j−1)/2⌋}."""
    return (-1) ** sp.floor((j - 1) / 2)


def _b_entry(i, j, d):
    """b_ij = y_i (δ_ij − δ_{i+1,j} [i < d])."""
    return label(i) * (sp.KroneckerDelta(i, j) - sp.KroneckerDelta(i + 1, j) * sp.Piecewise((1, i < d), (0, True)))


def _inner(w, i, d):
    """Σ_{j=1}^{d} w_j b_ij, summed by SymPy for symbolic i and d."""
    return sp.Sum(w(_j) * _b_entry(i, _j, d), (_j, 1, d)).doit()


def separator_margin(i, d):
    """y_i g(b_i) for g(b) = |w′ᵀb| − 2|wᵀb|, as a SymPy expression in (symbolic) i and d."""
    return label(i) * (sp.Abs(_inner(w_prime, i, d)) - 2 * sp.Abs(_inner(w_pair, i, d)))


SEPARATOR_OUTER = (1, 1, -2, -2)


def separator_params(d: int) -> list[int]:
    """θ of the width-4 ReLU net (rows w′, −w′, w, −w; outer 1, 1, −2, −2) equal to g, since |z| = relu(z) + relu(−z)."""
    wp = [int(w_prime(j)) for j in range(1, d + 1)]
    w = [int(w_pair(j)) for j in range(1, d + 1)]
    return wp + [-v for v in wp] + w + [-v for v in w] + list(SEPARATOR_OUTER)


def altchain_separator(parity: str = "even", sizes=range(2, 41), quick_sizes=range(2, 13)) -> gp.Claim:
    """g(b) = |w′ᵀb| − 2|wᵀb| separates the alternating chain with margin exactly 1 for every even d.

    Closed forms, for symbolic i and d (SymPy sums the Kronecker deltas):

    * i < d (write d = i + 1 + l, l ≥ 0), in the four classes i = 4k + r, r = 1, 2, 3, 4:
      |w′ᵀb_i| = |w′_i − w′_{i+1}| = 2 and |wᵀb_i| = |w_i − w_{i+1}| ∈ {0, 2, 0, 2}, with
      g(b_i) = 2, −2, 2, −2 and y_i = +1, −1, +1, −1: so y_i g(b_i) = 2 in every class;
    * i = d: |w′_d| = |w_d| = 1, g(b_d) = −1, y_d = (−1)^{d+1}: y_d g(b_d) = 1 for even d, −1 for odd d.

    Hence min_i y_i g(b_i) = 1 exactly for every even d (attained only at i = d).  ``parity="odd"``
    states the false variant "the separator works for odd d" (refuted at i = d, e.g. d = 3).
    """
    if parity not in ("even", "odd"):
        raise gp.InputError(f"parity must be 'even' or 'odd', got {parity!r}")
    even = parity == "even"

    @gp.check("symbolic", f"y_i g(b_i) in closed form for symbolic {parity} d, per class i mod 4 and i = d")
    def closed_form(ctx):
        transcript, values = [], {}
        for r in (1, 2, 3, 4):
            i, d = 4 * _k + r, 4 * _k + r + 1 + _l
            ip, iw = sp.simplify(_inner(w_prime, i, d)), sp.simplify(_inner(w_pair, i, d))
            margin = sp.simplify(separator_margin(i, d))
            values[f"i = 4k + {r} < d"] = margin
            transcript.append(f"i = 4k + {r}, d = i + 1 + l (k, l ≥ 0): w′ᵀb_i = {ip}, wᵀb_i = {iw}, "
                              f"y_i g(b_i) = {margin}")
        d = 2 * _m if even else 2 * _m + 1
        last = sp.simplify(separator_margin(d, d))
        values["i = d"] = last
        transcript.append(f"i = d = {d} (m ≥ 1): w′ᵀb_d = {sp.simplify(_inner(w_prime, d, d))}, "
                          f"wᵀb_d = {sp.simplify(_inner(w_pair, d, d))}, y_d g(b_d) = {last}")
        transcript.append("the classes i = 4k + r < d (k ≥ 0, r = 1…4) and i = d cover every sample 1…d")
        if not all(v.is_Integer for v in values.values()):
            return gp.CheckResult(gp.UNDECIDED, "a class did not simplify to a number", {}, transcript)
        if all(v >= 1 for v in values.values()):
            margin = min(values.values())
            return gp.CheckResult(gp.PROVEN, f"y_i g(b_i) = 2 for i < d and {last} for i = d, for every {parity} d: "
                                  f"margin exactly {margin}", {k: int(v) for k, v in values.items()}, transcript)
        bad = next(k for k, v in values.items() if v < 1)
        d0 = 3 if not even else 2  # smallest instance of the failing class
        witness = int(sp.simplify(separator_margin(d0, d0))) if bad == "i = d" else None
        return gp.CheckResult(gp.REFUTED, f"{bad}: y_i g(b_i) = {values[bad]} < 1 for every {parity} d",
                              {k: int(v) for k, v in values.items()}, transcript,
                              counterexample={"class": bad, "margin": int(values[bad]), "d": d0, "i": d0,
                                              "margin_at_d": witness, "exact": True})

    @gp.check("instance", "exact margins of the width-4 ReLU net on the data sets", covers="evidence")
    def instances(ctx):
        ds = [d for d in (quick_sizes if ctx.quick else sizes) if d % 2 == (0 if even else 1)]
        transcript, margins_by_d = [], {}
        for d in ds:
            data = gp.datasets.alternating_chain(d) if even else alternating_data(d)
            model = gp.models.TwoLayer(d, 4, activation="relu", train="both")
            theta = [mpmath.mpf(v) for v in separator_params(d)]
            with mpmath.workdps(30):  # integers below 10^4: every product and sum is exact in mpf
                outputs = [model.output(theta, [mpmath.mpf(int(v)) for v in b]) for b in data.X]
            if any(o != int(o) for o in outputs):
                return gp.CheckResult(gp.UNDECIDED, f"d = {d}: a non-integer output", {}, transcript)
            margins = [int(y) * int(o) for y, o in zip(data.y, outputs)]
            margins_by_d[d] = sorted({int(m) for m in margins})
            transcript.append(f"d = {d}: margins {margins_by_d[d]} (min {min(margins)})")
            if min(margins) < 1:
                i = next(k + 1 for k, m in enumerate(margins) if m < 1)
                return gp.CheckResult(gp.REFUTED, f"d = {d}: sample {i} has margin {margins[i - 1]} < 1",
                                      {"margins": margins_by_d}, transcript,
                                      counterexample={"d": d, "i": i, "margin": int(margins[i - 1]), "exact": True})
        return gp.CheckResult(gp.VERIFIED, f"min margin 1 exactly at d = {ds[0]}…{ds[-1]} ({parity})",
                              {"margins": margins_by_d}, transcript)

    which = "every even d ≥ 2" if even else "every odd d ≥ 3 (false variant)"
    return gp.Claim(
        "acceleration.altchain-separator" if even else "variant.altchain-separator-odd-d",
        "A width-4 ReLU net separates the alternating chain with margin exactly 1" if even else
        "The alternating chain's width-4 separator also works for odd d",
        f"For {which}, g(b) = |w′ᵀb| − 2|wᵀb| with w′ = (1, −1, 1, −1, …) and w = (1, 1, −1, −1, …) "
        "(a width-4 ReLU net, |z| = relu(z) + relu(−z)) has y_i g(b_i) ≥ 1 for every sample of the alternating "
        "chain: y_i g(b_i) = 2 for i < d and y_d g(b_d) = 1.",
        ALTCHAIN, checks=[closed_form, instances],
        formulas=[sp.Eq(sp.Symbol("g(b)"), sp.Abs(sp.Symbol(r"w'^{T} b")) - 2 * sp.Abs(sp.Symbol(r"w^{T} b"))),
                  sp.Eq(sp.Symbol(r"\min_i y_i g(b_i)"), 1)],
        description="An exact certificate that a small net separates the family, with no ordering of a "
                    "linear separator: |w′ᵀb_i| = 2 on every edge, and −2|wᵀb_i| flips the sign on every other edge.",
    )


altchain_separator_claim = altchain_separator()
