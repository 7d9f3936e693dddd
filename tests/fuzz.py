"""Hypothesis settings shared by the property tests of hostile input."""

import os

from hypothesis import HealthCheck, settings


def fuzz_settings(examples: int) -> settings:
    """``examples`` per test (``TADRIB_FUZZ_EXAMPLES`` for a longer hunt), with no deadline.

    The machine running the tests may be busy, and the generated inputs are sometimes large: what
    is tested is the code under test, not the speed of generating its input.
    """
    return settings(
        max_examples=int(os.environ.get("TADRIB_FUZZ_EXAMPLES", str(examples))),
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )
