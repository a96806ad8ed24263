"""gdperceptron — a symbolic-plus-numeric theorem checker for the dynamics of gradient descent.

Public surface (kept small; the machinery lives in submodules)::

    import gdperceptron as gp
    data = gp.Dataset(X, y)
    model = gp.models.Linear(d)
    traj = gp.run_gd(model, data, gamma, steps, dps=50)
    ptraj = gp.run_perceptron(model, data, steps, variant="batch", first_step="full")
    gp.claims.get("reduction.noise-bound").check().verdict
"""

from . import activations, claims, datasets, losses, margin, models, scaling, symbolic
from .claims import PROVEN, REFUTED, SUPPORTED, UNDECIDED, VERIFIED, Claim, CheckResult, Provenance, Verdict
from .claims import check as check
from .claims import checks
from .data import Dataset
from .errors import InputError
from .margin import robust_margin
from .numeric.iterate import run_gd, run_perceptron
from .numeric.trajectory import Trajectory

__version__ = "0.1.0"

__all__ = ["Dataset", "models", "datasets", "losses", "activations", "run_gd", "run_perceptron", "Trajectory",
           "margin", "robust_margin", "scaling", "strategies", "symbolic",
           "claims", "checks", "check", "Claim", "CheckResult", "Provenance", "Verdict", "InputError",
           "PROVEN", "VERIFIED", "SUPPORTED", "UNDECIDED", "REFUTED", "__version__"]


def __getattr__(name):
    """``gp.strategies`` is imported on first use: it pulls in Hypothesis, which most uses never need."""
    if name == "strategies":
        import importlib

        return importlib.import_module(".strategies", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
