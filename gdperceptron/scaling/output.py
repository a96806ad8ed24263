"""Writing a study: the per-run table (CSV and JSON) and the fitted exponents (JSON).

``runs.csv`` — one row per run: family, model, d, seed, gamma (exact), status, iterations,
precision (the certified run's precision), certificate (what certified the count), max_steps, seconds,
note.  ``study.json`` — ``meta``, every run (with the float64 estimate and the certified run in
``rungs``), and ``fits``.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .study import RunRecord, StudyResult

CSV_FIELDS = ["family", "model", "d", "seed", "gamma", "status", "iterations", "precision", "certificate",
              "max_steps", "seconds", "note"]


def write_csv(result: StudyResult, path) -> Path:
    path = Path(path)
    with path.open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_FIELDS, extrasaction="ignore")
        writer.writeheader()
        for r in result.records:
            row = r.to_dict(with_rungs=False)
            row["seconds"] = f"{r.seconds:.4f}"
            writer.writerow(row)
    return path


def study_json(result: StudyResult, fits: dict | None = None) -> dict:
    fits = result.fits() if fits is None else fits
    return {"meta": result.meta, "runs": [r.to_dict() for r in result.records],
            "fits": [{"family": fam, "model": model, **fit.to_dict()} for (fam, model), fit in fits.items()]}


def write_json(result: StudyResult, path, fits: dict | None = None) -> Path:
    path = Path(path)
    path.write_text(json.dumps(study_json(result, fits), indent=2, default=str))
    return path


def read_json(path) -> StudyResult:
    """Read back a ``study.json`` (for re-plotting or re-fitting)."""
    data = json.loads(Path(path).read_text())
    return StudyResult([RunRecord(**r) for r in data["runs"]], data["meta"])
