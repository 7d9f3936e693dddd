"""Celery tasks of ``content``: forwarding stored statements to external LRSs, sweeping orphans.

Tasks take ids, call a service, and are safe to run twice (ARCHITECTURE.md): the outbox rows
and the destination's lease in the database decide what is sent, not the task.
"""

from celery import shared_task
from django.conf import settings


@shared_task(name="content.lrs_forward")
def lrs_forward(*, destination_id: int) -> int:
    """Sends what is pending for one destination; returns how many statements were acknowledged.

    After a failure it schedules itself again at the destination's back-off (with a broker; in
    the embedded mode the periodic sweep retries).
    """
    from content.lrs.forwarding import forward_pending
    from content.lrs.models import ForwardingDestination

    sent = forward_pending(destination_id=destination_id)
    destination = ForwardingDestination.objects.filter(pk=destination_id, is_active=True).first()
    if destination is not None and destination.next_attempt_at and not settings.CELERY_TASK_ALWAYS_EAGER:
        lrs_forward.apply_async(kwargs={"destination_id": destination_id}, eta=destination.next_attempt_at)
    return sent


@shared_task(name="content.lrs_forward_sweep")
def lrs_forward_sweep() -> int:
    """Queues forwarding for every destination with statements pending; run by beat every minute."""
    from content.lrs.forwarding import destinations_due

    due = destinations_due()
    for destination_id in due:
        lrs_forward.delay(destination_id=destination_id)
    return len(due)


@shared_task(name="content.package_orphans_sweep")
def package_orphans_sweep() -> int:
    """Removes package folders that no version names (an upload killed half-way); run daily by beat."""
    from content.packages.storage import orphans_sweep

    return len(orphans_sweep())
