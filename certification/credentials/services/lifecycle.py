"""A certificate's life: pending → issued | failed; issued → revoked | replaced; failed → pending.

Every change goes through ``transition``, which checks the move is allowed and records who, when
and why in the caller's transaction. A correction or a recertification issues a new certificate
that ``replaces`` the old one, so the serial history stays readable on the verification page.
"""

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.credentials.errors import CredentialsError
from certification.credentials.models import Certificate, CertificateChange
from certification.credentials.signals import certificate_revoked
from lms import api as lms_api

State = Certificate.State
logger = logging.getLogger(__name__)

ALLOWED: dict[str, set[str]] = {
    State.PENDING: {State.ISSUED, State.FAILED},
    State.FAILED: {State.PENDING},
    State.ISSUED: {State.REVOKED, State.REPLACED},
    State.REVOKED: set(),
    State.REPLACED: set(),
}


def event(certificate: Certificate) -> dict:
    """What the certificate's signals (``certificate_issued``, ``certificate_revoked``) carry."""
    return {
        "certificate_id": certificate.pk,
        "user_id": certificate.user_id,
        "enrolment_id": certificate.enrolment_id,
        "course_id": certificate.rule.course_id,
        "programme_id": certificate.rule.programme_id,
    }


def _allowed(from_state: str, to_state: str) -> None:
    if to_state not in ALLOWED[from_state]:
        raise CredentialsError(
            _("A certificate cannot go from “%(from)s” to “%(to)s”.")
            % {"from": State(from_state).label, "to": State(to_state).label},
            code="transition_not_allowed",
        )


def transitions(moves: list[tuple[Certificate, str, str]], *, fields: tuple[str, ...] = (), by=None) -> None:
    """``transition`` for many certificates at once, each (certificate, to state, reason): their
    rows (the state, and ``fields`` set by the caller) written in one query, their history in one."""
    changes = []
    for certificate, to_state, reason in moves:
        _allowed(certificate.state, to_state)
        changes.append(
            CertificateChange(
                certificate=certificate,
                from_state=certificate.state,
                to_state=to_state,
                by=by,
                reason=reason[:300],
            )
        )
        logger.info(
            "Certificate %s: %s → %s by %s (%s)", certificate.serial, certificate.state, to_state, by, reason
        )
        certificate.state = to_state
    if moves:
        Certificate.objects.bulk_update([move[0] for move in moves], ["state", *fields])
        CertificateChange.objects.bulk_create(changes)
        # bulk_update sends no post_save: My learning of each shows the new state (ADR 0026).
        lms_api.person_pages_forget(person_ids={move[0].user_id for move in moves})


def transition(certificate: Certificate, to_state: str, *, by=None, reason: str) -> Certificate:
    from_state = certificate.state
    _allowed(from_state, to_state)
    certificate.state = to_state
    if to_state == State.REVOKED:
        certificate.revoked_at = timezone.now()
    certificate.save(update_fields=["state", "revoked_at"])
    CertificateChange.objects.create(
        certificate=certificate, from_state=from_state, to_state=to_state, by=by, reason=reason[:300]
    )
    logger.info("Certificate %s: %s → %s by %s (%s)", certificate.serial, from_state, to_state, by, reason)
    return certificate


def _locked(certificate: Certificate) -> Certificate:
    return Certificate.objects.select_for_update().get(pk=certificate.pk)


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise CredentialsError(_("Say why: the reason is kept with the certificate."), code="reason_required")
    return reason


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Withdraw a certificate: the verification page and the status list say so from now on."""
    reason = _require_reason(reason)
    certificate = transition(_locked(certificate), State.REVOKED, by=by, reason=reason)
    certificate_revoked.send(sender=Certificate, **event(certificate))
    return certificate


def _reissue(old: Certificate, *, facts: dict, expires_at, by, reason: str) -> Certificate:
    """A new pending certificate replacing ``old`` (which becomes replaced), rendered on commit."""
    from certification.credentials.services.issuing import queue_render

    transition(old, State.REPLACED, by=by, reason=reason)
    history = [*old.facts.get("previous_serials", []), old.serial]
    new = Certificate.objects.create(
        user_id=old.user_id,
        rule=old.rule,
        enrolment_id=old.enrolment_id,
        origin=old.origin,
        replaces=old,
        facts={**facts, "previous_serials": history},
        expires_at=expires_at,
    )
    CertificateChange.objects.create(certificate=new, to_state=State.PENDING, by=by, reason=reason[:300])
    queue_render(new)
    return new


@transaction.atomic
def certificate_correct_name(
    *, certificate: Certificate, by, reason: str, name_ar: str, name_latin: str
) -> Certificate:
    """Re-issue with a corrected name; the old serial is marked replaced and listed on the new one."""
    reason = _require_reason(reason)
    name_ar, name_latin = name_ar.strip(), name_latin.strip()
    if not (name_ar or name_latin):
        raise CredentialsError(_("Give the corrected name."), code="name_required")
    old = _locked(certificate)
    facts = {**old.facts, "name_ar": name_ar, "name_latin": name_latin}
    return _reissue(old, facts=facts, expires_at=old.expires_at, by=by, reason=reason)


@transaction.atomic
def certificate_recertify(*, certificate: Certificate, by, reason: str) -> Certificate:
    """A new certificate for a new period of validity, replacing the old (expired or expiring) one."""
    reason = _require_reason(reason)
    old = _locked(certificate)
    months = old.rule.valid_months
    if not months:
        raise CredentialsError(_("This certificate does not expire."), code="does_not_expire")
    now = timezone.now()
    expires_at = now + datetime.timedelta(days=round(30.44 * months))
    facts = {
        **old.facts,
        "date": timezone.localdate(now).isoformat(),
        "expires": expires_at.date().isoformat(),
    }
    return _reissue(old, facts=facts, expires_at=expires_at, by=by, reason=reason)


@transaction.atomic
def certificate_retry(*, certificate: Certificate, by, reason: str) -> Certificate:
    """Try again to make a certificate whose PDF or credential failed."""
    from certification.credentials.services.issuing import queue_render

    certificate = transition(_locked(certificate), State.PENDING, by=by, reason=_require_reason(reason))
    # Waited for from now, not from its first issuing: beat would queue it again at once.
    certificate.queued_at = timezone.now()
    certificate.save(update_fields=["queued_at"])
    queue_render(certificate)
    return certificate
