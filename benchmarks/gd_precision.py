"""High-precision GD cost: the certified fast engine vs numpy float64 vs the naive mpmath loop.

Workload (issue 7): n = d = 200, logistic loss, mean reduction, γ = 1, 100 steps, from
* the linear model g = bᵀv (v_0 = 0), and
* a two-layer net, width 8, leaky ReLU(1/10), both layers trained (1608 parameters), from a
  small random dyadic initialization (entries k/2^14, |k| < 100).
Data: b_ij = k/1024 with k ≈ 1024·N(0, 1) rounded (exact dyadic rationals), labels from a planted
random direction.  Every engine runs the same iteration; fast and mpmath record only the last step
(``record_every=steps``), numpy records nothing.

Timing: median over repetitions of process CPU time (``time.process_time``, robust on a machine
shared with other jobs) and of wall time; ratios use CPU time.  OpenBLAS is pinned to one thread
for every engine (set before numpy is imported): on a loaded 2-core machine its worker threads
only add contention.  The naive mpmath loop is too slow for 100 steps: it runs k = ``--mpmath-steps``
(default 2) and 2k steps once each, and the 100-step time is extrapolated as T(k) + (T(2k) − T(k))/k ·
(100 − k) (fixed costs once, every step costs the same); the output says so.  Peak memory: tracemalloc (Python + numpy allocations) in a separate, untimed
run of each engine.  The fast result is also compared, on the short run, with the mpmath loop at
dps + 20 digits: the printed "agree" is max |Δθ| / ‖θ‖_∞ (it must be ≤ 10^-dps).

Run: ``python benchmarks/gd_precision.py [--reps 3] [--mpmath-steps 2] [--dps 50 100]`` (about 4 min).
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
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
    cpu, wall = [], []
    for _ in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
    return statistics.median(cpu), statistics.median(wall)


def peak_mb(fn):
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2 ** 20


def agreement(fast, ref, dps):
    with mpmath.workdps(dps + 20):
        a, b = fast.params[-1], ref.params[-1]
        scale = max(abs(v) for v in b)
        return float(max(abs(x - z) for x, z in zip(a, b)) / scale)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--mpmath-steps", type=int, default=2)
    ap.add_argument("--dps", type=int, nargs="+", default=[50, 100])
    args = ap.parse_args()
    X, y, data, two, init = workload()
    lin = gp.models.Linear(D)
    cases = {
        "linear": (lin, None, lambda steps: numpy_linear(X, y, steps)),
        f"two-layer (width {WIDTH}, leaky ReLU, both layers)": (two, init,
                                                                lambda steps: numpy_two_layer(X, y, init, steps)),
    }
    print(f"n = d = {N}, {STEPS} steps, logistic loss, gamma = {GAMMA}; CPU-time medians of {args.reps} runs "
          f"(numpy: {3 * args.reps}); naive mpmath: extrapolated from {args.mpmath_steps} and "
          f"{2 * args.mpmath_steps} steps")
    print(f"load average at start: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for name, (model, theta0, np_loop) in cases.items():
        np_cpu, np_wall = timed(lambda: np_loop(STEPS), 3 * args.reps)
        np_mem = peak_mb(lambda: np_loop(STEPS))
        print(f"\n{name}: numpy float64 {np_cpu * 1e3:.1f} ms CPU ({np_wall * 1e3:.1f} ms wall), "
              f"peak {np_mem:.1f} MB")
        for dps in args.dps:
            def fast(steps, dps=dps):
                return gp.run_gd(model, data, GAMMA, steps, init=theta0, dps=dps, backend="fast",
                                 record_every=steps)

            def naive(steps, dps=dps):
                return gp.run_gd(model, data, GAMMA, steps, init=theta0, dps=dps, backend="mpmath",
                                 record_every=steps)

            f_cpu, f_wall = timed(lambda: fast(STEPS), args.reps)
            f_mem = peak_mb(lambda: fast(STEPS))
            k = args.mpmath_steps
            (c1, w1), (c2, w2) = timed(lambda: naive(k), 1), timed(lambda: naive(2 * k), 1)
            # fixed part (setup, t = 0 margins, final record) + per-step part from the difference
            m_cpu = c1 + (c2 - c1) / k * (STEPS - k)
            m_wall = w1 + (w2 - w1) / k * (STEPS - k)
            m_mem = peak_mb(lambda: naive(1))
            ref = gp.run_gd(model, data, GAMMA, k, init=theta0, dps=dps + 20, backend="mpmath", record_every=k)
            agree = agreement(fast(k), ref, dps)
            print(f"  {dps} digits: fast {f_cpu:.2f} s CPU ({f_wall:.2f} s wall) = {f_cpu / np_cpu:.0f}x numpy, "
                  f"peak {f_mem:.1f} MB | naive mpmath ~{m_cpu:.1f} s CPU ({m_wall:.1f} s wall, extrapolated from "
                  f"{k} and {2 * k} steps) = {m_cpu / np_cpu:.0f}x numpy, peak {m_mem:.1f} MB (1 step) | fast/mpmath "
                  f"{m_cpu / f_cpu:.0f}x faster | agree {agree:.1e} (short run vs mpmath at {dps + 20} digits)")


if __name__ == "__main__":
    main()
