"""The alternating-chain study of issue 18, beyond the main job's budget (not a test; no timing assertions).

    python benchmarks/altchain_scaling.py --two-layer [--widths 16,64] [--d 16,32,...,256] [--seeds 3]
                                          [--eta 10] [--jobs 2] [--json FILE]
    python benchmarks/altchain_scaling.py --linear [--d 16,64,256] [--gammas 1/10,1,10,2d]
    python benchmarks/altchain_scaling.py --alternation [--d 64,256] [--width 16] [--steps 6]

Every count is certified: gp.run_gd in its default Arb-ball arithmetic, counted only when
``traj.separation_certain`` (the functions are the shipped claims' own, ``proofs.alternating_chain``).

``--two-layer`` prints, per width, the certified first-separation counts of leaky-ReLU (1/10) nets
(η = 10, exact N(0, 1/100) init per seed) at each d, the ratio T·η/(√d·log₂d), and the fitted exponent of
d in T·η/log₂d and in T with 95% bootstrap intervals (``gp.scaling.fit_exponent``).  Runs are spread
over ``--jobs`` processes.  ``--linear`` prints certified linear counts and the smallest margin at the
separation moment; ``--alternation`` prints the misclassified sets of the first steps (sizes by label).
"""

import argparse
import json
import math
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import gdperceptron as gp  # noqa: E402
from proofs import alternating_chain as ac  # noqa: E402


def _count(args):
    d, width, seed, eta, max_steps = args
    return ac.two_layer_count(d, width, seed, eta=eta, max_steps=max_steps)


def two_layer(ds, widths, seeds, eta, jobs, max_steps, out):
    tasks = [(d, w, s, eta, max_steps) for w in widths for d in ds for s in range(seeds)]
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        rows = list(pool.map(_count, tasks))
    print(f"{len(rows)} certified runs in {time.perf_counter() - start:.1f} s ({jobs} processes)")
    for w in widths:
        series = [r for r in rows if r["width"] == w]
        ok = [r for r in series if r["status"] == "separated"]
        print(f"\nleaky_relu(1/10), width {w}, η = {eta}, s = 1/10")
        print(f"{'d':>6} {'counts':>24} {'median T':>9} {'T·η/(√d log₂d)':>16} {'seconds':>8}")
        for d in ds:
            at = [r for r in series if r["d"] == d]
            counts = [r["T"] if r["status"] == "separated" else r["status"] for r in at]
            good = sorted(r["T"] for r in at if r["status"] == "separated")
            med = good[len(good) // 2] if good else None
            ratio = med * float(eta) / (math.sqrt(d) * math.log2(d)) if med else float("nan")
            print(f"{d:>6} {str(counts):>24} {str(med):>9} {ratio:>16.2f} {sum(r['seconds'] for r in at):>8.1f}")
        if len({r["d"] for r in ok}) >= 2:
            for name, values in (("T·η/log₂d", [r["T"] * float(eta) / math.log2(r["d"]) for r in ok]),
                                 ("T", [r["T"] for r in ok])):
                fit = gp.scaling.fit_exponent([r["d"] for r in ok], values)
                print(f"  exponent of d in {name}: {fit.describe()}")
            print(f"  quantization slack: {ac.quantization_slack([r['T'] for r in ok], [r['d'] for r in ok]):.3f}; "
                  f"undecided {sum(r['status'] == 'undecided' for r in series)}, "
                  f"censored {sum(r['status'] == 'censored' for r in series)}")
    if out:
        Path(out).write_text(json.dumps(rows, indent=1, default=str))
        print(f"\nruns written to {out}")


def linear(ds, gammas):
    print(f"{'d':>6} {'γ':>6} {'T':>6} {'certain':>8} {'min margin at T':>16} {'engine':>18} {'seconds':>8}")
    for d in ds:
        for g in gammas:
            gamma = str(2 * d) if g == "2d" else g
            start = time.perf_counter()
            row = ac._run_linear(d, gamma, d)
            print(f"{d:>6} {gamma:>6} {str(row['separated_at']):>6} {str(row['certain']):>8} "
                  f"{str(row.get('min_margin_at_T')):>16} {row['engine']:>18} {time.perf_counter() - start:>8.1f}")
            if not row["certain"]:
                print(f"       undecided: {row['undecided']}")


def alternation(ds, width, steps, eta_rule, seeds):
    for d in ds:
        eta = ac.alternation_eta(d, eta_rule)
        for seed in range(seeds):
            start = time.perf_counter()
            obs = ac.misclassified_sets(d, width, seed, eta, steps)
            print(f"d = {d}, width {width}, η = {eta}, seed {seed} ({time.perf_counter() - start:.1f} s): "
                  + " | ".join(f"t={t}: {s}" for t, s in enumerate(obs["summary"])))


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--two-layer", action="store_true")
    p.add_argument("--linear", action="store_true")
    p.add_argument("--alternation", action="store_true")
    p.add_argument("--d", default=None)
    p.add_argument("--widths", default="16,64")
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--eta", default="10")
    p.add_argument("--eta-rule", default="d/10")
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--gammas", default="1/10,1,10,2d")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--max-steps", type=int, default=400)
    p.add_argument("--json", default=None)
    args = p.parse_args(argv)
    if not (args.two_layer or args.linear or args.alternation):
        p.error("choose --two-layer, --linear and/or --alternation")
    if args.linear:
        linear([int(x) for x in (args.d or "16,64,256").split(",")], args.gammas.split(","))
    if args.two_layer:
        two_layer([int(x) for x in (args.d or "16,32,64,128,256").split(",")],
                  [int(x) for x in args.widths.split(",")], args.seeds, args.eta, args.jobs, args.max_steps, args.json)
    if args.alternation:
        alternation([int(x) for x in (args.d or "64,256").split(",")], args.width, args.steps, args.eta_rule, args.seeds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
