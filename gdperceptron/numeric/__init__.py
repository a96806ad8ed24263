"""Numerical engines: precision handling, GD and perceptron iteration, certified arithmetic."""
