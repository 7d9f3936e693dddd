"""A trainee's training record (transcript): every completed course, its hours and certificate,
as one PDF with its own serial, verifiable on the same page as a certificate."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from certification.credentials.models import TrainingRecord
from certification.credentials.queries import latest_by_enrolment
from courses import api as courses
from lms import api as lms


@transaction.atomic
def training_record_issue(*, user_id: int) -> TrainingRecord | None:
    """A new record of everything the person has completed to date; None when nothing yet."""
    from certification.credentials.pdf import training_record_pdf

    enrolment_ids = courses.completed_enrolment_ids(user_id=user_id)
    if not enrolment_ids:
        return None
    records = courses.enrolment_records(enrolment_ids=enrolment_ids)
    certificates = latest_by_enrolment(enrolment_ids=enrolment_ids)
    person = lms.people(user_ids=[user_id])[user_id]
    rows = []
    for enrolment_id in enrolment_ids:
        record = records[enrolment_id]
        certificate = certificates.get(enrolment_id)
        rows.append(
            {
                "course": record.course_title,
                "hours": f"{record.hours.normalize():f}",
                "completed": timezone.localdate(record.completed_at).isoformat()
                if record.completed_at
                else "",
                "certificate": certificate.serial if certificate else "",
                "status": certificate.status if certificate else "",
            }
        )
    total = sum((Decimal(r["hours"]) for r in rows), Decimal(0))
    facts = {
        "name_ar": person.name_ar,
        "name_latin": person.name_latin,
        "language": person.language,
        "courses": rows,
        "hours": f"{total.normalize():f}",
        "date": timezone.localdate().isoformat(),
    }
    record = TrainingRecord.objects.create(user_id=user_id, facts=facts)
    record.pdf.save(f"{record.serial}.pdf", ContentFile(training_record_pdf(record)), save=True)
    return record
