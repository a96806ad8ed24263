"""Symbolic engines: the GD-as-perceptron reduction, its large-step limits, quadratic forms and spectra."""

from .limits import LimitAlgorithm, judge_limit, limit_algorithm, limit_errors, path_gap
from .reduction import Reduction, indicator_nonpositive, reduce_gd, sigmoid, weight_limit

__all__ = ["Reduction", "reduce_gd", "sigmoid", "indicator_nonpositive", "weight_limit",
           "LimitAlgorithm", "limit_algorithm", "limit_errors", "judge_limit", "path_gap"]
