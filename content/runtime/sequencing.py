"""The SCORM 2004 sequencing engine (SCORM 2004 4th edition, Sequencing and Navigation book).

Pure code: an activity tree built from a package version's stored manifest and a state dict (the
attempt's ``sequencing`` field) go in; the activity to deliver, or why nothing is, comes out, and
the state is changed in place. The server runs it (ADR 0018), so a reload or another device
resumes from the same state, and the player only asks and shows.

Names follow the specification's processes, cited in the docstrings (OP = overall, NB =
navigation, TB = termination, SB = sequencing, DB = delivery, UP = utility, RB = rollup).
Rule conditions use the specification's three values: True, False and unknown (None); "not"
of unknown stays unknown, so "not satisfied" is true only when the status is known.
"""

import copy
from dataclasses import dataclass, field
from typing import Any

# Navigation requests the player may send (SN book, 4.4.2). "resume" is ours: the launch of a
# session, which resumes a suspended or interrupted one and otherwise starts.
REQUESTS = ("start", "resumeAll", "resume", "continue", "previous", "choice", "exit", "exitAll", "suspendAll")

# Why a request is refused, for the player to say (codes of our own, mapped to messages there).
NO_FLOW = "flow"  # the parent's flow control is off: navigate from the contents
NO_CHOICE = "choice"  # choice control is off: the course is taken in its order
HIDDEN = "hidden"  # a hiddenFromChoice rule
FORWARD_ONLY = "forwardOnly"  # no going back here
DISABLED = "disabled"  # a disabled rule (usually: an earlier part is not satisfied yet)
LIMIT = "limit"  # no attempts left
START = "start"  # nothing before this
END = "end"  # nothing after this: the course ends
CHOICE_EXIT = "choiceExit"  # the current part must be finished from inside
STOP = "stopForwardTraversal"
NOTHING = "nothing"  # nothing deliverable (e.g. every part skipped)
NOT_STARTED = "notStarted"


