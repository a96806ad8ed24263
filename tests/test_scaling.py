"""The scaling tool: engine vs the mpmath reference GD, the precision guard, fits, files, plugins."""

import json

import mpmath

import numpy as np
import pytest
import sympy as sp

import gdperceptron as gp
from gdperceptron.scaling import (GammaRule, fit_exponent, parse_model, plot_study, polylog_slack, read_json,
                                  register_family, run_study, write_csv, write_json)
from gdperceptron.scaling import backends
from gdperceptron.scaling.engine import run_to_separation
from gdperceptron.scaling.precision import guarded_count
from gdperceptron.scaling.sparse import SparseRows


@pytest.mark.parametrize("backend", [backends.mp(40), backends.mpfr(40)], ids=["mpmath", "mpfr"])
@pytest.mark.parametrize("spec_text,gamma", [("two-layer:width=4,act=leaky_relu(1/10)", 8),
                                             ("two-layer:width=3,act=identity,init=1/2", 2),
                                             ("two-layer:width=3,act=relu,init=1,train=first", 4),
                                             ("linear", 3)])
def test_engine_matches_reference_gd(spec_text, gamma, backend):
    """Separation step of the vectorized engine at 40 digits (mpmath or MPFR numbers) = gp.run_gd's
    (the mpmath reference loop, 40 digits) on chain(6)."""
    d, spec = 6, parse_model(spec_text)
    data = gp.datasets.chain(d)
    theta0 = spec.init(d, seed=1)
    mine = run_to_separation(spec, SparseRows.from_dataset(data), data.y, sp.Integer(gamma), theta0,
                             backend, max_steps=60)
    ref = gp.run_gd(spec.model(d), data, gamma, 60, init=list(theta0), dps=40, record_every=60)
    assert mine.separated_at == ref.separated_at


def test_guarded_counts_agree_with_reference_and_record_precision():
    data = gp.datasets.chain(12)
    X = SparseRows.from_dataset(data)
    for text, seed in [("linear", 0), ("two-layer:width=4,act=leaky_relu(1/10)", 0),
                       ("two-layer:width=4,act=leaky_relu(1/10)", 3)]:
        spec = parse_model(text)
        theta0 = spec.init(12, seed)
        count = guarded_count(spec, X, data.y, sp.Integer(12), theta0, max_steps=200)
        ref = gp.run_gd(spec.model(12), data, 12, 200, init=list(theta0), dps=50, record_every=200)
        assert count.status == "separated" and count.iterations == ref.separated_at
        assert count.precision and len(count.rungs) >= 2


@pytest.mark.parametrize("backend", [backends.mp(40), backends.mpfr(40)], ids=["mpmath", "mpfr"])
def test_backends_round_at_their_precision_whatever_the_callers_context(backend):
    """1/3 at the backend's precision (called outside its context: mpmath's global precision is 15
    digits) differs from 1/3 by less than 10^-dps, and is not exact; sqrt(2) likewise."""
    for value, exact in ((sp.Rational(1, 3), lambda: mpmath.mpf(1) / 3), (sp.sqrt(2), lambda: mpmath.sqrt(2))):
        got = [backend.scalar(value), backend.asarray([value])[0]]
        with mpmath.workdps(100):
            for v in got:
                err = abs(mpmath.mpf(str(v)) - exact())
                assert 0 < err < mpmath.mpf(10) ** -40


def _scripted(monkeypatch, counts):
    """Make the engine return the given separation steps rung by rung (None: no separation)."""
    from gdperceptron.scaling import precision
    from gdperceptron.scaling.engine import EngineResult

    seen = iter(counts)

    def fake(spec, X, y, gamma, theta0, backend, horizon):
        c = next(seen)
        c = c if c is None or c <= horizon else None
        return EngineResult(c, horizon if c is None else c, backend.name, tie_ratio=1.0)

    monkeypatch.setattr(precision, "run_to_separation", fake)


@pytest.mark.parametrize("counts,budget,status,iterations", [
    ([3137, 3132, 3136, 3123, 3123], 10 ** 9, "separated", 3123),   # measured pattern (chain(64), identity net)
    ([230, 230], 10 ** 9, "separated", 230),                        # float64 = extended: accepted at once
    ([3137, 3132, 3136, 3123, 3124], 10 ** 9, "undecided", None),   # the ladder ends without agreement
    ([900, 901, 1200], 1000 * 2 * 7, "undecided", None),            # MPFR rung stopped by its budget
    ([900, 901], 10, "undecided", None),                            # MPFR rung would exceed the budget
    ([None, None], 10 ** 9, "censored", None),                      # agreeing non-separation
])
def test_precision_ladder_accepts_only_two_agreeing_rungs(monkeypatch, counts, budget, status, iterations):
    _scripted(monkeypatch, counts)
    spec = parse_model("two-layer:width=2,act=identity")
    X = SparseRows.from_dataset(gp.datasets.chain(4))
    ladder = [backends.FLOAT64, backends.Backend("extended", np.float64, 2.0 ** -64)] + \
        [backends.mpfr(p) for p in (30, 60, 120)]
    count = guarded_count(spec, X, (1,) * 4, sp.Integer(1), None, 4000, ladder, mp_budget=budget)
    assert (count.status, count.iterations) == (status, iterations)
    if status == "separated":
        assert count.precision == count.rungs[-1]["precision"] and len(count.rungs) == len(counts)
    if status == "undecided":
        assert count.note


