"""The ``gdperceptron`` command line (guide: docs/guide.md).

Exit status: 0 when nothing is REFUTED and nothing errored, 1 when something is REFUTED or a check
errored, 2 on bad input (one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
import time

from . import claims as registry
from .claims.core import GRACE_SECONDS, REFUTED
from .errors import InputError
from .latex import standalone_document
from .numbers import MAX_DPS, check_dps
from .report import claim_account, verdict_table
from .report_files import output_dir, output_file, write_report, write_text

EXIT_OK, EXIT_REFUTED, EXIT_BAD_INPUT = 0, 1, 2
DEFAULT_BUDGET_SECONDS = 90.0

ID_HELP = "a claim id, such as reduction.noise-bound (see 'gdperceptron list')"


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors raised as InputError (exit 2)."""

    def error(self, message):
        raise InputError(message)


def _bounded_int(low: int, high: int | None = None):
    """An argparse type: an integer in [low, high] (no upper bound when high is None)."""

    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}") from None
        if value < low or (high is not None and value > high):
            wanted = f"from {low} to {high}" if high is not None else \
                ("a non-negative integer" if low == 0 else f"an integer ≥ {low}")
            raise argparse.ArgumentTypeError(f"expected {wanted}, got {text!r}")
        return value

    return parse


def _positive_float(text):
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = _Parser(prog="gdperceptron", description="Check lemmas about the dynamics of gradient descent.",
                     epilog="Exit status: 0 when nothing is REFUTED and nothing errored, 1 otherwise, "
                            "2 on bad input.")
    parser.add_argument("--version", action="version", version=f"gdperceptron {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("list", help="every claim: id, title, provenance")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of the table")

    p = sub.add_parser("check", help="check claims (all when none is given) and print a verdict table")
    p.add_argument("ids", nargs="*", metavar="ID", help=ID_HELP + "; all claims when none is given")
    p.add_argument("--json", action="store_true", help="print a JSON list instead of the table")
    _add_run_options(p)

    p = sub.add_parser("show", help="statement, derivation and evidence of one claim")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--run", action="store_true", help="also run the checks and show their evidence")
    _add_run_options(p, jobs=False)

    p = sub.add_parser("latex", help="LaTeX (align environments) for one claim, or a document of all")
    p.add_argument("id", metavar="ID", nargs="?", help=ID_HELP + " (or give --all)")
    p.add_argument("--all", action="store_true", help="a standalone document of every claim with its verdict")
    p.add_argument("--out", metavar="FILE", help="write to FILE (replaced if it exists) instead of standard output")
    p.add_argument("--no-check", action="store_true", help="with --all: leave verdicts out (do not run checks)")
    _add_run_options(p)

    p = sub.add_parser("report", help="check claims and write an HTML and Markdown report with plots")
    p.add_argument("ids", nargs="*", metavar="ID", help=ID_HELP + "; all claims when none is given")
    p.add_argument("--out", metavar="DIR", required=True,
                   help="directory for report.html, report.md, results.json and the plots (created if needed; "
                        "files of those names in it are replaced)")
    _add_run_options(p)

    for module in COMMAND_MODULES:
        importlib.import_module(module).add_parser(sub)
    return parser


def _add_run_options(p, jobs: bool = True):
    p.add_argument("--quick", action="store_true", help="a fast smoke run (smaller samples and horizons)")
    p.add_argument("--seed", type=_bounded_int(0), default=0,
                   help="seed of every random choice the checks make (default 0): the same seed gives the same run")
    p.add_argument("--dps", type=_bounded_int(0, MAX_DPS), default=50,
                   help=f"working precision in decimal digits (default 50, at most {MAX_DPS})")
    if jobs:
        p.add_argument("--jobs", type=_bounded_int(0), default=0,
                       help="claims checked at the same time, each in its own worker process (0: one per core)")
    p.add_argument("--budget", type=_positive_float, default=DEFAULT_BUDGET_SECONDS,
                   help=f"seconds per claim (default %(default)g); a claim still running after its budget and a "
                        f"grace of min({GRACE_SECONDS:g} s, budget) is stopped and reported UNDECIDED")


