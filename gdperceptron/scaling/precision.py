"""The precision guard: a separation count is accepted only when it does not depend on rounding.

Protocol (per run; the ladder is float64 → extended precision → MPFR at 30, 60 and 120 digits):

1. run at rung k;
2. accept the count at rung k ≥ 1 when it equals the count at rung k − 1 **and** rung k raised no
   flag: no near-tie (``tie_ratio`` ≥ √u_k, u_k the unit roundoff of rung k), no underflowed weight,
   no overflow;
3. otherwise go to the next rung; when the ladder is exhausted the run is ``undecided`` and no
   count is reported.  An arbitrary-precision rung runs to its own count, at most ``mp_budget``
   element-steps (steps × width × non-zeros); if that cannot reach the previous rung's count, or
   the rung does not separate within it, the run is ``undecided`` and the note says what it needed.

Why √u: the forward error of a margin after T steps of GD is of relative size ≈ κ·T·u for a
condition factor κ; the band √u (1.5·10⁻⁸ in float64) leaves a factor 1/√u ≈ 10⁸ for κ·T, far
above the step counts of a study.  Large-step dynamics can amplify errors exponentially in T
instead, and then no fixed band helps; only agreement of two precisions does.  Measured (two-layer
identity net, width 8, init 1/100, γ = d/10, chain(64), seed 1): float64 separates at 3137,
extended precision at 3132, MPFR at 30 digits at 3136, and at 60, 120, 240 and 480 digits at 3123,
with no near-tie flagged on any rung — hence three MPFR rungs by default.  This is a *heuristic guard*, not a certificate: agreement of two
independent roundings together with a margin band is strong evidence that the count is the one
exact arithmetic gives, and it is what the per-run record states (``precision``, ``rungs``).
Certified counts, where they exist (linear GD on the chain family), come from
:mod:`gdperceptron.scaling.certified_chain` instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import backends
from .engine import EngineResult, run_to_separation

DEFAULT_MP_BUDGET = 4_000_000
"""Largest (steps × width × non-zeros) an MPFR rung may cost: ≈ 15 s at 30–60 digits (measured
≈ 3.6 µs per element-step, identity net, chain(64))."""


@dataclass
class GuardedCount:
    """A separation count with the precision it was confirmed at.

    ``status``: "separated" (``iterations`` is the count), "censored" (not separated within
    ``max_steps`` at two agreeing precisions: the count exceeds max_steps), "undecided" (rounding
    could change the answer, or overflow, and no finer rung was affordable).
    """

    status: str
    iterations: int | None
    precision: str | None
    rungs: list[dict] = field(default_factory=list)
    note: str = ""


def _flagged(result: EngineResult, backend) -> str:
    if result.nonfinite:
        return f"overflow at step {result.diverged_at}"
    if result.underflow:
        return "values approached the underflow threshold"
    if result.tie_ratio < math.sqrt(backend.unit_roundoff):
        return f"near-tie: relative margin {result.tie_ratio:.3g} < √u = {math.sqrt(backend.unit_roundoff):.3g}"
    return ""


def guarded_count(spec, X, y, gamma, theta0, max_steps: int, ladder=None,
                  mp_budget: int = DEFAULT_MP_BUDGET) -> GuardedCount:
    """Run the ladder (see the module docstring) and return the confirmed count."""
    ladder = ladder or backends.ladder()
    previous: EngineResult | None = None
    rungs: list[dict] = []
    width = spec.width
    nnz = len(X.by_row[0])
    for backend in ladder:
        horizon = max_steps
        if backend.dtype is object:
            # an arbitrary-precision rung runs to its own count, as far as the budget allows; it must
            # at least reach the previous rung's count (or max_steps, to confirm censoring)
            horizon = min(max_steps, mp_budget // (width * nnz))
            needed = max_steps if previous is None or previous.separated_at is None else previous.separated_at
            if needed > horizon:
                note = (f"{(rungs[-1]['flag'] if rungs else 'first rung') or 'disagreement'} and the next rung "
                        f"{backend.name} would need {needed} steps, {needed * width * nnz:.2g} > budget "
                        f"{mp_budget:.2g} element-steps")
                return GuardedCount("undecided", None, None, rungs, note)
        result = run_to_separation(spec, X, y, gamma, theta0, backend, horizon)
        flag = _flagged(result, backend)
        rungs.append({"precision": backend.name, "separated_at": result.separated_at,
                      "steps_run": result.steps_run, "tie_ratio": result.tie_ratio, "flag": flag})
        if result.separated_at is None and horizon < max_steps:
            return GuardedCount("undecided", None, None, rungs,
                                f"{backend.name} did not separate within its budget of {horizon} steps")
        if previous is not None and not flag and not previous.nonfinite \
                and previous.separated_at == result.separated_at:
            status = "separated" if result.separated_at is not None else "censored"
            return GuardedCount(status, result.separated_at, backend.name, rungs)
        previous = result
    return GuardedCount("undecided", None, None, rungs, "the precision ladder was exhausted without agreement")
