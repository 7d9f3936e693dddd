"""Canonicalising a credential by its shape gives pyld's own RDFC-1.0 N-Quads, whatever the
strings in it: names with quotes, backslashes, line breaks, Arabic and Kurdish letters, equal
values, no expiry; and a string pyld would have changed (a relative IRI) goes through pyld whole."""

import copy
import datetime

from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld

from certification.credentials.badges import canonical
from certification.credentials.badges.credential import credential_for
from certification.credentials.badges.proof import document_loader
from certification.credentials.models import Certificate

text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def _pyld(document: dict) -> str:
    options = {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": document_loader}
    return jsonld.normalize(copy.deepcopy(document), {**options, "safe": True})


def _by_shape(document: dict) -> str:
    return canonical.canonical_nquads(document, document_loader=document_loader)


def _credential(*, name: str, course: str, hours: str, serial: str, expires: bool, pk: int = 7) -> dict:
    now = timezone.now()
    certificate = Certificate(
        pk=pk,
        rule_id=3,
        serial=serial,
        facts={"name_latin": name, "course": course, "hours": hours},
        issued_at=now,
        expires_at=now + datetime.timedelta(days=730) if expires else None,
    )
    return credential_for(certificate)


@settings(max_examples=40, deadline=None)
@given(
    name=text,
    course=text,
    hours=text,
    serial=st.from_regex(r"[A-Z0-9-]{1,20}", fullmatch=True),
    expires=st.booleans(),
    pk=st.integers(1, 10**6),
)
def test_any_strings_in_a_credential_canonicalise_as_pyld_does(name, course, hours, serial, expires, pk):
    document = _credential(name=name, course=course, hours=hours, serial=serial, expires=expires, pk=pk)
    assert _by_shape(document) == _pyld(document)


def test_a_shape_is_expanded_once_and_a_second_credential_fills_its_template():
    canonical._templates.clear()
    first = _credential(name="زينب حسن", course="أطر الحوكمة", hours="30", serial="A1", expires=True)
    second = _credential(
        name='Ali "Zaid" \\ \n', course="ڕێنمایی ئەلیکترۆنی", hours="", serial="B2", expires=True
    )
    assert _by_shape(first) == _pyld(first)
    assert len(canonical._templates) == 1
    assert next(iter(canonical._templates.values())) is not None
    assert _by_shape(second) == _pyld(second)
    assert len(canonical._templates) == 1


def test_equal_strings_make_one_quad_as_in_pyld():
    document = _credential(name="x", course="same", hours="same", serial="S", expires=False)
    document["credentialSubject"]["achievement"]["criteria"]["narrative"] = "same"
    document["type"] = ["VerifiableCredential", "OpenBadgeCredential"]
    document["issuer"]["id"] = document["credentialSubject"]["achievement"]["id"]
    assert _by_shape(document) == _pyld(document)


def test_a_relative_or_odd_iri_goes_through_pyld_whole():
    document = _credential(name="x", course="c", hours="1", serial="S", expires=False)
    _by_shape(document)  # the shape's template is made
    for odd in ("verify/S/", "", "urn:example:1", "_:b9", "did:tadrib-slot:0", "https://a b/"):
        changed = copy.deepcopy(document)
        changed["credentialSubject"]["achievement"]["id"] = odd
        assert _by_shape(changed) == _pyld(changed), odd


def test_a_shape_whose_strings_do_not_come_out_whole_has_no_template():
    canonical._templates.clear()
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {"data": {"@id": "https://example.org/data", "@type": "@json"}},
        ],
        "id": "https://example.org/c/1",
        "type": ["VerifiableCredential"],
        "issuer": "did:example:1",
        "credentialSubject": {"id": "did:example:2"},
        "data": {"note": "a string inside a JSON literal"},
    }
    assert _by_shape(document) == _pyld(document)
    assert list(canonical._templates.values()) == [None]
