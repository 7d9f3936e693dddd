"""An instructor, in the Arabic admin, opens their course's outline from the course page, moves an
activity into another module by drag and drop, and adds a page activity in place, writing its
content in the page editor the outline opens."""

import re

from playwright.sync_api import expect

from courses.authoring.services import outline_of
from courses.models import Activity
from lms.people.roles import Role
from tests.courses.factories import ActivityFactory, CourseModuleFactory, course_page
from tests.e2e.pages import expect_language, path_is
from tests.e2e.test_journey_instructor_attempts import admin_sign_in, whole_page
from tests.lms.factories import UserFactory

MODULES = {"الأطر": ["مدخل إلى الأطر", "أطر الحوكمة"], "الاستراتيجية": ["الرؤية الاستراتيجية", "خطة التحول"]}


def a_course_taught_by(instructor):
    course = course_page(title="الحوكمة الإلكترونية")
    course.instructors.add(instructor)
    course.save()
    for m, (module_title, activities) in enumerate(MODULES.items()):
        module = CourseModuleFactory(course=course, title=module_title, position=m)
        for a, title in enumerate(activities):
            ActivityFactory(module=module, title=title, position=a, kind=Activity.Kind.PAGE)
    return course


def titles(course) -> list[list[str]]:
    names = dict(Activity.objects.filter(module__course=course).values_list("pk", "title"))
    return [[names[a] for a in activities] for _module, activities in outline_of(course=course)]


def row(page, title: str):
    return page.locator("[data-activity-id]", has_text=title)


def test_instructor_reorders_the_outline_by_drag_and_drop_and_adds_a_page(desktop_page, screenshot):
    page = desktop_page
    instructor = UserFactory(email="trainer@example.iq", full_name_ar="سعاد المدربة", role=Role.INSTRUCTOR)
    course = a_course_taught_by(instructor)
    outline = f"/admin/course-outline/{course.pk}/"

    admin_sign_in(page, "trainer@example.iq")
    page.goto(f"/admin/pages/{course.pk}/edit/")
    # The course page's actions menu leads to its outline.
    page.get_by_role("navigation", name="Actions").get_by_role("button").click()
    page.get_by_role("link", name="مخطط الدورة").click()
    page.wait_for_url(path_is(outline))
    expect_language(page, "ar", "rtl")
    expect(page.locator("h1")).to_contain_text("مخطط الدورة")
    whole_page(page, screenshot, "outline")

    # "الرؤية الاستراتيجية" is dragged by its handle above "أطر الحوكمة", into the first module.
    handle = row(page, "الرؤية الاستراتيجية").locator("[data-outline-handle]").bounding_box()
    target = row(page, "أطر الحوكمة").bounding_box()
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(target["x"] + target["width"] / 2, target["y"] + 4, steps=12)
    page.mouse.up()
    expect(page.locator("[data-outline-status]")).to_have_text("حُفظ الترتيب الجديد.")
    assert titles(course) == [["مدخل إلى الأطر", "الرؤية الاستراتيجية", "أطر الحوكمة"], ["خطة التحول"]]
    page.reload()
    first_module = page.locator("[data-module-id]").first
    expect(first_module.locator("[data-activity-id]")).to_have_count(3)
    expect(first_module.locator("[data-activity-id]").nth(1)).to_contain_text("الرؤية الاستراتيجية")
    whole_page(page, screenshot, "reordered")

    # Without dragging: the second module's arrow moves it above the first.
    page.locator("[data-module-id]").nth(1).locator(".outline__row button[value='-1']").click()
    page.wait_for_url(lambda url: "#module-" in url)
    expect(page.locator("[data-module-id]").first).to_contain_text("الاستراتيجية")

    # A page activity added at the end of "الأطر" opens in its content editor.
    frameworks = page.locator("[data-module-id]", has_text="الأطر").last
    frameworks.locator("select[name=kind]").select_option("page")
    frameworks.locator("input[name=title]").fill("دراسة حالة: البصرة")
    frameworks.get_by_role("button", name="إضافة نشاط").click()
    page.wait_for_url(lambda url: "/page/" in url)
    expect_language(page, "ar", "rtl")
    page.locator("#id_contents-ADD").click()
    page.locator("#id_contents-0-language").select_option("ar")
    page.locator(".c-sf-add-button").first.click()
    page.get_by_role("option", name=re.compile("^(Text|نص)$")).first.click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("تجربة محافظة البصرة في الحكومة الإلكترونية.")
    whole_page(page, screenshot, "page-editor")
    page.get_by_role("button", name="حفظ", exact=True).first.click()
    page.wait_for_url(path_is(outline))
    expect(page.locator(".messages")).to_contain_text("دراسة حالة: البصرة")
    expect(row(page, "دراسة حالة: البصرة")).to_be_visible()
    whole_page(page, screenshot, "added")
    added = Activity.objects.get(title="دراسة حالة: البصرة")
    assert added.kind == Activity.Kind.PAGE
    assert "تجربة محافظة البصرة" in str(added.contents.get(language="ar").body)
