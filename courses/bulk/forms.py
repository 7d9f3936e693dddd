"""The two forms of bulk enrolment: the upload, and the columns of the uploaded list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.bulk.mapping import FIELDS


def _examples(values: list[str]) -> str:
    # Each value isolated, so that "0770-12" or an e-mail address keeps its order in Arabic text.
    return " · ".join(f"\u2068{value}\u2069" for value in values)


class CohortChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cohort) -> str:
        return f"{cohort.course.title} · {cohort.title} ({cohort.starts_on:%Y-%m-%d})"


class UploadForm(forms.Form):
    cohort = CohortChoiceField(label=_("Cohort"), queryset=None, empty_label=_("Choose a cohort"))
    file = forms.FileField(
        label=_("Staff list"),
        help_text=_(
            "A CSV file (UTF-8 or Windows Arabic) or an Excel workbook (.xlsx). The first row names "
            "the columns; each person needs an e-mail address, a phone number or an employee number."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args, cohorts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts


class MappingForm(forms.Form):
    """One select per column of the file: which of our fields it holds, if any."""

    def __init__(self, *args, headers: list[str], sample: list[list[str]], mapping: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        field_of = {header: name for name, header in mapping.items()}
        choices = [("", _("Do not use")), *((field.name, field.label) for field in FIELDS)]
        for index, header in enumerate(headers):
            examples = [row[index] for row in sample if index < len(row) and row[index]]
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header,
                choices=choices,
                required=False,
                initial=field_of.get(header, ""),
                help_text=_("For example: %(values)s") % {"values": _examples(examples)} if examples else "",
            )

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for index, header in enumerate(self.headers):
            name = cleaned.get(f"column_{index}")
            if not name:
                continue
            if name in chosen:
                self.add_error(
                    f"column_{index}",
                    _("“%(other)s” already holds this field.") % {"other": chosen[name]},
                )
            chosen[name] = header
        return cleaned

    def mapping(self) -> dict[str, str]:
        """Our field → the header of the column that holds it."""
        return {
            self.cleaned_data[f"column_{index}"]: header
            for index, header in enumerate(self.headers)
            if self.cleaned_data.get(f"column_{index}")
        }
