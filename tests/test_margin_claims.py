"""Every claim of margin.md §6 is shipped, earns its verdict, and a deliberately false variant of each
(built with the same public functions) is refuted or at least not confirmed."""

import sympy as sp
import pytest

import gdperceptron as gp
import proofs.margin_contrasts as C
import proofs.robust_margin as M

CONFIRMED = (gp.PROVEN, gp.VERIFIED, gp.SUPPORTED)
IDS = ["margin.zero-set-distance", "margin.optimal-value", "margin.max-margin-network", "margin.mirror-symmetry",
       "margin.monotonicity", "margin.absorption", "margin.frozen-invariants", "margin.linear-phase",
       "margin.growth-exponential", "margin.growth-logistic", "margin.gradient-flow-lambert",
       "margin.canonical-rate", "margin.rate-law", "margin.second-order", "margin.gd-vs-flow", "margin.contrasts"]
EXPECTED = {"margin.max-margin-network": gp.PROVEN, "margin.frozen-invariants": gp.PROVEN,
            "margin.linear-phase": gp.PROVEN, "margin.gradient-flow-lambert": gp.PROVEN,
            "margin.second-order": gp.PROVEN}


def test_every_spec_id_is_registered_with_derived_provenance():
    for cid in IDS:
        claim = gp.claims.get(cid)
        assert claim.provenance.tag == "derived"
        assert "paper's theorem" not in claim.statement.lower()


ROUNDED_PREDICATES = {
    # issue 12, class 2: a property answer counts only when certified; these predicates still decide on
    # rounded mpmath GD runs or a floating-point scan, so their checks are honestly UNDECIDED until they
    # are ported to certified arithmetic (certified GD of the reference model, an interval scan)
    "margin.zero-set-distance": "brute-force scan in rounded mpmath arithmetic",
    "margin.monotonicity": "own-point activations read off a rounded GD run",
    "margin.absorption": "activation patterns read off a rounded GD run",
}


@pytest.mark.parametrize("cid", [pytest.param(c, marks=pytest.mark.xfail(reason=ROUNDED_PREDICATES[c], strict=False))
                                 if c in ROUNDED_PREDICATES else c for c in IDS if c != "margin.contrasts"])
def test_true_claims_are_confirmed_in_quick_mode(cid):
    result = gp.claims.get(cid).check(quick=True)
    assert result.verdict in CONFIRMED, result.summary
    if cid in EXPECTED:
        assert result.verdict is EXPECTED[cid]
    assert not result.errored


def test_rate_fits_carry_constants_and_error_bars():
    result = gp.claims.get("margin.canonical-rate").check(quick=True)
    evidence = result.checks[1].evidence
    assert "±" in evidence["constant c"] and evidence["dps"] == 50
    value, error = (float(x) for x in evidence["constant c"].split("±"))
    assert abs(value - 0.2 / (2 * 2**0.5)) <= 3 * error      # independent closed-form constant


FALSE_VARIANTS = {
    "zero-set distance scaled by 2": lambda: M.zero_set_distance(factor=2, grid=60),
    "optimum sin θ instead of sin(θ/2)": lambda: M.optimal_value(optimum=lambda th: sp.sin(th)),
    "min-norm value 2": lambda: M.max_margin_network(value=2),
    "mirror = identity": lambda: M.mirror_symmetry(reflect=lambda w: [w[0], w[1]]),
    "monotonicity at acute angles": lambda: M.monotonicity(theta_fracs=(sp.Rational(1, 6), sp.Rational(1, 4))),
    "absorption claimed for acute angles": lambda: M.absorption(theta_fracs=(sp.Rational(1, 4), sp.Rational(1, 3)),
                                                                horizon=60),
    "κ without cos θ": lambda: M.frozen_invariants(cos_coefficient=0),
    "linear phase with step η": lambda: M.linear_phase(factor=1),
    "growth with η ln t": lambda: M.growth_logistic(log_coefficient=1),
    "exp growth with no log term": lambda: M.growth_exponential(log_coefficient=0),
    "Lambert W without e^a0": lambda: M.gradient_flow_lambert(shift=False),
    "canonical limit Δ/(2 sin θ/2)": lambda: M.canonical_rate(limit=sp.Rational(2, 10) / (2 * sp.sin(sp.pi / 4))),
    "rate constant Δ/(2 sin θ/2)": lambda: M.rate_law(constant=lambda d, th: d / (2 * sp.sin(th / 2))),
    "rate 1/√ln t for the fixed-output net": lambda: M.rate_law(constant=lambda d, th: d, law="1/sqrt(ln t)"),
    "second-order coefficient /16": lambda: M.second_order(
        coefficient=lambda k1, k2, s, c: (k1 - k2) * (2 * (k1 + k2) - s**2 * (k1 + 3 * k2)) / (16 * s**3 * c**2)),
    "GD keeps κ1 = κ2": lambda: M.gd_vs_flow(kappas_equal=True),
    # a near miss: 0.5% off the limit, many error bars away; the closed-form part must not carry it
    "canonical limit off by 0.5%": lambda: M.canonical_rate(limit=sp.Rational(2, 10) / (2 * sp.sqrt(2))
                                                            * sp.Rational(201, 200)),
}


