"""The precursor's Theorem 4.1 instance: the loss explodes one step before separation.

[precursor, arXiv 2412.08424, Thm 4.1]  Data a_1 = (1, −1), y_1 = +1; a_2 = (−1, −4), y_2 = −1;
θ_0 = 0; mean logistic loss f; GD θ_{t+1} = θ_t − γ∇f(θ_t).  As γ → ∞:
f(θ_1) → ∞, f(θ_2) → 0, θ_2/γ tends to a separator, ‖∇f(θ_1)‖ → √2/2 and ‖∇f(θ_2)‖ → 0.

Derivation (exact, by SymPy with γ a positive symbol): from θ_0 = 0 every margin is 0 and every
weight σ(0) = 1/2, so θ_1 = (γ/4) Σ_i y_i a_i = (γ/2, 3γ/4); its margins are −γ/4 and 7γ/2.
θ_2 = θ_1 − γ∇f(θ_1) is then an explicit expression in γ and e^{γ/4}, e^{7γ/2}, and the four
limits are SymPy limits at γ → ∞.
"""

from functools import lru_cache

import mpmath
import sympy as sp

import gdperceptron as gp

gamma = sp.Symbol("gamma", positive=True)
DATA = gp.datasets.precursor_thm41()
MODEL = gp.models.Linear(2)


def _loss_and_gradient(theta):
    """Exact f(θ) and ∇f(θ) for the instance (mean logistic loss), θ a SymPy 2-vector."""
    margins = [yi * (sp.Matrix(row).T * theta)[0] for row, yi in zip(DATA.X, DATA.y)]
    f = sum(sp.log(1 + sp.exp(-m)) for m in margins) / DATA.n
    grad = -sum((yi * sp.Matrix(row) / (1 + sp.exp(m)) for row, yi, m in zip(DATA.X, DATA.y, margins)),
                sp.zeros(2, 1)) / DATA.n
    return f, grad


@lru_cache(maxsize=1)
def trajectory_exact():
    """θ_1, θ_2 and f, ∇f at both, as exact functions of γ (derived once per process)."""
    theta0 = sp.zeros(2, 1)
    _, grad0 = _loss_and_gradient(theta0)
    theta1 = sp.simplify(theta0 - gamma * grad0)
    f1, grad1 = _loss_and_gradient(theta1)
    theta2 = theta1 - gamma * grad1
    f2, grad2 = _loss_and_gradient(theta2)
    return {"theta1": theta1, "theta2": theta2, "f1": f1, "f2": f2, "grad1": grad1, "grad2": grad2}


