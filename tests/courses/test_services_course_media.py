"""Each course's media collection: its instructors upload and choose there, and nowhere else."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection
from wagtail.permissions import policy_registry

from courses.authoring.collections import course_media_collection, course_media_sync
from lms.people.roles import Role
from tests.courses.factories import course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


def taught_by(instructor, title: str):
    course = course_page(title=title)
    course.instructors.add(instructor)
    course.save()
    course.save_revision().publish()
    return course


@pytest.fixture
def two_courses():
    mine, theirs = UserFactory(role=Role.INSTRUCTOR), UserFactory(role=Role.INSTRUCTOR)
    return mine, taught_by(mine, "التخطيط الرقمي"), taught_by(theirs, "إدارة التغيير")


def collections_for(user, model, action: str) -> set[str]:
    policy = policy_registry.get_by_type(model)
    return {c.name for c in policy.collections_user_has_permission_for(user, action)}


def test_publishing_a_course_gives_it_a_collection_its_instructors_alone_upload_to(two_courses):
    mine, _my_course, _their_course = two_courses
    for model in (get_image_model(), get_document_model()):
        for action in ("add", "choose", "change"):
            assert collections_for(mine, model, action) == {"التخطيط الرقمي"}, (model, action)


def test_an_instructor_uploads_an_image_into_their_course_and_not_into_another(two_courses):
    mine, my_course, their_course = two_courses
    taught_by(mine, "الأمن السيبراني")  # with two courses, the form offers a choice of collection
    client = Client()
    client.force_login(mine)
    listing = client.get("/admin/images/add/").content.decode()
    assert "التخطيط الرقمي" in listing and "الأمن السيبراني" in listing
    assert "إدارة التغيير" not in listing

    def upload(course):
        return client.post(
            "/admin/images/add/",
            {
                "title": "مخطط",
                "file": SimpleUploadedFile("chart.png", get_test_image_file().file.getvalue()),
                "collection": course_media_collection(course=course).pk,
            },
        )

    assert upload(their_course).status_code == 200  # the form again, with an error
    assert not get_image_model().objects.exists()
    assert upload(my_course).status_code == 302
    assert get_image_model().objects.get().collection == course_media_collection(course=my_course)


def test_instructors_follow_the_course_and_managers_reach_every_collection(two_courses):
    mine, my_course, _their_course = two_courses
    my_course.instructors.clear()
    my_course.save()
    my_course.save_revision().publish()
    assert collections_for(mine, get_image_model(), "add") == set()
    manager = UserFactory(role=Role.PROGRAMME_MANAGER)
    reachable = collections_for(manager, get_image_model(), "add")
    assert {"التخطيط الرقمي", "إدارة التغيير"} <= reachable


def test_renaming_a_course_renames_its_collection_and_keeps_its_files(two_courses):
    _mine, my_course, _their = two_courses
    collection = course_media_collection(course=my_course)
    my_course.title = "التخطيط الرقمي المتقدم"
    my_course.save_revision().publish()
    assert course_media_sync(course=my_course).pk == collection.pk
    assert Collection.objects.get(pk=collection.pk).name == "التخطيط الرقمي المتقدم"
