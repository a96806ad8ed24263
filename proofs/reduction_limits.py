"""Homogeneity of the built-in models and the large-step limits of GD (docs/mathematics/reduction.md §1–2).

* ``reduction.homogeneity`` [derived]: g(b; cθ) = c^p g(b; θ) for c > 0, with the stated p.
* ``reduction.linear-limit`` [precursor Thm 3.2]: linear model, v_0 = 0, separable non-degenerate
  data: v_t/γ → v̂_t, the batch perceptron with the half first step.
* ``reduction.p1-limit`` [derived]: p = 1 model, fixed θ_0: θ_t/γ → the generalized perceptron
  iterate with θ̂_1 = (1/n) Σ_i s_i(θ_0) y_i ∇g(b_i; θ_0); the error is O(1/γ).
* ``reduction.p2-limit`` [derived]: p = 2 model: θ_t/γ^t → θ̂_t, θ̂_{t+1} = (1/n) Σ_{i∈S_t} y_i ∇g(b_i; θ̂_t)
  for t ≥ 1 — no identity term; θ̂_0 = θ_0 and θ̂_1 as for p = 1 (docs/mathematics/reduction.md writes the indicator
  recursion for every t; at t = 0 the margins m_i(θ_0) are not scaled by γ, so the exact weights
  s_i(θ_0) remain).  The error is O(1/γ).

A limit is checked by measuring e(γ) = max_{t≤T} ‖θ_t/γ^{k_t} − θ̂_t‖_∞ on a grid of γ placed past
the threshold γ·δ ≫ 1 (δ the smallest |margin| or |kink argument| along the limit path), at the
working precision and at twice the digits (rows where the two disagree are rounding and are not
used), then judging the trend (:func:`gdperceptron.symbolic.judge_limit`).  Finite γ cannot prove a
limit: the best verdict is SUPPORTED.  Each builder takes the claim's constants so that a test can
state a false variant (full first step, an identity term for p = 2, a faster rate) with the same code.
"""

import dataclasses
import math

import mpmath
import sympy as sp

import gdperceptron as gp
import gdperceptron.strategies as gst
from gdperceptron.symbolic import LimitAlgorithm, judge_limit, limit_algorithm, limit_errors, path_gap, weight_limit
from gdperceptron.symbolic.perceptron import exact_perceptron

PRECURSOR_LIMIT = gp.Provenance("precursor", "arXiv 2412.08424, Theorem 3.2")
DERIVED_LIMIT = gp.Provenance("derived", "docs/mathematics/reduction.md §2 (homogeneous extension of arXiv 2412.08424 Thm 3.2)")
DERIVED = gp.Provenance("derived", "docs/mathematics/reduction.md §1")


# ---------------------------------------------------------------------------------------------
def _default_degree_cases():
    M = gp.models
    b, w = sp.symbols("b w", real=True)
    return [(M.Linear(3), 1), (M.TwoLayer(3, 2, "relu", train="first"), 1),
            (M.TwoLayer(3, 2, "leaky_relu(1/10)", train="first"), 1), (M.TwoNeuronReLU(), 1),
            (M.TwoLayer(3, 2, "relu", train="both"), 2), (M.TwoLayer(3, 2, "leaky_relu(1/10)", train="both"), 2),
            (M.TwoLayer(3, 2, "identity", train="both"), 2), (M.TwoLayer(3, 2, "quadratic", train="first"), 2),
            (M.TwoLayer(2, 2, "quadratic", train="both"), 3),
            (M.Custom(sp.tanh(w * b), [w], [b], name="tanh(w b)"), None)]


