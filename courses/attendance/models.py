"""In-person sessions of a cohort and their attendance register."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Session(models.Model):
    """One scheduled in-person meeting of a cohort."""

    cohort = models.ForeignKey(
        "courses.Cohort", verbose_name=_("cohort"), on_delete=models.CASCADE, related_name="sessions"
    )
    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title


class AttendanceRecord(models.Model):
    """Whether one enrolled trainee attended one session, and how it was recorded."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused")

    class Method(models.TextChoices):
        REGISTER = "register", _("Register kept by the instructor")
        QR = "qr", _("Self check-in with the session's QR code")

    # Statuses that count as attending.
    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.REGISTER)
    recorded_by = models.ForeignKey(
        "people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("attendance record")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="one_record_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.get_status_display()}"
