"""An export built in the background: who asked, for what, how far it got, and its file.

The file lives in private storage (never served by the web server); only the person who asked may
download it, until it expires (``ANALYTICS_EXPORT_KEEP_HOURS``), when the sweep deletes it.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Export(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Being written")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    # Not guessable: the id is in the download link.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    report = models.CharField(max_length=40)
    format = models.CharField(max_length=4)
    # The report's filters as the request's query string, and the language it was asked in.
    query = models.CharField(max_length=1000, blank=True)
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    file = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        indexes = [models.Index(fields=["expires_at"], name="analytics_export_expiry")]

    def __str__(self) -> str:
        return f"{self.report}.{self.format} · {self.status}"

    @property
    def percent(self) -> int:
        return (
            100 if self.status == self.Status.READY else int(100 * self.rows_done / max(self.rows_total, 1))
        )
