"""The summaries answer every slice they are counted for with the fact table's own numbers, and
fall back to the fact table when they lag it or the request is narrower (ADR 0016)."""

import datetime

import pandas as pd
import pytest
from django.utils import timezone

from analytics.records.models import TrainingRecord
from analytics.reports import REPORTS
from analytics.reports.access import Scope
from analytics.reports.filters import ReportFilters
from analytics.summaries.models import Figure, SummaryState
from analytics.summaries.queries import slice_for
from analytics.summaries.services import summaries_changed, summaries_rebuild
from analytics.tasks import summaries_rebuild_task
from tests.analytics.factories import built_world

pytestmark = pytest.mark.django_db
EVERYTHING = Scope(hub_ids=None, personal_data=True)
SUMMARISED = ("funnel", "reach", "governorates", "reach-target", "cascade", "cascade-governorate")


@pytest.fixture
def world(monkeypatch):
    return built_world(monkeypatch)


def requests(world) -> list[tuple[Scope, ReportFilters]]:
    hub = Scope(hub_ids=frozenset({world.h1.pk}), personal_data=False)
    return [
        (EVERYTHING, ReportFilters()),
        (EVERYTHING, ReportFilters(governorate=world.basra.pk)),
        (EVERYTHING, ReportFilters(programme=world.programme.pk)),
        (EVERYTHING, ReportFilters(course=world.course_a.pk)),
        (EVERYTHING, ReportFilters(hub=world.h2.pk)),
        (EVERYTHING, ReportFilters(gender="male")),
        (EVERYTHING, ReportFilters(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 12, 31))),
        (hub, ReportFilters()),
        (hub, ReportFilters(hub=world.h1.pk)),
    ]


def built(key: str, scope: Scope, filters: ReportFilters) -> pd.DataFrame:
    return REPORTS[key].build(filters=filters, scope=scope).frame.reset_index(drop=True)


def test_every_slice_reads_the_same_numbers_from_the_summaries_as_from_the_fact_table(world):
    cases = requests(world)
    for scope, filters in cases:
        assert slice_for(filters=filters, scope=scope) is not None
    from_summaries = {
        (key, n): built(key, scope, f) for key in SUMMARISED for n, (scope, f) in enumerate(cases)
    }
    summaries = {
        key: REPORTS[key].build(filters=ReportFilters(), scope=EVERYTHING).summary for key in SUMMARISED
    }
    Figure.objects.all().delete()
    SummaryState.objects.all().delete()
    for (key, n), frame in from_summaries.items():
        scope, filters = cases[n]
        pd.testing.assert_frame_equal(
            frame, built(key, scope, filters), check_dtype=False, obj=f"{key} {filters}"
        )
    for key, summary in summaries.items():
        assert REPORTS[key].build(filters=ReportFilters(), scope=EVERYTHING).summary == summary


def test_narrower_requests_and_hub_coordinators_of_several_hubs_read_the_fact_table(world):
    both = Scope(hub_ids=frozenset({world.h1.pk, world.h2.pk}), personal_data=False)
    assert slice_for(filters=ReportFilters(), scope=both) is None
    assert (
        slice_for(filters=ReportFilters(governorate=world.basra.pk, gender="male"), scope=EVERYTHING) is None
    )
    assert slice_for(filters=ReportFilters(start=datetime.date(2026, 1, 1)), scope=EVERYTHING) is None
    assert slice_for(filters=ReportFilters(master_trainer=world.mt1.pk), scope=EVERYTHING) is None
    one = Scope(hub_ids=frozenset({world.h1.pk}), personal_data=False)
    # A coordinator of H1 asking for H2 gets no slice, and no figures (their scope comes first).
    assert slice_for(filters=ReportFilters(hub=world.h2.pk), scope=one) is None
    assert [
        r["enrolments"]
        for r in REPORTS["funnel"].build(filters=ReportFilters(hub=world.h2.pk), scope=one).rows()
    ] == [0, 0, 0, 0]


def test_a_change_reads_through_to_the_fact_table_until_the_summaries_are_counted_again(world, settings):
    settings.ANALYTICS_SUMMARY_MAX_LAG = 0
    assert REPORTS["funnel"].build(filters=ReportFilters(), scope=EVERYTHING).rows()[0]["enrolments"] == 9
    TrainingRecord.objects.filter(enrolment_id=world.enrolments[(world.c2.title, 7)].pk).delete()
    summaries_changed()
    assert SummaryState.objects.get().changed_since is not None
    # The summaries still count 9; the report reads the fact table's 8 while they lag.
    assert Figure.objects.get(dimension="", measure="funnel").n1 == 9
    assert REPORTS["funnel"].build(filters=ReportFilters(), scope=EVERYTHING).rows()[0]["enrolments"] == 8
    assert summaries_rebuild_task.apply().get() > 0
    assert Figure.objects.get(dimension="", measure="funnel").n1 == 8
    assert SummaryState.objects.get().changed_since is None
    # Run again with nothing changed: nothing to do.
    assert summaries_rebuild_task.apply().get() == 0.0


def test_summaries_within_the_allowed_lag_are_read(world, settings):
    settings.ANALYTICS_SUMMARY_MAX_LAG = 600
    SummaryState.objects.update(changed_since=timezone.now() - datetime.timedelta(seconds=60))
    Figure.objects.filter(dimension="", measure="funnel").update(n1=1000)
    assert REPORTS["funnel"].build(filters=ReportFilters(), scope=EVERYTHING).rows()[0]["enrolments"] == 1000
    SummaryState.objects.update(changed_since=timezone.now() - datetime.timedelta(seconds=601))
    assert REPORTS["funnel"].build(filters=ReportFilters(), scope=EVERYTHING).rows()[0]["enrolments"] == 9


def test_a_rebuild_already_under_way_is_not_doubled(world):
    from django.core.cache import cache

    from analytics.summaries.services import LOCK

    cache.add(LOCK, 1)
    try:
        assert summaries_rebuild() == -1.0
    finally:
        cache.delete(LOCK)
    assert summaries_rebuild() >= 0
