"""Signals ``courses`` announces to higher apps (re-exported by ``courses.api``).

Both are sent inside the transaction that records the fact, exactly once: a receiver's own
writes (e.g. a certificate issuance row) commit or roll back with it.
"""

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

# Sent with enrolment_id, user_id, course_id, cohort_id.
course_completed = Signal()
# Sent with user_id, programme_id.
programme_completed = Signal()
# Sent on commit with enrolment_ids (a list): those enrolments changed (state, results,
# attendance). For read models such as analytics' fact table, which must never see a rolled-back
# change, hence after the commit and not inside the transaction like the two above.
enrolment_changed = Signal()


def enrolment_changed_on_commit(*, enrolment_ids: Iterable[int]) -> None:
    """Announce ``enrolment_changed`` once the current transaction commits."""
    ids = sorted(set(enrolment_ids))
    if ids:
        transaction.on_commit(lambda: enrolment_changed.send(sender=None, enrolment_ids=ids))
