"""GD on the logistic loss is a weighted generalized perceptron (docs/mathematics/reduction.md §2).

Each claim is built by a function whose arguments are the claim's constants, so a test (or a
user) can state a deliberately false variant with the same code and watch it be caught.  The
module-level instances are the true statements.
"""

import mpmath
import sympy as sp

import gdperceptron as gp

REDUCTION = gp.Provenance("derived", "docs/mathematics/reduction.md §2; the starting point of arXiv 2512.11587")

theta1, theta2, y = sp.symbols("theta1 theta2 y", real=True)
g = sp.Function("g")
margin = y * g(theta1, theta2)
"""m(θ) = y g(b; θ) for an arbitrary model g, with two parameters standing for any number."""


# One generic coordinate of θ: the k-th component of a gradient is the derivative in θ_k with the other
# coordinates held fixed, so an identity between gradients holds iff it holds for x = θ_k and g(i, x) :=
# g(b_i; θ_1, …, θ_(k−1), x, θ_(k+1), …), an arbitrary (undefined) function of the sample index i and x.
i_sym = sp.Symbol("i", integer=True, positive=True)
n_sym = sp.Symbol("n", integer=True, positive=True)
x_sym = sp.Symbol("x", real=True)
gamma_sym = sp.Symbol("gamma", positive=True)
g_i, y_i = sp.Function("g"), sp.Function("y")
m_i = y_i(i_sym) * g_i(i_sym, x_sym)
"""m_i = y_i g(b_i; θ) as a function of one coordinate x = θ_k, for any model g, data b_i and labels y_i."""
mean_loss = sp.Sum(sp.log(1 + sp.exp(-m_i)), (i_sym, 1, n_sym)) / n_sym
"""f = (1/n) Σ_{i=1}^n ln(1 + e^{−m_i}) with a symbolic number of samples n."""


def _sum_identity(lhs, rhs, name):
    """lhs = rhs for symbolic n (SymPy differentiates the Sum termwise: linearity of ∂/∂x); if that does
    not simplify to 0, the same identity at n = 1, 2, 3 (instances of the statement) is handed to
    ``gp.checks.identity``, which refutes it with a concrete model and point."""

    @gp.check("symbolic", name, covers="part")
    def run(ctx):
        diff = sp.simplify(lhs - rhs)
        transcript = [f"lhs = {lhs}", f"rhs = {rhs}", f"simplify(lhs − rhs), n symbolic: {diff}"]
        if diff == 0:
            return gp.CheckResult(gp.PROVEN, "holds for every n ≥ 1, every model g, labels y_i and coordinate θ_k",
                                  {"difference": "0"}, transcript)
        for n in (1, 2, 3):
            at_n = gp.checks.identity(lhs.subs(n_sym, n).doit(), rhs.subs(n_sym, n).doit()).run(ctx)
            transcript += [f"at n = {n}: {at_n.verdict.value} — {at_n.summary}"]
            if at_n.verdict is gp.REFUTED:
                return gp.CheckResult(gp.REFUTED, f"fails at n = {n}: {at_n.summary}",
                                      {"difference": str(diff)}, transcript,
                                      counterexample={"n": n, **at_n.counterexample}, dps=at_n.dps)
        return gp.CheckResult(gp.UNDECIDED, "SymPy could not reduce lhs − rhs to 0 and found no witness at "
                              "n = 1, 2, 3", {"difference": str(diff)}, transcript)

    return run


def logistic_gradient(sign: int = 1) -> gp.Claim:
    """∂/∂θ_k ln(1 + e^{−m(θ)}) = −σ(−m) ∂m/∂θ_k, σ(z) = 1/(1 + e^{−z}), for any differentiable g.

    Two parts, each for every model: (1) the per-sample identity with θ_k a symbol x and the other
    coordinates frozen inside an undefined function g(x); (2) the mean over a symbolic number n of
    samples, ∂f/∂x = −(1/n) Σ_i σ(−m_i) ∂m_i/∂x (linearity, by SymPy on a Sum with symbolic n).
    ``sign=-1`` states the false variant with σ(+m) in place of σ(−m).
    """
    per_sample = sp.diff(sp.log(1 + sp.exp(-margin)), theta1)
    claimed = -1 / (1 + sp.exp(sign * margin)) * sp.diff(margin, theta1)

    @gp.check("symbolic", "per-sample identity for an undefined model g", covers="part")
    def per_sample_check(ctx):
        return gp.checks.identity(per_sample, claimed).run(ctx)

    mean = _sum_identity(sp.diff(mean_loss, x_sym),
                         -sp.Sum(1 / (1 + sp.exp(sign * m_i)) * sp.diff(m_i, x_sym), (i_sym, 1, n_sym)) / n_sym,
                         "∂f/∂θ_k for the mean over symbolic n samples")
    return gp.Claim(
        "reduction.logistic-gradient",
        "Gradient of the logistic loss is a sigmoid-weighted sum of margin gradients",
        "For every differentiable model g and every sample, ∇_θ ln(1 + e^{−m(θ)}) = −σ(−m(θ)) ∇_θ m(θ) "
        "with m = y g(b; θ); hence ∇f = −(1/n) Σ_i σ(−m_i) ∇m_i for f = (1/n) Σ_i ln(1 + e^{−m_i}) and every n ≥ 1.",
        REDUCTION,
        checks=[per_sample_check, mean],
        formulas=[sp.Eq(sp.Symbol(r"\nabla f(\theta)"),
                        sp.Symbol(r"-\frac{1}{n}\sum_{i=1}^n \sigma(-m_i(\theta))\,\nabla m_i(\theta)"))],
        derivation=lambda: [("per-sample derivative", sp.Eq(sp.Derivative(sp.log(1 + sp.exp(-margin)), theta1),
                                                           sp.simplify(per_sample)))],
    )


