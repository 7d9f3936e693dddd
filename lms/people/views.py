"""Thin views for signing in and out, resetting a password, one's profile and language."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.people import services
from lms.people.forms import ProfileForm, QueuedPasswordResetForm, SignInForm
from lms.people.models import User


class SignInView(auth_views.LoginView):
    template_name = "people/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "people/password_reset.html"
    form_class = QueuedPasswordResetForm
    email_template_name = "people/email/password_reset.txt"
    subject_template_name = "people/email/password_reset_subject.txt"
    success_url = reverse_lazy("people:password_reset_done")

    def form_valid(self, form):
        if services.password_reset_allowance_take(email=form.cleaned_data["email"]):
            return super().form_valid(form)
        form.add_error(
            None,
            _(
                "Several links were sent to this address in the last hour. Use the newest e-mail, "
                "or ask for a new link in an hour."
            ),
        )
        response = self.form_invalid(form)
        response.status_code = 429
        return response


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "people/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "people/password_reset_confirm.html"
    success_url = reverse_lazy("people:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "people/password_reset_complete.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        services.profile_update(user=user, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        return _remember_language(redirect("people:profile"), user.preferred_language)
    if request.method == "POST":
        # The form's errors are shown; the user object must not keep the rejected values.
        user.refresh_from_db()
    return render(request, "people/profile.html", {"form": form, "missing": user.profile_missing_fields})


@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Remember the chosen language in a cookie and, for a signed-in person, in their profile."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language not in dict(settings.LANGUAGES):
        return response
    if request.user.is_authenticated:
        services.preferred_language_set(user=request.user, language=language)
    return _remember_language(response, language)


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )
    return response
