"""Signals ``certification``'s credentials announce (re-exported by ``certification.api``).

Both are sent inside the transaction that records the change, with ``certificate_id``,
``user_id``, ``enrolment_id`` (or None), ``course_id`` (or None), ``programme_id`` (or None).
"""

from django.dispatch import Signal

certificate_issued = Signal()
certificate_revoked = Signal()
