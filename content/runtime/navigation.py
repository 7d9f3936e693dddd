"""Use cases of SCORM 2004 navigation: the player asks, the server's sequencing engine decides.

The state (content.runtime.sequencing) is the attempt's ``sequencing`` field, changed under the
attempt's row lock, so two tabs asking at once are served one after the other and a reload or
another device finds the same current part, attempts and objectives (ADR 0018).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from . import sequencing as engine
from .models import Attempt
from .services import CommitRefused, attempt_result_refresh, runtime_commit
from .tracking import sequenced, state_of, tree_of

# Not a navigation request: the player's question "what may I offer now?" after a commit.
LOOK = "look"


@dataclass(frozen=True)
class Navigation:
    """What the player is told: the part to show (or that the lesson ended), and what it may offer."""

    deliver: str | None
    ended: bool
    reason: str
    refused: str | None
    offer: dict[str, Any] = field(default_factory=dict)


@transaction.atomic
def attempt_navigate(
    *, attempt: Attempt, request: str, target: str = "", commit: dict[str, Any] | None = None
) -> Navigation:
    """Runs one navigation request of the trainee (start, resume, continue, previous, choice, exit,
    exitAll, suspendAll) after recording the commit that ends the current part, if one is given;
    ``look`` records the commit and only says what may be offered now.

    Raises ``CommitRefused`` for a malformed commit (then nothing changes). A refused request
    changes nothing and says why. A preview keeps its navigation state (it is
    deleted with the preview) but, as always, none of what the content sent.
    """
    if not sequenced(attempt):
        raise CommitRefused("Only SCORM 2004 lessons are navigated by the server.")
    if commit is not None:
        if not isinstance(commit, dict):
            raise CommitRefused("commit must be an object.")
        runtime_commit(
            attempt=attempt,
            sequence=commit.get("sequence"),
            item_identifier=str(commit.get("item", "")),
            cmi=commit.get("cmi"),
            session=commit.get("session"),
            is_terminate=bool(commit.get("terminate")),
        )
    locked = Attempt.objects.select_for_update().select_related("version").get(pk=attempt.pk)
    tree = tree_of(locked)
    state = state_of(locked, tree)
    if commit is not None and locked.is_preview:
        # A preview stores no commit: the one that ends the part is tracked here, for this request.
        engine.track(state, tree, str(commit.get("item", "")), commit.get("cmi") or {}, _number(commit))
    if request == LOOK:
        return Navigation(
            deliver=None,
            ended=False,
            reason="",
            refused=None,
            offer=engine.availability(state, tree, locked.last_sequence),
        )
    outcome = engine.navigate(
        state, tree, request, target=target, sequence=max(locked.last_sequence, _number(commit))
    )
    locked.sequencing = state
    locked.save(update_fields=["sequencing"])
    if not locked.is_preview:
        # Ending an attempt may complete or satisfy parts the content left unset (by delivery).
        attempt_result_refresh(attempt=locked)
    attempt.sequencing = state
    return Navigation(
        deliver=outcome.deliver,
        ended=outcome.ended,
        reason=outcome.reason,
        refused=outcome.refused,
        offer=engine.availability(state, tree, locked.last_sequence),
    )


def attempt_offer(*, attempt: Attempt) -> dict[str, Any]:
    """What the player may offer now (the launch, before any request)."""
    tree = tree_of(attempt)
    return engine.availability(state_of(attempt, tree), tree, attempt.last_sequence)


def _number(commit: dict[str, Any] | None) -> int:
    value = (commit or {}).get("sequence")
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else 0
