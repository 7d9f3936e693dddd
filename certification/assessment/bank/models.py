"""Questions are versioned: a ``Question`` is the stable identity in the bank, each edit writes a
new ``QuestionVersion``, and an attempt keeps the version it was given — so fixing a question
never changes what a trainee saw, only (through a regrade) how it is marked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple response")
    TRUE_FALSE = "true_false", _("True/false")
    SHORT = "short", _("Short answer")
    NUMERIC = "numeric", _("Numeric")
    MATCHING = "matching", _("Matching")
    ORDERING = "ordering", _("Ordering")
    CLOZE = "cloze", _("Fill in the blanks")
    ESSAY = "essay", _("Essay")


class QuestionCategory(models.Model):
    """A folder of the bank (e.g. a module's questions); shared by every course that draws on it."""

    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self) -> str:
        return self.name


class QuestionTag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("question tag")
        verbose_name_plural = _("question tags")

    def __str__(self) -> str:
        return self.name


class Question(models.Model):
    """A question in the bank; what it says lives in its versions."""

    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    tags = models.ManyToManyField(QuestionTag, verbose_name=_("tags"), blank=True, related_name="questions")
    current = models.ForeignKey(
        "QuestionVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    archived = models.BooleanField(_("archived"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.current.name if self.current else f"#{self.pk}"


class QuestionVersion(models.Model):
    """One immutable wording of a question: its kind, text, image and answer data.

    ``data`` holds the kind's answer key (see ``certification/assessment/bank/kinds.py``).
    """

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    name = models.CharField(_("name"), max_length=200)
    text = models.TextField(_("text"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("answer data"), default=dict)
    default_mark = models.DecimalField(_("default mark"), max_digits=6, decimal_places=2, default=1)
    general_feedback = models.TextField(_("general feedback"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["question", "number"]
        constraints = [models.UniqueConstraint(fields=["question", "number"], name="question_version_once")]
        verbose_name = _("question version")
        verbose_name_plural = _("question versions")

    def __str__(self) -> str:
        return f"{self.name} (v{self.number})"
