"""``manage.py deploy_check`` against the integration tier's real servers: PostgreSQL with every
migration applied passes; object storage whose bucket does not exist fails, naming the bucket."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.integration import services


def deploy_check(*names: str) -> tuple[bool, str]:
    out = StringIO()
    arguments = [item for name in names for item in ("--only", name)]
    try:
        call_command("deploy_check", *arguments, "--timeout", "10", stdout=out)
    except CommandError as error:
        return False, f"{out.getvalue()}{error}"
    return True, out.getvalue()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_with_every_migration_applied_passes():
    passed, output = deploy_check("database", "cache", "broker")
    assert passed, output
    assert "ok   database  PostgreSQL" in output and "all migrations applied" in output


def test_a_bucket_that_does_not_exist_fails_and_is_named(settings):
    with services.s3_settings(settings, "tadrib-no-such-bucket") as bucket:
        passed, output = deploy_check("storage", "private storage")
    assert not passed
    assert "FAIL storage" in output and f"the bucket {bucket.name}" in output
    assert "S3_BUCKET" in output
    assert "2 of 2 checks failed" in output


def test_a_bucket_that_exists_passes(s3_storage):
    passed, output = deploy_check("storage", "private storage")
    assert passed, output
    assert f"the bucket {s3_storage.name}: written, read back and deleted" in output
    assert s3_storage.keys() == [], "the check's files are deleted"
