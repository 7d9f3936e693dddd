"""Certificate templates, issuing rules, certificates with their recorded changes, training records.

A certificate's state changes only through ``certification.credentials.services``; its printed
facts (names, course, hours, grade …) are copied when it is issued, so a later change of the
course or the person never alters a certificate already handed out.
"""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

# Crockford's base-32 without I, L, O, U: a code read off paper or a phone is typed back right.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PLACEHOLDERS_HELP = _(
    "Placeholders: {name}, {course}, {hours}, {date}, {grade}, {serial}, {hub}, {instructor}, {expires}, {sessions}."
)


def new_serial() -> str:
    """A serial that is also the verification code: 60 random bits, e.g. TDR-7K3M-9QXP-2VHD."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"TDR-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


class CertificateTemplate(ClusterableModel):
    """How a certificate looks: page, pictures, signatures and the words in three languages."""

    class PageSize(models.TextChoices):
        A4 = "A4", "A4"
        LETTER = "letter", _("US Letter")

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("Landscape")
        PORTRAIT = "portrait", _("Portrait")

    name = models.CharField(_("name"), max_length=120)
    page_size = models.CharField(_("page size"), max_length=10, choices=PageSize.choices, default=PageSize.A4)
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_start = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo (start side)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    logo_end = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo (end side)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title_ar = models.CharField(_("title (Arabic)"), max_length=200, default="شهادة إتمام")
    title_en = models.CharField(_("title (English)"), max_length=200, default="Certificate of Completion")
    title_ckb = models.CharField(_("title (Kurdish)"), max_length=200, default="بڕوانامەی تەواوکردن")
    body_ar = models.TextField(
        _("text (Arabic)"),
        default="يشهد مركز التدريب بأن {name} أتم دورة {course} ({hours} ساعة) بتاريخ {date}.",
        help_text=PLACEHOLDERS_HELP,
    )
    body_en = models.TextField(
        _("text (English)"),
        default="This certifies that {name} completed {course} ({hours} hours) on {date}.",
        help_text=PLACEHOLDERS_HELP,
    )
    body_ckb = models.TextField(
        _("text (Kurdish)"),
        default="ناوەندی ڕاهێنان پشتڕاستی دەکاتەوە کە {name} خولی {course} ({hours} کاتژمێر) لە {date} تەواو کرد.",
        help_text=PLACEHOLDERS_HELP,
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
        MultiFieldPanel(
            [FieldPanel("background"), FieldPanel("logo_start"), FieldPanel("logo_end")],
            heading=_("Pictures"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("title_ar"),
                FieldPanel("body_ar"),
                FieldPanel("title_ckb"),
                FieldPanel("body_ckb"),
                FieldPanel("title_en"),
                FieldPanel("body_en"),
            ],
            heading=_("Text"),
        ),
        InlinePanel("signatures", heading=_("Signatures"), label=_("Signature"), max_num=3),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self) -> str:
        return self.name


class TemplateSignature(Orderable):
    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatures")
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=120)

    panels = [FieldPanel("image"), FieldPanel("name"), FieldPanel("title")]


class IssuingRule(models.Model):
    """When a course's or a programme's certificate is issued, and how long it is valid."""

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    programme = models.OneToOneField(
        "courses.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    template = models.ForeignKey(CertificateTemplate, verbose_name=_("template"), on_delete=models.PROTECT)
    minimum_grade = models.DecimalField(
        _("minimum grade (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    minimum_attendance = models.PositiveSmallIntegerField(_("minimum attendance (%)"), null=True, blank=True)
    sessions_delivered = models.PositiveSmallIntegerField(
        _("sessions delivered as a trainer"),
        null=True,
        blank=True,
        help_text=_("For a master-trainer programme: sessions the person must have taught."),
    )
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: never expires.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("course"), FieldPanel("programme")]),
        FieldPanel("template"),
        FieldRowPanel([FieldPanel("minimum_grade"), FieldPanel("minimum_attendance")]),
        FieldRowPanel([FieldPanel("sessions_delivered"), FieldPanel("valid_months")]),
        FieldPanel("is_active"),
    ]

    class Meta:
        verbose_name = _("issuing rule")
        verbose_name_plural = _("issuing rules")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(course__isnull=True, programme__isnull=False)
                | models.Q(course__isnull=False, programme__isnull=True),
                name="issuing_rule_for_course_or_programme",
            )
        ]

    def __str__(self) -> str:
        return str(self.course or self.programme)


class Certificate(models.Model):
    """One issued (or being issued) certificate. Expiry is read from ``expires_at``, not stored."""

    class State(models.TextChoices):
        PENDING = "pending", _("Being issued")
        ISSUED = "issued", _("Issued")
        FAILED = "failed", _("Issuing failed")
        REVOKED = "revoked", _("Revoked")
        REPLACED = "replaced", _("Replaced")

    serial = models.CharField(_("serial number"), max_length=20, unique=True, default=new_serial)
    user = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="certificates")
    rule = models.ForeignKey(IssuingRule, on_delete=models.PROTECT, related_name="certificates")
    enrolment = models.ForeignKey(
        "courses.Enrolment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # What issued it, once: "enrolment:<id>" or "programme:<id>:user:<id>". Unique among first
    # issues, so a duplicated signal, a retried task or two workers make one certificate.
    origin = models.CharField(max_length=60)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    facts = models.JSONField(_("printed facts"), default=dict)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="certificates/", blank=True)
    credential = models.JSONField(_("Open Badge credential"), null=True, blank=True)
    # When its PDF was last queued to be made: beat queues it again when it is still pending long
    # after, its worker lost (``certificates_pending_resume``).
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)

    # Wagtail's reference index ("usage" of a template or page) would record each certificate's
    # links to its rule on every save: tens of queries per certificate, for nothing anyone reads.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["origin"],
                condition=models.Q(replaces__isnull=True),
                name="one_certificate_per_origin",
            )
        ]
        indexes = [
            models.Index(fields=["user", "state"]),
            # The few pending certificates, for the sweep of those whose worker was lost.
            models.Index(
                fields=["queued_at"], condition=models.Q(state="pending"), name="certificate_pending"
            ),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def status(self) -> str:
        """issued | expired | revoked | replaced | pending | failed — what a verifier is told."""
        if self.state == self.State.ISSUED and self.is_expired:
            return "expired"
        return self.state


class CertificateChange(models.Model):
    """The record of one state change or correction of a certificate: who, when and why."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="changes")
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    by = models.ForeignKey("people.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=300)

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.from_state or '∅'} → {self.to_state}: {self.reason}"


class TrainingRecord(models.Model):
    """A trainee's transcript as handed out on one day: every completed course, hours, certificate."""

    serial = models.CharField(_("serial number"), max_length=20, unique=True, default=new_serial)
    user = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="training_records")
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    facts = models.JSONField(default=dict)
    pdf = models.FileField(upload_to="training-records/", blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return self.serial
