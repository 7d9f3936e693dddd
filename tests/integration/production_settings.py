"""Production's settings as shipped, for a gunicorn the integration tier starts itself, with the
LRS's body timeout short enough for a test to wait it out."""

from lms.settings.production import *  # noqa: F403

LRS_BODY_TIMEOUT_SECONDS = 2
