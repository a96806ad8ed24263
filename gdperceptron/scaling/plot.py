"""Log-log plot of a study: counts per run (points), medians per d, and the fitted lines C·d^p.

Uses a bare ``matplotlib.figure.Figure`` (no pyplot, no global backend change); writes ``<stem>.png`` and ``<stem>.pdf``.
Censored and undecided runs are not plotted as points; the legend says how many there were.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .fit import median


def plot_study(result, fits: dict, stem) -> list[Path]:
    import matplotlib
    from matplotlib.figure import Figure

    stem = Path(stem)
    fig = Figure(figsize=(7.5, 5))
    ax = fig.subplots()
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, ((family, model), records) in enumerate(result.series().items()):
        color = colors[k % len(colors)]
        ok = [r for r in records if r.status == "separated"]
        ds = np.array([r.d for r in ok], dtype=float)
        ts = np.maximum(np.array([r.iterations for r in ok], dtype=float), 1.0)
        ax.scatter(ds, ts, s=12, alpha=0.45, color=color)
        by_d = sorted({r.d for r in ok})
        ax.plot(by_d, [max(1.0, median([r.iterations for r in ok if r.d == d])) for d in by_d], "o", color=color,
                markersize=5)
        fit = fits.get((family, model))
        label = f"{model} [{family}]"
        if fit is not None and fit.exponent is not None:
            grid = np.geomspace(min(fit.d_values), max(fit.d_values), 50)
            ax.plot(grid, np.exp(fit.intercept) * grid ** fit.exponent, "-", color=color)
            label += f": p = {fit.exponent:.2f} [{fit.ci_low:.2f}, {fit.ci_high:.2f}]"
            if not fit.complete:
                label += f" (incomplete: {fit.censored} censored, {fit.undecided} undecided)"
        ax.plot([], [], "-o", color=color, label=label)
    if any(r.status == "separated" for r in result.records):
        ax.set_xscale("log")
        ax.set_yscale("log")
    else:  # log axes cannot be drawn without a single point
        ax.text(0.5, 0.5, "no run separated within its budget", ha="center", va="center", transform=ax.transAxes)
    ax.set_xlabel("d")
    ax.set_ylabel("iterations to separation")
    ax.set_title("GD iterations to separation vs d (fitted T ≈ C·d^p, bootstrap CI)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    paths = [stem.with_suffix(".png"), stem.with_suffix(".pdf")]
    for p in paths:
        fig.savefig(p)
    return paths