def test_linear_chain_count_is_at_least_d():
    """Independent of the symbolic lemma: no linear run separates chain(d) before d."""
    result = run_study(["chain"], ["linear"], [8, 16, 24], gamma="d", executor="serial")
    for r in result.records:
        assert r.status == "separated" and r.iterations >= r.d


def test_fit_recovers_a_planted_power_law():
    d = [16, 32, 64, 128, 256] * 3
    T = [int(round(5 * x ** 0.7 * f)) for x, f in zip(d, [1] * 5 + [1.1] * 5 + [0.9] * 5)]
    fit = fit_exponent(d, T, n_boot=500, seed=1)
    assert abs(fit.exponent - 0.7) < 0.02 and fit.ci_low <= 0.7 <= fit.ci_high


def test_polylog_slack_is_the_slope_of_lnln_on_ln():
    ds = [16, 64, 256, 1024]
    x = np.log(ds)
    assert polylog_slack(ds, 2.0) == pytest.approx(2 * np.polyfit(x, np.log(x), 1)[0])


@pytest.mark.parametrize("text", ["quadratic", "two-layer:width=0", "two-layer:act=quadratic", "two-layer:foo=1",
                                  "two-layer:width", "two-layer:init=-1", "two-layer:train=none", "linear:width=2"])
def test_bad_model_specs(text):
    with pytest.raises(gp.InputError):
        parse_model(text)


@pytest.mark.parametrize("text", ["d-100", "import os", "x*d", ""])
def test_bad_gamma_rules(text):
    with pytest.raises(gp.InputError):
        GammaRule(text).at(16)


def test_bad_study_input():
    with pytest.raises(gp.InputError):
        run_study(["no-such-family"], ["linear"], [4])
    with pytest.raises(gp.InputError):
        run_study(["chain"], ["linear"], [0, 4])
    with pytest.raises(gp.InputError):
        run_study(["chain"], ["linear"], [4], seeds=0)


def staircase(d):
    """b_i = e_i, y_i = +1 — a user's family (module level, so workers can import it)."""
    return gp.Dataset([[1 if j == i else 0 for j in range(d)] for i in range(d)], [1] * d)


def test_user_family_and_output_files(tmp_path):
    register_family("test-identity-rows", staircase, replace=True)
    result = run_study(["test-identity-rows", "chain"], ["linear", "two-layer:width=2"], [4, 8], seeds=2,
                       executor="serial")
    identity_rows = [r for r in result.records if r.family == "test-identity-rows" and r.model == "linear"]
    assert all(r.iterations == 1 for r in identity_rows)  # v_1 = (γ/2d)·1 > 0 separates at once
    fits = result.fits(n_boot=50)
    write_csv(result, tmp_path / "runs.csv")
    write_json(result, tmp_path / "study.json", fits)
    paths = plot_study(result, fits, tmp_path / "plot")
    assert all(p.stat().st_size > 1000 for p in paths)
    assert (tmp_path / "runs.csv").read_text().count("\n") == len(result.records) + 1
    back = read_json(tmp_path / "study.json")
    assert [r.iterations for r in back.records] == [r.iterations for r in result.records]
    assert {f["model"] for f in json.loads((tmp_path / "study.json").read_text())["fits"]} == set(result.meta["models"])


def _comparable(result):
    return [{k: v for k, v in r.to_dict().items() if k != "seconds"} for r in result.records]


def test_local_process_pool_matches_serial():
    kwargs = dict(families=["chain"], models=["linear", "two-layer:width=4"], d_values=[6, 10], seeds=2)
    assert _comparable(run_study(executor=None, **kwargs)) == _comparable(run_study(executor="serial", **kwargs))


@pytest.mark.slow
def test_dask_local_cluster_matches_local_executor():
    distributed = pytest.importorskip("distributed")
    kwargs = dict(families=["chain"], models=["linear", "two-layer:width=4,act=leaky_relu(1/10)"],
                  d_values=[8, 16], seeds=2)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        on_dask = run_study(executor=client, **kwargs)
    assert on_dask.meta["executor"] == "Client"
    assert _comparable(on_dask) == _comparable(run_study(executor="serial", **kwargs))


def test_command_runs_and_rejects_bad_input(tmp_path, capsys):
    import argparse

    from gdperceptron.scaling import command

    parser = argparse.ArgumentParser()
    command.add_parser(parser.add_subparsers())
    args = parser.parse_args(["scaling", "--model", "linear", "--d", "4,8", "--out", str(tmp_path), "--workers",
                              "serial", "--no-progress", "--boot", "50"])
    assert args.handler(args) == 0
    assert "linear" in capsys.readouterr().out and (tmp_path / "scaling.pdf").exists()
    for bad in (["--d", "4,x"], ["--workers", "zero"], ["--model", "cubic"], ["--gamma=-d"], ["--seeds", "0"], ["--digits", "60,30"], ["--digits", "8"], ["--budget", "0"]):
        args = parser.parse_args(["scaling", "--out", str(tmp_path), "--no-progress", *bad])
        with pytest.raises(gp.InputError):
            args.handler(args)
