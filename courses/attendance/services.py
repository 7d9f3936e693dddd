"""Attendance at in-person sessions: the instructor's register and self check-in by QR code.

Self check-in: the instructor's screen shows a QR code for an address that carries a token, an
HMAC (keyed with SECRET_KEY) of the session's id and the current 30-second window. The code
changes every window and the previous window's code is still accepted, so a code scanned just
before it changed works, while a photo of the screen sent to someone at home stops working
within a minute. Check-in is open from 30 minutes before a session starts until it ends; after
15 minutes past the start a trainee is recorded late.

Attending counts twice: as the session's activity completed (when the session is linked to one)
and in the attendance percentage of the completion rules, which are re-evaluated each time.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from courses.enrolment.services import _transition
from courses.errors import CoursesError
from courses.learning.completion import activity_result_record, completion_evaluate
from courses.models import AttendanceRecord, Enrolment, Session

Status = AttendanceRecord.Status
Method = AttendanceRecord.Method
State = Enrolment.State

CHECK_IN_WINDOW_SECONDS = 30
CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=30)
LATE_AFTER = datetime.timedelta(minutes=15)
_TOKEN_SALT = "courses.attendance.check_in"


def _window(at: datetime.datetime) -> int:
    return int(at.timestamp()) // CHECK_IN_WINDOW_SECONDS


def _token(session_id: int, window: int) -> str:
    digest = salted_hmac(_TOKEN_SALT, f"{session_id}:{window}", algorithm="sha256").hexdigest()
    # 96 bits are plenty for a code that lives one minute, and keep the QR code small.
    return digest[:24]


def check_in_token(*, session_id: int, at: datetime.datetime | None = None) -> str:
    """The token of the QR code shown at ``at`` (now by default)."""
    return _token(session_id, _window(at or timezone.now()))


def check_in_token_valid(*, session_id: int, token: str, at: datetime.datetime | None = None) -> bool:
    """Whether ``token`` is the code of the window of ``at`` or of the window before it."""
    window = _window(at or timezone.now())
    return any(constant_time_compare(token, _token(session_id, w)) for w in (window, window - 1))


def check_in_is_open(*, session: Session, at: datetime.datetime | None = None) -> bool:
    at = at or timezone.now()
    return session.starts_at - CHECK_IN_OPENS_BEFORE <= at <= session.ends_at


@transaction.atomic
def attendance_record(*, session: Session, enrolment: Enrolment, status: str, by) -> AttendanceRecord:
    """The instructor's register: set whether ``enrolment``'s trainee attended ``session``.

    Recording the status a trainee already has changes nothing (a QR check-in keeps its time).
    """
    if status not in Status.values:
        raise CoursesError(_("Choose present, late, absent or excused."), code="unknown_status")
    _check_enrolment(session=session, enrolment=enrolment)
    return _record(session=session, enrolment=enrolment, status=status, method=Method.REGISTER, by=by)


@transaction.atomic
def attendance_register_save(*, session: Session, marks: dict[int, str], by) -> int:
    """Record a whole register at once ({enrolment id: status}); all or nothing. Returns rows saved."""
    enrolments = Enrolment.objects.filter(cohort_id=session.cohort_id, state__in=Enrolment.SEATED)
    by_id = {e.pk: e for e in enrolments.filter(pk__in=list(marks)).select_related("user")}
    if set(marks) - set(by_id):
        raise CoursesError(_("Some trainees are not in this session's cohort."), code="not_in_cohort")
    for enrolment_id, status in marks.items():
        attendance_record(session=session, enrolment=by_id[enrolment_id], status=status, by=by)
    return len(marks)


@transaction.atomic
def attendance_check_in(
    *, session: Session, user, token: str, at: datetime.datetime | None = None
) -> AttendanceRecord:
    """A trainee checks in by the session's QR code, scanned at ``at`` (now by default).

    Checking in again returns the first check-in unchanged.
    """
    at = at or timezone.now()
    if not check_in_token_valid(session_id=session.pk, token=token, at=at):
        raise CoursesError(
            _("This check-in code has expired or is not valid. Scan the code on the screen again."),
            code="token_invalid",
        )
    if not check_in_is_open(session=session, at=at):
        raise CoursesError(
            _("Check-in is open from 30 minutes before the session starts until it ends."),
            code="outside_session_time",
        )
    enrolment = Enrolment.objects.filter(
        user=user, cohort_id=session.cohort_id, state__in=Enrolment.SEATED
    ).first()
    if enrolment is None:
        raise CoursesError(_("You are not enrolled in the cohort of this session."), code="not_enrolled")
    existing = AttendanceRecord.objects.filter(session=session, enrolment=enrolment).first()
    if existing is not None and existing.status in AttendanceRecord.ATTENDED:
        return existing
    status = Status.LATE if at > session.starts_at + LATE_AFTER else Status.PRESENT
    return _record(session=session, enrolment=enrolment, status=status, method=Method.QR, by=user, at=at)


def _check_enrolment(*, session: Session, enrolment: Enrolment) -> None:
    if enrolment.cohort_id != session.cohort_id or enrolment.state not in Enrolment.SEATED:
        raise CoursesError(_("This trainee is not in the session's cohort."), code="not_in_cohort")


def _record(
    *,
    session: Session,
    enrolment: Enrolment,
    status: str,
    method: str,
    by,
    at: datetime.datetime | None = None,
) -> AttendanceRecord:
    record, created = AttendanceRecord.objects.select_for_update().get_or_create(
        session=session,
        enrolment=enrolment,
        defaults={"status": status, "method": method, "recorded_by": by, "recorded_at": at or timezone.now()},
    )
    if not created:
        if record.status == status:
            return record
        record.status, record.method, record.recorded_by = status, method, by
        record.recorded_at = at or timezone.now()
        record.save(update_fields=["status", "method", "recorded_by", "recorded_at"])
    if status in AttendanceRecord.ATTENDED:
        _attended(session=session, enrolment=enrolment)
    completion_evaluate(enrolment_id=enrolment.pk)
    return record


def _attended(*, session: Session, enrolment: Enrolment) -> None:
    activity = session.activity
    if activity is not None and activity.module.course_id == enrolment.cohort.course_id:
        # Also moves an approved enrolment to active.
        activity_result_record(user_id=enrolment.user_id, activity_id=session.activity_id, completed=True)
        return
    enrolment.refresh_from_db()
    if enrolment.state == State.APPROVED:
        _transition(enrolment, State.ACTIVE, reason=_("The trainee attended a session."))
