"""SCORM 1.2 manifests read into plain data, and the ones refused with the reason."""

import pytest

from content.handlers import handler_for
from content.packages.errors import PackageRejected
from tests.content.packages.builders import PAGE, SCORM12_NS, read, scorm12, scorm12_manifest, zip_bytes


def rejected(data: bytes) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        read(data)
    return caught.value


def test_a_single_sco_package_gives_its_title_launch_page_and_mastery_score():
    manifest = read(scorm12(title="مقدمة في الحوكمة الإلكترونية", mastery="80"))
    assert manifest.kind == "scorm12"
    assert manifest.version == "1.2"
    assert manifest.title == "مقدمة في الحوكمة الإلكترونية"
    [item] = manifest.launchable
    assert (item.identifier, item.title, item.launch_path) == ("i1", "الدرس الأول", "index.html")
    assert item.data["scormType"] == "sco"
    assert item.mastery_score == 80
    assert manifest.mastery_score == 80


def test_folders_of_the_organisation_are_kept_as_a_tree_and_parameters_are_appended():
    items = (
        '<item identifier="module"><title>Module</title>'
        '<item identifier="page" identifierref="r1"><title>Page</title></item>'
        '<item identifier="quiz" identifierref="r2" parameters="?questions=Playing"><title>Quiz</title></item>'
        "</item>"
    )
    resources = (
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="page.html"/>'
        '<resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="quiz.html"/>'
    )
    data = zip_bytes(
        {"imsmanifest.xml": scorm12_manifest(items, resources), "page.html": PAGE, "quiz.html": PAGE}
    )
    manifest = read(data)
    assert [i.identifier for i in manifest.items] == ["module", "page", "quiz"]
    assert [i.identifier for i in manifest.launchable] == ["page", "quiz"]
    assert manifest.items[2].parent == "module" and manifest.items[2].depth == 1
    assert manifest.items[2].launch_url == "quiz.html?questions=Playing"
    assert manifest.tree[0]["identifier"] == "module"
    assert [c["identifier"] for c in manifest.tree[0]["children"]] == ["page", "quiz"]
    stored = manifest.as_json()
    assert stored["items"][2]["launch_url"] == "quiz.html?questions=Playing"


def test_xml_base_is_applied_to_launch_addresses():
    resources = (
        '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" xml:base="lesson/" href="a.html"/>'
    )
    items = '<item identifier="i" identifierref="r1"><title>A</title></item>'
    manifest = read(zip_bytes({"imsmanifest.xml": scorm12_manifest(items, resources), "lesson/a.html": PAGE}))
    assert manifest.launchable[0].launch_path == "lesson/a.html"


def test_a_manifest_without_namespaces_is_still_read():
    manifest = (
        "<manifest identifier='m'><organizations><organization identifier='o'><title>T</title>"
        "<item identifier='i' identifierref='r'><title>I</title></item></organization></organizations>"
        "<resources><resource identifier='r' scormtype='sco' href='index.html'/></resources></manifest>"
    )
    assert read(zip_bytes({"imsmanifest.xml": manifest, "index.html": PAGE})).launchable[0].title == "I"


