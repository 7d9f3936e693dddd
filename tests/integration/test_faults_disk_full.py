"""Disk full while an upload is stored (issue 15): a clear refusal in the user's language, and
nothing half-written — no file, no row.

The uploads run in a child process whose MEDIA_ROOT is a 256 KB tmpfs mounted in a mount
namespace of its own (``unshare``: root, or an unprivileged user namespace), so the disk that
fills up is real and nobody else sees it. An instructor uploads a content package and a document
(a file activity's document) larger than the room left; the package is refused on its form with
the reason, the document with the 507 page, both in Arabic, and the filesystem and the database
hold nothing of either.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation
from wagtail.documents import get_document_model

from content.packages.errors import Code, reject
from content.packages.models import ContentPackage, ContentPackageVersion
from lms.errors import PAGES
from tests.content.packages.test_wagtail_hooks import content_activity_taught_by
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOM = "256k"


def _namespace_command(media: str) -> list[str]:
    """A shell that mounts a small tmpfs on ``media`` in a mount namespace of its own, or None
    when this machine allows no such namespace."""
    options = ["-m"] if os.geteuid() == 0 else ["-r", "-m"]
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("unshare (util-linux) is not installed: no way to fill a real filesystem")
    probe = subprocess.run(
        [unshare, *options, "sh", "-c", f"mount -t tmpfs -o size={ROOM} tadrib-full {media}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"this machine allows no mount namespace for a small filesystem: {probe.stderr.strip()}")
    return [
        unshare,
        *options,
        "sh",
        "-c",
        f'mount -t tmpfs -o size={ROOM} tadrib-full "$0" && exec "$@"',
        media,
    ]


def test_a_full_disk_refuses_package_and_document_uploads_and_keeps_nothing(tmp_path):
    media = tempfile.mkdtemp(prefix="tadrib-full-disk-", dir=tmp_path)
    command = _namespace_command(media)
    instructor = UserFactory(is_superuser=True, is_staff=True, preferred_language="ar")
    activity = content_activity_taught_by(instructor)
    database = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.integration",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "MEDIA_ROOT": media,
    }
    child = subprocess.run(
        [*command, sys.executable, "-m", "tests.integration.full_disk", str(instructor.pk), str(activity.pk)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr[-3000:]
    answers = json.loads(child.stdout.strip().splitlines()[-1])
    with translation.override("ar"):
        no_room_for_package = str(reject(Code.NO_ROOM).message)
        no_room = str(PAGES[507][0])
    figures = {
        "package": answers["package"]["status"],
        "document": answers["document"]["status"],
        "files left": answers["files_left"],
    }
    print(f"\nDisk full ({ROOM} tmpfs): {figures}")
    # The package form again, with the reason; the document with the 507 page.
    assert answers["package"]["status"] == 200, answers["package"]["text"][-2000:]
    assert no_room_for_package in answers["package"]["text"]
    assert answers["document"]["status"] == 507
    assert no_room in answers["document"]["text"]
    assert answers["files_left"] == []
    assert not ContentPackage.objects.exists()
    assert not ContentPackageVersion.objects.exists()
    assert not get_document_model().objects.exists()
