"""Reports the corpus's figures at the end of the run: how many TRUE claims stay UNDECIDED (a
figure, not a pass/fail: soundness must not be bought by answering UNDECIDED to everything), and
how the verdicts are distributed.  Each verdict test records its outcome as the user property
``adversarial_outcome``; with pytest-xdist the reports, properties included, reach this process.
"""

from collections import Counter

OUTCOMES = []


def pytest_runtest_logreport(report):
    if report.when == "call":
        OUTCOMES.extend(value for name, value in report.user_properties if name == "adversarial_outcome")


def pytest_terminal_summary(terminalreporter):
    if not OUTCOMES:
        return
    true = [o for o in OUTCOMES if o["truth"]]
    undecided = sorted(o["id"] for o in true if o["verdict"] == "UNDECIDED")
    write = terminalreporter.write_line
    terminalreporter.write_sep("-", "adversarial corpus")
    write(f"TRUE claims that stay UNDECIDED: {len(undecided)} of {len(true)}"
          + (f" ({', '.join(undecided)})" if undecided else ""))
    for label, group in (("TRUE", true), ("FALSE", [o for o in OUTCOMES if not o["truth"]])):
        counts = Counter(o["verdict"] for o in group)
        write(f"{label} claims by verdict: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