def loss_explodes_before_separation(grad1_limit=sp.sqrt(2) / 2, f2_limit=0, gammas=(10, 100, 1000)) -> gp.Claim:
    """The four limits of Thm 4.1 (and the separator), with the claimed constants as arguments."""

    @gp.check("symbolic", "exact limits as γ → ∞")
    def symbolic_limits(ctx):
        tr = trajectory_exact()
        # lim √(Σ c²) = √(lim Σ c²): √ is continuous on [0, ∞] (half SymPy's work on the squared norm)
        limits = {
            "f(theta_1)": sp.limit(tr["f1"], gamma, sp.oo),
            "f(theta_2)": sp.limit(tr["f2"], gamma, sp.oo),
            "|grad f(theta_1)|": sp.sqrt(sp.limit(sum(c**2 for c in tr["grad1"]), gamma, sp.oo)),
            "|grad f(theta_2)|": sp.sqrt(sp.limit(sum(c**2 for c in tr["grad2"]), gamma, sp.oo)),
        }
        direction = tr["theta2"].applyfunc(lambda c: sp.limit(c / gamma, gamma, sp.oo))
        separator_margins = [yi * (sp.Matrix(row).T * direction)[0] for row, yi in zip(DATA.X, DATA.y)]
        claimed = {"f(theta_1)": sp.oo, "f(theta_2)": f2_limit, "|grad f(theta_1)|": grad1_limit,
                   "|grad f(theta_2)|": 0}
        transcript = [f"theta_1 = {list(tr['theta1'])}"]
        transcript += [f"lim {k} = {v} (claimed {claimed[k]})" for k, v in limits.items()]
        transcript.append(f"lim theta_2/gamma = {list(direction)}, margins {separator_margins}")
        evidence = {k: str(v) for k, v in limits.items()}
        evidence.update({"theta_1": str(list(tr["theta1"])), "lim theta_2/gamma": str(list(direction))})
        wrong = {k: (str(limits[k]), str(claimed[k])) for k in limits if sp.simplify(limits[k] - claimed[k]) != 0
                 and limits[k] != claimed[k]}
        if wrong:
            return gp.CheckResult(gp.REFUTED, f"exact limits differ from the claim: {wrong}", evidence, transcript,
                                  counterexample={"limit (exact, claimed)": wrong})
        if not all(m.is_positive for m in separator_margins):
            return gp.CheckResult(gp.REFUTED, "θ_2/γ does not tend to a separator", evidence, transcript,
                                  counterexample={"lim theta_2/gamma": str(list(direction)),
                                                  "margins": str(separator_margins)})
        return gp.CheckResult(gp.PROVEN, "all four limits and the separator hold exactly", evidence, transcript)

    @gp.check("instance", f"high-precision GD at γ = {', '.join(map(str, gammas))}")
    def high_precision_runs(ctx):
        """Run GD numerically and compare with the exact θ_2; show the trend of the four quantities.

        Separation at t = 2 counts only when ``traj.separation_certain`` (every margin sign it rests on
        decided by a certified enclosure); otherwise the check is UNDECIDED."""
        tr = trajectory_exact()
        rows, transcript, worst_mismatch = [], [], mpmath.mpf(0)
        for gam in gammas:
            traj = gp.run_gd(MODEL, DATA, gam, 2, dps=ctx.dps)
            with mpmath.workdps(ctx.dps):
                exact2 = [mpmath.mpf(sp.N(c.subs(gamma, gam), ctx.dps + 10)) for c in tr["theta2"]]
                mismatch = max(abs(a - b) / max(1, abs(b)) for a, b in zip(traj.params[2], exact2))
                worst_mismatch = max(worst_mismatch, mismatch)
                g1 = mpmath.sqrt(sum(mpmath.mpf(sp.N(c.subs(gamma, gam), ctx.dps + 10)) ** 2 for c in tr["grad1"]))
                g2 = mpmath.sqrt(sum(mpmath.mpf(sp.N(c.subs(gamma, gam), ctx.dps + 10)) ** 2 for c in tr["grad2"]))
                row = {"gamma": gam, "f1": mpmath.nstr(traj.loss[1], 12), "f2": mpmath.nstr(traj.loss[2], 12),
                       "|grad1|": mpmath.nstr(g1, 12), "|grad2|": mpmath.nstr(g2, 12),
                       "separated_at": traj.separated_at, "separation_certain": traj.separation_certain,
                       "undecided": getattr(traj, "undecided", None)}
            rows.append(row)
            transcript.append(str(row))
        evidence = {"runs": rows, "max relative |θ_2(GD) − θ_2(exact)|": mpmath.nstr(worst_mismatch, 5)}
        with mpmath.workdps(ctx.dps):
            f1, f2 = [mpmath.mpf(r["f1"]) for r in rows], [mpmath.mpf(r["f2"]) for r in rows]
            g1, g2 = [mpmath.mpf(r["|grad1|"]) for r in rows], [mpmath.mpf(r["|grad2|"]) for r in rows]

            def approaches(values, target):
                """Strictly closer to the target at each larger γ, and within 10^-6 at the largest."""
                gaps = [abs(v - mpmath.mpf(sp.N(target, ctx.dps))) for v in values]
                return all(a > b for a, b in zip(gaps, gaps[1:])) and gaps[-1] < mpmath.mpf(10) ** -6

            trends = (all(a < b for a, b in zip(f1, f1[1:])) and approaches(f2, f2_limit)
                      and approaches(g1, grad1_limit) and approaches(g2, 0)
                      and all(r["separated_at"] == 2 for r in rows))
        if worst_mismatch > mpmath.mpf(10) ** (-(ctx.dps - 10)):
            return gp.CheckResult(gp.UNDECIDED, "numeric GD disagrees with the exact θ_2 beyond rounding",
                                  evidence, transcript, dps=ctx.dps)
        uncertain = [r["gamma"] for r in rows if not r["separation_certain"]]
        if uncertain:  # separated_at not backed by certified margin signs: it confirms nothing
            why = next((r["undecided"] for r in rows if r["undecided"]), "the run was not certified")
            return gp.CheckResult(gp.UNDECIDED, f"at γ = {', '.join(map(str, uncertain))} separation is not certified "
                                  f"({why}): a margin that decides it is too close to call", evidence, transcript,
                                  dps=ctx.dps)
        if trends:
            return gp.CheckResult(gp.SUPPORTED, "f(θ_1) grows; f(θ_2), ‖∇f(θ_1)‖ and ‖∇f(θ_2)‖ approach their "
                                  "claimed limits; separation at t = 2", evidence, transcript, dps=ctx.dps)
        return gp.CheckResult(gp.UNDECIDED, "the numbers do not show the claimed trends", evidence, transcript,
                              dps=ctx.dps)

    return gp.Claim(
        "precursor.loss-explodes-before-separation",
        "Large steps: the loss explodes one step before GD separates (Thm 4.1 instance)",
        "Data a_1 = (1, −1), y_1 = +1; a_2 = (−1, −4), y_2 = −1; θ_0 = 0; mean logistic loss. As γ → ∞: "
        f"f(θ_1) → ∞, f(θ_2) → {f2_limit}, θ_2/γ tends to a separator, ‖∇f(θ_1)‖ → {grad1_limit}, "
        "‖∇f(θ_2)‖ → 0.",
        gp.Provenance("precursor", "arXiv 2412.08424, Theorem 4.1"),
        checks=[symbolic_limits, high_precision_runs],
        formulas=[sp.Eq(sp.Symbol(r"\lim_{\gamma\to\infty} f(\theta_1)"), sp.oo),
                  sp.Eq(sp.Symbol(r"\lim_{\gamma\to\infty} f(\theta_2)"), f2_limit),
                  sp.Eq(sp.Symbol(r"\lim_{\gamma\to\infty} \|\nabla f(\theta_1)\|"), grad1_limit),
                  sp.Eq(sp.Symbol(r"\lim_{\gamma\to\infty} \|\nabla f(\theta_2)\|"), 0)],
        derivation=lambda: [("first GD step from 0", sp.Eq(sp.Symbol(r"\theta_1"), trajectory_exact()["theta1"].T, evaluate=False))],
    )


loss_explodes_claim = loss_explodes_before_separation()
