"""Large exports: built by a task behind a progress bar, fetched only by whoever asked, until they
expire; small ones stay direct downloads."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from analytics.exports.jobs import exports_sweep
from analytics.exports.models import Export
from analytics.tasks import export_build_task
from lms.people.roles import Role
from tests.analytics.factories import built_world
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch, settings):
    # Every export of more than one row goes through the task.
    settings.ANALYTICS_EXPORT_DIRECT_ROWS = 1
    return built_world(monkeypatch)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def director():
    return client_for(UserFactory(role=Role.CENTRE_DIRECTOR))


def ask(client, report="rates", fmt="xlsx", capture=None, **query):
    url = reverse("analytics:report_export", args=[report, fmt])
    if capture is None:
        return client.get(url, query)
    with capture(execute=True):
        return client.get(url, query)


def test_a_small_export_is_still_a_direct_download(world, director, settings):
    settings.ANALYTICS_EXPORT_DIRECT_ROWS = 5_000
    response = ask(director)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Export.objects.exists()


def test_a_large_export_shows_a_progress_bar_then_the_file(
    world, director, django_capture_on_commit_callbacks
):
    response = ask(director)
    export = Export.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "analytics:export", args=[export.pk]
    )
    page = director.get(response["Location"]).content.decode()
    # Polled by htmx; without JavaScript the page refreshes itself and has a link to do so.
    assert "<progress" in page and "hx-get" in page and 'http-equiv="refresh"' in page
    assert reverse("analytics:export", args=[export.pk]) in page
    export_build_task.apply(args=[str(export.pk)])
    export.refresh_from_db()
    assert (export.status, export.rows_done, export.rows_total) == ("ready", 2, 2)
    page = director.get(reverse("analytics:export", args=[export.pk])).content.decode()
    assert "<progress" not in page and 'http-equiv="refresh"' not in page
    download = director.get(reverse("analytics:export_download", args=[export.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="tadrib-rates-')
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.sheet_view.rightToLeft is True
    assert [row[0].value for row in sheet.iter_rows(min_row=2, max_row=3)] == ["A", "B"]
    # Running the task again changes nothing.
    export_build_task.apply(args=[str(export.pk)])
    assert Export.objects.get().status == "ready"


def test_the_task_runs_once_the_request_commits(world, director, django_capture_on_commit_callbacks):
    ask(director, fmt="csv", capture=django_capture_on_commit_callbacks)
    export = Export.objects.get()
    assert export.status == "ready"
    body = b"".join(director.get(reverse("analytics:export_download", args=[export.pk])).streaming_content)
    assert body.decode("utf-8-sig").splitlines()[1].startswith("A,7,5,3,1")


def test_nobody_else_reaches_an_export_not_even_another_director(
    world, director, django_capture_on_commit_callbacks
):
    ask(director, capture=django_capture_on_commit_callbacks)
    export = Export.objects.get()
    coordinator = UserFactory(role=Role.HUB_COORDINATOR)
    world.h1.coordinators.add(coordinator)
    others = [client_for(UserFactory(role=Role.CENTRE_DIRECTOR)), client_for(coordinator)]
    for other in others:
        for name in ("export", "export_progress", "export_download"):
            assert other.get(reverse(f"analytics:{name}", args=[export.pk])).status_code == 404, name
    trainee = client_for(UserFactory())
    assert trainee.get(reverse("analytics:export_download", args=[export.pk])).status_code == 403
    assert Client().get(reverse("analytics:export_download", args=[export.pk])).status_code == 302


def test_a_hub_coordinators_export_holds_only_their_hub(world, settings, django_capture_on_commit_callbacks):
    settings.ANALYTICS_EXPORT_DIRECT_ROWS = 0
    user = UserFactory(role=Role.HUB_COORDINATOR)
    world.h2.coordinators.add(user)
    coordinator = client_for(user)
    ask(coordinator, report="hubs", fmt="csv", capture=django_capture_on_commit_callbacks)
    ask(coordinator, report="rates", fmt="csv", capture=django_capture_on_commit_callbacks)
    for export in Export.objects.all():
        assert export.requested_by == user
        body = b"".join(
            coordinator.get(reverse("analytics:export_download", args=[export.pk])).streaming_content
        )
        assert world.h1.name_ar not in body.decode("utf-8-sig")
    rates = Export.objects.get(report="rates")
    assert rates.rows_total == 1  # course A only: C2 at H2


def test_expired_exports_are_refused_then_swept_with_their_file(
    world, director, django_capture_on_commit_callbacks
):
    ask(director, capture=django_capture_on_commit_callbacks)
    export = Export.objects.get()
    from django.core.files.storage import storages

    assert storages["private"].exists(export.file)
    Export.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert director.get(reverse("analytics:export_download", args=[export.pk])).status_code == 404
    assert exports_sweep() == 1
    assert not Export.objects.exists() and not storages["private"].exists(export.file)


def test_a_failed_export_says_so(world, director, monkeypatch):
    ask(director)
    export = Export.objects.get()
    from analytics.exports import jobs

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(jobs, "write_xlsx", broken)
    with pytest.raises(RuntimeError):
        export_build_task.apply(args=[str(export.pk)])
    page = director.get(reverse("analytics:export", args=[export.pk])).content.decode()
    assert Export.objects.get().status == "failed" and 'role="alert"' in page


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(export_id=st.uuids() | st.text(max_size=40))
def test_hostile_export_ids_never_give_a_500(director, export_id):
    for name in ("export", "export_progress", "export_download"):
        try:
            url = reverse(f"analytics:{name}", args=[export_id])
        except NoReverseMatch:
            url = f"/reports/exports/{export_id}/"
        assert director.get(url).status_code in (301, 302, 404), url