@pytest.mark.parametrize("name", list(FALSE_VARIANTS))
def test_false_variants_are_caught(name):
    result = FALSE_VARIANTS[name]().check(quick=True)
    assert result.verdict not in CONFIRMED, f"{name}: {result.verdict} — {result.summary}"
    assert not result.errored, f"{name}: a crashing check must not count as catching the variant"
    if result.verdict is gp.REFUTED:
        assert result.counterexample


@pytest.mark.slow
def test_contrasts_and_wrong_contrast_law():
    result = gp.claims.get("margin.contrasts").check(quick=True)
    assert result.verdict is not gp.REFUTED
    wrong = C.contrasts({**C.EXPECTED, "antipodal": "1/ln t"}).check(quick=True)
    assert wrong.verdict not in CONFIRMED


def test_separation_is_decided_with_intervals():
    from sympy import Rational as Q

    half = Q(1, 2)
    assert M._separates((0, 1, 0, -1), half) is True            # (x+, x−) at θ = π/2, x± = (c, ±s)
    assert M._separates((0, 0, 0, 0), half) is False            # N ≡ 0 separates nothing
    assert M._separates((1, 0, 1, 0), half) is False            # w1 = w2: N ≡ 0
    assert M._separates((0, -1, 0, 1), half) is False           # the labels swapped


def test_optimal_value_counts_only_the_nets_it_decided():
    """Class 5 of issue 12: non-separating draws are filtered (counted apart), never passes; a check that
    decides too few nets is UNDECIDED, not SUPPORTED."""
    from hypothesis import strategies as st
    from sympy import Rational as Q

    holds = M._margin_bound_predicate(Q(1, 2))
    never_separating = st.tuples(st.just(Q(1, 2)), st.tuples(*[st.integers(-3, 0).map(Q)] * 2 + [st.just(Q(0))] * 2))
    result = gp.checks.property_based(holds, never_separating, max_examples=20, quick_examples=20,
                                      min_decided=1)(gp.claims.CheckContext(quick=True))
    assert result.verdict is gp.UNDECIDED
    assert result.evidence["decided"] == 0 and result.evidence["filtered"] > 0
    shipped = gp.claims.get("margin.optimal-value").checks[0](gp.claims.CheckContext(quick=True))
    assert shipped.verdict is gp.SUPPORTED, shipped.summary
    assert shipped.evidence["decided"] >= M.SEPARATING_NETS and shipped.evidence["filtered"] >= 1
    assert f"in {shipped.evidence['decided']} decided examples" in shipped.summary


@pytest.mark.parametrize("cid", sorted(ROUNDED_PREDICATES))
def test_claims_with_uncertified_predicates_are_never_refuted(cid):
    result = gp.claims.get(cid).check(quick=True)
    assert result.verdict is not gp.REFUTED and not result.errored, result.summary


def test_second_order_statement_is_narrowed_to_l5_and_its_inputs_are_checked():
    claim = gp.claims.get("margin.second-order")
    assert "d = 2" in claim.statement and "L5" in claim.statement and "not checked here" in claim.statement
    series = claim.check(quick=True).checks[0]
    assert series.verdict is gp.PROVEN
    assert sum(line.endswith("= 0") for line in series.transcript if "n·x" in line or "‖n‖²" in line) == 3


def test_max_margin_glue_steps_are_computed():
    symbolic = gp.claims.get("margin.max-margin-network").check(quick=True).checks[0]
    assert symbolic.verdict is gp.PROVEN
    text = "\n".join(symbolic.transcript)
    assert "Interval(1, oo)" in text and "dist(x−, B) − s: 0" in text
