"""Who reaches what in assessment's admin: the bank is shared by everyone who teaches; a quiz, its
attempts and its analysis belong to those who teach its course (managers reach all)."""

from django.db.models import QuerySet

from courses import api as courses_api
from lms import api as lms_api

from .attempts.models import AttemptQuestion
from .quizzes.models import Quiz

AUTHORING_ROLES = (
    lms_api.Role.INSTRUCTOR,
    lms_api.Role.MASTER_TRAINER,
    lms_api.Role.PROGRAMME_MANAGER,
    lms_api.Role.CENTRE_DIRECTOR,
    lms_api.Role.ADMINISTRATOR,
)


def may_author(user) -> bool:
    return user.is_authenticated and any(
        lms_api.user_has_role(user=user, role=role) for role in AUTHORING_ROLES
    )


def quiz_activities(user):
    return courses_api.activities_in_reach(user=user, kind="quiz")


def quizzes_in_reach(user) -> QuerySet[Quiz]:
    return Quiz.objects.filter(activity__in=quiz_activities(user).values("pk")).select_related("activity")


def answers_in_reach(user) -> QuerySet[AttemptQuestion]:
    return AttemptQuestion.objects.filter(attempt__quiz__in=quizzes_in_reach(user).values("pk"))
