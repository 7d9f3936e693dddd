"""Engagement with each content package, for reports: from the attempts (time, completion) and
the LRS (statements sent in each attempt's registration). Previews and reset attempts left out."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count

from content.data import PackageEngagementData
from content.lrs.models import Statement
from content.packages.models import ContentPackage
from content.runtime.models import Attempt


def package_engagement(*, user_ids: Iterable[int] | None = None) -> list[PackageEngagementData]:
    attempts = Attempt.objects.filter(is_preview=False, is_reset=False)
    if user_ids is not None:
        attempts = attempts.filter(user_id__in=list(set(user_ids)))
    rows = list(
        attempts.values_list("version__package_id", "user_id", "completed", "total_seconds", "registration")
    )
    # Counted per registration in one grouped pass over the registration index, not per attempt.
    statements = Statement.objects.filter(voided=False, registration__isnull=False)
    if user_ids is not None:
        statements = statements.filter(registration__in=[row[4] for row in rows])
    per_registration = dict(
        statements.values("registration").annotate(n=Count("pk")).values_list("registration", "n")
    )
    people: dict[int, set[int]] = defaultdict(set)
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for package_id, user_id, completed, seconds, registration in rows:
        people[package_id].add(user_id)
        total = totals[package_id]
        total[0] += 1
        total[1] += int(completed)
        total[2] += seconds
        total[3] += per_registration.get(registration, 0)
    titles = dict(ContentPackage.objects.filter(pk__in=list(totals)).values_list("pk", "title"))
    return [
        PackageEngagementData(
            package_id=package_id,
            title=titles.get(package_id, ""),
            people=len(people[package_id]),
            attempts=attempts_n,
            completed=completed_n,
            total_seconds=seconds_n,
            statements=statements_n,
        )
        for package_id, (attempts_n, completed_n, seconds_n, statements_n) in sorted(totals.items())
    ]
