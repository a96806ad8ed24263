"""The ``gdperceptron scaling`` sub-command (wired into gdperceptron/cli.py by ``add_parser``/``run``).

    gdperceptron scaling --family chain --model linear \\
        --model "two-layer:width=8,act=leaky_relu(1/10)" --d 16,32,64,128 --gamma d --seeds 3 --out DIR

Writes DIR/runs.csv, DIR/study.json and DIR/scaling.png / .pdf, shows a progress bar on stderr and
prints each model's fitted exponent with its bootstrap interval.  ``--plugin MODULE`` imports a
module first (one that registers families).  Bad input raises :class:`gdperceptron.InputError`.
"""

from __future__ import annotations

import importlib
import sys

from ..errors import InputError
from ..report_files import output_dir
from .precision import DEFAULT_MP_BUDGET
from .specs import MAX_WIDTH, GammaRule, parse_model, shown
from .study import DEFAULT_MAX_STEPS

MAX_D = 4096
"""Largest dimension: every family builds its data set exactly, at a cost that grows like d²."""
MAX_SEEDS, MAX_BOOT, MAX_WORKERS = 1000, 100_000, 256
MAX_DIGITS, MAX_RUNGS, MAX_MP_BUDGET = 1000, 8, 10**9
MAX_WORK = 10**11
"""Largest (runs × max-steps × width × d) of a study: a bound on the float rungs' work (hours at most)."""


def add_parser(subparsers):
    p = subparsers.add_parser("scaling", help="iteration counts to separation vs d, fitted exponents, plot",
                              description="Iteration counts of GD to separation over families × models × d × "
                                          "seeds, fitted exponents of d with bootstrap intervals, a CSV/JSON "
                                          f"table and a log-log plot.  A study may cost at most {MAX_WORK:.0e} "
                                          "(runs × max-steps × width × d); larger ones are refused up front.")
    p.add_argument("--family", action="append", default=None, help="registered family (repeatable; default chain)")
    p.add_argument("--model", action="append", default=None,
                   help="linear | two-layer:width=8,act=leaky_relu(1/10),init=1/100,train=both,gamma=d (repeatable; "
                        f"width at most {MAX_WIDTH})")
    p.add_argument("--d", default="16,32,64,128", help=f"comma-separated dimensions, each from 1 to {MAX_D}")
    p.add_argument("--gamma", default="d",
                   help="step size rule in d such as d, d/10, sqrt(d) (default d); γ must lie in [1e-100, 1e100]")
    p.add_argument("--seeds", type=int, default=3,
                   help=f"random initializations per two-layer model and d (default 3, at most {MAX_SEEDS})")
    p.add_argument("--max-steps", type=int, default=DEFAULT_MAX_STEPS,
                   help="steps after which a run that has not separated is reported censored (default %(default)s)")
    p.add_argument("--digits", default="30,60,120",
                   help="decimal digits of the certified ball runs, from the first value up to the last (default 30,60,120; "
                        f"at most {MAX_RUNGS} rungs of at most {MAX_DIGITS} digits)")
    p.add_argument("--budget", type=int, default=DEFAULT_MP_BUDGET,
                   help="largest steps × width × non-zeros one MPFR rung may cost (default %(default)s, "
                        f"at most {MAX_MP_BUDGET:.0e})")
    p.add_argument("--out", default="scaling-out", metavar="DIR",
                   help="directory for runs.csv, study.json and scaling.png/.pdf (created if needed; default "
                        "%(default)s)")
    p.add_argument("--workers", default=None,
                   help=f"'serial' or a number of local processes up to {MAX_WORKERS} (default: all cores)")
    p.add_argument("--boot", type=int, default=2000, help=f"bootstrap resamples (default 2000, 10 to {MAX_BOOT})")
    p.add_argument("--plugin", action="append", default=[], metavar="MODULE",
                   help="module to import first (registers families; repeatable)")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    p.set_defaults(handler=run)
    return p


def _int_list(text: str, option: str, low: int, high: int) -> list[int]:
    """Comma-separated integers from ``low`` to ``high`` (InputError naming ``option`` otherwise)."""
    items = [x.strip() for x in str(text).split(",") if x.strip()]
    if not items or not all(x.isdecimal() and len(x) <= 12 and low <= int(x) <= high for x in items):
        raise InputError(f"{option} must be comma-separated integers from {low} to {high}, got {shown(text)}")
    return [int(x) for x in items]


