"""A SCORM 2004 attempt's sequencing state as the runtime keeps it: built from the package's
activity tree, fed by every commit, rolled up into the course's result (ADR 0018)."""

from typing import Any

from . import sequencing as engine
from .models import Attempt


def sequenced(attempt: Attempt) -> bool:
    """Whether the attempt's package is navigated by the sequencing engine (SCORM 2004)."""
    return attempt.version.kind == "scorm2004"


def tree_of(attempt: Attempt) -> engine.Tree:
    return engine.Tree(attempt.version.manifest)


def state_of(attempt: Attempt, tree: engine.Tree) -> dict[str, Any]:
    """The attempt's sequencing state; an attempt begun before the engine is seeded from its commits."""
    if attempt.sequencing:
        return attempt.sequencing
    state = engine.new_state()
    for identifier, entry in sorted(attempt.state.items(), key=lambda pair: int(pair[1].get("sequence", 0))):
        engine.track(state, tree, identifier, entry.get("cmi") or {}, int(entry.get("sequence", 0)))
    return state


def sequencing_track(*, attempt: Attempt, item: str, cmi: dict[str, Any], sequence: int) -> None:
    """Records a commit into the attempt's sequencing state (the caller holds the row lock and saves)."""
    if not sequenced(attempt):
        return
    tree = tree_of(attempt)
    state = state_of(attempt, tree)
    engine.track(state, tree, item, cmi, sequence)
    attempt.sequencing = state


def sequencing_summary(attempt: Attempt) -> dict[str, Any] | None:
    """The course's rolled-up completion, success and measure, once the engine has a state."""
    if not sequenced(attempt) or not attempt.sequencing:
        return None
    return engine.summary(attempt.sequencing, tree_of(attempt))
