"""Plots from check evidence.

Convention: a check that has something to plot puts ``evidence["plot"]`` =
``{"title", "xlabel", "ylabel", "logx": bool, "logy": bool,
"series": [{"label", "x": [...], "y": [...], "style": "points" | "line"}]}``
(numbers as floats or strings; they are plotted at float64, which is only ever a picture).
"""

from __future__ import annotations

from pathlib import Path


def plot_spec_is_valid(spec) -> bool:
    return (isinstance(spec, dict) and isinstance(spec.get("series"), list) and spec["series"]
            and all(isinstance(s, dict) and len(s.get("x", [])) == len(s.get("y", [])) > 0 for s in spec["series"]))


def render(spec: dict, *paths: Path) -> None:
    """Draw ``spec`` once and save it to each path (PNG or PDF by suffix), on a bare matplotlib Figure:
    no pyplot, so the caller's backend and open figures (in a notebook, say) are left alone."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 4), dpi=100)
    ax = fig.add_subplot()
    for s in spec["series"]:
        x, y = [float(v) for v in s["x"]], [float(v) for v in s["y"]]
        if s.get("style", "line") == "points":
            ax.plot(x, y, "o", label=s.get("label"), markersize=4)
        else:
            ax.plot(x, y, "-", label=s.get("label"))
    if spec.get("logx"):
        ax.set_xscale("log")
    if spec.get("logy"):
        ax.set_yscale("log")
    ax.set_title(spec.get("title", ""))
    ax.set_xlabel(spec.get("xlabel", ""))
    ax.set_ylabel(spec.get("ylabel", ""))
    if any(s.get("label") for s in spec["series"]):
        ax.legend(fontsize="x-small")
    fig.tight_layout()
    for path in paths:
        fig.savefig(path)