def homogeneity(cases=None) -> gp.Claim:
    """Each listed model has homogeneity degree p (None: not positively homogeneous)."""
    cases = cases if cases is not None else _default_degree_cases()
    shown = "; ".join(f"{m.name}: p = {p}" for m, p in cases)

    @gp.check("symbolic", "degree detected by substituting θ → cθ, c > 0 a symbol")
    def symbolic_degree(ctx):
        transcript, wrong = [], []
        for model, p in cases:
            transcript.append(f"{model.name}: detected p = {model.degree}, claimed p = {p}")
            if model.degree != p:
                wrong.append((model, p))
        if wrong:
            model, p = wrong[0]
            c = sp.Symbol("c", positive=True)
            scaled = model.expr.subs({q: c * q for q in model.params}, simultaneous=True)
            return gp.CheckResult(gp.REFUTED, f"{model.name} has degree {model.degree}, not {p}", {}, transcript,
                                  counterexample={"model": model.name, "g(b; c θ)": str(scaled),
                                                  "detected degree": model.degree, "claimed": p})
        return gp.CheckResult(gp.VERIFIED, "every listed model has the claimed degree (exact, every θ and b)",
                              {"models": len(cases)}, transcript)

    @gp.check("instance", "g(b; cθ) = c^p g(b; θ) at random rational points, exact arithmetic", covers="evidence")
    def exact_points(ctx):
        import random

        rng = random.Random(ctx.seed)
        transcript = []
        for model, p in cases:
            if p is None:
                continue
            for _ in range(3 if ctx.quick else 10):
                point = {s: sp.Rational(rng.randint(-20, 20), rng.randint(1, 6)) for s in model.params + model.inputs}
                c = sp.Rational(rng.randint(2, 9), rng.randint(1, 3))
                lhs = model.expr.subs({q: c * point[q] for q in model.params}).subs(point)
                rhs = c**p * model.expr.subs(point)
                if sp.simplify(lhs - rhs) != 0:
                    return gp.CheckResult(gp.REFUTED, f"{model.name}: g(b; cθ) ≠ c^{p} g(b; θ)", {}, transcript,
                                          counterexample={"model": model.name, "c": str(c), "point": {
                                              str(k): str(v) for k, v in point.items()}, "g(b; c theta)": str(lhs),
                                              "c^p g(b; theta)": str(rhs), "seed": ctx.seed})
            transcript.append(f"{model.name}: holds at every sampled point")
        return gp.CheckResult(gp.VERIFIED, "exact at every sampled point of every listed model", {}, transcript)

    return gp.Claim(
        "reduction.homogeneity",
        "The built-in models have the stated homogeneity degree p",
        "g(b; cθ) = c^p g(b; θ) for every c > 0, θ and b, with " + shown + ".",
        DERIVED,
        checks=[symbolic_degree, exact_points],
        formulas=[sp.Eq(sp.Symbol(r"g(b; c\theta)"), sp.Symbol("c") ** sp.Symbol("p") * sp.Symbol(r"g(b; \theta)"))],
        description="Linear and fixed-outer-layer ReLU/leaky nets: p = 1; two-layer nets with both layers trained "
                    "and a 1-homogeneous activation: p = 2.",
    )


# ---------------------------------------------------------------------------------------------
def _grid(delta, start_factor, ratio, count):
    """γ_k = ⌈start_factor/δ⌉·ratio^k, exact integers."""
    first = max(1, math.ceil(float(start_factor / delta)))
    return [first * ratio**k for k in range(count)]


def _limit_case(algorithm, model, data, init, steps, ctx, rate, grid):
    """(True | False | None, summary, evidence) for one instance."""
    path = algorithm.iterates(model, data, init, steps, ctx.dps)
    vanished = [t for t in range(1, steps + 1) if not any(path[t])]
    if vanished:  # without identity term the limit is 0 once S_t = ∅; compare up to that step only
        steps, path = vanished[0], path[:vanished[0] + 1]
    delta = path_gap(model, data, path, ctx.dps)
    if not delta > mpmath.mpf(10) ** -8:
        return None, f"degenerate limit path (δ = {mpmath.nstr(delta, 3)})", {"gap": mpmath.nstr(delta, 5)}
    gammas = grid(delta)
    rows = limit_errors(algorithm, model, data, init, steps, gammas, ctx.dps)
    scale = max(max(abs(v) for v in theta) for theta in path)
    outcome, reason = judge_limit(rows, rate, scale)
    # judged again from the 2·dps column: the two precisions must reach the same outcome, so this
    # case is self-checking (the property check runs it once per example, see property_based)
    again, _ = judge_limit([dataclasses.replace(r, error=r.error_check, error_check=r.error) for r in rows],
                           rate, scale)
    if again != outcome:
        outcome, reason = "undecided", (f"{reason}, but the {2 * ctx.dps}-digit errors judge it {again}: "
                                        "too close to call")
    evidence = {"gap delta": mpmath.nstr(delta, 6), "steps": steps, "table": [r.to_json() for r in rows],
                "verdict": outcome}
    return {"supported": True, "refuted": False}.get(outcome), reason, evidence


