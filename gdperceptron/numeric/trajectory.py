"""The record of an iteration: parameters, losses and margins at the recorded steps."""

from __future__ import annotations

from dataclasses import dataclass, field

import mpmath


class Recorded:
    """Values at recorded steps, indexed by the step t (``traj.params[t]``; ``[-1]`` is the last)."""

    def __init__(self):
        self._steps: list[int] = []
        self._values: list = []

    def append(self, t: int, value) -> None:
        self._steps.append(t)
        self._values.append(value)

    def __getitem__(self, t: int):
        if t < 0:
            return self._values[t]
        try:
            return self._values[self._steps.index(t)]
        except ValueError:
            raise KeyError(f"step {t} was not recorded (recorded: {self._describe()})") from None

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self):
        return iter(self._values)

    def steps(self) -> list[int]:
        return list(self._steps)

    def items(self):
        return zip(self._steps, self._values)

    def _describe(self) -> str:
        s = self._steps
        return f"{len(s)} steps from {s[0]} to {s[-1]}" if s else "none"


@dataclass
class Trajectory:
    """Result of :func:`gdperceptron.run_gd` or :func:`gdperceptron.run_perceptron`.

    ``params[t]``, ``loss[t]`` (GD only), ``margins[t]`` at every recorded step t, as mpmath numbers at
    ``dps`` digits (for a certified run, the midpoints of the enclosures); ``numbers[t]`` holds the
    parameters in the run's own arithmetic (Arb balls, exact rationals, floats) and ``radius[t]`` the
    largest ball radius (certified runs).  ``separated_at`` is the smallest t (tracked at every step,
    recorded or not) at which every margin is > 0.

    ``arithmetic`` is "ball", "exact", "float" or "float64"; ``engine`` names the precision the run was
    finally computed at.  In a certified arithmetic ``separated_at`` is a theorem about the exact
    iteration: every decision came from an enclosure of the true trajectory.  ``undecided`` is None
    or the reason no certified decision was reached below the precision cap, at step ``undecided_at``
    (then ``separated_at`` is None).  ``branch_straddles`` notes the first pre-activation whose ReLU branch a ball left open (its
    hull was used, which keeps the enclosure rigorous).
    """

    algorithm: str
    steps: int
    dps: int
    params: Recorded = field(default_factory=Recorded)
    loss: Recorded = field(default_factory=Recorded)
    margins: Recorded = field(default_factory=Recorded)
    numbers: Recorded = field(default_factory=Recorded)
    radius: Recorded = field(default_factory=Recorded)
    separated_at: int | None = None
    min_abs_margin: mpmath.mpf | None = None
    arithmetic: str = "ball"
    engine: str = ""
    certified: bool = True
    undecided: str | None = None
    undecided_at: int | None = None
    bits: int | None = None  # the working precision of a ball run (after escalation)
    branch_straddles: list[str] = field(default_factory=list)

    @property
    def separation_certain(self) -> bool:
        """True when ``separated_at`` (a step, or None: not within ``steps``) is certified: a certified
        arithmetic decided every margin sign it rests on.  False for float runs and undecided runs."""
        return self.certified and self.undecided is None

    def __repr__(self) -> str:
        return (f"Trajectory({self.algorithm}, steps={self.steps}, dps={self.dps}, "
                f"separated_at={self.separated_at}, engine={self.engine}"
                + (f", undecided: {self.undecided}" if self.undecided else "") + ")")
