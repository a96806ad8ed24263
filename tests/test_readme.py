"""The README's two commands stay true: the test command is the one .ci/run executes."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands(text):
    return [line.strip() for line in text.splitlines() if line.strip().startswith("python3 -m venv")]


def test_ci_runs_the_readme_test_command():
    readme = _commands((ROOT / "README.md").read_text())
    ci = _commands((ROOT / ".ci" / "run").read_text())
    assert len(readme) == 2 and len(ci) == 1
    assert ci[0] == readme[1]


def test_readme_main_command_runs_the_default_check():
    readme = _commands((ROOT / "README.md").read_text())
    assert readme[0].endswith("gdperceptron check")
