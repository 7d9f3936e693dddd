"""A quiz is the object behind a course activity of kind "quiz" (one-to-one)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Quiz(models.Model):
    class Purpose(models.TextChoices):
        GRADED = "graded", _("Graded quiz")
        PRE_TEST = "pre_test", _("Pre-test")
        POST_TEST = "post_test", _("Post-test")

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        FIRST = "first", _("First attempt")
        LAST = "last", _("Last attempt")
        AVERAGE = "average", _("Average of attempts")

    class Layout(models.TextChoices):
        ONE_PER_PAGE = "one", _("One question per page")
        ALL = "all", _("All questions on one page")

    class Overdue(models.TextChoices):
        # Moodle's three: what happens to an attempt whose time runs out.
        AUTO_SUBMIT = "auto_submit", _("Submitted automatically with the answers saved")
        GRACE = "grace", _("A grace period to submit, no more answers")
        REFUSE = "refuse", _("Not counted unless submitted in time")

    class Review(models.TextChoices):
        AFTER_SUBMIT = "after_submit", _("Right after submitting")
        AFTER_CLOSE = "after_close", _("After the quiz closes")
        NEVER = "never", _("Never")

    activity = models.OneToOneField(
        "courses.Activity", verbose_name=_("activity"), on_delete=models.CASCADE, related_name="quiz"
    )
    intro = models.TextField(_("introduction"), blank=True)
    purpose = models.CharField(_("purpose"), max_length=12, choices=Purpose.choices, default=Purpose.GRADED)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    time_limit_minutes = models.PositiveIntegerField(_("time limit (minutes)"), null=True, blank=True)
    overdue = models.CharField(
        _("when time runs out"), max_length=12, choices=Overdue.choices, default=Overdue.AUTO_SUBMIT
    )
    grace_minutes = models.PositiveIntegerField(_("grace period (minutes)"), default=0)
    attempts_allowed = models.PositiveIntegerField(_("attempts allowed (0: unlimited)"), default=1)
    grading_method = models.CharField(
        _("attempt that counts"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    pass_mark = models.DecimalField(
        _("pass mark (%)"),
        max_digits=5,
        decimal_places=2,
        default=50,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    layout = models.CharField(_("layout"), max_length=4, choices=Layout.choices, default=Layout.ONE_PER_PAGE)
    shuffle_questions = models.BooleanField(_("shuffle questions"), default=False)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    show_feedback = models.BooleanField(_("show feedback in the review"), default=True)
    show_correct = models.BooleanField(_("show right answers in the review"), default=False)
    review = models.CharField(_("review"), max_length=12, choices=Review.choices, default=Review.AFTER_SUBMIT)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self) -> str:
        return self.activity.title


class QuizSlot(models.Model):
    """One place in the quiz: a fixed question, or ``count`` questions drawn from a category."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="slots")
    position = models.PositiveIntegerField(_("position"), default=0)
    question = models.ForeignKey(
        "certification.Question",
        verbose_name=_("question"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "certification.QuestionCategory",
        verbose_name=_("random from category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    count = models.PositiveIntegerField(_("how many at random"), default=1)
    mark = models.DecimalField(_("mark"), max_digits=6, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["quiz", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(question__isnull=False, category__isnull=True)
                | models.Q(question__isnull=True, category__isnull=False),
                name="quiz_slot_question_or_category",
            )
        ]
        verbose_name = _("quiz slot")
        verbose_name_plural = _("quiz slots")

    def __str__(self) -> str:
        return str(self.question or self.category)
