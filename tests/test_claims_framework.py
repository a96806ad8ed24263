"""The claim framework: verdict aggregation, ready-made checks, certified arithmetic, registry."""

import mpmath
import pytest
import sympy as sp
from hypothesis import strategies as st

import gdperceptron as gp
from gdperceptron.claims.core import aggregate
from gdperceptron.numeric.certify import prove_inequality


def result(verdict, **kw):
    if verdict is gp.REFUTED:
        kw.setdefault("counterexample", {"x": 1})
    return gp.CheckResult(verdict, str(verdict), **kw)


def test_aggregate_refuted_dominates_and_otherwise_the_strongest_earned_verdict_wins():
    assert aggregate("c", [result(gp.PROVEN), result(gp.REFUTED)], 0).verdict is gp.REFUTED
    assert aggregate("c", [result(gp.UNDECIDED), result(gp.PROVEN)], 0).verdict is gp.PROVEN
    assert aggregate("c", [result(gp.SUPPORTED), result(gp.VERIFIED)], 0).verdict is gp.VERIFIED
    assert aggregate("c", [result(gp.UNDECIDED)], 0).verdict is gp.UNDECIDED
    assert aggregate("c", [], 0).verdict is gp.UNDECIDED


def covering(verdict, covers, **kw):
    r = result(verdict, **kw)
    r.covers = covers
    return r


def test_parts_are_a_conjunction_and_evidence_never_confirms():
    # a part that is proven cannot stand for the claim while another part is undecided
    assert aggregate("c", [covering(gp.PROVEN, "part"), covering(gp.UNDECIDED, "part")], 0).verdict is gp.UNDECIDED
    assert aggregate("c", [covering(gp.PROVEN, "part"), covering(gp.SUPPORTED, "part")], 0).verdict is gp.SUPPORTED
    # a whole-claim check still wins over weaker parts
    assert aggregate("c", [covering(gp.PROVEN, "claim"), covering(gp.UNDECIDED, "part")], 0).verdict is gp.PROVEN
    # evidence alone confirms nothing, but it can refute
    assert aggregate("c", [covering(gp.SUPPORTED, "evidence")], 0).verdict is gp.UNDECIDED
    assert aggregate("c", [covering(gp.PROVEN, "claim"), covering(gp.REFUTED, "evidence")], 0).verdict is gp.REFUTED
    with pytest.raises(gp.InputError, match="covers"):
        gp.check("symbolic", covers="most")


def test_sub_domain_certificate_is_evidence_only():
    bound = gp.checks.certified_inequality(lambda x: x, lambda x: x + 1, [(0, 1)], covers_domain=False)
    claim = gp.Claim("t.sub", "s", "x ≤ x + 1 for all real x", "derived", [bound])
    result = claim.check()
    assert result.checks[0].verdict is gp.SUPPORTED and result.verdict is gp.UNDECIDED


def test_identity_refutes_a_tiny_but_real_difference():
    x = sp.Symbol("x", positive=True)
    tiny = gp.Claim("t.tiny", "t", "t", "derived", [gp.checks.identity(x * (1 + sp.Rational(1, 10**40)), x)])
    assert tiny.check().verdict is gp.REFUTED


def test_a_refutation_must_carry_its_counterexample():
    with pytest.raises(ValueError):
        gp.CheckResult(gp.REFUTED, "no witness")


def test_a_crashing_check_earns_undecided_and_records_the_error():
    @gp.check("instance")
    def crashes(ctx):
        raise ZeroDivisionError("boom")

    claim = gp.Claim("t.crash", "crash", "a statement", "derived", [crashes])
    res = claim.check()
    assert res.verdict is gp.UNDECIDED and res.errored and "ZeroDivisionError" in res.summary


def test_user_claim_in_a_few_lines_is_refuted_with_a_shrunk_counterexample_then_fixed():
    # the README's example: softplus(x) = ln(1 + e^x) ≤ |x| + 1 is true; ≤ |x| is false near 0.
    # (≤ |x| + ln 2 is true but tight at x = 0: a slack computed at 15 digits rounds below the
    # predicate's 50-digit value, which is why a tight comparison needs care with precision.)
    def softplus_bound(slack):
        return gp.Claim("my.softplus", "softplus bound", f"ln(1+e^x) ≤ |x| + {slack}", "derived",
                        checks=[gp.checks.property_based(
                            lambda x: mpmath.log1p(mpmath.exp(x)) <= abs(x) + slack,
                            st.integers(-50, 50), max_examples=100)])

    bad = softplus_bound(0).check()
    assert bad.verdict is gp.REFUTED and bad.counterexample["example"] == "0"  # shrunk to the minimal x
    good = softplus_bound(1).check()
    assert good.verdict is gp.SUPPORTED


