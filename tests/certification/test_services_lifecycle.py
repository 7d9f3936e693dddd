"""Revocation, name corrections and recertification: allowed moves, who and why, serial history."""

import datetime

import pytest
from django.utils import timezone

from certification.credentials.errors import CredentialsError
from certification.credentials.models import Certificate
from certification.credentials.services import (
    certificate_correct_name,
    certificate_recertify,
    certificate_revoke,
)
from tests.certification.factories import course_with_rule, trainee_completing
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db
State = Certificate.State


@pytest.fixture
def issued():
    _rule, activity, cohort = course_with_rule(valid_months=12)
    user, _enrolment = trainee_completing(activity, cohort)
    return Certificate.objects.get(user=user)


def test_revoking_records_who_when_and_why_and_cannot_be_undone(issued):
    officer = UserFactory()
    certificate_revoke(certificate=issued, by=officer, reason="Attendance sheet was forged")
    issued.refresh_from_db()
    assert issued.status == "revoked" and issued.revoked_at is not None
    change = issued.changes.last()
    assert (change.from_state, change.to_state, change.by, change.reason) == (
        "issued",
        "revoked",
        officer,
        "Attendance sheet was forged",
    )
    with pytest.raises(CredentialsError):
        certificate_correct_name(certificate=issued, by=officer, reason="x", name_ar="س", name_latin="S")


def test_a_revocation_without_a_reason_is_refused_and_changes_nothing(issued):
    with pytest.raises(CredentialsError):
        certificate_revoke(certificate=issued, by=UserFactory(), reason="   ")
    issued.refresh_from_db()
    assert issued.state == State.ISSUED


def test_a_name_correction_reissues_and_keeps_the_serial_history(issued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_correct_name(
            certificate=issued,
            by=UserFactory(),
            reason="Spelling",
            name_ar="أحمد عليّ",
            name_latin="Ahmad Ali",
        )
    new.refresh_from_db()
    issued.refresh_from_db()
    assert issued.status == "replaced" and issued.replaced_by == new
    assert new.status == "issued" and new.serial != issued.serial
    assert new.facts["name_latin"] == "Ahmad Ali"
    assert new.facts["previous_serials"] == [issued.serial]
    assert new.pdf and new.credential["id"].endswith(f"{new.serial}/")


def test_an_expired_certificate_is_reported_expired_and_can_be_recertified(
    issued, django_capture_on_commit_callbacks
):
    Certificate.objects.filter(pk=issued.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    issued.refresh_from_db()
    assert issued.status == "expired"
    with django_capture_on_commit_callbacks(execute=True):
        new = certificate_recertify(certificate=issued, by=UserFactory(), reason="Refresher course passed")
    new.refresh_from_db()
    assert new.status == "issued" and new.expires_at > timezone.now() + datetime.timedelta(days=300)
    assert new.replaces == issued


def test_every_move_not_in_the_table_is_refused(issued):
    from certification.credentials.services.lifecycle import ALLOWED, transition

    for to_state in State.values:
        if to_state not in ALLOWED[State.ISSUED]:
            with pytest.raises(CredentialsError):
                transition(issued, to_state, reason="test")
