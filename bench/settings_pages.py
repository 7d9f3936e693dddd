"""Settings for the trainee pages benchmark: production's, as shipped, plus the bare view's URL.

The environment gives what production's reverse proxy and operator would (secret key, hosts,
database, Redis); ``bench.bench_trainee_pages`` sets it.
"""

from lms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls_pages"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
