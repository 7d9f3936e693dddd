"""Signals ``courses`` announces to higher apps (re-exported by ``courses.api``).

Both are sent inside the transaction that records the fact, exactly once: a receiver's own
writes (e.g. a certificate issuance row) commit or roll back with it.
"""

from django.dispatch import Signal

# Sent with enrolment_id, user_id, course_id, cohort_id.
course_completed = Signal()
# Sent with user_id, programme_id.
programme_completed = Signal()
