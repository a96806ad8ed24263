"""The full implicit-acceleration scaling study (not a test; no timing assertions).

    python benchmarks/scaling_study.py [--family chain|signed_chain] [--out DIR] [--d 16,32,...,1024]
                                       [--seeds 5] [--budget N] [--certified]

Runs linear and two-layer nets (leaky ReLU widths 8 and 32 at γ = d; identity width 8 at γ = d/10)
on the chain family (or ``--family``) for d = 16 … 1024 over local processes, each count certified by
a ball-arithmetic run of ``gp.run_gd`` (within ``--budget`` element-steps, default the library's), writes
runs.csv / study.json / scaling.png / scaling.pdf, and prints every model's fitted exponent with its 95%
bootstrap interval and the precision of each certified count.  ``--certified`` also runs the certified
linear chain at d = 256 on the whole γ grid 10⁻² … 10⁶.
"""

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gdperceptron.scaling import plot_study, polylog_slack, run_study, write_csv, write_json  # noqa: E402
from gdperceptron.scaling.certified_chain import certify_linear_chain  # noqa: E402
from gdperceptron.scaling.precision import DEFAULT_MP_BUDGET  # noqa: E402
from proofs.implicit_acceleration import GAMMAS, TWO_LAYER_MODELS  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--out", default="scaling-benchmark")
    p.add_argument("--d", default="16,32,64,128,256,512,1024")
    p.add_argument("--seeds", type=int, default=5)
    p.add_argument("--max-steps", type=int, default=20000)
    p.add_argument("--family", default="chain")
    p.add_argument("--budget", type=int, default=DEFAULT_MP_BUDGET)
    p.add_argument("--certified", action="store_true")
    args = p.parse_args(argv)
    ds = [int(x) for x in args.d.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    result = run_study([args.family], ["linear", *TWO_LAYER_MODELS], ds, args.seeds, gamma="d", max_steps=args.max_steps,
                       mp_budget=args.budget,
                       progress=lambda done, total, r: print(f"\r{done}/{total}", end="", file=sys.stderr))
    print(file=sys.stderr)
    fits = result.fits()
    write_csv(result, out / "runs.csv")
    write_json(result, out / "study.json", fits)
    plot_study(result, fits, out / "scaling")
    print(f"study: {time.perf_counter() - start:.1f} s; polylog slack (k = 1) over this grid: {polylog_slack(ds):.3f}")
    for (_, model), fit in fits.items():
        precisions = sorted({r.precision or r.status for r in result.series()[(args.family, model)]})
        print(f"{model:<62} {fit.describe()}  precision: {', '.join(precisions)}")
    for r in result.records:
        if r.status == "undecided":
            print(f"undecided: {r.model} d = {r.d} seed {r.seed}: {r.note}")
    if args.certified:
        for g in GAMMAS:
            t0 = time.perf_counter()
            cert = certify_linear_chain(256, g, max_dps=40)
            print(f"certified d = 256, γ = {g}: {cert.to_dict()} ({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