def _parse_d(text: str) -> list[int]:
    values = _int_list(text, "--d", 1, MAX_D)
    if len(set(values)) != len(values):
        raise InputError(f"--d values must be distinct, got {shown(text)}")
    return values


def _parse_digits(text: str) -> list[int]:
    values = _int_list(text, "--digits", 15, MAX_DIGITS)
    if values != sorted(set(values)) or len(values) > MAX_RUNGS:
        raise InputError(f"--digits must be at most {MAX_RUNGS} increasing integers, got {shown(text)}")
    return values


def _check_counts(args) -> None:
    """Each count option in its range (one-line InputError naming the option otherwise)."""
    for option, value, low, high in (("--seeds", args.seeds, 1, MAX_SEEDS), ("--max-steps", args.max_steps, 1, None),
                                     ("--boot", args.boot, 10, MAX_BOOT), ("--budget", args.budget, 1, MAX_MP_BUDGET)):
        if value < low or (high is not None and value > high):
            wanted = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise InputError(f"{option} must be {wanted}, got {value}")


def _check_work(specs, d_values, seeds: int, max_steps: int, families: int) -> None:
    """Refuse a study whose float rungs could cost more than :data:`MAX_WORK` (see the help)."""
    runs_width = sum(spec.width * (1 if spec.kind == "linear" else seeds) for spec in specs)
    work = families * runs_width * max_steps * sum(d_values)
    if work > MAX_WORK:
        raise InputError(f"this study could cost {work:.1e} (runs × max-steps × width × d), more than "
                         f"{MAX_WORK:.0e}: lower --max-steps, --seeds, the widths or the largest --d")


def _executor(workers):
    if workers in (None, ""):
        return None, None
    if workers == "serial":
        return "serial", None
    if not (workers.isdecimal() and len(workers) <= 6 and 1 <= int(workers) <= MAX_WORKERS):
        raise InputError(f"--workers must be 'serial' or an integer from 1 to {MAX_WORKERS}, got {shown(workers)}")
    n = int(workers)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"))
    return pool, pool


class _Progress:
    def __init__(self, stream, enabled: bool):
        self.stream, self.enabled = stream, enabled

    def __call__(self, done, total, record):
        if not self.enabled:
            return
        width = 30
        filled = int(width * done / total)
        what = f"{record.model[:38]} d={record.d} seed={record.seed}: {record.status}"
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what:<70}")
        if done == total:
            self.stream.write("\n")
        self.stream.flush()


def _import_plugins(modules) -> None:
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as exc:  # noqa: BLE001 - any failure of a plugin's import is the user's to fix
            raise InputError(f"--plugin {shown(module)} could not be imported: {type(exc).__name__}: {exc}") from None


def run(args) -> int:
    """The scaling command: every option is checked, and the study's size bounded, before any run."""
    from . import get_family, plot_study, run_study, write_csv, write_json

    _import_plugins(args.plugin)
    _check_counts(args)
    families = [get_family(f) for f in args.family or ["chain"]]
    specs = [parse_model(m) for m in args.model or ["linear"]]
    d_values = _parse_d(args.d)
    digits = _parse_digits(args.digits)
    rule = GammaRule(args.gamma)
    for spec in specs:  # every γ checked before any data set is built
        for d in d_values:
            (spec.gamma or rule).at(d)
    _check_work(specs, d_values, args.seeds, args.max_steps, len(families))
    executor, pool = _executor(args.workers)
    try:
        out = output_dir(args.out)
        result = run_study(families, specs, d_values, args.seeds, gamma=rule, max_steps=args.max_steps,
                           executor=executor, progress=_Progress(sys.stderr, not args.no_progress),
                           mp_digits=digits, mp_budget=args.budget)
    finally:
        if pool is not None:
            pool.shutdown()
    fits = result.fits(n_boot=args.boot)
    write_csv(result, out / "runs.csv")
    write_json(result, out / "study.json", fits)
    figures = plot_study(result, fits, out / "scaling")
    print(f"{'family':<8} {'model':<62} exponent p  (95% bootstrap CI)")
    for (family, model), fit in fits.items():
        print(f"{family:<8} {model:<62} {fit.describe()}")
    undecided = sum(r.status == "undecided" for r in result.records)
    if undecided:
        print(f"{undecided} run(s) undecided: their count depends on rounding at every affordable precision "
              f"(see runs.csv, column note)")
    print(f"wrote {out / 'runs.csv'}, {out / 'study.json'}, {', '.join(str(f) for f in figures)}")
    return 0
