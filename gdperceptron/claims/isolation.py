"""Run a piece of checking in a forked worker process, under a deadline.

A check may abort the interpreter (GMP's "overflow in mpz type" from SymPy on an exponent like
1 + 10^-12 ends the process with SIGABRT), hang, or exhaust memory.  :class:`Worker` runs a callable
in a child made by :func:`os.fork` (a user's lambdas and closures need not be picklable), in its own process
group, with everything it writes captured, and reports one of:

* ``("result", value)`` — the callable returned ``value`` (pickled back; a value that cannot be
  pickled is passed through ``portable`` first, if given);
* ``("raised", exception)`` — it raised an exception that pickles (re-raised by the caller, e.g. an
  :class:`~gdperceptron.errors.InputError` for bad input);
* ``("died", reason)`` — the process ended without an answer: the signal or exit code and the last
  line it wrote;
* ``("timeout", reason)`` — the deadline passed; the process group was killed.

Where ``fork`` is unavailable the callable runs in-process (no protection, no deadline).
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import sys
import tempfile
import time
from typing import Any, Callable

FORK_AVAILABLE = hasattr(os, "fork")


class Worker:
    """``fn()`` running in a forked process; poll :meth:`outcome` until it is not None.

    The child is made with :func:`os.fork`, not :mod:`multiprocessing`, so that a check can be
    isolated from inside a daemonic process too (a multiprocessing pool's worker, say)."""

    def __init__(self, fn: Callable[[], Any], limit: float, portable: Callable[[Any], Any] | None = None):
        self.output = tempfile.TemporaryFile()
        self.limit = limit
        self.buffer = bytearray()
        for stream in (sys.stdout, sys.stderr):  # what the parent buffered is not written twice
            with contextlib.suppress(Exception):
                stream.flush()
        read_end, write_end = os.pipe()
        self.started = time.monotonic()
        self.deadline = self.started + limit
        self.pid = os.fork()
        if self.pid == 0:  # the child never returns from here
            os.close(read_end)
            _child(fn, write_end, self.output.fileno(), portable)
        os.close(write_end)
        self.fd = read_end
        self.group = self.pid  # the child's own process group, which outlives it while what it started runs
        with contextlib.suppress(OSError):  # the child does the same; whichever runs first wins
            os.setpgid(self.pid, self.pid)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def outcome(self, wait: float = 0.0) -> tuple[str, Any] | None:
        """(kind, payload) once the worker has answered, died or run out of time; else None (after
        waiting up to ``wait`` seconds for it)."""
        while select.select([self.fd], [], [], max(0.0, min(wait, self.deadline - time.monotonic())))[0]:
            chunk = os.read(self.fd, 1 << 16)
            if not chunk:  # end of file: the child has finished or died
                status = self._reap()
                if self.buffer:
                    try:
                        answer = pickle.loads(bytes(self.buffer))
                    except Exception:  # noqa: BLE001 - a truncated message: it died while writing
                        answer = ("died", self._death(status))
                else:
                    answer = ("died", self._death(status))
                self.kill()
                return answer
            self.buffer.extend(chunk)
        if time.monotonic() < self.deadline:
            return None
        self.kill()
        return "timeout", f"time budget of {self.limit:g} s exceeded (the worker was stopped)"

    def wait(self) -> tuple[str, Any]:
        """Block until :meth:`outcome` has an answer."""
        while (answer := self.outcome(wait=0.05)) is None:
            pass
        return answer

    def _reap(self) -> int | None:
        try:
            _, status = os.waitpid(self.pid, 0)
        except ChildProcessError:
            return None
        self.pid = None
        return status

    def _death(self, status: int | None) -> str:
        """Why the worker ended without an answer: its exit code or signal and the last line it wrote."""
        if status is not None and os.WIFSIGNALED(status):
            code = os.WTERMSIG(status)
            try:
                name = signal.Signals(code).name
            except ValueError:
                name = f"signal {code}"
            how = f"worker killed by {name} (exit status {128 + code} in a shell)"
        else:
            how = f"worker exited with code {os.WEXITSTATUS(status) if status is not None else '?'} without an answer"
        return f"{how}: {last[:300]}" if (last := _last_words(self._captured())) else how

    def _captured(self) -> str:
        self.output.seek(0)
        return self.output.read().decode("utf-8", "replace")

    def kill(self) -> None:
        """Kill the worker's process group (what it left running goes too), reap the worker, and pass
        what it wrote on to stderr."""
        with contextlib.suppress(OSError):  # also after the worker was reaped: what it left running goes
            os.killpg(self.group, signal.SIGKILL)
        if self.pid is not None:
            with contextlib.suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()
        with contextlib.suppress(OSError):
            os.close(self.fd)
        text = self._captured()
        self.output.close()
        if text:
            sys.stderr.write(text)
            sys.stderr.flush()


def run_isolated(fn: Callable[[], Any], limit: float, portable: Callable[[Any], Any] | None = None):
    """(kind, payload) of ``fn()`` run in a :class:`Worker` (in-process where fork is unavailable)."""
    if not FORK_AVAILABLE:
        try:
            return "result", fn()
        except Exception as exc:  # noqa: BLE001 - reported like the worker's
            return "raised", exc
    return Worker(fn, limit, portable).wait()


def _child(fn, write_fd: int, output_fd: int, portable) -> None:
    """The worker: run ``fn``, write the pickled ("result", value) or ("raised", exception), exit."""
    try:
        with contextlib.suppress(OSError):
            os.setpgid(0, 0)
        _die_with_parent()
        for fd, name in ((1, "stdout"), (2, "stderr")):  # all the worker writes is captured, Python's or C's
            os.dup2(output_fd, fd)  # (GMP says "overflow in mpz type" on stdout) ...
            setattr(sys, name, open(fd, "w", buffering=1, closefd=False, errors="backslashreplace"))
        if faulthandler.is_enabled():  # ... and so is a crash report, which may have gone to a copy of the old one
            faulthandler.enable(sys.stderr)
        try:
            message = ("result", fn())
        except Exception as exc:  # noqa: BLE001 - reported to the parent, never swallowed
            message = ("raised", exc)
        try:
            data = pickle.dumps(message)
        except Exception:  # noqa: BLE001 - a payload that cannot be pickled
            kind, payload = message
            data = pickle.dumps(("result", portable(payload)) if kind == "result" and portable
                                else ("raised", RuntimeError(f"{type(payload).__name__}: {payload}")))
        with open(write_fd, "wb", closefd=True) as pipe:
            pipe.write(data)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(0)  # never return into the parent's code; no atexit handlers


def _last_words(text: str) -> str:
    """The last line a dead worker wrote before Python's own crash report (if any) began."""
    before, fatal, after = text.partition("Fatal Python error:")
    lines = before.strip().splitlines() or [fatal + after.split("\n", 1)[0]]
    return lines[-1].strip()


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (no-op elsewhere)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
