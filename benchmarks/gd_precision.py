"""Certified GD cost: the Arb engine of ``gp.run_gd`` vs numpy float64 in the same run.

Workload (issue 13): n = d = 200, logistic loss, mean reduction, γ = 1, 100 steps, from
* the linear model g = bᵀv (v_0 = 0), and
* a two-layer net, width 8, leaky ReLU(1/10), both layers trained (1608 parameters), from a
  small random dyadic initialization (entries k/2^14, |k| < 100).
Data: b_ij = k/1024 with k ≈ 1024·N(0, 1) rounded (exact dyadic rationals), labels from a planted
random direction.  ``gp.run_gd`` (default ball arithmetic: Arb balls enclosing the exact trajectory)
records only the last step (``record_every=steps``); numpy records nothing.  (The numba engine that
this script also timed until 2026-12 was 6–9× faster than the Arb engine but certified each step
only, not the trajectory; it was removed, see CHANGELOG.)

Timing: median over repetitions of process CPU time (``time.process_time``, robust on a machine
shared with other jobs); ratios use CPU time.  OpenBLAS is pinned to one thread (set before numpy is
imported).  The final ball radius (largest over the parameters) is printed: it is the width of the
global enclosure after 100 steps.

Run: ``python benchmarks/gd_precision.py [--reps 3] [--dps 50 100]``.
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from fractions import Fraction  # noqa: E402

import mpmath  # noqa: E402
import numpy as np  # noqa: E402

import gdperceptron as gp  # noqa: E402

N = D = 200
STEPS = 100
WIDTH = 8
GAMMA = 1
ALPHA = 0.1


def workload(seed=0):
    rng = np.random.default_rng(seed)
    K = np.round(rng.standard_normal((N, D)) * 1024).astype(int)
    y = np.where(K @ rng.standard_normal(D) >= 0, 1, -1)
    data = gp.Dataset([[Fraction(int(v), 1024) for v in row] for row in K], y.tolist())
    two = gp.models.TwoLayer(D, WIDTH, "leaky_relu(1/10)", train="both")
    init = [Fraction(int(v), 2 ** 14) for v in rng.integers(-100, 100, size=two.n_params)]
    return K / 1024.0, y.astype(float), data, two, init


def _sigmoid_neg(m):
    e = np.exp(-np.abs(m))
    return np.where(m >= 0, e / (1 + e), 1 / (1 + e))


def numpy_linear(X, y, steps):
    v = np.zeros(X.shape[1])
    for _ in range(steps):
        s = _sigmoid_neg(y * (X @ v))
        v = v + (GAMMA / len(y)) * (X.T @ (s * y))
    return v


def numpy_two_layer(X, y, init, steps):
    theta = np.array([float(v) for v in init])
    W, a = theta[:WIDTH * D].reshape(WIDTH, D), theta[WIDTH * D:]
    for _ in range(steps):
        Z = X @ W.T
        slope = np.where(Z > 0, 1.0, ALPHA)
        H = Z * slope
        v = _sigmoid_neg(y * (H @ a)) * y
        ga = H.T @ v
        gW = ((slope * a) * v[:, None]).T @ X
        W, a = W + (GAMMA / len(y)) * gW, a + (GAMMA / len(y)) * ga
    return W, a


def timed(fn, reps):
    cpu = []
    for _ in range(reps):
        c0 = time.process_time()
        fn()
        cpu.append(time.process_time() - c0)
    return statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--dps", type=int, nargs="+", default=[50, 100])
    args = ap.parse_args()
    X, y, data, two, init = workload()
    lin = gp.models.Linear(D)
    cases = {
        "linear": (lin, None, lambda: numpy_linear(X, y, STEPS)),
        f"two-layer (width {WIDTH}, leaky ReLU, both layers)": (two, init, lambda: numpy_two_layer(X, y, init, STEPS)),
    }
    print(f"n = d = {N}, {STEPS} steps, logistic loss, gamma = {GAMMA}; CPU-time medians of {args.reps} runs "
          f"(numpy: {3 * args.reps})")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for name, (model, theta0, np_loop) in cases.items():
        np_cpu = timed(np_loop, 3 * args.reps)
        print(f"\n{name}: numpy float64 {np_cpu * 1e3:.1f} ms CPU")
        for dps in args.dps:
            def arb_run(dps=dps):
                return gp.run_gd(model, data, GAMMA, STEPS, init=theta0, dps=dps, record_every=STEPS)

            a_cpu = timed(arb_run, args.reps)
            traj = arb_run()
            print(f"  {dps} digits: Arb (run_gd, certified) {a_cpu:.2f} s = {a_cpu / np_cpu:.0f}x numpy "
                  f"[{traj.engine}, final radius {traj.radius[-1]:.1e}, separated_at {traj.separated_at}]")


if __name__ == "__main__":
    main()
