"""Robustness margin of GD on a two-neuron ReLU net (docs/mathematics/margin.md; arXiv 2603.02095).

Everything here is our **[derived]** reconstruction of the reference model (docs/mathematics/margin.md §2–§5),
consistent with the paper's abstract but not a statement copied from it: the paper's exact model,
assumptions and constants were not recovered.  Reference model: N(x) = σ(w1·x) − σ(w2·x), two unit
points x+ (label +1), x− (label −1) at angle θ, sum-form loss, GD with constant step η.

Each claim is built by a function whose arguments are the claim's constants, so a test (or a user)
states a deliberately false variant with the same code.  The module-level instances are the true
statements.  Shared helpers (the canonical example, random initializations) are at the top.
"""

import random

import mpmath
import sympy as sp
from hypothesis import strategies as st

import gdperceptron as gp
from gdperceptron import margin as gm
from gdperceptron.numeric import rates, recursion

SOURCE = "margin.md §{}; consistent with arXiv 2603.02095 (abstract)"
CANONICAL_INIT = (1, "-3/10", "-1/10", 1)
"""Canonical example, orthogonal coordinates x± = e1, e2 (margin.md §5): w1(0) = (1, −0.3), w2(0) = (−0.1, 1)."""
CANONICAL_ETA = 1
"""The reconstruction leaves η open for the canonical example; we take η = 1 (the predicted limit does not depend on η)."""
HORIZONS = [int(mpmath.mpf(10) ** (k / 2)) for k in range(6, 25)]
"""Geometric grid of horizons for the rate fits: t = 10^3, 10^3.5, …, 10^12 (19 points)."""
QUICK_HORIZONS = [10**k for k in range(3, 13)]
LONG_HORIZONS = [10**k for k in range(3, 31)]
"""Fallback grid t = 10^3 … 10^30 for slowly settling instances (the jump costs the same at any t)."""
TWO = gp.models.TwoNeuronReLU(2)


def _prov(section: str) -> gp.Provenance:
    return gp.Provenance("derived", SOURCE.format(section))


def _canonical_data():
    return gm.pair(sp.pi / 2, coordinates="standard")


def _result(verdict, summary, evidence, transcript, dps=None, counterexample=None):
    return gp.CheckResult(verdict, summary, evidence, transcript, counterexample=counterexample, dps=dps)


def _obtuse_init(rng: random.Random, data, spread=0.6):
    """A random non-degenerate initialization w1 = x+ + δ1, w2 = x− + δ2 with exact rational entries."""
    plus, minus = gm.points(data)
    while True:
        d = [sp.Rational(rng.randint(-int(100 * spread), int(100 * spread)), 100) for _ in range(4)]
        w = [sp.nsimplify(sp.N(plus[0], 6)) + d[0], sp.nsimplify(sp.N(plus[1], 6)) + d[1],
             sp.nsimplify(sp.N(minus[0], 6)) + d[2], sp.nsimplify(sp.N(minus[1], 6)) + d[3]]
        with mpmath.workdps(30):
            bits = gm.pattern(w, data)
        if bits[0] == "1" and bits[3] == "1":
            return w


def _gaps(final, data):
    """ρ* − ρ_T for enclosures of ρ_T; ρ* = sin(θ/2) = ‖x+ − x−‖/2 (margin.md §3), with the radius."""
    plus, minus = gm.points(data)
    rho_star = sp.sqrt(sum((a - b) ** 2 for a, b in zip(plus, minus))) / 2
    star = recursion.exact_interval(rho_star)
    gaps = [star - f.rho for f in final]
    return [mpmath.mpf(g.mid) for g in gaps], max(mpmath.mpf(g.delta) for g in gaps) / 2


# ---------------------------------------------------------------------------------------------
# §3 geometry
# ---------------------------------------------------------------------------------------------

def _scan_distance(w1, w2, p, grid=360):
    """Brute force dist(p, Z) in the plane: scan the circle of directions u(φ), locate every zero of
    N(u(φ)) by sign changes and bisection (Z is a cone, so it is a union of rays), and take the
    nearest ray: dist(p, ray u) = |p × u| if p·u > 0, else ‖p‖.  Directions where N ≡ 0 on a whole
    grid cell (the dead cone) contribute both cell ends, and the direction of p itself is tried."""
    def N(phi):
        u = (mpmath.cos(phi), mpmath.sin(phi))
        return max(w1[0] * u[0] + w1[1] * u[1], 0) - max(w2[0] * u[0] + w2[1] * u[1], 0)

    def ray(phi):
        u = (mpmath.cos(phi), mpmath.sin(phi))
        dot = p[0] * u[0] + p[1] * u[1]
        return abs(p[0] * u[1] - p[1] * u[0]) if dot > 0 else mpmath.sqrt(p[0] ** 2 + p[1] ** 2)

    tiny = mpmath.mpf(10) ** (-(mpmath.mp.dps - 5))
    phis = [2 * mpmath.pi * k / grid for k in range(grid + 1)]
    values = [N(phi) for phi in phis]
    best = mpmath.inf
    p_dir = mpmath.atan2(p[1], p[0])
    if abs(N(p_dir)) <= tiny:
        return mpmath.mpf(0)
    for k in range(grid):
        lo, hi, vlo, vhi = phis[k], phis[k + 1], values[k], values[k + 1]
        if abs(vlo) <= tiny:
            best = min(best, ray(lo))
        if abs(vhi) <= tiny:
            best = min(best, ray(hi))
        if vlo * vhi < 0 or (abs(vlo) <= tiny) != (abs(vhi) <= tiny):
            zero_at_lo = abs(vlo) <= tiny
            for _ in range(mpmath.mp.prec + 4):
                mid = (lo + hi) / 2
                vm = N(mid)
                if vlo * vhi < 0:
                    lo, hi, vlo, vhi = (mid, hi, vm, vhi) if vm * vlo > 0 else (lo, mid, vlo, vm)
                elif (abs(vm) <= tiny) == zero_at_lo:
                    lo, vlo = mid, vm
                else:
                    hi, vhi = mid, vm
            best = min(best, ray(lo), ray(hi))
    return best


