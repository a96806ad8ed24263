"""Implicit acceleration on the chain family: the Ω(d) linear barrier and the two-layer scaling
(docs/mathematics/acceleration.md §2).

The seed paper's headline [paper, arXiv 2512.11587, abstract] is that a two-layer model reaches
iteration complexity Õ(√d) where linear models need Ω(d), on a "minimalistic example" whose data
and step size were **not recovered**.  These claims therefore live on the chain family, which is
our own [derived] construction, and they are [derived] statements: they reproduce the phenomenon's
shape, not the paper's theorem.

Each claim is built by a function whose arguments are the claim's constants, so a test (or a
user) can state a deliberately false variant with the same code.  The module-level instances are
the shipped statements.
"""

import sympy as sp

import gdperceptron as gp
from gdperceptron.scaling.certified_chain import certify_linear_chain
from gdperceptron.scaling.chain_support import prove_for_d

CHAIN = gp.Provenance("derived", "docs/mathematics/acceleration.md §2 (chain family); headline of arXiv 2512.11587 [paper] "
                                 "is on an unrecovered example")
GAMMAS = ("1/100", "1/10", "1", "10", "100", "1000", "10000", "100000", "1000000")
"""The step-size grid of the certified runs: 10⁻² … 10⁶."""

gamma_sym, d_sym, t_sym = sp.Symbol("gamma", positive=True), sp.Symbol("d", integer=True, positive=True), \
    sp.Symbol("t", integer=True, nonnegative=True)


# ---------------------------------------------------------------- the linear barrier ----------
def _support_induction(extra: int = 0):
    """The support lemma's induction, each step a SymPy computation with symbolic d, t, j and γ.

    Linear GD with the mean logistic loss from v_0 = 0 on chain(d) is v_{t+1} = v_t + (γ/d) Σ_i s_i b_i with
    s_i = σ(−m_i) (``reduction.gd-is-weighted-perceptron`` with g(b; v) = vᵀb, ∇g = b, y_i = +1) and
    m_i = vᵀb_i = v_i − v_{i+1} (i < d), m_d = v_d.  Induction hypothesis at t: v_{t,j} = u(j) for
    j ≤ t (u an undefined function: any values) and 0 beyond.  The step computes the new coordinate
    v_{t+1,j} for a generic j > t + 1 — as a Sum over the touched samples i ≤ t (weights s(i): any values)
    and over the untouched samples i = t + 1 + r ≥ t + 1 (weights σ of their margins, evaluated by SymPy from
    the hypothesis) — in the two cases j = d and j < d, with j = t + 1 + k (k ≥ 1) and the gap to d an
    integer symbol; each must simplify to 0.  ``extra`` > 0 asks for more zero coordinates
    (supp(v_{t+1}) ⊆ [t + 1 − extra]), which is false: the coordinate j = t + 1 survives, and the case
    that does not vanish is returned.  Returns (ok, transcript, failure).
    """
    t = sp.Symbol("t", integer=True, nonnegative=True)
    k = sp.Symbol("k", integer=True, positive=True)
    l_ = sp.Symbol("l", integer=True, nonnegative=True)
    q = sp.Symbol("q", integer=True, nonnegative=True)
    r = sp.Symbol("r", integer=True, nonnegative=True)
    u, s = sp.Function("u", real=True), sp.Function("s", real=True)
    weight = gp.losses.LOGISTIC.sympy_weight  # σ(−m) = 1/(1 + e^m)

    def v(j):  # the induction hypothesis: supp(v_t) ⊆ [t]
        return sp.Piecewise((u(j), j <= t), (0, True))

    def b(i, j):  # (b_i)_j = δ_ij − δ_{i+1,j} for i < d
        return sp.KroneckerDelta(i, j) - sp.KroneckerDelta(i + 1, j)

    def new_coordinate(j, d):
        touched = sp.Sum(s(t - q) * b(t - q, j), (q, 0, t - 1))                       # i = t − q ≤ t
        untouched = (sp.Sum(weight(v(t + 1 + r) - v(t + 2 + r)) * b(t + 1 + r, j), (r, 0, d - t - 2))  # t < i < d
                     + weight(v(d)) * sp.KroneckerDelta(d, j))                        # i = d: m_d = v_d, b_d = e_d
        return v(j) + gamma_sym / d * (touched + untouched)

    transcript = ["base: v_0 = 0, supp(v_0) = ∅ = [0]",
                  "step: v_{t+1,j} = v_{t,j} + (γ/d)(Σ_{i≤t} s_i b_ij + Σ_{t<i<d} σ(−(v_{t,i} − v_{t,i+1})) b_ij "
                  "+ σ(−v_{t,d}) δ_dj), hypothesis v_{t,j} = u(j)·[j ≤ t]"]
    first = t + 2 - extra
    cases = [(f"t + 1 < j = d (j = t + 1 + k, k ≥ 1)", t + 1 + k, t + 1 + k),
             (f"t + 1 < j < d (d = j + 1 + l, l ≥ 0)", t + 1 + k, t + 2 + k + l_)]
    if extra:  # the false strengthening: the coordinate j = t + 1 would have to vanish as well
        cases = [(f"j = {first} (claimed zero)", first, first + l_)] + cases
    for label, j, d in cases:
        value = sp.simplify(new_coordinate(j, d).doit())
        transcript.append(f"{label}: v_{{t+1,j}} = {value}")
        if value != 0:
            return False, transcript, {"case": label, "v_{t+1,j}": str(value)}
    consequence = v(t + 1 + l_)  # d = t + 1 + l > t
    transcript.append(f"consequence: for d > t, m_d(v_t) = v_{{t,d}} = {consequence}, not > 0, so v_t does not "
                      "separate; by induction on t this holds for every t < d, every d and every γ > 0")
    if consequence != 0:
        return False, transcript, {"case": "consequence", "m_d": str(consequence)}
    return True, transcript, None


