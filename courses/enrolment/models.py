"""Cohorts (dated runs of a course) and enrolments with their recorded transitions."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Cohort(models.Model):
    """One dated run of a course, online or at a training hub."""

    class EnrolmentMode(models.TextChoices):
        OPEN = "open", _("Open: anyone eligible may enrol")
        APPROVAL = "approval", _("Approval by a hub coordinator or programme manager")
        INVITATION = "invitation", _("Invitation only")

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="cohorts"
    )
    title = models.CharField(_("title"), max_length=200, help_text=_("E.g. Basra, March 2027."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enrolment_opens_at = models.DateTimeField(_("enrolment opens"), null=True, blank=True)
    enrolment_closes_at = models.DateTimeField(_("enrolment closes"), null=True, blank=True)
    hub = models.ForeignKey(
        "people.TrainingHub",
        verbose_name=_("training hub"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cohorts",
        help_text=_("Leave empty for an online cohort."),
    )
    # Practical details, on the course home of the cohort's trainees (as Moodle and Open edX show
    # a course's "practical information"): where in the hub, and whom to ask.
    room = models.CharField(
        _("room"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Hall 3, first floor. Empty for an online cohort."),
    )
    contact_name = models.CharField(
        _("contact name"),
        max_length=200,
        blank=True,
        help_text=_("Whom trainees ask about this cohort; empty for the hub's coordinators."),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    instructors = models.ManyToManyField(
        "people.User", verbose_name=_("instructors"), blank=True, related_name="taught_cohorts"
    )
    enrolment_mode = models.CharField(
        _("enrolment mode"), max_length=20, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    # Eligibility: each set restriction must hold; an empty one restricts nothing.
    eligible_organisations = models.ManyToManyField(
        "people.Organisation", verbose_name=_("eligible organisations"), blank=True, related_name="+"
    )
    eligible_governorates = models.ManyToManyField(
        "people.Governorate", verbose_name=_("eligible governorates"), blank=True, related_name="+"
    )
    eligible_role = models.CharField(
        _("eligible role"), max_length=30, blank=True, help_text=_("E.g. master_trainer; empty for everyone.")
    )
    requires_prerequisites = models.BooleanField(_("prerequisite courses must be completed"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.course.title} · {self.title}"

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)

    @property
    def is_online(self) -> bool:
        return self.hub_id is None

    def enrolment_is_open(self, at=None) -> bool:
        at = at or timezone.now()
        opened = self.enrolment_opens_at is None or self.enrolment_opens_at <= at
        not_closed = self.enrolment_closes_at is None or at < self.enrolment_closes_at
        return opened and not_closed and self.enrolment_mode != self.EnrolmentMode.INVITATION


class Enrolment(models.Model):
    """A person's place in a cohort. Its state changes only through ``courses.enrolment.services``."""

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        WAITLISTED = "waitlisted", _("Waitlisted")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Rejected")

    # States that hold a seat in the cohort.
    SEATED = (State.APPROVED, State.ACTIVE, State.COMPLETED, State.FAILED)

    user = models.ForeignKey(
        "people.User", verbose_name=_("trainee"), on_delete=models.PROTECT, related_name="enrolments"
    )
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("cohort"), on_delete=models.PROTECT, related_name="enrolments"
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.REQUESTED)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "cohort"], name="one_enrolment_per_cohort")]
        indexes = [models.Index(fields=["cohort", "state", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.cohort} · {self.get_state_display()}"


class EnrolmentTransition(models.Model):
    """The record of one state change: who, when and why."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    by = models.ForeignKey("people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state or '∅'} → {self.to_state}: {self.reason}"
