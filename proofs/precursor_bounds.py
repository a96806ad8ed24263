"""Iteration bounds of the precursor paper (arXiv 2412.08424) for perceptrons and normalized LR+GD.

Notation: samples a_i with labels y_i, R = max_i ‖a_i‖, μ = max_{‖θ‖=1} min_i y_i a_iᵀθ > 0 (exact,
:attr:`gdperceptron.Dataset.max_margin`).  Iterations are counted from θ_0 = 0 until every margin
is positive.

* ``precursor.batch-perceptron-bound`` [precursor]: batch perceptron ≤ n R²/μ²; online and normalized
  batch perceptron ≤ R²/μ².  Counts come from the perceptron in exact rational arithmetic, so the
  comparison with the exact bound is exact.
* ``precursor.normalized-lr-gd-bound`` [precursor]: θ_{t+1} = θ_t − γ β_t ∇f(θ_t) with
  β_t = ((1/n) Σ_i σ(−m_i(θ_t)))^{-1} separates within R²/μ² + 2 ln(2n − 1)/(γ μ²) iterations.
* ``precursor.batch-perceptron-omega-n`` [precursor Thm 5.1; exact count derived]: one sample
  (1/2, −1) with label +1 and n − 1 copies of (−1/2, −1) with label −1 (n ≥ 10): R = √5/2 and μ = 1/2
  for every n, yet the batch perceptron needs T(n) = 2 + ⌊(3n − 8)/5⌋ iterations with the full first step
  and 2 + ⌊(3n − 8)/10⌋ with the half first step — linear in n (our derivation; the paper states Ω(n)).

Each builder takes the claim's constants, so a test can state a false variant with the same code.
"""

import mpmath
import sympy as sp
from hypothesis import strategies as st

import gdperceptron as gp
import gdperceptron.strategies as gst
from gdperceptron.symbolic.perceptron import derive_separation_count, exact_perceptron

PRECURSOR = "arXiv 2412.08424"
n_sym = sp.Symbol("n", positive=True, integer=True)


def _families():
    """Random separable data plus the precursor's and the textbook's extreme families."""
    orthonormal = st.integers(1, 6).map(lambda d: gp.Dataset([[int(i == j) for j in range(d)] for i in range(d)],
                                                             [1] * d))
    thm51 = st.integers(10, 30).map(gp.datasets.precursor_thm51)
    return st.one_of(gst.separable_datasets(n=(1, 6), d=(1, 3)), thm51, orthonormal)


# ---------------------------------------------------------------------------------------------
def batch_perceptron_bound(batch=lambda n: n, others=lambda n: 1, examples=200) -> gp.Claim:
    """T_batch ≤ batch(n)·R²/μ², T_online, T_normalized ≤ others(n)·R²/μ² (true: batch = n, others = 1)."""

    def holds(data):
        ratio = data.radius**2 / data.max_margin**2
        for variant, factor in (("batch", batch), ("normalized", others), ("online", others)):
            bound = factor(data.n) * ratio
            run = exact_perceptron(data, int(sp.floor(bound)) + 1, variant=variant)
            if run.separated_at is None or run.separated_at > bound:
                return False
        return True

    return gp.Claim(
        "precursor.batch-perceptron-bound",
        "Perceptron iteration bounds: batch ≤ nR²/μ², online and normalized ≤ R²/μ²",
        "On linearly separable data, from θ_0 = 0, the batch perceptron (step (1/n) Σ_{i∈S_t} y_i a_i) separates "
        f"within {sp.sstr(batch(n_sym))}·R²/μ² iterations, the online perceptron and the normalized batch perceptron "
        f"(1/|S_t|) within {sp.sstr(others(n_sym))}·R²/μ².",
        gp.Provenance("precursor", PRECURSOR),
        checks=[gp.checks.property_based(holds, _families(), max_examples=examples, quick_examples=20,
                                         name="exact counts vs exact bounds on random and extreme data")],
        formulas=[sp.Le(sp.Symbol("T_{batch}"), batch(n_sym) * sp.Symbol("R") ** 2 / sp.Symbol("mu") ** 2),
                  sp.Le(sp.Symbol("T_{online}, T_{normalized}"), others(n_sym) * sp.Symbol("R") ** 2 / sp.Symbol("mu") ** 2)],
        description="Counts in exact rational arithmetic, μ exact: every comparison is exact.",
    )


# ---------------------------------------------------------------------------------------------
MAX_STEPS = 200