def chain_linear_lower_bound(extra: int = 0, symbolic_sizes=range(1, 17), quick_symbolic_sizes=range(1, 7),
                             certified=((16, GAMMAS), (64, GAMMAS), (256, ("1000000",))),
                             quick_certified=((8, ("1/100", "1", "1000000")), (16, ("1/100", "1000000")))
                             ) -> gp.Claim:
    """Linear GD on chain(d) from v_0 = 0: supp(v_t) ⊆ [t] for every γ > 0, hence no separation before
    t = d (``extra`` = 0).  ``extra`` > 0 states the false variant "no separation before t = d + extra".

    Checks: (1) the induction — base v_0 = 0 and the inductive step t → t + 1 computed by SymPy for symbolic
    d, t, j and γ (:func:`_support_induction`), and the consequence m_d(v_t) = 0 for t < d (PROVEN on the
    whole domain);
    (2) the same step at each concrete d of ``symbolic_sizes`` with γ a SymPy symbol and the touched
    coordinates free symbols; (3) certified interval runs on a (d, γ) grid: the zero pattern read off
    point enclosures, m_d(v_t) = 0 for t < d, and the certified first separation time.
    Default grid (≤ 30 s): d = 16 and 64 on all of ``GAMMAS`` and d = 256 at γ = 10⁶; the benchmark
    ``benchmarks/scaling_study.py --certified`` runs d = 256 on the whole grid.
    """
    bound = f"d + {extra}" if extra else "d"

    @gp.check("symbolic", "support lemma by induction: base and inductive step for symbolic d, t, j, γ")
    def general(ctx):
        if extra:
            return gp.CheckResult(gp.UNDECIDED, f"the support lemma gives T ≥ d, which says nothing about T ≥ {bound}")
        ok, transcript, failure = _support_induction()
        if ok:
            return gp.CheckResult(gp.PROVEN, "supp(v_t) ⊆ [t] for all d, t, γ (base and inductive step computed); "
                                  "so m_d(v_t) = 0 for t < d", {"domain": "all d ≥ 1, 0 ≤ t < d, γ > 0"}, transcript)
        return gp.CheckResult(gp.UNDECIDED, f"a case did not simplify: {failure}", {}, transcript)

    @gp.check("symbolic", "support lemma at each concrete d with γ symbolic")
    def per_d(ctx):
        sizes = list(quick_symbolic_sizes if ctx.quick else symbolic_sizes)
        transcript, proven = [], []
        for d in sizes:
            proof = prove_for_d(d)
            transcript.append(f"d = {d}: {'proven' if proof.holds else 'FAILED'} ({len(proof.transcript)} steps)")
            if not proof.holds:
                return gp.CheckResult(gp.UNDECIDED, f"d = {d}: {proof.failure}", {}, transcript + proof.transcript)
            proven.append(d)
        if extra:
            return gp.CheckResult(gp.UNDECIDED, f"support lemma proven for d ∈ {proven}, but it only gives T ≥ d",
                                  {"d": proven}, transcript)
        return gp.CheckResult(gp.VERIFIED, f"proven for every γ > 0 at each d = {proven[0]}…{proven[-1]} "
                              "(not the general statement)", {"d": proven}, transcript)

    @gp.check("certified", "interval-certified linear GD on a (d, γ) grid")
    def certified_runs(ctx):
        grid = quick_certified if ctx.quick else certified
        rows, transcript = [], []
        for d, gammas in grid:
            for g in gammas:
                cert = certify_linear_chain(d, g, steps=d + extra, max_dps=40)
                rows.append(cert.to_dict())
                transcript.append(f"d = {d}, γ = {g}: support {'certified' if cert.support_ok else 'VIOLATED'}, "
                                  f"m_d = 0 before d: {cert.last_margin_zero_before_d}, certified separation at "
                                  f"{cert.separated_at} (run to t = {d + extra}, {cert.dps} digits)")
                early = cert.separated_at is not None and cert.separated_at < d + extra
                if early:
                    return gp.CheckResult(gp.REFUTED, f"d = {d}, γ = {g}: certified separation at t = "
                                          f"{cert.separated_at} < {bound}", {"runs": rows}, transcript,
                                          counterexample={"d": d, "gamma": g, "separated_at": cert.separated_at,
                                                          "dps": cert.dps, "certified": True})
                if not (cert.support_ok and cert.last_margin_zero_before_d):
                    # an enclosure that is not the exact point 0 does not show a non-zero coordinate:
                    # nothing is certified either way, so this instance decides nothing
                    return gp.CheckResult(gp.UNDECIDED, f"d = {d}, γ = {g}: the zero pattern is not certified at "
                                          f"{cert.first_support_violation} (an enclosure is not the exact point 0)",
                                          {"runs": rows}, transcript, dps=cert.dps)
        return gp.CheckResult(gp.VERIFIED, f"certified on {len(rows)} instances (d ≤ {max(d for d, _ in grid)}, "
                              f"γ ∈ [10⁻², 10⁶])", {"runs": rows}, transcript, dps=max(r["dps"] for r in rows))

    return gp.Claim(
        "acceleration.chain-linear-lower-bound",
        "Linear GD needs at least d iterations on the chain family, for every step size",
        f"Chain family (n = d, y_i = +1, b_i = e_i − e_(i+1), b_d = e_d), linear model, mean logistic loss, "
        f"v_0 = 0: for every γ > 0 and t ≥ 0, supp(v_t) ⊆ {{1, …, t}}; hence v_t does not separate the data "
        f"for any t < {bound}.",
        CHAIN,
        checks=[general, per_d, certified_runs],
        formulas=[sp.Eq(sp.Symbol(r"v_{t,j}"), 0), sp.Symbol(r"T_{\mathrm{lin}}(d,\gamma)") >= d_sym + extra],
        description="Untouched samples have margin exactly 0 and weight σ(0) = 1/2; their features telescope, "
                    "Σ_{i>t} b_i = e_(t+1). The paper's Ω(d) is on its own (unrecovered) example.",
    )