def _limit_checks(algorithm_for, instances, strategy, rate, grid, examples, description):
    """An instance check (named cases, full error tables) and a property check (random cases)."""

    @gp.check("asymptotic", f"error tables on named instances ({description})")
    def named(ctx):
        tables, transcript = {}, []
        chosen = instances()[:1] if ctx.quick else instances()
        for label, model, data, init, steps in chosen:
            ok, reason, evidence = _limit_case(algorithm_for(model), model, data, init, steps, ctx, rate, grid)
            tables[label] = evidence
            transcript.append(f"{label}: {reason}")
            if ok is False:
                return gp.CheckResult(gp.REFUTED, f"{label}: {reason}", tables, transcript, dps=ctx.dps,
                                      counterexample={"instance": label, "X": [list(map(str, r)) for r in data.X],
                                                      "y": list(data.y), "init": None if init is None else
                                                      [str(v) for v in init], **evidence, "dps": ctx.dps})
            if ok is None:
                return gp.CheckResult(gp.UNDECIDED, f"{label}: {reason}", tables, transcript, dps=ctx.dps)
        return gp.CheckResult(gp.SUPPORTED, f"error → 0 on {len(chosen)} instances, at {ctx.dps} and {2 * ctx.dps} "
                              "digits", tables, transcript, dps=ctx.dps)

    def predicate(example):
        """Self-checking: :func:`_limit_case` computes every error at dps and 2·dps and answers None unless
        both columns resolve and reach the same judgement."""
        model, data, init, steps = example
        ctx = gp.claims.CheckContext(dps=mpmath.mp.dps)
        return _limit_case(algorithm_for(model), model, data, init, steps, ctx, rate, grid)[0]

    random_cases = gp.checks.property_based(predicate, strategy, max_examples=examples, quick_examples=2,
                                            name=f"random instances ({description})")
    return [named, random_cases]


def _linear_instances():
    return [("precursor Thm 4.1 data", gp.models.Linear(2), gp.datasets.precursor_thm41(), None, 5),
            ("three points in the plane", gp.models.Linear(2),
             gp.Dataset([[2, 1], [1, -3], ["-1/2", 2]], [1, 1, -1]), None, 6)]


def _linear_strategy():
    from hypothesis import strategies as st

    def case(data):
        T = exact_perceptron(data, 200, "batch", "half").separated_at
        return gp.models.Linear(data.d), data, None, min(T + 1, 12)

    return st.builds(case, gst.nondegenerate_datasets(n=(2, 5), d=(2, 3)))


def linear_limit(first_step="half", rate=None, examples=20) -> gp.Claim:
    """v_t/γ → v̂_t (batch perceptron, ``first_step`` convention); true for ``"half"``."""
    algorithm = LimitAlgorithm(1, identity_term=True, first_step=first_step)
    checks = _limit_checks(lambda model: algorithm, _linear_instances, _linear_strategy(), rate,
                           lambda delta: _grid(delta, sp.Rational(1, 4), 2, 9), examples,
                           "γ = 2^k/(4δ), k = 0..8; T = separation + 1")
    return gp.Claim(
        "reduction.linear-limit",
        "Large-step GD on a linear model tends to the batch perceptron (half first step)",
        "Linear model, v_0 = 0, separable data whose batch perceptron has no zero margin: for every t, "
        f"lim_(γ→∞) v_t/γ = v̂_t, the batch perceptron with the {first_step} first step "
        "(v̂_1 = (1/(2n)) Σ_i y_i b_i for the half step).",
        PRECURSOR_LIMIT,
        checks=checks,
        formulas=[sp.Eq(sp.Limit(sp.Symbol("v_t") / sp.Symbol("gamma"), sp.Symbol("gamma"), sp.oo),
                        sp.Symbol(r"\hat v_t")),
                  sp.Eq(sp.Symbol(r"\hat v_1"), sp.Symbol(r"\frac{1}{2n}\sum_i y_i b_i")),
                  sp.Eq(sp.Symbol(r"\hat v_{t+1}"), sp.Symbol(r"\hat v_t + \frac{1}{n}\sum_{i \in S_t} y_i b_i"))],
        derivation=lambda: [("limit of the weight σ(−γ m)", sp.Eq(sp.Symbol(r"\lim_{\gamma\to\infty}\sigma(-\gamma m)"),
                                                                  weight_limit()))],
        description="Precursor Thm 3.2; the error falls exponentially in γδ (δ = smallest |margin| on the path).",
    )


# ---------------------------------------------------------------------------------------------
def _homogeneous_strategy(make_model, steps):
    from hypothesis import strategies as st

    @st.composite
    def case(draw):
        data = draw(gst.separable_datasets(n=(2, 4), d=(2, 2)))
        model = make_model(data.d)
        init = draw(gst.initializations(model, scale=sp.Rational(1, 2), denominator=8))
        return model, data, init, steps

    return case()


P1_MODEL = lambda d: gp.models.TwoLayer(d, 2, "leaky_relu(1/10)", train="first")  # noqa: E731
P2_MODELS = (lambda d: gp.models.TwoLayer(d, 2, "leaky_relu(1/10)", train="both"),
             lambda d: gp.models.TwoLayer(d, 2, "identity", train="both"))
_DATA = gp.Dataset([[1, -1], [-1, -4], [2, 1], ["1/2", 3]], [1, -1, 1, -1])


