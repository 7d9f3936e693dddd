"""The LRS ingest counter: statements count once they are committed, a refused batch adds nothing."""

import pytest
from prometheus_client import REGISTRY

from .conftest import statement

pytestmark = pytest.mark.django_db


def _stored() -> float:
    return REGISTRY.get_sample_value("tadrib_lrs_statements_stored_total") or 0.0


def test_stored_statements_increase_the_ingest_counter(xapi, django_capture_on_commit_callbacks):
    before = _stored()
    with django_capture_on_commit_callbacks(execute=True):
        assert xapi.post("statements", [statement(), statement()]).status_code == 200
    assert _stored() == before + 2
    with django_capture_on_commit_callbacks(execute=True):
        assert xapi.post("statements", [statement(), {"verb": "not a statement"}]).status_code == 400
    assert _stored() == before + 2
