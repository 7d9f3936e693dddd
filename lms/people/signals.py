"""Signals ``lms.people`` announces to higher apps (re-exported by ``lms.api``): the names others
read, which those apps show on pages they cache (a course's instructors, a cohort's hub and its
governorate). Both are sent inside the transaction that saves the row; ``lms.api.cached_forget``
renews again on commit, so a receiver need not wait for it.
"""

from django.dispatch import Signal

# Sent with person_id: the person's name or job title may have changed.
person_shown_changed = Signal()
# Sent with no arguments: a governorate's, organisation's or training hub's name or address may
# have changed, or one was removed.
places_changed = Signal()

# A sign-in saves only this: nothing others read has changed.
_UNSEEN_FIELDS = frozenset({"last_login"})


def person_shown_announce(sender, instance, update_fields=None, **kwargs) -> None:
    """After a person is saved, and before one is deleted: while what they teach still names them,
    so that receivers can tell whether others read their name."""
    if update_fields is not None and set(update_fields) <= _UNSEEN_FIELDS:
        return
    person_shown_changed.send(sender=None, person_id=instance.pk)


def places_changed_announce(sender, **kwargs) -> None:
    places_changed.send(sender=None)
