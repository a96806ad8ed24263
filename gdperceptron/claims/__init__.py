"""Claims: objects, verdicts, ready-made checks, the registry of shipped claims, and the runner.

``gp.claims.get(id)`` and ``gp.claims.all()`` reach the registry; ``gp.claims.register(claim)``
adds a user's claim to it.
"""

from . import checks
from .core import (PROVEN, REFUTED, SUPPORTED, UNDECIDED, VERIFIED, Check, CheckContext, CheckResult, Claim,
                   ClaimResult, Provenance, Verdict, check)
from .registry import all, get, register  # noqa: A004
from .runner import run_claims

__all__ = ["Claim", "Check", "CheckContext", "CheckResult", "ClaimResult", "Provenance", "Verdict", "check",
           "checks", "all", "get", "register", "run_claims",
           "PROVEN", "VERIFIED", "SUPPORTED", "UNDECIDED", "REFUTED"]
