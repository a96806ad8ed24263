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

    ``params[t]``, ``loss[t]`` (GD only), ``margins[t]`` at every recorded step t; ``separated_at``
    is the smallest t (tracked at every step, recorded or not) at which every margin is > 0.
    All numbers are mpmath numbers computed at ``dps`` decimal digits.  ``engine`` is "mpmath" (the
    reference loop) or "fast" (:mod:`.fastgd`: each step certified to within 2^-16 · 10^-dps
    ‖θ_t‖_∞ of an exact GD step from the previous computed iterate; losses certified to dps relative
    digits, margins normwise, for the computed iterate).
    """

    algorithm: str
    steps: int
    dps: int
    params: Recorded = field(default_factory=Recorded)
    loss: Recorded = field(default_factory=Recorded)
    margins: Recorded = field(default_factory=Recorded)
    separated_at: int | None = None
    min_abs_margin: mpmath.mpf | None = None
    engine: str = "mpmath"
    close_calls: list[int] = field(default_factory=list)

    @property
    def separation_certain(self) -> bool:
        """False when, at or before ``separated_at`` (or anywhere, if it never separated), a margin that
        decides separation was too close to call at ``dps`` digits: then ``separated_at`` may be wrong and
        the run should be repeated at higher precision.  (The fast engine raises instead of guessing.)"""
        last = self.steps if self.separated_at is None else self.separated_at
        return not any(t <= last for t in self.close_calls)

    def __repr__(self) -> str:
        return (f"Trajectory({self.algorithm}, steps={self.steps}, dps={self.dps}, "
                f"separated_at={self.separated_at}, engine={self.engine})")
