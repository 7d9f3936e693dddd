"""Demo certificates: a template with a signature, a rule for every course and the master-trainer
programme, certificates for everyone who completed a course in the courses demo — one of them
expired, one revoked — and the demo master trainer certified by the sessions they delivered.

Run after the courses demo; loading twice adds nothing (one certificate per origin).
"""

import datetime

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from certification.credentials.models import Certificate, CertificateTemplate, IssuingRule, TemplateSignature
from certification.credentials.services import (
    certificate_issue_for_enrolment,
    certificate_issue_for_programme,
    certificate_render,
    certificate_revoke,
)
from courses import api as courses
from lms import api as lms

DEMO_MASTER_TRAINER = "master.trainer@demo.tadrib.iq"


def _template() -> CertificateTemplate:
    template, created = CertificateTemplate.objects.get_or_create(name="شهادة مركز التدريب")
    if created:
        TemplateSignature.objects.create(
            template=template,
            name="أ.د. سعاد كاظم الموسوي",
            title="مديرة مركز التدريب والتطوير",
            sort_order=0,
        )
        TemplateSignature.objects.create(
            template=template, name="م. حيدر عبد الأمير", title="منسق البرنامج الوطني", sort_order=1
        )
    return template


def _master_template() -> CertificateTemplate:
    template, created = CertificateTemplate.objects.get_or_create(
        name="شهادة مدرب رئيسي",
        defaults={
            "title_ar": "شهادة مدرب رئيسي",
            "title_en": "Master Trainer Certificate",
            "title_ckb": "بڕوانامەی ڕاهێنەری سەرەکی",
            "body_ar": "يشهد مركز التدريب بأن {name} أتم {course} ({hours} ساعة) وقدّم {sessions} جلسة تدريبية "
            "لزملائه، فهو مدرب رئيسي معتمد حتى {expires}.",
            "body_en": "This certifies that {name} completed {course} ({hours} hours) and delivered {sessions} "
            "training sessions: a certified master trainer until {expires}.",
            "body_ckb": "ناوەندی ڕاهێنان پشتڕاستی دەکاتەوە کە {name} {course}ی ({hours} کاتژمێر) تەواو کرد و "
            "{sessions} دانیشتنی ڕاهێنانی پێشکەش کرد، ڕاهێنەری سەرەکیی پەسەندکراوە تا {expires}.",
        },
    )
    if created:
        TemplateSignature.objects.create(
            template=template,
            name="أ.د. سعاد كاظم الموسوي",
            title="مديرة مركز التدريب والتطوير",
            sort_order=0,
        )
    return template


def _backdate(certificate: Certificate, *, years: int) -> None:
    """Make a demo certificate issued ``years`` ago (before its PDF is made, on commit)."""
    issued = timezone.now() - datetime.timedelta(days=365 * years)
    expires = issued + datetime.timedelta(days=365)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=issued,
        expires_at=expires,
        facts={
            **certificate.facts,
            "date": timezone.localdate(issued).isoformat(),
            "expires": timezone.localdate(expires).isoformat(),
        },
    )


def _load() -> list[str]:
    template = _template()
    enrolment_ids = courses.completed_enrolment_ids()
    records = courses.enrolment_records(enrolment_ids=enrolment_ids)
    for course_id in sorted({r.course_id for r in records.values()}):
        IssuingRule.objects.get_or_create(
            course_id=course_id, defaults={"template": template, "minimum_grade": 50, "valid_months": 12}
        )
    issued = []
    for n, enrolment_id in enumerate(enrolment_ids):
        with transaction.atomic():
            certificate = certificate_issue_for_enrolment(enrolment_id=enrolment_id)
            if certificate is not None and n == 1:
                _backdate(certificate, years=2)  # an expired certificate
        if certificate is not None:
            # Made now if the task has not run yet (inside a test's transaction it runs on a
            # commit that never comes); a second run finds it issued and does nothing.
            issued.append(certificate_render(certificate_id=certificate.pk))
    lines = [f"certification demo: {len(issued)} certificates issued"]
    if len(issued) > 2:
        revoked = certificate_revoke(
            certificate=Certificate.objects.get(pk=issued[2].pk),
            by=None,
            reason="أُصدرت بالخطأ: لم يحضر المتدرب الجلسة الختامية.",
        )
        lines.append(f"certification demo: {issued[1].serial} expired, {revoked.serial} revoked")

    # The master trainer's certificate: the programme plus sessions delivered as a trainer.
    for programme in courses.programmes(master_trainer_only=True):
        IssuingRule.objects.get_or_create(
            programme_id=programme.id,
            defaults={"template": template, "sessions_delivered": 2, "valid_months": 36},
        )
        master = lms.person_by_email(email=DEMO_MASTER_TRAINER)
        if master is None:
            continue
        # The courses demo does not take the master trainer through the five courses; the demo
        # hands them the programme's completion so that the certificate shows the sessions rule.
        certificate = certificate_issue_for_programme(user_id=master.id, programme_id=programme.id)
        delivered = courses.sessions_delivered(user_id=master.id)
        if certificate is not None:
            lines.append(
                f"certification demo: master trainer {master.name_ar} certified ({delivered} sessions delivered): "
                f"{certificate.serial}"
            )
    return lines


def load() -> list[str]:
    # The demo's certificates would otherwise e-mail their trainees (printed by the console backend).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _load()
