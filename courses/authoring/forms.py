"""The small forms of the outline editor: a module's title; an activity's kind and title."""

from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Activity


class ModuleAddForm(forms.Form):
    title = forms.CharField(label=_("New module’s title"), max_length=200)


class ActivityAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("New activity’s title"), max_length=200)
