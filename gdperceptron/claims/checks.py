"""Ready-made checks, so that a user's claim is a few lines (see README, "Check your own lemma").

* :func:`identity` — symbolic: SymPy simplifies lhs − rhs to 0 (PROVEN, or VERIFIED when the
  expressions are one instance of the statement: ``scope=``); otherwise the difference is enclosed
  by interval arithmetic at sample points, and an enclosure that excludes 0 is a counterexample
  (REFUTED); anything else is UNDECIDED.
* :func:`certified_inequality` — interval branch-and-bound (:mod:`gdperceptron.numeric.certify`) on
  exact endpoints; PROVEN only when the boxes cover the claim's whole domain, SUPPORTED when they
  cover part of it.
* :func:`on_instances` — a predicate on finitely many listed instances (sizes, data sets, runs):
  VERIFIED when each is decided True, REFUTED by a certified failure.
* :func:`induction` — a statement about every iterate of a map, by a certified base case and an
  inductive step proven by interval branch-and-bound (:mod:`.induction`).
* :func:`property_based` — Hypothesis sampling of a predicate that decides with exact numbers or
  ``mpmath.iv`` intervals; a certified failure is shrunk and reported (REFUTED with data and seed);
  enough decided examples and no failure is SUPPORTED; answers from rounded arithmetic, and examples
  too close to call, are undecided and counted apart.

No check decides from the agreement of two floating-point precisions: agreement is evidence, not
proof (σ(k) for an integer k in the hundreds rounds to exactly 1 at 50 and at 100 digits).
"""

from __future__ import annotations

import hashlib
import random
from typing import Callable, Sequence

import mpmath
import sympy as sp
from mpmath import iv

from ..errors import InputError
from ..numeric.certify import prove_inequality
from ..numeric.enclose import certainly_nonzero, exact_endpoint, interval_dps

__all__ = ["identity", "certified_inequality", "property_based", "on_instances", "induction", "certainly_nonzero",
           "decide", "run_property"]
from .core import PROVEN, REFUTED, SUPPORTED, UNDECIDED, VERIFIED, Check, CheckContext, CheckResult
from .induction import induction
from .rounding_guard import ROUNDED, UNDECIDED as UNDECIDED_COMPARISON, watch