def _gd_step_claim_data(n_samples=2):
    """Symbolic GD step for a leaky-ReLU two-layer net and n samples with symbolic features, labels ±1."""
    model = gp.models.TwoLayer(2, 2, activation="leaky_relu(1/10)", train="both")
    gamma = sp.Symbol("gamma", positive=True)
    samples = [(sp.symbols(f"x{i}_1:3", real=True), (-1) ** i) for i in range(n_samples)]  # labels +1, −1, …
    margins = [yi * model.output_expr(b) for b, yi in samples]
    f = sum(sp.log(1 + sp.exp(-m)) for m in margins) / n_samples
    gd_step = sp.Matrix(model.params) - gamma * sp.Matrix([sp.diff(f, p) for p in model.params])
    return model, gamma, samples, margins, gd_step


def gd_is_weighted_perceptron(weight_sign: int = 1, step_scale=1) -> gp.Claim:
    """θ − γ∇f(θ) = θ + (γ/n) Σ_i s_i y_i ∇g(b_i; θ) with s_i = σ(−m_i) = 1/(1 + e^{m_i}) ∈ (0, 1).

    Two parts, each for the whole statement's domain: (1) the step identity in one generic coordinate
    x = θ_k of θ (the other coordinates frozen inside an undefined function g(i, x) = g(b_i; θ)), with a
    symbolic number n of samples and arbitrary labels y_i: SymPy differentiates the Sum termwise
    (linearity) and each term by the chain rule, and the difference simplifies to 0 — every model, every
    n, every γ; (2) s ∈ (0, 1) by SymPy's sign reasoning for every real m.  The claim is only as strong
    as the weaker part.  An evidence check repeats (1) on a concrete model (a width-2 leaky two-layer net,
    n = 2, d = 2, symbolic data, the model's own gradient): it can refute but confirms nothing beyond that
    instance.  ``weight_sign`` and ``step_scale`` state false variants (s = σ(+m); a wrong step factor, which may
    depend on the number of samples ``n_sym``).
    """
    step_identity = _sum_identity(
        x_sym - gamma_sym * sp.diff(mean_loss, x_sym),
        x_sym + step_scale * gamma_sym / n_sym * sp.Sum(1 / (1 + sp.exp(weight_sign * m_i)) * y_i(i_sym)
                                                         * sp.diff(g_i(i_sym, x_sym), x_sym), (i_sym, 1, n_sym)),
        "GD step = weighted perceptron step in each coordinate θ_k, any model g, symbolic n and γ")

    @gp.check("symbolic", "the same identity on one model: width-2 leaky two-layer net, n = 2, d = 2, symbolic data",
              covers="evidence")
    def leaky_instance(ctx):
        model, gamma, samples, margins, gd_step = _gd_step_claim_data()
        n = len(samples)
        perceptron = sp.Matrix(model.params) + sp.sympify(step_scale).subs(n_sym, n) * gamma / n * sum(
            (1 / (1 + sp.exp(weight_sign * m)) * yi * model.grad_expr(b) for (b, yi), m in zip(samples, margins)),
            sp.zeros(model.n_params, 1))
        result = gp.checks.identity(gd_step, perceptron).run(ctx)
        if result.verdict is gp.PROVEN:  # exact for every parameter and input, but of this one instance
            return gp.CheckResult(gp.VERIFIED, "exact for every parameter and input of this instance",
                                  result.evidence, result.transcript)
        return result

    @gp.check("symbolic", "weights lie in (0, 1)", covers="part")
    def weights_in_unit_interval(ctx):
        m = sp.Symbol("m", real=True)
        s = 1 / (1 + sp.exp(weight_sign * m))
        positive, below_one = s.is_positive, sp.simplify(1 - s).is_positive
        transcript = [f"s(m) = {s}", f"s > 0: {positive}", f"1 - s = {sp.simplify(1 - s)} > 0: {below_one}"]
        if positive and below_one:
            return gp.CheckResult(gp.PROVEN, "0 < s(m) < 1 for every real m", {}, transcript)
        return gp.CheckResult(gp.UNDECIDED, "SymPy could not establish 0 < s < 1", {}, transcript)

    return gp.Claim(
        "reduction.gd-is-weighted-perceptron",
        "A GD step is a weighted generalized perceptron step with weights in (0, 1)",
        "For every differentiable model g, every n ≥ 1 samples (b_i, y_i) and every γ, GD on the mean logistic loss "
        "f = (1/n) Σ_i ln(1 + e^{−m_i}), m_i = y_i g(b_i; θ), is "
        "θ_{t+1} = θ_t + (γ/n) Σ_i s_i(θ_t) y_i ∇_θ g(b_i; θ_t) with s_i = σ(−m_i) = 1/(1 + e^{m_i}) ∈ (0, 1).",
        REDUCTION,
        checks=[step_identity, weights_in_unit_interval, leaky_instance],
        formulas=[sp.Eq(sp.Symbol(r"\theta_{t+1}"),
                        sp.Symbol(r"\theta_t + \frac{\gamma}{n}\sum_{i=1}^n s_i(\theta_t)\, y_i\, "
                                  r"\nabla_\theta g(b_i; \theta_t)")),
                  sp.Eq(sp.Symbol("s_i"), sp.Symbol(r"\frac{1}{1 + e^{m_i}} \in (0, 1)"))],
    )


