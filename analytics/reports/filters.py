"""The filters every report takes, parsed from the query string by a form: a bad value is a
message in the reader's language, never an error page."""

import datetime
from dataclasses import dataclass, fields

from django import forms
from django.utils.translation import gettext_lazy as _

from courses import api as courses_api
from lms import api as lms_api


@dataclass(frozen=True)
class ReportFilters:
    start: datetime.date | None = None
    end: datetime.date | None = None
    programme: int | None = None
    course: int | None = None
    governorate: int | None = None
    organisation: int | None = None
    hub: int | None = None
    gender: str = ""
    # Drill-down: one master trainer's cascade, one cohort.
    master_trainer: int | None = None
    cohort: int | None = None

    def as_query(self) -> dict[str, str]:
        """The filters as query-string parameters (empty ones left out)."""
        return {
            f.name: str(value) for f in fields(self) if (value := getattr(self, f.name)) not in (None, "")
        }


def _choices(options: dict[int, str]) -> list[tuple[str, str]]:
    return [("", "—"), *sorted(((str(pk), name) for pk, name in options.items()), key=lambda c: c[1])]


class FiltersForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    programme = forms.TypedChoiceField(label=_("Programme"), required=False, coerce=int, empty_value=None)
    course = forms.TypedChoiceField(label=_("Course"), required=False, coerce=int, empty_value=None)
    governorate = forms.TypedChoiceField(label=_("Governorate"), required=False, coerce=int, empty_value=None)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    hub = forms.TypedChoiceField(label=_("Training hub"), required=False, coerce=int, empty_value=None)
    gender = forms.ChoiceField(
        label=_("Gender"),
        required=False,
        choices=[("", "—"), ("female", _("Female")), ("male", _("Male"))],
    )
    master_trainer = forms.IntegerField(
        required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput
    )
    cohort = forms.IntegerField(required=False, min_value=1, max_value=2**62, widget=forms.HiddenInput)

    def __init__(self, *args, hub_ids: frozenset[int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].choices = _choices(courses_api.programme_names())
        self.fields["course"].choices = _choices(courses_api.course_names())
        self.fields["governorate"].choices = _choices({g.id: g.name for g in lms_api.governorates()})
        self.fields["organisation"].choices = _choices({o.id: o.name for o in lms_api.organisations()})
        hubs = {h.id: h.name for h in lms_api.training_hubs(include_inactive=True)}
        if hub_ids is not None:
            hubs = {pk: name for pk, name in hubs.items() if pk in hub_ids}
        self.fields["hub"].choices = _choices(hubs)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The start of the period must come before its end."))
        return data

    def filters(self) -> ReportFilters:
        data = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        return ReportFilters(**data)
