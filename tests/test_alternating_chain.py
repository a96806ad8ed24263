"""The alternating-label chain (issue 18): the data set, its claims, their false variants.

Reference values come from an independent route: the family rebuilt here from its definition with
plain Python integers and Fractions, never from the code under test.
"""

from fractions import Fraction

import pytest

import gdperceptron as gp


def reference_data(d):
    """b_i = y_i a_i with a_i = e_i − e_{i+1} (i < d), a_d = e_d, y_i = (−1)^{i+1}, 1-based i; plain ints."""
    rows, labels = [], []
    for i in range(1, d + 1):
        a = [0] * d
        a[i - 1] = 1
        if i < d:
            a[i] = -1
        y = (-1) ** (i + 1)
        rows.append([y * x for x in a])
        labels.append(y)
    return rows, labels


# ---------------------------------------------------------------- the data set -----------------
@pytest.mark.parametrize("d", [2, 4, 6, 16])
def test_alternating_chain_matches_definition(d):
    data = gp.datasets.alternating_chain(d)
    rows, labels = reference_data(d)
    assert data.n == d and data.d == d
    assert [[int(v) for v in row] for row in data.X] == rows
    assert [int(v) for v in data.y] == labels
    # y_i b_i is the chain's a_i, and v = (d, …, 1) separates with unit margins
    chain = gp.datasets.chain(d)
    assert [[int(y * v) for v in row] for row, y in zip(data.X, data.y)] == [[int(v) for v in r] for r in chain.X]
    v = list(range(d, 0, -1))
    assert all(y * sum(Fraction(int(b)) * w for b, w in zip(row, v)) == 1 for row, y in zip(rows, labels))


@pytest.mark.parametrize("d", [0, 1, 3, 7, -2])
def test_alternating_chain_rejects_odd_or_small_d(d):
    with pytest.raises(gp.InputError):
        gp.datasets.alternating_chain(d)


def test_alternating_chain_registered_in_scaling_families():
    family = gp.scaling.get_family("alternating_chain")
    assert [int(v) for v in family(8).y] == reference_data(8)[1]
    assert "derived" in family.provenance