@pytest.mark.parametrize(
    ("items", "resources", "code"),
    [
        # The item names a resource the manifest does not define.
        ('<item identifier="i" identifierref="nope"><title>I</title></item>', "", "unknown_reference"),
        # The resource has no href.
        (
            '<item identifier="i" identifierref="r"><title>I</title></item>',
            '<resource identifier="r" adlcp:scormtype="sco"/>',
            "missing_launch_url",
        ),
        # The launch file is not in the package.
        (
            '<item identifier="i" identifierref="r"><title>I</title></item>',
            '<resource identifier="r" adlcp:scormtype="sco" href="missing.html"/>',
            "launch_file_missing",
        ),
        # The launch address climbs out of the package.
        (
            '<item identifier="i" identifierref="r"><title>I</title></item>',
            '<resource identifier="r" adlcp:scormtype="sco" href="../outside.html"/>',
            "unsafe_launch_url",
        ),
        # SCORM 1.2 content is played from the package, never from another site.
        (
            '<item identifier="i" identifierref="r"><title>I</title></item>',
            '<resource identifier="r" adlcp:scormtype="sco" href="javascript:alert(1)"/>',
            "unsafe_launch_url",
        ),
        # Two items with one identifier.
        (
            '<item identifier="i" identifierref="r"><title>I</title></item>'
            '<item identifier="i" identifierref="r"><title>J</title></item>',
            '<resource identifier="r" adlcp:scormtype="sco" href="index.html"/>',
            "duplicate_identifier",
        ),
        # Only folders: nothing to launch.
        ('<item identifier="i"><title>I</title></item>', "", "no_launchable"),
    ],
)
def test_a_broken_manifest_is_refused_with_its_reason(items, resources, code):
    data = zip_bytes({"imsmanifest.xml": scorm12_manifest(items, resources), "index.html": PAGE})
    assert rejected(data).code == code


def test_malformed_xml_is_refused_with_the_line():
    rejection = rejected(zip_bytes({"imsmanifest.xml": "<manifest><organizations></manifest>"}))
    assert rejection.code == "malformed_xml"
    assert "line 1" in rejection.message


def test_xml_entities_are_refused():
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
        "<manifest>&b;</manifest>"
    )
    assert rejected(zip_bytes({"imsmanifest.xml": bomb})).code == "forbidden_xml"


def test_a_wrong_root_element_is_refused():
    assert rejected(zip_bytes({"imsmanifest.xml": "<course/>"})).code == "invalid_manifest"


def test_items_nested_too_deep_are_refused():
    items = "".join(f'<item identifier="i{n}"><title>x</title>' for n in range(100)) + "</item>" * 100
    assert rejected(zip_bytes({"imsmanifest.xml": scorm12_manifest(items, "")})).code == "too_deep"


def test_launch_appends_item_parameters_and_map_result_reads_lesson_status():
    handler = handler_for("scorm12")
    launch = handler.launch(
        {"launch_path": "quiz.html", "parameters": "?questions=Etiquette", "data": {"scormType": "sco"}}
    )
    assert (launch.runtime, launch.url) == ("scorm12", "quiz.html?questions=Etiquette")
    result = handler.map_result(
        {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "45", "cmi.core.score.max": "50"}
    )
    assert (result.completed, result.passed, result.score) == (True, True, 90.0)
    assert handler.map_result({"cmi.core.lesson_status": "incomplete"}).completed is None


# --- Item rules (issue 14, point 2) ---------------------------------------------------------------

RULES_ITEMS = (
    '<item identifier="intro" identifierref="r1"><title>Intro</title>'
    "<adlcp:dataFromLMS>lang=ar;level=2</adlcp:dataFromLMS>"
    "<adlcp:maxtimeallowed>0:30:00</adlcp:maxtimeallowed>"
    "<adlcp:timeLimitAction>Exit, Message</adlcp:timeLimitAction></item>"
    '<item identifier="quiz" identifierref="r2"><title>Quiz</title>'
    '<adlcp:prerequisites type="aicc_script">intro AND NOT ghost</adlcp:prerequisites>'
    "<adlcp:MaxTimeAllowed>half an hour</adlcp:MaxTimeAllowed>"
    "<adlcp:timelimitaction>stop</adlcp:timelimitaction></item>"
    '<item identifier="end" identifierref="r2"><title>End</title>'
    "<adlcp:prerequisites>intro &amp; (quiz |</adlcp:prerequisites></item>"
)
RULES_RESOURCES = (
    '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
    '<resource identifier="r2" type="webcontent" adlcp:scormtype="sco" href="quiz.html"/>'
)


def rules_manifest():
    return read(
        zip_bytes(
            {
                "imsmanifest.xml": scorm12_manifest(RULES_ITEMS, RULES_RESOURCES),
                "index.html": PAGE,
                "quiz.html": PAGE,
            }
        )
    )


