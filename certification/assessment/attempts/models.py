"""An attempt, the questions it drew (each at the version it was given), and its history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        NEEDS_GRADING = "needs_grading", _("Needs grading")
        GRADED = "graded", _("Graded")
        ABANDONED = "abandoned", _("Not submitted in time")

    quiz = models.ForeignKey("certification.Quiz", on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    enrolment = models.ForeignKey(
        "courses.Enrolment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.PositiveIntegerField(_("attempt"))
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.IN_PROGRESS)
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    graded_at = models.DateTimeField(_("graded"), null=True, blank=True)
    marks = models.DecimalField(_("marks"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_marks = models.DecimalField(_("out of"), max_digits=8, decimal_places=2, default=0)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["quiz", "user", "number"]
        constraints = [models.UniqueConstraint(fields=["quiz", "user", "number"], name="attempt_number_once")]
        indexes = [models.Index(fields=["state", "deadline"])]
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")

    def __str__(self) -> str:
        return f"{self.quiz} #{self.number}"


class AttemptQuestion(models.Model):
    """A question as one attempt holds it: the version, the order of its options, the answer given
    (kept as the form's fields, exactly as sent) and its mark."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    version = models.ForeignKey("certification.QuestionVersion", on_delete=models.PROTECT, related_name="+")
    mark = models.DecimalField(max_digits=6, decimal_places=2)
    order = models.JSONField(default=list, help_text="Option ids in the order this trainee sees them.")
    response = models.JSONField(null=True, blank=True)
    # The client's number of the newest answer kept: an older one sent late from a device's
    # outbox never overwrites a newer one.
    sequence = models.PositiveBigIntegerField(default=0)
    answered_at = models.DateTimeField(null=True, blank=True)
    fraction = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    needs_manual = models.BooleanField(default=False)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="attempt_position_once")]

    def __str__(self) -> str:
        return f"{self.attempt_id}.{self.position}"


class AttemptTransition(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=14, blank=True)
    to_state = models.CharField(max_length=14)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["attempt", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class MarkChange(models.Model):
    """A mark set by a person or a regrade: manual grading, an override, a fixed question."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("Manual grading")
        OVERRIDE = "override", _("Override")
        REGRADE = "regrade", _("Regrade")

    question = models.ForeignKey(AttemptQuestion, on_delete=models.CASCADE, related_name="mark_changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_fraction = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    new_fraction = models.DecimalField(max_digits=6, decimal_places=4)
    rubric = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.old_fraction} → {self.new_fraction}"
