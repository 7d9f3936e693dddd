"""Factories for certificate templates and issuing rules, and a trainee who completes a course."""

import factory
from django.test import TestCase
from django.utils import timezone

from certification.credentials.models import CertificateTemplate, IssuingRule
from courses import api as courses_api
from courses.enrolment import services as enrolment_services
from tests.courses.factories import ActivityFactory, CohortFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory


class TemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Template {n}")


class IssuingRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IssuingRule

    course = factory.LazyFunction(lambda: course_page(duration_hours=30))
    template = factory.SubFactory(TemplateFactory)


def course_with_rule(**rule_fields):
    """A course with one required activity and a certificate rule; returns (rule, activity, cohort)."""
    rule = IssuingRuleFactory(**rule_fields)
    activity = ActivityFactory(module=CourseModuleFactory(course=rule.course))
    cohort = CohortFactory(course=rule.course, starts_on=timezone.localdate())
    return rule, activity, cohort


def trainee_completing(activity, cohort, *, score=90, **user_fields):
    """A new trainee enrolled in ``cohort`` who completes ``activity`` (and so the course)."""
    user_fields.setdefault("full_name_ar", "أحمد علي")
    user_fields.setdefault("full_name_latin", "Ahmed Ali")
    user = UserFactory(**user_fields)
    enrolment = enrolment_services.enrolment_request(user=user, cohort=cohort)
    # The PDF task is queued on commit: run it, as the worker would after the commit.
    with TestCase.captureOnCommitCallbacks(execute=True):
        courses_api.activity_result_record(
            user_id=user.pk, activity_id=activity.pk, score=score, completed=True
        )
    enrolment.refresh_from_db()
    return user, enrolment