def test_item_rules_are_read_in_any_letter_case_and_put_in_the_form_the_runtime_takes():
    intro, quiz, end = rules_manifest().items
    assert intro.data["datafromlms"] == "lang=ar;level=2"
    assert intro.data["maxtimeallowed"] == "00:30:00"
    assert intro.data["timelimitaction"] == "exit,message"
    assert quiz.data["prerequisites"] == {"type": "aicc_script", "value": "intro AND NOT ghost"}
    # What cannot be read is left out, never passed on for the SCO to choke on.
    assert "maxtimeallowed" not in quiz.data and "timelimitaction" not in quiz.data
    # An unreadable script locks nothing.
    assert "prerequisites" not in end.data


def test_the_instructor_is_told_which_rules_were_left_out(settings):
    from content.packages.warnings import warning_text

    manifest = rules_manifest()
    codes = [w["code"] for w in manifest.warnings]
    assert codes == [
        "time_limit_ignored",
        "time_limit_action_ignored",
        "prerequisites_unknown_item",
        "prerequisites_unreadable",
    ]
    texts = [warning_text(w) for w in manifest.warnings]
    assert "half an hour" in texts[0] and "Quiz" in texts[0]
    assert "ghost" in texts[2]
    assert "intro & (quiz |" in texts[3] and "End" in texts[3]
    assert manifest.as_json()["warnings"] == manifest.warnings


def test_a_folder_in_the_prerequisites_stands_for_its_items():
    from content.handlers.aicc_script import evaluate
    from content.handlers.scorm12 import prerequisite_rule

    items = [("module", "", False), ("a", "module", True), ("b", "module", True), ("c", "", True)]
    rule = prerequisite_rule("module & nowhere", items)
    assert evaluate(rule, {"a": "completed"}) is False
    assert evaluate(rule, {"a": "completed", "b": "passed"}) is True


# --- What Moodle plays (issue 14, point 7) --------------------------------------------------------


def test_an_item_naming_a_missing_resource_is_left_out_with_a_warning_and_the_rest_plays():
    items = (
        '<item identifier="a" identifierref="r1"><title>Lesson</title></item>'
        '<item identifier="b" identifierref="gone"><title>Lost lesson</title></item>'
    )
    resources = '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
    manifest = read(zip_bytes({"imsmanifest.xml": scorm12_manifest(items, resources), "index.html": PAGE}))
    assert [i.identifier for i in manifest.items] == ["a"]
    assert [node["identifier"] for node in manifest.tree] == ["a"]
    assert manifest.warnings == [{"code": "item_skipped", "params": {"item": "Lost lesson", "ref": "gone"}}]


def test_an_empty_organizations_plays_the_sco_resources_in_their_order():
    manifest_xml = f"""<?xml version="1.0"?>
<manifest identifier="moodle.empty" {SCORM12_NS}>
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations/>
  <resources>
    <resource identifier="css" type="webcontent" adlcp:scormtype="asset" href="style.css"/>
    <resource identifier="one" type="webcontent" adlcp:scormtype="sco" href="lessons/one.html"/>
    <resource identifier="two" type="webcontent" adlcp:scormtype="sco" href="two.html?x=1"/>
  </resources>
</manifest>"""
    manifest = read(
        zip_bytes(
            {"imsmanifest.xml": manifest_xml, "style.css": "", "lessons/one.html": PAGE, "two.html": PAGE}
        )
    )
    assert [(i.identifier, i.title, i.launch_path) for i in manifest.launchable] == [
        ("one", "one.html", "lessons/one.html"),
        ("two", "two.html", "two.html?x=1"),
    ]
    assert manifest.warnings == [{"code": "no_organisation", "params": {"count": "2"}}]


def test_an_empty_organizations_without_scos_is_still_refused():
    manifest_xml = (
        f'<manifest identifier="m" {SCORM12_NS}><organizations/><resources>'
        '<resource identifier="css" type="webcontent" adlcp:scormtype="asset" href="style.css"/>'
        "</resources></manifest>"
    )
    assert rejected(zip_bytes({"imsmanifest.xml": manifest_xml, "style.css": ""})).code == "no_launchable"
