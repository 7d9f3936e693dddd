"""What each xAPI format decides, asked of its handler through the registry (ADR 0019)."""

import json

import pytest

from content.handlers import XAPI_KINDS, handler_for, xapi_handler_for
from content.handlers.xapi import COMPLETED, FAILED, PASSED
from tests.content.packages.builders import cmi5, cmi5_au, h5p_files, read, zip_bytes

IRI = "http://localhost/play/package/7/"


def statement(verb: str, **result) -> dict:
    return {"verb": {"id": verb}, "object": {"id": "x"}, **({"result": result} if result else {})}


def test_the_registry_knows_which_formats_speak_xapi():
    assert frozenset({"cmi5", "tincan", "h5p"}) == XAPI_KINDS
    assert {handler_for(kind).protocol for kind in XAPI_KINDS} == {"xapi"}
    assert handler_for("scorm12").protocol == "scorm"
    with pytest.raises(LookupError):
        xapi_handler_for("scorm2004")


def test_object_ids_and_launch_parameters_are_each_formats_own():
    cmi5_handler, tincan, h5p = (xapi_handler_for(k) for k in ("cmi5", "tincan", "h5p"))
    au = cmi5_handler.activity_id(package_iri=IRI, identifier="https://publisher/au/1")
    assert au.startswith(IRI + "au/") and "publisher" not in au
    assert tincan.activity_id(package_iri=IRI, identifier="https://publisher/act") == "https://publisher/act"
    assert h5p.activity_id(package_iri=IRI, identifier="H5P.TrueFalse-1.6") == IRI + "H5P.TrueFalse-1.6"
    given = {
        "endpoint": "e",
        "actor": "a",
        "registration": "r",
        "activity_id": "i",
        "token": "t",
        "fetch": "f",
    }
    assert cmi5_handler.launch_parameters(**given) == {
        "endpoint": "e",
        "fetch": "f",
        "actor": "a",
        "registration": "r",
        "activityId": "i",
    }
    assert tincan.launch_parameters(**given)["auth"] == "Basic t"
    assert "fetch" not in tincan.launch_parameters(**given)


@pytest.mark.parametrize(
    ("move_on", "held", "done"),
    [
        ("Passed", {"completed": True}, False),
        ("Passed", {"passed": True}, True),
        ("Completed", {"passed": True}, False),
        ("CompletedAndPassed", {"completed": True, "passed": True}, True),
        ("CompletedAndPassed", {"completed": True, "passed": False}, False),
        ("CompletedOrPassed", {"completed": True}, True),
        ("NotApplicable", {}, True),
    ],
)
def test_a_cmi5_au_is_done_when_its_move_on_is_met(move_on, held, done):
    assert xapi_handler_for("cmi5").item_done({"moveOn": move_on}, {"result": held}) is done


def test_a_waived_au_is_done_whatever_its_move_on():
    assert xapi_handler_for("cmi5").item_done({"moveOn": "Passed"}, {"waived": "Administrative"})


def test_statements_fold_into_a_result_that_only_improves():
    handler = xapi_handler_for("tincan")
    held: dict = {}
    handler.fold(held, statement(FAILED, score={"scaled": 0.4}), {})
    assert handler.map_result(held).passed is False
    handler.fold(held, statement(PASSED, score={"raw": 9, "min": 0, "max": 10}), {})
    handler.fold(held, statement(FAILED, score={"scaled": 0.1}), {})
    handler.fold(held, statement(COMPLETED), {})
    result = handler.map_result(held)
    assert (result.completed, result.passed, result.score) == (True, True, 90.0)


def two_blocks() -> list[dict]:
    def au(identifier):
        return {"identifier": identifier, "is_launchable": True, "children": []}

    inner = {"identifier": "inner", "is_launchable": False, "children": [au("c")]}
    return [
        {"identifier": "one", "is_launchable": False, "children": [au("a"), au("b")]},
        {"identifier": "two", "is_launchable": False, "children": [inner, au("d")]},
    ]


