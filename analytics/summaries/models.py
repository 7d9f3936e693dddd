"""Figures counted ahead from the fact table, per slice, and when they were counted.

A slice is the whole table or the rows of one value of one filter (a governorate, a programme, a
course, a hub, a gender, a year of cohorts). Unique-people counts do not add up across slices or
groups, so each is counted within its own slice, never summed from smaller ones (ADR 0016).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Figure(models.Model):
    class Measure(models.TextChoices):
        # Ids in the numbers, 0 for none (no governorate on the profile; all governorates).
        # n1..n4 = enrolled, began, completed, certified
        FUNNEL = "funnel"
        # key "YYYY-MM" · n1 = people whose first completion in the slice fell in that month
        FIRST_MONTH = "first_month"
        # n1 = governorate id · n2 = people trained
        GOVERNORATE = "governorate"
        # n1 = master trainer id · n2..n4 = trainers, cohorts, people trained
        CASCADE = "cascade"
        # n1 = people trained through the cascade
        CASCADE_PEOPLE = "cascade_people"
        # n1 = governorate id · n2..n4 = trainers, cohorts, people trained
        CASCADE_GOVERNORATE = "cascade_gov"
        # n1..n3 = programme id, year, governorate id · n4 = people trained
        TARGET = "target"

    # "" for the whole table, else the filter's name ("governorate", "hub", …) and its value.
    dimension = models.CharField(max_length=12, blank=True)
    value = models.CharField(max_length=20, blank=True)
    measure = models.CharField(max_length=16, choices=Measure.choices)
    key = models.CharField(max_length=60, blank=True)
    n1 = models.BigIntegerField(default=0)
    n2 = models.BigIntegerField(default=0)
    n3 = models.BigIntegerField(default=0)
    n4 = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("summary figure")
        verbose_name_plural = _("summary figures")
        indexes = [models.Index(fields=["dimension", "value", "measure"], name="analytics_fig_slice")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} · {self.measure} · {self.key}"


class SummaryState(models.Model):
    """One row: when the summaries were last counted, and since when the fact table has changed
    without them."""

    built_at = models.DateTimeField(null=True)
    # The first change to the fact table not yet counted (None: the summaries are current).
    changed_since = models.DateTimeField(null=True)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("summary state")
        verbose_name_plural = _("summary states")

    def __str__(self) -> str:
        return f"{self.built_at} · {self.changed_since}"
