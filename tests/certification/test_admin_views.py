"""Staff pages: an instructor issues their cohort's certificates; only managers revoke or correct,
with a reason; hostile input never a 500 and a refused change changes nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.credentials.models import Certificate
from lms.people.roles import Role
from tests.certification.factories import course_with_rule, trainee_completing
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def issued() -> Certificate:
    _rule, activity, cohort = course_with_rule()
    user, _enrolment = trainee_completing(activity, cohort)
    return Certificate.objects.get(user=user)


def test_an_instructor_issues_only_for_cohorts_they_teach():
    rule, activity, cohort = course_with_rule(is_active=False)
    trainee_completing(activity, cohort)
    rule.is_active = True
    rule.save()
    mine = UserFactory(role=Role.INSTRUCTOR)
    cohort.instructors.add(mine)
    stranger = UserFactory(role=Role.INSTRUCTOR)
    url = reverse("certification_cohort_issue")

    assert _signed_in(stranger).post(url, {"cohort": cohort.pk}).status_code == 200  # not a choice
    assert not Certificate.objects.exists()
    assert _signed_in(mine).post(url, {"cohort": cohort.pk}).status_code == 302
    assert Certificate.objects.count() == 1


def test_an_instructor_cannot_revoke(issued):
    response = _signed_in(UserFactory(role=Role.INSTRUCTOR)).post(
        reverse("certification_certificate_change", args=[issued.pk]), {"action": "revoke", "reason": "x"}
    )
    assert response.status_code in (302, 403)
    issued.refresh_from_db()
    assert issued.state == Certificate.State.ISSUED


def test_a_manager_revokes_with_a_reason(issued):
    manager = UserFactory(role=Role.PROGRAMME_MANAGER)
    url = reverse("certification_certificate_change", args=[issued.pk])
    assert _signed_in(manager).post(url, {"action": "revoke", "reason": "Forged register"}).status_code == 302
    issued.refresh_from_db()
    assert issued.state == Certificate.State.REVOKED
    assert issued.changes.last().by == manager


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    action=st.sampled_from(["revoke", "correct", "", "delete", "x" * 50]),
    reason=st.text(max_size=400),
    name_ar=st.text(max_size=250),
)
def test_hostile_input_never_a_server_error_and_a_refusal_changes_nothing(issued, action, reason, name_ar):
    manager = UserFactory(role=Role.PROGRAMME_MANAGER)
    before = Certificate.objects.count()
    state_before = Certificate.objects.get(pk=issued.pk).state
    response = _signed_in(manager).post(
        reverse("certification_certificate_change", args=[issued.pk]),
        {"action": action, "reason": reason, "name_ar": name_ar, "name_latin": ""},
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200:  # refused: the form again, nothing changed
        assert Certificate.objects.count() == before
        assert Certificate.objects.get(pk=issued.pk).state == state_before
