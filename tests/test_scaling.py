"""The scaling tool: certified counts vs an independent high-precision GD, fits, files, plugins."""

import json

import mpmath

import numpy as np
import pytest
import sympy as sp

import gdperceptron as gp
from gdperceptron.scaling import (GammaRule, fit_exponent, parse_model, plot_study, polylog_slack, read_json,
                                  register_family, run_study, write_csv, write_json)
from gdperceptron.scaling import precision
from gdperceptron.scaling.precision import certified_count


def reference_separation(spec, d, gamma, theta0, max_steps, dps=300):
    """Independent of gdperceptron's iteration: GD on chain(d) for g = Σ_j a_j φ(w_jᵀb) written out
    with mpmath at ``dps`` digits, φ(z) = max(αz, z), φ'(0) = α, mean logistic loss; the first t with
    every margin > 0, and the smallest non-zero |margin| and |pre-activation| met on the way (to show
    that ``dps`` digits leave no doubt about any sign; exact zeros come from the untouched chain
    coordinates, which stay exactly 0 in any floating point)."""
    with mpmath.workdps(dps):
        X = [[mpmath.mpf(int(j == i) - int(j == i + 1)) for j in range(d)] for i in range(d)]
        th = [mpmath.mpf(float(v)) for v in theta0]
        linear = spec.kind == "linear"
        m = 1 if linear else spec.width
        W = [th[j * d:(j + 1) * d] for j in range(m)]
        a = [mpmath.mpf(1)] if linear else (th[m * d:] if spec.outer_trained else
                                            [mpmath.mpf((-1) ** j) for j in range(m)])
        alpha = mpmath.mpf(1) if linear else mpmath.mpf(sp.Rational(spec.slope).p) / sp.Rational(spec.slope).q
        g, closest = mpmath.mpf(gamma) / d, mpmath.inf
        for t in range(max_steps + 1):
            Z = [[mpmath.fdot(w, x) for w in W] for x in X]
            margins = [mpmath.fsum(aj * (z if z > 0 else alpha * z) for aj, z in zip(a, row)) for row in Z]
            closest = min([closest] + [abs(v) for v in margins + [z for row in Z for z in row] if v != 0])
            if all(v > 0 for v in margins):
                return t, closest
            s = [1 / (1 + mpmath.exp(v)) for v in margins]
            newW = [[W[j][k] + g * mpmath.fsum(s[i] * a[j] * (1 if Z[i][j] > 0 else alpha) * X[i][k]
                                               for i in range(d)) for k in range(d)] for j in range(m)]
            if not linear and spec.outer_trained:
                a = [a[j] + g * mpmath.fsum(s[i] * (Z[i][j] if Z[i][j] > 0 else alpha * Z[i][j])
                                            for i in range(d)) for j in range(m)]
            W = newW
        return None, closest


@pytest.mark.parametrize("spec_text,gamma,seed", [("two-layer:width=3,act=leaky_relu(1/10)", 8, 1),
                                                  ("two-layer:width=3,act=identity,init=1/2", 2, 1),
                                                  ("two-layer:width=3,act=relu,init=1,train=first", 4, 1),
                                                  ("two-layer:width=3,act=leaky_relu(1/10)", 6, 3),
                                                  ("linear", 3, 0)])
def test_certified_counts_match_an_independent_300_digit_reference(spec_text, gamma, seed):
    d, spec = 6, parse_model(spec_text)
    theta0 = spec.init(d, seed)
    count = certified_count(spec.model(d), gp.datasets.chain(d), sp.Integer(gamma), theta0, 60)
    ref, closest = reference_separation(spec, d, gamma, theta0, 60)
    assert closest > mpmath.mpf(10) ** -200  # every sign of the reference is far above its rounding
    assert count.status == ("separated" if ref is not None else "censored")
    assert count.iterations == ref
    assert count.certificate.startswith("Arb ball(") and count.rungs[0]["precision"] == "float64"


def test_a_count_past_the_budget_or_the_precision_cap_is_undecided_with_a_reason(monkeypatch):
    spec = parse_model("linear")
    data = gp.datasets.chain(8)
    over = certified_count(spec.model(8), data, sp.Integer(8), None, 100, budget=10)
    assert over.status == "undecided" and over.iterations is None and "budget" in over.note
    # a certified run that reports an undecided margin at its cap gives no count, only the reason
    real = precision.run_gd

    def capped(*args, **kwargs):
        traj = real(*args, **kwargs)
        if kwargs.get("arithmetic") != "float64":
            traj.separated_at, traj.undecided = None, "step 3: the margin of sample 2 contains 0"
        return traj

    monkeypatch.setattr(precision, "run_gd", capped)
    count = certified_count(spec.model(8), data, sp.Integer(8), None, 100)
    assert count.status == "undecided" and count.iterations is None and "sample 2" in count.note


def test_linear_chain_count_is_at_least_d():
    """Independent of the symbolic lemma: no linear run separates chain(d) before d."""
    result = run_study(["chain"], ["linear"], [8, 16, 24], gamma="d", executor="serial")
    for r in result.records:
        assert r.status == "separated" and r.iterations >= r.d
        assert r.certificate.startswith("Arb ball(") and r.precision.startswith("ball(")


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
