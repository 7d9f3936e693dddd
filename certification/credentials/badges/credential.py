"""A certificate as an Open Badges 3.0 ``OpenBadgeCredential``.

The subject is named by a salted hash of the trainee's name (an OB 3.0 ``IdentityObject``), not
by an e-mail address or phone number: the credential carries no more personal data than the
printed certificate, and whoever holds the name can check it matches.
"""

import hashlib

from certification.credentials import conf
from certification.credentials.badges.keys import issuer_did
from certification.credentials.badges.proof import proof_add
from certification.credentials.badges.statuslist import status_position
from certification.credentials.models import Certificate

CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def _iso(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def credential_for(certificate: Certificate) -> dict:
    """The unsigned credential of a certificate."""
    from django.urls import reverse

    from certification.credentials.verification import absolute, verify_url

    facts = certificate.facts
    name = facts.get("name_latin") or facts.get("name_ar", "")
    salt = certificate.serial
    list_number, index = status_position(certificate.pk)
    status_url = absolute(reverse("certificates:status_list", args=[list_number]))
    achievement_url = absolute(reverse("certificates:achievement", args=[certificate.rule_id]))
    credential = {
        "@context": CONTEXT,
        "id": verify_url(certificate.serial),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": facts.get("course", ""),
        "issuer": {"id": issuer_did(), "type": ["Profile"], "name": conf.get("CERTIFICATION_ISSUER_NAME")},
        "validFrom": _iso(certificate.issued_at),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": "sha256$" + hashlib.sha256((name + salt).encode()).hexdigest(),
                    "identityType": "name",
                    "hashed": True,
                    "salt": salt,
                }
            ],
            "achievement": {
                "id": achievement_url,
                "type": ["Achievement"],
                "name": facts.get("course", ""),
                "description": facts.get("course", ""),
                "criteria": {"narrative": f"{facts.get('hours', '')} h"},
            },
        },
        "credentialStatus": {
            "id": f"{status_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": status_url,
        },
    }
    if certificate.expires_at:
        credential["validUntil"] = _iso(certificate.expires_at)
    return credential


def credential_sign(certificate: Certificate) -> dict:
    return proof_add(credential_for(certificate))