class SequencingError(Exception):
    """A request the state does not allow; ``code`` says why (one of the constants above)."""

    def __init__(self, code: str, activity: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.activity = activity


@dataclass
class Activity:
    id: str
    title: str
    seq: dict[str, Any]
    parent: "Activity | None" = None
    children: list["Activity"] = field(default_factory=list)
    leaf_launchable: bool = False

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def control(self, name: str) -> bool:
        defaults = {"choice": True, "choiceExit": True, "flow": False, "forwardOnly": False}
        value = (self.seq.get("controlMode") or {}).get(name)
        return defaults[name] if value is None else bool(value)

    def rules(self, kind: str) -> list[dict[str, Any]]:
        rules = self.seq.get("sequencingRules") or {}
        return rules.get(kind) or []

    @property
    def attempt_limit(self) -> int:
        limit = (self.seq.get("limitConditions") or {}).get("attemptLimit") or 0
        return int(limit) if isinstance(limit, int) and limit > 0 else 0

    @property
    def tracked(self) -> bool:
        return (self.seq.get("deliveryControls") or {}).get("tracked", True) is not False

    def delivery(self, name: str) -> bool:
        return bool((self.seq.get("deliveryControls") or {}).get(name, False))

    def rollup(self, name: str, default: Any) -> Any:
        value = (self.seq.get("rollupRules") or {}).get(name)
        return default if value is None else value

    def consideration(self, name: str) -> str:
        return (self.seq.get("rollupConsiderations") or {}).get(name) or "always"

    @property
    def objectives(self) -> list[dict[str, Any]]:
        """The primary objective first (id "" when it has none), then the others."""
        objectives = self.seq.get("objectives") or {}
        primary = dict(objectives.get("primary") or {})
        primary["primary"] = True
        primary.setdefault("objectiveID", "")
        return [primary, *(objectives.get("others") or [])]

    @property
    def primary(self) -> dict[str, Any]:
        return self.objectives[0]

    def path(self) -> list["Activity"]:
        """This activity and its ancestors, the root last."""
        result: list[Activity] = []
        node: Activity | None = self
        while node is not None:
            result.append(node)
            node = node.parent
        return result


class Tree:
    """The activity tree of one package version: the organisation is the root."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        data = manifest.get("data") or {}
        items = {item["identifier"]: item for item in manifest.get("items") or []}
        self.root = Activity(id="", title=manifest.get("title", ""), seq=data.get("sequencing") or {})
        self.by_id: dict[str, Activity] = {"": self.root}
        self._build(self.root, manifest.get("tree") or [], items)
        self.order = self._preorder(self.root)
        self.position = {activity.id: index for index, activity in enumerate(self.order)}
        # Forward choice looks for stopForwardTraversal rules on the way only when there are any.
        self.stops = any(
            rule.get("action") == "stopForwardTraversal"
            for activity in self.order
            for rule in activity.rules("preConditionRules")
        )

    def _build(self, parent: Activity, nodes: list[dict[str, Any]], items: dict[str, dict[str, Any]]) -> None:
        for node in nodes:
            item = items.get(node["identifier"]) or {}
            activity = Activity(
                id=node["identifier"],
                title=node.get("title", ""),
                seq=(item.get("data") or {}).get("sequencing") or {},
                parent=parent,
                leaf_launchable=bool(node.get("is_launchable")),
            )
            self.by_id[activity.id] = activity
            parent.children.append(activity)
            self._build(activity, node.get("children") or [], items)

    def _preorder(self, activity: Activity) -> list[Activity]:
        result = [activity]
        for child in activity.children:
            result.extend(self._preorder(child))
        return result

    def leaves(self) -> list[Activity]:
        return [a for a in self.order if a.is_leaf and a is not self.root]


# --- State ------------------------------------------------------------------------------------


def new_state() -> dict[str, Any]:
    return {"current": None, "suspended": None, "ended": False, "activities": {}, "globals": {}}


def _record(state: dict[str, Any], activity: Activity) -> dict[str, Any]:
    records = state.setdefault("activities", {})
    record = records.get(activity.id)
    if record is None:
        record = records[activity.id] = {
            "attempts": 0,
            "active": False,
            "suspended": False,
            "progress_known": False,
            "completed": False,
            "objectives": {},
            "since": 0,
            "tracked_sequence": 0,
        }
    return record


def _objective_record(state: dict[str, Any], activity: Activity, objective_id: str) -> dict[str, Any]:
    objectives = _record(state, activity)["objectives"]
    return objectives.setdefault(
        objective_id, {"status_known": False, "satisfied": False, "measure_known": False, "measure": 0.0}
    )


def _objective(activity: Activity, objective_id: str | None) -> dict[str, Any] | None:
    if not objective_id:
        return activity.primary
    return next((o for o in activity.objectives if o.get("objectiveID") == objective_id), None)


def objective_status(
    state: dict[str, Any], activity: Activity, objective_id: str | None = None
) -> dict[str, Any]:
    """The objective's status, read through its mapInfo from a global objective when one is known
    (SN book 4.6.1, "read" maps replace the local values)."""
    objective = _objective(activity, objective_id) or activity.primary
    local = dict(_objective_record(state, activity, objective.get("objectiveID", "")))
    for info in objective.get("mapInfo") or []:
        shared = (state.get("globals") or {}).get(info.get("targetObjectiveID") or "")
        if not shared:
            continue
        if info.get("readSatisfiedStatus", True) and shared.get("status_known"):
            local["status_known"], local["satisfied"] = True, shared["satisfied"]
        if info.get("readNormalizedMeasure", True) and shared.get("measure_known"):
            local["measure_known"], local["measure"] = True, shared["measure"]
    return local


def _set_objective(state: dict[str, Any], activity: Activity, objective_id: str, **values: Any) -> None:
    """Sets a local objective and writes it to the global objectives its mapInfo writes."""
    record = _objective_record(state, activity, objective_id)
    record.update(values)
    objective = _objective(activity, objective_id)
    for info in (objective or {}).get("mapInfo") or []:
        target = info.get("targetObjectiveID")
        if not target:
            continue
        shared = state.setdefault("globals", {}).setdefault(
            target, {"status_known": False, "satisfied": False, "measure_known": False, "measure": 0.0}
        )
        if info.get("writeSatisfiedStatus") and "status_known" in values:
            shared["status_known"], shared["satisfied"] = record["status_known"], record["satisfied"]
        if info.get("writeNormalizedMeasure") and "measure_known" in values:
            shared["measure_known"], shared["measure"] = record["measure_known"], record["measure"]


def _begin_attempt(state: dict[str, Any], activity: Activity, sequence: int) -> None:
    """A new attempt on the activity: its attempt and local objective information start unknown."""
    record = _record(state, activity)
    record["attempts"] += 1
    record["active"] = True
    record["suspended"] = False
    record["progress_known"] = False
    record["completed"] = False
    record["objectives"] = {}
    record["since"] = sequence


# --- Tracking: what the SCO reported (RTE data transfer, SN book 4.7 / 4th edition's EndAttempt) ---


def _float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if -1.0 <= number <= 1.0 else None


def track(state: dict[str, Any], tree: Tree, identifier: str, cmi: dict[str, Any], sequence: int) -> bool:
    """Records a SCO's commit into its activity's attempt; False when it belongs to an earlier attempt
    (an offline commit of the try before a retry) or is older than what was recorded."""
    activity = tree.by_id.get(identifier)
    if activity is None or not activity.is_leaf:
        return False
    record = _record(state, activity)
    if sequence <= record["since"] or sequence <= record["tracked_sequence"]:
        return False
    record["tracked_sequence"] = sequence
    if not activity.tracked:
        return True
    completion = str(cmi.get("cmi.completion_status", "")).lower()
    if completion in ("completed", "incomplete"):
        record["progress_known"], record["completed"] = True, completion == "completed"
    success = str(cmi.get("cmi.success_status", "")).lower()
    primary = activity.primary
    values: dict[str, Any] = {}
    if success in ("passed", "failed"):
        values.update(status_known=True, satisfied=success == "passed")
    measure = _float(cmi.get("cmi.score.scaled"))
    if measure is not None:
        values.update(measure_known=True, measure=measure)
        if primary.get("satisfiedByMeasure"):
            minimum = primary.get("minNormalizedMeasure")
            values.update(status_known=True, satisfied=measure >= (1.0 if minimum is None else minimum))
    if values:
        _set_objective(state, activity, primary.get("objectiveID", ""), **values)
    # cmi.objectives.n.*: the SCO's other objectives, by their identifiers.
    index = 0
    while f"cmi.objectives.{index}.id" in cmi:
        objective_id = str(cmi[f"cmi.objectives.{index}.id"])
        if objective_id and objective_id != primary.get("objectiveID") and _objective(activity, objective_id):
            status = str(cmi.get(f"cmi.objectives.{index}.success_status", "")).lower()
            if status in ("passed", "failed"):
                _set_objective(state, activity, objective_id, status_known=True, satisfied=status == "passed")
            scaled = _float(cmi.get(f"cmi.objectives.{index}.score.scaled"))
            if scaled is not None:
                _set_objective(state, activity, objective_id, measure_known=True, measure=scaled)
        index += 1
    rollup(state, tree, activity)
    return True


def _end_attempt(state: dict[str, Any], tree: Tree, activity: Activity) -> None:
    """End Attempt Process (UP.4): content that sets nothing is completed and satisfied by delivery
    unless the package says the content sets them (completionSetByContent, objectiveSetByContent)."""
    record = _record(state, activity)
    if activity.is_leaf and activity.tracked and not record["suspended"]:
        if not activity.delivery("completionSetByContent") and not record["progress_known"]:
            record["progress_known"], record["completed"] = True, True
        primary = activity.primary
        local = _objective_record(state, activity, primary.get("objectiveID", ""))
        if not activity.delivery("objectiveSetByContent") and not local["status_known"]:
            _set_objective(state, activity, primary.get("objectiveID", ""), status_known=True, satisfied=True)
    record["active"] = False
    rollup(state, tree, activity)


# --- Rule conditions (UP.2 Sequencing Rule Check, RB.1.4 Rollup Rule Check) --------------------


def _condition(state: dict[str, Any], activity: Activity, condition: dict[str, Any]) -> bool | None:
    name = condition.get("condition", "")
    record = _record(state, activity)
    status = objective_status(state, activity, condition.get("referencedObjective"))
    value: bool | None
    if name == "satisfied":
        value = status["satisfied"] if status["status_known"] else None
    elif name == "objectiveStatusKnown":
        value = status["status_known"]
    elif name == "objectiveMeasureKnown":
        value = status["measure_known"]
    elif name in ("objectiveMeasureGreaterThan", "objectiveMeasureLessThan"):
        threshold = condition.get("measureThreshold") or 0.0
        if not status["measure_known"]:
            value = None
        elif name == "objectiveMeasureGreaterThan":
            value = status["measure"] > threshold
        else:
            value = status["measure"] < threshold
    elif name == "completed":
        value = record["completed"] if record["progress_known"] else None
    elif name == "activityProgressKnown":
        value = record["progress_known"]
    elif name == "attempted":
        value = record["attempts"] > 0
    elif name == "attemptLimitExceeded":
        value = bool(activity.attempt_limit) and record["attempts"] >= activity.attempt_limit
    elif name == "always":
        value = True
    elif name == "never":
        value = False
    else:
        # timeLimitExceeded, outsideAvailableTimeRange: no time limits are applied (ADR 0018).
        value = False
    if condition.get("operator") == "not" and value is not None:
        value = not value
    return value


def _combine(values: list[bool | None], combination: str) -> bool | None:
    if combination == "any":
        if any(v is True for v in values):
            return True
        return None if any(v is None for v in values) else False
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def rule_fires(state: dict[str, Any], activity: Activity, rule: dict[str, Any]) -> bool:
    values = [_condition(state, activity, c) for c in rule.get("conditions") or []]
    return bool(values) and _combine(values, rule.get("conditionCombination") or "all") is True


def check_rules(state: dict[str, Any], activity: Activity, kind: str, actions: tuple[str, ...]) -> str | None:
    """The action of the first rule of ``kind`` whose action is one of ``actions`` and that fires."""
    for rule in activity.rules(kind):
        if rule.get("action") in actions and rule_fires(state, activity, rule):
            return rule["action"]
    return None


def limit_exceeded(state: dict[str, Any], activity: Activity) -> bool:
    """Limit Conditions Check (UP.1): an activity not under way with no attempts left."""
    record = _record(state, activity)
    if not activity.tracked or record["active"] or record["suspended"]:
        return False
    return bool(activity.attempt_limit) and record["attempts"] >= activity.attempt_limit


def check_activity(state: dict[str, Any], activity: Activity) -> str | None:
    """Check Activity Process (UP.5): why the activity cannot be delivered, or None."""
    if check_rules(state, activity, "preConditionRules", ("disabled",)):
        return DISABLED
    if limit_exceeded(state, activity):
        return LIMIT
    return None


# --- Rollup (RB.1) ------------------------------------------------------------------------------


def _contributes(state: dict[str, Any], child: Activity, action: str) -> bool:
    """Check Child for Rollup (RB.1.4.2)."""
    if not child.tracked:
        return False
    if action in ("satisfied", "notSatisfied"):
        if not child.rollup("rollupObjectiveSatisfied", True):
            return False
        consideration = child.consideration(
            "requiredForSatisfied" if action == "satisfied" else "requiredForNotSatisfied"
        )
    else:
        if not child.rollup("rollupProgressCompletion", True):
            return False
        consideration = child.consideration(
            "requiredForCompleted" if action == "completed" else "requiredForIncomplete"
        )
    record = _record(state, child)
    if consideration == "ifAttempted":
        return record["attempts"] > 0
    if consideration == "ifNotSkipped":
        return check_rules(state, child, "preConditionRules", ("skip",)) is None
    if consideration == "ifNotSuspended":
        return not (record["suspended"] or (record["attempts"] > 0 and not record["progress_known"]))
    return True


# The default rules when an activity defines none for an action (SN book 4.6.x).
DEFAULT_RULES = {
    "notSatisfied": {"childActivitySet": "all", "conditions": [{"condition": "objectiveStatusKnown"}]},
    "satisfied": {"childActivitySet": "all", "conditions": [{"condition": "satisfied"}]},
    "incomplete": {"childActivitySet": "all", "conditions": [{"condition": "activityProgressKnown"}]},
    "completed": {"childActivitySet": "all", "conditions": [{"condition": "completed"}]},
}


def _rollup_rule_fires(state: dict[str, Any], activity: Activity, rule: dict[str, Any], action: str) -> bool:
    """Rollup Rule Check Subprocess (RB.1.4) for one rule."""
    children = [c for c in activity.children if _contributes(state, c, action)]
    if not children:
        return False
    bag = [
        _combine(
            [_condition(state, child, c) for c in rule.get("conditions") or []],
            rule.get("conditionCombination") or "any",
        )
        for child in children
    ]
    kind = rule.get("childActivitySet") or "all"
    trues = sum(1 for v in bag if v is True)
    if kind == "all":
        return trues == len(bag)
    if kind == "any":
        return trues > 0
    if kind == "none":
        return all(v is False for v in bag)
    if kind == "atLeastCount":
        return trues >= int(rule.get("minimumCount") or 0)
    if kind == "atLeastPercent":
        return trues / len(bag) >= float(rule.get("minimumPercent") or 0)
    return False


def _rollup_rules(activity: Activity, action: str) -> list[dict[str, Any]]:
    rules = [r for r in activity.rollup("rules", []) if r.get("action") == action]
    pair = (
        ("satisfied", "notSatisfied")
        if action in ("satisfied", "notSatisfied")
        else ("completed", "incomplete")
    )
    defined = any(r.get("action") in pair for r in activity.rollup("rules", []))
    return rules if defined else [DEFAULT_RULES[action]]


def _rollup_activity(state: dict[str, Any], activity: Activity) -> None:
    record = _record(state, activity)
    primary = activity.primary
    objective_id = primary.get("objectiveID", "")
    # Measure Rollup (RB.1.1).
    total, counted, known = 0.0, 0.0, False
    for child in activity.children:
        if not child.tracked:
            continue
        weight = float(child.rollup("objectiveMeasureWeight", 1.0))
        counted += weight
        status = objective_status(state, child)
        if status["measure_known"]:
            total += status["measure"] * weight
            known = True
    if known and counted > 0:
        _set_objective(state, activity, objective_id, measure_known=True, measure=total / counted)
    else:
        _set_objective(state, activity, objective_id, measure_known=False)
    # Objective Rollup (RB.1.2): by measure, or by rules (the specification's defaults if none).
    status = objective_status(state, activity)
    if primary.get("satisfiedByMeasure") and status["measure_known"]:
        minimum = primary.get("minNormalizedMeasure")
        satisfied = status["measure"] >= (1.0 if minimum is None else minimum)
        _set_objective(state, activity, objective_id, status_known=True, satisfied=satisfied)
    else:
        if any(
            _rollup_rule_fires(state, activity, r, "notSatisfied")
            for r in _rollup_rules(activity, "notSatisfied")
        ):
            _set_objective(state, activity, objective_id, status_known=True, satisfied=False)
        if any(
            _rollup_rule_fires(state, activity, r, "satisfied") for r in _rollup_rules(activity, "satisfied")
        ):
            _set_objective(state, activity, objective_id, status_known=True, satisfied=True)
    # Activity Progress Rollup (RB.1.3).
    if any(
        _rollup_rule_fires(state, activity, r, "incomplete") for r in _rollup_rules(activity, "incomplete")
    ):
        record["progress_known"], record["completed"] = True, False
    if any(_rollup_rule_fires(state, activity, r, "completed") for r in _rollup_rules(activity, "completed")):
        record["progress_known"], record["completed"] = True, True


def rollup(state: dict[str, Any], tree: Tree, activity: Activity) -> None:
    """Overall Rollup Process (RB.1.5): from the activity's parent up to the root."""
    node = activity.parent if activity.is_leaf else activity
    while node is not None:
        _rollup_activity(state, node)
        node = node.parent


# --- Flow (SB.2.1–SB.2.3) -----------------------------------------------------------------------


def _skipped(state: dict[str, Any], activity: Activity) -> bool:
    return check_rules(state, activity, "preConditionRules", ("skip",)) is not None


def _tree_step(tree: Tree, activity: Activity, forward: bool, consider_children: bool) -> Activity:
    """Flow Tree Traversal (SB.2.1): the next activity in the direction, or an error."""
    if forward:
        if consider_children and activity.children:
            return activity.children[0]
        node = activity
        while node.parent is not None:
            siblings = node.parent.children
            index = siblings.index(node)
            if index + 1 < len(siblings):
                return siblings[index + 1]
            node = node.parent
        raise SequencingError(END)
    parent = activity.parent
    if parent is None:
        raise SequencingError(START)
    if parent.control("forwardOnly"):
        raise SequencingError(FORWARD_ONLY, parent.id)
    siblings = parent.children
    index = siblings.index(activity)
    if index > 0:
        return siblings[index - 1]
    return _tree_step(tree, parent, False, False)


def _flow_activity(state: dict[str, Any], tree: Tree, activity: Activity, forward: bool) -> Activity:
    """Flow Activity Traversal (SB.2.2): the activity if deliverable, after skips and descents."""
    for _ in range(len(tree.order) * 2 + 2):
        if activity.parent is not None and not activity.parent.control("flow"):
            raise SequencingError(NO_FLOW, activity.parent.id)
        if _skipped(state, activity):
            activity = _tree_step(tree, activity, forward, False)
            continue
        reason = check_activity(state, activity)
        if reason:
            raise SequencingError(reason, activity.id)
        if activity.is_leaf:
            return activity
        if forward or activity.control("forwardOnly"):
            activity = activity.children[0]
        else:
            activity = activity.children[-1]
    raise SequencingError(NOTHING)


def _flow(
    state: dict[str, Any], tree: Tree, start: Activity, forward: bool, consider_children: bool
) -> Activity:
    """Flow Subprocess (SB.2.3)."""
    return _flow_activity(state, tree, _tree_step(tree, start, forward, consider_children), forward)


# --- Requests -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What the player is told after a request: what to show and what the trainee may ask next."""

    deliver: str | None = None
    ended: bool = False
    refused: str | None = None
    # The session ended: "exitAll", "end" (continue after the last part) or "suspendAll".
    reason: str = ""


def _current(state: dict[str, Any], tree: Tree) -> Activity | None:
    current = state.get("current")
    return tree.by_id.get(current) if current is not None else None


def _is_active(state: dict[str, Any], activity: Activity) -> bool:
    return bool(_record(state, activity)["active"])


def _common_ancestor(a: Activity, b: Activity) -> Activity:
    ancestors = a.path()
    for node in b.path():
        if node in ancestors:
            return node
    return a.path()[-1]


def _end_attempts_below(state: dict[str, Any], tree: Tree, current: Activity, stop: Activity | None) -> None:
    """Ends the attempts from the current activity up to (not including) ``stop``."""
    for node in current.path():
        if node is stop:
            break
        if _is_active(state, node):
            _end_attempt(state, tree, node)


def choice_refusal(state: dict[str, Any], tree: Tree, target: Activity) -> str | None:
    """Why choosing the target is refused (Navigation Request Process's and SB.2.9's checks)."""
    for node in target.path():
        if node.parent is not None and not node.parent.control("choice"):
            return NO_CHOICE
        if node is not tree.root and check_rules(state, node, "preConditionRules", ("hiddenFromChoice",)):
            return HIDDEN
    current = _current(state, tree)
    if current is not None:
        common = _common_ancestor(current, target)
        if _is_active(state, current):
            for node in current.path():
                if node is common:
                    break
                if _is_active(state, node) and not node.control("choiceExit"):
                    return CHOICE_EXIT
        # Constrained choice: forwardOnly forbids choosing backwards among the common parent's children.
        here, there = tree.position[current.id], tree.position[target.id]
        if common.control("forwardOnly") and there < here:
            return FORWARD_ONLY
        if tree.stops and there > here:
            # Choice Activity Traversal (SB.2.4): the siblings passed on the way, from the current
            # one's branch, and the target's ancestors below the common one.
            passed = tree.order[here:there]
            on_path = target.path()
            for node in passed:
                between = node.parent is common or (node in on_path and node is not target)
                if between and check_rules(state, node, "preConditionRules", ("stopForwardTraversal",)):
                    return STOP
    for node in reversed(target.path()):
        if node is tree.root:
            continue
        reason = check_activity(state, node)
        if reason:
            return reason
    return None


def _choice_target(state: dict[str, Any], tree: Tree, target: Activity) -> Activity:
    reason = choice_refusal(state, tree, target)
    if reason:
        raise SequencingError(reason, target.id)
    if target.is_leaf:
        return target
    # A cluster chosen: flow into it (Choice Flow Subprocess).
    return _flow_activity(state, tree, target.children[0], True)


def _deliver(state: dict[str, Any], tree: Tree, target: Activity, sequence: int) -> Outcome:
    """Delivery Request + Content Delivery Environment Processes (DB.1.1, DB.2)."""
    for node in reversed(target.path()):
        if node is tree.root:
            continue
        reason = check_activity(state, node)
        if reason:
            raise SequencingError(reason, node.id)
    for node in reversed(target.path()):
        record = _record(state, node)
        if record["suspended"]:
            record["suspended"], record["active"] = False, True
        elif not record["active"]:
            _begin_attempt(state, node, sequence)
    state["current"], state["suspended"], state["ended"] = target.id, None, False
    return Outcome(deliver=target.id)


def _end_session(state: dict[str, Any], reason: str) -> Outcome:
    state["current"], state["ended"] = None, True
    return Outcome(ended=True, reason=reason)


def _post_conditions(state: dict[str, Any], tree: Tree, activity: Activity) -> tuple[str | None, Activity]:
    """Sequencing Post Condition Rules and exitParent (TB.2.2): a sequencing request, or None."""
    node = activity
    while True:
        if _record(state, node)["suspended"]:
            return None, node
        action = check_rules(
            state,
            node,
            "postConditionRules",
            ("exitParent", "exitAll", "retry", "retryAll", "continue", "previous"),
        )
        if action == "exitParent" and node.parent is not None:
            node = node.parent
            if _is_active(state, node):
                _end_attempt(state, tree, node)
            continue
        return action, node


def _terminate(state: dict[str, Any], tree: Tree, current: Activity) -> tuple[str | None, Activity]:
    """Termination request "exit" (TB.2.3) with exit action rules (TB.2.1) and post conditions."""
    if _is_active(state, current):
        _end_attempt(state, tree, current)
    # Exit action rules: from the root down, the first ancestor whose rule fires is exited.
    for node in reversed(current.path()[1:]):
        if check_rules(state, node, "exitConditionRules", ("exit",)):
            _end_attempts_below(state, tree, current, node.parent)
            current = node
            break
    return _post_conditions(state, tree, current)


def _exit_all(state: dict[str, Any], tree: Tree) -> None:
    current = _current(state, tree)
    if current is not None:
        _end_attempts_below(state, tree, current, None)


def _sequencing(
    state: dict[str, Any], tree: Tree, request: str, activity: Activity | None, sequence: int
) -> Outcome:
    """The Sequencing Request Process (SB.2.12) for flow, retry and exit requests."""
    if request == "start":
        if tree.root.is_leaf:
            return _deliver(state, tree, tree.root, sequence)
        return _deliver(state, tree, _flow(state, tree, tree.root, True, True), sequence)
    if activity is None:
        raise SequencingError(NOT_STARTED)
    if request in ("continue", "previous"):
        forward = request == "continue"
        try:
            target = _flow(state, tree, activity, forward, False)
        except SequencingError as error:
            if error.code == END:
                _exit_all(state, tree)
                return _end_session(state, END)
            raise
        return _deliver(state, tree, target, sequence)
    if request == "retry":
        _end_attempts_below(state, tree, _current(state, tree) or activity, activity.parent)
        # A retry starts a new attempt of the activity and everything in it.
        for node in tree.order:
            if activity in node.path() and node is not activity:
                record = _record(state, node)
                record["active"] = record["suspended"] = False
        _record(state, activity)["active"] = False
        if activity.is_leaf:
            return _deliver(state, tree, activity, sequence)
        if limit_exceeded(state, activity):
            raise SequencingError(LIMIT, activity.id)
        _begin_attempt(state, activity, sequence)
        target = _flow_activity(state, tree, activity.children[0], True)
        return _deliver(state, tree, target, sequence)
    if request == "retryAll":
        _exit_all(state, tree)
        return _sequencing(state, tree, "retry", tree.root, sequence)
    if request == "exitAll":
        _exit_all(state, tree)
        return _end_session(state, "exitAll")
    raise SequencingError(NOTHING)


def navigate(
    state: dict[str, Any], tree: Tree, request: str, *, target: str = "", sequence: int = 0
) -> Outcome:
    """The Overall Sequencing Process (OP.1) for one navigation request; changes ``state`` in place.

    A refused request leaves the state as it was and says why (``Outcome.refused``). ``sequence``
    is the attempt's last commit number: a commit numbered at or below it belongs to an earlier
    attempt of the activity it names.
    """
    if request not in REQUESTS:
        return Outcome(refused=NOTHING)
    saved = copy.deepcopy(state)
    try:
        return _navigate(state, tree, request, target, sequence)
    except SequencingError as error:
        state.clear()
        state.update(saved)
        return Outcome(deliver=state.get("current"), refused=error.code)


def _navigate(state: dict[str, Any], tree: Tree, request: str, target: str, sequence: int) -> Outcome:
    current = _current(state, tree)
    if request == "resume":
        if state.get("suspended") in tree.by_id:
            request = "resumeAll"
        elif current is not None and current.is_leaf:
            # Interrupted (the tab closed without an exit): the same part, in the same attempt.
            return _deliver(state, tree, current, sequence)
        else:
            request = "start"
    if request == "start":
        if current is not None:
            raise SequencingError(NOTHING)
        return _start(state, tree, sequence)
    if request == "resumeAll":
        suspended = tree.by_id.get(state.get("suspended") or "\0")
        if suspended is None or current is not None:
            raise SequencingError(NOTHING)
        return _deliver(state, tree, suspended, sequence)
    if request == "choice":
        return _choose(state, tree, current, target, sequence)
    if current is None:
        raise SequencingError(NOT_STARTED)
    if request == "suspendAll":
        for node in current.path():
            record = _record(state, node)
            if record["active"]:
                record["suspended"], record["active"] = True, False
        state["suspended"], state["current"] = current.id, None
        return Outcome(ended=True, reason="suspendAll")
    if request == "exitAll":
        _exit_all(state, tree)
        return _end_session(state, "exitAll")
    if request in ("continue", "previous"):
        parent = current.parent
        if parent is not None and not parent.control("flow"):
            raise SequencingError(NO_FLOW, parent.id)
        if request == "previous" and parent is not None and parent.control("forwardOnly"):
            raise SequencingError(FORWARD_ONLY, parent.id)
    # exit, continue, previous: end the current attempt, then what its rules ask for.
    posted, exited = _terminate(state, tree, current)
    if posted == "exitAll":
        _exit_all(state, tree)
        return _end_session(state, "exitAll")
    if posted in ("retry", "retryAll"):
        return _sequencing(state, tree, posted, exited, sequence)
    if posted in ("continue", "previous"):
        return _sequencing(state, tree, posted, exited, sequence)
    if request == "exit":
        if exited is tree.root or exited.parent is None:
            return _end_session(state, "exitAll")
        # The trainee stays on the part, whose attempt has ended; a new request moves on.
        state["current"] = exited.id
        return Outcome(deliver=None)
    return _sequencing(state, tree, request, exited, sequence)


def _choose(
    state: dict[str, Any], tree: Tree, current: Activity | None, target: str, sequence: int
) -> Outcome:
    """Choice (SB.2.9), also with no current activity: a session may begin with a choice."""
    chosen = tree.by_id.get(target)
    if chosen is None or chosen is tree.root:
        raise SequencingError(NOTHING)
    # Checked before the current attempt ends: a refused choice changes nothing.
    reason = choice_refusal(state, tree, chosen)
    if reason:
        raise SequencingError(reason, chosen.id)
    if current is not None:
        if _is_active(state, current):
            _end_attempt(state, tree, current)
        _end_attempts_below(state, tree, current, _common_ancestor(current, chosen))
    return _deliver(state, tree, _choice_target(state, tree, chosen), sequence)


def _start(state: dict[str, Any], tree: Tree, sequence: int) -> Outcome:
    try:
        return _sequencing(state, tree, "start", None, sequence)
    except SequencingError as error:
        if error.code != NO_FLOW:
            raise
    # Flow is off at the root: the specification delivers nothing and waits for a choice. The
    # player has no empty page to show, so the first part that may be chosen opens (as SCORM
    # Cloud and Moodle do).
    for leaf in tree.leaves():
        if choice_refusal(state, tree, leaf) is None:
            return _deliver(state, tree, leaf, sequence)
    raise SequencingError(NOTHING)


# --- Look-ahead: what the player may offer ------------------------------------------------------


def availability(state: dict[str, Any], tree: Tree, sequence: int = 0) -> dict[str, Any]:
    """For the player: whether continue and previous would be accepted (and why not), and for each
    activity whether choosing it would be (the navigation request process run on a copy)."""

    def attempt(request: str, target: str = "") -> str | None:
        trial = copy.deepcopy(state)
        outcome = navigate(trial, tree, request, target=target, sequence=sequence)
        return outcome.refused

    current = _current(state, tree)
    # Choice ends the current attempt before it delivers: the state it would deliver in, made once
    # (a trial of the whole request per activity costs a copy of the state each: quadratic).
    ended = copy.deepcopy(state)
    if current is not None and _is_active(ended, current):
        _end_attempt(ended, tree, current)
    result: dict[str, Any] = {"continue": NOT_STARTED, "previous": NOT_STARTED, "choice": {}}
    if current is not None:
        result["continue"] = attempt("continue")
        result["previous"] = attempt("previous")
    for activity in tree.order[1:]:
        hidden = any(
            check_rules(state, node, "preConditionRules", ("hiddenFromChoice",))
            for node in activity.path()
            if node is not tree.root
        )
        refusal = None if activity is current else _choice_look_ahead(state, ended, tree, activity)
        record = (state.get("activities") or {}).get(activity.id)
        status = objective_status(state, activity) if record else None
        result["choice"][activity.id] = {
            "refused": refusal,
            "hidden": hidden,
            # What the contents list ticks: this attempt's completion and success, when known.
            "completed": record["completed"] if record and record["progress_known"] else None,
            "passed": status["satisfied"] if status and status["status_known"] else None,
        }
    return result


def _choice_look_ahead(
    state: dict[str, Any], ended: dict[str, Any], tree: Tree, target: Activity
) -> str | None:
    """Why a choice of the target would be refused: ``_choose``'s checks, its delivery's in ``ended``."""
    reason = choice_refusal(state, tree, target)
    if reason:
        return reason
    try:
        leaf = target if target.is_leaf else _flow_activity(ended, tree, target.children[0], True)
    except SequencingError as error:
        return error.code
    for node in reversed(leaf.path()):
        if node is not tree.root:
            reason = check_activity(ended, node)
            if reason:
                return reason
    return None


def summary(state: dict[str, Any], tree: Tree) -> dict[str, Any]:
    """The root's rolled-up status: the course's completion, success and measure."""
    record = _record(state, tree.root)
    status = objective_status(state, tree.root)
    return {
        "completed": record["completed"] if record["progress_known"] else None,
        "passed": status["satisfied"] if status["status_known"] else None,
        "measure": status["measure"] if status["measure_known"] else None,
    }
