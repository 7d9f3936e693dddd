"""SCORM 2004 courses built in code with the patterns of ADL's "Golf" sequencing samples (forced
order, choice off, remediation with retry, rollup of a post-test), for the engine's, the player's
and the browser's tests. Each SCO is one small page that reports through ``API_1484_11``."""

from dataclasses import dataclass, field

from tests.content.packages.builders import PAGE, SCORM2004_NS, zip_bytes


@dataclass
class Node:
    identifier: str
    title: str
    sequencing: str = ""
    children: list["Node"] = field(default_factory=list)

    def xml(self) -> str:
        reference = "" if self.children else f' identifierref="r_{self.identifier}"'
        inner = "".join(child.xml() for child in self.children)
        sequencing = f"<imsss:sequencing>{self.sequencing}</imsss:sequencing>" if self.sequencing else ""
        return (
            f'<item identifier="{self.identifier}"{reference}><title>{self.title}</title>'
            f"{inner}{sequencing}</item>"
        )

    def leaves(self) -> list["Node"]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


def controls(**modes: bool) -> str:
    attributes = " ".join(f'{name}="{str(value).lower()}"' for name, value in modes.items())
    return f"<imsss:controlMode {attributes}/>"


def rule(kind: str, action: str, *conditions: str, combination: str = "all") -> str:
    """A pre/exit/post condition rule; each condition is "name", "not name" or "name@objective"."""
    parts = []
    for condition in conditions:
        operator = ' operator="not"' if condition.startswith("not ") else ""
        name, _, objective = condition.removeprefix("not ").partition("@")
        reference = f' referencedObjective="{objective}"' if objective else ""
        parts.append(f'<imsss:ruleCondition{reference}{operator} condition="{name}"/>')
    return (
        f'<imsss:{kind}><imsss:ruleConditions conditionCombination="{combination}">{"".join(parts)}'
        f'</imsss:ruleConditions><imsss:ruleAction action="{action}"/></imsss:{kind}>'
    )


def rules(*parts: str) -> str:
    return f"<imsss:sequencingRules>{''.join(parts)}</imsss:sequencingRules>"


def primary(
    objective: str, *, writes: str = "", reads: dict[str, str] | None = None, measure: float | None = None
) -> str:
    """The primary objective (writing its status to a global one), and others reading globals."""
    by_measure = (
        f' satisfiedByMeasure="true"><imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>'
        if measure is not None
        else ">"
    )
    write = (
        f'<imsss:mapInfo targetObjectiveID="{writes}" readSatisfiedStatus="false" writeSatisfiedStatus="true"/>'
        if writes
        else ""
    )
    others = "".join(
        f'<imsss:objective objectiveID="{local}"><imsss:mapInfo targetObjectiveID="{target}" '
        'readSatisfiedStatus="true" writeSatisfiedStatus="false"/></imsss:objective>'
        for local, target in (reads or {}).items()
    )
    return (
        f'<imsss:objectives><imsss:primaryObjective objectiveID="{objective}"{by_measure}{write}'
        f"</imsss:primaryObjective>{others}</imsss:objectives>"
    )


def package(title: str, nodes: list[Node], *, organisation: str = "") -> bytes:
    items = "".join(node.xml() for node in nodes)
    leaves = [leaf for node in nodes for leaf in node.leaves()]
    resources = "".join(
        f'<resource identifier="r_{leaf.identifier}" type="webcontent" adlcp:scormType="sco" '
        f'href="{leaf.identifier}.html"><file href="{leaf.identifier}.html"/></resource>'
        for leaf in leaves
    )
    org_sequencing = f"<imsss:sequencing>{organisation}</imsss:sequencing>" if organisation else ""
    manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="golf.{title.replace(" ", "_")}" version="1" {SCORM2004_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>{title}</title>{items}{org_sequencing}</organization>
  </organizations>
  <resources>{resources}</resources>
</manifest>"""
    return zip_bytes({"imsmanifest.xml": manifest, **{f"{leaf.identifier}.html": PAGE for leaf in leaves}})


NOT_BY_DELIVERY = '<imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>'
NO_ROLLUP = '<imsss:rollupRules rollupObjectiveSatisfied="false" rollupProgressCompletion="false" objectiveMeasureWeight="0"/>'


def forced_sequential() -> bytes:
    """Choice off, flow on: the parts in their order, Previous allowed, the contents not clickable."""
    parts = [Node(f"part{n}", f"Part {n}", NOT_BY_DELIVERY) for n in range(1, 4)]
    return package("Forced order", parts, organisation=controls(choice=False, flow=True))


def remediation(*, attempt_limit: int = 0, action: str = "retryAll") -> bytes:
    """Two lessons in a module, then a test; failing the test sends the trainee back (retryAll by
    default), and passing it satisfies the course, which only the test rolls up to."""
    limit = f'<imsss:limitConditions attemptLimit="{attempt_limit}"/>' if attempt_limit else ""
    lessons = Node(
        "lessons",
        "Lessons",
        controls(choice=True, flow=True) + NO_ROLLUP,
        [Node("lesson1", "Lesson 1", NOT_BY_DELIVERY), Node("lesson2", "Lesson 2", NOT_BY_DELIVERY)],
    )
    post = rule("postConditionRule", action, "objectiveStatusKnown", "not satisfied")
    test = Node("test", "Test", rules(post) + limit + NOT_BY_DELIVERY)
    return package("Remediation", [lessons, test], organisation=controls(choice=True, flow=True))


def rollup_of_test() -> bytes:
    """ADL's post-test rollup: the lessons count for nothing, the test's score is the course's, and
    the course is satisfied by measure (0.6) and completed when the test is."""
    lesson = Node(
        "lesson", "Lesson", '<imsss:rollupRules rollupObjectiveSatisfied="false" objectiveMeasureWeight="0"/>'
    )
    test = Node("test", "Test", NOT_BY_DELIVERY)
    organisation = (
        controls(choice=True, flow=True) + '<imsss:rollupRules><imsss:rollupRule childActivitySet="any">'
        '<imsss:rollupConditions><imsss:rollupCondition condition="completed"/></imsss:rollupConditions>'
        '<imsss:rollupAction action="completed"/></imsss:rollupRule></imsss:rollupRules>'
        + primary("course", measure=0.6)
    )
    return package("Post-test rollup", [lesson, test], organisation=organisation)


def pretest_skips() -> bytes:
    """A pre-test whose pass skips the lesson (skip through a global objective), an answer key
    hidden from choice, a lesson that stops forward choice until done, and a closing part that
    exits the whole course."""
    pretest = Node("pretest", "Pre-test", primary("pre", writes="g.pre") + NOT_BY_DELIVERY)
    lesson = Node(
        "lesson",
        "Lesson",
        primary("lesson", reads={"known": "g.pre"})
        + rules(
            rule("preConditionRule", "skip", "satisfied@known"),
            rule("preConditionRule", "stopForwardTraversal", "not completed"),
        )
        + NOT_BY_DELIVERY,
    )
    answers = Node("answers", "Answers", rules(rule("preConditionRule", "hiddenFromChoice", "always")))
    closing = Node("closing", "Closing", rules(rule("postConditionRule", "exitAll", "always")))
    return package(
        "Pre-test", [pretest, lesson, answers, closing], organisation=controls(choice=True, flow=True)
    )
