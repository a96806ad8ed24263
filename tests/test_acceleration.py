"""The implicit-acceleration claims, their false variants, and independent cross-checks."""

import pytest

import gdperceptron as gp
from gdperceptron.scaling.certified_chain import certify_linear_chain
from proofs import implicit_acceleration as ia


def test_support_lemma_against_reference_gd():
    """Independent of the lemma's code: gp.run_gd's iterates have v_{t,j} == 0 exactly for j > t."""
    d = 7
    for gamma in ("1/100", "3", "1000"):
        traj = gp.run_gd(gp.models.Linear(d), gp.datasets.chain(d), gamma, d, dps=30)
        for t in range(d + 1):
            assert all(v == 0 for v in traj.params[t][t:])
        assert traj.separated_at is None or traj.separated_at >= d


def test_certified_run_encloses_reference_iterates():
    d, gamma = 10, "1/10"
    cert = certify_linear_chain(d, gamma)
    traj = gp.run_gd(gp.models.Linear(d), gp.datasets.chain(d), gamma, d + 1, dps=40)
    assert cert.support_ok and cert.last_margin_zero_before_d
    assert cert.separated_at == traj.separated_at


def test_chain_linear_lower_bound_quick_is_proven():
    result = gp.claims.get("acceleration.chain-linear-lower-bound").check(quick=True)
    assert result.verdict is gp.PROVEN
    kinds = {c.name: c.verdict for c in result.checks}
    assert gp.VERIFIED in kinds.values()


def test_support_lemma_inductive_step_is_a_checked_computation():
    """The general check computes the base, the inductive step (two cases of j > t + 1) and the consequence;
    PROVEN must not rest on a sentence.  A false strengthening of the step (one more zero coordinate) fails."""
    result = gp.claims.get("acceleration.chain-linear-lower-bound").check(quick=True)
    general = result.checks[0]
    assert general.verdict is gp.PROVEN
    steps = [line for line in general.transcript if "v_{t+1,j} = 0" in line]
    assert len(steps) == 2 and any(line.startswith("consequence") for line in general.transcript)
    for extra in (1, 2):
        ok, _, failure = ia._support_induction(extra)
        assert not ok and "claimed zero" in failure["case"]


def test_false_variant_lower_bound_d_plus_one_is_refuted():
    """'No separation before t = d + 1' is false: some γ separates at exactly t = d (certified)."""
    result = ia.chain_linear_lower_bound(extra=1).check(quick=True)
    assert result.verdict is gp.REFUTED
    assert result.counterexample["certified"] and result.counterexample["separated_at"] < \
        result.counterexample["d"] + 1


def test_false_variant_early_separation_is_refuted():
    result = ia.chain_linear_early_separation(d=6).check()
    assert result.verdict is gp.REFUTED and result.counterexample["t"] == 5


# ---------------------------------------------------------------- signed chain, one-class shortcut --
def test_signed_chain_linear_gd_is_chain_gd():
    """Independent of the symbolic proof: gp.run_gd gives the same iterates on both families."""
    d, gamma = 6, "5/2"
    chain = gp.run_gd(gp.models.Linear(d), gp.datasets.chain(d), gamma, 12, dps=40)
    signed = gp.run_gd(gp.models.Linear(d), gp.datasets.signed_chain(d), gamma, 12, dps=40)
    for t in range(13):
        assert all(abs(a - b) <= 1e-38 for a, b in zip(chain.params[t], signed.params[t]))
    assert signed.separated_at == chain.separated_at >= d


def test_signed_chain_pairs_margins_add_to_the_odd_part():
    """A random two-layer leaky net: m(b_i, +1) + m(−b_i, −1) = (1 + α) uᵀb_i, u = Σ_j a_j w_j (mpmath)."""
    import mpmath

    d, m = 5, 3
    model = gp.models.TwoLayer(d, m, "leaky_relu(1/10)", train="both")
    rng = __import__("random").Random(4)
    data = gp.datasets.signed_chain(d)
    with mpmath.workdps(50):
        alpha = mpmath.mpf(1) / 10
        theta = [mpmath.mpf(rng.uniform(-1, 1)) for _ in range(model.n_params)]
        W, a = [theta[j * d:(j + 1) * d] for j in range(m)], theta[m * d:]
        u = [sum(a[j] * W[j][k] for j in range(m)) for k in range(d)]
        for i in range(d):
            b = [mpmath.mpf(int(v)) for v in data.X[i]]
            pair = model.output(theta, b) - model.output(theta, [-v for v in b])
            assert abs(pair - (1 + alpha) * sum(uk * bk for uk, bk in zip(u, b))) < mpmath.mpf(10) ** -45


def test_signed_chain_and_shortcut_claims_are_proven():
    for cid in ("acceleration.signed-chain-needs-ordering", "acceleration.chain-one-class-shortcut"):
        assert gp.claims.get(cid).check().verdict is gp.PROVEN


@pytest.mark.parametrize("variant", [
    lambda: ia.signed_chain_needs_ordering(odd_factor=1 - ia.alpha_sym),   # the even part's factor
    lambda: ia.signed_chain_needs_ordering(odd_factor=1 + 2 * ia.alpha_sym),
    lambda: ia.signed_chain_needs_ordering(pair_sign=-1),                  # the negated copies keep label +1
    lambda: ia.chain_one_class_shortcut(even_factor=1 + ia.alpha_sym),
    lambda: ia.chain_one_class_shortcut(even_factor=1 - 2 * ia.alpha_sym),
], ids=["odd-factor-1-a", "odd-factor-1+2a", "unsigned-pairs", "even-factor-1+a", "even-factor-1-2a"])
def test_false_structure_variants_are_refuted(variant):
    result = variant().check()
    assert result.verdict is gp.REFUTED and result.counterexample
