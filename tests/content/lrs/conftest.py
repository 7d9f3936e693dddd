"""Fixtures for the LRS tests: a client system's credentials and an xAPI HTTP client."""

import base64
import json
import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from content.lrs.services import lrs_client_create


class XapiClient:
    """Django's test client with the xAPI version header and Basic credentials on each request."""

    def __init__(self, key: str, secret: str) -> None:
        self.client = Client()
        token = base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.headers = {"X-Experience-API-Version": "1.0.3", "Authorization": f"Basic {token}"}

    def request(
        self,
        method: str,
        path: str,
        *,
        body: Any = None,
        content_type: str = "application/json",
        headers: dict | None = None,
        **params: Any,
    ):
        from urllib.parse import urlencode

        url = "/xapi/" + path + ("?" + urlencode(params) if params else "")
        data = body if isinstance(body, bytes | str) or body is None else json.dumps(body)
        return self.client.generic(
            method,
            url,
            data=data or b"",
            content_type=content_type,
            headers={**self.headers, **(headers or {})},
        )

    def post(self, path: str, body: Any, **kwargs: Any):
        return self.request("POST", path, body=body, **kwargs)

    def put(self, path: str, body: Any, **kwargs: Any):
        return self.request("PUT", path, body=body, **kwargs)

    def get(self, path: str, **kwargs: Any):
        return self.request("GET", path, **kwargs)


@pytest.fixture(autouse=True)
def _empty_cache():
    """The LRS caches clients and forwarding destinations; a test's rolled-back rows must not
    outlive it there."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def xapi(db) -> XapiClient:
    client, secret = lrs_client_create(name="Test client")
    return XapiClient(client.key, secret)


def statement(**overrides: Any) -> dict:
    """A small valid statement."""
    data = {
        "actor": {"objectType": "Agent", "name": "Trainee", "mbox": "mailto:trainee@example.org"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-US": "attended"}},
        "object": {"objectType": "Activity", "id": "https://tadrib.example/activities/session-1"},
    }
    data.update(overrides)
    return data


def new_id() -> str:
    return str(uuid.uuid4())
