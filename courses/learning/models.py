"""Course structure (modules and ordered activities), activity results and programme completion."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import StreamField

from courses.learning.blocks import PageContentBlock


class CourseModule(models.Model):
    """A titled group of activities in a course, in order."""

    course = models.ForeignKey(
        "courses.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="modules"
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["course", "position", "pk"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return self.title


class Activity(ClusterableModel):
    """One thing a trainee does in a course. Higher apps attach their object to it by foreign key
    (a content package, a quiz); ``courses`` only knows the kind and the result. A page activity's
    content is in ``contents``, one row per language."""

    class Kind(models.TextChoices):
        CONTENT = "content", _("Content package")
        QUIZ = "quiz", _("Quiz")
        SESSION = "session", _("In-person session")
        PAGE = "page", _("Page")
        FILE = "file", _("File")

    module = models.ForeignKey(
        CourseModule, verbose_name=_("module"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Completion(models.TextChoices):
        VIEWED = "viewed", _("When the trainee opens it")
        MARKED = "marked", _("When the trainee marks it as done")

    required = models.BooleanField(_("required for completion"), default=True)
    completion = models.CharField(
        _("a page is complete"),
        max_length=10,
        choices=Completion.choices,
        default=Completion.VIEWED,
        help_text=_("For a page activity. A file is complete when downloaded, a session when attended."),
    )
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Release conditions: both must hold when set.
    released_after = models.ForeignKey(
        "self",
        verbose_name=_("available after completing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_from = models.DateTimeField(_("available from"), null=True, blank=True)

    class Meta:
        ordering = ["module__position", "position", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.title

    def content_for(self, language: str | None = None) -> "ActivityContent | None":
        """The page's content in ``language`` (the active one by default), else in Arabic, else any.

        Reads the prefetched ``contents`` when they are."""
        language = language or get_language() or "ar"
        contents = sorted(self.contents.all(), key=lambda c: c.pk)
        for wanted in (language, "ar"):
            for content in contents:
                if content.language == wanted:
                    return content
        return contents[0] if contents else None


class ActivityContent(models.Model):
    """A page activity's rich content in one of the site's languages (Arabic, Kurdish, English)."""

    activity = ParentalKey(Activity, on_delete=models.CASCADE, related_name="contents")
    language = models.CharField(
        _("language"), max_length=5, choices=[("ar", "العربية"), ("ckb", "کوردی"), ("en", "English")]
    )
    body = StreamField(PageContentBlock(), verbose_name=_("content"), blank=True)

    class Meta:
        verbose_name = _("page content")
        verbose_name_plural = _("page content, one per language")
        constraints = [
            models.UniqueConstraint(fields=["activity", "language"], name="one_page_content_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.get_language_display()}"


class ActivityResult(models.Model):
    """The best-known result of one trainee's enrolment in one activity."""

    enrolment = models.ForeignKey("courses.Enrolment", on_delete=models.CASCADE, related_name="results")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="results")
    score = models.DecimalField(
        _("score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    completed = models.BooleanField(_("completed"), default=False)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("activity result")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "activity"], name="one_result_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.score}"


class ProgrammeCompletion(models.Model):
    """A person completed every course of a programme. Unique, so the signal fires once."""

    user = models.ForeignKey("people.User", on_delete=models.PROTECT, related_name="programme_completions")
    programme = models.ForeignKey(
        "courses.ProgrammePage", on_delete=models.PROTECT, related_name="completions"
    )
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "programme"], name="programme_completed_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.programme}"
