"""The training-records fact table (one row per person per cohort) and the reach targets.

The fact table is a read model: denormalised, rebuilt from the lower apps at any time, never the
source of truth. Dimensions are plain ids, not foreign keys, so that it never blocks a delete in a
lower app and loads into pandas without joins (ADR 0012).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingRecord(models.Model):
    class Status(models.TextChoices):
        # Before "active": requested, waitlisted, approved (a seat, not yet started).
        ENROLLED = "enrolled", _("Enrolled")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enrolment_id = models.BigIntegerField(unique=True)
    person_id = models.BigIntegerField()
    cohort_id = models.BigIntegerField()
    course_id = models.BigIntegerField()
    programme_id = models.BigIntegerField(null=True)
    # The person's governorate and organisation (from their profile; None when missing).
    governorate_id = models.BigIntegerField(null=True)
    organisation_id = models.BigIntegerField(null=True)
    hub_id = models.BigIntegerField(null=True)
    gender = models.CharField(max_length=10, blank=True)
    role = models.CharField(max_length=30, blank=True)
    trainer_id = models.BigIntegerField(null=True)
    master_trainer_id = models.BigIntegerField(null=True)
    enrolled_on = models.DateField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    completed_on = models.DateField(null=True)
    status = models.CharField(max_length=12, choices=Status.choices)
    seated = models.BooleanField(default=False)
    capacity = models.PositiveIntegerField(default=0)
    score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    sessions_held = models.PositiveIntegerField(default=0)
    sessions_attended = models.PositiveIntegerField(default=0)
    pre_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    post_score = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    certificate_status = models.CharField(max_length=10, blank=True)
    certificate_issued_on = models.DateField(null=True)
    certificate_expires_on = models.DateField(null=True)
    certificate_revoked_on = models.DateField(null=True)
    refreshed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        indexes = [
            models.Index(fields=["starts_on"], name="analytics_rec_starts"),
            models.Index(fields=["hub_id", "starts_on"], name="analytics_rec_hub"),
            models.Index(fields=["governorate_id", "starts_on"], name="analytics_rec_gov"),
            models.Index(fields=["programme_id", "starts_on"], name="analytics_rec_prog"),
            models.Index(fields=["person_id"], name="analytics_rec_person"),
            models.Index(fields=["cohort_id"], name="analytics_rec_cohort"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.cohort_id} · {self.status}"


class StaleRecord(models.Model):
    """An enrolment whose training record a certification event changed, to be refreshed with
    the others shortly (``records_refresh_stale``): marked in the event's own transaction, so a
    change is never lost; refreshed in bulk, so a cohort's certificates cost one refresh."""

    enrolment_id = models.BigIntegerField(primary_key=True)
    marked_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.marked_at:%Y-%m-%d %H:%M:%S}"


class Target(models.Model):
    """How many people a programme should reach in a year, in one governorate or overall."""

    programme = models.ForeignKey(
        "courses.ProgrammePage", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    governorate = models.ForeignKey(
        "people.Governorate",
        verbose_name=_("governorate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for the target across all governorates."),
    )
    people = models.PositiveIntegerField(_("people to reach"))

    class Meta:
        ordering = ["-year", "programme_id", "governorate_id"]
        verbose_name = _("reach target")
        verbose_name_plural = _("reach targets")
        # Two conditional constraints, not nulls_distinct=False, which SQLite lacks.
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year", "governorate"],
                condition=models.Q(governorate__isnull=False),
                name="analytics_target_once",
            ),
            models.UniqueConstraint(
                fields=["programme", "year"],
                condition=models.Q(governorate__isnull=True),
                name="analytics_target_overall_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.year} · {self.people}"
