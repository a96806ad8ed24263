"""pytest plugin: the ``check_claim`` fixture and the ``--gdp-seed`` / ``--gdp-quick`` options.

Registered through the ``pytest11`` entry point, so it is active wherever gdperceptron is installed.
It imports nothing heavy until a test asks for the fixture.
"""

import pytest


def pytest_addoption(parser):
    group = parser.getgroup("gdperceptron")
    group.addoption("--gdp-seed", type=int, default=0, help="seed for gdperceptron claim checks")
    group.addoption("--gdp-quick", action="store_true", help="run gdperceptron claim checks in quick mode")


@pytest.fixture
def check_claim(request):
    """``check_claim(claim_or_id, at_least="SUPPORTED", **kwargs)`` — see gdperceptron.testing.assert_claim."""
    from gdperceptron.testing import assert_claim

    seed, quick = request.config.getoption("--gdp-seed"), request.config.getoption("--gdp-quick")

    def run(claim, at_least="SUPPORTED", **kwargs):
        kwargs.setdefault("seed", seed)
        kwargs.setdefault("quick", quick)
        return assert_claim(claim, at_least, **kwargs)

    return run