def _progress(total):
    done = {"n": 0}
    stream = sys.stderr

    def on_event(what, claim, result):
        if what == "start":
            stream.write(f"  … {claim.id}\n")
        else:
            done["n"] += 1
            stream.write(f"[{done['n']}/{total}] {claim.id}: {result.verdict.value} ({result.seconds:.1f} s)\n")
        stream.flush()

    return on_event


def _cmd_list(args) -> int:
    items = [{"id": c.id, "title": c.title, "provenance": str(c.provenance)} for c in registry.all()]
    if args.json:
        print(json.dumps(items, indent=2, ensure_ascii=False))
    else:
        width = max(len(i["id"]) for i in items)
        for i in items:
            print(f"{i['id']:<{width}}  [{i['provenance'].split(']')[0].lstrip('[')}]  {i['title']}")
    return EXIT_OK


def _run(args, ids):
    """Check the chosen claims (all when ``ids`` is empty), each in a worker process under the budget;
    returns (claims, results, run description)."""
    dps = check_dps(args.dps)
    chosen = [registry.get(i) for i in dict.fromkeys(ids)] if ids else registry.all()
    start = time.monotonic()
    results = registry.run_claims(chosen, seed=args.seed, dps=dps, quick=args.quick, budget_seconds=args.budget,
                                  jobs=getattr(args, "jobs", 1) or os.cpu_count(), on_event=_progress(len(chosen)))
    info = (f"working precision {dps} digits, seed {args.seed}, {'quick' if args.quick else 'full'} run, "
            f"wall time {time.monotonic() - start:.1f} s")
    return chosen, results, info


def _exit_status(results) -> int:
    return EXIT_REFUTED if any(r.verdict is REFUTED or r.errored for r in results) else EXIT_OK


def _cmd_check(args) -> int:
    _, results, info = _run(args, args.ids)
    if args.json:
        print(json.dumps([r.to_json() for r in results], indent=2, ensure_ascii=False))
    else:
        print(verdict_table(results))
        print(info)
    return _exit_status(results)


def _cmd_report(args) -> int:
    output_dir(args.out)  # a bad --out is reported before any claim is checked
    claims, results, info = _run(args, args.ids)
    page = write_report(results, claims, args.out, info)
    print(verdict_table(results))
    print(f"report written to {page}")
    return _exit_status(results)


def _cmd_show(args) -> int:
    claim = registry.get(args.id)
    print(claim_account(claim, _run(args, [args.id])[1][0] if args.run else None))
    return EXIT_OK


def _cmd_latex(args) -> int:
    if args.all == (args.id is not None):
        raise InputError("latex: give one claim ID or --all")
    out = None if args.out is None else output_file(args.out)
    if args.all:
        results = None if args.no_check else _run(args, [])[1]
        text = standalone_document(registry.all(), results)
    else:
        text = registry.get(args.id).latex()
    if out is not None:
        write_text(out, text)
    else:
        print(text, end="")
    return EXIT_OK


COMMANDS = {"list": _cmd_list, "check": _cmd_check, "show": _cmd_show, "latex": _cmd_latex, "report": _cmd_report}
COMMAND_MODULES: tuple[str, ...] = ("gdperceptron.scaling.command",)
"""Modules that add a subcommand: ``add_parser(subparsers)`` sets ``handler`` (``handler(args) -> exit status``)."""


def main(argv=None) -> int:
    """Run the command line; returns the exit status (bad input: one line on stderr, status 2)."""
    try:
        args = build_parser().parse_args(argv)
        return args.handler(args) if hasattr(args, "handler") else COMMANDS[args.command](args)
    except InputError as exc:
        return _fail(str(exc), EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        print("gdperceptron: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``gdperceptron list | head``): stop quietly
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return 141
    except OSError as exc:  # standard output or a file could not be written (disk full, /dev/full)
        return _fail(f"{exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}", EXIT_BAD_INPUT)


def _fail(message: str, status: int) -> int:
    """Print ``gdperceptron: error: <message>`` as one line on stderr and return ``status``."""
    line = " ".join(str(message).split())
    print(f"gdperceptron: error: {line[:1000]}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
