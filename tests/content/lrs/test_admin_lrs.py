"""The LRS admin: staff browse statements, create and revoke clients, see forwarding status."""

import pytest
from django.contrib.auth import get_user_model

from content.lrs.models import ForwardingDestination, LrsClient

from .conftest import statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser(
        **{get_user_model().USERNAME_FIELD: "admin@example.org"}, password="pw-123456789"
    )
    client.force_login(user)
    return client


def test_statement_browser_lists_and_filters(staff_client, xapi):
    [statement_id] = xapi.post("statements", statement()).json()
    page = staff_client.get("/django-admin/content/statement/?voided__exact=0")
    assert page.status_code == 200
    assert statement_id in page.content.decode()
    detail = staff_client.get(f"/django-admin/content/statement/?q={statement_id}")
    assert statement_id in detail.content.decode()


def test_creating_a_client_shows_its_secret_once(staff_client):
    response = staff_client.post(
        "/django-admin/content/lrsclient/add/",
        {"name": "Ministry portal", "can_read": "on", "can_write": "on"},
        follow=True,
    )
    assert response.status_code == 200
    client = LrsClient.objects.get(name="Ministry portal")
    assert client.key in response.content.decode()


def test_forwarding_status_per_destination(staff_client):
    ForwardingDestination.objects.create(name="Ministry LRS", endpoint="http://127.0.0.1:9/xapi/")
    page = staff_client.get("/django-admin/content/forwardingdestination/")
    assert page.status_code == 200
    assert "Ministry LRS" in page.content.decode()
