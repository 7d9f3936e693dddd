"""Wagtail's user management, fitted to Tadrib's user model (no first or last name fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

_PERSON_FIELDS = [
    "email",
    "phone",
    "employee_number",
    "full_name_ar",
    "full_name_latin",
    "gender",
    "organisation",
    "governorate",
    "job_title",
    "preferred_language",
]


class _PersonFieldsMixin(forms.ModelForm):
    first_name = None
    last_name = None
    email = forms.EmailField(required=False, label=_("E-mail address"))

    def clean_email(self) -> str | None:
        return self.cleaned_data.get("email") or None

    def clean_employee_number(self) -> str | None:
        return (self.cleaned_data.get("employee_number") or "").strip() or None


class PersonCreationForm(_PersonFieldsMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = {*_PERSON_FIELDS, "is_superuser", "groups"}


class PersonEditForm(_PersonFieldsMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = {*_PERSON_FIELDS, "is_active", "is_superuser", "groups"}


class PersonViewSet(UserViewSet):
    def get_form_class(self, for_update: bool = False):
        return PersonEditForm if for_update else PersonCreationForm
