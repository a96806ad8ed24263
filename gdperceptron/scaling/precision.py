"""Certified separation counts: a float64 first pass, then a certified run decides the count.

Protocol (per run):

1. float64 (:func:`gdperceptron.run_gd` with ``arithmetic="float64"``) runs GD until separation or
   ``max_steps``: a fast estimate, never reported as a count;
2. if a certified run of that length fits the budget (steps × width × non-zeros of X ≤ ``budget``,
   "element-steps"), :func:`gdperceptron.run_gd` in ball arithmetic runs until its certified separation
   or ``max_steps``.  Its Arb balls enclose the exact GD trajectory from the exact data, step size and
   initialization, and every margin sign it decides holds for the exact iteration; undecided signs
   raise the precision automatically from ``digits[0]`` up to ``digits[-1]`` decimal digits.

The count is "separated" (certified first separation step), "censored" (certified: no separation
within ``max_steps``) or "undecided" (the precision cap or the budget was reached; the note says
which and what would be needed).  ``certificate`` names what certified it, e.g.
"Arb balls at 183 bits (global enclosure)"; the float64 estimate is kept in ``rungs`` for comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..numeric.iterate import run_gd

DEFAULT_MP_BUDGET = 4_000_000
"""Largest (steps × width × non-zeros) a certified run may cost."""


@dataclass
class CertifiedCount:
    """A separation count and how it was certified (see the module docstring)."""

    status: str
    iterations: int | None
    precision: str | None
    rungs: list[dict] = field(default_factory=list)
    note: str = ""
    certificate: str = ""


def certified_count(model, data, gamma, theta0, max_steps: int, digits=(30, 60, 120),
                    budget: int = DEFAULT_MP_BUDGET) -> CertifiedCount:
    """Run the protocol of the module docstring for GD (mean logistic loss) from ``theta0``."""
    width = getattr(model, "width", 1)
    nnz = sum(1 for row in data.X for v in row if v != 0)
    rough = run_gd(model, data, gamma, max_steps, init=theta0, arithmetic="float64", until_separated=True,
                   record_every=max_steps)
    rungs = [{"precision": "float64", "separated_at": rough.separated_at, "certified": False,
              "note": rough.undecided or ""}]
    needed = max_steps if rough.separated_at is None else rough.separated_at
    if needed * width * nnz > budget:
        return CertifiedCount("undecided", None, None, rungs,
                              f"a certified run to step {needed} needs {needed * width * nnz:.2g} element-steps > "
                              f"budget {budget:.2g}")
    traj = run_gd(model, data, gamma, max_steps, init=theta0, dps=digits[0], max_dps=digits[-1],
                  until_separated=True, record_every=max_steps)
    rungs.append({"precision": traj.engine, "separated_at": traj.separated_at, "certified": traj.separation_certain})
    if not traj.separation_certain:
        return CertifiedCount("undecided", None, None, rungs, traj.undecided)
    status = "separated" if traj.separated_at is not None else "censored"
    return CertifiedCount(status, traj.separated_at, traj.engine, rungs,
                          certificate=f"Arb {traj.engine} enclosing the exact trajectory")