def identity(lhs, rhs, name: str = "symbolic identity", samples: int = 8, scope: str | None = None) -> Check:
    """lhs = rhs for every value of the free symbols (real unless the symbols say otherwise).

    PROVEN when SymPy simplifies lhs − rhs to 0; REFUTED when, at a sample point that satisfies the
    symbols' assumptions (integer, positive, …), an interval enclosure of lhs − rhs excludes 0
    (:func:`gdperceptron.numeric.enclose.certainly_nonzero`); UNDECIDED otherwise.

    ``scope`` says what the statement covers.  ``"general"``: the whole statement (PROVEN).  Any other
    text names the finite instance the expressions describe (``"n = 2, d = 2"``): a simplification
    to 0 then earns VERIFIED "at <scope>", since it says nothing about other sizes.  The default is
    ``"general"`` for scalar expressions and ``"matrices of size r×c"`` for matrices.  Statements
    with inexact SymPy ``Float`` numbers are refused (:class:`InputError`): 1 + Float(1e-20) is 1.0.
    Sides that both arrive as plain rational numbers (every entry) give UNDECIDED: the computation
    that produced them ran before the check, and SymPy evaluates Floats away (cancelling ones to an
    exact 0, ``ceiling(1 + Float(1e-20))`` to 1), so nothing is left to check or refuse.
    """
    matrix = _is_matrix(lhs) or _is_matrix(rhs)
    lhs, rhs = (sp.Matrix(lhs), sp.Matrix(rhs)) if matrix else (sp.sympify(lhs), sp.sympify(rhs))
    _refuse_floats(lhs, rhs)
    _refuse_namesakes(lhs, rhs)
    if matrix and lhs.shape != rhs.shape:
        raise InputError(f"identity: the sides have shapes {lhs.shape} and {rhs.shape}")
    if scope is None:
        scope = f"matrices of size {lhs.shape[0]}×{lhs.shape[1]}" if matrix else "general"
    if not isinstance(scope, str) or not scope.strip():
        raise InputError(f"identity: scope must be 'general' or a text naming the instance, got {scope!r}")

    def run(ctx: CheckContext) -> CheckResult:
        if all(e.is_Rational for e in _entries(lhs) + _entries(rhs)):
            return CheckResult(UNDECIDED, "both sides arrived as plain numbers: whatever computed them ran before the "
                               "check and proves nothing here (SymPy evaluates Floats away: cancelling ones to an "
                               "exact 0, ceiling(1 + Float(1e-20)) to 1); pass the expressions unevaluated, or decide "
                               "the computation with on_instances", {"lhs": str(lhs), "rhs": str(rhs)})
        diff = sp.simplify(lhs - rhs)
        zero = diff.is_zero_matrix if matrix else diff == 0
        transcript = [f"simplify(lhs - rhs) = {sp.sstr(diff)}"]
        if zero and scope == "general":
            return CheckResult(PROVEN, "lhs − rhs simplifies to 0", {"difference": "0"}, transcript)
        if zero:
            return CheckResult(VERIFIED, f"lhs − rhs simplifies to 0 at {scope} (this instance only)",
                               {"difference": "0", "scope": scope}, transcript)
        witness = _numeric_witness(diff, ctx, samples)
        if witness:
            return CheckResult(REFUTED, f"lhs ≠ rhs at {witness['point']}", {"difference": str(diff)},
                               transcript, counterexample=witness, dps=ctx.dps)
        return CheckResult(UNDECIDED, "SymPy could not reduce lhs − rhs to 0 and no sample point gave a "
                           "certified non-zero difference", {"difference": str(diff)}, transcript)

    return Check(name, "symbolic", run)


def _entries(x) -> list:
    return list(x) if isinstance(x, sp.MatrixBase) else [x]


def _is_matrix(x) -> bool:
    return isinstance(x, (sp.MatrixBase, list, tuple))


def _refuse_floats(*exprs) -> None:
    for e in exprs:
        floats = sorted(e.atoms(sp.Float), key=str)
        if floats:
            raise InputError(f"the statement contains the inexact number Float({floats[0]}), which SymPy has "
                             f"already rounded: write it exactly (sp.Rational, an integer power of 10, a string)")


def _refuse_namesakes(*exprs) -> None:
    """Two different symbols with one name (Symbol('x') and Symbol('x', real=True)) are independent
    variables to SymPy, which is almost never what the statement means."""
    by_name: dict[str, set] = {}
    for e in exprs:
        for symbol in e.free_symbols:
            by_name.setdefault(symbol.name, set()).add(symbol)
    for name, symbols in sorted(by_name.items()):
        if len(symbols) > 1:
            kinds = " and ".join(sorted(str(s.assumptions0 or "no assumptions") for s in symbols))
            raise InputError(f"the statement has {len(symbols)} different symbols named {name!r} ({kinds}): SymPy "
                             "treats them as independent variables; create the symbol once and use it on both sides")


def _numeric_witness(diff, ctx: CheckContext, samples: int):
    """A point, within the symbols' assumptions, where an enclosure of the difference excludes 0."""
    rng = random.Random(ctx.seed)
    entries = list(diff) if isinstance(diff, sp.MatrixBase) else [diff]
    entries, models = _instantiate_functions(entries, rng)
    if entries is None:
        return None
    symbols = sorted(set().union(*(e.free_symbols for e in entries)), key=str)
    for _ in range(samples):
        point = {s: _sample_value(s, rng) for s in symbols}
        if not all(_satisfies_assumptions(s, v) for s, v in point.items()):
            continue
        value = certainly_nonzero([e.subs(point) for e in entries], ctx.dps)
        if value is not None:
            return {"point": {str(k): str(v) for k, v in point.items()}, "|lhs - rhs| >=": mpmath.nstr(value, 15),
                    "functions": models, "certified": "interval enclosure excludes 0", "seed": ctx.seed}
    return None


