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


def _python_blocks(text):
    blocks, inside = [], None
    for line in text.splitlines():
        if line.strip() == "```python":
            inside = []
        elif line.strip() == "```" and inside is not None:
            blocks.append("\n".join(inside))
            inside = None
        elif inside is not None:
            inside.append(line)
    return blocks


def test_readme_python_examples_run_as_written_and_print_what_they_say(capsys, tmp_path, monkeypatch):
    """Every ```python block of the README runs; a ``print(...)  # X`` line prints X's first word."""
    monkeypatch.chdir(tmp_path)  # the property checks' example database goes to ./.hypothesis
    blocks = _python_blocks((ROOT / "README.md").read_text())
    assert len(blocks) >= 2
    for block in blocks:
        if "def test_" in block:
            continue  # the pytest-plugin example is exercised by tests/test_exports.py
        exec(compile(block, "README.md", "exec"), {})
        printed = capsys.readouterr().out
        for line in block.splitlines():
            if line.startswith("print(") and "#" in line:
                expected = line.split("#", 1)[1].split()[0].rstrip(":")
                assert expected in printed, (line, printed)
