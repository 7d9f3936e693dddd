"""Certificates (issued, expiring, revoked), content engagement from the LRS, and data quality."""

import datetime

import pandas as pd
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from analytics.reports.access import Scope
from analytics.reports.base import Chart, Column, Drill, Names, ReportResult, frame, named, records, today
from analytics.reports.filters import ReportFilters
from content import api as content_api
from lms import api as lms_api

EXPIRING_DAYS = 90


def certificates(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per course: certificates issued, those still valid that expire within 90 days, revoked."""
    soon = today() + datetime.timedelta(days=EXPIRING_DAYS)
    grouped = (
        records(filters=filters, scope=scope)
        .exclude(certificate_status="")
        .order_by()
        .values("course_id")
        .annotate(
            issued=Count("pk", filter=Q(certificate_issued_on__isnull=False)),
            expiring=Count(
                "pk", filter=Q(certificate_status="issued", certificate_expires_on__range=(today(), soon))
            ),
            revoked=Count("pk", filter=Q(certificate_status="revoked")),
        )
    )
    table = frame(grouped, ["course_id", "issued", "expiring", "revoked"])
    table["name"] = named(table["course_id"], Names(scope=scope).courses())
    return ReportResult(
        columns=[
            Column("name", _("Course"), "text"),
            Column("issued", _("Issued")),
            Column("expiring", _("Expiring within 90 days")),
            Column("revoked", _("Revoked")),
        ],
        frame=table.sort_values("name").reset_index(drop=True),
        chart=Chart("bar", "name", ["issued"], _("Certificates issued")),
        drill=Drill("name", "course", "course_id", report="certificates"),
        summary=[(_("Certificates issued"), int(table["issued"].sum()))],
    )


def engagement(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Per content package: people, attempts, completion and time spent, with the LRS statements
    sent; of everyone for those who see everything unfiltered, else of the people in view."""
    people = None
    if not scope.is_whole or filters != ReportFilters():
        people = set(records(filters=filters, scope=scope).values_list("person_id", flat=True).distinct())
    rows = content_api.package_engagement(user_ids=people)
    table = (
        pd.DataFrame([vars(row) for row in rows])
        if rows
        else pd.DataFrame(
            columns=["package_id", "title", "people", "attempts", "completed", "total_seconds", "statements"]
        )
    )
    table["completion"] = (100 * table["completed"] / table["attempts"].where(table["attempts"] > 0)).round(1)
    table["hours"] = (table["total_seconds"] / 3600).round(1)
    table["minutes_each"] = (table["total_seconds"] / 60 / table["people"].where(table["people"] > 0)).round(
        1
    )
    return ReportResult(
        columns=[
            Column("title", _("Content package"), "text"),
            Column("people", _("People")),
            Column("attempts", _("Attempts")),
            Column("completion", _("Attempts completed (%)"), "pct"),
            Column("hours", _("Time spent (hours)"), "num"),
            Column("minutes_each", _("Minutes per person"), "num"),
            Column("statements", _("xAPI statements")),
        ],
        frame=table.sort_values("people", ascending=False).reset_index(drop=True),
        chart=Chart("bar", "title", ["hours"], _("Time spent (hours)")),
    )


def data_quality(*, filters: ReportFilters, scope: Scope) -> ReportResult:
    """Profiles missing an organisation or a governorate: of everyone for those who see
    everything, else of the people in the reader's cohorts; names only where allowed."""
    missing = pd.DataFrame(lms_api.people_missing_place(), columns=["person_id", "no_org", "no_gov"])
    if not scope.is_whole or filters != ReportFilters():
        people = set(records(filters=filters, scope=scope).values_list("person_id", flat=True).distinct())
        missing = missing[missing["person_id"].isin(people)]
    summary = [
        (_("Profiles missing an organisation"), int(missing["no_org"].sum())),
        (_("Profiles missing a governorate"), int(missing["no_gov"].sum())),
    ]
    table = missing.copy()
    table["name"] = named(table["person_id"], Names(scope=scope).people(table["person_id"]))
    table["missing"] = [
        ", ".join(str(label) for label, gap in ((_("organisation"), org), (_("governorate"), gov)) if gap)
        for org, gov in zip(table["no_org"], table["no_gov"], strict=True)
    ]
    return ReportResult(
        columns=[Column("name", _("Person"), "text"), Column("missing", _("Missing"), "text")],
        frame=table.reset_index(drop=True) if scope.personal_data else table.iloc[0:0],
        summary=summary,
    )
