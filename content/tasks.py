"""Celery tasks of ``content``: forwarding stored statements to external LRSs.

Tasks take ids, call a service, and are safe to run twice (ARCHITECTURE.md).
"""

from celery import shared_task


@shared_task(name="content.lrs_forward")
def lrs_forward(*, destination_id: int) -> int:
    """Sends what is pending for one destination; returns how many statements were acknowledged."""
    from content.lrs.forwarding import forward_pending

    return forward_pending(destination_id=destination_id)