def normalized_lr_gd(data, gamma, max_steps, dps) -> gp.Trajectory:
    """Normalized LR+GD from 0: θ_{t+1} = θ_t + γ Σ_i σ(−m_i) y_i a_i / Σ_i σ(−m_i), stopped at
    separation (:func:`gdperceptron.run_gd` with ``normalized=True``: certified, the precision raised
    automatically; ``separation_certain`` is False only past its cap)."""
    return gp.run_gd(gp.models.Linear(data.d), data, gamma, max_steps, dps=dps, normalized=True,
                     until_separated=True, record_every=max_steps)


def normalized_lr_gd_bound(factor=2, ratio_factor=1, examples=200) -> gp.Claim:
    """T ≤ ratio_factor·R²/μ² + factor·ln(2n − 1)/(γ μ²) (true for factor = 2, ratio_factor = 1)."""

    def holds(example):
        data, gamma = example
        dps = mpmath.iv.dps  # the working precision (reading mpmath.mp.dps would count as rounded arithmetic)
        mu2, R2 = data.max_margin**2, data.radius**2
        bound = ratio_factor * R2 / mu2 + factor * sp.log(2 * data.n - 1) / (gamma * mu2)
        steps = min(int(sp.floor(bound)) + 1, MAX_STEPS)
        run = normalized_lr_gd(data, gamma, steps, dps)
        if not run.separation_certain:
            return None  # a deciding margin's sign was not certified below the precision cap
        T = run.separated_at
        if T is None:
            return None if steps == MAX_STEPS else False
        return (bound - T).is_nonnegative  # exact: SymPy decides the sign of the exact bound minus T

    strategy = st.tuples(gst.separable_datasets(n=(1, 6), d=(1, 3)), gst.step_sizes())
    return gp.Claim(
        "precursor.normalized-lr-gd-bound",
        "Normalized LR+GD separates within R²/μ² + 2 log(2n−1)/(γμ²) iterations",
        "θ_{t+1} = θ_t − γ β_t ∇f(θ_t), β_t = ((1/n) Σ_i 1/(1 + exp(y_i a_iᵀθ_t)))^{-1}, from θ_0 = 0 on separable data, "
        f"separates within {ratio_factor}·R²/μ² + {factor}·log(2n − 1)/(γ μ²) iterations, for every γ > 0.",
        gp.Provenance("precursor", PRECURSOR),
        checks=[gp.checks.property_based(holds, strategy, max_examples=examples, quick_examples=20,
                                         name=f"random data, γ ∈ [1e-3, 1e6], runs capped at {MAX_STEPS} steps")],
        formulas=[sp.Le(sp.Symbol("T"), ratio_factor * sp.Symbol("R") ** 2 / sp.Symbol("mu") ** 2
                        + factor * sp.log(2 * n_sym - 1) / (sp.Symbol("gamma") * sp.Symbol("mu") ** 2))],
        description="Exact μ, R and bound; GD in certified ball arithmetic (every margin sign decided by an "
                    "enclosure of the exact iterate, precision raised as needed); a run that hits the step cap "
                    "before the bound is undecided.",
    )


# ---------------------------------------------------------------------------------------------
THM51_GROUPS = [((sp.Rational(1, 2), -1), 1), ((sp.Rational(1, 2), 1), n_sym - 1)]
"""Signed samples y_i a_i of the Thm 5.1 instance with their multiplicities."""
TRUE_COUNTS = {"full": 2 + sp.floor((3 * n_sym - 8) / 5), "half": 2 + sp.floor((3 * n_sym - 8) / 10)}


