"""A small training world whose every figure was counted by hand (tests/analytics/README in
the docstring of ``known_world``), and a helper to fake certification's door when it is absent."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from analytics.records.models import Target
from analytics.records.services import records_rebuild
from courses.models import AttendanceRecord, Enrolment
from lms.people.roles import Role
from tests.courses.factories import CohortFactory, SessionFactory, course_page, programme_page
from tests.lms.factories import OrganisationFactory, TrainingHubFactory, UserFactory, governorate


@dataclass(frozen=True)
class FakeScores:
    pre: Decimal | None
    post: Decimal | None


@dataclass(frozen=True)
class FakeCertificate:
    serial: str
    status: str
    issued_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def known_world() -> SimpleNamespace:
    """Programme P (courses A, B); hubs H1 (Basra) and H2 (Baghdad); master trainers MT1 (over
    trainers T1, T2) and MT2 (who teaches in person); cohorts C1 (A, H1, T1, 10 seats, January
    2026), C2 (A, H2, T2, 5 seats, February), C3 (B, H1, MT2, 4 seats, March).

    C1: p1 completed, p2 completed, p3 failed, p4 withdrawn; two sessions held, p1 at both, p2 at one.
    C2: p5 completed, p6 active, p7 requested.  C3: p1 completed, p8 completed.
    Basra: p1–p4; Baghdad: p5, p6, p8; p7 has no governorate, p8 no organisation.
    Targets for P in 2026: all governorates 10, Basra 4, Baghdad 1.
    """
    basra, baghdad = governorate("basra"), governorate("baghdad")
    organisation = OrganisationFactory()
    course_a = course_page(title="A")
    course_b = course_page(title="B")
    programme = programme_page([course_a, course_b], title="P")
    h1 = TrainingHubFactory(governorate=basra, name_en="H1")
    h2 = TrainingHubFactory(governorate=baghdad, name_en="H2")
    staff = {"organisation": organisation}
    mt1 = UserFactory(
        role=Role.MASTER_TRAINER, governorate=basra, full_name_ar="المدرب الرئيسي الأول", **staff
    )
    mt2 = UserFactory(
        role=Role.MASTER_TRAINER, governorate=baghdad, full_name_ar="المدرب الرئيسي الثاني", **staff
    )
    t1 = UserFactory(role=Role.INSTRUCTOR, governorate=basra, master_trainer=mt1, **staff)
    t2 = UserFactory(role=Role.INSTRUCTOR, governorate=baghdad, master_trainer=mt1, **staff)
    places = {1: basra, 2: basra, 3: basra, 4: basra, 5: baghdad, 6: baghdad, 7: None, 8: baghdad}
    genders = {1: "female", 2: "male", 5: "female", 8: "male"}
    people = {
        n: UserFactory(
            governorate=places[n],
            organisation=None if n == 8 else organisation,
            gender=genders.get(n, "female"),
        )
        for n in range(1, 9)
    }
    c1 = CohortFactory(
        course=course_a,
        hub=h1,
        capacity=10,
        starts_on=datetime.date(2026, 1, 10),
        ends_on=datetime.date(2026, 1, 20),
    )
    c2 = CohortFactory(
        course=course_a,
        hub=h2,
        capacity=5,
        starts_on=datetime.date(2026, 2, 10),
        ends_on=datetime.date(2026, 2, 20),
    )
    c3 = CohortFactory(
        course=course_b,
        hub=h1,
        capacity=4,
        starts_on=datetime.date(2026, 3, 10),
        ends_on=datetime.date(2026, 3, 20),
    )
    c1.instructors.add(t1)
    c2.instructors.add(t2)
    c3.instructors.add(mt2)
    S = Enrolment.State
    plan = [
        (c1, 1, S.COMPLETED), (c1, 2, S.COMPLETED), (c1, 3, S.FAILED), (c1, 4, S.WITHDRAWN),
        (c2, 5, S.COMPLETED), (c2, 6, S.ACTIVE), (c2, 7, S.REQUESTED),
        (c3, 1, S.COMPLETED), (c3, 8, S.COMPLETED),
    ]  # fmt: skip
    enrolments = {}
    for cohort, n, state in plan:
        enrolments[(cohort.title, n)] = Enrolment.objects.create(
            user=people[n],
            cohort=cohort,
            state=state,
            requested_at=_at(cohort.starts_on - datetime.timedelta(days=5)),
            completed_at=_at(cohort.ends_on) if state == S.COMPLETED else None,
        )
    sessions = [
        SessionFactory(
            cohort=c1, starts_at=_at(c1.starts_on), ends_at=_at(c1.starts_on) + datetime.timedelta(hours=2)
        ),
        SessionFactory(
            cohort=c1, starts_at=_at(c1.ends_on), ends_at=_at(c1.ends_on) + datetime.timedelta(hours=2)
        ),
    ]
    for session, n in [(sessions[0], 1), (sessions[1], 1), (sessions[0], 2)]:
        AttendanceRecord.objects.create(
            session=session, enrolment=enrolments[(c1.title, n)], status=AttendanceRecord.Status.PRESENT
        )
    Target.objects.create(programme=programme, year=2026, governorate=None, people=10)
    Target.objects.create(programme=programme, year=2026, governorate=basra, people=4)
    Target.objects.create(programme=programme, year=2026, governorate=baghdad, people=1)
    return SimpleNamespace(**locals())


def fake_certification(monkeypatch, world: SimpleNamespace) -> None:
    """Stand in for issue 11's and 12's readers while they are not on main: p1 (C1) passed from
    40 to 80 with a certificate expiring in 30 days, p2 from 50 to 70, p5's certificate revoked."""
    from certification import api

    e = world.enrolments
    c1, c2 = world.c1.title, world.c2.title
    soon = timezone.now() + datetime.timedelta(days=30)
    scores = {
        e[(c1, 1)].pk: FakeScores(Decimal(40), Decimal(80)),
        e[(c1, 2)].pk: FakeScores(Decimal(50), Decimal(70)),
    }
    certificates = {
        e[(c1, 1)].pk: FakeCertificate("S-1", "issued", _at(world.c1.ends_on), soon, None),
        e[(c2, 5)].pk: FakeCertificate("S-2", "revoked", _at(world.c2.ends_on), None, timezone.now()),
    }
    monkeypatch.setattr(
        api,
        "test_scores_for",
        lambda *, enrolment_ids: {i: scores[i] for i in enrolment_ids if i in scores},
        raising=False,
    )
    monkeypatch.setattr(
        api,
        "certificates_for",
        lambda *, enrolment_ids: {i: certificates[i] for i in enrolment_ids if i in certificates},
        raising=False,
    )


def built_world(monkeypatch) -> SimpleNamespace:
    world = known_world()
    fake_certification(monkeypatch, world)
    records_rebuild()
    return world
