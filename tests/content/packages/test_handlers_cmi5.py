"""cmi5 course structures: AUs with moveOn, masteryScore and launchMethod; blocks; unique ids."""

import pytest

from content.handlers import handler_for
from content.packages.errors import PackageRejected
from tests.content.packages.builders import PAGE, cmi5, cmi5_au, cmi5_xml, read, zip_bytes


def rejected(data: bytes) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        read(data)
    return caught.value


def test_one_au_with_its_move_on_criterion():
    manifest = read(cmi5())
    assert manifest.kind == "cmi5"
    assert manifest.identifier == "https://tadrib.example/course/1"
    # The site's language (Arabic) is preferred among the course's titles.
    assert manifest.title == "دورة"
    [au] = manifest.launchable
    assert au.launch_path == "au/index.html"
    assert au.data["moveOn"] == "CompletedOrPassed"
    assert au.data["launchMethod"] == "AnyWindow"
    assert au.data["masteryScore"] is None


def test_mastery_score_launch_method_and_blocks():
    blocks = (
        '<block id="https://tadrib.example/block/1"><title><langstring lang="en">Block</langstring></title>'
        + cmi5_au(
            "https://tadrib.example/au/2",
            "https://content.example/au2.html",
            moveOn="Passed",
            masteryScore="0.75",
            launchMethod="OwnWindow",
        )
        + "</block>"
    )
    manifest = read(cmi5(cmi5_au(moveOn="Completed"), blocks=blocks))
    assert [i.identifier for i in manifest.items] == [
        "https://tadrib.example/au/1",
        "https://tadrib.example/block/1",
        "https://tadrib.example/au/2",
    ]
    block, second = manifest.items[1], manifest.items[2]
    assert not block.is_launchable and block.data["type"] == "block"
    assert second.parent == block.identifier
    assert second.data["masteryScore"] == 0.75 and second.mastery_score == 75
    # An AU may be hosted elsewhere.
    assert second.launch_path == "https://content.example/au2.html"
    launch = handler_for("cmi5").launch(manifest.as_json()["items"][2])
    assert launch.runtime == "cmi5" and launch.method == "own_window"
    assert launch.params["moveOn"] == "Passed" and launch.params["masteryScore"] == 0.75


def test_two_aus_sharing_an_id_are_refused():
    rejection = rejected(cmi5(cmi5_au() + cmi5_au()))
    assert rejection.code == "duplicate_au_id"
    assert rejection.message == "Two AUs share the id https://tadrib.example/au/1."


def test_an_au_may_not_reuse_the_course_id():
    assert rejected(cmi5(cmi5_au("https://tadrib.example/course/1"))).code == "duplicate_au_id"


@pytest.mark.parametrize(
    ("au", "code"),
    [
        (cmi5_au(url=""), "missing_launch_url"),
        (cmi5_au(url="missing.html"), "launch_file_missing"),
        (cmi5_au(url="../../etc/passwd"), "unsafe_launch_url"),
        (cmi5_au(url="file:///etc/passwd"), "unsafe_launch_url"),
        (cmi5_au(url="http://[broken/index.html"), "unsafe_launch_url"),
        (cmi5_au(url="//elsewhere.example/au.html"), "unsafe_launch_url"),
        (cmi5_au(url="%2e%2e/secret.html"), "unsafe_launch_url"),
        (cmi5_au(moveOn="Whenever"), "invalid_manifest"),
        (cmi5_au(masteryScore="80"), "invalid_manifest"),
        (cmi5_au(launchMethod="Popup"), "invalid_manifest"),
        ("", "no_launchable"),
    ],
)
def test_broken_aus_are_refused(au, code):
    assert rejected(cmi5(au)).code == code


def test_a_course_without_an_id_is_refused():
    xml = cmi5_xml(cmi5_au()).replace('course id="https://tadrib.example/course/1"', "course")
    rejection = rejected(zip_bytes({"cmi5.xml": xml, "au/index.html": PAGE}))
    assert rejection.code == "invalid_manifest"
    assert "the course has no id" in rejection.message
