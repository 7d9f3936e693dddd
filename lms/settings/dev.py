"""The embedded default used by ``make run``: SQLite, local media, in-process tasks.

``make run`` is what a centre pilots with, so visitors never see Django's debug pages: DEBUG is
off unless a developer sets ``DEBUG=1``. Static files are then served by WhiteNoise from
STATIC_ROOT (``make static`` collects them), as in production.
"""

from .base import *  # noqa: F403
