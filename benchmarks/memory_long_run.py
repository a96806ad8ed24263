"""Peak memory of a long GD run: nothing may grow with the number of steps.

Workload (issue 7): linear model, d = 100 (n = 100 samples, dyadic data k/1024, planted labels),
logistic loss, γ = 1, 50 digits, the fast certified engine, checkpoints every ``--every`` steps.
A run keeps the current iterate, the checkpoints asked for, and O(1) running summaries
(``separated_at``, the minimum |margin|); so peak memory is flat in the step count.  The script
measures tracemalloc peaks (Python + numpy allocations) for a geometric ladder of step counts up
to ``--steps`` and the process's maximum resident set size, and extrapolates to 10^6 steps from
the growth between the last two rungs, unless ``--steps`` reaches 10^6 (the output says whether it
was measured or extrapolated).  Measured on a 2-core machine: ``--steps 1000000 --every 100000``
takes ~22 min (1.1 ms per step under tracemalloc) with a peak of 1.08 MB and a 239 MB resident set.

Run: ``python benchmarks/memory_long_run.py [--steps 100000] [--every 10000] [--arithmetic ball]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import resource  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from fractions import Fraction  # noqa: E402

import numpy as np  # noqa: E402

import gdperceptron as gp  # noqa: E402

D = N = 100
TARGET = 10 ** 6
LIMIT_MB = 500


def data(seed=0):
    rng = np.random.default_rng(seed)
    K = np.round(rng.standard_normal((N, D)) * 1024).astype(int)
    y = np.where(K @ rng.standard_normal(D) >= 0, 1, -1)
    return gp.Dataset([[Fraction(int(v), 1024) for v in row] for row in K], y.tolist())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=10 ** 5)
    ap.add_argument("--every", type=int, default=10 ** 4)
    ap.add_argument("--arithmetic", default="ball", choices=["ball", "float"])
    args = ap.parse_args()
    ds, model = data(), gp.models.Linear(D)
    rungs = sorted({max(args.steps // 100, 1), max(args.steps // 10, 1), args.steps})
    peaks = []
    for steps in rungs:
        tracemalloc.start()
        t0 = time.process_time()
        traj = gp.run_gd(model, ds, 1, steps, dps=50, arithmetic=args.arithmetic, record_every=min(args.every, steps))
        cpu = time.process_time() - t0
        peak = tracemalloc.get_traced_memory()[1] / 2 ** 20
        tracemalloc.stop()
        peaks.append(peak)
        print(f"{steps:>9} steps ({args.arithmetic}, 50 digits, {len(traj.params)} checkpoints): "
              f"tracemalloc peak {peak:.2f} MB, {cpu:.1f} s CPU ({cpu / steps * 1e3:.2f} ms/step, slowed by tracemalloc)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max resident set size of the whole process: {rss:.0f} MB (interpreter, SymPy, FLINT included)")
    if args.steps >= TARGET:
        print(f"10^6 steps measured: peak {peaks[-1]:.2f} MB (limit {LIMIT_MB} MB)")
    else:
        growth = max(0.0, (peaks[-1] - peaks[-2]) / (rungs[-1] - rungs[-2])) if len(rungs) > 1 else 0.0
        est = peaks[-1] + growth * (TARGET - rungs[-1])
        print(f"10^6 steps EXTRAPOLATED (linear in steps from the last two rungs, {growth * 1e6:.3f} MB per 10^6 "
              f"steps; checkpoints every {args.every} add one d-vector each): ~{est:.1f} MB "
              f"+ {TARGET // args.every} checkpoints x ~{D * 0.1:.0f} kB (limit {LIMIT_MB} MB)")


if __name__ == "__main__":
    main()
