"""Certified one-variable inequalities by interval branch-and-bound with precision escalation.

Goal: lhs(x) ≤ rhs(x) (or <) for every x in a union of closed intervals.  ``lhs`` and ``rhs`` are
functions of an mpmath interval (``mpmath.iv.mpf``) returning an interval that encloses the true
range (outward rounding, so enclosures are rigorous).  A box is *proven* when sup lhs ≤ inf rhs.
A *violation* is reported only when, at a single point x, inf lhs(x) > sup rhs(x): a certified
counterexample, never an artefact of rounding.  Otherwise the box is split; when splitting stops
paying (the enclosure of a narrow box still straddles), the precision of that box is doubled, up
to ``max_dps``.  Boxes still open when the budget runs out are reported: the answer is then
undecided, with the smallest unresolved box as the place to look.

The interval context's precision is set for the duration of a call and restored afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp
from mpmath import iv

from ..errors import InputError
from .enclose import as_enclosure, exact_endpoint, hull, interval_dps, split_point

__all__ = ["BranchAndBound", "interval_dps", "prove_inequality"]


@dataclass
class BranchAndBound:
    """Outcome of :func:`prove_inequality`."""

    proven_boxes: int = 0
    open_boxes: list[tuple[str, str, int]] = field(default_factory=list)
    violation: tuple[str, int] | None = None
    max_dps_used: int = 0
    evaluations: int = 0

    @property
    def proven(self) -> bool:
        return self.violation is None and not self.open_boxes


def prove_inequality(lhs, rhs, pieces, strict=False, dps=15, max_dps=240, max_boxes=20000,
                     min_width=sp.Rational(1, 2**40)) -> BranchAndBound:
    """Branch-and-bound proof of lhs ≤ rhs (lhs < rhs if ``strict``) on the closed ``pieces``.

    The pieces' endpoints are exact (:func:`.enclose.exact_endpoint`: ints, Fractions, strings such
    as ``"1/3"``, SymPy numbers) and stay exact: every box is evaluated on an outward enclosure of
    its true interval at the precision in use, so a proof on ``[0, 1/3]`` covers 1/3 itself, whatever
    the precision.  Split points are exact binary fractions strictly inside the piece, and a
    violation is reported only at such a point (or at an exact endpoint), inside the domain.
    """
    out = BranchAndBound()
    stack = []
    for lo, hi in reversed(list(pieces)):
        lo, hi = exact_endpoint(lo, "interval endpoint"), exact_endpoint(hi, "interval endpoint")
        if not bool(lo <= hi):
            raise InputError(f"interval [{lo}, {hi}] is empty: its left end exceeds its right end")
        stack.append((lo, hi, dps))
    while stack:
        lo, hi, p = stack.pop()
        out.max_dps_used = max(out.max_dps_used, p)
        if out.evaluations >= max_boxes:
            out.open_boxes.append((str(lo), str(hi), p))
            continue
        out.evaluations += 1
        with interval_dps(p):
            box = hull(lo, hi)
            if _holds(as_enclosure(lhs(box), "lhs"), as_enclosure(rhs(box), "rhs"), strict):
                out.proven_boxes += 1
                continue
            mid = split_point(lo, hi)
            point = lo if mid is None else mid
            at = hull(point, point)
            at_point = _compare(as_enclosure(lhs(at), "lhs"), as_enclosure(rhs(at), "rhs"), strict)
            if at_point is False:
                out.violation = (str(point), p)
                return out
        if at_point is None and p < max_dps:
            stack.append((lo, hi, min(2 * p, max_dps)))  # the point itself is too close to call
        elif mid is not None and hi - lo > min_width:
            stack.extend([(mid, hi, p), (lo, mid, p)])
        elif p < max_dps:
            stack.append((lo, hi, min(2 * p, max_dps)))
        else:
            out.open_boxes.append((str(lo), str(hi), p))
    return out


def _compare(left: iv.mpf, right: iv.mpf, strict: bool):
    """True when left ≤ right (<) holds on the whole box, False when it certainly fails everywhere,
    None when the enclosures overlap."""
    if _holds(left, right, strict):
        return True
    if left.a > right.b or (strict and left.a >= right.b):
        return False
    return None


def _holds(left: iv.mpf, right: iv.mpf, strict: bool) -> bool:
    upper, lower = left.b, right.a
    return bool(upper < lower or (not strict and upper <= lower))
