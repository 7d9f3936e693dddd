"""The catalogue's search: Arabic spelling variants, each filter with its counts, pages, bad input."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone, translation
from wagtail.models import Locale

from courses.catalogue.search import catalogue_search
from courses.models import CoursePage, Topic
from tests.courses.factories import CohortFactory, catalogue, course_page, programme_page
from tests.lms.factories import TrainingHubFactory, governorate

pytestmark = pytest.mark.django_db


def search(query: str = "", **params) -> dict:
    data = QueryDict(mutable=True)
    if query:
        data["q"] = query
    for name, value in params.items():
        data[name] = str(value)
    return catalogue_search(catalogue=catalogue(), params=data)


def titles(results: dict) -> list[str]:
    return [course.title for course in results["courses"]]


def facet(results: dict, name: str) -> dict[str, int]:
    return {option.value: option.count for option in results["facets"][name]}


def with_topics(course: CoursePage, *topics: Topic) -> CoursePage:
    # A page's many-to-many fields are held by modelcluster until the page is saved.
    course.topics.add(*topics)
    course.save()
    return course


@pytest.mark.parametrize(
    "query",
    [
        "الادارة",  # no hamza under the alef
        "الاداره",  # and haa for taa marbuta
        "الإِدَارَةُ",  # with short vowels
        "التغيير ادارة",  # two words, both must match, in any order
        "  الإدارة  ",
        "إدارة",  # without the article
        "والادارة",  # with a particle
    ],
)
def test_a_query_finds_the_title_whatever_the_spelling(query):
    course_page(title="الإدارة وإدارة التغيير", summary="قيادة التحول الرقمي.")
    course_page(title="أمن المعلومات للموظفين", summary="حماية البيانات.")
    assert titles(search(query)) == ["الإدارة وإدارة التغيير"]


def test_the_article_does_not_matter():
    course_page(title="إدارة التغيير")
    course_page(title="مهارات الحاسوب للموظفين")
    assert titles(search("الادارة")) == ["إدارة التغيير"]
    assert titles(search("الموظفين")) == ["مهارات الحاسوب للموظفين"]


def test_the_summary_is_searched_and_an_unknown_word_finds_nothing():
    course_page(title="أمن المعلومات للموظفين", summary="كلمات المرور والتصيد الاحتيالي.")
    assert titles(search("الاحتيالي")) == ["أمن المعلومات للموظفين"]
    empty = search("فيزياء")
    assert empty["courses"] == [] and empty["count"] == 0 and empty["filtered"]


def test_only_live_pages_of_this_catalogue_and_locale_are_listed():
    course_page(title="دورة منشورة")
    draft = course_page(title="دورة مسودة")
    draft.unpublish()
    english = Locale.objects.get(language_code="en")
    course_page(title="English course", locale=english, slug="english-course")
    assert titles(search()) == ["دورة منشورة"]


def test_topic_filter_and_counts():
    strategy = Topic.objects.create(name_ar="الاستراتيجية", slug="strategy")
    security = Topic.objects.create(name_ar="الأمن", slug="security")
    with_topics(course_page(title="استراتيجية الحكومة الإلكترونية"), strategy)
    with_topics(course_page(title="تخطيط المشاريع"), strategy)
    with_topics(course_page(title="أمن المعلومات"), security)

    everything = search()
    assert facet(everything, "topic") == {"strategy": 2, "security": 1}

    chosen = search(topic="strategy")
    assert titles(chosen) == ["استراتيجية الحكومة الإلكترونية", "تخطيط المشاريع"]
    # The chosen facet keeps counting the alternatives, so the trainee can switch to them.
    assert facet(chosen, "topic") == {"strategy": 2, "security": 1}
    assert [o.value for o in chosen["facets"]["topic"] if o.selected] == ["strategy"]


def test_language_and_delivery_mode_filters_with_counts():
    course_page(title="دورة عربية حضورية", languages=["ar"], delivery_mode=CoursePage.DeliveryMode.IN_PERSON)
    course_page(
        title="دورة ثنائية اللغة", languages=["ar", "en"], delivery_mode=CoursePage.DeliveryMode.ONLINE
    )
    course_page(title="دورة كردية", languages=["ckb"], delivery_mode=CoursePage.DeliveryMode.ONLINE)

    assert titles(search(language="en")) == ["دورة ثنائية اللغة"]
    assert titles(search(language="ar")) == ["دورة ثنائية اللغة", "دورة عربية حضورية"]
    assert facet(search(), "language") == {"ar": 2, "en": 1, "ckb": 1}
    online = search(mode="online")
    assert titles(online) == ["دورة ثنائية اللغة", "دورة كردية"]
    assert facet(online, "mode") == {"online": 2, "in_person": 1}
    # Filters combine: each facet's counts follow the other filters in use.
    assert facet(search(mode="online"), "language") == {"ar": 1, "en": 1, "ckb": 1}
    assert titles(search(mode="online", language="ckb")) == ["دورة كردية"]


def test_governorate_and_hub_filters_count_upcoming_cohorts_only():
    basra_hub = TrainingHubFactory(name_ar="مركز تدريب البصرة", governorate=governorate("basra"))
    erbil_hub = TrainingHubFactory(name_ar="مركز تدريب أربيل", governorate=governorate("erbil"))
    in_basra = course_page(title="دورة في البصرة")
    CohortFactory(course=in_basra, hub=basra_hub)
    in_erbil = course_page(title="دورة في أربيل")
    CohortFactory(course=in_erbil, hub=erbil_hub)
    # A cohort that ended long ago does not make a course "in Basra".
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    CohortFactory(course=in_erbil, hub=basra_hub, starts_on=long_ago, ends_on=long_ago)
    online_only = course_page(title="دورة عن بعد")
    CohortFactory(course=online_only, hub=None)

    everything = search()
    assert facet(everything, "governorate") == {
        str(governorate("basra").pk): 1,
        str(governorate("erbil").pk): 1,
    }
    assert facet(everything, "hub") == {str(basra_hub.pk): 1, str(erbil_hub.pk): 1}
    assert titles(search(governorate=governorate("basra").pk)) == ["دورة في البصرة"]
    assert titles(search(hub=erbil_hub.pk)) == ["دورة في أربيل"]
    # Within Erbil, no course is at the Basra hub: the other hub's option disappears.
    assert facet(search(governorate=governorate("erbil").pk), "hub") == {str(erbil_hub.pk): 1}
    # The course listing shows the cohort that matched, not just any.
    (listed,) = search(governorate=governorate("basra").pk)["courses"]
    assert [c.hub for c in listed.next_cohorts] == [basra_hub]


def test_start_date_filters_need_one_cohort_starting_in_the_range():
    today = timezone.localdate()
    soon = course_page(title="تبدأ قريبا")
    CohortFactory(course=soon, starts_on=today + datetime.timedelta(days=5))
    later = course_page(title="تبدأ لاحقا")
    CohortFactory(course=later, starts_on=today + datetime.timedelta(days=60))
    course_page(title="بلا دفعات")

    in_a_month = (today + datetime.timedelta(days=30)).isoformat()
    assert titles(search(start_to=in_a_month)) == ["تبدأ قريبا"]
    assert titles(search(start_from=in_a_month)) == ["تبدأ لاحقا"]
    assert titles(search(start_from=today.isoformat(), start_to=in_a_month)) == ["تبدأ قريبا"]


def test_programme_filter_lists_its_courses_and_the_programme_itself():
    first = course_page(title="أطر الحوكمة الإلكترونية")
    second = course_page(title="استراتيجية الحكومة الإلكترونية")
    course_page(title="مهارات الحاسوب الأساسية")
    programme = programme_page([first, second], title="برنامج إعداد المدربين الرئيسيين")

    everything = search()
    assert facet(everything, "programme") == {str(programme.pk): 2}
    assert [(p.title, p.course_count) for p in everything["programmes"]] == [
        ("برنامج إعداد المدربين الرئيسيين", 2)
    ]
    # Filtered by a course's topic, the programme is still listed with all its courses counted.
    strategy = Topic.objects.create(name_ar="الاستراتيجية", slug="strategy")
    with_topics(second, strategy)
    assert [(p.title, p.course_count) for p in search(topic="strategy")["programmes"]] == [
        ("برنامج إعداد المدربين الرئيسيين", 2)
    ]
    assert titles(search(programme=programme.pk)) == [
        "أطر الحوكمة الإلكترونية",
        "استراتيجية الحكومة الإلكترونية",
    ]
    # A programme is found by its own words too, without its hamza.
    found = search("اعداد المدربين")
    assert [p.title for p in found["programmes"]] == ["برنامج إعداد المدربين الرئيسيين"]
    assert found["courses"] == []


def test_results_are_paginated_and_a_bad_page_number_falls_back():
    for number in range(14):
        course_page(title=f"دورة رقم {number:02d}")
    first = search()
    assert first["count"] == 14
    assert len(first["courses"]) == 12 and first["page"].has_next()
    second = search(page=2)
    assert titles(second) == ["دورة رقم 12", "دورة رقم 13"]
    assert search(page="abc")["page"].number == 1
    assert search(page=99)["page"].number == 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"language": "fr"}, "language"),
        ({"mode": "carrier-pigeon"}, "delivery mode"),
        ({"governorate": "basra"}, "place"),
        ({"programme": "-1"}, "programme"),
        ({"start_from": "15/03/2027"}, "year-month-day"),
        ({"start_from": "2027-02-30"}, "year-month-day"),
        ({"start_from": "2027-05-01", "start_to": "2027-04-01"}, "after the last one"),
    ],
)
def test_bad_filter_values_are_ignored_with_a_message(params, message):
    course_page(title="دورة")
    with translation.override("en"):
        results = search(**params)
    assert titles(results) == ["دورة"]
    assert len(results["errors"]) == 1 and message in results["errors"][0]
    assert results["active_filters"] == []


def test_active_filters_can_be_removed_one_by_one():
    topic = Topic.objects.create(name_ar="الأمن", slug="security")
    with_topics(course_page(title="أمن المعلومات"), topic)
    with translation.override("en"):
        results = search("أمن", topic="security", page=1)
    removals = {f.label: f.remove_querystring for f in results["active_filters"]}
    assert removals == {"Search: أمن": "?topic=security", "Topic: الأمن": "?q=%D8%A3%D9%85%D9%86"}


def test_the_search_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    hub = TrainingHubFactory()
    topic = Topic.objects.create(name_ar="الأمن", slug="security")
    courses = [course_page(title=f"دورة {n}") for n in range(8)]
    for course in courses:
        with_topics(course, topic)
        CohortFactory(course=course, hub=hub)
        CohortFactory(course=course, hub=None)
    programme_page(courses[:3])
    with django_assert_max_num_queries(16):
        results = search(topic="security")
        assert len(results["courses"]) == 8
        for course in results["courses"]:
            list(course.topics.all())
            assert len(course.next_cohorts) == 2
