"""The claim framework: verdict aggregation, ready-made checks, certified arithmetic, registry."""

import decimal
import os
import time
from fractions import Fraction

import mpmath
import numpy as np
import pytest
import sympy as sp
from hypothesis import strategies as st
from mpmath import iv

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


def test_a_crashing_check_earns_undecided_and_records_the_error():
    @gp.check("instance")
    def crashes(ctx):
        raise ZeroDivisionError("boom")

    claim = gp.Claim("t.crash", "crash", "a statement", "derived", [crashes])
    res = claim.check()
    assert res.verdict is gp.UNDECIDED and res.errored and "ZeroDivisionError" in res.summary


def test_user_claim_in_a_few_lines_is_refuted_with_a_shrunk_counterexample_then_fixed():
    # the README's example: softplus(x) = ln(1 + e^x) ≤ |x| + 1 is true; ≤ |x| is false near 0.
    def softplus_bound(slack):
        return gp.Claim("my.softplus", "softplus bound", f"ln(1+e^x) ≤ |x| + {slack}", "derived",
                        checks=[gp.checks.property_based(
                            lambda x: iv.log1p(iv.exp(x)) <= abs(x) + slack,
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
    first = claim.check(seed=1, isolate=False)  # the predicate records its calls in this process
    assert first.verdict is gp.REFUTED and first.counterexample["example"] == "9000"
    calls.clear()
    second = claim.check(seed=2, isolate=False)
    assert second.verdict is gp.REFUTED and calls[0] == 9000  # the very first example is the saved one


def _property_claim(predicate, strategy=st.integers(0, 5), **kwargs):
    return gp.Claim("t.p", "t", "t", "derived", [gp.checks.property_based(predicate, strategy, **kwargs)])


def test_rounded_arithmetic_neither_passes_nor_refutes():
    """σ(k) = 1 for integers k in [300, 400] is false (σ(k) = 1 − e^{−k} + …), yet σ(k) rounds to exactly 1
    at 50 and at 100 digits; 1 + 10^-60 > 1 is true, yet rounds to False at 50 digits.  Answers from
    rounded mpmath numbers are undecided, whatever they say."""
    false_claim = _property_claim(lambda k: 1 / (1 + mpmath.exp(-k)) == 1, st.integers(300, 400))
    assert false_claim.check(dps=50).verdict is gp.UNDECIDED
    true_claim = _property_claim(lambda x: mpmath.mpf(1) + mpmath.mpf(10) ** -60 > 1)
    result = true_claim.check(dps=50)
    assert result.verdict is gp.UNDECIDED and "rounded" in result.summary
    # plain float arithmetic makes no call; its float constants give it away (x + 10^-17 > x is true)
    assert _property_claim(lambda x: x + 1e-17 > x, st.floats(1, 2)).check().verdict is gp.UNDECIDED


def test_interval_predicates_are_certified_and_escalate_precision():
    # the same false statement with enclosures: σ(k) < 1 is certified once the precision resolves e^{−k}
    assert _property_claim(lambda k: 1 / (1 + iv.exp(-k)) == 1, st.integers(300, 400)).check().verdict \
        is gp.UNDECIDED  # mpmath decides == between intervals structurally: not a certified answer
    false_claim = _property_claim(lambda k: 1 / (1 + iv.exp(-k)) >= 1, st.integers(300, 400))
    refuted = false_claim.check(dps=50)
    assert refuted.verdict is gp.REFUTED and refuted.counterexample["example"] == "300"
    assert refuted.counterexample["dps"] >= 200  # 1 − σ(300) ≈ 10^-131: decided only at 200 digits
    seen = []

    def tail_bound(m):  # σ(−m) ≤ e^{−m}: true, the sides differ in the ~86th digit near m = 197
        seen.append(iv.dps)
        return 1 / (1 + iv.exp(m)) <= iv.exp(-m)

    assert _property_claim(tail_bound, st.integers(150, 200), max_examples=30).check(
        dps=50, isolate=False).verdict is gp.SUPPORTED  # in this process: `seen` records the precisions
    assert {50, 100} <= set(seen)  # undecided at 50 digits, retried at 100
    assert _property_claim(tail_bound, st.integers(150, 200), max_examples=30,
                           max_dps=50).check(dps=50).verdict is gp.UNDECIDED


def test_property_counts_only_decided_examples_and_filtered_draws_apart():
    from hypothesis import assume

    def only_even(x):
        assume(x % 2 == 0)
        return x % 2 == 0

    res = _property_claim(only_even, st.integers(0, 10**6), max_examples=40).check()
    ev = res.checks[0].evidence
    assert res.verdict is gp.SUPPORTED and ev["decided"] >= 10 and ev["filtered"] > 0
    assert res.checks[0].summary == f"no counterexample in {ev['decided']} decided examples"
    rare = _property_claim(lambda x: assume(x == 3) or True, st.integers(0, 10**6), max_examples=40).check()
    assert rare.verdict is gp.UNDECIDED and rare.checks[0].evidence["decided"] < 10


def test_a_predicate_must_answer_true_false_or_none():
    with pytest.raises(gp.InputError, match="must return True, False or None"):
        _property_claim(lambda x: "yes").check()
    with pytest.raises(gp.InputError, match="Hypothesis strategy"):
        gp.checks.property_based(lambda x: True, [1, 2, 3])


def test_exact_endpoints_are_enclosed_outward():
    # 3x < 1 fails at x = 1/3: rounding 1/3 down to a float must not prove it on [0, 1/3]
    strict = gp.Claim("t.third", "t", "3x < 1 on [0, 1/3]", "derived", [gp.checks.certified_inequality(
        lambda x: 3 * x, lambda x: 1, [(0, "1/3")], covers_domain=True, strict=True, quick_boxes=300)])
    assert strict.check(quick=True).verdict is not gp.PROVEN
    inside = gp.Claim("t.inside", "t", "3x < 1 on [0, 1/4]", "derived", [gp.checks.certified_inequality(
        lambda x: 3 * x, lambda x: 1, [(0, Fraction(1, 4))], covers_domain=True, strict=True)])
    assert inside.check().verdict is gp.PROVEN
    beyond = gp.Claim("t.beyond", "t", "x ≤ 1/3 on [0, 1/3 + 10^-30]", "derived", [gp.checks.certified_inequality(
        lambda x: x, lambda x: Fraction(1, 3), [(0, sp.Rational(1, 3) + sp.Rational(1, 10**30))], covers_domain=True)])
    assert beyond.check().verdict is not gp.PROVEN
    with pytest.raises(gp.InputError, match="float"):
        gp.checks.certified_inequality(lambda x: x, lambda x: 1, [(0, 0.1)], covers_domain=True)
    with pytest.raises(gp.InputError, match="rounded numbers"):
        gp.Claim("t.tenth", "t", "x < 1 on [0, 1]", "derived", [gp.checks.certified_inequality(
            lambda x: x, lambda x: 10 * (x * 0 + mpmath.mpf("0.1")), [(0, 1)], covers_domain=True, strict=True)]).check()
    with pytest.raises(gp.InputError, match="rounded numbers"):  # 0.1 is 0.1000000000000000055…, not 1/10
        gp.Claim("t.float", "t", "x < 1/10 on [0, 1/10]", "derived", [gp.checks.certified_inequality(
            lambda x: x, lambda x: x * 0 + 0.1, [(0, "1/10")], covers_domain=True, strict=True)]).check()
    with pytest.raises(gp.InputError, match="rounded, not an enclosure"):
        gp.Claim("t.mpf", "t", "t", "derived", [gp.checks.certified_inequality(
            lambda x: x, lambda x: float(Fraction(1, 3)), [(0, "1/4")], covers_domain=True)]).check()


def test_inexact_floats_cannot_be_proven():
    x = sp.Symbol("x", real=True)
    with pytest.raises(gp.InputError, match="Float"):
        gp.checks.identity(x * (1 + sp.Float(1e-20)), x)


def test_identity_at_a_fixed_size_is_verified_not_proven():
    a, b = sp.symbols("a b", real=True)
    rot = sp.Matrix([[a, -b], [b, a]])
    at_size = gp.Claim("t.m", "t", "t", "derived", [gp.checks.identity(rot * rot.T, (a**2 + b**2) * sp.eye(2))])
    assert at_size.check().verdict is gp.VERIFIED
    named = gp.Claim("t.n", "t", "t", "derived", [gp.checks.identity(a + b, b + a, scope="n = 2")]).check()
    assert named.verdict is gp.VERIFIED and "n = 2" in named.summary
    general = gp.Claim("t.g", "t", "t", "derived", [gp.checks.identity(rot * rot.T, (a**2 + b**2) * sp.eye(2),
                                                                      scope="general")])
    assert general.check().verdict is gp.PROVEN


def test_identity_refutes_through_hyperbolic_functions_of_an_undefined_model():
    theta, y = sp.symbols("theta y", real=True)
    m = y * sp.Function("g")(theta)
    per_sample = sp.diff(sp.log(1 + sp.exp(-m)), theta)
    wrong_sign = -1 / (1 + sp.exp(-m)) * sp.diff(m, theta)  # the weight is σ(−m), not σ(m); SymPy writes tanh
    assert gp.Claim("t.sign", "t", "t", "derived", [gp.checks.identity(per_sample, wrong_sign)]).check().verdict \
        is gp.REFUTED


def test_witnesses_keep_an_undefined_functions_assumptions():
    x = sp.Symbol("x", real=True)
    g = sp.Function("g", positive=True)  # |e^g − 1| = e^g − 1 holds for g > 0: no polynomial g may refute it
    assert gp.Claim("t.pos", "t", "t", "derived", [gp.checks.identity(sp.Abs(sp.exp(g(x)) - 1), sp.exp(g(x)) - 1)]
                    ).check().verdict is not gp.REFUTED
    f = sp.Function("f")  # for an arbitrary f it is false
    assert gp.Claim("t.any", "t", "t", "derived", [gp.checks.identity(sp.Abs(sp.exp(f(x)) - 1), sp.exp(f(x)) - 1)]
                    ).check().verdict is gp.REFUTED


def test_two_symbols_with_one_name_are_refused():
    plain, real = sp.Symbol("x"), sp.Symbol("x", real=True)
    with pytest.raises(gp.InputError, match="different symbols named 'x'"):
        gp.checks.identity(sp.exp(plain), sp.exp(real))


def test_identity_samples_respect_assumptions():
    n = sp.Symbol("n", integer=True)
    # (−1)^{2n} = 1 on the integers; at n = 1/2 it is −1, so a rational sample would wrongly refute it
    on_integers = gp.Claim("t.int", "t", "t", "derived", [gp.checks.identity(sp.cos(sp.pi * n) ** 2, 1)])
    assert on_integers.check().verdict is not gp.REFUTED
    r = sp.Symbol("r", real=True)
    only_integers = gp.Claim("t.real", "t", "t", "derived", [gp.checks.identity(sp.cos(sp.pi * r) ** 2, 1)])
    assert only_integers.check().verdict is gp.REFUTED


def test_user_mistakes_are_rejected_at_construction():
    with pytest.raises(gp.InputError, match="gp.PROVEN"):
        gp.CheckResult("PROVEN", "looks fine")
    with pytest.raises(gp.InputError, match="counterexample"):
        gp.CheckResult(gp.REFUTED, "no witness")
    with pytest.raises(gp.InputError, match="at least one interval"):
        gp.checks.certified_inequality(lambda x: x, lambda x: 1, [], covers_domain=True)
    with pytest.raises(gp.InputError, match="not a check"):
        gp.Claim("t.f", "t", "t", "derived", [lambda ctx: None])

    @gp.check("instance")
    def returns_a_bool(ctx):
        return True

    with pytest.raises(gp.InputError, match="not a gp.CheckResult"):
        gp.Claim("t.b", "t", "t", "derived", [returns_a_bool]).check()


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


def test_listed_instances_are_verified_refuted_or_undecided_and_never_proven():
    from mpmath import iv as ivc

    holds = gp.Claim("t.li", "t", "2^d ≥ d + 1 for d = 1..5", "derived",
                     [gp.checks.on_instances(lambda d: 2**d >= d + 1, range(1, 6))]).check()
    assert holds.verdict is gp.VERIFIED and holds.checks[0].evidence["decided"] == 5
    off_by_one = gp.Claim("t.ob", "t", "2^d ≥ 2d for d = 1..5", "derived",
                          [gp.checks.on_instances(lambda d: 2**d > 2 * d, {f"d = {d}": d for d in range(1, 6)})]).check()
    assert off_by_one.verdict is gp.REFUTED and off_by_one.counterexample["instance"] == "d = 1"
    rounded = gp.Claim("t.r", "t", "σ(400) < 1", "derived",
                       [gp.checks.on_instances(lambda k: 1 / (1 + mpmath.exp(-k)) < 1, [400])]).check()
    assert rounded.verdict is gp.UNDECIDED
    certified = gp.Claim("t.c", "t", "σ(400) < 1", "derived",
                         [gp.checks.on_instances(lambda k: 1 / (1 + ivc.exp(-k)) < 1, [400], max_dps=800)]).check()
    assert certified.verdict is gp.VERIFIED
    with pytest.raises(gp.InputError, match="at least one instance"):
        gp.checks.on_instances(lambda d: True, [])


def test_a_check_that_aborts_or_hangs_costs_only_that_check():
    @gp.check("instance")
    def aborts(ctx):
        os.abort()

    @gp.check("instance")
    def sleeps(ctx):
        time.sleep(60)

    @gp.check("symbolic")
    def fine(ctx):
        return gp.CheckResult(gp.PROVEN, "fine")

    res = gp.Claim("t.abort", "t", "t", "derived", [aborts, fine]).check()
    assert res.verdict is gp.PROVEN and res.checks[0].verdict is gp.UNDECIDED and res.errored
    assert "SIGABRT" in res.checks[0].summary
    hung = gp.Claim("t.hang", "t", "t", "derived", [sleeps, fine]).check(budget_seconds=1)
    assert [c.verdict for c in hung.checks] == [gp.UNDECIDED, gp.UNDECIDED] and hung.seconds < 30
    assert "budget of 1 s" in hung.checks[0].summary and "not run" in hung.checks[1].summary


def test_input_errors_cross_the_worker_boundary():
    @gp.check("instance")
    def bad(ctx):
        return gp.CheckResult(gp.REFUTED, "no witness")

    with pytest.raises(gp.InputError, match="counterexample"):
        gp.Claim("t.bad", "t", "t", "derived", [bad]).check()
    with pytest.raises(gp.InputError, match="budget_seconds"):
        gp.Claim("t.bad", "t", "t", "derived", [bad]).check(budget_seconds=float("nan"))


def test_sides_that_arrive_as_plain_numbers_prove_nothing():
    # the characteristic polynomial of the 5×5 second-difference matrix at the Float 3.7320508075688772
    # (not the root 2 + √3) is exactly 0 in SymPy: the Float has cancelled before the check sees it
    lam = sp.Symbol("lam")
    T5 = sp.Matrix(5, 5, lambda i, j: 2 if i == j else (-1 if abs(i - j) == 1 else 0))
    laundered = T5.charpoly(lam).as_expr().subs(lam, sp.Float(3.7320508075688772))
    assert laundered == 0 and not laundered.atoms(sp.Float)
    result = gp.Claim("t.top", "t", "λ_max = 3.7320508075688772", "derived", [gp.checks.identity(laundered, 0)])
    assert result.check().verdict is gp.UNDECIDED
    # ceiling(1 + Float(1e-20)) is evaluated to 1 before the check sees it (the truth is 2): plain numbers
    assert gp.Claim("t.ceil", "t", "t", "derived", [gp.checks.identity(sp.ceiling(1 + sp.Float(1e-20)), 1)]
                    ).check().verdict is gp.UNDECIDED
    exact = T5.charpoly(lam).as_expr().subs(lam, 2 + sp.sqrt(3))
    assert gp.Claim("t.root", "t", "2 + √3 is a root", "derived",
                    [gp.checks.identity(exact, 0, scope="the 5×5 matrix")]).check().verdict is gp.VERIFIED


EPSILON = 2.0**-60 + 2.0**-100  # a module-level float: rounded arithmetic hidden from the call profiler


@pytest.mark.parametrize("predicate, strategy", [
    (lambda k: bool(1 - 1 / (1 + iv.exp(-k)) > 0), st.integers(120, 900)),  # bool(None) is False, not a failure
    (lambda k: bool(1 - 1 / (1 + np.exp(-k)) > 0), st.integers(40, 100)),  # numpy floats
    (lambda k: 1 / (1 + (-decimal.Decimal(k)).exp()) < 1, st.integers(70, 200)),  # Decimal
    (lambda k: bool(sp.Float(1) + sp.Float(2) ** (-k) > 1), st.integers(60, 200)),  # SymPy Floats made directly
    (lambda k: 1 - 1 / (1 + mpmath.fp.exp(-k)) > 0, st.integers(40, 100)),  # mpmath's float context
    (lambda k: k + EPSILON > k, st.integers(1, 10)),  # a float constant among the globals
    (lambda k: k / 49 * 49 == k, st.integers(1, 100)),  # '/' on plain integers divides in floats
    (lambda x: x + x / 2**60 > x, st.floats(1, 2)),  # float arithmetic on a drawn float
])
def test_true_statements_decided_with_hidden_rounding_are_never_refuted(predicate, strategy):
    assert _property_claim(predicate, strategy).check().verdict is gp.UNDECIDED


def test_branching_on_an_undecided_comparison_proves_nothing():
    relu = lambda z: z if z > 0 else iv.mpf(0)  # noqa: E731 - on a box around 0, `z > 0` is None, read as False
    false_bound = gp.checks.certified_inequality(relu, lambda x: (x + 1) / 2, [(-1, 2)], covers_domain=True)
    assert gp.Claim("t.relu", "t", "relu(x) ≤ (x + 1)/2 on [−1, 2]", "derived", [false_bound]).check(
        quick=True).verdict is gp.REFUTED  # relu(2) = 2 > 3/2
    doubling = gp.checks.induction(lambda b: (2 * b[0] if b[0] > 0 else iv.mpf(0),), [(-1, 1)], ["1/2"])
    assert gp.Claim("t.ind", "t", "s_t ∈ [−1, 1]", "derived", [doubling]).check(quick=True).verdict is not gp.PROVEN


@pytest.mark.parametrize("kwargs", [{"seed": "abc"}, {"seed": 1.5}, {"seed": -1}, {"dps": 10**7}, {"quick": "yes"}])
def test_claim_check_refuses_bad_run_options(kwargs):
    @gp.check("symbolic")
    def fine(ctx):
        return gp.CheckResult(gp.PROVEN, "fine")

    with pytest.raises(gp.InputError):
        gp.Claim("t.opts", "t", "t", "derived", [fine]).check(**kwargs)
