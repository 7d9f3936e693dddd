"""The public verification page: statuses in three languages, nothing for a wrong code, guessing
throttled; a trainee downloads only their own certificate."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.credentials.models import Certificate
from certification.credentials.services import certificate_revoke
from courses import api as courses_api
from courses.enrolment.services import enrolment_request
from tests.certification.factories import course_with_rule, trainee_completing
from tests.lms.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def issued() -> Certificate:
    _rule, activity, cohort = course_with_rule()
    user, _enrolment = trainee_completing(
        activity,
        cohort,
        email="ahmed@example.iq",
        job_title="Director of e-services",
        employee_number="EMP-4471",
    )
    return Certificate.objects.get(user=user)


def _page(code: str, language: str = "en", client: Client | None = None):
    client = client or Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    with translation.override(language):
        url = reverse("certificates:verify_code", args=[code])
    return client.get(url)


def test_a_valid_certificate_shows_valid_and_only_what_is_printed_on_it(issued):
    response = _page(issued.serial)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Valid certificate" in body and "أحمد علي" in body and "Ahmed Ali" in body
    for private in ("ahmed@example.iq", "Director of e-services", "EMP-4471"):
        assert private not in body


@pytest.mark.parametrize(
    ("language", "word"), [("ar", "ملغاة"), ("ckb", "هەڵوەشێنرایەوە"), ("en", "revoked")]
)
def test_a_revoked_certificate_says_so_with_the_date_in_each_language(issued, language, word):
    revoked = certificate_revoke(certificate=issued, by=UserFactory(), reason="Mistake")
    body = _page(issued.serial, language).content.decode()
    assert word in body
    assert str(revoked.revoked_at.year) in body


def test_a_typed_code_in_lower_case_with_spaces_finds_the_certificate(issued):
    typed = issued.serial.lower().replace("-", " ")
    response = Client().get(reverse("certificates:verify"), {"code": typed})
    assert response.status_code == 302 and response["Location"].endswith(f"/{issued.serial}/")


def test_a_wrong_code_reveals_nothing(issued):
    near_miss = issued.serial[:-1] + ("0" if issued.serial[-1] != "0" else "1")
    pending = Certificate.objects.create(user=issued.user, rule=issued.rule, origin="x", facts=issued.facts)
    Certificate.objects.filter(pk=pending.pk).update(state=Certificate.State.FAILED)
    bodies = {_page(code).content for code in (near_miss, "TDR-0000-0000-0000", "nonsense", pending.serial)}
    assert len(bodies) == 4  # each echoes the typed code, and nothing else differs:
    for code in (near_miss, "TDR-0000-0000-0000", "nonsense", pending.serial):
        response = _page(code)
        assert response.status_code == 404
        assert "Ahmed" not in response.content.decode()


@override_settings(CERTIFICATION_VERIFY_MISSES_PER_HOUR=5)
def test_guessing_is_throttled_even_for_a_right_code_afterwards(issued):
    client = Client(REMOTE_ADDR="10.1.2.3")
    for n in range(5):
        assert _page(f"TDR-0000-0000-000{n}", client=client).status_code == 404
    assert _page(issued.serial, client=client).status_code == 429
    # Another network is not held up by this one.
    assert _page(issued.serial, client=Client(REMOTE_ADDR="10.9.9.9")).status_code == 200


@override_settings(CERTIFICATION_VERIFY_PER_MINUTE=3)
def test_a_burst_of_lookups_from_one_address_is_throttled(issued):
    client = Client(REMOTE_ADDR="10.1.2.4")
    statuses = [_page(issued.serial, client=client).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_a_trainee_downloads_their_own_certificate_but_not_another_trainees(issued):
    owner = Client()
    owner.force_login(issued.user)
    response = owner.get(reverse("certificates:certificate_pdf", args=[issued.serial]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")

    other = Client()
    other.force_login(UserFactory())
    assert other.get(reverse("certificates:certificate_pdf", args=[issued.serial])).status_code == 404
    assert other.get(reverse("certificates:certificate_credential", args=[issued.serial])).status_code == 404
    anonymous = Client().get(reverse("certificates:certificate_pdf", args=[issued.serial]))
    assert anonymous.status_code == 302


def test_my_learning_lists_the_certificate_with_its_links(issued):
    client = Client()
    client.force_login(issued.user)
    body = client.get(reverse("courses:my_learning")).content.decode()
    assert issued.serial in body
    assert reverse("certificates:certificate_pdf", args=[issued.serial]) in body
    assert "linkedin.com/profile/add" in body


def test_a_trainee_gets_their_training_record_and_it_verifies(issued):
    client = Client()
    client.force_login(issued.user)
    response = client.post(reverse("certificates:training_record_new"))
    assert response.status_code == 302
    record_pdf = client.get(response["Location"])
    assert b"".join(record_pdf.streaming_content).startswith(b"%PDF")
    serial = issued.user.training_records.get().serial
    body = _page(serial).content.decode()
    assert "Valid training record" in body and issued.serial in body


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=st.text(max_size=80))
def test_hostile_codes_never_cause_a_server_error(issued, code):
    cache.clear()
    response = Client().get(reverse("certificates:verify"), {"code": code})
    assert response.status_code in (200, 302, 404)
    if "/" not in code and code.strip() and "\x00" not in code:
        assert Client().get(f"/certificates/verify/{code}/".replace("//", "/")).status_code in (404, 200, 301)
    assert Certificate.objects.count() == 1


def test_my_learning_kept_before_a_certificate_shows_it_issued_and_then_revoked():
    """My learning is kept per person (ADR 0026): the issuing, the PDF task and a revocation each
    show at once."""
    _rule, activity, cohort = course_with_rule()
    user = UserFactory(preferred_language="en")
    enrolment_request(user=user, cohort=cohort)
    client = Client()
    client.force_login(user)
    for _ in range(3):
        assert "TDR-" not in client.get(reverse("courses:my_learning")).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        courses_api.activity_result_record(user_id=user.pk, activity_id=activity.pk, score=90, completed=True)
    certificate = Certificate.objects.get(user=user)
    assert certificate.serial in client.get(reverse("courses:my_learning")).content.decode()
    client.get(reverse("courses:my_learning"))
    certificate_revoke(certificate=certificate, by=UserFactory(), reason="Issued in error")
    body = client.get(reverse("courses:my_learning")).content.decode()
    assert (
        "Revoked on" in body
        and reverse("certificates:certificate_pdf", args=[certificate.serial]) not in body
    )
