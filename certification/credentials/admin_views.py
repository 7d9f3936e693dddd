"""Staff pages in the Wagtail admin: issue a cohort's certificates, revoke or correct one.

Thin: each parses a form and calls one service, which checks who may do it and logs the change.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from certification.credentials.errors import CredentialsError
from certification.credentials.models import Certificate
from certification.credentials.services import (
    certificate_correct_name,
    certificate_revoke,
    certificates_issue_for_cohort,
)
from courses import api as courses


class CohortIssueForm(forms.Form):
    cohort = forms.TypedChoiceField(label=gettext_lazy("Cohort"), coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].choices = courses.cohort_choices(user=user)


class CertificateChangeForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Change"),
        choices=[
            ("revoke", gettext_lazy("Revoke")),
            ("correct", gettext_lazy("Correct the name and re-issue")),
        ],
    )
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=300)
    name_ar = forms.CharField(label=gettext_lazy("Name (Arabic script)"), max_length=200, required=False)
    name_latin = forms.CharField(label=gettext_lazy("Name (Latin script)"), max_length=200, required=False)


def cohort_issue(request):
    # Anyone in the admin may open it; the choices and the service keep to the cohorts they teach.
    form = CohortIssueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            summary = certificates_issue_for_cohort(cohort_id=form.cleaned_data["cohort"], by=request.user)
        except CredentialsError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "%(issued)s certificates issued, %(already)s already had one, %(refused)s do not meet the rule."
                )
                % {
                    "issued": len(summary.issued),
                    "already": summary.already,
                    "refused": len(summary.refused),
                },
            )
            return redirect("certification_cohort_issue")
    return TemplateResponse(request, "certification/admin/cohort_issue.html", {"form": form})


def certificate_change(request, pk: int):
    if not courses.manages_all_courses(user=request.user):
        raise PermissionDenied
    certificate = get_object_or_404(Certificate, pk=pk)
    form = CertificateChangeForm(
        request.POST or None,
        initial={
            "name_ar": certificate.facts.get("name_ar"),
            "name_latin": certificate.facts.get("name_latin"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "revoke":
                certificate_revoke(certificate=certificate, by=request.user, reason=data["reason"])
            else:
                certificate_correct_name(
                    certificate=certificate,
                    by=request.user,
                    reason=data["reason"],
                    name_ar=data["name_ar"],
                    name_latin=data["name_latin"],
                )
        except CredentialsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Certificate %(serial)s changed.") % {"serial": certificate.serial})
            return redirect("certification_certificate_change", pk=pk)
    return TemplateResponse(
        request,
        "certification/admin/certificate_change.html",
        {"certificate": certificate, "form": form, "changes": certificate.changes.select_related("by")},
    )
