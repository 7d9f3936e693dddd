"""Kept pages (ADR 0026): a person's course home, My learning, course page and catalogue come from
the shared cache while nothing they show has changed, and never outlive a change.

Each test first opens a page twice (the second answer is the kept one, without the view's
queries), then changes something the way the apps do, and reads the page again.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from courses.enrolment.services import enrolment_request, enrolment_withdraw
from courses.learning.completion import activity_result_record
from courses.learning.outline import outlines_forget
from courses.models import Activity
from lms.people.roles import Role
from tests.courses.factories import CohortFactory
from tests.courses.test_views_learning import World, signed_in
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def kept(client: Client, url: str) -> str:
    """The page, read until kept: the last answer must come from the cache (the session and the
    person are all that is read). The first read of a site makes its centre settings."""
    for _ in range(2):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url)
    assert again.status_code == 200
    assert len(captured.captured_queries) <= 2, [q["sql"] for q in captured.captured_queries]
    return again.content.decode()


def test_the_course_home_is_kept_and_shows_a_new_result_at_once(world):
    assert "Progress: 0%" in kept(world.client, world.home_url())
    activity_result_record(user_id=world.trainee.pk, activity_id=world.page.pk, completed=True)
    assert "Progress: 20%" in world.client.get(world.home_url()).content.decode()


def test_reading_a_page_activity_shows_on_the_kept_course_home(world):
    kept(world.client, world.home_url())
    world.client.get(reverse("courses:activity", args=[world.page.pk]))
    assert "Progress: 20%" in world.client.get(world.home_url()).content.decode()


def test_a_withdrawn_trainee_gets_404_not_the_kept_course_home(world):
    kept(world.client, world.home_url())
    enrolment_withdraw(enrolment=world.enrolment, by=world.trainee)
    assert world.client.get(world.home_url()).status_code == 404


def test_another_person_never_gets_someone_elses_kept_page(world):
    kept(world.client, world.home_url())
    kept(world.client, reverse("courses:my_learning"))
    stranger = signed_in(UserFactory())
    assert stranger.get(world.home_url()).status_code == 404
    assert world.cohort.course.title not in stranger.get(reverse("courses:my_learning")).content.decode()
    assert Client().get(world.home_url()).status_code == 404


def test_a_kept_page_carries_the_current_sessions_csrf_token(world):
    """The same person on a second phone: the kept page's forms post with that phone's token."""
    kept(world.client, world.home_url())
    phone = Client(enforce_csrf_checks=True)
    phone.force_login(world.trainee)
    page = phone.get(world.home_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    assert "\x00" not in page
    response = phone.post(
        reverse("people:language_switch"), {"csrfmiddlewaretoken": token, "language": "ar", "next": "/"}
    )
    assert response.status_code == 302


def test_a_session_moved_to_another_room_shows_at_once(world):
    assert "القاعة 3" in kept(world.client, world.home_url())
    world.meeting.location = "قاعة المؤتمرات"
    world.meeting.save()
    page = world.client.get(world.home_url()).content.decode()
    assert "قاعة المؤتمرات" in page and "القاعة 3" not in page


def test_an_activity_opening_later_keeps_the_page_only_until_then(world):
    opens = timezone.now() + datetime.timedelta(seconds=30)
    Activity.objects.filter(pk=world.marked.pk).update(released_from=opens)
    outlines_forget()
    kept(world.client, world.home_url())
    key = next(key for key in cache._cache if ":page:" in key)  # LocMemCache's own dict
    assert cache._expire_info[key] <= opens.timestamp() + 1


def test_my_learning_shows_a_new_enrolment_and_a_new_certificate(world):
    url = reverse("courses:my_learning")
    assert world.cohort.course.title in kept(world.client, url)
    other = CohortFactory(starts_on=timezone.localdate() + datetime.timedelta(days=20))
    enrolment_request(user=world.trainee, cohort=other)
    assert other.course.title in world.client.get(url).content.decode()


def test_a_message_is_shown_once_and_the_page_with_it_is_not_kept(world):
    """Enrolling says so on the next page; the kept page neither hides nor repeats it."""
    url = world.cohort.course.url
    other = CohortFactory(
        course=world.cohort.course, starts_on=timezone.localdate() + datetime.timedelta(days=9)
    )
    kept(world.client, url)
    world.client.post(reverse("courses:enrol", args=[other.pk]), {"next": url})
    with_message = world.client.get(url).content.decode()
    assert 'class="messages"' in with_message
    assert 'class="messages"' not in kept(world.client, url)


def test_addresses_with_a_query_string_are_never_kept(world):
    url = world.home_url() + "?utm=x"
    world.client.get(url)
    with CaptureQueriesContext(connection) as captured:
        world.client.get(url)
    assert len(captured.captured_queries) > 2


def test_a_new_role_shows_in_the_header_at_once(world):
    url = reverse("courses:my_learning")
    assert "Reports" not in kept(world.client, url)
    group, _created = Group.objects.get_or_create(name=Role.CENTRE_DIRECTOR.value)
    world.trainee.groups.add(group)
    assert "Reports" in world.client.get(url).content.decode()


def test_the_course_page_shows_seats_taken_by_others_at_once(world):
    url = world.cohort.course.url
    world.cohort.capacity = 2
    world.cohort.save()
    before = kept(world.client, url)
    enrolment_request(user=UserFactory(), cohort=world.cohort)
    after = world.client.get(url).content.decode()
    assert before != after


def test_signed_out_visitors_share_the_catalogue_and_a_person_gets_their_own_header(world):
    url = world.cohort.course.get_parent().url
    sign_in = reverse("people:login")
    assert f'href="{sign_in}"' in kept(Client(), url)
    assert f'href="{sign_in}"' not in world.client.get(url).content.decode()
    world.cohort.course.title = "عنوان جديد للدورة"
    world.cohort.course.save_revision().publish()
    assert "عنوان جديد للدورة" in Client().get(url).content.decode()


def test_a_course_page_with_restricted_view_is_never_kept(world):
    """A password given is the session's, not the person's: such pages are computed each time."""
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=world.cohort.course, restriction_type=PageViewRestriction.LOGIN)
    url = world.cohort.course.url
    for _ in range(2):
        assert world.client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        world.client.get(url)
    assert len(captured.captured_queries) > 2


def test_a_hub_renamed_shows_at_once_on_the_course_home_and_my_learning(world):
    hub = world.cohort.hub
    assert hub.name_en in kept(world.client, world.home_url())
    kept(world.client, reverse("courses:my_learning"))
    hub.name_en = "Basra e-government hub"
    hub.save()
    assert "Basra e-government hub" in world.client.get(world.home_url()).content.decode()
    assert kept(world.client, reverse("courses:my_learning"))


def test_an_instructor_renamed_shows_at_once_and_their_sign_in_forgets_nothing(world):
    instructor = UserFactory(full_name_latin="Huda Kareem")
    world.cohort.instructors.add(instructor)
    assert "Huda Kareem" in kept(world.client, world.home_url())
    # A sign-in saves the person's last_login only: the page stays kept.
    Client().force_login(instructor)
    with CaptureQueriesContext(connection) as captured:
        assert world.client.get(world.home_url()).status_code == 200
    assert len(captured.captured_queries) <= 2
    instructor.full_name_latin = "Huda Kareem Al-Basri"
    instructor.save()
    assert "Huda Kareem Al-Basri" in world.client.get(world.home_url()).content.decode()


def test_a_trainees_rename_forgets_nothing_of_the_others_pages(world):
    kept(world.client, world.home_url())
    other = UserFactory()
    other.full_name_latin = "Someone Else"
    other.save()
    with CaptureQueriesContext(connection) as captured:
        assert world.client.get(world.home_url()).status_code == 200
    assert len(captured.captured_queries) <= 2


def test_an_instructor_removed_from_the_system_leaves_the_course_home_at_once(world):
    instructor = UserFactory(full_name_latin="Huda Kareem")
    world.cohort.instructors.add(instructor)
    assert "Huda Kareem" in kept(world.client, world.home_url())
    instructor.delete()
    assert "Huda Kareem" not in world.client.get(world.home_url()).content.decode()