def chain_linear_early_separation(d: int = 8) -> gp.Claim:
    """The false statement "for some γ > 0, linear GD separates chain(d) before t = d".

    Refuted by the support lemma: for every γ, m_d(v_{d−1}) = 0 exactly."""

    @gp.check("symbolic", "support lemma at this d with γ symbolic")
    def refute(ctx):
        proof = prove_for_d(d)
        if proof.holds:
            return gp.CheckResult(gp.REFUTED, f"for every γ > 0, m_{d}(v_t) = 0 for all t < {d}", {},
                                  proof.transcript, counterexample={"d": d, "t": d - 1, "gamma": "every γ > 0",
                                                                    "m_d(v_t)": "0 (symbolic)"})
        return gp.CheckResult(gp.UNDECIDED, "the support lemma could not be checked", {}, proof.transcript)

    return gp.Claim("variant.chain-linear-early-separation", f"Linear GD separates chain({d}) before t = {d} for some γ",
                    f"There is γ > 0 such that linear GD from 0 separates chain({d}) at some t < {d}.", CHAIN, [refute])


# ---------------------------------------------------------------- what a two-layer net must do --
alpha_sym = sp.Symbol("alpha", nonnegative=True)
z_pos = sp.Symbol("z", positive=True)
z_sym = sp.Symbol("z", real=True)
phi_sym = sp.Function("varphi")