# ---------------------------------------------------------------- the exact separator ---------
def reference_separator_margins(d):
    """y_i (|w′ᵀb_i| − 2|wᵀb_i|) with plain ints, w′ = (1, −1, …), w = (1, 1, −1, −1, …)."""
    wp = [1 if j % 2 == 0 else -1 for j in range(d)]
    w = [1 if (j // 2) % 2 == 0 else -1 for j in range(d)]
    rows, labels = reference_data(d)
    return [y * (abs(sum(p * b for p, b in zip(wp, row))) - 2 * abs(sum(q * b for q, b in zip(w, row))))
            for row, y in zip(rows, labels)]


def test_separator_reference_margins():
    for d in range(2, 31, 2):
        margins = reference_separator_margins(d)
        assert margins[:-1] == [2] * (d - 1) and margins[-1] == 1
    for d in range(1, 31, 2):
        assert reference_separator_margins(d)[-1] == -1


def test_separator_claim_is_proven_with_margin_one():
    from proofs import alternating_chain as ac
    result = gp.claims.get("acceleration.altchain-separator").check(quick=True)
    assert result.verdict is gp.PROVEN, result.summary
    closed = result.checks[0].evidence
    assert closed["i = d"] == 1 and all(v == 2 for k, v in closed.items() if k != "i = d")
    instances = result.checks[1].evidence["margins"]
    for d, values in instances.items():
        assert values == sorted(set(reference_separator_margins(d)))
    # the net the claim evaluates is the separator the reference computes
    assert ac.separator_params(4) == [1, -1, 1, -1, -1, 1, -1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -2, -2]


def test_false_variant_separator_for_odd_d_is_refuted():
    from proofs import alternating_chain as ac
    result = ac.altchain_separator("odd").check(quick=True)
    assert result.verdict is gp.REFUTED
    cex = result.counterexample
    assert cex["margin"] == -1 and reference_separator_margins(cex["d"])[cex["i"] - 1] == -1


# ---------------------------------------------------------------- the linear barrier ----------
def reference_linear_gd(d, gamma, steps, dps=200):
    """Linear GD from 0 on the reference data, mean logistic loss, written out with plain mpmath (not gp):
    v ← v + (γ/d) Σ_i σ(−y_i vᵀb_i) y_i b_i.  Returns the iterates."""
    import mpmath
    rows, labels = reference_data(d)
    with mpmath.workdps(dps):
        g = mpmath.mpf(Fraction(gamma).numerator) / Fraction(gamma).denominator
        v, out = [mpmath.mpf(0)] * d, []
        for _ in range(steps + 1):
            out.append(list(v))
            margins = [y * mpmath.fsum(a * b for a, b in zip(v, row)) for row, y in zip(rows, labels)]
            weights = [1 / (1 + mpmath.exp(m)) for m in margins]
            v = [v[k] + g / d * mpmath.fsum(w * y * row[k] for w, y, row in zip(weights, labels, rows))
                 for k in range(d)]
    return out, rows, labels


def test_reference_gd_first_separates_at_d():
    """Independent route: at d = 16, γ = 10 the reference loop has m_d = 0 exactly before t = d and every
    margin ≥ 10⁻¹⁴ at t = d (200 digits; rounding is below 10⁻¹⁹⁰)."""
    import mpmath
    d = 16
    iterates, rows, labels = reference_linear_gd(d, "10", d)
    for t in range(d):
        assert iterates[t][d - 1] == 0  # m_d = y_d · (y_d v_d) = v_d
    with mpmath.workdps(200):
        margins = [y * mpmath.fsum(a * b for a, b in zip(iterates[d], row)) for row, y in zip(rows, labels)]
    assert min(margins) > mpmath.mpf("1e-14")


def test_linear_lower_bound_quick_is_proven_through_the_chain_lemma():
    result = gp.claims.get("acceleration.altchain-linear-lower-bound").check(quick=True)
    assert result.verdict is gp.PROVEN, result.summary
    by_name = {c.name: c for c in result.checks}
    support = next(c for name, c in by_name.items() if "support lemma" in name)
    assert support.verdict is gp.PROVEN and "acceleration.chain-linear-lower-bound" in support.summary


def test_linear_exact_count_quick_matches_reference():
    result = gp.claims.get("acceleration.altchain-linear-exact-count").check(quick=True)
    assert result.verdict is gp.VERIFIED, result.summary
    rows = result.checks[0].evidence["runs"]
    assert rows and all(r["certain"] and r["separated_at"] == r["d"] for r in rows)
    ref = next(r for r in rows if r["d"] == 16 and r["gamma"] == "10")
    iterates, ref_rows, labels = reference_linear_gd(16, "10", 16)
    import mpmath
    with mpmath.workdps(200):
        smallest = min(y * mpmath.fsum(a * b for a, b in zip(iterates[16], row)) for row, y in zip(ref_rows, labels))
    assert abs(mpmath.mpf(ref["min_margin_at_T"]) / smallest - 1) < mpmath.mpf("1e-4")


def test_false_variant_linear_separates_before_d_is_refuted():
    from proofs import alternating_chain as ac
    result = ac.altchain_linear_early_separation(d=6).check()
    assert result.verdict is gp.REFUTED and result.counterexample["t"] == 5


@pytest.mark.parametrize("offset", [-1, 1])
def test_false_variant_linear_count_off_by_one_is_refuted(offset):
    from proofs import alternating_chain as ac
    result = ac.altchain_linear_exact_count(offset, quick_grid=((16, ("1",)),)).check(quick=True)
    assert result.verdict is gp.REFUTED
    assert result.counterexample["certified"] and result.counterexample["separated_at"] == 16


# ---------------------------------------------------------------- two-layer counts ------------
def reference_two_layer_margins(d, width, theta0, eta, steps, dps=60):
    """Full-batch GD on g(b) = Σ_j a_j φ(w_jᵀb), φ = leaky ReLU (1/10), mean logistic loss, both layers
    trained — written out with plain mpmath on the reference data (not gp).  Margins at every step."""
    import mpmath
    rows, labels = reference_data(d)
    alpha = Fraction(1, 10)
    with mpmath.workdps(dps):
        th = [mpmath.mpf(x.numerator) / x.denominator for x in theta0]
        out = []
        for _ in range(steps + 1):
            W, a = [th[j * d:(j + 1) * d] for j in range(width)], th[width * d:]
            pre = [[mpmath.fsum(w * x for w, x in zip(W[j], row) if x) for j in range(width)] for row in rows]
            phi = [[z if z > 0 else z * alpha.numerator / alpha.denominator for z in p] for p in pre]
            margins = [y * mpmath.fsum(aj * h for aj, h in zip(a, hs)) for y, hs in zip(labels, phi)]
            out.append(margins)
            step = mpmath.mpf(Fraction(eta).numerator) / Fraction(eta).denominator / d
            s = [step * y / (1 + mpmath.exp(m)) for y, m in zip(labels, margins)]
            gW = [[mpmath.fsum(s[i] * a[j] * (1 if pre[i][j] > 0 else mpmath.mpf(1) / 10) * rows[i][k]
                               for i in range(d) if rows[i][k]) for k in range(d)] for j in range(width)]
            ga = [mpmath.fsum(s[i] * phi[i][j] for i in range(d)) for j in range(width)]
            th = [w + g for wj, gj in zip(W, gW) for w, g in zip(wj, gj)] + [x + g for x, g in zip(a, ga)]
    return out


def test_two_layer_count_matches_reference_loop():
    """gp's certified count at d = 16, width 16 against a plain-mpmath loop from the same exact init; the
    reference's margins at T − 1 and T are far from 0 compared with its rounding (60 digits)."""
    import mpmath
    from proofs import alternating_chain as ac
    d, width, seed = 16, 16, 1
    row = ac.two_layer_count(d, width, seed)
    assert row["status"] == "separated"
    T = row["T"]
    margins = reference_two_layer_margins(d, width, ac.two_layer_init(d, width, seed), 10, T)
    first = next(t for t, ms in enumerate(margins) if min(ms) > 0)
    assert first == T
    assert min(margins[T]) > mpmath.mpf("1e-30") and min(margins[T - 1]) < -mpmath.mpf("1e-30")


def test_two_layer_init_is_exact_and_seeded():
    from proofs import alternating_chain as ac
    a, b = ac.two_layer_init(8, 4, 3), ac.two_layer_init(8, 4, 3)
    assert a == b and len(a) == 8 * 4 + 4 and all(isinstance(x, Fraction) for x in a)
    assert ac.two_layer_init(8, 4, 4) != a


def test_two_layer_scaling_quick_reports_fit_and_linear_beside():
    result = gp.claims.get("acceleration.altchain-two-layer-scaling").check(quick=True)
    assert not result.errored and result.verdict is not gp.REFUTED
    evidence = result.checks[0].evidence
    assert all(r["certain"] and r["separated_at"] == r["d"] for r in evidence["linear"])
    for series in evidence["series"].values():
        runs = series["runs"]
        assert runs and all(r["status"] == "separated" for r in runs) or result.verdict is gp.UNDECIDED
        if result.verdict is gp.SUPPORTED:
            assert series["fit"]["ci_high"] <= 0.5 + series["slack"]
        # every two-layer count is below the linear count d at the same d
        assert all(r["T"] < r["d"] for r in runs if r["status"] == "separated" and r["d"] >= 32)


def test_false_variant_two_layer_exponent_at_least_one_is_not_confirmed():
    from proofs import alternating_chain as ac
    claim = ac.altchain_two_layer_scaling(upper=None, lower=1.0, divide_log=False,
                                          claim_id="variant.altchain-two-layer-exponent-ge-1")
    result = claim.check(quick=True)
    assert result.verdict in (gp.REFUTED, gp.UNDECIDED)


# ---------------------------------------------------------------- alternation -----------------
def test_alternation_claim_verified_and_sets_match_reference_signs():
    """The certified sets against the plain-mpmath reference loop's margin signs (60 digits)."""
    from proofs import alternating_chain as ac
    result = gp.claims.get("acceleration.altchain-alternation").check(quick=True)
    assert result.verdict is gp.VERIFIED, result.summary
    d, width, seed, eta, pattern = ac.ALTERNATION_INSTANCES[0]
    margins = reference_two_layer_margins(d, width, ac.two_layer_init(d, width, seed), Fraction(eta), max(pattern))
    _, labels = reference_data(d)
    for t, stated in pattern.items():
        wrong = {i for i, m in enumerate(margins[t]) if m <= 0}
        assert wrong == {i for i, y in enumerate(labels) if y == (1 if stated == "all +1" else -1)}


def test_false_variant_misstated_alternation_is_refuted():
    from proofs import alternating_chain as ac
    d, width, seed, eta, pattern = ac.ALTERNATION_INSTANCES[0]
    swapped = {t: ("all +1" if p == "all −1" else "all −1") for t, p in pattern.items()}
    result = ac.altchain_alternation(((d, width, seed, eta, swapped),),
                                     claim_id="variant.altchain-alternation-misstated").check(quick=True)
    assert result.verdict is gp.REFUTED and result.counterexample["certified"] == pattern[result.counterexample["t"]]
