"""Demo sessions and attendance for the in-person cohorts that the catalogue demo creates.

Run after ``courses.catalogue.demo``: with no cohort yet it creates nothing. A cohort that already
has sessions is left alone, so loading twice adds nothing. Sessions already held get a register
(mostly present, some late, a few absent or excused, always the same for the same cohort); a
cohort running today gets a session today, its register left open for the demo instructor.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from courses.attendance.services import attendance_record
from courses.errors import CoursesError
from courses.models import Activity, AttendanceRecord, Cohort, Enrolment, Session

Status = AttendanceRecord.Status
DEMO_INSTRUCTOR = "instructor@demo.tadrib.iq"
TITLES = [
    "الجلسة الأولى: أطر الحوكمة الإلكترونية ومفاهيمها",
    "الجلسة الثانية: الاستراتيجية والتخطيط",
    "الجلسة الثالثة: التنفيذ وإدارة التغيير",
    "الجلسة الرابعة: عرض مشاريع المتدربين",
]
# How often each status is drawn for a held session.
WEIGHTS = {Status.PRESENT: 80, Status.LATE: 9, Status.ABSENT: 7, Status.EXCUSED: 4}


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _session_days(cohort: Cohort, today: datetime.date) -> list[datetime.date]:
    """Every other day of the cohort (at most four), and today when the cohort is running."""
    length = (cohort.ends_on - cohort.starts_on).days
    days = sorted(
        {cohort.starts_on + datetime.timedelta(days=min(2 * n, length)) for n in range(len(TITLES))}
    )
    if cohort.starts_on <= today <= cohort.ends_on and today not in days:
        days = sorted([day for day in days if day != max(days)] + [today])
    return days[: len(TITLES)]


@transaction.atomic
def load() -> list[str]:
    today = timezone.localdate()
    now = timezone.now()
    instructor = get_user_model().objects.filter(email=DEMO_INSTRUCTOR).first()
    sessions_made = records_made = 0
    cohorts = Cohort.objects.filter(hub__isnull=False).select_related("course", "hub").order_by("pk")
    for cohort in cohorts:
        if cohort.sessions.exists():
            continue
        if instructor and not cohort.instructors.exists() and not cohort.course.instructors.exists():
            cohort.instructors.add(instructor)
        by = cohort.instructors.first() or cohort.course.instructors.first()
        activities = list(
            Activity.objects.filter(module__course=cohort.course, kind=Activity.Kind.SESSION).order_by(
                "module__position", "position", "pk"
            )
        )
        seated = list(cohort.enrolments.filter(state__in=Enrolment.SEATED).order_by("pk"))
        draw = random.Random(cohort.pk)  # noqa: S311 - demo data, not security
        for n, day in enumerate(_session_days(cohort, today)):
            running_today = day == today
            session = Session.objects.create(
                cohort=cohort,
                activity=activities[n] if n < len(activities) else None,
                title=TITLES[n],
                starts_at=_at(day, 8, 30) if running_today else _at(day, 9),
                ends_at=_at(day, 16, 30) if running_today else _at(day, 12),
                location=f"{cohort.hub.name_ar} – القاعة {n + 1}",
            )
            sessions_made += 1
            if running_today or session.starts_at > now:
                continue
            for enrolment in seated:
                status = draw.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
                try:
                    attendance_record(session=session, enrolment=enrolment, status=status, by=by)
                except CoursesError:
                    continue
                records_made += 1
    if not sessions_made:
        return []
    return [f"Attendance: {sessions_made} sessions, {records_made} attendance records"]
