"""Template helpers for report tables: a row's value by key, formatted by its column's kind."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def get(row: dict, key: str):
    return row.get(key)


@register.simple_tag
def cell(row: dict, column) -> str:
    value = row.get(column.key)
    if value is None:
        return "—"
    if column.kind == "pct":
        return f"{number_format(value, 1)} %"
    if column.kind == "num":
        return number_format(value, 1)
    if column.kind == "int":
        return number_format(int(value), force_grouping=True)
    return str(value)
