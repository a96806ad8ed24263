"""GD on the logistic loss is a weighted generalized perceptron (spec perceptron.md §2).

Each claim is built by a function whose arguments are the claim's constants, so a test (or a
user) can state a deliberately false variant with the same code and watch it be caught.  The
module-level instances are the true statements.
"""

import mpmath
import sympy as sp

import gdperceptron as gp

REDUCTION = gp.Provenance("derived", "spec perceptron.md §2; the starting point of arXiv 2512.11587")

theta1, theta2, y = sp.symbols("theta1 theta2 y", real=True)
g = sp.Function("g")
margin = y * g(theta1, theta2)
"""m(θ) = y g(b; θ) for an arbitrary model g, with two parameters standing for any number."""


def logistic_gradient(sign: int = 1) -> gp.Claim:
    """∂/∂θ_k ln(1 + e^{−m(θ)}) = −σ(−m) ∂m/∂θ_k, σ(z) = 1/(1 + e^{−z}), for any differentiable g.

    Summing over samples gives ∇f = −(1/n) Σ_i σ(−m_i) ∇m_i.  ``sign=-1`` states the false variant
    with σ(+m) in place of σ(−m).
    """
    per_sample = sp.diff(sp.log(1 + sp.exp(-margin)), theta1)
    claimed = -1 / (1 + sp.exp(sign * margin)) * sp.diff(margin, theta1)
    return gp.Claim(
        "reduction.logistic-gradient",
        "Gradient of the logistic loss is a sigmoid-weighted sum of margin gradients",
        "For every differentiable model g and every sample, ∇_θ ln(1 + e^{−m(θ)}) = −σ(−m(θ)) ∇_θ m(θ) "
        "with m = y g(b; θ); hence ∇f = −(1/n) Σ_i σ(−m_i) ∇m_i.",
        REDUCTION,
        checks=[gp.checks.identity(per_sample, claimed, name="symbolic identity for an undefined model g")],
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

    Checked symbolically on a two-layer leaky-ReLU net with symbolic data (exact, every parameter
    and input), and s ∈ (0, 1) by SymPy's sign reasoning for every real m.  Each check establishes
    one part of the statement, so the claim is only as strong as the weaker of the two.  ``weight_sign`` and
    ``step_scale`` state false variants (s = σ(+m); a wrong step factor).
    """

    @gp.check("symbolic", "GD step equals the weighted perceptron step (two-layer leaky ReLU, symbolic data)", covers="part")
    def step_identity(ctx):
        model, gamma, samples, margins, gd_step = _gd_step_claim_data()
        n = len(samples)
        perceptron = sp.Matrix(model.params) + step_scale * gamma / n * sum(
            (1 / (1 + sp.exp(weight_sign * m)) * yi * model.grad_expr(b) for (b, yi), m in zip(samples, margins)),
            sp.zeros(model.n_params, 1))
        return gp.checks.identity(gd_step, perceptron).run(ctx)

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
        "θ_{t+1} = θ_t + (γ/n) Σ_i s_i(θ_t) y_i ∇_θ g(b_i; θ_t) with s_i = σ(−m_i) = 1/(1 + e^{m_i}) ∈ (0, 1).",
        REDUCTION,
        checks=[step_identity, weights_in_unit_interval],
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
