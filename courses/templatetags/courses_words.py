"""Counted words in templates: a number with its noun in the form the reader's language needs.

Arabic has six plural forms ("ساعة واحدة", "ساعتان", "8 ساعات", "12 ساعة"), so a count is never
pasted into one translated sentence (ADR 0008).
"""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext, pgettext

register = template.Library()


@register.filter
def hours(value) -> str:
    """A duration in hours: "8 ساعات", "ساعتان", "1.5 ساعة"."""
    number = Decimal(value)
    shown = floatformat(number, -1)
    if number == number.to_integral_value():
        return ngettext("%(count)s hour", "%(count)s hours", int(number)) % {"count": shown}
    # A fraction takes its own form (Arabic: the singular after a decimal number).
    return pgettext("a fractional number of hours", "%(count)s hours") % {"count": shown}