def noise_bound(factor=1, exponent=1, certified_range=(sp.Rational(1, 64), 8)) -> gp.Claim:
    """|σ(−m) − 1[m ≤ 0]| ≤ factor · e^{−exponent·|m|} for every real m ≠ 0 (true for factor = exponent = 1).

    Symbolic argument [derived]: for m > 0 the left side is 1/(1 + e^m) and
    e^{−m} − 1/(1 + e^m) = e^{−m}/(1 + e^m) > 0; for m < 0 it is 1 − 1/(1 + e^m) = 1/(1 + e^{−m}) and
    e^{m} − 1/(1 + e^{−m}) = e^{2m}/(1 + e^m) > 0.  SymPy simplifies each difference and decides its
    sign from m's assumption (positive / negative) — PROVEN for all m ≠ 0.

    Certified check: interval branch-and-bound on ±[δ, M] (default δ = 1/64, M = 8) evaluating the
    left side literally as written, 1 − 1/(1 + e^m) for m < 0 included; precision is raised where
    cancellation makes a comparison too close to call.  It covers a sub-domain only, so on its own
    it earns SUPPORTED; it refutes a false bound with a certified witness.  (Boxes cannot reach
    |m| → ∞: the bound is tight there, ratio → 1, so boxes would need width ≈ e^{−|m|}.)
    """
    m = sp.Symbol("m", real=True)
    bound = factor * sp.exp(-exponent * sp.Abs(m))

    @gp.check("symbolic", "sign of bound − |σ(−m) − 1[m ≤ 0]| on each half-line")
    def sign_argument(ctx):
        transcript, decided = [], []
        for assumption, indicator in (({"positive": True}, 0), ({"negative": True}, 1)):
            mm = sp.Symbol("m", **assumption)
            gap = sp.simplify(bound.subs(m, mm) - sp.Abs(1 / (1 + sp.exp(mm)) - indicator))
            transcript.append(f"m {'> 0' if indicator == 0 else '< 0'}: bound − |σ(−m) − {indicator}| = {gap}, "
                              f"positive: {gap.is_positive}")
            if gap.is_negative:
                witness = 1 if indicator == 0 else -1
                return gp.CheckResult(gp.REFUTED, f"bound − lhs = {gap} < 0 for every m with {assumption}",
                                      {}, transcript, counterexample={"m": witness, "bound - lhs":
                                                                      str(sp.N(gap.subs(mm, witness), 30))})
            decided.append(gap.is_positive)
        if all(decided):
            return gp.CheckResult(gp.PROVEN, "bound − lhs is positive on both half-lines", {}, transcript)
        return gp.CheckResult(gp.UNDECIDED, "SymPy could not decide the sign on a half-line", {}, transcript)

    lam = sp.lambdify(m, bound, modules=[{"exp": mpmath.iv.exp, "Abs": abs, "mpf": mpmath.iv.mpf}, "mpmath"])
    lo, hi = certified_range

    def lhs(x):
        if x.b < 0:
            return 1 - 1 / (1 + mpmath.iv.exp(x))
        return 1 / (1 + mpmath.iv.exp(x))

    certified = gp.checks.certified_inequality(
        lhs, lam, pieces=[(-hi, -lo), (lo, hi)], covers_domain=False, variable="m",
        name=f"interval branch-and-bound on ±[{lo}, {hi}]")

    return gp.Claim(
        "reduction.noise-bound",
        "The perceptron noise is exponentially small in the margin",
        f"For every real m ≠ 0: |σ(−m) − 1[m ≤ 0]| ≤ {sp.sstr(bound)}, σ(z) = 1/(1 + e^(−z)).",
        REDUCTION,
        checks=[sign_argument, certified],
        formulas=[sp.Le(sp.Abs(sp.Symbol(r"\sigma(-m) - \mathbf{1}[m \le 0]")), bound)],
        description="s_i = 1[m_i ≤ 0] + ε_i with |ε_i| ≤ e^{−|m_i|}: large margins make GD a perceptron.",
    )


logistic_gradient_claim = logistic_gradient()
gd_is_weighted_perceptron_claim = gd_is_weighted_perceptron()
noise_bound_claim = noise_bound()
