"""The instructors' side of assessment in the Wagtail admin: the question bank (edit → new
version, with a regrade), two-step import and export, quiz settings and questions, the grading
queue (rubric grading and overrides with a reason) and item analysis. Views parse and call one
service each; ``access.py`` decides who reaches what."""

import json
import re
import uuid
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .access import answers_in_reach, may_author, quiz_activities, quizzes_in_reach
from .analysis.gain import learning_gain
from .analysis.items import item_analysis
from .attempts.models import Attempt, AttemptQuestion
from .attempts.pages import shown
from .bank.models import Question, QuestionCategory
from .bank.services import question_revise
from .errors import AssessmentError
from .formats.services import questions_export, questions_import, questions_import_check
from .grading.services import essay_grade, mark_override, question_regrade
from .quizzes.models import Quiz, QuizSlot
from .quizzes.services import quiz_create, quiz_question_add, quiz_random_add

NAMESPACE = "assessment_admin"
# A checked file waiting for confirmation: a random id, then the uploaded file's name.
HELD_TOKEN = re.compile(r"[0-9a-f]{32}-[\w .()-]{1,60}")
UNSAFE_NAME = re.compile(r"[^\w .()-]")


def _id(value) -> int:
    """A primary key from a form field; 0 (found nowhere) for anything else."""
    return (
        int(value)
        if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 12
        else 0
    )


def _url(name: str, *args) -> str:
    return reverse(f"{NAMESPACE}:{name}", args=args)