def p1_limit(rate=1, algorithm=None, examples=20) -> gp.Claim:
    """θ_t/γ → θ̂_t for p = 1 models with error O(γ^{−rate}); ``algorithm`` overrides the derived limit."""
    pick = (lambda model: algorithm) if algorithm is not None else limit_algorithm
    instances = lambda: [  # noqa: E731
        ("leaky-ReLU net, fixed outer layer (+1, −1)", P1_MODEL(2), _DATA, ["1/3", "-1/5", "1/7", "2/5"], 4),
        ("two-neuron ReLU net", gp.models.TwoNeuronReLU(), gp.Dataset([[2, 1], [1, -3], [-1, 2]], [1, -1, 1]),
         ["1/2", "1/3", "1/4", "-1/2"], 4)]
    checks = _limit_checks(pick, instances, _homogeneous_strategy(P1_MODEL, 4), rate,
                           lambda delta: _grid(delta, 40, 10, 4), examples, "γ = ⌈40/δ⌉·10^k, k = 0..3; T = 4")
    return gp.Claim(
        "reduction.p1-limit",
        "p = 1 models: θ_t/γ tends to the generalized perceptron, error O(1/γ)",
        "For a 1-homogeneous model, fixed θ_0 and non-degenerate data: θ_t/γ → θ̂_t with θ̂_1 = (1/n) Σ_i s_i(θ_0) "
        "y_i ∇g(b_i; θ_0) and θ̂_{t+1} = θ̂_t + (1/n) Σ_{i∈S_t} y_i ∇g(b_i; θ̂_t); "
        f"‖θ_t/γ − θ̂_t‖ = O(γ^(-{rate})).",
        DERIVED_LIMIT,
        checks=checks,
        formulas=[sp.Eq(sp.Limit(sp.Symbol(r"\theta_t") / sp.Symbol("gamma"), sp.Symbol("gamma"), sp.oo),
                        sp.Symbol(r"\hat\theta_t")),
                  sp.Eq(sp.Symbol(r"\hat\theta_{t+1}"),
                        sp.Symbol(r"\hat\theta_t + \frac{1}{n}\sum_{i\in S_t} y_i \nabla g(b_i; \hat\theta_t)"))],
        derivation=lambda: LimitAlgorithm(1, True).rule(P1_MODEL(2), gp.datasets.precursor_thm41()),
        description="Observed on leaky-ReLU nets in the paper; the O(1/γ) term is θ_0/γ carried by the identity term.",
    )


def p2_limit(identity_term=False, rate=1, examples=20) -> gp.Claim:
    """θ_t/γ^t → θ̂_t for p = 2 models (true without the identity term), error O(γ^{−rate})."""
    algorithm = LimitAlgorithm(2, identity_term=identity_term, first_step="gd")
    inits = (["1/3", "-1/5", "1/7", "2/5", "1/2", "-1/3"], ["1/2", "1/4", "-1/3", "1/5", "1/3", "1/2"])
    instances = lambda: [(f"{make(2).name}", make(2), _DATA, init, 3)  # noqa: E731
                         for make, init in zip(P2_MODELS, inits)]
    from hypothesis import strategies as st

    strategy = st.one_of(*[_homogeneous_strategy(make, 3) for make in P2_MODELS])
    checks = _limit_checks(lambda model: algorithm, instances, strategy, rate,
                           lambda delta: _grid(delta, 40, 10, 4), examples, "γ = ⌈40/δ⌉·10^k, k = 0..3; T = 3")
    term = r"\hat\theta_t + " if identity_term else ""
    return gp.Claim(
        "reduction.p2-limit",
        "p = 2 models: θ_t/γ^t tends to the perceptron without identity term",
        "For a 2-homogeneous model, fixed θ_0 and non-degenerate data: θ_t/γ^t → θ̂_t with θ̂_0 = θ_0, θ̂_1 = (1/n) "
        f"Σ_i s_i(θ_0) y_i ∇g(b_i; θ_0) and θ̂_(t+1) = {'θ̂_t + ' if identity_term else ''}(1/n) Σ_(i∈S_t) y_i "
        f"∇g(b_i; θ̂_t) for t ≥ 1; the error is O(γ^(-{rate})).",
        DERIVED_LIMIT,
        checks=checks,
        formulas=[sp.Eq(sp.Limit(sp.Symbol(r"\theta_t") / sp.Symbol("gamma") ** sp.Symbol("t"), sp.Symbol("gamma"),
                                 sp.oo), sp.Symbol(r"\hat\theta_t")),
                  sp.Eq(sp.Symbol(r"\hat\theta_{t+1}"),
                        sp.Symbol(term + r"\frac{1}{n}\sum_{i\in S_t} y_i \nabla g(b_i; \hat\theta_t)"))],
        derivation=lambda: algorithm.rule(P2_MODELS[1](2), gp.datasets.precursor_thm41()),
        description="No identity term: θ_t/γ^{t+1} → 0.  The first step keeps the exact weights s_i(θ_0).",
    )


homogeneity_claim = homogeneity()
linear_limit_claim = linear_limit()
p1_limit_claim = p1_limit()
p2_limit_claim = p2_limit()
