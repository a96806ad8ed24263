"""Quadratic perceptron and low-rank spectra (docs/mathematics/reduction.md §3).

All three claims are [derived]: the worked case of docs/mathematics/reduction.md §3, consistent with the paper's analysis of
a noisy quadratic perceptron (arXiv 2512.11587) whose exact statements were not recovered.

Each claim is built by a function whose arguments are the claim's constants, so a test (or a user)
can state a false variant with the same code.  Verdicts: the symbolic checks are exact for every
real entry, but only at the listed sizes (d, m), and the certified checks only on the listed numeric
instances, so a true claim earns VERIFIED, not PROVEN (no general-size argument is machine-checked).
"""

import random

import sympy as sp

import gdperceptron as gp
import gdperceptron.symbolic.quadratic as quad
import gdperceptron.symbolic.spectral as spec

SPECTRAL = gp.Provenance("derived", "docs/mathematics/reduction.md §3 worked case; cf. arXiv 2512.11587 §5 (not recovered)")
SYMBOLIC_SIZES = ((1, 1), (2, 1), (2, 2), (3, 2))
"""(d, m) at which the identities are checked with symbolic entries."""
NUMERIC_SIZES = ((4, 2), (12, 4), (30, 5))
"""(d, m) of the certified numeric instances (A_S extracted from the model at the smallest size)."""


def _verdict_over(cases, what):
    """Combine per-case outcomes (ok, lines, witness) into one CheckResult (VERIFIED when all hold)."""
    transcript, undecided = [], []
    for label, (ok, lines, witness) in cases:
        transcript += [f"{label}: {line}" for line in lines]
        if ok is False:
            return gp.CheckResult(gp.REFUTED, f"fails at {label}", {"cases": len(transcript)}, transcript,
                                  counterexample={"case": label, **witness})
        if ok is None:
            undecided.append(label)
    labels = [label for label, _ in cases]
    if undecided:
        return gp.CheckResult(gp.UNDECIDED, f"undecided at {undecided}", {"cases": labels}, transcript)
    return gp.CheckResult(gp.VERIFIED, f"{what} at {labels}", {"cases": labels}, transcript)


def _identity(lhs, rhs, ctx, label, scope):
    """(ok, lines, witness) from the framework's symbolic identity check at one size ``scope`` ("(d, m) = …"):
    the expressions are one instance of the statement, so the identity check answers VERIFIED, never PROVEN."""
    res = gp.checks.identity(lhs, rhs, scope=scope).run(ctx)
    ok = {gp.VERIFIED: True, gp.REFUTED: False}.get(res.verdict)
    return ok, [f"{label}: {res.summary}"], (res.counterexample or {})


def _symbols(d):
    return sp.Matrix(sp.symbols(f"c1:{d + 1}", real=True))


