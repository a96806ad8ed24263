"""Certified induction: a statement about every iterate s_t, t ≥ t0, of a map s_{t+1} = F(s_t).

The proof has three parts, each certified:

* **base case**: the start s_{t0} (exact numbers) lies in the region R = [l_1, h_1] × … × [l_k, h_k]
  (exact comparisons);
* **inductive step**: F(R) ⊆ R, proven by interval branch-and-bound: R is cut into boxes B, and for
  each box an enclosure of F(B) (the user's ``step`` on ``mpmath.iv`` intervals) lies inside R;
* **conclusion** (optional): a property P holds on all of R (``conclusion(B)`` answers True on every
  box).

Then s_t ∈ R and P(s_t) for every t ≥ t0 (induction on t).  A quantity that depends on t (the
invariant ``e^{a_t} + a_t − ηt ∈ [c_lo, c_hi]``, say) becomes a state coordinate; an unbounded
coordinate is compactified by the caller (x = e^{−a} maps a ∈ [a0, ∞) to x ∈ [0, e^{−a0}]).

The check is PROVEN when all three hold.  It is REFUTED only by a certified failure of P at the
actual start.  A region that is not invariant, or a property that fails somewhere in R, says
nothing about the true iterates: R may be too large. The check then answers UNDECIDED and names
the point where the induction broke.  Boxes are split along their widest side at exact dyadic
points; a box that stays undecided when narrow is re-evaluated at doubled precision (up to
``max_dps``), as in :func:`gdperceptron.numeric.certify.prove_inequality`.
"""

from __future__ import annotations

from typing import Callable, Sequence

import sympy as sp
from mpmath import iv

from ..errors import InputError
from ..numeric.enclose import as_enclosure, exact_endpoint, hull, interval_dps, split_point
from .core import PROVEN, REFUTED, UNDECIDED, Check, CheckContext, CheckResult


def induction(step: Callable, region: Sequence[tuple], start: Sequence, conclusion: Callable | None = None,
              variables: Sequence[str] | None = None, name: str = "certified induction", max_boxes: int = 20000,
              quick_boxes: int = 3000, max_dps: int = 240) -> Check:
    """A check that s_t stays in ``region`` (and satisfies ``conclusion``) for every t ≥ t0.

    ``step(box)`` takes a tuple of ``mpmath.iv`` intervals (one per coordinate) and returns an
    enclosure of F over that box, one interval or exact number per coordinate.  ``region`` is a list
    of exact bounds (lo, hi) per coordinate, ``start`` the exact state s_{t0}.  ``conclusion(box)``,
    if given, answers True / False / None for the property on the box (``mpmath.iv`` comparisons).
    See the module docstring for what each verdict means.
    """
    from .checks import _enclosure_only

    bounds = [tuple(exact_endpoint(e, "region bound") for e in pair) for pair in _pairs(region)]
    state = [exact_endpoint(v, "start") for v in start]
    if len(state) != len(bounds):
        raise InputError(f"start has {len(state)} coordinates but the region has {len(bounds)}")
    if any(not bool(lo <= hi) for lo, hi in bounds):
        raise InputError("every region bound (lo, hi) needs lo ≤ hi")
    names = list(variables or [f"s{i + 1}" for i in range(len(bounds))])
    step = _enclosure_only(step, "step")
    holds = _enclosure_only(conclusion, "conclusion") if conclusion else None

    def run(ctx: CheckContext) -> CheckResult:
        where = " × ".join(f"[{lo}, {hi}]" for lo, hi in bounds)
        transcript = [f"region R = {where} in ({', '.join(names)})", f"start = {[str(v) for v in state]}"]
        start_box = [(v, v) for v in state]
        if holds is not None:
            with interval_dps(ctx.dps):
                at_start = holds(_box(start_box))
            if at_start is False:
                return CheckResult(REFUTED, "the property fails at the start", {"region": where}, transcript,
                                   counterexample={"t": "t0", "state": [str(v) for v in state]}, dps=ctx.dps)
        if not all(bool(lo <= v) and bool(v <= hi) for v, (lo, hi) in zip(state, bounds)):
            return CheckResult(UNDECIDED, "base case fails: the start is not in the region", {"region": where},
                               transcript)
        transcript.append("base case: start ∈ R (exact comparison)")
        limit = quick_boxes if ctx.quick else max_boxes
        proven, open_boxes, broken, used = _branch_and_bound(step, holds, bounds, ctx.dps, max_dps, limit)
        evidence = {"region": where, "proven_boxes": proven, "open_boxes": len(open_boxes), "max_dps_used": used}
        transcript.append(f"inductive step F(B) ⊆ R{' and the property' if holds else ''}: {proven} boxes proven, "
                          f"{len(open_boxes)} open, precision up to {used} digits")
        if broken:
            evidence["broken_at"] = broken
            return CheckResult(UNDECIDED, f"the induction breaks at {broken}: R is not invariant there or the "
                               "property fails (R may be too large)", evidence, transcript, dps=used)
        if open_boxes:
            return CheckResult(UNDECIDED, f"{len(open_boxes)} boxes still open (first {open_boxes[0]}): more boxes "
                               "or precision needed", evidence, transcript, dps=used)
        return CheckResult(PROVEN, f"by induction: s_t ∈ {where}{' and the property holds' if holds else ''} "
                           "for every t ≥ t0", evidence, transcript, dps=used)

    return Check(name, "certified", run)


