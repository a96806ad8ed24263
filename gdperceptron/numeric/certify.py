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

from contextlib import contextmanager
from dataclasses import dataclass, field

import mpmath
from mpmath import iv


@contextmanager
def interval_dps(dps: int):
    """Temporarily set the precision of mpmath's interval context (restored on exit)."""
    old = iv.prec
    iv.dps = dps
    try:
        yield
    finally:
        iv.prec = old


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
                     min_width=mpmath.mpf(2) ** -40) -> BranchAndBound:
    """Branch-and-bound proof of lhs ≤ rhs (lhs < rhs if ``strict``) on the closed ``pieces``."""
    out = BranchAndBound()
    stack = [(mpmath.mpf(lo), mpmath.mpf(hi), dps) for lo, hi in reversed(list(pieces))]
    while stack:
        lo, hi, p = stack.pop()
        out.max_dps_used = max(out.max_dps_used, p)
        if out.evaluations >= max_boxes:
            out.open_boxes.append((mpmath.nstr(lo, 20), mpmath.nstr(hi, 20), p))
            continue
        out.evaluations += 1
        with interval_dps(p):
            box = iv.mpf([lo, hi])
            upper, lower = lhs(box).b, rhs(box).a
            if upper < lower or (not strict and upper <= lower):
                out.proven_boxes += 1
                continue
            mid = lo + (hi - lo) / 2
            point = iv.mpf(mid)
            lmid, rmid = lhs(point), rhs(point)
            if lmid.a > rmid.b or (strict and lmid.a >= rmid.b):
                out.violation = (mpmath.nstr(mid, 30), p)
                return out
            point_undecided = lmid.b > rmid.a or (strict and lmid.b >= rmid.a)
        if point_undecided and p < max_dps:
            stack.append((lo, hi, min(2 * p, max_dps)))  # the midpoint itself is too close to call
        elif hi - lo > min_width:
            stack.extend([(mid, hi, p), (lo, mid, p)])
        elif p < max_dps:
            stack.append((lo, hi, min(2 * p, max_dps)))
        else:
            out.open_boxes.append((mpmath.nstr(lo, 20), mpmath.nstr(hi, 20), p))
    return out