def piecewise_linear(z, alpha):
    """φ(z) = z for z > 0, αz for z ≤ 0: identity (α = 1), ReLU (α = 0), leaky ReLU (0 < α < 1),
    the activations whose exact slope ``gp.activations.Activation.slope`` records."""
    return sp.Piecewise((z, z > 0), (alpha * z, True))


def _by_sign(name, lhs, rhs, covers="part"):
    """lhs(z) = rhs(z) for every real z and α ≥ 0, by the three cases z > 0, z < 0, z = 0."""
    cases = [gp.checks.identity(lhs(z), rhs(z), name=f"{name}, case {label}")
             for z, label in ((z_pos, "z > 0"), (-z_pos, "z < 0"))]

    @gp.check("symbolic", f"{name}, case z = 0")
    def at_zero(ctx):
        """At z = 0 both sides are exact numbers (SymPy evaluated them already), compared exactly: the
        identity check leaves plain numbers UNDECIDED, as they may come from rounded computations."""
        left, right = sp.sympify(lhs(sp.Integer(0))), sp.sympify(rhs(sp.Integer(0)))
        if left.atoms(sp.Float) or right.atoms(sp.Float):
            return gp.CheckResult(gp.UNDECIDED, "a side at z = 0 holds an inexact Float")
        diff = sp.simplify(left - right)
        if diff == 0:
            return gp.CheckResult(gp.PROVEN, f"both sides are exactly {left} at z = 0")
        if diff.is_zero is False:
            return gp.CheckResult(gp.REFUTED, f"at z = 0: {left} ≠ {right}", {}, [f"lhs − rhs = {diff}"],
                                  counterexample={"z": 0, "lhs": str(left), "rhs": str(right)})
        return gp.CheckResult(gp.UNDECIDED, f"could not decide {diff} = 0 at z = 0")

    cases.append(at_zero)

    @gp.check("symbolic", name, covers=covers)
    def run(ctx):
        results = [c(ctx) for c in cases]
        transcript = [f"{c.name}: {r.verdict.value} — {r.summary}" for c, r in zip(cases, results)]
        worst = next((r for r in results if r.verdict is gp.REFUTED), None) or \
            next((r for r in results if r.verdict is not gp.PROVEN), None)
        if worst is None:
            return gp.CheckResult(gp.PROVEN, "holds in each of the cases z > 0, z < 0, z = 0, for every α ≥ 0",
                                  {}, transcript)
        return gp.CheckResult(worst.verdict, worst.summary, worst.evidence, transcript,
                              counterexample=worst.counterexample)

    return run


