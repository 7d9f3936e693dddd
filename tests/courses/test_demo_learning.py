"""The demo's e-governance pages get their content once, in Arabic, Kurdish and English."""

import pytest

from courses.learning import demo
from courses.models import Activity, ActivityContent
from tests.courses.factories import ActivityFactory, CourseModuleFactory, course_page
from tests.courses.test_views_learning import document

pytestmark = pytest.mark.django_db


def test_the_pages_of_the_five_courses_get_content_once():
    assert demo.load() == []
    document("guide.txt", title="دليل المتدرب – برنامج الحكومة الإلكترونية")
    module = CourseModuleFactory(course=course_page(slug="change-management"))
    intro = ActivityFactory(module=module, kind=Activity.Kind.PAGE, title=demo.INTRODUCTION)
    case = ActivityFactory(module=module, kind=Activity.Kind.PAGE, title=demo.CASE_STUDY)

    assert demo.load() == ["Page activities: content for 2 pages, in ar, ckb, en"]
    assert demo.load() == []
    kinds = [block.block_type for block in intro.content_for("en").body]
    assert kinds == ["heading", "paragraph", "image", "video", "callout", "file"]
    assert intro.content_for("ar").body[2].value["alt"]
    case.refresh_from_db()
    assert case.completion == Activity.Completion.MARKED
    assert ActivityContent.objects.count() == 6
    assert intro.content_for("ckb").body[0].value["text"] == "بەڕێوەبردنی گۆڕانکاری"
    assert intro.content_for("ckb").body[2].value["alt"].startswith("خولێکی چوار قۆناغی")


def test_a_demo_loaded_before_kurdish_content_gains_it():
    document("guide.txt", title="دليل المتدرب – برنامج الحكومة الإلكترونية")
    module = CourseModuleFactory(course=course_page(slug="e-government-strategy"))
    intro = ActivityFactory(module=module, kind=Activity.Kind.PAGE, title=demo.INTRODUCTION)
    ActivityContent.objects.create(activity=intro, language="ar", body=[])
    ActivityContent.objects.create(activity=intro, language="en", body=[])
    assert demo.load() == ["Page activities: content for 1 pages, in ckb"]
    assert intro.content_for("ckb").body[0].value["text"] == "ستراتیژیی حکوومەتی ئەلیکترۆنی"
    assert len(intro.content_for("ar").body) == 0  # what was there is left alone
