"""Wagtail discovers each app's ``wagtail_hooks``: this one loads those of the feature packages."""

from certification.credentials import admin  # noqa: F401 - registers the certificates' admin
