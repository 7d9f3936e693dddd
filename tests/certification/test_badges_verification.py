"""Open Badges 3.0 credentials checked by an independent verifier (Digital Bazaar's VC 2.0, Data
Integrity and eddsa-rdfc-2022 libraries, run with node): a credential Tadrib issued verifies, a
tampered copy fails, and revoking the certificate shows through the published status list."""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from certification.credentials.badges import proof_verify
from certification.credentials.badges.keys import public_multibase
from certification.credentials.models import Certificate
from certification.credentials.services import certificate_revoke
from tests.certification.factories import course_with_rule, trainee_completing
from tests.lms.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("verify_credential.mjs")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (shutil.which("node") and (ROOT / "node_modules" / "@digitalbazaar" / "vc").exists()),
        reason="needs node and the npm devDependencies (make install-dev)",
    ),
]


def _verify(tmp_path: Path, credential: dict, status_list: dict | None = None) -> dict:
    credential_path = tmp_path / "credential.json"
    credential_path.write_text(json.dumps(credential))
    arguments = ["node", str(SCRIPT), str(credential_path)]
    if status_list is not None:
        (tmp_path / "status.json").write_text(json.dumps(status_list))
        arguments.append(str(tmp_path / "status.json"))
    done = subprocess.run(arguments, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _status_list(credential: dict) -> dict:
    url = credential["credentialStatus"]["statusListCredential"]
    response = Client().get(url.removeprefix("http://localhost:8000"))
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def certificate() -> Certificate:
    _rule, activity, cohort = course_with_rule(valid_months=24)
    user, _enrolment = trainee_completing(activity, cohort)
    return Certificate.objects.get(user=user)


def test_an_issued_credential_verifies_and_is_not_revoked(certificate, tmp_path):
    credential = certificate.credential
    assert credential["issuer"]["id"].startswith("did:key:z6Mk")
    assert _verify(tmp_path, credential, _status_list(credential)) == {
        "verified": True,
        "revoked": False,
        "errors": [],
    }


@pytest.mark.parametrize(
    "tamper",
    [
        lambda c: c["credentialSubject"]["achievement"].update(name="Doctorate in Everything"),
        lambda c: c.update(validUntil="2099-01-01T00:00:00Z"),
        lambda c: c["credentialStatus"].update(statusListIndex="7"),
    ],
    ids=["achievement", "validity", "status-entry"],
)
def test_a_tampered_copy_fails(certificate, tmp_path, tamper):
    forged = copy.deepcopy(certificate.credential)
    tamper(forged)
    outcome = _verify(tmp_path, forged)
    assert outcome["verified"] is False
    assert not proof_verify(forged, public_multibase=public_multibase())


def test_a_revoked_certificate_shows_revoked_through_the_status_list(certificate, tmp_path):
    certificate_revoke(certificate=certificate, by=UserFactory(), reason="Issued by mistake")
    outcome = _verify(tmp_path, certificate.credential, _status_list(certificate.credential))
    assert outcome["verified"] is True  # the signature still holds …
    assert outcome["revoked"] is True  # … and the centre's list says it is withdrawn


def test_our_own_check_agrees_with_the_independent_one(certificate):
    assert proof_verify(certificate.credential, public_multibase=public_multibase())
