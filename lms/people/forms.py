"""Forms for signing in, resetting a password and completing one's profile."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lms.people.models import User
from lms.people.tasks import email_send


class SignInForm(AuthenticationForm):
    username = forms.CharField(
        label=_("E-mail, phone or employee number"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "dir": "auto"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("The identifier or the password is wrong. Both fields may be case-sensitive."),
        "inactive": _("This account is inactive."),
    }


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's password reset, with the e-mail sent by a Celery task after the request commits."""

    def get_users(self, email: str):
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ) -> None:
        from django.template import loader

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(lambda: email_send.delay(subject=subject, body=body, to=[to_email]))


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "full_name_ar",
            "full_name_latin",
            "gender",
            "phone",
            "organisation",
            "governorate",
            "job_title",
            "preferred_language",
        ]
        widgets = {
            "full_name_latin": forms.TextInput(attrs={"dir": "ltr"}),
            "phone": forms.TextInput(attrs={"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("full_name_ar", "organisation", "governorate", "job_title"):
            self.fields[name].required = True
