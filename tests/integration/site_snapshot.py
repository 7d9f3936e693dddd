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
from django.db.models import F  # noqa: E402
from django.test import Client, override_settings  # noqa: E402

from certification.assessment.attempts.models import Attempt as QuizAttempt  # noqa: E402
from certification.credentials.models import Certificate  # noqa: E402
from content.lrs.models import Statement  # noqa: E402
from content.runtime.models import Attempt as ContentAttempt  # noqa: E402
from courses.enrolment.models import Enrolment  # noqa: E402
from courses.learning.models import ActivityResult  # noqa: E402

# Per-response values that differ on every request, whatever the data.
VOLATILE = re.compile(r'(name="csrfmiddlewaretoken" value=|nonce=|csrf_token" content=)"[^"]*"')


def _page(client: Client, url: str) -> dict:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("text/html"):
        return {"status": response.status_code, "html": VOLATILE.sub("", body.decode())}
    return {"status": response.status_code, "sha256": hashlib.sha256(body).hexdigest(), "bytes": len(body)}


def _values(row) -> dict:
    return {key: str(value) for key, value in row.__dict__.items() if not key.startswith("_")}


def _by_person(queryset, person: str = "user_id") -> dict[int, list[dict]]:
    grouped: dict[int, list[dict]] = {}
    for row in queryset.order_by("pk"):
        grouped.setdefault(getattr(row, person), []).append(_values(row))
    return grouped


def snapshot() -> dict:
    """Every trainee's enrolments, results, attempts and certificates as rows; the pages a trainee
    reads (My learning, quiz reviews, certificate PDFs and their verification) for every trainee who
    has an attempt or a certificate. (The demo has some 2,500 trainees: opening My learning for each
    of them, on both sites, took most of the test's ten minutes and compared only more of the same.)"""
    trainees = get_user_model().objects.filter(pk__in=Enrolment.objects.values("user_id")).order_by("pk")
    enrolments = _by_person(Enrolment.objects.all())
    results = _by_person(ActivityResult.objects.annotate(person=F("enrolment__user_id")), "person")
    quiz_attempts = _by_person(QuizAttempt.objects.all())
    content_attempts = _by_person(ContentAttempt.objects.all())
    certificates: dict[int, list[Certificate]] = {}
    for certificate in Certificate.objects.order_by("pk"):
        certificates.setdefault(certificate.user_id, []).append(certificate)
    site: dict = {}
    for user in trainees:
        entry = {
            "enrolments": enrolments.get(user.pk, []),
            "results": results.get(user.pk, []),
            "content_attempts": content_attempts.get(user.pk, []),
            "quiz_attempts": [{"values": values} for values in quiz_attempts.get(user.pk, [])],
            "certificates": [
                {"serial": certificate.serial, "status": certificate.status, "values": _values(certificate)}
                for certificate in certificates.get(user.pk, [])
            ],
        }
        if entry["content_attempts"] or entry["quiz_attempts"] or entry["certificates"]:
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            entry["my_learning"] = _page(client, "/courses/learning/")
            for attempt in entry["quiz_attempts"]:
                attempt["review"] = _page(client, f"/assessment/attempt/{attempt['values']['id']}/review/")
            for certificate in entry["certificates"]:
                serial = certificate["serial"]
                certificate["pdf"] = _page(client, f"/certificates/mine/{serial}.pdf")
                certificate["verify"] = _page(
                    Client(HTTP_HOST="localhost"), f"/certificates/verify/{serial}/"
                )
        site[user.email or str(user.pk)] = entry
    site["statements"] = [
        {"id": str(statement.statement_id), "data": statement.data, "voided": statement.voided}
        for statement in Statement.objects.order_by("pk")
    ]
    return site


if __name__ == "__main__":
    # Both snapshots open every certificate's verification page from one address within a minute;
    # the guessing throttle (counted in the shared cache) would answer the second with a refusal.
    with override_settings(CERTIFICATION_VERIFY_PER_MINUTE=1_000_000):
        json.dump(snapshot(), sys.stdout, ensure_ascii=False, sort_keys=True, default=str)
