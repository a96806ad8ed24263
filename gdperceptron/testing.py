"""Run claims from your own test suite.

``assert_claim(claim, at_least="SUPPORTED")`` checks a claim (an object or a registry id) and fails
with the claim's full account — statement, verdict, every check's transcript and counterexample —
when it is REFUTED or earns less than ``at_least``.  The pytest plugin (loaded automatically when
gdperceptron is installed) offers the same as the fixture ``check_claim``, whose seed and quick
mode come from ``--gdp-seed`` and ``--gdp-quick``.  For Hypothesis tests of your own, compose
strategies from :mod:`gdperceptron.strategies`.
"""

from __future__ import annotations

from .claims import core, registry
from .errors import InputError
from .report import claim_account


def assert_claim(claim, at_least="SUPPORTED", **check_kwargs) -> core.ClaimResult:
    """Check ``claim`` and raise AssertionError unless its verdict is at least ``at_least``."""
    if isinstance(claim, str):
        claim = registry.get(claim)
    try:
        floor = core.Verdict(str(at_least).upper())
    except ValueError:
        raise InputError(f"at_least must be one of PROVEN, VERIFIED, SUPPORTED, UNDECIDED; got {at_least!r}") from None
    if floor is core.REFUTED:
        raise InputError("at_least=REFUTED makes no sense; check for REFUTED explicitly")
    result = claim.check(**check_kwargs)
    if result.verdict is core.REFUTED or result.verdict.strength < floor.strength:
        raise AssertionError(f"claim {claim.id} is {result.verdict.value}, expected at least {floor.value}\n"
                             + claim_account(claim, result))
    return result
