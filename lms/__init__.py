"""Tadrib's project package: settings, URLs, the Celery app, base templates and the shared kernel."""

from lms.celery import app as celery_app

__all__ = ["celery_app"]
