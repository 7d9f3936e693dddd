"""The Wagtail admin of content packages: upload, the reason of a refusal, versions, reach."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import translation

from content.packages.errors import Code, reject
from content.packages.models import ContentPackage
from content.packages.services import package_import
from lms.api import Role
from tests.content.packages.builders import cmi5, scorm12, upload
from tests.content.packages.conftest import stored_files
from tests.courses.factories import ActivityFactory, CourseModuleFactory, course_page
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db

# Until lms.people.roles grants them, the tests give the content permissions themselves.
PACKAGE_PERMISSIONS = ["add_contentpackage", "change_contentpackage", "delete_contentpackage"]


def packager(role: Role = Role.INSTRUCTOR):
    user = UserFactory(role=role)
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="content", codename__in=PACKAGE_PERMISSIONS)
    )
    return user


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def content_activity_taught_by(user, title: str = "الحزمة التعليمية"):
    course = course_page(title=f"دورة {title}")
    course.instructors.add(user)
    course.save()
    return ActivityFactory(module=CourseModuleFactory(course=course), kind="content", title=title)


def in_admin_language(code: Code, **params) -> str:
    """The message as the admin shows it (the admin speaks the site's language, Arabic)."""
    with translation.override("ar"):
        return reject(code, **params).message


def test_an_instructor_uploads_a_package_and_attaches_it_to_their_activity():
    instructor = packager()
    activity = content_activity_taught_by(instructor)
    client = signed_in(instructor)
    form = client.get(reverse("content_packages:add"))
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    assert list(form.context["form"].fields["activity"].queryset) == [activity]

    response = client.post(
        reverse("content_packages:add"),
        {"title": "", "activity": activity.pk, "upload": upload(scorm12(title="مقدمة في الحوكمة"))},
    )
    assert response.status_code == 302
    package = ContentPackage.objects.get()
    assert (package.title, package.activity, package.created_by) == ("مقدمة في الحوكمة", activity, instructor)
    assert package.current_version.number == 1


def test_a_refused_package_shows_why_and_saves_nothing():
    client = signed_in(packager())
    response = client.post(reverse("content_packages:add"), {"title": "x", "upload": upload(b"not a zip")})
    assert response.status_code == 200
    assert in_admin_language(Code.NOT_ZIP) in response.text
    assert ContentPackage.objects.count() == 0
    assert stored_files() == []


def test_a_manifest_in_a_folder_is_explained():
    from tests.content.packages.builders import zip_bytes

    client = signed_in(packager())
    data = zip_bytes({"golf/imsmanifest.xml": "<manifest/>"})
    response = client.post(reverse("content_packages:add"), {"upload": upload(data)})
    expected = in_admin_language(Code.MANIFEST_NOT_AT_ROOT, name="imsmanifest.xml", folder="golf")
    assert expected in response.text


def test_an_activity_outside_the_instructors_courses_cannot_be_chosen():
    instructor = packager()
    other = content_activity_taught_by(UserFactory(role=Role.INSTRUCTOR), "نشاط زميل")
    response = signed_in(instructor).post(
        reverse("content_packages:add"), {"activity": other.pk, "upload": upload(scorm12())}
    )
    assert response.status_code == 200
    assert "activity" in response.context["form"].errors
    assert ContentPackage.objects.count() == 0


def test_a_new_version_is_uploaded_from_the_edit_page_and_listed():
    instructor = packager()
    version = package_import(upload=upload(scorm12(title="v1")), by=instructor)
    client = signed_in(instructor)
    url = reverse("content_packages:edit", args=[version.package.pk])
    response = client.post(url, {"title": "الحزمة", "upload": upload(cmi5(), "course.zip")})
    assert response.status_code == 302
    package = ContentPackage.objects.get()
    assert package.title == "الحزمة"
    assert list(package.versions.values_list("number", "kind")) == [(2, "cmi5"), (1, "scorm12")]
    page = client.get(url)
    assert "AU 1" in page.text  # the current version's contents
    assert page.context["versions"][0].number == 2


def test_a_refused_new_version_keeps_the_package_as_it_was():
    instructor = packager()
    version = package_import(upload=upload(scorm12(title="v1")), by=instructor)
    response = signed_in(instructor).post(
        reverse("content_packages:edit", args=[version.package.pk]),
        {"title": "renamed", "upload": upload(b"PK")},
    )
    assert response.status_code == 200
    assert in_admin_language(Code.NOT_ZIP) in response.text
    package = ContentPackage.objects.get()
    assert package.title == "v1" and package.versions.count() == 1


def test_an_instructor_reaches_only_their_packages():
    mine, theirs = packager(), packager()
    my_package = package_import(upload=upload(scorm12(title="حزمتي")), by=mine).package
    their_package = package_import(upload=upload(scorm12(title="حزمة زميلي")), by=theirs).package
    client = signed_in(mine)
    listing = client.get(reverse("content_packages:index"))
    assert "حزمتي" in listing.text and "حزمة زميلي" not in listing.text
    for name in ("edit", "delete", "history", "usage"):
        assert client.get(reverse(f"content_packages:{name}", args=[their_package.pk])).status_code == 404, (
            name
        )
    assert client.get(reverse("content_packages:edit", args=[my_package.pk])).status_code == 200


def test_a_package_attached_to_an_activity_of_my_course_is_in_reach():
    instructor = packager()
    activity = content_activity_taught_by(instructor)
    package = package_import(
        upload=upload(scorm12(title="حزمة المنسق")), activity=activity, by=packager()
    ).package
    assert signed_in(instructor).get(reverse("content_packages:edit", args=[package.pk])).status_code == 200


def test_a_manager_deletes_a_package_with_its_files(django_capture_on_commit_callbacks):
    manager = packager(Role.PROGRAMME_MANAGER)
    package = package_import(upload=upload(scorm12()), by=packager()).package
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(manager).post(reverse("content_packages:delete", args=[package.pk]))
    assert response.status_code == 302
    assert ContentPackage.objects.count() == 0
    assert stored_files() == []


def test_a_trainee_cannot_upload():
    response = signed_in(UserFactory()).get(reverse("content_packages:add"))
    assert response.status_code in (302, 403)


def test_a_package_imported_with_a_warning_says_so_and_its_completion_setting_is_edited():
    from tests.content.packages.builders import PAGE, scorm12_manifest, zip_bytes

    instructor = packager()
    client = signed_in(instructor)
    items = (
        '<item identifier="a" identifierref="r1"><title>الدرس</title></item>'
        '<item identifier="b" identifierref="gone"><title>درس مفقود</title></item>'
    )
    resources = '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
    data = zip_bytes({"imsmanifest.xml": scorm12_manifest(items, resources), "index.html": PAGE})
    response = client.post(
        reverse("content_packages:add"),
        {"title": "", "activity": "", "upload": upload(data), "complete_on_finish": "on"},
        follow=True,
    )
    package = ContentPackage.objects.get()
    assert package.complete_on_finish is True
    with translation.override("ar"):
        [warning] = package.current_version.warnings
    assert any(warning in str(message) for message in response.context["messages"])

    edit = reverse("content_packages:edit", args=[package.pk])
    page = client.get(edit)
    assert 'id="package-warnings"' in page.text and warning in page.text
    assert 'name="complete_on_finish"' in page.text

    # Unticked: the SCO's own status is required from now on.
    client.post(edit, {"title": package.title, "activity": ""})
    package.refresh_from_db()
    assert package.complete_on_finish is False
