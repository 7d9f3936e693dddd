"""The validator accepts what xAPI 1.0.3 allows and rejects, naming the property, what it forbids."""

import copy

import pytest

from content.lrs.validation import XapiValidationError, check_statement

from .conftest import statement


def rejected(data: dict) -> str:
    with pytest.raises(XapiValidationError) as caught:
        check_statement(data)
    return caught.value.path


def test_a_plain_statement_is_accepted():
    assert check_statement(statement()) is not None


def test_a_full_statement_with_substatement_is_accepted():
    data = statement(
        object={
            "objectType": "SubStatement",
            "actor": {"objectType": "Group", "member": [{"mbox": "mailto:a@example.org"}]},
            "verb": {"id": "http://example.org/verbs/plan"},
            "object": {
                "id": "http://example.org/a",
                "definition": {
                    "interactionType": "choice",
                    "correctResponsesPattern": ["a"],
                    "choices": [{"id": "a"}, {"id": "b"}],
                },
            },
            "context": {"contextActivities": {"parent": {"id": "http://example.org/p"}}},
        },
        result={
            "score": {"scaled": 0.5, "raw": 5, "min": 0, "max": 10},
            "duration": "PT1H30M",
            "success": True,
        },
        timestamp="2024-05-01T10:00:00.123+03:00",
        version="1.0.3",
    )
    assert check_statement(data)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda s: s["verb"].update(id="not an iri"), "statement.verb.id"),
        (lambda s: s["object"].update(id="activity 1"), "statement.object.id"),
        (lambda s: s["actor"].update(mbox="trainee@example.org"), "statement.actor.mbox"),
        (lambda s: s["actor"].update(openid="http://example.org/me"), "statement.actor"),
        (lambda s: s.update(timestamp="2024-05-01T10:00:00-00:00"), "statement.timestamp"),
        (lambda s: s.update(timestamp=12), "statement.timestamp"),
        (lambda s: s.update(result={"duration": "P4W1D"}), "statement.result.duration"),
        (lambda s: s.update(result={"success": "yes"}), "statement.result.success"),
        (lambda s: s.update(result={"score": {"scaled": 1.5}}), "statement.result.score.scaled"),
        (lambda s: s["verb"].update(display={"not a tag!": "x"}), "statement.verb.display['not a tag!']"),
        (lambda s: s.update(version="1.1.0"), "statement.version"),
        (lambda s: s.update(id="123"), "statement.id"),
        (lambda s: s.update(extra=1), "statement.extra"),
        (lambda s: s.update(result=None), "statement.result"),
        (lambda s: s["verb"].update(id="http://adlnet.gov/expapi/verbs/voided"), "statement.object"),
        (
            lambda s: s.update(
                context={"platform": "x"}, object={"mbox": "mailto:x@example.org", "objectType": "Agent"}
            ),
            "statement.context.platform",
        ),
        (
            lambda s: s.update(
                authority={"objectType": "Group", "member": [{"mbox": "mailto:a@example.org"}]}
            ),
            "statement.authority",
        ),
        (
            lambda s: s["object"].update(definition={"correctResponsesPattern": ["a"]}),
            "statement.object.definition",
        ),
    ],
)
def test_invalid_statements_are_rejected_at_the_faulty_property(change, path):
    data = copy.deepcopy(statement())
    change(data)
    assert rejected(data) == path


def test_a_substatement_may_not_nest_another():
    inner = {"objectType": "SubStatement", **statement()}
    data = statement(object={"objectType": "SubStatement", **statement(object=inner)})
    assert rejected(data) == "statement.object.object.objectType"


def test_a_substatement_may_not_carry_an_id():
    data = statement(object={"objectType": "SubStatement", "id": "x", **statement()})
    assert rejected(data) == "statement.object.id"
