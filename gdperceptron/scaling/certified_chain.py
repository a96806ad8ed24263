"""Linear GD on the chain family, certified [derived, spec perceptron.md §4].

A thin reading of :func:`gdperceptron.run_gd` in its default ball arithmetic: the Arb balls enclose
the exact GD iterates for the exact step size γ (from v_0 = 0), so two facts follow rigorously:

* a coordinate whose ball is the exact point 0 (radius 0) is exactly 0 — so ``supp(v_t) ⊆ [t]`` is
  certified by reading the balls, for this d and γ (σ is transcendental, but zero stays exactly zero:
  a zero margin gives e^0 = 1 and the weight 1/2 exactly, and the untouched samples' halves cancel
  exactly in the data product before the step size multiplies);
* ``separated_at`` and ``undecided_at`` are run_gd's certified decisions (precision escalated up to
  ``max_dps``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .. import datasets, models
from ..numeric.arithmetic import GUARD_BITS
from ..numeric.iterate import run_gd


@dataclass
class ChainCertificate:
    """What one certified run established for chain(d) and the exact γ."""

    d: int
    gamma: str
    steps: int
    dps: int
    support_ok: bool  # supp(v_t) ⊆ [t] certified for every t ≤ steps
    first_support_violation: tuple | None  # (t, coordinate) if a coordinate > t is not the point 0
    last_margin_zero_before_d: bool  # m_d(v_t) is the point 0 for every t < min(d, steps + 1)
    separated_at: int | None  # first t with every margin certified > 0 (None: not within steps)
    undecided_at: int | None = None  # first t whose separation status could not be decided
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"d": self.d, "gamma": self.gamma, "steps": self.steps, "dps": self.dps,
                "support_certified": self.support_ok, "m_d_exactly_zero_before_d": self.last_margin_zero_before_d,
                "certified_separated_at": self.separated_at, "undecided_at": self.undecided_at}


def _point_zero(ball) -> bool:
    return ball.is_zero() and ball.is_exact()


def certify_linear_chain(d: int, gamma, steps: int | None = None, dps: int = 20, max_dps: int = 160
                         ) -> ChainCertificate:
    """Run ``steps`` (default d) certified GD steps on chain(d) from v_0 = 0 and read the certificate."""
    steps = d if steps is None else steps
    traj = run_gd(models.Linear(d), datasets.chain(d), gamma, steps, dps=dps, max_dps=max_dps)
    violation = None
    for t, v in traj.numbers.items():
        bad = next((j for j in range(t, d) if not _point_zero(v[j])), None)
        if bad is not None:
            violation = (t, bad + 1)
            break
    md_zero = all(_point_zero(traj.numbers[t][d - 1]) for t in range(min(d, steps + 1)))
    digits = max(dps, math.floor((traj.bits - GUARD_BITS) / math.log2(10)))  # the precision finally used
    return ChainCertificate(d, str(gamma), steps, digits, violation is None, violation, md_zero,
                            traj.separated_at, traj.undecided_at)
