"""Throttling code guessing on the public verification page, in the shared cache.

Counted per client address AND per hour of misses: a training hub's trainees share one NAT
address (lms/settings/base.py), so the per-address limit is generous enough for a room of
people checking their own certificates, while wrong codes — what guessing produces — are
limited much harder. A serial has 60 random bits, so even the miss limit leaves guessing hopeless.
"""

from django.core.cache import cache
from django.http import HttpRequest

from certification.credentials import conf


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _count(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def lookup_allowed(request: HttpRequest) -> bool:
    """Count this lookup; False when the address has looked up or missed too often lately."""
    address = _address(request)
    if (cache.get(f"cert-verify-miss:{address}") or 0) >= conf.get("CERTIFICATION_VERIFY_MISSES_PER_HOUR"):
        return False
    return _count(f"cert-verify:{address}", 60) <= conf.get("CERTIFICATION_VERIFY_PER_MINUTE")


def miss_record(request: HttpRequest) -> None:
    _count(f"cert-verify-miss:{_address(request)}", 3600)
