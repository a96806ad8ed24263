"""Scaling studies: iteration counts to separation over families × models × d × seeds.

:func:`run_study` builds each data set once (exactly, from its family), turns every
(family, d, model, seed) into an independent task, and fans the tasks out over an executor:

* ``executor=None`` — local worker processes (``concurrent.futures.ProcessPoolExecutor``, fork);
* ``executor="serial"`` — in this process (what claim checks use: they already run in a worker);
* any object with ``submit(fn, *args)`` returning futures with ``done()`` and ``result()`` —
  a ``concurrent.futures`` executor or a ``dask.distributed.Client``, which runs the same study on
  a cluster.

Each task is deterministic — its random initialization depends only on (seed, d, width) — so the
records are identical whatever the executor and the order of completion; they are returned
sorted by (family, model, d, seed).  Linear models start at v_0 = 0 and are deterministic: one run
per d (seed 0).  Each count goes through :func:`~gdperceptron.scaling.precision.certified_count`:
a record carries a count only when a certified run decided it, and says how (``certificate``).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Callable, Sequence

from ..errors import InputError
from ..numbers import check_int
from .families import Family, get_family
from ..data import Dataset
from .precision import DEFAULT_MP_BUDGET, certified_count
from .specs import GammaRule, ModelSpec, parse_model

DEFAULT_MAX_STEPS = 100_000


@dataclass
class RunRecord:
    """One run: the count (or why there is none) and the precision that confirmed it."""

    family: str
    model: str
    d: int
    seed: int
    gamma: str
    status: str  # separated | censored | undecided
    iterations: int | None
    precision: str | None
    max_steps: int
    seconds: float = 0.0
    note: str = ""
    rungs: list = field(default_factory=list)
    certificate: str = ""

    def key(self):
        return (self.family, self.model, self.d, self.seed)

    def to_dict(self, with_rungs: bool = True) -> dict:
        out = asdict(self)
        if not with_rungs:
            out.pop("rungs")
        return out


@dataclass
class Task:
    family: str
    spec: ModelSpec
    d: int
    seed: int
    gamma: str  # exact value of γ at this d, as text
    data: Dataset
    max_steps: int
    mp_digits: tuple
    mp_budget: int


def run_task(task: Task) -> RunRecord:
    """Run one task (module level, so that worker processes and Dask can import it).  The certified run
    starts at ``mp_digits[0]`` decimal digits and may escalate to ``mp_digits[-1]``."""
    import sympy as sp

    start = time.perf_counter()
    theta0 = task.spec.init(task.d, task.seed)
    count = certified_count(task.spec.model(task.d), task.data, sp.sympify(task.gamma), theta0, task.max_steps,
                            task.mp_digits, task.mp_budget)
    return RunRecord(task.family, task.spec.label, task.d, task.seed, task.gamma, count.status, count.iterations,
                     count.precision, task.max_steps, time.perf_counter() - start, count.note, count.rungs,
                     count.certificate)


@dataclass
class StudyResult:
    """Records of a study plus what was asked for (``meta``)."""

    records: list[RunRecord]
    meta: dict

    def series(self) -> dict[tuple[str, str], list[RunRecord]]:
        """Records grouped by (family, model label), in d then seed order."""
        out: dict[tuple[str, str], list[RunRecord]] = {}
        for r in self.records:
            out.setdefault((r.family, r.model), []).append(r)
        return out

    def fits(self, n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> dict:
        from .fit import fit_records

        return {key: fit_records(recs, n_boot=n_boot, seed=seed, level=level) for key, recs in self.series().items()}


def run_study(families: Sequence[str | Family] = ("chain",), models: Sequence[str | ModelSpec] = ("linear",),
              d_values: Sequence[int] = (16, 32, 64), seeds: int = 3, gamma: str = "d",
              max_steps: int = DEFAULT_MAX_STEPS, executor=None, progress: Callable | None = None,
              mp_digits: Sequence[int] = (30, 60, 120), mp_budget: int = DEFAULT_MP_BUDGET) -> StudyResult:
    """Run the study; ``progress(done, total, record)`` is called as runs finish."""
    fams = [f if isinstance(f, Family) else get_family(f) for f in families]
    specs = [parse_model(m) for m in models]
    d_values = _check_d(d_values)
    check_int(seeds, "seeds")
    check_int(max_steps, "max_steps")
    if not fams or not specs:
        raise InputError("a study needs at least one family and one model")
    default_rule = GammaRule(gamma) if not isinstance(gamma, GammaRule) else gamma
    tasks = []
    for fam in fams:
        for d in d_values:
            data = fam(d)
            for spec in specs:
                value = (spec.gamma or default_rule).at(d)
                for seed in (range(1) if spec.kind == "linear" else range(seeds)):
                    tasks.append(Task(fam.name, spec, d, seed, str(value), data, max_steps, tuple(mp_digits),
                                      mp_budget))
    records = _execute(tasks, executor, progress)
    records.sort(key=RunRecord.key)
    meta = {"families": [f.name for f in fams], "models": [s.label for s in specs], "d_values": list(d_values),
            "seeds": seeds, "gamma": default_rule.text, "max_steps": max_steps, "mp_digits": list(mp_digits),
            "executor": _executor_name(executor), "loss": "logistic, mean over samples"}
    return StudyResult(records, meta)


def _check_d(d_values) -> list[int]:
    values = list(d_values)
    if not values or any(isinstance(d, bool) or not isinstance(d, int) or d < 1 for d in values):
        raise InputError(f"d values must be positive integers, got {d_values!r}")
    if len(set(values)) != len(values):
        raise InputError(f"d values must be distinct, got {d_values!r}")
    return sorted(values)


def _executor_name(executor) -> str:
    if executor is None:
        return "local processes"
    return executor if isinstance(executor, str) else type(executor).__name__


def _execute(tasks: list[Task], executor, progress) -> list[RunRecord]:
    total = len(tasks)
    if executor == "serial" or (executor is None and (total <= 1 or (os.cpu_count() or 1) == 1)):
        records = []
        for task in tasks:
            records.append(run_task(task))
            _notify(progress, len(records), total, records[-1])
        return records
    if executor is None:
        import multiprocessing

        with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=multiprocessing.get_context("fork")) as pool:
            return _collect(pool, tasks, progress)
    if not hasattr(executor, "submit"):
        raise InputError(f"executor must be None, 'serial' or have a submit() method, got {type(executor).__name__}")
    return _collect(executor, tasks, progress)


def _collect(executor, tasks, progress) -> list[RunRecord]:
    dask_like = hasattr(executor, "scatter") and hasattr(executor, "gather")
    pending = [executor.submit(run_task, t, pure=False) if dask_like else executor.submit(run_task, t)
               for t in tasks]
    records: list[RunRecord] = []
    while pending:
        still = []
        for fut in pending:
            if fut.done():
                records.append(fut.result())
                _notify(progress, len(records), len(tasks), records[-1])
            else:
                still.append(fut)
        pending = still
        if pending:
            time.sleep(0.02)
    return records


def _notify(progress, done, total, record):
    if progress is not None:
        progress(done, total, record)
