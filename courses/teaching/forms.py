"""Forms of the instructors' and hub coordinators' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import AttendanceRecord
from courses.teaching.queries import RegisterRow

Status = AttendanceRecord.Status


class RegisterForm(forms.Form):
    """One radio group per trainee (``status_<enrolment id>``); a row left empty records nothing.

    The second submit button, ``rest_present``, marks everyone left empty as present.
    """

    def __init__(self, *args, rows: list[RegisterRow], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            self.fields[self.field_name(row)] = forms.ChoiceField(
                label=row.enrolment.user.get_full_name(),
                choices=Status.choices,
                required=False,
                initial=row.status or None,
                widget=forms.RadioSelect,
            )

    @staticmethod
    def field_name(row: RegisterRow) -> str:
        return f"status_{row.enrolment.pk}"

    def entries(self) -> list[tuple[RegisterRow, forms.BoundField]]:
        return [(row, self[self.field_name(row)]) for row in self.rows]

    def marks(self) -> dict[int, str]:
        """{enrolment id: status} for the rows given a status (all rows with ``rest_present``)."""
        rest = Status.PRESENT if self.data.get("rest_present") else ""
        marks = {}
        for row in self.rows:
            status = self.cleaned_data.get(self.field_name(row)) or rest
            if status:
                marks[row.enrolment.pk] = status
        return marks


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the rejection"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give a reason for the rejection.")},
    )
