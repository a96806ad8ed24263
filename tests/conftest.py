"""Shared pytest setup: the Hypothesis profiles.

``ci`` (selected when the environment variable CI is set, as .ci/run does): derandomized, bounded
example counts, no deadline — reproducible and within the suite's time budget.  ``dev``: the same
bounds but random, so local runs keep exploring.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", derandomize=True, max_examples=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else "dev")
