"""Django admin registrations of ``content``; the LRS's are in ``content/lrs/admin.py``."""

from content.lrs import admin as lrs_admin  # noqa: F401