def test_property_check_with_too_many_undecided_examples_is_undecided():
    claim = gp.Claim("t.undecided", "u", "u", "derived",
                     [gp.checks.property_based(lambda x: None, st.integers(0, 5), max_examples=10)])
    assert claim.check().verdict is gp.UNDECIDED


def test_identity_check_proves_refutes_and_stays_undecided_honestly():
    x = sp.Symbol("x", real=True)
    assert gp.Claim("t.i", "i", "i", "derived", [gp.checks.identity(sp.sin(x) ** 2 + sp.cos(x) ** 2, 1)]
                    ).check().verdict is gp.PROVEN
    wrong = gp.Claim("t.w", "w", "w", "derived", [gp.checks.identity((x + 1) ** 2, x**2 + 1)]).check()
    assert wrong.verdict is gp.REFUTED
    point = sp.Rational(wrong.counterexample["point"]["x"])
    assert (point + 1) ** 2 != point**2 + 1  # the witness really is one


def test_certified_check_no_false_violation_near_m_minus_60_at_low_precision():
    # |σ(−m) − 1| = 1 − 1/(1 + e^m) suffers total cancellation at 15 digits near m = −60; the true
    # value e^{−60}/(1 + e^{−60}) is below e^{−60} by about e^{−120}.
    def lhs(x):
        return 1 - 1 / (1 + mpmath.iv.exp(x))

    def rhs(x):
        return mpmath.iv.exp(-abs(x))

    point = prove_inequality(lhs, rhs, [(-60, -60)], dps=15, max_dps=240)
    assert point.proven and point.max_dps_used > 50  # precision had to be raised to decide
    too_low = prove_inequality(lhs, rhs, [(-60, -60)], dps=15, max_dps=30)
    assert too_low.violation is None and too_low.open_boxes  # UNDECIDED, never a false violation
    box = prove_inequality(lhs, rhs, [("-60.001", "-59.999")], dps=15, max_dps=60, max_boxes=200)
    assert box.violation is None


def test_certified_check_finds_a_certified_violation():
    bb = prove_inequality(lambda x: x * x, lambda x: mpmath.iv.mpf(2), [(0, 3)], dps=15)
    assert bb.violation is not None
    witness = mpmath.mpf(bb.violation[0])
    assert witness**2 > 2


def test_interval_precision_is_restored():
    before = mpmath.iv.prec
    prove_inequality(lambda x: x, lambda x: x + 1, [(0, 1)], dps=100)
    assert mpmath.iv.prec == before


def test_registry_lookup_and_registration_errors():
    with pytest.raises(gp.InputError, match="unknown claim id"):
        gp.claims.get("no.such-claim")
    claim = gp.claims.get("reduction.noise-bound")
    with pytest.raises(gp.InputError, match="already registered"):
        gp.claims.register(gp.Claim(claim.id, "x", "x", "derived", claim.checks))
    assert [c.id for c in gp.claims.all()] == sorted(c.id for c in gp.claims.all())


def test_claim_validation():
    with pytest.raises(gp.InputError, match="provenance tag"):
        gp.Provenance("folklore")
    with pytest.raises(gp.InputError, match="at least one check"):
        gp.Claim("t.none", "x", "x", "derived", [])
    with pytest.raises(gp.InputError, match="check kind"):
        gp.check("vibes")


def test_runner_reports_a_claim_over_budget_as_undecided():
    import time

    from gdperceptron.claims import runner

    @gp.check("instance")
    def sleeps(ctx):
        time.sleep(30)
        return gp.CheckResult(gp.PROVEN, "never reached")

    @gp.check("instance")
    def quick(ctx):
        return gp.CheckResult(gp.SUPPORTED, "fine")

    old = runner.GRACE_SECONDS
    runner.GRACE_SECONDS = 0.5
    try:
        results = runner.run_claims([gp.Claim("t.slow", "s", "s", "derived", [sleeps]),
                                     gp.Claim("t.fast", "f", "f", "derived", [quick])], budget_seconds=1, jobs=2)
    finally:
        runner.GRACE_SECONDS = old
    assert [r.verdict for r in results] == [gp.UNDECIDED, gp.SUPPORTED]
    assert "budget" in results[0].summary


