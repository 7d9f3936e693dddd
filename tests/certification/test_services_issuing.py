"""Issuing on course completion: the rule's conditions, one certificate per origin, cohort issuing."""

import pytest

from certification.credentials.models import Certificate, CertificateChange
from certification.credentials.services import (
    certificate_issue_for_enrolment,
    certificates_issue_for_cohort,
)
from tests.certification.factories import course_with_rule, trainee_completing
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_completing_a_course_issues_its_certificate_with_pdf_and_credential():
    _rule, activity, cohort = course_with_rule()
    user, enrolment = trainee_completing(activity, cohort)
    certificate = Certificate.objects.get(user=user)
    assert certificate.state == Certificate.State.ISSUED
    assert certificate.enrolment_id == enrolment.pk
    assert certificate.pdf.read(5) == b"%PDF-"
    assert certificate.credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert certificate.credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert certificate.facts["name_ar"] == "أحمد علي"
    assert certificate.facts["hours"] == "30"
    assert list(certificate.changes.values_list("to_state", flat=True)) == ["pending", "issued"]


def test_the_signal_received_twice_makes_one_certificate():
    _rule, activity, cohort = course_with_rule()
    user, enrolment = trainee_completing(activity, cohort)
    assert certificate_issue_for_enrolment(enrolment_id=enrolment.pk) is None
    assert Certificate.objects.filter(user=user).count() == 1


def test_a_grade_below_the_rules_minimum_issues_nothing():
    _rule, activity, cohort = course_with_rule(minimum_grade=80)
    user, _enrolment = trainee_completing(activity, cohort, score=60)
    assert not Certificate.objects.filter(user=user).exists()


def test_an_attendance_rule_with_no_session_attended_issues_nothing():
    _rule, activity, cohort = course_with_rule(minimum_attendance=75)
    user, _enrolment = trainee_completing(activity, cohort)
    assert not Certificate.objects.filter(user=user).exists()


def test_an_instructor_issues_for_the_whole_cohort_once():
    rule, activity, cohort = course_with_rule(minimum_grade=80, is_active=False)
    passed = [trainee_completing(activity, cohort, score=95)[0] for _ in range(2)]
    _failed, _enrolment = trainee_completing(activity, cohort, score=50)
    assert not Certificate.objects.exists()
    rule.is_active = True
    rule.save()
    instructor = UserFactory()
    cohort.instructors.add(instructor)

    summary = certificates_issue_for_cohort(cohort_id=cohort.pk, by=instructor)
    assert {c.user_id for c in summary.issued} == {u.pk for u in passed}
    assert len(summary.refused) == 1
    again = certificates_issue_for_cohort(cohort_id=cohort.pk, by=instructor)
    assert again.issued == [] and again.already == 2
    assert CertificateChange.objects.filter(by=instructor, to_state="pending").count() == 2


def test_someone_who_does_not_teach_the_cohort_cannot_issue_for_it():
    from certification.credentials.errors import CredentialsError

    _rule, _activity, cohort = course_with_rule()
    with pytest.raises(CredentialsError):
        certificates_issue_for_cohort(cohort_id=cohort.pk, by=UserFactory())
