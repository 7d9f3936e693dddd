"""Attempts at a content package and the runtime commits they received (app label ``content``).

An attempt is one trainee playing one version of a package for one course activity. Every commit
the player sends is kept as a row numbered by the player (``sequence``), so a commit sent twice
is stored once and an older commit that arrives late never replaces newer data.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from content.packages.models import ContentPackageVersion


class Attempt(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        "content.ContentPackageVersion",
        verbose_name=_("package version"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    # The version's package, copied here so that the database itself holds one current attempt
    # per trainee, activity and package (a double tap on a lesson opens one, not two).
    package = models.ForeignKey(
        "content.ContentPackage", on_delete=models.PROTECT, related_name="+", null=True, editable=False
    )
    # None only for an instructor's preview of a package not attached to an activity yet.
    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    # The xAPI registration of the attempt: launch tokens and statements are scoped to it.
    registration = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Per item identifier: {"sequence": n, "session": s, "cmi": {flattened CMI}} of its newest commit.
    state = models.JSONField(default=dict, blank=True)
    # SCORM 2004 sequencing (content.runtime.sequencing): the activities' attempts and objectives,
    # the current and suspended activity, the global objectives. The server's, never the browser's.
    sequencing = models.JSONField(default=dict, blank=True)
    # Highest sequence number received (the player numbers commits from here on).
    last_sequence = models.PositiveIntegerField(default=0)
    # "Sessions" are also in-person sessions in courses: a context keeps the translations apart.
    sessions = models.PositiveIntegerField(pgettext_lazy("launches of a lesson", "sessions"), default=0)
    completed = models.BooleanField(_("completed"), default=False)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    total_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    # A reset attempt is kept for the record; the next launch opens a new one.
    is_reset = models.BooleanField(_("reset"), default=False)
    # An instructor's preview: what it sends is acknowledged and not kept, and it reaches no result.
    is_preview = models.BooleanField(_("preview"), default=False)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        app_label = "content"
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        indexes = [models.Index(fields=["user", "activity"], name="content_attempt_user_act")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "activity", "package"],
                condition=models.Q(is_reset=False, is_preview=False),
                name="content_attempt_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.version}"

    def save(self, *args, **kwargs) -> None:
        if self.package_id is None and self.version_id is not None:
            self.package_id = ContentPackageVersion.objects.values_list("package_id", flat=True).get(
                pk=self.version_id
            )
        super().save(*args, **kwargs)


class RuntimeCommit(models.Model):
    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="commits")
    sequence = models.PositiveIntegerField()
    session = models.PositiveIntegerField(default=0)
    item_identifier = models.CharField(max_length=2000)
    # The flattened CMI as the runtime sent it ("cmi.core.lesson_status": "incomplete", …).
    cmi = models.JSONField(default=dict)
    is_terminate = models.BooleanField(default=False)
    # False when a newer commit had already arrived: kept for the record, applied to nothing.
    applied = models.BooleanField(default=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        app_label = "content"
        ordering = ["attempt", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "sequence"], name="content_commit_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.attempt_id} #{self.sequence}"


class LaunchSession(models.Model):
    """One launch of an item of an xAPI-speaking package (cmi5 AU, Tin Can activity, H5P content).

    For cmi5 it also holds the one-time fetch code and, until the content fetches it, the token the
    code hands out (cmi5 8.2); the session ends when the content says "terminated", or when a newer
    launch finds it still open and the LMS records it as abandoned (cmi5 9.3.6).
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="launch_sessions")
    item_identifier = models.CharField(max_length=2000)
    # The cmi5 session id (context extension "sessionid"); a plain id for the other formats.
    session_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The object id the content is told to use (cmi5 activityId, Tin Can activity_id, H5P object).
    activity_id = models.TextField()
    fetch_code_sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    # The launch token, kept only until the content fetches it.
    fetch_token = models.TextField(blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    launched_at = models.DateTimeField(_("launched"), default=timezone.now)
    terminated_at = models.DateTimeField(_("terminated"), null=True, blank=True)
    abandoned_at = models.DateTimeField(_("abandoned"), null=True, blank=True)

    class Meta:
        app_label = "content"
        ordering = ["attempt", "launched_at", "pk"]
        verbose_name = _("launch session")
        verbose_name_plural = _("launch sessions")

    def __str__(self) -> str:
        return f"{self.attempt_id} · {self.session_id}"