@pytest.mark.parametrize(
    ("done", "satisfied"),
    [
        (set(), []),
        ({"a"}, []),
        ({"a", "b"}, ["one"]),
        ({"c"}, ["inner"]),
        ({"c", "d"}, ["inner", "two"]),
        ({"a", "b", "c", "d"}, ["one", "inner", "two", ""]),
    ],
)
def test_a_block_is_satisfied_when_all_its_children_are_and_the_course_when_all_blocks_are(done, satisfied):
    assert xapi_handler_for("cmi5").satisfied(two_blocks(), lambda au: au in done) == satisfied


def test_two_blocks_are_read_with_their_titles_nested():
    block = (
        '<block id="https://tadrib.example/block/{n}"><title><langstring lang="ar">الوحدة {n}</langstring>'
        "</title><description><langstring lang='ar'>و</langstring></description>{aus}</block>"
    )
    blocks = block.format(
        n=1, aus=cmi5_au("https://tadrib.example/au/1") + cmi5_au("https://tadrib.example/au/2")
    ) + block.format(n=2, aus=cmi5_au("https://tadrib.example/au/3"))
    manifest = read(cmi5("", blocks=blocks))
    assert [(n["title"], [c["identifier"][-1] for c in n["children"]]) for n in manifest.tree] == [
        ("الوحدة 1", ["1", "2"]),
        ("الوحدة 2", ["3"]),
    ]
    assert [(i.identifier[-1], i.parent, i.depth) for i in manifest.items] == [
        ("1", None, 0),
        ("1", "https://tadrib.example/block/1", 1),
        ("2", "https://tadrib.example/block/1", 1),
        ("2", None, 0),
        ("3", "https://tadrib.example/block/2", 1),
    ]


def h5p_with(parameters: dict) -> dict:
    files = h5p_files()
    files["content/content.json"] = json.dumps({"question": "<p>؟</p>", **parameters})
    return read(zip_bytes(files)).as_json()["items"][0]["data"]


def test_h5p_keeps_the_contents_own_passing_percentage():
    assert h5p_with({})["passPercentage"] is None
    assert h5p_with({"passPercentage": 60})["passPercentage"] == 60
    assert h5p_with({"behaviour": {"passPercentage": 75}})["passPercentage"] == 75
    assert h5p_with({"behaviour": {"percentagePassing": 40}})["passPercentage"] == 40
    assert h5p_with({"passPercentage": "60"})["passPercentage"] is None
    assert h5p_with({"passPercentage": 160})["passPercentage"] is None


def answered(raw: int, maximum: int, **more) -> dict:
    score = {"raw": raw, "min": 0, "max": maximum}
    if maximum:
        score["scaled"] = raw / maximum
    return statement("http://adlnet.gov/expapi/verbs/answered", score=score, completion=True, **more)


@pytest.mark.parametrize(
    ("passing", "sent", "passed"),
    [
        # Full marks with no success in the statement (some types leave it out): passed.
        (None, answered(4, 4), True),
        (None, answered(3, 4), False),
        # The content's own passing percentage decides, whatever the statement says.
        (50, answered(2, 4, success=False), True),
        (50, answered(1, 4, success=True), False),
        # Nothing to judge (a type with no score) gives no verdict, even with success false.
        (None, answered(0, 0, success=False), None),
        (None, statement(COMPLETED, success=False), None),
    ],
)
def test_h5p_success_comes_from_the_score_and_the_passing_percentage(passing, sent, passed):
    handler = xapi_handler_for("h5p")
    held: dict = {}
    handler.fold(held, sent, {"passPercentage": passing})
    assert handler.map_result(held).passed is passed


def test_an_h5p_pass_stays_and_sub_content_does_not_count():
    handler = xapi_handler_for("h5p")
    held: dict = {}
    handler.fold(held, answered(4, 4), {})
    handler.fold(held, answered(0, 4), {})
    assert handler.map_result(held).passed is True
    part = answered(0, 1)
    part["object"]["id"] = "http://x/?subContentId=9"
    part["context"] = {"contextActivities": {"parent": [{"id": "http://x/"}]}}
    assert not handler.counts(part)
    assert handler.counts(answered(0, 1))
