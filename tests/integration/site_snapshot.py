"""What every trainee finds on a site, as JSON on stdout: run against a site and against its restore.

``python -m tests.integration.site_snapshot`` with DATABASE_URL and MEDIA_ROOT naming the site to
read (test_backup_restore.py runs it once on the backed-up database, once on the restored one).
It reads through the site's own pages where a trainee would (My learning, the quiz results, the
certificate PDF and its public verification), and through the models for what has no page of its
own (SCORM/cmi5 attempts and LRS statements), so "the same" means the same to a person and to data.
"""

import hashlib
import json
import os
import re
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.integration")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402

from certification.assessment.attempts.models import Attempt as QuizAttempt  # noqa: E402
from certification.credentials.models import Certificate  # noqa: E402
from content.lrs.models import Statement  # noqa: E402
from content.runtime.models import Attempt as ContentAttempt  # noqa: E402
from courses.enrolment.models import Enrolment  # noqa: E402

# Per-response values that differ on every request, whatever the data.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=|csrf_token" content=)"[^"]*"')


def _page(client: Client, url: str) -> dict:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("text/html"):
        return {"status": response.status_code, "html": VOLATILE.sub("", body.decode())}
    return {"status": response.status_code, "sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}


def snapshot() -> dict:
    trainees = get_user_model().objects.filter(pk__in=Enrolment.objects.values("user_id")).order_by("pk")
    site: dict = {}
    for user in trainees:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        quiz_attempts = QuizAttempt.objects.filter(user=user).order_by("pk")
        certificates = Certificate.objects.filter(user=user).order_by("pk")
        site[user.email or str(user.pk)] = {
            "my_learning": _page(client, "/courses/learning/"),
            "quiz_attempts": [
                {
                    "values": {
                        key: str(value) for key, value in attempt.__dict__.items() if not key.startswith("_")
                    },
                    "review": _page(client, f"/assessment/attempt/{attempt.pk}/review/"),
                }
                for attempt in quiz_attempts
            ],
            "content_attempts": [
                {key: str(value) for key, value in attempt.__dict__.items() if not key.startswith("_")}
                for attempt in ContentAttempt.objects.filter(user=user).order_by("pk")
            ],
            "certificates": [
                {
                    "serial": certificate.serial,
                    "status": certificate.status,
                    "pdf": _page(client, f"/certificates/mine/{certificate.serial}.pdf"),
                    "verify": _page(
                        Client(HTTP_HOST="localhost"), f"/certificates/verify/{certificate.serial}/"
                    ),
                }
                for certificate in certificates
            ],
        }
    site["statements"] = [
        {"id": str(statement.statement_id), "data": statement.data, "voided": statement.voided}
        for statement in Statement.objects.order_by("pk")
    ]
    return site


if __name__ == "__main__":
    json.dump(snapshot(), sys.stdout, ensure_ascii=False, sort_keys=True, default=str)
