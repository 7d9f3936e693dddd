"""SCORM 2004 (2nd, 3rd, 4th editions): items, sequencing as data, editions, mastery."""

import pytest

from content.handlers import handler_for
from content.handlers.data import join_parameters
from content.packages.errors import PackageRejected
from tests.content.packages.builders import read, scorm2004


@pytest.mark.parametrize(
    ("schemaversion", "edition"),
    [("CAM 1.3", "2nd"), ("2004 3rd Edition", "3rd"), ("2004 4th Edition", "4th")],
)
def test_each_edition_is_recognised(schemaversion, edition):
    manifest = read(scorm2004(schemaversion=schemaversion))
    assert manifest.kind == "scorm2004"
    assert manifest.data["edition"] == edition


def test_without_a_schema_version_the_2004_namespaces_decide():
    manifest = read(scorm2004(schemaversion=""))
    assert manifest.kind == "scorm2004"
    assert manifest.data["edition"] is None


def test_sequencing_is_read_and_merged_with_the_collection():
    manifest = read(scorm2004())
    first, second = manifest.launchable
    # The organisation's control mode.
    assert manifest.data["sequencing"]["controlMode"] == {"choice": False, "flow": True}
    # The item's own rule, and the shared set's rollup and delivery controls (IDRef).
    sequencing = second.data["sequencing"]
    assert sequencing["IDRef"] == "shared"
    [rule] = sequencing["sequencingRules"]["preConditionRules"]
    assert rule["action"] == "disabled"
    assert rule["conditionCombination"] == "any"
    assert rule["conditions"] == [
        {"referencedObjective": "prev", "operator": "not", "condition": "satisfied"}
    ]
    assert sequencing["rollupRules"]["objectiveMeasureWeight"] == 0.5
    assert sequencing["rollupRules"]["rules"][0]["childActivitySet"] == "all"
    assert sequencing["rollupRules"]["rules"][0]["action"] == "satisfied"
    assert sequencing["deliveryControls"] == {"tracked": True, "completionSetByContent": True}
    # A primary objective satisfied by measure gives the mastery score.
    assert first.mastery_score == 80
    assert first.data["sequencing"]["objectives"]["primary"]["minNormalizedMeasure"] == 0.8


def test_a_launch_address_with_its_own_query_gets_the_parameters_after_an_ampersand():
    manifest = read(scorm2004())
    assert manifest.launchable[1].launch_url == "two.html?x=1&part=2"


def test_a_reference_to_an_unknown_sequencing_set_is_refused():
    items = (
        '<item identifier="i1" identifierref="r1"><title>One</title>'
        '<imsss:sequencing IDRef="nowhere"/></item>'
    )
    with pytest.raises(PackageRejected) as caught:
        read(scorm2004(items=items))
    assert caught.value.code == "invalid_manifest"
    assert "nowhere" in caught.value.message


def test_fourth_edition_completion_threshold_and_shared_data():
    items = (
        '<item identifier="i1" identifierref="r1"><title>One</title>'
        '<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.6"/>'
        '<adlcp:data><adlcp:map targetID="notes" writeSharedData="true"/></adlcp:data>'
        "<adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>continue</adlnav:hideLMSUI>"
        "</adlnav:navigationInterface></adlnav:presentation></item>"
    )
    [item] = read(scorm2004(items=items)).launchable
    assert item.data["completionThreshold"]["completedByMeasure"] is True
    assert item.data["completionThreshold"]["minProgressMeasure"] == 0.6
    assert item.data["sharedData"] == [{"targetID": "notes", "readSharedData": True, "writeSharedData": True}]
    assert item.data["hideLMSUI"] == ["continue"]


def test_launch_and_result_mapping():
    handler = handler_for("scorm2004")
    launch = handler.launch(
        {"launch_path": "a.html?content=x", "parameters": "", "data": {"scormType": "sco"}}
    )
    assert (launch.runtime, launch.url) == ("scorm2004", "a.html?content=x")
    assert handler.launch({"launch_path": "doc.pdf", "data": {"scormType": "asset"}}).runtime == "asset"
    result = handler.map_result(
        {"cmi.completion_status": "completed", "cmi.success_status": "failed", "cmi.score.scaled": "0.4"}
    )
    assert (result.completed, result.passed, result.score) == (True, False, 40.0)


@pytest.mark.parametrize(
    ("path", "parameters", "url"),
    [
        ("a.html", "", "a.html"),
        ("a.html", "?x=1", "a.html?x=1"),
        ("a.html", "x=1", "a.html?x=1"),
        ("a.html?y=2", "?x=1", "a.html?y=2&x=1"),
        ("a.html?y=2", "&x=1", "a.html?y=2&x=1"),
        ("a.html", "#part", "a.html#part"),
        ("a.html#top", "#part", "a.html#top"),
        ("a.html#top", "?x=1", "a.html?x=1#top"),
    ],
)
def test_parameters_are_joined_as_the_content_packaging_rules_say(path, parameters, url):
    assert join_parameters(path, parameters) == url