def signed_chain_needs_ordering(odd_factor=1 + alpha_sym, pair_sign: int = 1, sizes=range(1, 9)) -> gp.Claim:
    """On the signed chain, linear GD is chain GD, and a two-layer net must order u = Σ_j a_j w_j.

    (i) Margins: a linear model gives the pair (b_i, +1), (−b_i, −1) the same margin vᵀb_i, so the mean
    loss over the 2d samples *is* the chain's mean loss for every loss ℓ: GD iterates coincide for
    every γ and start, and ``acceleration.chain-linear-lower-bound`` carries over (T ≥ d).
    (ii) For φ(z) = max(z, αz) (α ≥ 0; identity, ReLU, leaky ReLU): φ(z) − φ(−z) = (1 + α) z, so for
    g(b) = Σ_j a_j φ(w_jᵀb) the pair's margins add up to g(b_i) − g(−b_i) = (1 + α) uᵀb_i with
    u = Σ_j a_j w_j.  Both margins > 0 therefore forces uᵀb_i > 0 for every i, i.e.
    u_1 > u_2 > … > u_d > 0: the same ordering a linear separator of the chain needs.
    ``odd_factor`` and ``pair_sign`` state false variants (another factor; the pair's label not flipped)."""
    v = sp.MatrixSymbol("v", d_sym, 1)
    b = sp.MatrixSymbol("b", d_sym, 1)
    ell = sp.Function("ell")

    @gp.check("symbolic", "linear margins of a pair agree, for every d (MatrixSymbol v, b)", covers="part")
    def pair_margins(ctx):
        plus, minus = v.T * b, (pair_sign * -1) * (v.T * (-b))
        diff = sp.simplify(plus - minus)
        transcript = [f"m(b, +1) = {plus}", f"m(−b, {-pair_sign:+d}) = {minus}", f"simplify(difference) = {diff}"]
        if isinstance(diff, sp.ZeroMatrix) or diff == 0:
            # the mean losses, for symbolic d and any loss ℓ: the 2d samples are the d pairs, each pair
            # contributing ℓ(m_i) twice (equal margins), so f_signed = f_chain as functions of v
            i = sp.Symbol("i", integer=True, positive=True)
            margin_i = sp.Function("m")(i)  # m_i = vᵀb_i, any values
            f_signed = sp.Sum(ell(margin_i) + ell(margin_i), (i, 1, d_sym)) / (2 * d_sym)
            f_chain = sp.Sum(ell(margin_i), (i, 1, d_sym)) / d_sym
            mean_diff = sp.simplify(f_signed - f_chain)
            transcript.append(f"(1/2d) Σ_i (ℓ(m_i) + ℓ(m_i)) − (1/d) Σ_i ℓ(m_i) = {mean_diff} (d symbolic)")
            if mean_diff != 0:
                return gp.CheckResult(gp.UNDECIDED, f"the mean losses did not simplify to equal: {mean_diff}", {},
                                      transcript)
            return gp.CheckResult(gp.PROVEN, "m(−b_i, −1) = m(b_i, +1) = vᵀb_i; so f_signed = (1/2d)·Σ_i 2ℓ(vᵀb_i) "
                                  "= f_chain for every loss ℓ and every d (computed), hence the same gradient and "
                                  "the same GD iterates", {}, transcript)
        # no refutation from a failed simplification: the concrete-d check below looks for a witness
        return gp.CheckResult(gp.UNDECIDED, f"the difference did not simplify to 0: {diff}", {}, transcript)

    @gp.check("symbolic", "mean losses agree at each concrete d (symbolic v, any loss ℓ)", covers="evidence")
    def losses_agree(ctx):
        transcript = []
        for d in sizes:
            vs = sp.Matrix(sp.symbols(f"v1:{d + 1}"))
            data = gp.datasets.signed_chain(d)
            chain = gp.datasets.chain(d)
            f_signed = sum(ell(yi * (vs.T * sp.Matrix(x))[0, 0] * (1 if yi > 0 else pair_sign)) for x, yi in
                           zip(data.X, data.y)) / data.n
            f_chain = sum(ell((vs.T * sp.Matrix(x))[0, 0]) for x in chain.X) / chain.n
            diff = sp.simplify(f_signed - f_chain)
            transcript.append(f"d = {d}: f_signed − f_chain = {diff}")
            if diff != 0:
                return gp.CheckResult(gp.REFUTED, f"d = {d}: the losses differ", {}, transcript,
                                      counterexample={"d": d, "difference": str(diff)})
        return gp.CheckResult(gp.VERIFIED, f"f_signed = f_chain as functions of v for d = {sizes[0]}…{sizes[-1]}",
                              {"d": list(sizes)}, transcript)

    odd_part = _by_sign("φ(z) − φ(−z) = (1 + α)·z",
                        lambda z: piecewise_linear(z, alpha_sym) - piecewise_linear(-z, alpha_sym),
                        lambda z: odd_factor * z)
    return gp.Claim(
        "acceleration.signed-chain-needs-ordering",
        "On the signed chain a two-layer net must order u = Σ a_j w_j, and linear GD is chain GD",
        "Signed chain (the chain's b_i with y = +1 and −b_i with y = −1): (i) for the linear model every pair has "
        "equal margins, so the mean loss and every GD iterate equal the chain's (T_lin ≥ d for every γ); (ii) for "
        "φ(z) = max(z, αz), α ≥ 0, φ(z) − φ(−z) = (1 + α)z, so a two-layer net separating the signed chain has "
        "u = Σ_j a_j w_j with u_1 > u_2 > … > u_d > 0.",
        CHAIN, checks=[pair_margins, losses_agree, odd_part],
        formulas=[sp.Eq(phi_sym(z_sym) - phi_sym(-z_sym), (1 + alpha_sym) * z_sym),
                  sp.Eq(phi_sym(z_sym), piecewise_linear(z_sym, alpha_sym))],
        description="Why a second family: the chain has one label, and a leaky net separates it without any "
                    "ordering (acceleration.chain-one-class-shortcut); on the signed chain it cannot.",
    )


