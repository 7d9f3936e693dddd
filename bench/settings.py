"""Settings for the benchmark server: production's as shipped (lms.settings.production), plus a
bare view (bench/urls.py). The harness sets what production reads from the environment."""

from lms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