def _sample_value(symbol, rng) -> sp.Rational:
    """A small exact value of the kind the symbol's assumptions ask for (integer or rational; its
    sign is fixed afterwards by :func:`_satisfies_assumptions`' filter and by flipping)."""
    value = (sp.Integer(rng.randint(-12, 12)) if symbol.is_integer
             else sp.Rational(rng.randint(-40, 40), rng.randint(1, 8)))
    if (symbol.is_positive or symbol.is_nonnegative) and value < 0:
        value = -value
    if symbol.is_negative or symbol.is_nonpositive:
        value = -abs(value)
    return value + 1 if symbol.is_positive and value == 0 else (value - 1 if symbol.is_negative and value == 0 else value)


def _satisfies_assumptions(symbol, value) -> bool:
    """Every assumption the symbol holds as True also holds for the value (an unknown answer fails)."""
    return all(getattr(value, f"is_{key}") is True for key, holds in symbol.assumptions0.items()
               if holds is True and key not in ("commutative",) and hasattr(value, f"is_{key}"))


def _instantiate_functions(entries, rng):
    """Replace each undefined function g(x1, …, xk) by a concrete random quadratic polynomial p, shaped
    to keep the function's assumptions: p for a real (or unassuming) g, 1 + p² for a positive one,
    p² for a nonnegative one, and their negatives.  An undefined function with any other assumption
    (integer, …) gets no model: no witness is searched (the identity stays UNDECIDED).

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
        shaped = _shape_to_assumptions(fn, poly)
        if shaped is None:
            return None, {}
        chosen[fn] = sp.Lambda(args, shaped)
    for fn, lam in chosen.items():
        entries = [e.replace(fn, lam).doit() for e in entries]
    return entries, {str(fn): str(lam) for fn, lam in chosen.items()}


_SHAPES = {"positive": lambda p: 1 + p**2, "nonnegative": lambda p: p**2, "negative": lambda p: -1 - p**2,
           "nonpositive": lambda p: -p**2}
_IMPLIED = {"real", "complex", "commutative", "finite", "infinite", "extended_real", "hermitian", "imaginary",
            "zero", "nonzero", "extended_positive", "extended_negative", "extended_nonnegative",
            "extended_nonpositive", "extended_nonzero"}
"""Assumptions that the shapes above satisfy, or that follow from the ones they name."""


def _shape_to_assumptions(fn, poly):
    """``poly`` shaped to the undefined function's assumptions, or None when no shape here keeps them."""
    held = {k for k, v in fn.default_assumptions.items() if v is True}
    if held - set(_SHAPES) - _IMPLIED or held & {"imaginary", "zero"}:
        return None
    shape = next((_SHAPES[k] for k in _SHAPES if k in held), None)
    return shape(poly) if shape else poly


def certified_inequality(lhs: Callable, rhs: Callable, pieces: Sequence[tuple], covers_domain: bool,
                         strict: bool = False, variable: str = "x", name: str = "certified interval check",
                         max_boxes: int = 20000, quick_boxes: int = 3000) -> Check:
    """lhs(x) ≤ rhs(x) (< if ``strict``) on the union of the closed intervals ``pieces``.

    Endpoints are exact: ints, Fractions, strings such as ``"1/3"`` or ``"0.1"`` (= 1/10), SymPy
    rationals and exact irrationals.  They are enclosed outward at every precision used, so the
    boxes always contain the true interval (a float or SymPy Float endpoint is refused: it is not
    the number that was typed).  ``lhs``/``rhs`` take an ``mpmath.iv`` interval and return an
    enclosure of the function's range on it (an ``iv`` interval or an exact number).  A violation
    is reported only where it is certified, at an exact point of the domain; a strict inequality
    that becomes an equality at an endpoint stays UNDECIDED.  ``covers_domain`` says whether the
    pieces are the claim's whole domain; only then can the check answer PROVEN.  On a sub-domain
    the check is evidence: it can refute, but its SUPPORTED does not count towards the claim.
    """
    pieces = list(pieces) if isinstance(pieces, (list, tuple)) else pieces
    if not isinstance(pieces, list) or not pieces:
        raise InputError("certified_inequality needs at least one interval in pieces, e.g. [(0, '1/3')]; "
                         "an empty domain would make the statement vacuous")
    for piece in pieces:
        if not isinstance(piece, (list, tuple)) or len(piece) != 2:
            raise InputError(f"each piece must be a pair (lo, hi), got {piece!r}")
        lo, hi = (exact_endpoint(e, "interval endpoint") for e in piece)
        if not bool(lo <= hi):
            raise InputError(f"interval [{lo}, {hi}] is empty: its left end exceeds its right end")
    if not isinstance(covers_domain, bool):
        raise InputError(f"covers_domain must be True or False, got {covers_domain!r}")
    if not (callable(lhs) and callable(rhs)):
        raise InputError("lhs and rhs must be functions of an mpmath.iv interval")

    def run(ctx: CheckContext) -> CheckResult:
        bb = prove_inequality(_enclosure_only(lhs, "lhs"), _enclosure_only(rhs, "rhs"), pieces, strict=strict,
                              max_boxes=quick_boxes if ctx.quick else max_boxes)
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


