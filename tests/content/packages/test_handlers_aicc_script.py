"""SCORM 1.2 prerequisites: AICC script read into a tree and evaluated, never run as code."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content.handlers.aicc_script import ScriptError, evaluate, identifiers, parse, resolve


@pytest.mark.parametrize(
    ("script", "statuses", "met"),
    [
        ("intro", {"intro": "completed"}, True),
        ("intro", {"intro": "passed"}, True),
        ("intro", {"intro": "incomplete"}, False),
        ("intro", {}, False),
        ("a & b", {"a": "completed"}, False),
        ("a & b", {"a": "completed", "b": "passed"}, True),
        ("a | b", {"b": "passed"}, True),
        ("~a", {"a": "completed"}, False),
        ("~a", {}, True),
        # The words found in real manifests, in any case.
        ("a AND b", {"a": "completed", "b": "completed"}, True),
        ("a and b", {"a": "completed"}, False),
        ("a OR b", {"a": "completed"}, True),
        ("NOT a", {}, True),
        # & binds tighter than |; brackets change it.
        ("a | b & c", {"a": "completed"}, True),
        ("(a | b) & c", {"a": "completed"}, False),
        # Comparisons, also by the status's first letter.
        ("quiz = failed", {"quiz": "failed"}, True),
        ("quiz=f", {"quiz": "failed"}, True),
        ("quiz <> passed", {"quiz": "failed"}, True),
        ("quiz = not attempted", {}, True),
        ("quiz = not attempted", {"quiz": "incomplete"}, False),
        # At least two of the set.
        ("2*{a, b, c}", {"a": "completed", "c": "passed"}, True),
        ("2*{a,b,c}", {"a": "completed"}, False),
    ],
)
def test_scripts_are_evaluated_against_the_items_statuses(script, statuses, met):
    assert evaluate(parse(script), statuses) is met


@pytest.mark.parametrize(
    "script",
    [
        "",
        "a &",
        "& a",
        "(a | b",
        "a b",
        "a = maybe",
        "2*{a, b",
        "alert(1); a",
        "((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))",
        "x" * 5000,
    ],
)
def test_a_script_that_cannot_be_read_is_refused_rather_than_guessed(script):
    with pytest.raises(ScriptError):
        parse(script)


def test_a_folder_stands_for_its_items_and_an_unknown_item_counts_as_met():
    tree = parse("module1 & ghost")
    assert sorted(identifiers(tree)) == ["ghost", "module1"]
    resolved = resolve(tree, {"module1": ["p1", "p2"], "ghost": None}.get)
    assert evaluate(resolved, {"p1": "completed"}) is False
    assert evaluate(resolved, {"p1": "completed", "p2": "passed"}) is True


@given(st.text(max_size=200))
def test_any_text_is_read_or_refused_with_script_error_only(script):
    try:
        tree = parse(script)
    except ScriptError:
        return
    assert evaluate(tree, {}) in (True, False)
