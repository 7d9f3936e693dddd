"""Celery discovers each app's ``tasks`` module: this one names those of the feature packages."""

from certification.credentials.tasks import (
    certificate_deliver_task,
    certificate_render_task,
    certificate_sms_task,
)

__all__ = ["certificate_deliver_task", "certificate_render_task", "certificate_sms_task"]