# ---------------------------------------------------------------------------------------------
def quadratic_form(factor=sp.Rational(1, 2), gradient_factor=2, sizes=SYMBOLIC_SIZES) -> gp.Claim:
    """y aᵀWb = θᵀAθ with A = factor·y·[[0, I_m ⊗ b], [I_m ⊗ bᵀ, 0]] and ∇_θ(y aᵀWb) = gradient_factor·Aθ;
    and, fixed outer layer with quadratic activation, y Σ_j a_j (w_jᵀb)² = θᵀ blockdiag(a_j y b bᵀ) θ.
    True for factor = 1/2, gradient_factor = 2."""

    @gp.check("symbolic", "identities with symbolic W, a, b, y at each listed size")
    def identities(ctx):
        y = sp.Symbol("y", real=True)
        cases = []
        for d, m in sizes:
            model = gp.models.TwoLayer(d, m, activation="identity", train="both")
            b = sp.symbols(f"b1:{d + 1}", real=True)
            theta = sp.Matrix(model.params)
            A = 2 * factor * y * quad.two_layer_linear_matrix(b, m)
            margin = y * model.output_expr(b)
            size = f"(d, m) = ({d}, {m})"
            results = [_identity(margin, (theta.T * A * theta)[0], ctx, "y aᵀWb = θᵀAθ", size),
                       _identity(sp.Matrix([sp.diff(margin, p) for p in model.params]), gradient_factor * A * theta,
                                 ctx, f"∇(y aᵀWb) = {gradient_factor}Aθ", size)]
            outer = [2, sp.Rational(-1, 3), 5][:m]
            quad_model = gp.models.TwoLayer(d, m, activation="quadratic", train="first", outer=outer)
            qtheta = sp.Matrix(quad_model.params)
            Aq = quad.fixed_outer_quadratic_matrix(b, outer, y)
            results.append(_identity(y * quad_model.output_expr(b), (qtheta.T * Aq * qtheta)[0], ctx,
                                     f"fixed outer {outer}, quadratic: y g = θᵀ blockdiag(a_j y b bᵀ) θ", size))
            ok = False if any(r[0] is False for r in results) else (None if any(r[0] is None for r in results)
                                                                     else True)
            witness = next((r[2] for r in results if r[0] is False), {})
            cases.append((f"(d, m) = ({d}, {m})", (ok, [line for r in results for line in r[1]], witness)))
        return _verdict_over(cases, "exact for every real W, a, b, y")

    A = sp.Symbol("A")
    return gp.Claim(
        "spectral.quadratic-form",
        "The two-layer linear margin is a quadratic form θᵀAθ with ∇ = 2Aθ",
        f"For g = aᵀWb, θ = (vec_row(W), a): y aᵀWb = θᵀAθ with A = {factor}·y·[[0, I_m ⊗ b], [I_m ⊗ bᵀ, 0]] and "
        f"∇_θ(y aᵀWb) = {gradient_factor}Aθ; with a fixed outer layer and φ(z) = z², "
        "y Σ_j a_j (w_jᵀb)² = θᵀ blockdiag_j(a_j y b bᵀ) θ.",
        SPECTRAL,
        checks=[identities],
        formulas=[sp.Eq(sp.Symbol("y a^T W b"), sp.Symbol(r"\theta^T A \theta")),
                  sp.Eq(A, sp.Symbol(r"\frac{y}{2}\begin{pmatrix} 0 & I_m \otimes b \\ I_m \otimes b^T & 0"
                                     r"\end{pmatrix}") * 2 * factor),
                  sp.Eq(sp.Symbol(r"\nabla_\theta (y a^T W b)"), gradient_factor * sp.Symbol(r"A\theta"))],
        description="Checked with symbolic entries at (d, m) ∈ " + ", ".join(map(str, sizes)) + ".",
    )


# ---------------------------------------------------------------------------------------------
def _claimed_spectrum(c, m, factor, plus, zero):
    r = sp.sqrt(sum(v**2 for v in c))
    return {factor * r: plus, -factor * r: plus, sp.Integer(0): zero}


def _same_spectrum(A, claimed: dict) -> bool:
    """Spectrum with multiplicities equal ⟺ det(λI − A) = Π (λ − v)^k (a polynomial identity)."""
    lam = spec.LAMBDA
    product = sp.Mul(*[(lam - v) ** k for v, k in claimed.items()])
    return sum(claimed.values()) == A.shape[0] and sp.expand(product - A.charpoly(lam).as_expr()) == 0