def _pairs(region):
    pairs = list(region)
    if not pairs or any(not isinstance(p, (list, tuple)) or len(p) != 2 for p in pairs):
        raise InputError("region must be a non-empty list of (lo, hi) bounds, one per coordinate")
    return pairs


def _box(bounds) -> tuple:
    return tuple(hull(lo, hi) for lo, hi in bounds)


def _inside(value: iv.mpf, lo, hi) -> bool:
    """value ⊆ [lo, hi] for exact lo, hi: the enclosure of each bound is on the safe side."""
    return bool(value.a >= hull(lo, lo).b and value.b <= hull(hi, hi).a)


def _outside(value: iv.mpf, lo, hi) -> bool:
    return bool(value.b < hull(lo, lo).a or value.a > hull(hi, hi).b)


def _branch_and_bound(step, holds, bounds, dps, max_dps, limit):
    """(proven boxes, open boxes, a point where the induction certainly breaks or None, max precision)."""
    stack, proven, open_boxes, used, evaluations = [(list(bounds), dps)], 0, [], dps, 0
    while stack:
        box, p = stack.pop()
        used = max(used, p)
        if evaluations >= limit:
            open_boxes.append(_describe(box))
            continue
        evaluations += 1
        with interval_dps(p):
            image = [as_enclosure(v, "step") for v in step(_box(box))]
            if len(image) != len(bounds):
                raise InputError(f"step returned {len(image)} coordinates, the region has {len(bounds)}")
            if all(_inside(v, lo, hi) for v, (lo, hi) in zip(image, bounds)) and (holds is None or holds(_box(box)) is True):
                proven += 1
                continue
            point = [(m, m) for m in (split_point(lo, hi) or lo for lo, hi in box)]
            at = [as_enclosure(v, "step") for v in step(_box(point))]
            if any(_outside(v, lo, hi) for v, (lo, hi) in zip(at, bounds)) or (
                    holds is not None and holds(_box(point)) is False):
                return proven, open_boxes, _describe(point), used
        widths = [hi - lo for lo, hi in box]
        k = max(range(len(box)), key=lambda i: widths[i])
        mid = split_point(*box[k])
        if mid is not None and widths[k] > sp.Rational(1, 2**40):
            stack.extend([(box[:k] + [(mid, box[k][1])] + box[k + 1:], p), (box[:k] + [(box[k][0], mid)] + box[k + 1:], p)])
        elif p < max_dps:
            stack.append((box, min(2 * p, max_dps)))
        else:
            open_boxes.append(_describe(box))
    return proven, open_boxes, None, used


def _describe(box) -> str:
    return " × ".join(str(lo) if lo == hi else f"[{lo}, {hi}]" for lo, hi in box)
