"""The catalogue demo: the master-trainer programme with cohorts in four hubs and online, loaded twice."""

import pytest
from django.test import Client
from django.urls import reverse

from courses.catalogue import demo as demo_catalogue
from courses.models import CatalogueIndexPage, Cohort, CoursePage, Enrolment, ProgrammePage
from lms import demo as lms_demo
from lms.people import demo as people_demo
from lms.people.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_catalogue_loads_twice_and_shows_a_trainee_their_learning():
    people_demo.load()
    lms_demo.load()
    demo_catalogue.load()
    counts = (CoursePage.objects.count(), Cohort.objects.count(), Enrolment.objects.count())
    demo_catalogue.load()
    assert (CoursePage.objects.count(), Cohort.objects.count(), Enrolment.objects.count()) == counts

    catalogue = CatalogueIndexPage.objects.get()
    assert catalogue.title == "الدورات التدريبية"
    programme = ProgrammePage.objects.get()
    assert programme.is_master_trainer_programme and programme.target_trainees == 500
    assert [p.course.slug for p in programme.programme_courses.order_by("sort_order")] == [
        "e-governance-frameworks",
        "e-government-strategy",
        "e-government-project-planning",
        "e-government-project-implementation",
        "change-management",
    ]
    assert CoursePage.objects.count() == 7
    places = {
        c.hub.governorate.code if c.hub else "online"
        for c in Cohort.objects.select_related("hub__governorate")
    }
    assert places == {"basra", "baghdad", "erbil", "najaf", "online"}
    states = set(Enrolment.objects.values_list("state", flat=True))
    assert {"completed", "active", "approved", "waitlisted", "requested"} <= states
    assert Enrolment.objects.values("user").distinct().count() >= 30

    client = Client()
    client.force_login(User.objects.get(email="trainee@demo.tadrib.iq"))
    learning = client.get(reverse("courses:my_learning"))
    assert learning.status_code == 200
    assert learning.context["current"] and learning.context["finished"] and learning.context["waiting"]
    assert client.get(catalogue.url, {"q": "الادارة"}).status_code == 200