class AuthorMixin(WagtailAdminTemplateMixin):
    def dispatch(self, request, *args, **kwargs):
        if not may_author(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --- Question bank -------------------------------------------------------------------------------


class BankView(AuthorMixin, TemplateView):
    template_name = "certification/admin/bank.html"
    page_title = gettext_lazy("Question bank")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        categories = QuestionCategory.objects.annotate(n=Count("questions")).order_by("name")
        chosen = self.request.GET.get("category")
        questions = (
            Question.objects.filter(archived=False)
            .select_related("current", "category")
            .prefetch_related("tags")
        )
        if chosen and chosen.isdigit():
            questions = questions.filter(category_id=chosen)
        context.update(categories=categories, questions=questions[:500], chosen=chosen)
        return context


class QuestionForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 4}))
    data = forms.CharField(
        label=gettext_lazy("Answer data (JSON)"),
        widget=forms.Textarea(attrs={"rows": 10, "dir": "ltr"}),
        help_text=gettext_lazy("The answers and their marks; see the guide for each kind."),
    )
    general_feedback = forms.CharField(
        label=gettext_lazy("General feedback"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    regrade = forms.BooleanField(
        label=gettext_lazy("Regrade the answers already submitted with the new version"), required=False
    )

    def clean_data(self):
        try:
            data = json.loads(self.cleaned_data["data"])
        except ValueError as error:
            raise forms.ValidationError(_("This is not valid JSON.")) from error
        if not isinstance(data, dict):
            raise forms.ValidationError(_("The answer data must be a JSON object."))
        return data


class QuestionEditView(AuthorMixin, TemplateView):
    """Editing makes a new version; attempts keep the version they were given."""

    template_name = "certification/admin/question_edit.html"
    page_title = gettext_lazy("Edit question")

    @cached_property
    def question(self) -> Question:
        return get_object_or_404(Question.objects.select_related("current"), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return str(self.question)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        current = self.question.current
        form = form or QuestionForm(
            initial={
                "name": current.name,
                "text": current.text,
                "data": json.dumps(current.data, ensure_ascii=False, indent=2),
                "general_feedback": current.general_feedback,
            }
        )
        context.update(form=form, question=self.question, versions=self.question.versions.order_by("-number"))
        return context

    def post(self, request, *args, **kwargs):
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                version = question_revise(
                    question=self.question,
                    by=request.user,
                    text=form.cleaned_data["text"],
                    data=form.cleaned_data["data"],
                    name=form.cleaned_data["name"],
                    general_feedback=form.cleaned_data["general_feedback"],
                )
            except AssessmentError as error:
                form.add_error(None, error.message)
            else:
                message = _("Version %(n)s saved.") % {"n": version.number}
                if form.cleaned_data["regrade"]:
                    changed = question_regrade(question=self.question, by=request.user)
                    message += " " + _("%(n)s answers changed mark.") % {"n": changed}
                messages.success(request, message)
                return redirect(_url("bank"))
        return self.render_to_response(self.get_context_data(form=form))


# --- Import and export ---------------------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("GIFT or Moodle XML file"))
    category = forms.ModelChoiceField(
        label=gettext_lazy("Into the category"), queryset=QuestionCategory.objects.all(), required=False
    )
    new_category = forms.CharField(label=gettext_lazy("or a new category"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("category") and not (cleaned.get("new_category") or "").strip():
            raise forms.ValidationError(_("Choose a category or name a new one."))
        return cleaned


class ImportView(AuthorMixin, TemplateView):
    """Step one: check (report, nothing written); step two: confirm (the good ones imported)."""

    template_name = "certification/admin/import.html"
    page_title = gettext_lazy("Import questions")

    def _held_path(self, token: str) -> str:
        return f"assessment-imports/{self.request.user.pk}/{token}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ImportForm())
        return context

    def post(self, request, *args, **kwargs):
        if request.POST.get("token"):
            return self._confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        upload = form.cleaned_data["file"]
        content = upload.read(6 * 1024 * 1024)
        try:
            report = questions_import_check(content=content, filename=upload.name)
        except AssessmentError as error:
            form.add_error("file", error.message)
            return self.render_to_response(self.get_context_data(form=form))
        token = uuid.uuid4().hex + "-" + UNSAFE_NAME.sub("_", upload.name[-60:])
        default_storage.save(self._held_path(token), ContentFile(content))
        category = form.cleaned_data["category"]
        return self.render_to_response(
            self.get_context_data(
                form=form,
                report=report,
                token=token,
                category_id=category.pk if category else "",
                new_category=form.cleaned_data["new_category"],
            )
        )

    def _confirm(self, request):
        token = request.POST["token"]
        if not HELD_TOKEN.fullmatch(token) or not default_storage.exists(self._held_path(token)):
            messages.error(request, _("The checked file is no longer here; upload it again."))
            return redirect(_url("import"))
        with default_storage.open(self._held_path(token)) as held:
            content = held.read()
        category = QuestionCategory.objects.filter(pk=_id(request.POST.get("category"))).first()
        if category is None:
            name = (request.POST.get("new_category") or "").strip()[:200] or _("Imported questions")
            category = QuestionCategory.objects.get_or_create(name=name, parent=None)[0]
        try:
            report = questions_import(
                content=content,
                filename=token.split("-", 1)[1],
                category=category,
                by=request.user,
                confirm_refused=True,
            )
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect(_url("import"))
        default_storage.delete(self._held_path(token))
        messages.success(
            request,
            _("%(imported)s questions imported, %(refused)s refused.")
            % {"imported": report.imported, "refused": len(report.refused)},
        )
        return redirect(reverse(f"{NAMESPACE}:bank") + f"?category={category.pk}")


def export_view(request, category_id: int) -> HttpResponse:
    if not may_author(request.user):
        raise PermissionDenied
    category = get_object_or_404(QuestionCategory, pk=category_id)
    response = HttpResponse(
        questions_export(category=category), content_type="application/xml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="questions-{category.pk}.xml"'
    return response


# --- Quizzes -------------------------------------------------------------------------------------


class QuizzesView(AuthorMixin, TemplateView):
    template_name = "certification/admin/quizzes.html"
    page_title = gettext_lazy("Quizzes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quizzes = quizzes_in_reach(self.request.user).annotate(
            waiting=Count("attempts__questions", filter=Q(attempts__questions__needs_manual=True)),
            taken=Count("attempts", filter=Q(attempts__state=Attempt.State.GRADED), distinct=True),
        )
        context.update(
            quizzes=quizzes.order_by(
                "activity__module__course__title", "activity__module__position", "activity__position"
            ),
            without=quiz_activities(self.request.user).filter(quiz__isnull=True),
        )
        return context

    def post(self, request, *args, **kwargs):
        activity = get_object_or_404(quiz_activities(request.user), pk=_id(request.POST.get("activity")))
        try:
            quiz = quiz_create(activity=activity)
        except AssessmentError as error:
            messages.error(request, error.message)
            return redirect(_url("quizzes"))
        return redirect(_url("quiz_settings", quiz.pk))


class QuizMixin(AuthorMixin):
    @cached_property
    def quiz(self) -> Quiz:
        return get_object_or_404(quizzes_in_reach(self.request.user), pk=self.kwargs["pk"])

    def get_page_subtitle(self):
        return self.quiz.activity.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["quiz"] = self.quiz
        return context


class QuizSettingsForm(forms.ModelForm):
    class Meta:
        model = Quiz
        fields = [
            "intro",
            "purpose",
            "opens_at",
            "closes_at",
            "time_limit_minutes",
            "overdue",
            "grace_minutes",
            "attempts_allowed",
            "grading_method",
            "pass_mark",
            "layout",
            "shuffle_questions",
            "shuffle_choices",
            "show_feedback",
            "show_correct",
            "review",
        ]
        widgets = {
            "opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }


class QuizSettingsView(QuizMixin, TemplateView):
    template_name = "certification/admin/quiz_settings.html"
    page_title = gettext_lazy("Quiz settings")

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = form or QuizSettingsForm(instance=self.quiz)
        return context

    def post(self, request, *args, **kwargs):
        form = QuizSettingsForm(request.POST, instance=self.quiz)
        if form.is_valid():
            form.save()
            messages.success(request, _("Quiz settings saved."))
            return redirect(_url("quiz_questions", self.quiz.pk))
        return self.render_to_response(self.get_context_data(form=form))


class QuizQuestionsView(QuizMixin, TemplateView):
    template_name = "certification/admin/quiz_questions.html"
    page_title = gettext_lazy("Quiz questions")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            slots=self.quiz.slots.select_related("question__current", "category"),
            questions=Question.objects.filter(archived=False, current__isnull=False).select_related(
                "current", "category"
            ),
            categories=QuestionCategory.objects.annotate(n=Count("questions")).filter(n__gt=0),
        )
        return context

    def post(self, request, *args, **kwargs):
        try:
            if request.POST.get("remove"):
                QuizSlot.objects.filter(quiz=self.quiz, pk=_id(request.POST["remove"])).delete()
            elif request.POST.get("question"):
                question = get_object_or_404(Question, pk=_id(request.POST["question"]))
                quiz_question_add(quiz=self.quiz, question=question)
            elif request.POST.get("category"):
                category = get_object_or_404(QuestionCategory, pk=_id(request.POST["category"]))
                count = _id(request.POST.get("count"))
                quiz_random_add(quiz=self.quiz, category=category, count=count)
        except (AssessmentError, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Give a whole number of questions.")))
        return redirect(_url("quiz_questions", self.quiz.pk))


class AnalysisView(QuizMixin, TemplateView):
    template_name = "certification/admin/analysis.html"
    page_title = gettext_lazy("Item analysis")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            items=item_analysis(quiz=self.quiz),
            gains=learning_gain(course_id=self.quiz.activity.module.course_id),
            attempts=Attempt.objects.filter(quiz=self.quiz)
            .select_related("user")
            .order_by("-started_at")[:200],
        )
        return context


# --- Grading -------------------------------------------------------------------------------------


class GradingQueueView(AuthorMixin, TemplateView):
    template_name = "certification/admin/grading_queue.html"
    page_title = gettext_lazy("Grading queue")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["waiting"] = (
            answers_in_reach(self.request.user)
            .filter(needs_manual=True)
            .select_related("attempt__user", "attempt__quiz__activity", "version")
            .order_by("attempt__submitted_at")[:200]
        )
        return context


class AttemptAdminView(AuthorMixin, TemplateView):
    """One attempt's answers with their marks; each answer can be graded (essays) or overridden."""

    template_name = "certification/admin/attempt.html"
    page_title = gettext_lazy("Attempt")

    @cached_property
    def attempt(self) -> Attempt:
        return get_object_or_404(
            Attempt.objects.filter(quiz__in=quizzes_in_reach(self.request.user).values("pk")).select_related(
                "quiz__activity", "user"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return f"{self.attempt.user} — {self.attempt.quiz}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        held = self.attempt.questions.select_related("version").prefetch_related("mark_changes__by")
        context.update(attempt=self.attempt, answers=[shown(q) for q in held])
        return context

    def post(self, request, *args, **kwargs):
        answer = get_object_or_404(AttemptQuestion, attempt=self.attempt, pk=_id(request.POST.get("answer")))
        try:
            if answer.needs_manual:
                rubric = answer.version.data.get("rubric") or []
                points = {str(i): float(request.POST.get(f"points-{i}") or 0) for i in range(len(rubric))}
                essay_grade(
                    question=answer, by=request.user, points=points, comment=request.POST.get("comment", "")
                )
            else:
                percent = Decimal(request.POST.get("percent") or "x")
                mark_override(
                    question=answer,
                    by=request.user,
                    fraction=percent / 100,
                    reason=request.POST.get("reason", ""),
                )
        except (AssessmentError, InvalidOperation, ValueError) as error:
            messages.error(request, getattr(error, "message", _("Give the mark as a number.")))
        else:
            messages.success(request, _("Mark saved."))
        return redirect(_url("attempt", self.attempt.pk))


class AssessmentViewSet(ViewSet):
    name = NAMESPACE
    icon = "tasks"

    def get_urlpatterns(self):
        return [
            path("bank/", BankView.as_view(), name="bank"),
            path("bank/<int:pk>/edit/", QuestionEditView.as_view(), name="question_edit"),
            path("bank/import/", ImportView.as_view(), name="import"),
            path("bank/export/<int:category_id>/", export_view, name="export"),
            path("quizzes/", QuizzesView.as_view(), name="quizzes"),
            path("quizzes/<int:pk>/settings/", QuizSettingsView.as_view(), name="quiz_settings"),
            path("quizzes/<int:pk>/questions/", QuizQuestionsView.as_view(), name="quiz_questions"),
            path("quizzes/<int:pk>/analysis/", AnalysisView.as_view(), name="analysis"),
            path("grading/", GradingQueueView.as_view(), name="grading"),
            path("attempts/<int:pk>/", AttemptAdminView.as_view(), name="attempt"),
        ]