def _enclosure_only(fn, which: str):
    """``fn`` watched by :mod:`.rounding_guard` on every call.  A side computed with rounded numbers
    (``mpmath.mpf('0.1')``, ``mpmath.exp``) encloses nothing and raises :class:`InputError`.  A side
    that branched on an undecided interval comparison (``x if x > 0 else 0`` on a box around 0) did
    not compute an enclosure of its range: the box gets the whole real line, so it is split or
    left open, never proven."""

    def watched(box):
        value, problem = watch(fn, box)
        if problem == ROUNDED:
            raise InputError(f"{which} computes with rounded numbers (mpmath.mpf, math, sp.N or == between "
                             "intervals), which enclose nothing: use mpmath.iv functions and exact constants")
        if problem == UNDECIDED_COMPARISON:
            return _WHOLE_LINE if not isinstance(value, (list, tuple)) else type(value)(_WHOLE_LINE for _ in value)
        return value

    return watched


_WHOLE_LINE = iv.mpf([-mpmath.inf, mpmath.inf])


EXAMPLE_DATABASE = ".hypothesis/examples"
"""Where property checks keep their counterexamples (relative to the working directory, as Hypothesis
does), set explicitly so that a check behaves the same under any Hypothesis settings profile."""


def property_based(predicate: Callable, strategy, max_examples: int = 200, quick_examples: int = 30,
                   name: str = "property check", max_undecided_fraction: float = 0.1, covers: str = "claim",
                   min_decided: int = 10, max_dps: int | None = None) -> Check:
    """``predicate(example)`` must hold for examples drawn from the Hypothesis ``strategy``.

    The predicate decides with certified arithmetic and answers True (holds), False (fails) or None
    (undecided): exact numbers (int, Fraction, SymPy rationals), or mpmath's interval context
    ``mpmath.iv``, whose comparisons already answer True, False or None when enclosures overlap.  It
    runs with ``mpmath.iv`` (and ``mpmath.mp``) at the working precision; an example answered None
    is retried at twice and four times it (up to ``max_dps``) before it counts as undecided.

    Answers are trusted only when certified: a True or False computed with rounded numbers
    (``mpmath.mpf`` of the global context, SymPy ``evalf``/``N``, ``math`` functions), or from ``==``
    between intervals (structural in mpmath: use ``<=`` and ``>=``; :mod:`.rounding_guard`) counts as undecided, never as a pass or a counterexample.  Any answer
    but True, False or None is an error.  Draws that do not apply are filtered with
    ``hypothesis.assume(condition)`` and counted apart ("filtered"); ``decided`` counts only the
    examples on which the property was actually decided, and fewer than ``min_decided`` of them, or
    more than ``max_undecided_fraction`` undecided, make the check UNDECIDED.  A certified failure
    is shrunk by Hypothesis to a minimal example (REFUTED, with seed and precision); the example
    database under ``.hypothesis/`` replays it on the next run.
    """
    if not callable(predicate):
        raise InputError(f"property_based: predicate must be a function of one example, got {predicate!r}")
    from hypothesis.strategies import SearchStrategy

    if not isinstance(strategy, SearchStrategy):
        raise InputError(f"property_based: strategy must be a Hypothesis strategy, got {type(strategy).__name__}")
    for value, what in ((max_examples, "max_examples"), (quick_examples, "quick_examples"), (min_decided, "min_decided")):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise InputError(f"property_based: {what} must be a positive integer, got {value!r}")
    return Check(name, "property", lambda ctx: run_property(predicate, strategy, ctx, max_examples, quick_examples,
                                                          max_undecided_fraction, key=name, min_decided=min_decided,
                                                          max_dps=max_dps), covers)


