"""Telling trainees about their enrolments, by e-mail (and SMS, through a pluggable backend)."""

from courses.notifications.enrolment import enrolment_notify

__all__ = ["enrolment_notify"]
