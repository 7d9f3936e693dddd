"""Tin Can (tincan.xml): the course activity, its launch page and its id."""

import pytest

from content.handlers import handler_for
from content.packages.errors import PackageRejected
from tests.content.packages.builders import read, tincan


def test_the_course_activity_names_the_package_even_with_a_byte_order_mark():
    manifest = read(tincan())
    assert manifest.kind == "tincan"
    assert manifest.title == "مقدمة"
    assert manifest.data["activity_id"] == "https://tadrib.example/tincan/course"
    [item] = manifest.launchable
    assert item.launch_path == "index.html"
    launch = handler_for("tincan").launch(manifest.as_json()["items"][0])
    assert (launch.runtime, launch.url) == ("xapi", "index.html")
    assert launch.params == {"activity_id": "https://tadrib.example/tincan/course"}


def test_activities_without_launch_are_listed_but_not_launchable():
    activities = (
        '<activity id="https://x/course" type="http://adlnet.gov/expapi/activities/course">'
        "<name>C</name><launch>index.html</launch></activity>"
        '<activity id="https://x/q1" type="http://adlnet.gov/expapi/activities/cmi.interaction"><name>Q</name></activity>'
    )
    manifest = read(tincan(activities))
    assert [i.is_launchable for i in manifest.items] == [True, False]


@pytest.mark.parametrize(
    ("activities", "code"),
    [
        ('<activity id="https://x/a"><name>A</name></activity>', "missing_launch_url"),
        (
            '<activity id="https://x/a"><name>A</name><launch>nothere.html</launch></activity>',
            "launch_file_missing",
        ),
        (
            '<activity id="https://x/a"><name>A</name><launch>https://elsewhere/</launch></activity>',
            "unsafe_launch_url",
        ),
        ("<activity><name>A</name><launch>index.html</launch></activity>", "invalid_manifest"),
        (
            '<activity id="https://x/a"><launch>index.html</launch></activity>'
            '<activity id="https://x/a"><launch>index.html</launch></activity>',
            "duplicate_identifier",
        ),
        ("", "no_launchable"),
    ],
)
def test_broken_activities_are_refused(activities, code):
    with pytest.raises(PackageRejected) as caught:
        read(tincan(activities))
    assert caught.value.code == code
