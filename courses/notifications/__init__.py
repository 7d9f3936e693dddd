"""Telling trainees about their enrolments, by e-mail and SMS (through a pluggable backend)."""

from courses.notifications.enrolment import enrolment_notify, enrolment_sms_send

__all__ = ["enrolment_notify", "enrolment_sms_send"]
