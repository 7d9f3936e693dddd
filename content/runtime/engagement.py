"""Engagement with each content package, for reports: from the attempts (time, completion) and
the LRS (statements sent in each attempt's registration). Previews and reset attempts left out.
Everything is counted by the database, grouped per package: ten million statements never reach
Python."""

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, Q, Sum

from content.data import PackageEngagementData
from content.lrs.models import Statement
from content.packages.models import ContentPackage
from content.runtime.models import Attempt


def package_engagement(*, user_ids: Iterable[int] | None = None) -> list[PackageEngagementData]:
    attempts = Attempt.objects.filter(is_preview=False, is_reset=False)
    if user_ids is not None:
        user_ids = list(set(user_ids))
        if not user_ids:
            return []  # nobody in reach (a hub with no trainees): an empty IN () has no SQL
        attempts = attempts.filter(user_id__in=user_ids)
    totals = {
        row["version__package_id"]: row
        for row in attempts.order_by()
        .values("version__package_id")
        .annotate(
            people=Count("user_id", distinct=True),
            attempts=Count("pk"),
            completed=Count("pk", filter=Q(completed=True)),
            seconds=Sum("total_seconds", default=0),
        )
    }
    registrations = (
        attempts.order_by().annotate(of_package=F("version__package_id")).values("registration", "of_package")
    )
    sql, params = registrations.query.sql_with_params()
    with connection.cursor() as cursor:
        # The attempts' own query (parameters bound by the driver) joined on the statements'
        # registration index.
        cursor.execute(
            f"SELECT a.of_package, count(*) FROM {Statement._meta.db_table} s "  # noqa: S608
            f"JOIN ({sql}) AS a ON s.registration = a.registration "
            "WHERE NOT s.voided GROUP BY a.of_package",
            params,
        )
        statements = dict(cursor.fetchall())
    titles = dict(ContentPackage.objects.filter(pk__in=list(totals)).values_list("pk", "title"))
    return [
        PackageEngagementData(
            package_id=package_id,
            title=titles.get(package_id, ""),
            people=row["people"],
            attempts=row["attempts"],
            completed=row["completed"],
            total_seconds=row["seconds"],
            statements=statements.get(package_id, 0),
        )
        for package_id, row in sorted(totals.items())
    ]
