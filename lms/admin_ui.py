"""Pieces of the Wagtail admin's interface shared by every app (through ``lms.api``)."""

from wagtail.admin.ui.tables import Column


class FlagColumn(Column):
    """Yes, no or not known, as an icon with a translated label for screen readers and a tooltip.

    Wagtail's ``BooleanColumn`` titles its icons with Python's "True" and "False", in English
    whatever the admin's language.
    """

    cell_template_name = "lms/admin/flag_cell.html"

    def __init__(self, name, *, yes, no, unknown="", **kwargs):
        super().__init__(name, **kwargs)
        self.labels = {True: yes, False: no, None: unknown}

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        value = context["raw_value"]
        context["flag"] = None if value is None else bool(value)
        context["label"] = self.labels[context["flag"]]
        return context
