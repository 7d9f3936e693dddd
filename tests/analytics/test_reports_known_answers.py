"""Every report on the hand-counted world of ``tests/analytics/factories.known_world``."""

import pytest

from analytics.reports import REPORTS
from analytics.reports.access import Scope
from analytics.reports.filters import ReportFilters
from tests.analytics.factories import built_world

pytestmark = pytest.mark.django_db
EVERYTHING = Scope(hub_ids=None, personal_data=True)


@pytest.fixture
def world(monkeypatch):
    return built_world(monkeypatch)


def run(key: str, scope: Scope = EVERYTHING, **filters) -> list[dict]:
    return REPORTS[key].build(filters=ReportFilters(**filters), scope=scope).rows()


def test_reach_over_time_counts_each_person_once_in_their_first_month(world):
    rows = run("reach")
    assert [(r["month"], r["people"], r["cumulative"]) for r in rows] == [
        ("2026-01", 2, 2),
        ("2026-02", 1, 3),
        ("2026-03", 1, 4),
    ]


def test_reach_against_target_per_programme_year_and_governorate(world):
    rows = {r["governorate_id"]: r for r in run("reach-target")}
    overall = rows[None]
    assert (overall["target"], overall["reached"], overall["percent"]) == (10, 4, 40.0)
    basra, baghdad = rows[world.basra.pk], rows[world.baghdad.pk]
    assert (basra["target"], basra["reached"], basra["percent"]) == (4, 2, 50.0)
    assert (baghdad["target"], baghdad["reached"], baghdad["percent"]) == (1, 2, 200.0)


def test_reach_by_governorate_and_the_people_without_one(world):
    result = REPORTS["governorates"].build(filters=ReportFilters(), scope=EVERYTHING)
    people = {r["code"]: r["people"] for r in result.rows()}
    assert people["basra"] == 2 and people["baghdad"] == 2 and people["nineveh"] == 0
    assert len(people) == 19


def test_funnel(world):
    assert [r["enrolments"] for r in run("funnel")] == [9, 7, 5, 1]


def test_completion_and_pass_rates_per_course_then_cohort(world):
    rows = {r["course_id"]: r for r in run("rates")}
    a, b = rows[world.course_a.pk], rows[world.course_b.pk]
    assert (a["enrolments"], a["began"], a["completed"], a["failed"]) == (7, 5, 3, 1)
    assert (a["completion_rate"], a["pass_rate"]) == (60.0, 75.0)
    assert (b["completion_rate"], b["pass_rate"]) == (100.0, 100.0)
    cohorts = {r["cohort_id"]: r for r in run("rates", course=world.course_a.pk)}
    assert cohorts[world.c1.pk]["completion_rate"] == pytest.approx(66.7)
    assert cohorts[world.c2.pk]["completion_rate"] == 50.0


def test_cascade_per_master_trainer(world):
    rows = {r["master_trainer_id"]: r for r in run("cascade")}
    mt1, mt2 = rows[world.mt1.pk], rows[world.mt2.pk]
    assert (mt1["trainers"], mt1["cohorts"], mt1["people"], mt1["multiplier"]) == (2, 2, 3, 1.5)
    assert (mt2["trainers"], mt2["cohorts"], mt2["people"], mt2["multiplier"]) == (1, 1, 2, 2.0)
    assert mt1["name"] == "المدرب الرئيسي الأول"


def test_cascade_drilled_into_one_master_trainer_lists_their_cohorts(world):
    rows = {r["cohort_id"]: r for r in run("cascade", master_trainer=world.mt1.pk)}
    assert set(rows) == {world.c1.pk, world.c2.pk}
    assert (rows[world.c1.pk]["enrolled"], rows[world.c1.pk]["people"]) == (4, 2)
    assert (rows[world.c2.pk]["enrolled"], rows[world.c2.pk]["people"]) == (3, 1)
    assert rows[world.c1.pk]["trainer_id"] == world.t1.pk


def test_cascade_per_governorate(world):
    rows = {r["governorate_id"]: r for r in run("cascade-governorate")}
    basra = rows[world.basra.pk]
    assert (basra["trainers"], basra["cohorts"], basra["people"], basra["multiplier"]) == (2, 2, 2, 1.0)


def test_hub_utilisation(world):
    rows = {r["hub_id"]: r for r in run("hubs")}
    h1, h2 = rows[world.h1.pk], rows[world.h2.pk]
    assert (h1["cohorts"], h1["offered"], h1["filled"], h1["fill_rate"]) == (2, 14, 5, 35.7)
    assert h1["attendance"] == 50.0
    assert (h2["offered"], h2["filled"], h2["fill_rate"], h2["attendance"]) == (5, 2, 40.0, None)


def test_learning_gain(world):
    (row,) = run("gain")
    assert (row["course_id"], row["people"], row["pre"], row["post"], row["gain"]) == (
        world.course_a.pk,
        2,
        45.0,
        75.0,
        30.0,
    )


def test_certificates(world):
    (row,) = run("certificates")
    assert (row["issued"], row["expiring"], row["revoked"]) == (2, 1, 1)


def test_data_quality(world):
    result = REPORTS["quality"].build(filters=ReportFilters(), scope=EVERYTHING)
    assert [value for _label, value in result.summary] == [1, 1]


def test_filters_narrow_every_figure(world):
    assert [r["enrolments"] for r in run("funnel", governorate=world.baghdad.pk)] == [3, 3, 2, 0]
    assert [r["enrolments"] for r in run("funnel", gender="male")] == [2, 2, 2, 0]
    assert run("reach", start=world.c2.starts_on)[-1]["cumulative"] == 3


def test_a_hub_coordinator_scope_counts_only_their_hub(world):
    h2_only = Scope(hub_ids=frozenset({world.h2.pk}), personal_data=False)
    assert [r["enrolments"] for r in run("funnel", scope=h2_only)] == [3, 2, 1, 0]
    assert run("funnel", scope=h2_only, hub=world.h1.pk)[0]["enrolments"] == 0
    (row,) = run("cascade", scope=h2_only)
    assert (row["cohorts"], row["people"]) == (1, 1)
    assert row["name"] == f"#{world.mt1.pk}"