def zero_set_distance(factor=1, grid=360) -> gp.Claim:
    """dist(p, Z) = min(dist(p, A), dist(p, B)) for N = σ(w1·x) − σ(w2·x) [derived, margin.md §3].

    Property check: random w1, w2, p ∈ ℚ² (Hypothesis), the exact (SymPy) cone distance against the
    brute-force scan :func:`_scan_distance` (``grid`` directions, then bisection) at the working precision.
    ``factor`` states a false variant dist = factor · min(…).
    """
    coords = st.integers(-9, 9).map(lambda k: sp.Rational(k, 3))
    strategy = st.tuples(*[coords] * 6).filter(lambda v: any(v[4:]))

    def holds(v):
        w1, w2, p = v[0:2], v[2:4], v[4:6]
        geo = mpmath.mpf(sp.N(factor * gm.zero_set_distance(w1, w2, p), mpmath.mp.dps + 5))
        brute = _scan_distance([mpmath.mpf(x) for x in w1], [mpmath.mpf(x) for x in w2],
                               [mpmath.mpf(x) for x in p], grid)
        err = abs(geo - brute)
        if err <= mpmath.mpf(10) ** (-(mpmath.mp.dps // 2)):
            return True
        return False if err > mpmath.mpf(10) ** -6 else None

    check = gp.checks.property_based(holds, strategy, max_examples=40, quick_examples=10,
                                     name="exact cone distance vs brute-force scan of the circle (d = 2)")
    return gp.Claim(
        "margin.zero-set-distance", "Distance to the zero set of the two-neuron net is a min over two convex cones",
        "For N(x) = σ(w1·x) − σ(w2·x): Z = A ∪ B with A = {w1·x ≤ 0, w2·x ≤ 0}, "
        "B = {(w1 − w2)·x = 0, w1·x ≥ 0}, and dist(p, Z) = " + ("" if factor == 1 else f"{factor}·")
        + "min(dist(p, A), dist(p, B)).",
        _prov("3"), checks=[check],
        formulas=[sp.Eq(sp.Symbol(r"\operatorname{dist}(p, Z)"),
                        factor * sp.Min(sp.Symbol(r"\operatorname{dist}(p, A)"), sp.Symbol(r"\operatorname{dist}(p, B)")))],
        description="Exact: the projection onto a polyhedral cone is the projection onto the span of its active set.")


def _separates(w, frac):
    """Whether N = σ(w1·x) − σ(w2·x) separates the pair at angle frac·π, decided with ``mpmath.iv``
    (True, False, or None when an enclosure straddles a decision).  N(x) > 0 ⟺ w1·x > 0 and w1·x > w2·x
    (σ(w2·x) is 0 or w2·x), and N(x) < 0 ⟺ w2·x > 0 and w2·x > w1·x; rotated coordinates x± = (c, ±s),
    c = cos(θ/2), s = sin(θ/2)."""
    half = mpmath.iv.pi * int(frac.p) / (2 * int(frac.q))
    c, s = mpmath.iv.cos(half), mpmath.iv.sin(half)
    w = [sp.Rational(v) for v in w]

    def dot(u, y):  # u·x_y with exact rational u (differences w1 − w2 are formed exactly, before enclosing)
        return (mpmath.iv.mpf(int(u[0].p)) / int(u[0].q)) * c + y * (mpmath.iv.mpf(int(u[1].p)) / int(u[1].q)) * s

    w1, w2, n = w[:2], w[2:], [w[0] - w[2], w[1] - w[3]]
    answers = [dot(w1, 1) > 0, dot(n, 1) > 0, dot(w2, -1) > 0, dot(n, -1) < 0]
    if False in answers:
        return False
    return None if None in answers else True


def _margin_bound_predicate(bound):
    """ρ(N) ≤ bound·‖x+ − x−‖ for one drawn (frac, w): True/False certified, None when too close to call;
    a net that does not separate the pair is filtered out (``hypothesis.assume``), never counted as a pass."""
    from hypothesis import assume

    def holds(example):
        frac, w = example
        separating = _separates(w, frac)
        if separating is None:
            return None  # too close to call whether the statement applies
        assume(separating)  # not separating: outside the statement, counted as filtered
        data, claimed = gm.pair(frac * sp.pi), bound * 2 * sp.sin(frac * sp.pi / 2)
        rho = gm.robust_margin(TWO, list(w), data, certified=True)
        limit = recursion.exact_interval(claimed)  # exact, enclosed outward
        if rho.b <= limit.a:  # interval comparisons: True, False, or None when the enclosures overlap
            return True
        if rho.a > limit.b:
            return False
        # overlapping enclosures: typically ρ equals the bound exactly (w1, w2 with equal first coordinates
        # give dist(x±, B) = s); decide exactly with SymPy's ρ
        gap = sp.simplify(claimed - gm.robust_margin(TWO, [sp.Rational(v) for v in w], data))
        return True if gap == 0 else gap.is_nonnegative

    return holds


SEPARATING_NETS = 10
"""margin.optimal-value's minimum number of decided examples (separating nets whose bound was decided)."""


def optimal_value(bound=sp.Rational(1, 2), optimum=lambda th: sp.sin(th / 2)) -> gp.Claim:
    """ρ ≤ ‖x+ − x−‖/2 for every separating net, and ρ* = sin(θ/2) is attained [derived, margin.md §3].

    Why: N(x+) > 0 > N(x−) and N is continuous, so Z meets the segment [x+, x−], and its nearer end
    is within ‖x+ − x−‖/2.  Checks: property (random nets at random θ ∈ (0, π]: the certified enclosure
    of ρ is ≤ bound·‖x+ − x−‖) and instance (ρ of (x+, x−) equals ``optimum(θ)`` exactly at
    θ ∈ {π/2, 2π/3, 3π/4, 5π/6}).  Nets that do not separate the pair are outside the statement: they are
    filtered out with ``hypothesis.assume`` and counted apart, never as passes; half of the draws are
    biased towards separating nets (w1 near x+, w2 near x−) so that enough nets are decided.  Sampling
    cannot prove the bound for every net, so the claim earns SUPPORTED.
    """
    fracs = [sp.Rational(k, 12) for k in range(1, 13)]
    entries = st.integers(-20, 20).map(lambda k: sp.Rational(k, 10))
    near = st.integers(-6, 6).map(lambda k: sp.Rational(k, 10))
    odd = st.integers(-6, 5).map(lambda k: sp.Rational(2 * k + 1, 20))

    def biased(frac_and_noise):
        """w1 = x+ + δ1, w2 = x− + δ2 with x± rounded to tenths (exact rationals).  The first coordinates'
        noises (tenths, odd twentieths) never agree: equal first coordinates put ρ exactly on the bound,
        where only the slow exact comparison decides."""
        frac, noise = frac_and_noise
        c, s = (sp.Rational(round(10 * float(v)), 10) for v in (sp.cos(frac * sp.pi / 2), sp.sin(frac * sp.pi / 2)))
        return frac, (c + noise[0], s + noise[1], c + noise[2], -s + noise[3])

    strategy = st.one_of(st.tuples(st.sampled_from(fracs), st.tuples(*[entries] * 4)),
                         st.tuples(st.sampled_from(fracs), st.tuples(near, near, odd, near)).map(biased))

    holds = _margin_bound_predicate(bound)

    @gp.check("instance", "ρ(x+, x−) = ρ* exactly at θ ∈ {π/2, 2π/3, 3π/4, 5π/6}", covers="part")
    def attained(ctx):
        rows = []
        for th in (sp.pi / 2, 2 * sp.pi / 3, 3 * sp.pi / 4, 5 * sp.pi / 6):
            data = gm.pair(th)
            plus, minus = gm.points(data)
            rho = gm.robust_margin(TWO, list(plus) + list(minus), data)
            diff = sp.simplify(rho - optimum(th))
            rows.append(f"θ = {th}: ρ = {rho}, claimed ρ* = {optimum(th)}, difference {diff}")
            if diff != 0:
                return _result(gp.REFUTED, f"ρ(x+, x−) = {rho} ≠ {optimum(th)} at θ = {th}", {}, rows,
                               counterexample={"theta": str(th), "rho": str(rho), "claimed": str(optimum(th))})
        return _result(gp.SUPPORTED, "attained exactly at 4 angles (the bound itself is checked by sampling)", {},
                       rows)

    check = gp.checks.property_based(holds, strategy, max_examples=50, quick_examples=25,
                                     name="certified ρ ≤ bound·‖x+ − x−‖ on random separating nets", covers="part",
                                     min_decided=SEPARATING_NETS)
    return gp.Claim(
        "margin.optimal-value", "The optimal robust margin is sin(θ/2)",
        f"Every net that separates x+ from x− has ρ ≤ {bound}·‖x+ − x−‖; for unit points at angle θ the "
        f"optimum ρ* = {optimum(sp.Symbol('theta'))} is attained by (w1, w2) = (x+, x−).",
        _prov("3"), checks=[check, attained],
        formulas=[sp.Le(sp.Symbol(r"\rho(N)"), bound * sp.Symbol(r"\|x_+ - x_-\|")),
                  sp.Eq(sp.Symbol(r"\rho^*"), optimum(sp.Symbol(r"\theta")))])


def max_margin_network(value=1) -> gp.Claim:
    """(x+, x−) solves min ½(‖w1‖² + ‖w2‖²) s.t. y_i N(x_i) ≥ 1 with value 1 and attains ρ* [derived, §3].

    Symbolic proof for every θ ∈ [π/2, π), rotated coordinates x± = (c, ±s), c = cos θ/2 ≤ s = sin θ/2:
    (i) feasibility: N(x+) = σ(1) − σ(c² − s²) = 1 and N(x−) = −1 because c² − s² = cos θ ≤ 0;
    (ii) optimality: N(x+) ≥ 1 forces w1·x+ ≥ 1, hence ‖w1‖ ≥ 1 (Cauchy–Schwarz, ‖x+‖ = 1), and
    likewise ‖w2‖ ≥ 1, so the value is ≥ 1 = the value at (x+, x−);
    (iii) margin: n = w1 − w2 = (0, 2s); dist(x+, B) = |n·x+|/‖n‖ = s with foot (c, 0), w1·(c, 0) = c² ≥ 0;
    dist(x+, A) ≥ dist(x+, {x+·x ≤ 0}) = 1 ≥ s; the same at x−.  SymPy verifies each identity
    (Cauchy–Schwarz through Lagrange's identity), the implications σ(z) ≥ 1 ⟹ z ≥ 1 (solveset) and
    w·x+ ≥ 1 ⟹ ‖w‖² ≥ 1 (a sign decision), and the distances at x− too; what is left to the transcript is
    the combination of these facts (a chain of inequalities).
    """
    c, s = sp.symbols("c s", positive=True)

    @gp.check("symbolic", "feasibility, value and margin of (x+, x−), for symbolic θ ∈ [π/2, π)")
    def symbolic(ctx):
        on_circle = {c: sp.sqrt(1 - s**2)}
        xp, xm = sp.Matrix([c, s]), sp.Matrix([c, -s])
        relu = lambda z: sp.Max(z, 0)  # noqa: E731
        w1, w2 = xp, xm
        N = lambda x: relu(w1.dot(x)) - relu(w2.dot(x))  # noqa: E731
        cos_theta = c**2 - s**2
        steps = []
        v = sp.Symbol("v", nonnegative=True)  # θ ∈ [π/2, π) ⇔ s² = 1/2 + v with v ≥ 0
        obtuse_s = {s: sp.sqrt(sp.Rational(1, 2) + v)}
        obtuse = sp.simplify(cos_theta.subs(on_circle).subs(obtuse_s)).is_nonpositive
        n = w1 - w2
        facts = {
            "N(x+) − 1": sp.simplify(N(xp).subs(on_circle).subs(obtuse_s) - 1),
            "N(x−) + 1": sp.simplify(N(xm).subs(on_circle).subs(obtuse_s) + 1),
            "objective ½(‖w1‖² + ‖w2‖²) − value": sp.simplify(((w1.dot(w1) + w2.dot(w2)) / 2).subs(on_circle) - value),
            "dist(x+, B) − s": sp.simplify(sp.Abs(n.dot(xp)) / sp.sqrt(n.dot(n)) - s),
        }
        # the lower bound and the distance to A, machine-checked: Lagrange's identity gives Cauchy–Schwarz
        # ‖w‖²‖x‖² − (w·x)² = (w_1 x_2 − w_2 x_1)² ≥ 0; ‖x±‖ = 1; the foot (c, 0) of x+ on n·x = 0 lies
        # in B; A ⊆ {x+·x ≤ 0} (as w1 = x+), whose distance from x+ is x+·x+ = 1 ≥ s
        p_, q_ = sp.symbols("p q", real=True)
        w = sp.Matrix([p_, q_])
        foot = sp.Matrix([c, 0])
        facts.update({
            "Lagrange: ‖w‖²‖x+‖² − (w·x+)² − (p s − q c)²": sp.expand(w.dot(w) * xp.dot(xp) - w.dot(xp) ** 2
                                                                      - (p_ * s - q_ * c) ** 2),
            "‖x+‖² − 1": sp.simplify(xp.dot(xp).subs(on_circle) - 1),
            "n·foot (foot on the boundary of B)": sp.simplify(n.dot(foot)),
            "w1·foot − c² (foot has w1·x ≥ 0)": sp.simplify(w1.dot(foot) - c**2),
            "dist(x+, {x+·x ≤ 0}) − 1": sp.simplify((xp.dot(xp) / sp.sqrt(xp.dot(xp))).subs(on_circle) - 1),
        })
        # the glue, machine-checked too: σ(z) ≥ 1 ⟺ z ≥ 1 (σ = ReLU), and (w·x+) ≥ 1 with Lagrange's identity
        # and ‖x+‖ = 1 gives ‖w‖² = (w·x+)² + (p s − q c)² ≥ 1: with w·x+ = 1 + u, u ≥ 0, the excess is ≥ 0
        z, u, r = sp.Symbol("z", real=True), sp.Symbol("u", nonnegative=True), sp.Symbol("r", real=True)
        relu_at_least_one = sp.solveset(sp.Max(z, 0) >= 1, z, sp.S.Reals)
        norm_excess = sp.expand((1 + u) ** 2 + r**2 - 1)
        glue = {"{z : σ(z) ≥ 1}": relu_at_least_one,
                "‖w‖² − 1 = (1 + u)² + (p s − q c)² − 1, u = w·x+ − 1 ≥ 0": norm_excess}
        glue_ok = relu_at_least_one == sp.Interval(1, sp.oo) and norm_excess.is_nonnegative is True
        # the mirror point: dist(x−, B) = s with foot (c, 0), and dist(x−, {x−·x ≤ 0}) = 1 (A ⊆ it, as w2 = x−)
        facts.update({
            "dist(x−, B) − s": sp.simplify(sp.Abs(n.dot(xm)) / sp.sqrt(n.dot(n)) - s),
            "w2·foot − c² (foot has w2·x ≥ 0)": sp.simplify(w2.dot(foot) - c**2),
            "dist(x−, {x−·x ≤ 0}) − 1": sp.simplify((xm.dot(xm) / sp.sqrt(xm.dot(xm))).subs(on_circle) - 1),
        })
        for label, expr in facts.items():
            steps.append(f"{label}: {expr}")
        steps += [f"{label}: {value}" for label, value in glue.items()]
        steps.append(f"w2·x+ = cos θ = {cos_theta} ≤ 0 on θ ∈ [π/2, π) (c ≤ s), so σ(w2·x+) = 0: {obtuse}")
        steps.append("combination: N(x+) ≥ 1 and σ(w2·x+) ≥ 0 give σ(w1·x+) ≥ 1, so w1·x+ ≥ 1 (checked above) and "
                     "‖w1‖² ≥ 1 (checked above); likewise ‖w2‖² ≥ 1 from N(x−) ≤ −1; so the value is ≥ 1, attained at "
                     "(x+, x−); Z = A ∪ B, so ρ = min over x± of min(dist(·, A), dist(·, B)) = s (s ≤ 1 as c² = 1 − s²)")
        if facts["objective ½(‖w1‖² + ‖w2‖²) − value"] != 0:
            return _result(gp.REFUTED, f"the min-norm value is 1, not {value}", {}, steps,
                           counterexample={"theta": "pi/2", "value at (x+, x-)": "1", "claimed": str(value)})
        if obtuse is True and glue_ok and all(v == 0 for v in facts.values()):
            return _result(gp.PROVEN, "every step verified symbolically for all θ ∈ [π/2, π)", {}, steps)
        return _result(gp.UNDECIDED, "SymPy could not verify a step", {}, steps)

    return gp.Claim(
        "margin.max-margin-network", "(x+, x−) is the minimum-norm network and is robust-optimal",
        f"For θ ∈ [π/2, π), (w1, w2) = (x+, x−) solves min ½(‖w1‖² + ‖w2‖²) s.t. y_i N(x_i) ≥ 1 with value "
        f"{value}, and its robust margin is ρ* = sin(θ/2).",
        _prov("3"), checks=[symbolic],
        formulas=[sp.Eq(sp.Symbol(r"\min \tfrac12(\|w_1\|^2 + \|w_2\|^2)"), value)])


# ---------------------------------------------------------------------------------------------
# §4 dynamics lemmas: symbolic one-step computations on the model's own gradient
# ---------------------------------------------------------------------------------------------

def _symbolic_step(bits=None, d=2):
    """One GD step (sum logistic loss) on N = σ(w1·x) − σ(w2·x), x± = (c, ±s, 0, …), symbolic weights.

    With ``bits`` (e.g. "1001") the ReLU derivatives are fixed to that activation pattern.
    Returns (w, w_next, xp, xm, eta, c, s) as SymPy matrices/symbols.
    """
    model = gp.models.TwoNeuronReLU(d)
    c, s, eta = sp.symbols("c s eta", positive=True)
    xp = [c, s] + [0] * (d - 2)
    xm = [c, -s] + [0] * (d - 2)
    w = sp.Matrix(model.params)
    grad = sp.zeros(len(w), 1)
    for x, y in ((xp, 1), (xm, -1)):
        g = model.grad_expr(x)
        if bits is not None:
            k = 0 if y == 1 else 1
            pre1 = sum(a * b for a, b in zip(w[:d], x))
            pre2 = sum(a * b for a, b in zip(w[d:], x))
            g = g.subs({sp.Heaviside(pre1, 0): int(bits[k]), sp.Heaviside(pre2, 0): int(bits[2 + k])})
        margin = y * model.output_expr(x)
        if bits is not None:
            margin = y * (int(bits[0 if y == 1 else 1]) * sum(a * b for a, b in zip(w[:d], x))
                          - int(bits[2 if y == 1 else 3]) * sum(a * b for a, b in zip(w[d:], x)))
        grad += -1 / (1 + sp.exp(margin)) * y * g
    return w, w - eta * grad, sp.Matrix(xp), sp.Matrix(xm), eta, c, s


def _on_circle(expr, c, s):
    return sp.simplify(sp.expand(expr).subs(c, sp.sqrt(1 - s**2)))


def mirror_symmetry(reflect=lambda w: [w[0], -w[1]]) -> gp.Claim:
    """Mirror-symmetric initialization w2(0) = R w1(0) gives ρ_t = ρ* for all t [derived, margin.md §5].

    R(v1, v2) = (v1, −v2) swaps x± = (c, ±s).  Symbolic: one GD step maps {w2 = R w1} into itself
    (with the Heaviside derivatives left symbolic, so for every pattern).  Numeric: GD from random
    mirror-symmetric non-degenerate initializations at θ ∈ {π/2, 2π/3, 5π/6}; the certified robust
    margin equals sin(θ/2) at every recorded step.  ``reflect`` states a false variant.
    """

    @gp.check("symbolic", "one GD step preserves w2 = R w1 (every activation pattern)")
    def invariance(ctx):
        w, w_next, xp, xm, eta, c, s = _symbolic_step()
        p, q = sp.symbols("p q", real=True)
        sym = {w[0]: p, w[1]: q}
        mirrored = reflect([p, q])
        sym.update({w[2]: mirrored[0], w[3]: mirrored[1]})
        new = w_next.subs(sym)
        diff = sp.Matrix(reflect([new[0], new[1]])) - sp.Matrix([new[2], new[3]])
        diff = sp.simplify(diff)
        transcript = [f"w1 = (p, q), w2 = R w1 = {mirrored}", f"R w1' − w2' = {list(diff)}"]
        if diff.is_zero_matrix:
            return _result(gp.SUPPORTED, "the mirror subspace is invariant under GD (the margin identity is "
                           "checked numerically)", {}, transcript)
        return _result(gp.UNDECIDED, "SymPy could not show invariance", {"difference": str(list(diff))}, transcript)

    @gp.check("instance", "ρ_t = ρ* along GD from mirror-symmetric initializations")
    def numeric(ctx):
        rng = random.Random(ctx.seed)
        rows, worst = [], mpmath.mpf(0)
        steps = 40 if ctx.quick else 200
        for th in (sp.pi / 2, 2 * sp.pi / 3, 5 * sp.pi / 6):
            data = gm.pair(th)
            w1 = _obtuse_init(rng, data)[:2]
            init = list(w1) + list(reflect(w1))
            traj = gm.run(data, init, sp.Rational(1, 2), steps, dps=ctx.dps, record_every=10)
            with mpmath.workdps(ctx.dps):
                star = recursion.exact_interval(sp.sin(th / 2))
                for t, params in traj.params.items():
                    rho = gm.robust_margin(TWO, params, data, certified=True)
                    gap = star - rho
                    if gap.a > mpmath.mpf(10) ** (-(ctx.dps // 2)):
                        return _result(gp.REFUTED, f"ρ_t < ρ* at θ = {th}, t = {t}", {}, rows, ctx.dps,
                                       {"theta": str(th), "init": [str(v) for v in init], "t": t,
                                        "gap": mpmath.nstr(gap.mid, 10), "dps": ctx.dps})
                    worst = max(worst, abs(mpmath.mpf(gap.mid)))
            rows.append(f"θ = {th}, init {[str(v) for v in init]}: |ρ* − ρ_t| ≤ {mpmath.nstr(worst, 3)} for t ≤ {steps}")
        return _result(gp.SUPPORTED, f"ρ_t = ρ* to {mpmath.nstr(worst, 3)} at every recorded step",
                       {"max |gap|": mpmath.nstr(worst, 5), "dps": ctx.dps}, rows, ctx.dps)

    return gp.Claim(
        "margin.mirror-symmetry", "Mirror-symmetric initialization has zero margin gap",
        "If w2(0) = R w1(0), R the reflection swapping x+ and x−, and the initialization is non-degenerate, "
        "then w2(t) = R w1(t) for all t and ρ_t = ρ* = sin(θ/2) (θ ∈ [π/2, π)).",
        _prov("5"), checks=[invariance, numeric])


def _gd_instances(ctx, thetas, count, eta_choices=(sp.Rational(1, 2), 1, 2), theta_lo=None):
    rng = random.Random(ctx.seed)
    for k in range(count):
        th = thetas[k % len(thetas)]
        data = gm.pair(th)
        yield th, data, _obtuse_init(rng, data, spread=0.9), eta_choices[k % len(eta_choices)]


def monotonicity(theta_fracs=(sp.Rational(1, 2), sp.Rational(7, 12), sp.Rational(2, 3), sp.Rational(3, 4),
                              sp.Rational(5, 6), sp.Rational(11, 12))) -> gp.Claim:
    """L1: for θ ≥ π/2, w1·x+ never decreases, w1·x− strictly decreases while neuron 1 is active on x−,
    and symmetrically for neuron 2 [derived, margin.md §4].

    Why: the step of w1 is η(|ℓ'_+| 1[w1·x+ > 0] x+ − |ℓ'_−| 1[w1·x− > 0] x−); its inner product with x+
    is ≥ −|ℓ'_−| cos θ·… ≥ 0 when cos θ ≤ 0.  Property check over random initializations, η ∈ (0, 4]
    and θ = frac·π for frac in ``theta_fracs`` (a false variant passes acute angles), 30 GD steps.
    """
    strategy = st.tuples(st.sampled_from(list(theta_fracs)), st.integers(0, 10**6),
                         st.sampled_from([sp.Rational(1, 4), sp.Rational(1, 2), 1, 2, 4]))

    def holds(example):
        frac, seed, eta = example
        data = gm.pair(frac * sp.pi)
        init = _obtuse_init(random.Random(seed), data, spread=0.9)
        traj = gm.run(data, init, eta, 30, dps=mpmath.mp.dps)
        plus, minus = ([mpmath.mpf(v) for v in x] for x in data.numeric()[0])
        tol = mpmath.mpf(10) ** (-(mpmath.mp.dps - 10))
        prev = None
        for _, w in traj.params.items():
            dots = [mpmath.fdot(w[:2], plus), mpmath.fdot(w[:2], minus), mpmath.fdot(w[2:], plus),
                    mpmath.fdot(w[2:], minus)]
            if prev is not None:
                own = [dots[0] - prev[0], dots[3] - prev[3]]
                cross = [(dots[1] - prev[1], prev[1]), (dots[2] - prev[2], prev[2])]
                if any(v < -tol for v in own) or any(dv > tol and was > tol for dv, was in cross):
                    return False
                if any(abs(v) <= tol for v in own) and any(abs(v) > 0 for v in own if abs(v) <= tol):
                    return None
            prev = dots
        return True

    check = gp.checks.property_based(holds, strategy, max_examples=40, quick_examples=8,
                                     name="monotone own-point activations along GD (30 steps)")
    return gp.Claim(
        "margin.monotonicity", "L1: activations on the own point never decrease",
        "For θ ∈ [π/2, π): w1·x+ is non-decreasing along GD; w1·x− strictly decreases while w1·x− > 0; "
        "symmetrically w2·x− is non-decreasing and w2·x+ decreases while positive.",
        _prov("4 L1"), checks=[check])


def absorption(theta_fracs=(sp.Rational(1, 2), sp.Rational(2, 3), sp.Rational(3, 4), sp.Rational(5, 6),
                            sp.Rational(11, 12)), horizon=300) -> gp.Claim:
    """L2: for θ ≥ π/2 the pattern 1001 is reached in finite time and never left; for θ < π/2 it is not
    absorbing [derived, margin.md §4].

    Property check (θ = frac·π over ``theta_fracs``; a false variant includes acute angles): from a
    random non-degenerate initialization GD reaches 1001 within ``horizon`` steps and stays there to
    the end of the run.  Instance check: an automatic search finds an acute-angle run that enters 1001
    and leaves it (the counterexample to absorption below π/2).
    """
    strategy = st.tuples(st.sampled_from(list(theta_fracs)), st.integers(0, 10**6),
                         st.sampled_from([sp.Rational(1, 2), 1, 2]))

    def holds(example):
        frac, seed, eta = example
        data = gm.pair(frac * sp.pi)
        init = _obtuse_init(random.Random(seed), data, spread=0.9)
        traj = gm.run(data, init, eta, horizon, dps=mpmath.mp.dps)
        history = gm.phases(traj, data)
        entered = [t for t, bits in history if bits == gm.reference.ABSORBING]
        return bool(entered) and history[-1][1] == gm.reference.ABSORBING

    @gp.check("instance", "search: 1001 is left again at an acute angle", covers="part")
    def acute_counterexample(ctx):
        rng = random.Random(ctx.seed)
        for attempt in range(20):
            frac = sp.Rational(rng.randint(2, 5), 12)
            data = gm.pair(frac * sp.pi)
            plus, minus = gm.points(data)
            # enter 1001 from the start: w1 ⟂-ish to x−, w2 ⟂-ish to x+ (exact rationals)
            c, s = (sp.nsimplify(sp.N(v, 8)) for v in plus)
            w1 = [s + sp.Rational(rng.randint(0, 20), 100), -c]
            w2 = [s + sp.Rational(rng.randint(0, 20), 100), c]
            traj = gm.run(data, w1 + w2, 1, 200, dps=ctx.dps)
            history = gm.phases(traj, data)
            bits = [b for _, b in history]
            if gm.reference.ABSORBING in bits and bits[-1] != gm.reference.ABSORBING:
                return _result(gp.SUPPORTED, f"at θ = {frac}π the pattern leaves 1001 (as L2 says it may below π/2)",
                               {"theta": f"{frac}*pi", "init": [str(v) for v in w1 + w2], "phases": history},
                               [f"attempt {attempt}: phases {history}"], ctx.dps)
        return _result(gp.UNDECIDED, "no acute-angle run left 1001 in 20 attempts", {}, [])

    check = gp.checks.property_based(holds, strategy, max_examples=15, quick_examples=5,
                                     name=f"1001 reached and kept for {horizon} steps", covers="part")
    return gp.Claim(
        "margin.absorption", "L2: the pattern 1001 is absorbing for θ ≥ π/2",
        "For θ ∈ [π/2, π) and a non-degenerate initialization, GD reaches the activation pattern 1001 in finite "
        "time T0 and never leaves it; for θ < π/2 the pattern 1001 is not absorbing.",
        _prov("4 L2"), checks=[check, acute_counterexample])


def frozen_invariants(cos_coefficient=1) -> gp.Claim:
    """L3: in pattern 1001, κ1 = w1·x− − cos θ·(w1·x+) and κ2 = w2·x+ − cos θ·(w2·x−) are constant, and so
    are the components outside span{x+, x−} [derived, margin.md §4].

    Symbolic: one GD step with the pattern-1001 derivatives, in d = 3 with x± = (c, ±s, 0),
    cos θ = c² − s², c² + s² = 1; κ1, κ2 and the third coordinates are unchanged (PROVEN for every step
    taken in pattern 1001, i.e. for t ≥ T0 given L2).  ``cos_coefficient`` scales cos θ in κ (a false
    variant drops or changes it).
    """

    @gp.check("symbolic", "one pattern-1001 GD step leaves κ1, κ2 and off-span components unchanged")
    def step(ctx):
        w, w_next, xp, xm, eta, c, s = _symbolic_step("1001", d=3)
        cos_t = cos_coefficient * (c**2 - s**2)
        kappa = lambda v: (v[:3, 0].dot(xm) - cos_t * v[:3, 0].dot(xp),  # noqa: E731
                           v[3:, 0].dot(xp) - cos_t * v[3:, 0].dot(xm))
        k_old, k_new = kappa(w), kappa(w_next)
        diffs = [_on_circle(k_new[0] - k_old[0], c, s), _on_circle(k_new[1] - k_old[1], c, s),
                 sp.simplify(w_next[2] - w[2]), sp.simplify(w_next[5] - w[5])]
        transcript = [f"Δκ1 = {diffs[0]}", f"Δκ2 = {diffs[1]}", f"Δ(w1)_3 = {diffs[2]}, Δ(w2)_3 = {diffs[3]}"]
        if all(d == 0 for d in diffs):
            return _result(gp.PROVEN, "κ1, κ2 and the off-span components are invariant under a 1001 step", {},
                           transcript)
        point = {c: sp.Rational(3, 5), s: sp.Rational(4, 5), eta: 1, **{p: sp.Rational(k + 1, 3)
                                                                       for k, p in enumerate(w)}}
        value = gp.checks.certainly_nonzero([diffs[0].subs(point), diffs[1].subs(point)], 30)
        if value is not None:
            return _result(gp.REFUTED, f"κ changes by {sp.N(value, 12)} in one step", {}, transcript,
                           counterexample={"theta": "2*atan(4/3)", "weights": [str(point[p]) for p in w],
                                           "eta": 1, "change": str(value), "dps": [30, 60]})
        return _result(gp.UNDECIDED, "SymPy could not simplify Δκ to 0", {}, transcript)

    return gp.Claim(
        "margin.frozen-invariants", "L3: frozen invariants κ1, κ2 in the final phase",
        "While the pattern is 1001 (all t ≥ T0 by L2): κ1 := w1·x− − cos θ·(w1·x+) and κ2 := w2·x+ − cos θ·(w2·x−) "
        "are constant, and so are the components of w1, w2 outside span{x+, x−} (computed in d = 3 with "
        "x± = (c, ±s, 0): one off-span coordinate per neuron, symbolic).",
        _prov("4 L3"), checks=[step],
        formulas=[sp.Eq(sp.Symbol(r"\kappa_1"), sp.Symbol(r"w_1\cdot x_- - \cos\theta\,(w_1\cdot x_+)"))])


def linear_phase(factor=2) -> gp.Claim:
    """In pattern 1111, s = w1 + w2 is invariant and u = w1 − w2 does linear logistic GD with step 2η
    [derived, margin.md §4].  Symbolic with the 1111 derivatives; ``factor`` ≠ 2 is a false variant."""

    @gp.check("symbolic", "pattern-1111 step: s invariant, u linear GD with step factor·η")
    def step(ctx):
        w, w_next, xp, xm, eta, c, s = _symbolic_step("1111")
        u, u_next = w[:2, 0] - w[2:, 0], w_next[:2, 0] - w_next[2:, 0]
        linear = u + factor * eta * sum((y / (1 + sp.exp(y * u.dot(x))) * x for x, y in ((xp, 1), (xm, -1))),
                                        sp.zeros(2, 1))
        diffs = [sp.expand(a - b) for a, b in zip(list(u_next) + list(w_next[:2, 0] + w_next[2:, 0]),
                                                   list(linear) + list(w[:2, 0] + w[2:, 0]))]
        transcript = [f"u' − (linear GD step) = {diffs[:2]}", f"s' − s = {diffs[2:]}"]
        if all(d == 0 for d in diffs):
            return _result(gp.PROVEN, "s' = s and u' is the linear GD step, identically", {}, transcript)
        point = {c: sp.Rational(3, 5), s: sp.Rational(4, 5), eta: 1, **{p: sp.Rational(k + 1, 3) for k, p in enumerate(w)}}
        values = [sp.N(d.subs(point), 30) for d in diffs]
        if any(abs(v) > sp.Float(10) ** -20 for v in values):
            return _result(gp.REFUTED, f"the step differs by {max(values, key=abs)} at a test point", {}, transcript,
                           counterexample={"theta": "2*atan(4/3)", "weights": [str(point[p]) for p in w], "eta": 1,
                                           "difference": [str(v) for v in values], "dps": 30})
        return _result(gp.UNDECIDED, "the difference did not expand to 0 and vanishes at the test point", {}, transcript)

    return gp.Claim(
        "margin.linear-phase", "Pattern-1111 phase is linear logistic GD on u = w1 − w2",
        f"While the pattern is 1111: s = w1 + w2 is invariant and u = w1 − w2 satisfies "
        f"u_{{t+1}} = u_t + {factor}η Σ_i y_i |ℓ'(y_i u_t·x_i)| x_i.",
        _prov("4"), checks=[step])


# ---------------------------------------------------------------------------------------------
# §4 L4 growth, long horizon
# ---------------------------------------------------------------------------------------------

def _growth(loss: str, log_coefficient=sp.Rational(1, 2)) -> gp.Claim:
    """L4: a_{t+1} = a_t + η|ℓ'(a_t)| has G(a_t) − ηt − (η/2) ln t → const, G = e^a (+ a for logistic),
    and a_t = ln(ηt) + O(ln t/t) [derived, margin.md §4].

    Asymptotic check with rigorous enclosures (:func:`gdperceptron.numeric.recursion.advance`) at
    t = 10^3 … 10^12 for (a0, η) ∈ {(1, 1), (−2, 1/2), (3, 2)}: the increments of
    C_t = G(a_t) − ηt − c·η ln t between grid points must be within the O(ln t/t) allowance
    10(1 + η²) ln t/t (Cauchy) up to the certified enclosure of C_t (radius ≈ 1/s² ≈ 10⁻⁷ with the
    engine's s = 2000 direct steps: the clock G is known to that absolute accuracy at every t), and
    (a_t − ln ηt)·t/ln t must stay bounded.  A wrong coefficient c (``log_coefficient``) leaves a
    certified drift of (1/2 − c)·η·ln 10 per decade: refuted when the increment is certified to
    exceed the allowance at each of the last three grid steps.
    """
    G = "e^a + a" if loss == "logistic" else "e^a"

    @gp.check("asymptotic", f"rigorous {G} − ηt − {log_coefficient}·η ln t at t = 10^3 … 10^12")
    def long_horizon(ctx):
        horizons = QUICK_HORIZONS if ctx.quick else HORIZONS
        rows, evidence = [], {}
        for a0, eta in ((1, 1), (-2, sp.Rational(1, 2)), (3, 2)):
            a_T = recursion.advance(a0, eta, horizons, loss=loss, dps=ctx.dps)
            with gp.margin.geometry.interval_dps(ctx.dps):
                h = recursion.exact_interval(eta)
                C = [recursion.clock(a, loss) - h * T - recursion.exact_interval(log_coefficient) * h * mpmath.iv.log(T)
                     for a, T in zip(a_T, horizons)]
                incr = [C[i + 1] - C[i] for i in range(len(C) - 1)]
                allowance = [10 * mpmath.iv.log(T) / T * (1 + h * h) for T in horizons[:-1]]
                big_o = [(a - mpmath.iv.log(h * T)) * T / mpmath.iv.log(T) for a, T in zip(a_T, horizons)]
            key = f"a0={a0}, eta={eta}"
            mid = lambda x, n: mpmath.nstr(mpmath.mpf(x.mid), n)  # noqa: E731
            evidence[key] = {"C_t": [mid(c, 15) for c in C], "C_t radius": mpmath.nstr(max(c.delta for c in C) / 2, 3),
                             "increments": [mid(d, 3) for d in incr],
                             "(a_t - ln(eta t)) t/ln t": [mid(b, 5) for b in big_o]}
            rows.append(f"{key}: C_t at 10^12 = {mid(C[-1], 15)} ± {evidence[key]['C_t radius']}, last increments "
                        f"{[mid(d, 3) for d in incr[-3:]]}")
            if all(abs(d).a > al.b for d, al in zip(incr[-3:], allowance[-3:])):
                return _result(gp.REFUTED, f"C_t drifts by {mid(incr[-1], 6)} per step of the grid ({key})",
                               evidence, rows, ctx.dps,
                               {"a0": a0, "eta": str(eta), "loss": loss, "C_t": evidence[key]["C_t"],
                                "dps": ctx.dps, "certified": True})
            consistent = all(abs(d).a <= al.b for d, al in zip(incr[-3:], allowance[-3:]))
            if not consistent or max(c.delta for c in C) > mpmath.mpf(10) ** -5 or max(abs(b).b for b in big_o[1:]) > 10:
                return _result(gp.UNDECIDED, f"no clear convergence for {key}", evidence, rows, ctx.dps)
        evidence["dps"] = ctx.dps
        return _result(gp.SUPPORTED, "C_t converges (certified increments within O(ln t/t)) and "
                       "a_t − ln(ηt) = O(ln t/t) at 3 starting points", evidence, rows, ctx.dps)

    return gp.Claim(
        f"margin.growth-{loss}", f"L4: growth of the own-point activation, {loss} loss",
        f"For a_{{t+1}} = a_t + η|ℓ'(a_t)| ({loss}): {G} − ηt − {log_coefficient}·η ln t converges as t → ∞, "
        f"hence a_t = ln(ηt) + O(ln t / t).",
        _prov("4 L4"), checks=[long_horizon])


def growth_exponential(log_coefficient=sp.Rational(1, 2)) -> gp.Claim:
    return _growth("exponential", log_coefficient)


def growth_logistic(log_coefficient=sp.Rational(1, 2)) -> gp.Claim:
    return _growth("logistic", log_coefficient)


def gradient_flow_lambert(shift=True) -> gp.Claim:
    """a(t) = C − W0(e^C), C = ηt + a0 + e^{a0}, solves a' = η/(1 + e^a), a(0) = a0 [derived, margin.md §4].

    Symbolic: e^{a} = W0(e^C) (from W e^W = e^C), so a' = η(1 − W'(e^C)e^C) = η/(1 + W) = η/(1 + e^a),
    and a(0) = a0 + e^{a0} − W0(e^{a0} e^{e^{a0}}) = a0.  ``shift=False`` drops e^{a0} from C (false).
    """
    t, eta = sp.symbols("t eta", positive=True)
    a0 = sp.Symbol("a0", real=True)
    C = eta * t + a0 + (sp.exp(a0) if shift else 0)
    a = C - sp.LambertW(sp.exp(C))

    @gp.check("symbolic", "ODE and initial value of the Lambert-W solution")
    def ode(ctx):
        W = sp.Symbol("W", positive=True)
        lhs = sp.diff(a, t)
        rhs = eta / (1 + sp.exp(a))
        # e^{−W0(z)} = W0(z)/z: substitute W0(e^C) = W and simplify with that identity
        residual = sp.simplify((lhs - rhs).subs(sp.LambertW(sp.exp(C)), W).subs(sp.exp(-W), W / sp.exp(C)))
        initial = sp.simplify(a.subs(t, 0).subs(sp.LambertW(sp.exp(a0 + sp.exp(a0))), sp.exp(a0)) - a0) \
            if shift else sp.simplify(a.subs(t, 0) - a0)
        transcript = [f"a(t) = {a}", f"a' − η/(1 + e^a) = {residual} (with W := W0(e^C), e^(−W) = W/e^C)",
                      f"a(0) − a0 = {initial}"]
        if residual == 0 and initial == 0:
            return _result(gp.PROVEN, "a' = η/(1 + e^a) and a(0) = a0 for every t, η > 0, a0", {}, transcript)
        witness = {a0: 0, eta: 1, t: 0}
        value = sp.N(a.subs(witness) - 0, 30)
        if initial != 0 and abs(value) > sp.Float(10) ** -20:
            return _result(gp.REFUTED, f"a(0) = {value} ≠ a0 = 0", {}, transcript,
                           counterexample={"a0": 0, "eta": 1, "a(0)": str(value), "dps": 30})
        return _result(gp.UNDECIDED, "SymPy could not reduce the residual to 0", {}, transcript)

    return gp.Claim(
        "margin.gradient-flow-lambert", "Gradient flow of the growth recursion in closed form (Lambert W)",
        "For the logistic loss, a(t) = C − W0(e^C) with C = ηt + a0 + e^{a0} solves a' = η/(1 + e^a), a(0) = a0.",
        _prov("4 L4"), checks=[ode], formulas=[sp.Eq(sp.Function("a")(t), a)])


# ---------------------------------------------------------------------------------------------
# §5 the rate law
# ---------------------------------------------------------------------------------------------

def _closed_form_rho(a):
    """Canonical example: ρ_t = (a_t + 0.1)/√((a_t + 0.1)² + (a_t + 0.3)²) (margin.md §5), intervals."""
    p, q = a + recursion.exact_interval(sp.Rational(1, 10)), a + recursion.exact_interval(sp.Rational(3, 10))
    return p / mpmath.iv.sqrt(p * p + q * q)


def canonical_rate(limit=sp.Rational(2, 10) / (2 * sp.sqrt(2))) -> gp.Claim:
    """Canonical example (θ = π/2, w1(0) = (1, −0.3), w2(0) = (−0.1, 1), η = 1, logistic): the closed form
    equals full GD, and (ρ* − ρ_t)·ln(ηt) → 0.2/(2√2) (equivalently gap·a_t) [derived, margin.md §5].

    Instance check: full GD (``gp.run_gd``, 50 digits) to t = 2000; at each checkpoint the exact robust
    margin of the GD weights agrees with the closed form evaluated on a rigorous enclosure of a_t.
    Asymptotic check: rigorous ρ_t at t = 10^3 … 10^12 by the final-phase jump, then the rate fit
    (``gdperceptron.numeric.rates``): the law c/ln(ηt) must be supported, the alternatives rejected
    and c within its error bar of ``limit`` (a false variant gives another limit).
    """
    data = _canonical_data()

    @gp.check("instance", "closed form = full GD at checkpoints up to t = 2000", covers="part")
    def closed_form(ctx):
        T = 300 if ctx.quick else 2000
        checkpoints = list(range(0, T + 1, T // 10))
        traj = gm.run(data, CANONICAL_INIT, CANONICAL_ETA, T, dps=ctx.dps, record_every=T // 10)
        a_t = recursion.advance(1, CANONICAL_ETA, checkpoints, dps=ctx.dps)
        worst, rows = mpmath.mpf(0), []
        with gp.margin.geometry.interval_dps(ctx.dps):
            for t, a in zip(checkpoints, a_t):
                gd = gm.robust_margin(TWO, traj.params[t], data, certified=True, dps=ctx.dps)
                closed = _closed_form_rho(a)
                diff = abs(mpmath.mpf(gd.mid) - mpmath.mpf(closed.mid))
                worst = max(worst, diff)
                rows.append(f"t = {t}: GD ρ = {mpmath.nstr(gd.mid, 20)}, closed form {mpmath.nstr(closed.mid, 20)}")
                if diff > mpmath.mpf(10) ** (-(ctx.dps // 2)):
                    return _result(gp.REFUTED, f"closed form differs from GD at t = {t} by {mpmath.nstr(diff, 5)}",
                                   {}, rows, ctx.dps, {"t": t, "difference": mpmath.nstr(diff, 10), "dps": ctx.dps})
        agreement = (f"to {mpmath.nstr(worst, 3)}" if worst else f"in every one of the {ctx.dps} digits computed")
        return _result(gp.SUPPORTED, f"closed form = GD {agreement} at {len(checkpoints)} checkpoints "
                       f"(the limit is checked by the asymptotic check)",
                       {"checkpoints": checkpoints, "max difference": mpmath.nstr(worst, 5), "dps": ctx.dps},
                       rows, ctx.dps)

    @gp.check("asymptotic", "ρ_t to t = 10^12 and the fitted constant of c/ln(ηt)", covers="part")
    def long_horizon(ctx):
        horizons = QUICK_HORIZONS if ctx.quick else HORIZONS
        final = gm.final_phase(CANONICAL_INIT, 0, data, CANONICAL_ETA, horizons, dps=ctx.dps)
        with mpmath.workdps(ctx.dps):
            gaps, radius = _gaps(final, data)
            fit = rates.test_law(horizons, gaps, "1/ln t", eta=CANONICAL_ETA, expected_constant=mpmath.mpf(sp.N(limit, ctx.dps)),
                                 radius=radius)
        evidence = fit.evidence()
        evidence.update({"rho_t": {str(T): mpmath.nstr(f.rho.mid, 20) for T, f in zip(horizons, final)},
                         "rho_t radius": mpmath.nstr(max(f.rho.delta for f in final), 3),
                         "claimed limit": str(limit), "dps": ctx.dps,
                         "plot": {"title": "canonical example", "xlabel": "t", "ylabel": "(ρ* − ρ_t)·ln(ηt)",
                                  "logx": True, "series": [
                                      rates.plot_series(horizons, fit, "gap·ln(ηt), 50-digit enclosure midpoints"),
                                      {"label": f"claimed limit {limit}", "style": "line",
                                       "x": [str(horizons[0]), str(horizons[-1])],
                                       "y": [str(sp.N(limit, 15))] * 2}]}})
        if fit.contradicted:
            return _result(gp.REFUTED, f"fitted constant {fit.constant} is not {limit} = {sp.N(limit, 10)}", evidence,
                           fit.reasons, ctx.dps, {"instance": "canonical example", "fitted constant": str(fit.constant),
                                                  "claimed": str(sp.N(limit, 15)), "dps": ctx.dps})
        if fit.supported:
            return _result(gp.SUPPORTED, f"gap·ln(ηt) → {fit.constant} (claimed {sp.N(limit, 10)})", evidence,
                           fit.reasons, ctx.dps)
        return _result(gp.UNDECIDED, "the rate fit is inconclusive", evidence, fit.reasons, ctx.dps)

    return gp.Claim(
        "margin.canonical-rate", "Canonical example: gap · ln t → 0.2/(2√2)",
        "θ = π/2, x± = e1, e2, w1(0) = (1, −0.3), w2(0) = (−0.1, 1), η = 1, logistic sum loss: the pattern is 1001 "
        "from t = 0, ρ_t = (a_t + 0.1)/√((a_t + 0.1)² + (a_t + 0.3)²) with a_t the growth recursion from a_0 = 1, "
        f"and (ρ* − ρ_t)·ln(ηt) → {limit}.",
        _prov("5"), checks=[closed_form, long_horizon],
        formulas=[sp.Eq(sp.Symbol(r"\lim_{t\to\infty} (\rho^* - \rho_t)\ln(\eta t)"), limit)])


def _absorbed_state(data, init, eta, dps, max_steps=3000):
    """(t0, params at t0) with the pattern 1001 at t0 = 300, 600, … ≤ max_steps (it then stays, L2), or None."""
    params, t0 = init, 0
    while t0 < max_steps:
        params = gm.run(data, params, eta, 300, dps=dps, record_every=300).params[300]
        t0 += 300
        with mpmath.workdps(dps):
            if gm.pattern(params, data) == gm.reference.ABSORBING:
                return t0, params
    return None


def rate_law(constant=lambda delta, theta: delta / (4 * sp.sin(theta / 2)), law="1/ln t") -> gp.Claim:
    """lim ln(ηt)(ρ* − ρ_t) = Δ/(4 sin(θ/2)), Δ = |κ1 − κ2| [derived, margin.md §5].

    Over θ ∈ {π/2, 7π/12, 2π/3, 3π/4, 5π/6} and random non-degenerate initializations (seeded, |Δ| ≥ 0.05)
    with η ∈ {1/2, 1, 2}: GD (50 digits) until the pattern is 1001, then rigorous final-phase enclosures
    of ρ_t at t = 10^3 … 10^12 (half decades) and the rate fit of ``law`` with the predicted constant;
    an instance whose fit is inconclusive there (large second-order term: |κ1 + κ2| ≫ Δ) is refitted
    on t = 10^3 … 10^30.  A false
    variant changes ``constant`` (e.g. Δ/(2 sin(θ/2))) or ``law``.
    """
    thetas = [sp.pi / 2, 7 * sp.pi / 12, 2 * sp.pi / 3, 3 * sp.pi / 4, 5 * sp.pi / 6]

    @gp.check("asymptotic", "rate fit over a grid of θ and random initializations")
    def grid(ctx):
        count = 2 if ctx.quick else 5
        horizons = QUICK_HORIZONS if ctx.quick else HORIZONS
        evidence, rows, all_supported, series = {}, [], True, []
        rng = random.Random(ctx.seed)
        for k in range(count):
            th = thetas[(k * 2) % len(thetas)] if ctx.quick else thetas[k % len(thetas)]
            eta = (sp.Rational(1, 2), 1, 2)[k % 3]
            data = gm.pair(th)
            while True:
                init = _obtuse_init(rng, data, spread=0.9)
                state = _absorbed_state(data, init, eta, ctx.dps)
                if state is None:
                    continue
                with mpmath.workdps(ctx.dps):
                    k1, k2 = gm.invariants(state[1], data)
                if abs(k1 - k2) >= 0.05:
                    break
            t0, params = state
            for grid in (horizons, LONG_HORIZONS):  # a longer grid only when the first is inconclusive
                ts = [t0 + T for T in grid]
                final = gm.final_phase(params, t0, data, eta, ts, dps=ctx.dps)
                with mpmath.workdps(ctx.dps):
                    gaps, radius = _gaps(final, data)
                    delta = abs(k1 - k2)
                    predicted = mpmath.mpf(sp.N(constant(sp.Float(delta, ctx.dps), th), ctx.dps))
                    fit = rates.test_law(ts, gaps, law, eta=eta, expected_constant=predicted, radius=radius)
                if fit.supported or fit.contradicted:
                    break
            key = f"theta={th}, eta={eta}, init={[str(v) for v in init]}"
            evidence[key] = {"T0": t0, "grid": f"t0 + 10^3 … t0 + {grid[-1]:.0e} ({len(grid)} points)", "Delta": mpmath.nstr(delta, 12), "predicted": mpmath.nstr(predicted, 12),
                             **fit.evidence()}
            series.append(rates.plot_series(ts, fit, f"θ = {th}", reference=predicted))
            rows.append(f"{key}: T0 = {t0}, Δ = {mpmath.nstr(delta, 8)}, fitted {fit.constant}, "
                        f"predicted {mpmath.nstr(predicted, 8)}, supported: {fit.supported}")
            if fit.contradicted:
                return _result(gp.REFUTED, f"at θ = {th}: fitted {fit.constant} vs predicted {mpmath.nstr(predicted, 8)}",
                               evidence, rows, ctx.dps, {"theta": str(th), "eta": str(eta), "init": [str(v) for v in init],
                                                         "fitted": str(fit.constant),
                                                         "predicted": mpmath.nstr(predicted, 12), "dps": ctx.dps})
            all_supported &= fit.supported
        evidence["dps"] = ctx.dps
        evidence["plot"] = {"title": f"rate law {law}: fitted / predicted", "xlabel": "t",
                            "ylabel": "(ρ* − ρ_t)/f(t) ÷ predicted constant", "logx": True, "series": series}
        if all_supported:
            return _result(gp.SUPPORTED, f"the law {law} with the predicted constant is supported on {count} instances",
                           evidence, rows, ctx.dps)
        return _result(gp.UNDECIDED, "some fits were inconclusive", evidence, rows, ctx.dps)

    D, th = sp.symbols("Delta theta", positive=True)
    return gp.Claim(
        "margin.rate-law", "The margin gap decays as Δ/(4 sin(θ/2) ln(ηt))",
        f"For θ ∈ [π/2, π) and non-degenerate initializations with Δ = |κ1 − κ2| ≠ 0: "
        f"(ρ* − ρ_t) ~ {constant(D, th)}·f(t) with f = {law} (L = ln(ηt)).",
        _prov("5"), checks=[grid],
        formulas=[sp.Eq(sp.Symbol(r"\lim_{t\to\infty} \ln(\eta t)(\rho^* - \rho_t)"), constant(D, th))])


def second_order(coefficient=lambda k1, k2, s, c: (k1 - k2) * (2 * (k1 + k2) - s**2 * (k1 + 3 * k2)) / (32 * s**3 * c**2))\
        -> gp.Claim:
    """ρ* − ρ = (κ1−κ2)/(4sL) + (κ1−κ2)(2(κ1+κ2) − s²(κ1+3κ2))/(32 s³c² L²) + O(L⁻³) for a = b = L,
    κ1 ≥ κ2 [derived, margin.md §5].

    Symbolic: with P = n·x+ = 2s²L − κ2, Q = −n·x− = 2s²L − κ1 ≤ P and ‖n‖² = (P+Q)²/(4s²) + (P−Q)²/(4c²)
    (each verified from the definitions in the plane, x± = (c, ±s)), ρ = Q/‖n‖ (L5's formula, an input of
    the statement: the claim is narrowed to it); SymPy expands s − ρ in 1/L and compares the first two
    coefficients (c² + s² = 1).
    Numeric: on the canonical example at t = 10^6 … 10^12, (gap − two terms)·a_t³ stays bounded.
    """
    k1, k2, L = sp.symbols("kappa1 kappa2 L", real=True)
    s, c, x = sp.symbols("s c x", positive=True)

    @gp.check("symbolic", "series of s − ρ in 1/L, a = b = L")
    def series(ctx):
        P, Q = 2 * s**2 * L - k2, 2 * s**2 * L - k1
        rho = Q / sp.sqrt((P + Q) ** 2 / (4 * s**2) + (P - Q) ** 2 / (4 * c**2))
        gap = (s - rho).subs(L, 1 / x)
        expansion = sp.series(gap, x, 0, 3).removeO()
        first = sp.simplify(expansion.coeff(x, 1) - (k1 - k2) / (4 * s))
        second = _on_circle(expansion.coeff(x, 2) - coefficient(k1, k2, s, c), c, s)
        transcript = [f"ρ = {rho}", f"[1/L] coefficient − (κ1−κ2)/(4s) = {first}",
                      f"[1/L²] coefficient − claimed = {second} (c² = 1 − s²)"]
        # the inputs of the expansion, from the definitions in the plane x± = (c, ±s), w1·x+ = w2·x− = L
        p1, p2, q2 = sp.symbols("p1 p2 q2", real=True)
        w1 = sp.Matrix([(L - p2 * s) / c, p2])                    # w1·x+ = L
        w2 = sp.Matrix([(L + q2 * s) / c, q2])                    # w2·x− = L
        xp, xm, cos_t = sp.Matrix([c, s]), sp.Matrix([c, -s]), c**2 - s**2
        n = w1 - w2
        kap1, kap2 = w1.dot(xm) - cos_t * w1.dot(xp), w2.dot(xp) - cos_t * w2.dot(xm)
        inputs = {"n·x+ − (2s²L − κ2)": _on_circle(n.dot(xp) - (2 * s**2 * L - kap2), c, s),
                  "−n·x− − (2s²L − κ1)": _on_circle(-n.dot(xm) - (2 * s**2 * L - kap1), c, s),
                  "‖n‖² − ((P+Q)²/(4s²) + (P−Q)²/(4c²))": sp.simplify(
                      n.dot(n) - ((n.dot(xp) - n.dot(xm)) ** 2 / (4 * s**2) + (n.dot(xp) + n.dot(xm)) ** 2 / (4 * c**2))),
                  "P − Q − (κ1 − κ2) (so Q = min(P, Q) when κ1 ≥ κ2)": _on_circle(
                      n.dot(xp) + n.dot(xm) - (kap1 - kap2), c, s)}
        transcript += [f"{label} = {value}" for label, value in inputs.items()]
        if first == 0 and second == 0 and all(v == 0 for v in inputs.values()):
            return _result(gp.PROVEN, "both coefficients agree identically (and P, Q, ‖n‖ follow from the "
                           "definitions in the plane)", {}, transcript)
        if first == 0 and second == 0:
            return _result(gp.UNDECIDED, "SymPy could not verify P, Q, ‖n‖ from the definitions", {}, transcript)
        point = {k1: sp.Rational(-1, 10), k2: sp.Rational(-3, 10), s: sp.Rational(4, 5)}
        value = gp.checks.certainly_nonzero([first.subs(point), second.subs(point)], 30)
        if value is not None:
            return _result(gp.REFUTED, f"coefficient mismatch {sp.N(value, 12)} at κ1 = −0.1, κ2 = −0.3, s = 4/5", {},
                           transcript, counterexample={"kappa1": "-1/10", "kappa2": "-3/10", "s": "4/5",
                                                       "mismatch": str(value), "dps": [30, 60]})
        return _result(gp.UNDECIDED, "SymPy could not simplify the coefficient difference", {}, transcript)

    @gp.check("asymptotic", "canonical example: remainder·a_t³ bounded at t = 10^6 … 10^12", covers="evidence")
    def numeric(ctx):
        data = _canonical_data()
        horizons = [10**k for k in range(6, 13, 2 if ctx.quick else 1)]
        final = gm.final_phase(CANONICAL_INIT, 0, data, CANONICAL_ETA, horizons, dps=ctx.dps)
        with mpmath.workdps(ctx.dps):
            gaps, _ = _gaps(final, data)
            kk1, kk2 = (mpmath.mpf(v) for v in ("-0.1", "-0.3"))  # κ1 ≥ κ2 after the swap of docs/mathematics/margin.md's remark
            ss = cc = 1 / mpmath.sqrt(2)
            second = mpmath.mpf(sp.N(coefficient(sp.Float(kk1, 30), sp.Float(kk2, 30), sp.Float(ss, 30),
                                                  sp.Float(cc, 30)), 30))
            a_t = [mpmath.mpf(f.a.mid) for f in final]
            scaled = [(g - (kk1 - kk2) / (4 * ss * a) - second / a**2) * a**3 for g, a in zip(gaps, a_t)]
        rows = [f"t = {T}: (gap − 2 terms)·a³ = {mpmath.nstr(v, 8)}" for T, v in zip(horizons, scaled)]
        evidence = {"remainder*a^3": [mpmath.nstr(v, 8) for v in scaled], "dps": ctx.dps}
        growth = abs(scaled[-1]) / max(abs(scaled[0]), mpmath.mpf(10) ** -30)
        if growth < 2 and all(abs(v) < 10 for v in scaled):
            return _result(gp.SUPPORTED, "the remainder is O(a_t⁻³) on the canonical example", evidence, rows, ctx.dps)
        return _result(gp.UNDECIDED, f"remainder·a³ grows (×{mpmath.nstr(growth, 3)})", evidence, rows, ctx.dps)

    return gp.Claim(
        "margin.second-order", "Second-order expansion of the margin gap",
        "In the plane (d = 2), for the final-phase margin of L5, ρ = min(P, Q)/‖n‖ with n = w1 − w2, P = n·x+, "
        "Q = −n·x− (taken as given, not checked here), with a_t = b_t = L and κ1 ≥ κ2: "
        "ρ* − ρ = (κ1−κ2)/(4sL) + (κ1−κ2)(2(κ1+κ2) − s²(κ1+3κ2))/(32 s³ c² L²) + O(L⁻³), "
        "s = sin(θ/2), c = cos(θ/2).",
        _prov("5"), checks=[series, numeric],
        formulas=[sp.Eq(sp.Symbol(r"\rho^* - \rho"), (k1 - k2) / (4 * s * L) + coefficient(k1, k2, s, c) / L**2
                        + sp.O(L**-3, (L, sp.oo)))])


def gd_vs_flow(kappas_equal=False) -> gp.Claim:
    """Identical initialization w1(0) = w2(0): GD leaves κ1 ≠ κ2 with |κ1 − κ2| = O(η), hence a gap
    Θ(η/ln t) (gradient flow would give κ1 = κ2 = 0) [derived, margin.md §5].

    Numeric: θ ∈ {π/2, 2π/3}, w1(0) = w2(0) = (x+ + x−)/2 + (0, 1/5) (active on both points, not
    mirror-symmetric), η = 1, 1/2, …, 1/16; GD until pattern 1001; Δ(η) = |κ1 − κ2| must be clearly
    non-zero and Δ ≤ K η with the stated K = 1 (measured Δ/η fluctuates in about [0.01, 0.3]: the
    overshoot past each kink is a fraction of one step).  The rate Δ/(4 sin(θ/2) ln ηt) is then the
    rate law (checked by ``margin.rate-law``).  ``kappas_equal=True`` states the
    false variant "GD keeps κ1 = κ2 like the flow".
    """

    @gp.check("asymptotic", "Δ(η) from identical initializations and the resulting rate")
    def run(ctx):
        etas = [1, sp.Rational(1, 2), sp.Rational(1, 4)] + ([] if ctx.quick else [sp.Rational(1, 8), sp.Rational(1, 16)])
        rows, evidence = [], {}
        for th in ([sp.pi / 2] if ctx.quick else [sp.pi / 2, 2 * sp.pi / 3]):
            data = gm.pair(th)
            plus, minus = gm.points(data)
            w = [sp.nsimplify(sp.N((a + b) / 2, 8)) + sp.Rational(1, 5) * k for k, (a, b) in
                 enumerate(zip(plus, minus))]  # off the mirror axis, else w = Rw and Δ = 0 by symmetry
            ratios = []
            for eta in etas:
                state = _absorbed_state(data, w + w, eta, ctx.dps, max_steps=4000)
                if state is None:
                    return _result(gp.UNDECIDED, f"no absorption within 4000 steps (θ = {th}, η = {eta})", evidence, rows)
                with mpmath.workdps(ctx.dps):
                    k1, k2 = gm.invariants(state[1], data)
                    delta = abs(k1 - k2)
                ratios.append(delta / mpmath.mpf(sp.N(eta, ctx.dps)))
                rows.append(f"θ = {th}, η = {eta}: T0 = {state[0]}, κ1 = {mpmath.nstr(k1, 10)}, κ2 = {mpmath.nstr(k2, 10)}, "
                            f"Δ/η = {mpmath.nstr(ratios[-1], 6)}")
                if kappas_equal and delta > mpmath.mpf(10) ** (-(ctx.dps // 2)):
                    return _result(gp.REFUTED, f"κ1 ≠ κ2 after GD from identical neurons (Δ = {mpmath.nstr(delta, 8)})",
                                   evidence, rows, ctx.dps, {"theta": str(th), "eta": str(eta), "init": [str(v) for v in w + w],
                                                             "kappa1": mpmath.nstr(k1, 15), "kappa2": mpmath.nstr(k2, 15),
                                                             "dps": ctx.dps})
            evidence[f"theta={th}"] = {"eta": [str(e) for e in etas], "Delta/eta": [mpmath.nstr(r, 8) for r in ratios]}
            if min(ratios) * min(etas) < mpmath.mpf(10) ** (-(ctx.dps // 2)) or max(ratios) > 1:
                return _result(gp.UNDECIDED, "Δ is not clearly non-zero, or Δ/η exceeds the stated K = 1", evidence,
                               rows, ctx.dps)
        evidence["dps"] = ctx.dps
        return _result(gp.SUPPORTED, "0 < Δ ≤ η for every η (the gap is then Δ/(4 sin(θ/2) ln ηt), margin.rate-law)",
                       evidence, rows, ctx.dps)

    return gp.Claim(
        "margin.gd-vs-flow", "GD from identical neurons leaves κ1 ≠ κ2 = O(η)",
        "From w1(0) = w2(0) (active on both points), GD ends in pattern 1001 with "
        + ("κ1 = κ2 (as gradient flow)." if kappas_equal else "κ1 ≠ κ2 and |κ1 − κ2| = O(η), hence a gap of order "
                                                               "η/ln t; gradient flow would stop both neurons at their "
                                                               "kinks with κ1 = κ2."),
        _prov("5"), checks=[run])


zero_set_distance_claim = zero_set_distance()
optimal_value_claim = optimal_value()
max_margin_network_claim = max_margin_network()
mirror_symmetry_claim = mirror_symmetry()
monotonicity_claim = monotonicity()
absorption_claim = absorption()
frozen_invariants_claim = frozen_invariants()
linear_phase_claim = linear_phase()
growth_exponential_claim = growth_exponential()
growth_logistic_claim = growth_logistic()
gradient_flow_lambert_claim = gradient_flow_lambert()
canonical_rate_claim = canonical_rate()
rate_law_claim = rate_law()
second_order_claim = second_order()
gd_vs_flow_claim = gd_vs_flow()
