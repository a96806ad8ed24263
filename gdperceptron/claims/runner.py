"""Run claims in worker processes, each under its own time budget.

Every claim is checked in a forked worker process (:class:`.isolation.Worker`), also when one job at
a time is asked for, so that nothing a claim does can take the run down with it.  Inside the worker,
:meth:`Claim.check` isolates each check in turn within what is left of the budget; the runner is the
backstop around the whole claim (its aggregation, its result on the way back):

* a claim still running ``2 · min(GRACE_SECONDS, budget)`` after its budget is killed with its
  process group (so processes a check starts go too), and is UNDECIDED ("time budget … exceeded");
* a worker that dies (an interpreter abort such as GMP's ``overflow in mpz type``, a segmentation
  fault, ``os._exit``, the out-of-memory killer) gives its claim UNDECIDED with the exit code or
  signal and the last line the worker wrote; the claim counts as errored;
* an exception escaping ``Claim.check`` is reported the same way (UNDECIDED, errored).

What a worker writes, to stdout or stderr, is passed on to stderr when it ends: standard output
stays for the verdict table and JSON.  Where ``fork`` is unavailable, claims run in this process.
"""

from __future__ import annotations

import os
import select
import time
from typing import Callable, Sequence

from .core import GRACE_SECONDS, UNDECIDED, CheckResult, Claim, ClaimResult
from .core import _portable as _portable_check
from .isolation import FORK_AVAILABLE, Worker


def run_claims(claims: Sequence[Claim], seed: int = 0, dps: int = 50, quick: bool = False,
               budget_seconds: float = 90.0, jobs: int | None = None,
               on_event: Callable[[str, Claim, ClaimResult | None], None] | None = None) -> list[ClaimResult]:
    """Check ``claims``, at most ``jobs`` at a time (default: one per core), each in its own worker
    process under ``budget_seconds``; results come back in the input order.

    ``on_event(what, claim, result)`` is called with ``"start"`` (result None) and ``"done"``.
    """
    claims = list(claims)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(claims)))
    kwargs = {"seed": seed, "dps": dps, "quick": quick, "budget_seconds": budget_seconds}
    limit = budget_seconds + 2 * min(GRACE_SECONDS, budget_seconds)
    pending = list(enumerate(claims))
    running: dict[int, tuple[Claim, Worker]] = {}
    results: dict[int, ClaimResult] = {}
    try:
        while pending or running:
            while pending and len(running) < jobs:
                i, claim = pending.pop(0)
                if not FORK_AVAILABLE:
                    _notify(on_event, "start", claim, None)
                    results[i] = claim.check(**kwargs)
                    _notify(on_event, "done", claim, results[i])
                    continue
                running[i] = claim, Worker(lambda c=claim: c.check(**kwargs), limit, portable=_portable)
                _notify(on_event, "start", claim, None)
            if not running:
                continue
            timeout = max(0.0, min(w.deadline for _, w in running.values()) - time.monotonic())
            select.select([w.fd for _, w in running.values()], [], [], timeout)
            for i, (claim, worker) in list(running.items()):
                answer = worker.outcome()
                if answer is not None:
                    results[i] = _result(claim, *answer, budget_seconds, worker.seconds)
                    del running[i]
                    _notify(on_event, "done", claim, results[i])
    finally:
        for _, worker in running.values():  # only on an interruption: nothing is left running
            worker.kill()
    return [results[i] for i in range(len(claims))]


def _result(claim: Claim, kind: str, payload, budget_seconds: float, seconds: float) -> ClaimResult:
    """The claim's result from a worker's answer (see :class:`.isolation.Worker`)."""
    if kind == "result":
        return payload
    if kind == "timeout":
        reason, errored = f"time budget of {budget_seconds:g} s exceeded (the worker was stopped)", False
    else:
        reason, errored = payload if kind == "died" else f"{type(payload).__name__}: {payload}", True
    note = CheckResult(UNDECIDED, reason, name="runner", kind="instance", error=reason if errored else None)
    return ClaimResult(claim.id, UNDECIDED, reason, [note], seconds)


def _portable(result: ClaimResult) -> ClaimResult:
    """``result`` with each check's evidence and counterexample in JSON form (for an answer that
    does not pickle)."""
    result.checks = [_portable_check(c) for c in result.checks]
    return result


def _notify(on_event, what, claim, result):
    if on_event:
        on_event(what, claim, result)
