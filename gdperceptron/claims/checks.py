"""Ready-made checks, so that a user's claim is a few lines (see README, "Check your own lemma").

* :func:`identity` — symbolic: SymPy simplifies lhs − rhs to 0 (PROVEN); otherwise the difference is
  evaluated at sample points at two precisions, and a non-zero difference that agrees to half the
  digits at both is a counterexample (REFUTED); anything else is UNDECIDED.
* :func:`certified_inequality` — interval branch-and-bound (:mod:`gdperceptron.numeric.certify`);
  PROVEN only when the boxes cover the claim's whole domain, SUPPORTED when they cover part of it.
* :func:`property_based` — Hypothesis sampling; a failing example is shrunk and reported (REFUTED with
  data and seed); no failure in N examples is SUPPORTED; a predicate may answer None ("too close
  to call"), and too many such answers make the check UNDECIDED.
"""

from __future__ import annotations

import hashlib
import random
from typing import Callable, Sequence

import mpmath
import sympy as sp

from .core import PROVEN, REFUTED, SUPPORTED, UNDECIDED, Check, CheckContext, CheckResult
from ..numeric.certify import prove_inequality


def identity(lhs, rhs, name: str = "symbolic identity", samples: int = 8) -> Check:
    """lhs = rhs for every value of the free symbols (real unless the symbols say otherwise)."""

    def run(ctx: CheckContext) -> CheckResult:
        diff = sp.simplify(sp.Matrix(lhs) - sp.Matrix(rhs)) if _is_matrix(lhs) else sp.simplify(lhs - rhs)
        zero = diff.is_zero_matrix if _is_matrix(lhs) else diff == 0
        transcript = [f"simplify(lhs - rhs) = {sp.sstr(diff)}"]
        if zero:
            return CheckResult(PROVEN, "lhs − rhs simplifies to 0", {"difference": "0"}, transcript)
        witness = _numeric_witness(diff, ctx, samples)
        if witness:
            return CheckResult(REFUTED, f"lhs ≠ rhs at {witness['point']}", {"difference": str(diff)},
                               transcript, counterexample=witness, dps=witness["dps"])
        return CheckResult(UNDECIDED, "SymPy could not reduce lhs − rhs to 0 and sampling found no witness",
                           {"difference": str(diff)}, transcript)

    return Check(name, "symbolic", run)


def _is_matrix(x) -> bool:
    return isinstance(x, (sp.MatrixBase, list, tuple))


def _numeric_witness(diff, ctx: CheckContext, samples: int):
    """A point where the difference is non-zero at two precisions (a reproducible counterexample)."""
    rng = random.Random(ctx.seed)
    entries = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
    entries, models = _instantiate_functions(entries, rng)
    symbols = sorted(set().union(*(e.free_symbols for e in entries)), key=str)
    for _ in range(samples):
        point = {s: sp.Rational(rng.randint(-40, 40), rng.randint(1, 8)) for s in symbols}
        if any(s.is_positive and v <= 0 for s, v in point.items()):
            point = {s: (abs(v) + 1 if s.is_positive else v) for s, v in point.items()}
        value = confirmed_nonzero([e.subs(point) for e in entries], ctx.dps)
        if value is not None:
            return {"point": {str(k): str(v) for k, v in point.items()}, "|lhs - rhs|": str(value),
                    "functions": models, "dps": [ctx.dps, 2 * ctx.dps], "seed": ctx.seed}
    return None


