"""Fixtures shared by every tier."""

import pytest
from django.test import Client

from tests.lms.factories import UserFactory


@pytest.fixture
def trainee(db):
    return UserFactory()


@pytest.fixture
def trainee_client(trainee) -> Client:
    client = Client()
    client.force_login(trainee)
    return client
