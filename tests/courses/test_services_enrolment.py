"""The enrolment lifecycle: seats, waitlist, approval, withdrawal, every change recorded."""

import datetime

import pytest
from django.utils import timezone

from courses.enrolment import services
from courses.errors import CoursesError
from courses.models import Cohort, Enrolment
from lms.people.roles import Role
from tests.courses.factories import CohortFactory, course_page
from tests.lms.factories import OrganisationFactory, UserFactory, governorate

pytestmark = pytest.mark.django_db
State = Enrolment.State


def test_an_open_cohort_seats_a_trainee_at_once_and_records_why():
    enrolment = services.enrolment_request(user=UserFactory(), cohort=CohortFactory())
    assert enrolment.state == State.APPROVED
    assert [(t.from_state, t.to_state) for t in enrolment.transitions.all()] == [
        ("", State.REQUESTED),
        (State.REQUESTED, State.APPROVED),
    ]
    assert all(t.reason for t in enrolment.transitions.all())


def test_a_started_cohort_activates_the_enrolment():
    cohort = CohortFactory(starts_on=timezone.localdate())
    assert services.enrolment_request(user=UserFactory(), cohort=cohort).state == State.ACTIVE


def test_a_full_cohort_waitlists_and_a_withdrawal_promotes_the_first_in_line():
    cohort = CohortFactory(capacity=2)
    _, second = (services.enrolment_request(user=UserFactory(), cohort=cohort) for _ in range(2))
    third = services.enrolment_request(user=UserFactory(), cohort=cohort)
    fourth = services.enrolment_request(user=UserFactory(), cohort=cohort)
    assert (third.state, fourth.state) == (State.WAITLISTED, State.WAITLISTED)
    services.enrolment_withdraw(enrolment=second, by=second.user, reason="سفر رسمي")
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.state == State.APPROVED
    assert fourth.state == State.WAITLISTED
    assert third.transitions.last().reason


def test_approval_mode_waits_for_a_coordinator():
    cohort = CohortFactory(enrolment_mode=Cohort.EnrolmentMode.APPROVAL)
    coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    enrolment = services.enrolment_request(user=UserFactory(), cohort=cohort)
    assert enrolment.state == State.REQUESTED
    services.enrolment_approve(enrolment=enrolment, by=coordinator)
    assert enrolment.state == State.APPROVED
    assert enrolment.transitions.last().by == coordinator


def test_a_rejection_needs_a_reason():
    cohort = CohortFactory(enrolment_mode=Cohort.EnrolmentMode.APPROVAL)
    enrolment = services.enrolment_request(user=UserFactory(), cohort=cohort)
    with pytest.raises(CoursesError):
        services.enrolment_reject(enrolment=enrolment, by=UserFactory(), reason=" ")
    services.enrolment_reject(enrolment=enrolment, by=UserFactory(), reason="خارج الفئة المستهدفة")
    assert enrolment.state == State.REJECTED


def test_an_invitation_only_cohort_refuses_requests_but_takes_invitations():
    cohort = CohortFactory(enrolment_mode=Cohort.EnrolmentMode.INVITATION)
    with pytest.raises(CoursesError) as refused:
        services.enrolment_request(user=UserFactory(), cohort=cohort)
    assert refused.value.code == "invitation_only"
    enrolment = services.enrolment_invite(user=UserFactory(), cohort=cohort, by=UserFactory())
    assert enrolment.state == State.APPROVED


def test_enrolment_outside_the_window_is_refused():
    cohort = CohortFactory(enrolment_closes_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(CoursesError) as refused:
        services.enrolment_request(user=UserFactory(), cohort=cohort)
    assert refused.value.code == "enrolment_closed"
    assert not Enrolment.objects.exists()


def test_enrolling_twice_is_refused_but_re_enrolling_after_withdrawal_works():
    user, cohort = UserFactory(), CohortFactory()
    enrolment = services.enrolment_request(user=user, cohort=cohort)
    with pytest.raises(CoursesError):
        services.enrolment_request(user=user, cohort=cohort)
    services.enrolment_withdraw(enrolment=enrolment, by=user)
    again = services.enrolment_request(user=user, cohort=cohort)
    assert again.pk == enrolment.pk
    assert again.state == State.APPROVED


def test_eligibility_by_organisation_governorate_role_and_prerequisite():
    organisation = OrganisationFactory()
    prerequisite = course_page(title="التخطيط الاستراتيجي")
    course = course_page(title="إدارة التغيير")
    course.prerequisites.add(prerequisite)
    course.save()
    cohort = CohortFactory(course=course, eligible_role=Role.MASTER_TRAINER.value)
    cohort.eligible_organisations.add(organisation)
    cohort.eligible_governorates.add(governorate("erbil"))
    with pytest.raises(CoursesError) as refused:
        services.enrolment_request(user=UserFactory(), cohort=cohort)
    assert refused.value.code == "not_eligible"
    assert "التخطيط الاستراتيجي" in str(refused.value)
    assert not Enrolment.objects.exists()


def test_a_forbidden_transition_is_refused():
    enrolment = services.enrolment_request(user=UserFactory(), cohort=CohortFactory())
    services.enrolment_withdraw(enrolment=enrolment, by=enrolment.user)
    with pytest.raises(CoursesError):
        services.enrolment_approve(enrolment=enrolment, by=UserFactory())