def confirmed_nonzero(values, dps: int):
    """max |v| over constant SymPy expressions when it is certainly non-zero, else None.

    evalf works to the requested *significant* digits, so a genuinely non-zero value comes out the
    same at ``dps`` and ``2·dps`` digits (agreement to half the digits is required), while the
    rounding residue of an exact zero does not.  Use it before refuting from an expression that
    SymPy could not simplify to 0.
    """
    values = list(values) if isinstance(values, (list, tuple, sp.MatrixBase)) else [values]
    seen = []
    for p in (dps, 2 * dps):
        try:
            seen.append(max(abs(sp.N(v, p)) for v in values))
        except (TypeError, ValueError):
            return None
    low, high = seen
    if not (low.is_number and high.is_number and low > 0 and high > 0):
        return None
    if abs(low - high) > sp.Float(10, 2 * dps) ** (-(dps // 2)) * high:
        return None
    return high


def _instantiate_functions(entries, rng):
    """Replace each undefined function g(x1, …, xk) by a concrete random quadratic polynomial.

    A claim about an arbitrary model g is refuted by one concrete model, so a counterexample to
    an identity in an undefined function is searched for among such polynomials.
    """
    from sympy.core.function import AppliedUndef

    chosen = {}
    for applied in sorted(set().union(*(e.atoms(AppliedUndef) for e in entries)), key=str):
        fn = applied.func
        if fn in chosen:
            continue
        args = sp.symbols(f"_x0:{len(applied.args)}")
        poly = sum(rng.randint(-3, 3) * a + rng.randint(-2, 2) * a**2 for a in args) + rng.randint(-2, 2)
        chosen[fn] = sp.Lambda(args, poly)
    for fn, lam in chosen.items():
        entries = [e.replace(fn, lam).doit() for e in entries]
    return entries, {str(fn): str(lam) for fn, lam in chosen.items()}


def certified_inequality(lhs: Callable, rhs: Callable, pieces: Sequence[tuple], covers_domain: bool,
                         strict: bool = False, variable: str = "x", name: str = "certified interval check",
                         max_boxes: int = 20000, quick_boxes: int = 3000) -> Check:
    """lhs(x) ≤ rhs(x) on the union of ``pieces`` (closed intervals given as exact strings or numbers).

    ``lhs``/``rhs`` take and return ``mpmath.iv`` intervals.  ``covers_domain`` says whether the
    pieces are the claim's whole domain; only then can the check answer PROVEN.  On a sub-domain the
    check is evidence: it can refute, but its SUPPORTED does not count towards the claim's verdict.
    """

    def run(ctx: CheckContext) -> CheckResult:
        bb = prove_inequality(lhs, rhs, pieces, strict=strict, max_boxes=quick_boxes if ctx.quick else max_boxes)
        where = " ∪ ".join(f"[{lo}, {hi}]" for lo, hi in pieces)
        evidence = {"pieces": where, "proven_boxes": bb.proven_boxes, "evaluations": bb.evaluations,
                    "max_dps_used": bb.max_dps_used, "open_boxes": bb.open_boxes[:5]}
        transcript = [f"branch-and-bound over {where}: {bb.proven_boxes} boxes proven, "
                      f"{len(bb.open_boxes)} open, precision up to {bb.max_dps_used} digits"]
        if bb.violation:
            point, dps = bb.violation
            return CheckResult(REFUTED, f"certified violation at {variable} = {point}", evidence, transcript,
                               counterexample={variable: point, "dps": dps, "certified": True}, dps=dps)
        if bb.open_boxes:
            lo, hi, dps = bb.open_boxes[0]
            return CheckResult(UNDECIDED, f"{len(bb.open_boxes)} boxes still open (first [{lo}, {hi}] at {dps} "
                               f"digits): more boxes or precision needed", evidence, transcript, dps=bb.max_dps_used)
        if covers_domain:
            return CheckResult(PROVEN, f"certified on the whole domain {where}", evidence, transcript,
                               dps=bb.max_dps_used)
        return CheckResult(SUPPORTED, f"certified on the sub-domain {where} only", evidence, transcript,
                           dps=bb.max_dps_used)

    return Check(name, "certified", run, covers="claim" if covers_domain else "evidence")


EXAMPLE_DATABASE = ".hypothesis/examples"
"""Where property checks keep their counterexamples (relative to the working directory, as Hypothesis
does), set explicitly so that a check behaves the same under any Hypothesis settings profile."""


def property_based(predicate: Callable, strategy, max_examples: int = 200, quick_examples: int = 30,
                   name: str = "property check", max_undecided_fraction: float = 0.1, covers: str = "claim",
                   self_checking: bool = False) -> Check:
    """``predicate(example)`` must hold for examples drawn from the Hypothesis ``strategy``.

    The predicate returns True (holds), False (fails), or None (too close to call at the working
    precision).  Each example is evaluated at the working precision and at twice it: an answer counts
    only when both agree, and a disagreement counts as too close to call, so rounding can neither
    refute a true statement nor pass a false one unnoticed at a single precision.  A failure is shrunk
    by Hypothesis to a minimal example; the example database under ``.hypothesis/`` replays it on the
    next run.

    ``self_checking=True`` evaluates each example once, at the working precision (``mpmath.mp.dps``
    inside the predicate), instead of twice.  Use it only for a predicate that guards its own precision:
    one whose answer cannot depend on rounding (exact arithmetic throughout), or one that itself computes
    at two precisions (e.g. ``mpmath.mp.dps`` and twice it) and returns None — undecided — whenever they
    disagree.  The check then trusts every True and False the predicate returns: a predicate that is
    not self-checking loses the protection against rounding-only counterexamples.
    """
    return Check(name, "property", lambda ctx: run_property(predicate, strategy, ctx, max_examples, quick_examples,
                                                          max_undecided_fraction, key=name,
                                                          self_checking=self_checking), covers)


def run_property(predicate, strategy, ctx: CheckContext, max_examples: int, quick_examples: int,
                 max_undecided_fraction: float = 0.1, key: str = "", self_checking: bool = False) -> CheckResult:
    """Run ``predicate`` over ``strategy`` with Hypothesis and turn the outcome into a CheckResult.

    ``key`` separates this check's entries in the Hypothesis example database from other checks';
    ``self_checking`` as in :func:`property_based`."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis.database import DirectoryBasedExampleDatabase

    counts = {"examples": 0, "undecided": 0}
    failing: list = []
    precisions = (ctx.dps,) if self_checking else (ctx.dps, 2 * ctx.dps)
    how = (f"each evaluated once at {ctx.dps} digits by a self-checking predicate" if self_checking
           else f"each evaluated at {ctx.dps} and {2 * ctx.dps} digits")

    @settings(max_examples=quick_examples if ctx.quick else max_examples, deadline=None, derandomize=False,
              database=DirectoryBasedExampleDatabase(EXAMPLE_DATABASE), suppress_health_check=list(HealthCheck),
              print_blob=False, report_multiple_bugs=False)
    @given(strategy)
    def prop(example):
        counts["examples"] += 1
        answers = []
        for dps in precisions:
            with mpmath.workdps(dps):
                answers.append(predicate(example))
        if None in answers or any(a != answers[0] for a in answers):
            counts["undecided"] += 1  # too close to call: the two precisions disagree (or the predicate said so)
            return
        if not answers[0]:
            failing[:] = [example]
            raise AssertionError("property fails")

    # Reproducible from ctx.seed *and* replaying the example database: ``hypothesis.seed`` would
    # switch the database off, so the seed is set the way it sets it, without that side effect.
    # Every check shares ``prop``, so the database key is the check's own (name and strategy).
    prop._hypothesis_internal_use_seed = ctx.seed
    prop._hypothesis_internal_database_key = hashlib.sha256(f"{key}|{strategy!r}".encode()).digest()
    try:
        prop()
    except AssertionError:
        witness = {"example": _show(failing[0]), "seed": ctx.seed, "dps": list(precisions),
                   "self_checking": self_checking}
        return CheckResult(REFUTED, f"fails on the shrunk example {witness['example']}", dict(counts),
                           [f"Hypothesis found and shrank a counterexample after {counts['examples']} calls"],
                           counterexample=witness, dps=ctx.dps)
    decided = counts["examples"] - counts["undecided"]
    transcript = [f"{counts['examples']} examples drawn (seed {ctx.seed}), {how}; "
                  f"{counts['undecided']} too close to call"]
    if counts["examples"] == 0 or counts["undecided"] > max_undecided_fraction * counts["examples"]:
        at = "at " + " and ".join(str(p) for p in precisions) + " digits"
        return CheckResult(UNDECIDED, f"{counts['undecided']} of {counts['examples']} examples too close to call "
                           f"{at}: raise the precision (dps)", dict(counts), transcript, dps=ctx.dps)
    return CheckResult(SUPPORTED, f"no counterexample in {decided} examples", dict(counts), transcript, dps=ctx.dps)


def _show(example) -> str:
    text = repr(example)
    return text if len(text) < 600 else text[:600] + "…"