def chain_one_class_shortcut(even_factor=1 - alpha_sym, sizes=range(1, 17)) -> gp.Claim:
    """φ(z) + φ(−z) = (1 − α)|z| for φ(z) = max(z, αz): the width-2 net (w, −w), a = (1, 1) has
    margins (1 − α)|wᵀb_i| on the chain — it separates chain(d) for α < 1 as soon as no wᵀb_i is 0,
    e.g. w = (1, 2, 1, 2, …) (wᵀb_i = ±1, wᵀb_d ∈ {1, 2}), which is not ordered.  Iteration counts of such nets on the
    one-class chain therefore say nothing about ordering; ``even_factor`` states false variants."""
    even_part = _by_sign("φ(z) + φ(−z) = (1 − α)·|z|",
                         lambda z: piecewise_linear(z, alpha_sym) + piecewise_linear(-z, alpha_sym),
                         lambda z: even_factor * sp.Abs(z), covers="claim")
    tenth = sp.Rational(1, 10)

    @gp.check("instance", "exact margins of the alternating width-2 leaky net on chain(d)", covers="evidence")
    def alternating(ctx):
        transcript = []
        for d in sizes:
            w = sp.Matrix([1 + k % 2 for k in range(d)])
            z = [(w.T * sp.Matrix(x))[0, 0] for x in gp.datasets.chain(d).X]  # w_1ᵀb_i
            margins = [piecewise_linear(zi, tenth) + piecewise_linear(-zi, tenth) for zi in z]
            claimed = [even_factor.subs(alpha_sym, tenth) * abs(zi) for zi in z]
            transcript.append(f"d = {d}: margins {sorted(set(margins))}")
            if margins != claimed:
                return gp.CheckResult(gp.REFUTED, f"d = {d}: margins {margins} ≠ {claimed}", {}, transcript,
                                      counterexample={"d": d, "alpha": "1/10", "w": "(1, 2, 1, 2, …)"})
            if min(margins) <= 0:
                return gp.CheckResult(gp.REFUTED, f"d = {d}: a margin is ≤ 0", {}, transcript,
                                      counterexample={"d": d, "margins": [str(m) for m in margins]})
        return gp.CheckResult(gp.VERIFIED, f"margins (1 − α)|wᵀb_i| ∈ {{9/10, 9/5}}, all > 0, for d = "
                              f"{sizes[0]}…{sizes[-1]} (α = 1/10, w = (1, 2, 1, 2, …) not ordered)",
                              {"d": list(sizes)}, transcript)

    return gp.Claim(
        "acceleration.chain-one-class-shortcut",
        "A width-2 leaky net separates the one-class chain without ordering",
        "For φ(z) = max(z, αz), α ≥ 0: φ(z) + φ(−z) = (1 − α)|z|. Hence the net a = (1, 1), w_2 = −w_1 has margins "
        "(1 − α)|w_1ᵀb_i| on the chain, all > 0 when α < 1 and no w_1ᵀb_i vanishes, ordered or not.",
        CHAIN, checks=[even_part, alternating],
        formulas=[sp.Eq(phi_sym(z_sym) + phi_sym(-z_sym), (1 - alpha_sym) * sp.Abs(z_sym)),
                  sp.Eq(phi_sym(z_sym), piecewise_linear(z_sym, alpha_sym))],
        description="Why the leaky nets' small counts on the chain are no evidence of acceleration: the chain "
                    "has one label, and the even part of a leaky net is positive without any ordering.",
    )


chain_linear_lower_bound_claim = chain_linear_lower_bound()
signed_chain_needs_ordering_claim = signed_chain_needs_ordering()
chain_one_class_shortcut_claim = chain_one_class_shortcut()
