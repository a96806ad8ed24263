"""Run many claims in parallel worker processes, each under its own time budget.

Each claim runs in a forked process; a claim that overruns its budget (plus a grace period) is
terminated and reported UNDECIDED ("time budget exceeded"), so one slow claim never hangs a run.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from typing import Callable, Sequence

from .core import UNDECIDED, CheckResult, Claim, ClaimResult

GRACE_SECONDS = 15.0


def _worker(claim: Claim, kwargs: dict, conn) -> None:
    try:
        conn.send(claim.check(**kwargs))
    except Exception as exc:  # reported, never swallowed
        conn.send(exc)
    finally:
        conn.close()


def run_claims(claims: Sequence[Claim], seed: int = 0, dps: int = 50, quick: bool = False,
               budget_seconds: float = 90.0, jobs: int | None = None,
               on_event: Callable[[str, Claim, ClaimResult | None], None] | None = None) -> list[ClaimResult]:
    """Check ``claims`` with at most ``jobs`` in parallel; results come back in the input order."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    kwargs = {"seed": seed, "dps": dps, "quick": quick, "budget_seconds": budget_seconds}
    if jobs == 1:
        results = []
        for claim in claims:
            _notify(on_event, "start", claim, None)
            results.append(claim.check(**kwargs))
            _notify(on_event, "done", claim, results[-1])
        return results
    ctx = mp.get_context("fork")
    pending = list(enumerate(claims))
    running: dict[int, tuple] = {}
    results: dict[int, ClaimResult] = {}
    while pending or running:
        while pending and len(running) < jobs:
            i, claim = pending.pop(0)
            receive, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_worker, args=(claim, kwargs, send), daemon=True)
            proc.start()
            send.close()
            running[i] = (claim, proc, receive, time.monotonic())
            _notify(on_event, "start", claim, None)
        for i, (claim, proc, receive, started) in list(running.items()):
            overrun = time.monotonic() - started > budget_seconds + GRACE_SECONDS
            if receive.poll():
                try:
                    payload = receive.recv()
                except EOFError:
                    payload = RuntimeError("worker exited without a result")
            elif not proc.is_alive() and not receive.poll():
                payload = RuntimeError(f"worker died (exit code {proc.exitcode})")
            elif overrun:
                proc.terminate()
                payload = TimeoutError(f"time budget of {budget_seconds:.0f} s exceeded")
            else:
                continue
            proc.join(timeout=5)
            receive.close()
            if isinstance(payload, BaseException):
                note = CheckResult(UNDECIDED, f"{type(payload).__name__}: {payload}", name="runner",
                                   kind="instance", error=str(payload))
                payload = ClaimResult(claim.id, UNDECIDED, note.summary, [note], time.monotonic() - started)
            results[i] = payload
            del running[i]
            _notify(on_event, "done", claim, payload)
        time.sleep(0.02)
    return [results[i] for i in range(len(claims))]


def _notify(on_event, what, claim, result):
    if on_event:
        on_event(what, claim, result)
