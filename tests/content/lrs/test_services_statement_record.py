"""Recording a statement from inside Tadrib shares the caller's transaction."""

import pytest
from django.db import transaction

from content.api import statement_record
from content.lrs.models import Statement

from .conftest import statement

pytestmark = pytest.mark.django_db(transaction=True)


def test_recorded_with_the_fact():
    with transaction.atomic():
        statement_id = statement_record(statement=statement())
    stored = Statement.objects.get(statement_id=statement_id)
    assert stored.data["authority"]["account"]["name"] == "tadrib"


def test_rolled_back_with_the_fact():
    with pytest.raises(RuntimeError), transaction.atomic():
        statement_record(statement=statement())
        raise RuntimeError("the attendance could not be saved")
    assert Statement.objects.count() == 0
