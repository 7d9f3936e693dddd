"""A bulk enrolment: an uploaded staff list, its column mapping, dry-run report and progress."""

from django.core.files.storage import storages
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def private_storage():
    """The storage no URL serves (settings STORAGES["private"]): the lists hold personal data."""
    return storages["private"]


class BulkEnrolment(models.Model):
    class Status(models.TextChoices):
        # "Uploaded" and "Failed" also name a package's upload date and a trainee's result.
        UPLOADED = "uploaded", pgettext_lazy("bulk enrolment status", "Uploaded")
        CHECKING = "checking", _("Checking")
        CHECKED = "checked", _("Checked")
        APPLYING = "applying", _("Applying")
        APPLIED = "applied", _("Applied")
        FAILED = "failed", pgettext_lazy("bulk enrolment status", "Failed")
        CANCELLED = "cancelled", _("Cancelled")

    cohort = models.ForeignKey(
        "courses.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="bulk_enrolments"
    )
    # Private, and deleted once the list is applied or cancelled (``bulk_enrolment_file_discard``).
    file = models.FileField(
        _("file"), upload_to="bulk-enrolments/%Y/%m/", storage=private_storage, blank=True
    )
    original_name = models.CharField(max_length=255)
    created_by = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UPLOADED)
    # {"full_name_ar": "الاسم", "email": "E-mail", …}: our field → the file's column header.
    column_mapping = models.JSONField(default=dict, blank=True)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # [{"row": 7, "problems": ["invalid phone"]}, …] from the latest dry run or application.
    report = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # When the list's dry run or application was last queued: beat queues it again when it is
    # still checking or applying long after, its worker lost (``bulk_enrolments_resume``).
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bulk enrolment")
        verbose_name_plural = _("bulk enrolments")

    def __str__(self) -> str:
        return f"{self.original_name} → {self.cohort}"

    @property
    def progress_percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
