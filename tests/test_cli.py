"""The command line: exit codes, JSON shape, one-line errors, LaTeX output."""

import json
import shutil
import subprocess
import sys

import pytest

from gdperceptron import cli

FAST = ["reduction.logistic-gradient"]


def run(argv, capsys):
    code = cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_has_the_contract_fields(capsys):
    code, out, _ = run(["check", *FAST, "--json", "--jobs", "1"], capsys)
    payload = json.loads(out)
    assert code == 0 and [p["id"] for p in payload] == FAST
    assert {"id", "verdict", "seconds", "summary"} <= set(payload[0]) and payload[0]["verdict"] == "PROVEN"


def test_check_prints_a_table_and_progress(capsys):
    code, out, err = run(["check", *FAST, "--jobs", "1"], capsys)
    assert code == 0 and "reduction.logistic-gradient" in out and "PROVEN" in out
    assert "[1/1]" in err


@pytest.mark.parametrize("argv, fragment", [
    (["check", "no.such-claim"], "unknown claim id 'no.such-claim'"),
    (["check", "--dps", "3"], "too low"),
    (["check", "--seed", "-1"], "non-negative"),
    (["check", "--budget", "0"], "positive"),
    (["check", "--dps", "lots"], "integer"),
    (["frobnicate"], "invalid choice"),
    (["show", "no.such-claim"], "unknown claim id"),
    (["latex"], "give one claim ID or --all"),
    (["latex", "reduction.noise-bound", "--all"], "give one claim ID or --all"),
    (["report"], "required"),
    ([], "required"),
])
def test_bad_input_is_one_line_and_exit_2(argv, fragment, capsys):
    code, out, err = run(argv, capsys)
    assert code == 2 and out == ""
    assert fragment in err and err.count("\n") == 1 and "Traceback" not in err


def test_refuted_claim_exits_1(capsys, monkeypatch):
    import gdperceptron as gp
    from proofs.perceptron_reduction import noise_bound

    false_variant = noise_bound(exponent=2)
    gp.claims.get("reduction.noise-bound")  # discover the shipped claims first: discovery would refuse the swap
    monkeypatch.setitem(gp.claims.registry._REGISTRY, "reduction.noise-bound", false_variant)
    code, out, _ = run(["check", "reduction.noise-bound", "--jobs", "1", "--quick"], capsys)
    assert code == 1 and "REFUTED" in out


def test_list_json_names_every_claim_with_provenance(capsys):
    code, out, _ = run(["list", "--json"], capsys)
    items = json.loads(out)
    assert code == 0 and "reduction.noise-bound" in {i["id"] for i in items}
    assert all(i["provenance"].startswith("[") for i in items)


def test_show_runs_and_prints_the_transcript(capsys):
    code, out, _ = run(["show", "reduction.noise-bound", "--run"], capsys)
    assert code == 0 and "verdict: PROVEN" in out and "positive: True" in out


def test_latex_is_an_align_block(capsys):
    code, out, _ = run(["latex", "reduction.noise-bound"], capsys)
    assert code == 0 and "\\begin{align}" in out and "\\end{align}" in out and "e^{- \\left|{m}\\right|}" in out


def test_latex_output_compiles(pdflatex, capsys):
    _, out, _ = run(["latex", "reduction.noise-bound"], capsys)
    pdflatex("\\documentclass{article}\\usepackage{amsmath,amssymb}\\begin{document}\n" + out + "\\end{document}\n",
             "claim")


def test_console_script_is_installed_and_exits_2_on_bad_input():
    exe = shutil.which("gdperceptron")
    argv = [exe] if exe else [sys.executable, "-m", "gdperceptron.cli"]
    proc = subprocess.run(argv + ["check", "no.such-claim"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stderr.strip().count("\n") == 0 and proc.stdout == ""


def test_scaling_subcommand_is_wired_and_bad_input_exits_2(capsys, tmp_path):
    code, out, err = run(["scaling", "--d", "4,x", "--out", str(tmp_path)], capsys)
    assert code == 2 and "--d must be comma-separated" in err and err.count("\n") == 1
    code, out, _ = run(["scaling", "--model", "linear", "--d", "4,8", "--seeds", "1", "--workers", "serial",
                        "--no-progress", "--boot", "50", "--out", str(tmp_path)], capsys)
    assert code == 0 and "p = 1.000" in out


def _register(monkeypatch, claim):
    import gdperceptron as gp

    gp.claims.all()  # discover the shipped claims first
    monkeypatch.setitem(gp.claims.registry._REGISTRY, claim.id, claim)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_check_enforces_the_budget_and_survives_an_abort(jobs, monkeypatch, capsys):
    """One claim sleeps past its budget, one aborts the interpreter: both UNDECIDED, the run goes on."""
    import os
    import time

    import gdperceptron as gp

    def sleeps(ctx):
        time.sleep(60)

    def aborts(ctx):
        os.abort()

    for claim_id, body in (("t.sleeps", sleeps), ("t.aborts", aborts)):
        _register(monkeypatch, gp.Claim(claim_id, claim_id, claim_id, "derived", [gp.check("instance")(body)]))
    code, out, err = run(["check", "t.sleeps", "t.aborts", *FAST, "--jobs", jobs, "--budget", "2", "--json"], capsys)
    verdicts = {p["id"]: (p["verdict"], p["summary"]) for p in json.loads(out)}
    assert verdicts["t.sleeps"][0] == "UNDECIDED" and "budget of 2 s" in verdicts["t.sleeps"][1]
    assert verdicts["t.aborts"][0] == "UNDECIDED" and "SIGABRT" in verdicts["t.aborts"][1]
    assert verdicts[FAST[0]][0] == "PROVEN"
    assert code == 1 and "[3/3]" in err  # the abort is an error of that check: exit status 1


def test_scaling_writes_its_files_when_no_run_separates(capsys, tmp_path):
    """Every run censored (one step is too few): no fit, but a table, JSON and an empty plot, exit 0."""
    code, out, _ = run(["scaling", "--model", "linear", "--d", "4,8", "--max-steps", "1", "--workers", "serial",
                        "--no-progress", "--boot", "50", "--out", str(tmp_path)], capsys)
    assert code == 0 and "no fit" in out
    assert {"runs.csv", "study.json", "scaling.png", "scaling.pdf"} <= {p.name for p in tmp_path.iterdir()}