def _random_instance(rng, d, m, n=5):
    """A random rational data set, a random non-empty S and its c_S = Σ_{i∈S} y_i b_i."""
    X = [[sp.Rational(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(d)] for _ in range(n)]
    y = [rng.choice([-1, 1]) for _ in range(n)]
    S = sorted(rng.sample(range(n), rng.randint(1, n)))
    c = sum((sp.Matrix(X[i]) * y[i] for i in S), sp.zeros(d, 1))
    return gp.Dataset(X, y), S, c


def two_layer_linear(factor=sp.Rational(1, 2), plus=lambda d, m: m, zero=lambda d, m: m * (d - 1),
                     sizes=SYMBOLIC_SIZES, numeric_sizes=NUMERIC_SIZES) -> gp.Claim:
    """A_S of the two-layer linear net has eigenvalues ±factor·‖c_S‖ (multiplicity plus(d, m) each) and
    0 (multiplicity zero(d, m)); rank = size − zero(d, m); kernel {(W, 0) : W c_S = 0}.
    True for factor = 1/2, plus = m, zero = m(d − 1)."""

    @gp.check("symbolic", "exact spectrum with symbolic c at each listed size")
    def symbolic_sizes(ctx):
        cases = []
        for d, m in sizes:
            c = _symbols(d)
            A = quad.two_layer_linear_matrix(c, m)
            exact = spec.symbolic_spectrum(A)
            claimed = _claimed_spectrum(c, m, factor, plus(d, m), zero(d, m))
            lines = [f"det(λI − A_S) = {spec.characteristic_polynomial(A)}",
                     f"exact spectrum {exact.eigenvalues}, rank {exact.rank}; claimed {claimed}"]
            ok = _same_spectrum(A, claimed) and exact.rank == A.shape[0] - zero(d, m)
            witness = {}
            if ok:
                J = sp.diag(*([1] * (m * d) + [-1] * m))
                A2 = sp.diag(sp.kronecker_product(sp.eye(m), c * c.T), (c.T * c)[0] * sp.eye(m)) / 4
                kernel = quad.two_layer_linear_eigenvectors(c, m)[0]
                ok = ((J * A * J + A).is_zero_matrix and (A * A - A2).expand().is_zero_matrix
                      and all((A * v).expand().is_zero_matrix for v in kernel)
                      and sp.Matrix.hstack(*kernel).rank() == zero(d, m) if kernel else zero(d, m) == 0)
                lines.append(f"JAJ = −A, A² = ¼diag(I_m ⊗ ccᵀ, ‖c‖² I_m), kernel basis (W, 0), Wc = 0, "
                             f"of dimension {len(kernel)}: {'hold' if ok else 'FAIL'}")
                ok = ok or None  # a failed side identity is not a counterexample to the spectrum
            else:
                point = {s: k + 1 for k, s in enumerate(c)}
                witness = {"c": [k + 1 for k in range(d)], "width": m,
                           "exact spectrum": str(spec.symbolic_spectrum(A.subs(point)).eigenvalues),
                           "claimed": str({sp.nsimplify(k.subs(point)): v for k, v in claimed.items()})}
            cases.append((f"(d, m) = ({d}, {m})", (ok, lines, witness)))
        return _verdict_over(cases, "exact spectrum, rank and kernel for every real c")

    @gp.check("certified", "certified enclosures on random rational instances")
    def certified_instances(ctx):
        rng = random.Random(ctx.seed)
        cases = []
        for d, m in (numeric_sizes[:2] if ctx.quick else numeric_sizes):
            data, S, c = _random_instance(rng, d, m)
            if (d, m) == numeric_sizes[0]:  # independent route: extract A_i from the model itself
                model = gp.models.TwoLayer(d, m, activation="identity", train="both")
                A = quad.set_matrix(quad.margin_matrices(model, data), S)
                if A != quad.two_layer_linear_matrix(c, m):
                    cases.append((f"(d, m) = ({d}, {m})", (None, ["extracted A_S differs from the closed form"], {})))
                    continue
            else:
                A = quad.two_layer_linear_matrix(c, m)
            cert = spec.certified_spectrum(A)
            claimed = _claimed_spectrum(c, m, factor, plus(d, m), zero(d, m))
            counts = {str(v): cert.count_in(v) for v in claimed}
            r2 = (c.T * c)[0]
            exact_cubic = (A * A * A - r2 / 4 * A).is_zero_matrix  # every eigenvalue is 0 or ±‖c‖/2
            lines = [f"N = {A.shape[0]}, S = {S}, ‖c_S‖² = {r2}, residual bound {cert.residual_bound}, "
                     f"clusters {[(str(h), k) for h, k in cert.clusters()]}", f"claimed counts {claimed} → "
                     f"certified {counts}; A³ = (‖c‖²/4)A exactly: {exact_cubic}"]
            if any(counts[str(v)] is None for v in claimed):
                ok = None
            else:
                ok = all(counts[str(v)] == k for v, k in claimed.items()) and sum(claimed.values()) == A.shape[0]
                ok = (True if exact_cubic else None) if ok else False
            witness = {"d": d, "m": m, "X": [[str(v) for v in row] for row in data.X], "y": list(data.y), "S": S,
                       "certified clusters": [(str(h), k) for h, k in cert.clusters()],
                       "claimed": {str(v): k for v, k in claimed.items()}, "seed": ctx.seed}
            cases.append((f"(d, m) = ({d}, {m}), N = {A.shape[0]}", (ok, lines, witness)))
        return _verdict_over(cases, "exact spectrum certified (enclosures + A³ = (‖c‖²/4)A)")

    return gp.Claim(
        "spectral.two-layer-linear",
        "A_S of a two-layer linear net has rank 2m and eigenvalues ±‖c_S‖/2",
        f"For g = aᵀWb of width m on d features and c_S = Σ_{{i∈S}} y_i b_i ≠ 0, A_S = ½[[0, I_m ⊗ c_S], "
        f"[I_m ⊗ c_Sᵀ, 0]] has eigenvalues ±{factor}‖c_S‖ (multiplicity {sp.sstr(plus(*sp.symbols('d m')))} each) "
        f"and 0 (multiplicity {sp.sstr(zero(*sp.symbols('d m')))}); rank 2m; kernel {{(W, 0) : W c_S = 0}}.",
        SPECTRAL,
        checks=[symbolic_sizes, certified_instances],
        formulas=[sp.Eq(sp.Symbol("A_S"), sp.Symbol(r"\frac{1}{2}\begin{pmatrix} 0 & I_m \otimes c_S \\ "
                                                    r"I_m \otimes c_S^T & 0 \end{pmatrix}")),
                  sp.Eq(sp.Symbol(r"\operatorname{spec}(A_S)"),
                        sp.Symbol(r"\{\pm\tfrac{1}{2}\|c_S\|\ (\times m),\ 0\ (\times m(d-1))\}")),
                  sp.Eq(sp.Symbol(r"\ker A_S"), sp.Symbol(r"\{(W, 0) : W c_S = 0\}"))],
        derivation=_two_layer_derivation,
        description="Symbolic at (d, m) ∈ " + ", ".join(map(str, sizes)) + "; certified enclosures (exact integer "
                    "residuals, Weyl + Ostrowski) at " + ", ".join(map(str, numeric_sizes)) + ".",
    )


def _two_layer_derivation():
    """The matrix and its exact spectrum for d = 2, m = 2 with symbolic c (shown by show / latex)."""
    c = _symbols(2)
    A = quad.two_layer_linear_matrix(c, 2)
    s = spec.symbolic_spectrum(A)
    return [("A_S for d = 2, m = 2", sp.Eq(sp.Symbol("A_S"), A, evaluate=False)),
            ("characteristic polynomial", sp.Eq(sp.Symbol(r"\det(\lambda I - A)"), spec.characteristic_polynomial(A)))
            ] + [(label, rel) for label, rel in s.rows()]


# ---------------------------------------------------------------------------------------------
def _perceptron_step(model, samples, theta, S, gamma, n):
    """θ + (γ/n) Σ_{i∈S} y_i ∇g(b_i; θ), exact."""
    subs = dict(zip(model.params, theta))
    return theta + gamma / n * sum((y * model.grad_expr(b).subs(subs) for i, (b, y) in enumerate(samples) if i in S),
                                   sp.zeros(len(theta), 1))


def quadratic_perceptron_product(multiplier=1, step_factor=2, sizes=((1, 1), (2, 1), (2, 2)), steps=4) -> gp.Claim:
    """Quadratic perceptron θ_{t+1} = θ_t + (γ/n) Σ_{i∈S_t} y_i ∇g(b_i; θ_t) = (I + (step_factor·γ/n) A_{S_t}) θ_t,
    so θ_T = Π_{k<T} (I + (2γ/n) A_{S_k}) θ_0; on the eigenvectors of A_S the factor is
    1 ± multiplier·γ‖c_S‖/n (range) and 1 (kernel).  True for multiplier = 1, step_factor = 2."""
    gamma, n = sp.Symbol("gamma", positive=True), sp.Symbol("n", positive=True)

    @gp.check("symbolic", "step = (I + (2γ/n)A_S)θ and the multipliers, symbolic entries, each listed size")
    def symbolic_steps(ctx):
        cases = []
        for d, m in sizes:
            model = gp.models.TwoLayer(d, m, activation="identity", train="both")
            samples = [(sp.symbols(f"b{i}_1:{d + 1}", real=True), (-1) ** i) for i in range(2)]
            mats = quad.margin_matrices(model, samples)
            theta = sp.Matrix(model.params)
            results = []
            for S in ([0], [1], [0, 1]):
                step = _perceptron_step(model, samples, theta, S, gamma, 2)
                results.append(_identity(step, (sp.eye(len(theta)) + step_factor * gamma / 2 * quad.set_matrix(mats, S))
                                         * theta, ctx, f"S = {S}: step = (I + {step_factor}γ/n A_S)θ",
                                         f"(d, m) = ({d}, {m}), n = 2"))
            c = _symbols(d)
            M = sp.eye(m * d + m) + 2 * gamma / n * quad.two_layer_linear_matrix(c, m)
            r = sp.sqrt((c.T * c)[0])
            for sign, vectors in quad.two_layer_linear_eigenvectors(c, m).items():
                factor = 1 + sign * multiplier * gamma * r / n
                results += [_identity(M * v, factor * v, ctx, f"multiplier {factor}", f"(d, m) = ({d}, {m})")
                            for v in vectors[:1]]
            ok = False if any(x[0] is False for x in results) else (None if any(x[0] is None for x in results) else True)
            cases.append((f"(d, m) = ({d}, {m})", (ok, [ln for x in results for ln in x[1]],
                                                   next((x[2] for x in results if x[0] is False), {}))))
        return _verdict_over(cases, "exact for every real θ, b, c, γ, n")

    @gp.check("instance", f"{steps} exact quadratic-perceptron steps = the matrix product")
    def product_instances(ctx):
        rng = random.Random(ctx.seed)
        cases = []
        for d, m in sizes[1:]:
            model = gp.models.TwoLayer(d, m, activation="identity", train="both")
            data, _, _ = _random_instance(rng, d, m, n=4)
            theta0 = sp.Matrix([sp.Rational(rng.randint(-8, 8), 8) for _ in model.params])
            g = sp.Rational(3, 2)
            mats, samples = quad.margin_matrices(model, data), list(zip(data.X, data.y))
            theta, product, sets = theta0, sp.eye(len(theta0)), []
            for _ in range(steps):
                subs = dict(zip(model.params, theta))
                S = [i for i, (b, y) in enumerate(samples) if y * model.output_expr(b).subs(subs) <= 0]
                sets.append(S)
                theta = _perceptron_step(model, samples, theta, S, g, data.n)
                product = (sp.eye(len(theta0)) + step_factor * g / data.n * quad.set_matrix(mats, S)) * product
            exact_ok = (theta - product * theta0).is_zero_matrix
            lines = [f"γ = {g}, active sets {sets}, θ_T = Π(I + (2γ/n)A_S)θ_0 exactly: {exact_ok}"]
            cases.append((f"(d, m) = ({d}, {m})", (exact_ok, lines, {} if exact_ok else {
                "X": [[str(v) for v in row] for row in data.X], "y": list(data.y), "theta0": [str(v) for v in theta0],
                "gamma": str(g), "sets": sets, "seed": ctx.seed})))
        return _verdict_over(cases, "exact on random rational instances")

    return gp.Claim(
        "spectral.quadratic-perceptron-product",
        "The quadratic perceptron is a product of matrices I + (2γ/n)A_S",
        "If m_i(θ) = θᵀA_iθ, the quadratic perceptron step is θ_{t+1} = (I + (2γ/n)A_{S_t})θ_t, so "
        "θ_T = Π_{k<T}(I + (2γ/n)A_{S_k})θ_0; for the two-layer linear net it multiplies the range eigenvectors of "
        f"A_S by 1 ± {multiplier}·γ‖c_S‖/n and leaves the kernel fixed.",
        SPECTRAL,
        checks=[symbolic_steps, product_instances],
        formulas=[sp.Eq(sp.Symbol(r"\theta_T"), sp.Symbol(r"\prod_{k<T}\Big(I + \tfrac{2\gamma}{n} A_{S_k}\Big)\theta_0")),
                  sp.Eq(sp.Symbol(r"\Big(I + \tfrac{2\gamma}{n}A_S\Big)x_\pm"),
                        sp.Symbol(r"\Big(1 \pm \tfrac{\gamma\|c_S\|}{n}\Big)x_\pm"))],
    )


quadratic_form_claim = quadratic_form()
two_layer_linear_claim = two_layer_linear()
quadratic_perceptron_product_claim = quadratic_perceptron_product()
