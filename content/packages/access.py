"""Who reaches which content packages: the one rule for the package admin, the attempt pages and
the preview. Managers reach all; anyone else the packages they uploaded and those attached to
activities of the courses they teach (the courses' rule, asked through ``courses.api``)."""

from django.db.models import Q, QuerySet

from courses import api as courses_api

from .models import ContentPackage


def manages_all_packages(user) -> bool:
    return courses_api.manages_all_courses(user=user)


def packages_in_reach(user, queryset: QuerySet[ContentPackage] | None = None) -> QuerySet[ContentPackage]:
    queryset = ContentPackage.objects.all() if queryset is None else queryset
    if manages_all_packages(user):
        return queryset
    taught = courses_api.activities_in_reach(user=user).values("pk")
    mine = ContentPackage.objects.filter(Q(created_by=user) | Q(activity__in=taught))
    return queryset.filter(pk__in=mine.values("pk"))


def content_activities(user) -> QuerySet:
    """The course activities of kind "content" that ``user`` may attach a package to."""
    return courses_api.activities_in_reach(user=user, kind="content")
