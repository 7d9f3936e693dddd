"""Signals assessment sends to higher apps (analytics), re-exported by ``certification.api``."""

from django.dispatch import Signal

# Sent on commit when an attempt is graded (or regraded): attempt_id, user_id, activity_id,
# enrolment_id (None when the person took the quiz outside an enrolment).
quiz_attempt_graded = Signal()
