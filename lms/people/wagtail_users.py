"""Wagtail's user management, fitted to Tadrib's user model (no first or last name fields)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet

from lms.people.models import User
from lms.people.roles import Role

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
    "master_trainer",
    "preferred_language",
]


class _PersonFieldsMixin(forms.ModelForm):
    first_name = None
    last_name = None
    email = forms.EmailField(required=False, label=_("E-mail address"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The cascade's link (reports credit a trainer's people to their master trainer): any
        # master trainer but the person themselves, and whoever is set already.
        current = [self.instance.master_trainer_id] if self.instance.master_trainer_id else []
        self.fields["master_trainer"].queryset = (
            User.objects.filter(Q(groups__name=Role.MASTER_TRAINER.value) | Q(pk__in=current))
            .exclude(pk=self.instance.pk or 0)
            .distinct()
            .order_by("full_name_ar")
        )

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
