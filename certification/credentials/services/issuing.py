"""Issuing certificates: on ``course_completed`` / ``programme_completed``, or for a whole cohort.

The issuance is a ``Certificate`` row in state *pending*, written in the caller's transaction (the
one that completed the course); the PDF and the signed credential are made by a task queued on
commit, which moves the row to *issued* or *failed*. A unique constraint on the row's origin makes
a duplicated signal, a retried task or two workers produce one certificate. A certificate whose
task was lost with its worker is queued again by beat (``certificates_pending_resume``, ADR 0025).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.credentials import conf
from certification.credentials.models import Certificate, CertificateChange, IssuingRule, TemplateSignature
from certification.credentials.services.lifecycle import event, transitions
from certification.credentials.signals import certificate_issued
from courses import api as courses
from lms import api as lms

State = Certificate.State
logger = logging.getLogger(__name__)


def queue_render(certificate: Certificate) -> None:
    """Queue the render task on commit (the caller has set the certificate's ``queued_at``)."""
    from certification.credentials.tasks import certificate_render_task

    certificate_id = certificate.pk
    transaction.on_commit(lambda: certificate_render_task.delay(certificate_id=certificate_id))


def queue_renders(certificate_ids: list[int]) -> None:
    """Queue the render tasks of many certificates on commit, RENDER_CHUNK to a task (the
    caller has set their ``queued_at``)."""
    from certification.credentials.tasks import certificates_render_task

    for start in range(0, len(certificate_ids), RENDER_CHUNK):
        chunk = certificate_ids[start : start + RENDER_CHUNK]
        transaction.on_commit(lambda chunk=chunk: certificates_render_task.delay(certificate_ids=chunk))


def _expiry(rule: IssuingRule, now: datetime.datetime) -> datetime.datetime | None:
    return now + datetime.timedelta(days=round(30.44 * rule.valid_months)) if rule.valid_months else None


def _names(person: lms.PersonData) -> dict[str, str]:
    return {"name_ar": person.name_ar, "name_latin": person.name_latin, "language": person.language}


def _create(
    *,
    rule: IssuingRule,
    person: lms.PersonData,
    enrolment_id: int | None,
    origin: str,
    facts: dict,
    by,
    reason: str,
):
    """The pending certificate, or None when this origin already has one (the duplicate is a no-op)."""
    now = timezone.now()
    expires_at = _expiry(rule, now)
    facts = {
        **_names(person),
        **facts,
        "date": timezone.localdate(now).isoformat(),
        "expires": expires_at.date().isoformat() if expires_at else "",
    }
    try:
        # A savepoint: the loser of a race rolls back only its own insert, not the caller's work.
        with transaction.atomic():
            certificate = Certificate.objects.create(
                user_id=person.id,
                rule=rule,
                enrolment_id=enrolment_id,
                origin=origin,
                facts=facts,
                issued_at=now,
                expires_at=expires_at,
            )
    except IntegrityError:
        logger.info("Certificate for %s already exists: not issued twice", origin)
        return None
    CertificateChange.objects.create(certificate=certificate, to_state=State.PENDING, by=by, reason=reason)
    queue_render(certificate)
    return certificate


def enrolment_problems(rule: IssuingRule, record: courses.EnrolmentRecordData) -> list[str]:
    """Which of the rule's conditions the enrolment does not meet; empty when it earns the certificate."""
    problems = []
    if record.state != "completed":
        problems.append(_("The course is not completed."))
    if rule.minimum_grade is not None and (record.grade is None or record.grade < rule.minimum_grade):
        problems.append(_("The grade must reach %(minimum)s%%.") % {"minimum": rule.minimum_grade})
    if rule.minimum_attendance is not None and (
        record.attendance_percent is None or record.attendance_percent < rule.minimum_attendance
    ):
        problems.append(_("Attendance must reach %(minimum)s%%.") % {"minimum": rule.minimum_attendance})
    return problems


def _enrolment_facts(record: courses.EnrolmentRecordData) -> dict:
    return {
        "kind": "course",
        "course": record.course_title,
        "hours": f"{record.hours.normalize():f}",
        "grade": "" if record.grade is None else f"{record.grade.normalize():f}",
        "hub": record.hub_name,
        "instructor": "، ".join(record.instructor_names),
    }


def _course_rule(course_id: int) -> IssuingRule | None:
    return IssuingRule.objects.filter(course_id=course_id, is_active=True).select_related("template").first()


def _issue_enrolment(
    record: courses.EnrolmentRecordData, *, rule: IssuingRule | None, person: lms.PersonData, by, reason: str
) -> tuple[Certificate | None, list[str]]:
    if rule is None:
        return None, [_("The course has no certificate.")]
    problems = enrolment_problems(rule, record)
    if problems:
        return None, problems
    certificate = _create(
        rule=rule,
        person=person,
        enrolment_id=record.id,
        origin=f"enrolment:{record.id}",
        facts=_enrolment_facts(record),
        by=by,
        reason=reason,
    )
    return certificate, []


def _person(user_id: int) -> lms.PersonData:
    return lms.people(user_ids=[user_id])[user_id]


@transaction.atomic
def certificate_issue_for_enrolment(*, enrolment_id: int, by=None) -> Certificate | None:
    """Issue the course's certificate if its rule holds (the receiver of ``course_completed``)."""
    record = courses.enrolment_records(enrolment_ids=[enrolment_id]).get(enrolment_id)
    if record is None:
        return None
    certificate, _problems = _issue_enrolment(
        record,
        rule=_course_rule(record.course_id),
        person=_person(record.user_id),
        by=by,
        reason=_("The course was completed."),
    )
    return certificate


@transaction.atomic
def certificate_issue_for_programme(*, user_id: int, programme_id: int, by=None) -> Certificate | None:
    """Issue the programme's certificate (the receiver of ``programme_completed``). A master-trainer
    rule also counts the sessions the person has delivered as a trainer."""
    rule = IssuingRule.objects.filter(programme_id=programme_id, is_active=True).first()
    if rule is None:
        return None
    delivered = courses.sessions_delivered(user_id=user_id)
    if rule.sessions_delivered and delivered < rule.sessions_delivered:
        logger.info(
            "Programme %s certificate for %s waits: %s sessions delivered", programme_id, user_id, delivered
        )
        return None
    programme = courses.programme_data(programme_id=programme_id)
    facts = {
        "kind": "programme",
        "course": programme.title,
        "hours": f"{programme.hours.normalize():f}",
        "grade": "",
        "hub": "",
        "instructor": "",
        "sessions_delivered": delivered if rule.sessions_delivered else None,
    }
    return _create(
        rule=rule,
        person=_person(user_id),
        enrolment_id=None,
        origin=f"programme:{programme_id}:user:{user_id}",
        facts=facts,
        by=by,
        reason=_("The programme was completed."),
    )


def certificates_master_trainers_recheck() -> int:
    """Issue the master-trainer certificates that were waiting: people who completed a programme
    whose rule asks for sessions delivered as a trainer, and have delivered them since. Run daily
    by beat; safe to run twice (one certificate per origin). Returns how many were issued."""
    issued = 0
    rules = IssuingRule.objects.filter(programme__isnull=False, is_active=True, sessions_delivered__gt=0)
    for rule in rules:
        prefix = f"programme:{rule.programme_id}:user:"
        have = set(
            Certificate.objects.filter(origin__startswith=prefix, replaces__isnull=True).values_list(
                "origin", flat=True
            )
        )
        for user_id in courses.programme_completers(programme_id=rule.programme_id):
            if f"{prefix}{user_id}" in have:
                continue
            if certificate_issue_for_programme(user_id=user_id, programme_id=rule.programme_id) is not None:
                issued += 1
    return issued


@dataclass
class CohortIssueSummary:
    issued: list[Certificate] = field(default_factory=list)
    already: int = 0
    refused: dict[int, list[str]] = field(default_factory=dict)


# Certificates rendered by one task: few enough that a retried chunk redoes little (about a
# second of work) and holds its rows' locks briefly, many enough that a task's own cost (the
# broker's message, the worker's bookkeeping, the chunk's six queries, its e-mail task) is spread
# thin. 25 left Celery's own work at about 0.6 ms a certificate (docs/benchmarks.md).
RENDER_CHUNK = 50


@transaction.atomic
def certificates_issue_for_cohort(*, cohort_id: int, by) -> CohortIssueSummary:
    """An instructor issues the certificates of every completed trainee of a cohort who earns one.

    In bulk, with a fixed number of queries however large the cohort: the rule read once, the
    enrolments' facts (attendance included) in one go, the pending rows inserted together with
    ON CONFLICT DO NOTHING. The unique origin still makes a retry, a second instructor or the
    course's own signal racing this produce one certificate: the rows this call inserted are
    the ones carrying the serials it chose.
    """
    if not courses.cohort_in_reach(user=by, cohort_id=cohort_id):
        from certification.credentials.errors import CredentialsError

        raise CredentialsError(_("You do not teach this cohort."), code="not_in_reach")
    summary = CohortIssueSummary()
    records = courses.enrolment_records(enrolment_ids=courses.completed_enrolment_ids(cohort_id=cohort_id))
    if not records:
        return summary
    # A cohort is one course: its rule is read once.
    rule = _course_rule(next(iter(records.values())).course_id)
    origins = {f"enrolment:{record.id}": record for record in records.values()}
    existing = set(
        Certificate.objects.filter(origin__in=origins, replaces__isnull=True).values_list("origin", flat=True)
    )
    people = lms.people(user_ids={r.user_id for r in records.values() if f"enrolment:{r.id}" not in existing})
    now = timezone.now()
    expires_at = _expiry(rule, now) if rule else None
    day = {
        "date": timezone.localdate(now).isoformat(),
        "expires": expires_at.date().isoformat() if expires_at else "",
    }
    rows = []
    for origin, record in origins.items():
        if origin in existing:
            summary.already += 1
            continue
        problems = enrolment_problems(rule, record) if rule else [_("The course has no certificate.")]
        if problems:
            summary.refused[record.id] = problems
            continue
        facts = {**_names(people[record.user_id]), **_enrolment_facts(record), **day}
        rows.append(
            Certificate(
                user_id=record.user_id,
                rule=rule,
                enrolment_id=record.id,
                origin=origin,
                facts=facts,
                issued_at=now,
                expires_at=expires_at,
            )
        )
    Certificate.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    mine = list(Certificate.objects.filter(serial__in=[row.serial for row in rows]).order_by("pk"))
    # Rows this call did not insert: another issuing of the same enrolment got there first.
    summary.already += len(rows) - len(mine)
    reason = _("Issued for the whole cohort.")
    CertificateChange.objects.bulk_create(
        [CertificateChange(certificate=c, to_state=State.PENDING, by=by, reason=reason) for c in mine],
        batch_size=1000,
    )
    queue_renders([c.pk for c in mine])
    # bulk_create sends no post_save: My learning of each shows the new certificate (ADR 0026).
    lms.person_pages_forget(person_ids={c.user_id for c in mine})
    summary.issued = mine
    return summary


# What the PDF draws: the template, its pictures (the signatures' come with their own query).
RENDER_RELATED = (
    "rule__template__background",
    "rule__template__logo_start",
    "rule__template__logo_end",
)


def certificate_render(*, certificate_id: int) -> Certificate:
    """Make the PDF and the signed credential of a pending certificate, then queue its e-mail;
    safe to run twice."""
    certificates, issued = _render_chunk([certificate_id])
    if certificate_id not in certificates:
        raise Certificate.DoesNotExist(f"Certificate {certificate_id} does not exist.")
    if issued:
        from certification.credentials.tasks import certificate_deliver_task

        transaction.on_commit(lambda: certificate_deliver_task.delay(certificate_id=certificate_id))
    return certificates[certificate_id]


def _signatures(template_ids: set[int]) -> dict[int, list[TemplateSignature]]:
    """The templates' signatures with their pictures, in one query, in each template's order."""
    signatures: dict[int, list[TemplateSignature]] = {template_id: [] for template_id in template_ids}
    rows = TemplateSignature.objects.filter(template_id__in=template_ids).select_related("image")
    for signature in rows.order_by("template_id", "sort_order", "pk"):
        signatures[signature.template_id].append(signature)
    return signatures


@transaction.atomic
def _render_chunk(certificate_ids: list[int]) -> tuple[dict[int, Certificate], list[int]]:
    """(the certificates found, the ids this call issued).

    The chunk's rows are locked and read in one query, the signatures in one, and the states and
    history written in one each; each certificate is made in its own savepoint, so one that fails
    (its PDF, its credential, a listener of ``certificate_issued``) is marked failed and undoes
    nothing of the others."""
    from certification.credentials.badges import credential_sign
    from certification.credentials.pdf import certificate_pdf

    certificates = {
        certificate.pk: certificate
        for certificate in Certificate.objects.select_for_update(of=("self",))
        .select_related(*RENDER_RELATED)
        .filter(pk__in=certificate_ids)
        .order_by("pk")
    }
    pending = [certificate for certificate in certificates.values() if certificate.state == State.PENDING]
    signatures = _signatures({certificate.rule.template_id for certificate in pending})
    made, failed = [], []
    for certificate in pending:
        try:
            with transaction.atomic():
                pdf = certificate_pdf(certificate, signatures=signatures[certificate.rule.template_id])
                credential = credential_sign(certificate)
                certificate_issued.send(sender=Certificate, **event(certificate))
        except Exception as error:
            logger.exception("Certificate %s could not be made", certificate.serial)
            failed.append((certificate, State.FAILED, f"{type(error).__name__}: {error}"))
            continue
        # The file last, once nothing can fail: a failed certificate leaves no file behind. A run
        # killed before its commit (a lost worker) may have left this pending certificate's file:
        # it is replaced, not kept beside a second one saved under another name (ADR 0025).
        name = f"{certificate.serial}.pdf"
        certificate.pdf.storage.delete(certificate.pdf.field.generate_filename(certificate, name))
        certificate.pdf.save(name, ContentFile(pdf), save=False)
        certificate.credential = credential
        made.append((certificate, State.ISSUED, _("PDF and credential made.")))
    transitions(made, fields=("pdf", "credential"))
    transitions(failed)
    return certificates, [certificate.pk for certificate, _state, _reason in made]


@transaction.atomic
def certificates_pending_resume() -> list[int]:
    """Queue again the certificates whose render task was lost with its worker; run by beat.

    A certificate still pending ``CERTIFICATION_PENDING_STUCK_MINUTES`` after its render was
    queued is queued again, in chunks, and its time of queueing renewed: each is queued again once
    a period at most. A chunk being made holds its rows' locks for its whole transaction
    (``_render_chunk``), so locked rows are skipped: work a live worker is doing is never queued
    twice. A render queued twice finds the certificate issued and does nothing. Returns the ids.
    """
    now = timezone.now()
    cutoff = now - datetime.timedelta(minutes=conf.get("CERTIFICATION_PENDING_STUCK_MINUTES"))
    stuck = list(
        Certificate.objects.select_for_update(skip_locked=True)
        .filter(state=State.PENDING, queued_at__lt=cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if stuck:
        Certificate.objects.filter(pk__in=stuck).update(queued_at=now)
        logger.warning("%s certificates still pending with no worker on them, queued again", len(stuck))
        queue_renders(stuck)
    return stuck


def certificates_render(*, certificate_ids: list[int]) -> list[int]:
    """Render many pending certificates in one transaction, each in its own savepoint (one that
    fails is marked failed, the others go on); their e-mails are queued as one task. Returns the
    ids issued by this call; safe to run twice (a second run finds them issued and queues nothing)."""
    from certification.credentials.tasks import certificates_deliver_task

    _certificates, issued = _render_chunk(certificate_ids)
    if issued:
        transaction.on_commit(lambda: certificates_deliver_task.delay(certificate_ids=issued))
    return issued
