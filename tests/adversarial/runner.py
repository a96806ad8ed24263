"""Run one entry's claim in a forked process, so that an abort, a hang or an escaping exception
costs only that entry and is reported as its outcome.

The outcome is a dict: ``status`` is "verdict" (with ``verdict`` and ``summary``), "input_error"
(gp.InputError at construction or while checking), "exception" (any other exception escaping
``Claim.check``), "crash" (the process died, e.g. exit code −6 = SIGABRT, 134 in a shell) or
"timeout" (no answer within the entry's timeout; the process is killed).  The child works in its
own directory, so Hypothesis's example database under ``.hypothesis/`` starts empty for every
entry and no entry replays another's counterexample.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import gdperceptron as gp


def _child(entry, conn, workdir: str) -> None:
    os.chdir(workdir)
    try:
        result = entry.claim().check(seed=0, dps=entry.dps, quick=entry.quick, budget_seconds=entry.budget)
        verdict = getattr(result.verdict, "value", str(result.verdict))
        outcome = {"status": "verdict", "verdict": verdict, "summary": str(result.summary)[:400]}
    except gp.InputError as exc:
        outcome = {"status": "input_error", "message": str(exc)[:400]}
    except BaseException as exc:  # noqa: BLE001 - every escape is an outcome to report
        outcome = {"status": "exception", "message": f"{type(exc).__name__}: {exc}"[:400]}
    conn.send(outcome)
    conn.close()


def _describe_exit(code) -> str:
    if code is not None and code < 0:
        name = signal.Signals(-code).name
        return f"the process died of {name} (exit code {128 - code} in a shell)"
    return f"the process ended with exit code {code} without an answer"


def run_entry(entry, workdir) -> dict:
    """The outcome of ``entry.claim().check(...)`` run in a forked child with ``entry.timeout``."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(entry, sender, str(workdir)), daemon=True)
    start = time.monotonic()
    process.start()
    sender.close()
    try:
        if receiver.poll(entry.timeout):
            outcome = receiver.recv()
        else:
            outcome = {"status": "timeout", "message": f"no answer within {entry.timeout:g} s (hang)"}
    except EOFError:
        process.join(10)
        outcome = {"status": "crash", "message": _describe_exit(process.exitcode)}
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        receiver.close()
    outcome["seconds"] = round(time.monotonic() - start, 2)
    return outcome
