"""Scaling studies of GD iteration counts, and the chain family's exact/certified linear analysis.

Public surface::

    from gdperceptron.scaling import run_study, register_family
    result = run_study(families=["chain"], models=["linear", "two-layer:width=8,act=leaky_relu(1/10)"],
                       d_values=[16, 32, 64], seeds=3, gamma="d")
    fits = result.fits()                       # {(family, model): ExponentFit}
    write_csv(result, "runs.csv"); write_json(result, "study.json", fits); plot_study(result, fits, "plot")

Modules, one job each: ``families`` (registry), ``specs`` (model specs, γ rules, init),
``precision`` (certified counts through :func:`gdperceptron.run_gd`),
``study`` (tasks and executors), ``fit`` (exponent + bootstrap CI), ``assess`` (fit → verdict),
``output``/``plot`` (files), ``chain_support`` (symbolic support lemma), ``certified_chain``
(certified linear runs), ``command`` (the ``gdperceptron scaling`` sub-command).
"""

from .assess import exponent_verdict, series_table
from .families import Family, families, get_family, register_family
from .fit import ExponentFit, fit_exponent, fit_records, polylog_slack
from .output import read_json, study_json, write_csv, write_json
from .plot import plot_study
from .specs import GammaRule, ModelSpec, parse_model
from .study import RunRecord, StudyResult, run_study

__all__ = ["run_study", "StudyResult", "RunRecord", "register_family", "get_family", "families", "Family",
           "parse_model", "ModelSpec", "GammaRule", "fit_exponent", "fit_records", "ExponentFit", "polylog_slack",
           "exponent_verdict", "series_table", "write_csv", "write_json", "read_json", "study_json", "plot_study"]
