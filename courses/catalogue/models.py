"""The catalogue as Wagtail pages: a catalogue index, programmes (learning paths) and courses."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from courses.text import normalise

RICH_TEXT_FEATURES = ["h3", "bold", "italic", "ol", "ul", "link"]


class Topic(models.Model):
    """A subject a course is about, for browsing and filtering (e.g. e-Governance Strategy)."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    name_ckb = models.CharField(_("name (Kurdish)"), max_length=120, blank=True)
    slug = models.SlugField(_("slug"), unique=True, allow_unicode=True)

    panels = [FieldPanel("name_ar"), FieldPanel("name_en"), FieldPanel("name_ckb"), FieldPanel("slug")]

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return getattr(self, f"name_{get_language() or 'ar'}", "") or self.name_ar


class FollowsCourseAccess:
    """Page permissions narrowed by ``courses.access``: an instructor changes only the courses they teach."""

    def permissions_for_user(self, user):
        from courses.access import CataloguePagePermissionTester  # courses.access imports these models

        return CataloguePagePermissionTester(user, self)


class CatalogueIndexPage(FollowsCourseAccess, Page):
    """The catalogue: every programme and course below it, searchable and filterable."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["lms.HomePage"]
    subpage_types = ["courses.ProgrammePage", "courses.CoursePage"]
    max_count_per_parent = 1
    template = "courses/catalogue/catalogue_index_page.html"

    class Meta:
        verbose_name = _("catalogue")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue.listing import NAMESPACE, catalogue_results_html
        from lms.api import page_cache_keep

        # Kept per person (ADR 0026): only its unfiltered listing is (no query string), and not
        # if its view is restricted (lms.routing).
        page_cache_keep(request, namespaces=[NAMESPACE])
        context = super().get_context(request, *args, **kwargs)
        context["results_html"] = catalogue_results_html(catalogue=self, request=request)
        return context


class CoursePageForm(WagtailAdminPageForm):
    """Languages of instruction as check boxes; instructors chosen among teaching staff only, and
    only by managers: for anyone else the field is read-only (a posted value is ignored), and a
    course they write is taught by them."""

    languages = forms.MultipleChoiceField(
        label=_("languages of instruction"),
        choices=[("ar", _("Arabic")), ("en", _("English")), ("ckb", _("Kurdish"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "instructors" in self.fields:
            from courses.access import teaching_staff  # courses.access imports these models

            current = [user.pk for user in self.instance.instructors.all()] if self.instance.pk else []
            field = self.fields["instructors"]
            field.queryset = field.queryset.filter(
                models.Q(pk__in=teaching_staff().values("pk")) | models.Q(pk__in=current)
            ).distinct()
            self._keep_instructors_unless_managed()

    def _keep_instructors_unless_managed(self) -> None:
        from courses.access import course_team_editable_by

        if self.for_user is None or course_team_editable_by(user=self.for_user):
            return
        field = self.fields["instructors"]
        field.disabled = True
        field.help_text = _("Only programme managers change who teaches a course.")
        if not self.instance.pk:
            # Disabled fields take their initial value: the author teaches the course they write.
            self.initial["instructors"] = [self.for_user.pk]


class FoldsSearchText:
    """Keeps ``search_text`` — title, summary and audience folded for Arabic-aware search
    (courses.text.normalise) — in step on every save."""

    def save(self, *args, **kwargs):
        self.search_text = normalise(" ".join([self.title, self.summary or "", self.audience or ""]))
        return super().save(*args, **kwargs)


class CoursePage(FollowsCourseAccess, FoldsSearchText, Page):
    """One course as the catalogue presents it; its cohorts, structure and records are models."""

    class DeliveryMode(models.TextChoices):
        ONLINE = "online", _("Online")
        BLENDED = "blended", _("Blended")
        IN_PERSON = "in_person", _("In person")

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")
        KURDISH = "ckb", _("Kurdish")

    summary = models.TextField(_("summary"), max_length=600)
    objectives = RichTextField(_("learning objectives"), blank=True, features=RICH_TEXT_FEATURES)
    audience = models.TextField(_("audience"), blank=True)
    duration_hours = models.DecimalField(_("duration (hours)"), max_digits=6, decimal_places=1, default=0)
    languages = models.JSONField(
        _("languages of instruction"), default=list, blank=True, help_text=_("Codes: ar, en, ckb.")
    )
    delivery_mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices, default=DeliveryMode.BLENDED
    )
    topics = ParentalManyToManyField("courses.Topic", verbose_name=_("topics"), blank=True)
    instructors = ParentalManyToManyField(
        "people.User", verbose_name=_("instructors"), blank=True, related_name="taught_courses"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accreditation = models.CharField(_("accreditation"), max_length=200, blank=True)
    cpd_hours = models.DecimalField(_("CPD hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    prerequisites = ParentalManyToManyField(
        "self", verbose_name=_("prerequisite courses"), blank=True, symmetrical=False, related_name="+"
    )
    # Completion rules (ARCHITECTURE.md step 5): all three must hold when set.
    completion_requires_all_activities = models.BooleanField(
        _("all required activities completed"), default=True
    )
    completion_minimum_score = models.DecimalField(
        _("minimum average score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    completion_minimum_attendance = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"), null=True, blank=True
    )
    search_text = models.TextField(editable=False, default="")  # see FoldsSearchText

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("audience"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("duration_hours"),
                FieldPanel("delivery_mode"),
                FieldPanel("languages"),
                FieldPanel("topics"),
                FieldPanel("instructors"),
            ],
            heading=_("Delivery"),
        ),
        MultiFieldPanel(
            [FieldPanel("accreditation"), FieldPanel("cpd_hours"), FieldPanel("prerequisites")],
            heading=_("Accreditation and prerequisites"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("completion_requires_all_activities"),
                FieldPanel("completion_minimum_score"),
                FieldPanel("completion_minimum_attendance"),
            ],
            heading=_("Completion rules"),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("delivery_mode")]
    parent_page_types = ["courses.CatalogueIndexPage", "courses.ProgrammePage"]
    subpage_types: list[str] = []
    base_form_class = CoursePageForm
    template = "courses/catalogue/course_page.html"

    class Meta:
        verbose_name = _("course")

    def clean(self) -> None:
        super().clean()
        unknown = set(self.languages or []) - set(self.Language.values)
        if unknown:
            raise ValidationError({"languages": _("Unknown language codes: %s") % ", ".join(sorted(unknown))})

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue.pages import course_page_context, course_page_keep

        course_page_keep(request, course=self)
        context = super().get_context(request, *args, **kwargs)
        context.update(course_page_context(course=self, user=request.user))
        course_page_keep(request, course=self, context=context)
        return context


class ProgrammePage(FollowsCourseAccess, FoldsSearchText, Page):
    """An ordered learning path of courses, e.g. the e-Governance master-trainer programme."""

    summary = models.TextField(_("summary"), max_length=600)
    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    audience = models.TextField(_("audience"), blank=True)
    target_trainees = models.PositiveIntegerField(_("target number of trainees"), null=True, blank=True)
    is_master_trainer_programme = models.BooleanField(_("master-trainer programme"), default=False)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_text = models.TextField(editable=False, default="")  # see FoldsSearchText

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("audience"),
        FieldPanel("image"),
        MultiFieldPanel(
            [FieldPanel("target_trainees"), FieldPanel("is_master_trainer_programme")], heading=_("Programme")
        ),
        InlinePanel("programme_courses", label=_("Courses, in order"), min_num=1),
    ]
    parent_page_types = ["courses.CatalogueIndexPage"]
    subpage_types = ["courses.CoursePage"]
    template = "courses/catalogue/programme_page.html"

    class Meta:
        verbose_name = _("programme")

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue.pages import programme_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_page_context(programme=self, user=request.user))
        return context


class ProgrammeCourse(Orderable):
    """One course's place in a programme's path."""

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="programme_courses")
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="programme_places"
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("programme course")
        constraints = [models.UniqueConstraint(fields=["programme", "course"], name="programme_course_once")]
