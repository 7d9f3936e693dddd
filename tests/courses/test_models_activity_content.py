"""A page activity's rich content: one per language, read in the reader's language; old text moved in."""

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation
from wagtail.models import Locale, Page, Site

from courses.models import ActivityContent
from tests.courses.factories import ActivityFactory, course_page

pytestmark = pytest.mark.django_db


def paragraph(html: str) -> list[dict]:
    return [{"type": "paragraph", "value": html}]


def test_a_reader_gets_the_page_in_their_language_else_in_arabic():
    page = ActivityFactory(kind="page")
    ActivityContent.objects.create(activity=page, language="ar", body=paragraph("<p>مرحبا</p>"))
    ActivityContent.objects.create(activity=page, language="en", body=paragraph("<p>Hello</p>"))

    with translation.override("en"):
        assert page.content_for().language == "en"
    assert page.content_for("ckb").language == "ar"
    assert ActivityFactory(kind="page").content_for("ar") is None


def _page_tree() -> None:
    """The site's page tree, which a transactional test run before this one on the same worker may
    have flushed with everything else (restoring it by serialized_rollback clashes with the roles'
    groups that the next migration writes)."""
    if Site.objects.exists():
        return
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.objects.filter(depth=1).first() or Page.add_root(title="Root", slug="root")
    home = root.add_child(title="Home", slug="home")
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)


@pytest.mark.django_db(transaction=True)
def test_an_old_plain_text_page_keeps_its_text_as_content():
    _page_tree()
    executor = MigrationExecutor(connection)
    executor.migrate([("courses", "0001_initial")])
    old = executor.loader.project_state([("courses", "0001_initial")]).apps
    course = course_page()
    module = old.get_model("courses", "CourseModule").objects.create(course_id=course.pk, title="م")
    old.get_model("courses", "Activity").objects.create(
        module=module, title="ص", kind="page", body="سطر أول\n\nسطر <ثانٍ>"
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    content = ActivityContent.objects.get(activity__title="ص")
    assert content.language == "ar"
    assert str(content.body[0].value) == "<p>سطر أول</p>\n\n<p>سطر &lt;ثانٍ&gt;</p>"