def batch_perceptron_omega_n(counts=None, ns=range(10, 81), quick_ns=range(10, 31)) -> gp.Claim:
    """On the Thm 5.1 instance the batch perceptron separates at exactly counts[first_step](n) for n ≥ 10."""
    counts = dict(TRUE_COUNTS if counts is None else counts)

    @gp.check("symbolic", "derive T(n) for every n ≥ 10 (proved phase argument) and compare")
    def derivation(ctx):
        transcript, evidence = [], {}
        for first_step, claimed in counts.items():
            T, lines = derive_separation_count(THM51_GROUPS, n_sym, 10, first_step)
            transcript += [f"[{first_step}] {line}" for line in lines]
            if T is None:
                return gp.CheckResult(gp.UNDECIDED, f"{first_step} first step: the phase argument did not go through",
                                      evidence, transcript)
            evidence[f"T_{first_step}(n)"] = str(T)
            slope = sp.limit(T.replace(sp.floor, lambda x: x) / n_sym, n_sym, sp.oo)  # x − 1 < ⌊x⌋ ≤ x
            evidence[f"lim T_{first_step}(n)/n"] = str(slope)
            transcript.append(f"[{first_step}] T(n)/n → {slope}: linear in n")
            wrong = next((k for k in range(10, 400) if T.subs(n_sym, k) != claimed.subs(n_sym, k)), None)
            if wrong is not None:
                run = exact_perceptron(gp.datasets.precursor_thm51(wrong), 10 * wrong, "batch", first_step)
                if run.separated_at == claimed.subs(n_sym, wrong):  # the exact run sides with the claim
                    return gp.CheckResult(gp.UNDECIDED, f"derived count disagrees with the exact run at n = {wrong}",
                                          evidence, transcript)
                return gp.CheckResult(gp.REFUTED, f"{first_step} first step: at n = {wrong} the count is "
                                      f"{run.separated_at}, the claim says {claimed.subs(n_sym, wrong)}", evidence,
                                      transcript, counterexample={"n": wrong, "first_step": first_step,
                                                                  "exact count": run.separated_at,
                                                                  "derived": str(T), "claimed": str(claimed)})
            if sp.simplify(T - claimed) != 0:
                return gp.CheckResult(gp.UNDECIDED, f"derived {T} and claimed {claimed} agree for n < 400 but are not "
                                      "identical expressions", evidence, transcript)
        data = gp.Dataset([["1/2", -1], ["-1/2", -1]], [1, -1])  # the two distinct samples: R, μ do not depend on n
        transcript.append(f"R = {data.radius}, μ = {data.max_margin} for every n (multiplicities change neither)")
        evidence.update({"R": str(data.radius), "mu": str(data.max_margin)})
        return gp.CheckResult(gp.PROVEN, "T(n) derived and proved for every n ≥ 10 for both first-step conventions; "
                              f"R = {data.radius}, μ = {data.max_margin}", evidence, transcript)

    @gp.check("instance", "exact-rational batch perceptron for each listed n")
    def simulation(ctx):
        chosen = quick_ns if ctx.quick else ns
        rows, transcript = [], []
        for k in chosen:
            data = gp.datasets.precursor_thm51(k)
            for first_step, claimed in counts.items():
                want = claimed.subs(n_sym, k)
                run = exact_perceptron(data, 10 * k, "batch", first_step)
                rows.append((k, first_step, run.separated_at))
                if run.separated_at != want:
                    return gp.CheckResult(gp.REFUTED, f"n = {k}, {first_step} first step: {run.separated_at} "
                                          f"iterations, claimed {want}", {}, transcript,
                                          counterexample={"n": k, "first_step": first_step,
                                                          "exact count": run.separated_at, "claimed": str(want)})
        transcript.append(f"n = {chosen.start}..{chosen.stop - 1}: every count equals the formula")
        sample = [r for r in rows if r[0] in (chosen.start, chosen.stop - 1)]
        return gp.CheckResult(gp.VERIFIED, f"exact counts equal the formulas for n = {chosen.start}..{chosen.stop - 1}",
                              {"first and last (n, first_step, T)": sample}, transcript)

    return gp.Claim(
        "precursor.batch-perceptron-omega-n",
        "Thm 5.1 instance: the batch perceptron needs a number of iterations linear in n",
        "One sample (1/2, −1) with label +1 and n − 1 copies of (−1/2, −1) with label −1, n ≥ 10: R = √5/2 and "
        "μ = 1/2 for every n, and the batch perceptron from 0 separates after exactly "
        + "; ".join(f"{sp.sstr(v)} iterations ({k} first step)" for k, v in counts.items()) + ".",
        gp.Provenance("derived", f"exact counts derived here; they refine {PRECURSOR}, Theorem 5.1 (Ω(n))"),
        checks=[derivation, simulation],
        formulas=[sp.Eq(sp.Symbol(f"T_{{{k}}}(n)"), v) for k, v in counts.items()],
        derivation=lambda: [(f"{k} first step", sp.Eq(sp.Symbol(f"T_{{{k}}}(n)"),
                                                      derive_separation_count(THM51_GROUPS, n_sym, 10, k)[0]))
                            for k in ("full", "half")],
    )


batch_perceptron_bound_claim = batch_perceptron_bound()
normalized_lr_gd_bound_claim = normalized_lr_gd_bound()
batch_perceptron_omega_n_claim = batch_perceptron_omega_n()
