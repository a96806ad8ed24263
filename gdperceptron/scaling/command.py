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
from pathlib import Path

from ..errors import InputError


def add_parser(subparsers):
    p = subparsers.add_parser("scaling", help="iteration counts to separation vs d, fitted exponents, plot")
    p.add_argument("--family", action="append", default=None, help="registered family (repeatable; default chain)")
    p.add_argument("--model", action="append", default=None,
                   help="linear | two-layer:width=8,act=leaky_relu(1/10),init=1/100,train=both,gamma=d (repeatable)")
    p.add_argument("--d", default="16,32,64,128", help="comma-separated dimensions")
    p.add_argument("--gamma", default="d", help="step size rule in d (default d)")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--max-steps", type=int, default=100_000)
    p.add_argument("--digits", default="30,60,120",
                   help="decimal digits of the MPFR rungs after float64 and extended precision (default 30,60,120)")
    p.add_argument("--budget", type=int, default=None,
                   help="largest steps × width × non-zeros one MPFR rung may cost (default %(default)s: the "
                        "library default)")
    p.add_argument("--out", default="scaling-out", help="output directory")
    p.add_argument("--workers", default=None, help="'serial' or a number of local processes (default: all cores)")
    p.add_argument("--boot", type=int, default=2000, help="bootstrap resamples")
    p.add_argument("--plugin", action="append", default=[], help="module to import first (registers families)")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(handler=run)
    return p


def _parse_d(text: str) -> list[int]:
    try:
        values = [int(x) for x in str(text).split(",") if x.strip()]
    except ValueError:
        raise InputError(f"--d must be comma-separated positive integers, got {text!r}") from None
    if not values or min(values) < 1:
        raise InputError(f"--d must be comma-separated positive integers, got {text!r}")
    return values


def _parse_digits(text: str) -> list[int]:
    try:
        values = [int(x) for x in str(text).split(",") if x.strip()]
    except ValueError:
        values = []
    if not values or min(values) < 15 or values != sorted(set(values)):
        raise InputError(f"--digits must be increasing comma-separated integers ≥ 15, got {text!r}")
    return values


def _executor(workers):
    if workers in (None, ""):
        return None, None
    if workers == "serial":
        return "serial", None
    try:
        n = int(workers)
    except ValueError:
        raise InputError(f"--workers must be 'serial' or a positive integer, got {workers!r}") from None
    if n < 1:
        raise InputError(f"--workers must be 'serial' or a positive integer, got {workers!r}")
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


def run(args) -> int:
    from . import plot_study, run_study, write_csv, write_json

    for module in args.plugin:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            raise InputError(f"--plugin {module!r} could not be imported: {exc}") from None
    if args.seeds < 1 or args.max_steps < 1 or args.boot < 10 or (args.budget is not None and args.budget < 1):
        raise InputError("--seeds, --max-steps and --budget must be ≥ 1 and --boot ≥ 10")
    digits = _parse_digits(args.digits)
    budget = {} if args.budget is None else {"mp_budget": args.budget}
    executor, pool = _executor(args.workers)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {args.out!r}: {exc.strerror}") from None
    try:
        result = run_study(args.family or ["chain"], args.model or ["linear"], _parse_d(args.d), args.seeds,
                           gamma=args.gamma, max_steps=args.max_steps, executor=executor,
                           progress=_Progress(sys.stderr, not args.no_progress), mp_digits=digits, **budget)
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
