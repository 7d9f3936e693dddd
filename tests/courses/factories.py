"""Factories for the catalogue tree, cohorts, structure and enrolments."""

import datetime

import factory
from django.utils import timezone
from wagtail.models import Site

from courses.models import (
    Activity,
    CatalogueIndexPage,
    Cohort,
    CourseModule,
    CoursePage,
    ProgrammeCourse,
    ProgrammePage,
    Session,
)


def catalogue() -> CatalogueIndexPage:
    """The catalogue page under the site's home page, created once."""
    existing = CatalogueIndexPage.objects.first()
    if existing:
        return existing
    home = Site.objects.get(is_default_site=True).root_page
    page = CatalogueIndexPage(title="الدورات", slug="catalogue")
    home.add_child(instance=page)
    return page


def course_page(parent=None, **fields) -> CoursePage:
    fields.setdefault("title", "أطر الحوكمة الإلكترونية")
    fields.setdefault("slug", f"course-{CoursePage.objects.count() + 1}")
    fields.setdefault("summary", "مدخل إلى أطر الحوكمة الإلكترونية وتطبيقها في المؤسسات العامة.")
    fields.setdefault("languages", ["ar"])
    page = CoursePage(**fields)
    (parent or catalogue()).add_child(instance=page)
    return page


def programme_page(courses: list[CoursePage], **fields) -> ProgrammePage:
    fields.setdefault("title", "برنامج المدربين الرئيسيين للحكومة الإلكترونية")
    fields.setdefault("slug", f"programme-{ProgrammePage.objects.count() + 1}")
    fields.setdefault("summary", "مسار من الدورات لإعداد المدربين الرئيسيين.")
    page = ProgrammePage(**fields)
    catalogue().add_child(instance=page)
    for position, course in enumerate(courses):
        ProgrammeCourse.objects.create(programme=page, course=course, sort_order=position)
    return page


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    course = factory.LazyFunction(course_page)
    title = factory.Sequence(lambda n: f"الدفعة {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=5))
    capacity = 20


class CourseModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CourseModule

    course = factory.LazyFunction(course_page)
    title = factory.Sequence(lambda n: f"الوحدة {n}")
    position = factory.Sequence(int)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    module = factory.SubFactory(CourseModuleFactory)
    title = factory.Sequence(lambda n: f"نشاط {n}")
    kind = Activity.Kind.QUIZ
    position = factory.Sequence(int)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"الجلسة {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
