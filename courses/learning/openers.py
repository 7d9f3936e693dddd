"""Where an activity opens: courses' own kinds at courses' views, the others where their app says.

A higher app registers, in its ``AppConfig.ready()``, how the activities of a kind whose object it
owns open (``content`` → the player, ``certification`` → the quiz). ``courses`` never imports those
apps; a kind nobody registered opens at ``courses:activity``, which says it is not yet available.
"""

from collections.abc import Callable

from django.urls import reverse

# The kinds whose views are courses' own (page, file, in-person session).
OWN_KINDS = frozenset({"page", "file", "session"})

_openers: dict[str, Callable[[int], str]] = {}


def activity_opener_register(*, kind: str, url_for: Callable[[int], str]) -> None:
    """Open activities of ``kind`` at ``url_for(activity_id)``; registering a kind again replaces it."""
    if kind in OWN_KINDS:
        raise ValueError(f"Activities of kind {kind!r} open at courses' own views.")
    _openers[kind] = url_for


def activity_opener(kind: str) -> Callable[[int], str] | None:
    return _openers.get(kind)


def activity_url(*, activity_id: int, kind: str) -> str:
    """The address at which the trainee opens the activity."""
    opener = _openers.get(kind)
    if opener is not None:
        return opener(activity_id)
    return reverse("courses:activity", args=[activity_id])
