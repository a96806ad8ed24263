"""The robustness margin of GD on a two-neuron ReLU net [derived reconstruction of arXiv 2603.02095; docs/mathematics/margin.md].

* :mod:`.geometry` — the exact robust margin ρ = min_i dist(x_i, Z), Z = A ∪ B (convex cones), any d;
* :mod:`.reference` — GD on the reference model: activation patterns, phases, κ1, κ2, final phase to any T.
"""

from .geometry import robust_margin, zero_set_distance
from .reference import (FinalPhase, absorption_time, cos_angle, final_phase, invariants, pair, pattern, phases,
                        points, run)

__all__ = ["robust_margin", "zero_set_distance", "pair", "points", "cos_angle", "pattern", "invariants", "run",
           "phases", "absorption_time", "final_phase", "FinalPhase"]
