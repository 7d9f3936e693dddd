"""Who reads which figures through the pages, exports and URLs (acceptance 4), and hostile input."""

import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from analytics.reports import REPORTS
from lms.people.roles import Role
from tests.analytics.factories import built_world
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    return built_world(monkeypatch)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def coordinator(world):
    """The coordinator of H2 only (Baghdad: cohort C2, three enrolments, one person trained)."""
    user = UserFactory(role=Role.HUB_COORDINATOR)
    world.h2.coordinators.add(user)
    return client_for(user)


def every_url(world, **query) -> list[str]:
    urls = [reverse("analytics:dashboard"), reverse("analytics:dashboard_pdf")]
    for key in REPORTS:
        urls.append(reverse("analytics:report", args=[key]))
        urls += [reverse("analytics:report_export", args=[key, fmt]) for fmt in ("csv", "xlsx")]
    if query:
        from urllib.parse import urlencode

        urls = [f"{url}?{urlencode(query)}" for url in urls]
    return urls


def test_the_director_sees_everything_with_names(world):
    director = client_for(UserFactory(role=Role.CENTRE_DIRECTOR))
    page = director.get(reverse("analytics:report", args=["cascade"]))
    assert page.status_code == 200
    assert "المدرب الرئيسي الأول" in page.content.decode()
    assert director.get(reverse("analytics:dashboard")).status_code == 200


def test_trainees_and_instructors_read_no_report(world):
    for role in (None, Role.INSTRUCTOR):
        client = client_for(UserFactory(role=role))
        for url in every_url(world):
            assert client.get(url).status_code == 403, url
    assert Client().get(reverse("analytics:dashboard")).status_code == 302


def test_a_hub_coordinator_reads_only_their_hub_in_csv(world, coordinator):
    body = coordinator.get(reverse("analytics:report_export", args=["funnel", "csv"])).content.decode(
        "utf-8-sig"
    )
    assert [line.split(",")[1] for line in body.strip().splitlines()[1:]] == ["3", "2", "1", "0"]


def test_a_hub_coordinator_sees_no_names(world, coordinator):
    page = coordinator.get(reverse("analytics:report", args=["cascade"])).content.decode()
    assert "المدرب الرئيسي الأول" not in page
    assert f"#{world.mt1.pk}" in page


@pytest.mark.parametrize(
    "tamper",
    ["hub", "governorate", "cohort", "master_trainer"],
)
def test_tampered_parameters_never_reach_another_hub(world, coordinator, tamper):
    value = {
        "hub": world.h1.pk,
        "governorate": world.basra.pk,
        "cohort": world.c1.pk,
        "master_trainer": world.mt2.pk,
    }[tamper]
    for url in every_url(world, **{tamper: value}):
        response = coordinator.get(url)
        assert response.status_code in (200, 400), url
        if url.split("?")[0].endswith(".xlsx") and response.status_code == 200:
            sheet = load_workbook(io.BytesIO(response.content)).active
            text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
        elif response.status_code == 200 and not url.split("?")[0].endswith(".pdf"):
            text = response.content.decode("utf-8-sig")
        else:
            continue
        # Nothing of H1 or C1 (the other hub's cohort) comes back: no name, no count.
        assert world.h1.name_ar not in text and world.c1.title not in text and world.c3.title not in text


def test_a_tampered_hub_is_refused_with_a_message(world, coordinator):
    response = coordinator.get(reverse("analytics:report", args=["funnel"]), {"hub": world.h1.pk})
    assert response.status_code == 400
    assert "errors" in response.content.decode()


def test_exports_and_pdf_download(world):
    director = client_for(UserFactory(role=Role.CENTRE_DIRECTOR))
    xlsx = director.get(reverse("analytics:report_export", args=["cascade", "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(row=2, column=1).value == "المدرب الرئيسي الأول"
    pdf = director.get(reverse("analytics:dashboard_pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    key=st.sampled_from([*REPORTS, "nope", "../admin"]),
    params=st.dictionaries(
        st.sampled_from(
            [
                "start",
                "end",
                "programme",
                "course",
                "governorate",
                "organisation",
                "hub",
                "gender",
                "master_trainer",
                "cohort",
            ]
        ),
        st.text(max_size=30) | st.integers(min_value=-(2**70), max_value=2**70).map(str),
        max_size=4,
    ),
)
def test_hostile_filters_never_give_a_500(coordinator, key, params):
    try:
        url = reverse("analytics:report", args=[key])
    except NoReverseMatch:
        return
    assert coordinator.get(url, params).status_code in (200, 400, 404)