def on_instances(predicate: Callable, instances, name: str = "listed instances", max_dps: int | None = None,
                 covers: str = "claim") -> Check:
    """``predicate(instance)`` holds on each of the finitely many ``instances`` (a list, or a dict
    from labels to instances): VERIFIED when every one is decided True, REFUTED by the first certified
    False (its label is the counterexample), UNDECIDED when any stays undecided.

    The predicate decides as in :func:`property_based` (exact numbers or ``mpmath.iv`` comparisons,
    None for undecided; rounded arithmetic counts as undecided; precision escalates up to
    ``max_dps``, default four times the working precision).  Use it for a statement about listed
    sizes or concrete runs ("the batch perceptron separates this data set within nR²/μ² steps");
    the verdict is VERIFIED, never PROVEN, because it says nothing beyond the instances.
    """
    if not callable(predicate):
        raise InputError(f"on_instances: predicate must be a function of one instance, got {predicate!r}")
    labelled = dict(instances) if isinstance(instances, dict) else {_show(i): i for i in instances}
    if not labelled:
        raise InputError("on_instances needs at least one instance: an empty list would make the check vacuous")

    def run(ctx: CheckContext) -> CheckResult:
        top = max_dps or 4 * ctx.dps
        decided, undecided = [], {}
        for label, instance in labelled.items():
            answer, how = decide(predicate, instance, ctx.dps, top)
            if answer is False:
                return CheckResult(REFUTED, f"fails at {label}", {"decided": len(decided)},
                                   [f"certified failure at {label} ({how} digits)"],
                                   counterexample={"instance": label, "dps": how}, dps=how)
            if answer is None:
                undecided[label] = ("computed with rounded numbers" if how == "rounded"
                                    else f"too close to call at {top} digits")
            else:
                decided.append(label)
        evidence = {"decided": len(decided), "undecided": undecided, "instances": list(labelled)}
        transcript = [f"{label}: holds" for label in decided] + [f"{k}: {v}" for k, v in undecided.items()]
        if undecided:
            first = next(iter(undecided.items()))
            return CheckResult(UNDECIDED, f"{len(undecided)} of {len(labelled)} instances undecided (first: {first[0]}, "
                               f"{first[1]})", evidence, transcript, dps=ctx.dps)
        return CheckResult(VERIFIED, f"holds on each of the {len(labelled)} listed instances", evidence, transcript,
                           dps=ctx.dps)

    return Check(name, "instance", run, covers)


def decide(predicate, example, dps: int, max_dps: int):
    """(answer, how) for one example: answer True/False when certified, None when undecided; ``how``
    says why an answer is missing ("rounded" or "close") or at which precision it was reached."""
    p = dps
    while True:
        with mpmath.workdps(p), interval_dps(p):
            answer, problem = watch(predicate, example)
        if problem == UNDECIDED_COMPARISON:
            answer = None  # an undecided comparison was read as True or False on the way: not an answer
        if answer is not None and not isinstance(answer, bool):
            hint = (" (numpy compares floating-point numbers: decide with exact numbers or mpmath.iv and return a "
                    "Python bool)" if type(answer).__module__ == "numpy" else "")
            raise InputError(f"the predicate returned {type(answer).__name__} {answer!r} for {_show(example)}: "
                             f"it must return True, False or None (undecided){hint}")
        if problem == ROUNDED:
            return None, "rounded"
        if answer is not None:
            return answer, p
        if p >= max_dps:
            return None, "close"
        p = min(2 * p, max_dps)