def test_a_found_counterexample_is_replayed_from_the_example_database(tmp_path, monkeypatch):
    """Seed 1 finds x ≥ 9000 rarely; once found and saved, seed 2 must replay it at once."""
    monkeypatch.chdir(tmp_path)  # the default database lives in ./.hypothesis
    calls = []

    def predicate(x):
        calls.append(x)
        return x < 9000

    claim = gp.Claim("t.replay", "r", "r", "derived",
                     [gp.checks.property_based(predicate, st.integers(0, 10**4), max_examples=2000)])
    first = claim.check(seed=1)
    assert first.verdict is gp.REFUTED and first.counterexample["example"] == "9000"
    calls.clear()
    second = claim.check(seed=2)
    assert second.verdict is gp.REFUTED and calls[0] == 9000  # the very first example is the saved one


def test_rounding_cannot_refute_a_true_statement():
    """σ(−m) ≤ e^{−m} is true, but at m ≈ 197 the sides differ in the 86th digit: at 50 digits the
    comparison can round either way.  The check must say UNDECIDED (or SUPPORTED), never REFUTED."""
    def claim():
        return gp.Claim("t.tail", "t", "t", "derived", [gp.checks.property_based(
            lambda m: 1 / (1 + mpmath.exp(m)) <= mpmath.exp(-m), st.integers(150, 200), max_examples=60)])

    low = claim().check(dps=50)
    assert low.verdict is gp.UNDECIDED and "raise the precision" in low.summary
    assert claim().check(dps=120).verdict is gp.SUPPORTED


def _one_plus_tiny(x):
    """1 + 10^-60 > 1: true, but at 50 digits 1 + 10^-60 rounds to 1 (a rounding-only counterexample)."""
    return mpmath.mpf(1) + mpmath.mpf(10) ** -60 > 1


def _one_plus_tiny_self_checking(x):
    """The same comparison at mp.dps and 2·mp.dps, None when they disagree."""
    answers = []
    for dps in (mpmath.mp.dps, 2 * mpmath.mp.dps):
        with mpmath.workdps(dps):
            answers.append(_one_plus_tiny(x))
    return answers[0] if answers[0] == answers[1] else None


def _property_claim(predicate, **kwargs):
    return gp.Claim("t.tiny", "t", "t", "derived",
                    [gp.checks.property_based(predicate, st.integers(0, 5), max_examples=10, **kwargs)])


def test_double_evaluation_catches_a_rounding_only_counterexample_unless_opted_out():
    # not opted out: 50 digits say False, 100 say True: too close to call, never REFUTED
    guarded = _property_claim(_one_plus_tiny).check(dps=50)
    assert guarded.verdict is gp.UNDECIDED and "at 50 and 100 digits" in guarded.summary
    assert _property_claim(_one_plus_tiny).check(dps=70).verdict is gp.SUPPORTED
    # opting out really removes the guard (one evaluation at 50 digits): only honest predicates may opt out
    unguarded = _property_claim(_one_plus_tiny, self_checking=True).check(dps=50)
    assert unguarded.verdict is gp.REFUTED and unguarded.counterexample["dps"] == [50]


def test_a_self_checking_predicate_is_evaluated_once_and_its_undecided_answers_count():
    seen = []

    def recording(x):
        seen.append(mpmath.mp.dps)
        return _one_plus_tiny_self_checking(x)

    low = _property_claim(recording, self_checking=True).check(dps=50)
    assert low.verdict is gp.UNDECIDED and "at 50 digits" in low.summary
    assert seen and set(seen) == {50} and len(seen) == low.checks[0].evidence["examples"]
    seen.clear()
    high = _property_claim(recording, self_checking=True).check(dps=70)
    assert high.verdict is gp.SUPPORTED and set(seen) == {70}
    assert "once at 70 digits" in high.checks[0].transcript[0]
    seen.clear()
    _property_claim(recording).check(dps=70)  # not opted out: every example at 70 and at 140 digits
    assert seen[:2] == [70, 140] and len(seen) % 2 == 0


def test_a_failing_claim_module_makes_discovery_fail_every_time(monkeypatch):
    """A claim module that cannot be imported must not leave a silently partial registry."""
    from gdperceptron.claims import registry

    real_import = registry.importlib.import_module

    def broken(name):
        if name == "proofs.spectral":
            raise ImportError("simulated broken claim module")
        return real_import(name)

    monkeypatch.setattr(registry, "_REGISTRY", {})
    monkeypatch.setattr(registry, "_DISCOVERED", False)
    monkeypatch.setattr(registry.importlib, "import_module", broken)
    for _ in range(2):
        with pytest.raises(ImportError, match="simulated"):
            gp.claims.all()
