"""The uploads of ``test_faults_disk_full``, run inside a mount namespace where MEDIA_ROOT is a
small tmpfs (``python -m tests.integration.full_disk USER_ID ACTIVITY_ID``): a real filesystem
that fills up, seen by this process alone. Prints what each upload answered and which files are
left on that filesystem, as JSON, for the test to judge."""

import json
import os
import sys


def main(user_id: int, activity_id: int) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse
    from wagtail.models import Collection

    from tests.content.packages.builders import scorm12

    client = Client(raise_request_exception=False, HTTP_ACCEPT="text/html", HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(pk=user_id))
    # Larger than the filesystem and not compressible: the disk fills while its files are stored.
    package = scorm12(extra={"media/lecture.bin": os.urandom(600_000)})
    imported = client.post(
        reverse("content_packages:add"),
        {"title": "", "activity": activity_id, "upload": SimpleUploadedFile("lecture.zip", package)},
    )
    document = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "دليل المتدرب",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("handbook.pdf", b"%PDF-1.4\n" + os.urandom(600_000)),
        },
    )
    left = [
        os.path.relpath(os.path.join(folder, name), settings.MEDIA_ROOT)
        for folder, _folders, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    ]
    return {
        "package": {"status": imported.status_code, "text": imported.text},
        "document": {"status": document.status_code, "text": document.text},
        "files_left": left,
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