def run_property(predicate, strategy, ctx: CheckContext, max_examples: int, quick_examples: int,
                 max_undecided_fraction: float = 0.1, key: str = "", min_decided: int = 10,
                 max_dps: int | None = None) -> CheckResult:
    """Run ``predicate`` over ``strategy`` with Hypothesis and turn the outcome into a CheckResult
    (the rules are in :func:`property_based`).  ``key`` separates this check's entries in the
    Hypothesis example database from other checks'."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis.database import DirectoryBasedExampleDatabase
    from hypothesis.errors import Unsatisfiable, UnsatisfiedAssumption

    max_dps = max_dps or 4 * ctx.dps
    counts = {"decided": 0, "undecided (rounded arithmetic)": 0, "undecided (too close to call)": 0, "filtered": 0}
    failing: list = []

    @settings(max_examples=quick_examples if ctx.quick else max_examples, deadline=None, derandomize=False,
              database=DirectoryBasedExampleDatabase(EXAMPLE_DATABASE), suppress_health_check=list(HealthCheck),
              print_blob=False, report_multiple_bugs=False)
    @given(strategy)
    def prop(example):
        try:
            answer, how = decide(predicate, example, ctx.dps, max_dps)
        except UnsatisfiedAssumption:
            counts["filtered"] += 1
            raise
        if answer is None:
            counts["undecided (rounded arithmetic)" if how == "rounded" else "undecided (too close to call)"] += 1
            return
        counts["decided"] += 1
        if not answer:
            failing[:] = [(example, how)]
            raise AssertionError("property fails")

    # Reproducible from ctx.seed *and* replaying the example database: ``hypothesis.seed`` would
    # switch the database off, so the seed is set the way it sets it, without that side effect.
    # Every check shares ``prop``, so the database key is the check's own (name and strategy).
    prop._hypothesis_internal_use_seed = ctx.seed
    prop._hypothesis_internal_database_key = hashlib.sha256(f"{key}|{strategy!r}".encode()).digest()
    try:
        prop()
    except AssertionError:
        example, dps = failing[0]
        witness = {"example": _show(example), "seed": ctx.seed, "dps": dps,
                   "certified": "exact or interval arithmetic"}
        return CheckResult(REFUTED, f"fails on the shrunk example {witness['example']}", dict(counts),
                           [f"Hypothesis found and shrank a certified counterexample ({counts['decided']} "
                            f"decided calls)"], counterexample=witness, dps=dps)
    except Unsatisfiable:
        pass  # every draw was filtered out: nothing decided, reported below
    decided = counts["decided"]
    undecided = counts["undecided (rounded arithmetic)"] + counts["undecided (too close to call)"]
    transcript = [f"seed {ctx.seed}, precision {ctx.dps} digits (undecided examples retried up to {max_dps}): "
                  + ", ".join(f"{v} {k}" for k, v in counts.items())]
    if counts["undecided (rounded arithmetic)"] and not decided:
        return CheckResult(UNDECIDED, "the predicate decides with rounded numbers (or == between intervals), so "
                           "none of its answers is certified: decide with exact numbers or mpmath.iv "
                           "intervals compared by <, <=, >, >=", dict(counts), transcript,
                           dps=ctx.dps)
    if decided < min_decided or undecided > max_undecided_fraction * (decided + undecided):
        return CheckResult(UNDECIDED, f"only {decided} examples decided ({undecided} undecided, "
                           f"{counts['filtered']} filtered out; at least {min_decided} decided needed)",
                           dict(counts), transcript, dps=ctx.dps)
    return CheckResult(SUPPORTED, f"no counterexample in {decided} decided examples", dict(counts), transcript,
                       dps=ctx.dps)


def _show(example) -> str:
    text = repr(example)
    return text if len(text) < 600 else text[:600] + "…"
