"""Real packages made by others (../shared/corpus, described in its CATALOG.md): each imports,
or is refused with the reason the catalogue gives.

The corpus lives beside the repository, not in it; without it (a fresh clone elsewhere) these
tests are skipped.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from content.packages.errors import PackageRejected
from content.packages.models import ContentItem, ContentPackage, ContentPackageVersion
from content.packages.services import package_import
from tests.content.packages.conftest import stored_files

CORPUS = (Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus").resolve()

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not (CORPUS / "CATALOG.md").is_file(), reason=f"no shared corpus at {CORPUS}"),
]


def imported(relative: str, by) -> ContentPackageVersion:
    path = CORPUS / relative
    return package_import(upload=SimpleUploadedFile(path.name, path.read_bytes()), by=by)


def launchable(version: ContentPackageVersion) -> list[ContentItem]:
    return list(version.items.filter(is_launchable=True).order_by("position"))


def test_singlescobasic_has_one_sco(instructor):
    version = imported("scorm12/singlescobasic.zip", instructor)
    assert version.kind == "scorm12"
    assert version.sha256 == "abd5edb6cc69585e710f64d0ecf8f500c736947282245b1243e6705540939051"
    [sco] = launchable(version)
    assert sco.launch_path == "shared/launchpage.html"
    assert sco.data["scormType"] == "sco"
    assert version.file_path("shared/launchpage.html") in stored_files()


def test_runtime_minimum_calls_has_18_scos_with_quiz_parameters(instructor):
    version = imported("scorm12/RuntimeMinimumCalls_SCORM12.zip", instructor)
    scos = launchable(version)
    assert len(scos) == 18
    assert version.items.count() == 22  # with the four modules of the table of contents
    assert len(version.manifest["tree"]) == 4
    quizzes = {sco.identifier: sco.launch_url for sco in scos if sco.parameters}
    assert quizzes == {
        "playing_quiz_item": "shared/assessmenttemplate.html?questions=Playing",
        "etiquette_quiz_item": "shared/assessmenttemplate.html?questions=Etiquette",
        "handicapping_quiz_item": "shared/assessmenttemplate.html?questions=Handicapping",
        "havingfun_quiz_item": "shared/assessmenttemplate.html?questions=HavingFun",
    }


def test_scorm2004_basic_calls_is_one_sco_of_the_third_edition(instructor):
    version = imported("scorm2004/RuntimeBasicCalls_SCORM20043rdEdition.zip", instructor)
    assert version.kind == "scorm2004"
    assert version.manifest["data"]["edition"] == "3rd"
    [sco] = launchable(version)
    assert sco.data["sequencing"]["deliveryControls"] == {
        "completionSetByContent": True,
        "objectiveSetByContent": True,
    }
    assert version.manifest["data"]["sequencing"]["controlMode"] == {"choice": True, "flow": True}


def test_forced_sequential_sequencing_is_extracted(instructor):
    version = imported("scorm2004/SequencingForcedSequential_SCORM20043rdEdition.zip", instructor)
    scos = launchable(version)
    assert len(scos) == 5
    assert [sco.launch_path for sco in scos][:2] == [
        "shared/launchpage.html?content=playing",
        "shared/launchpage.html?content=etiquette",
    ]
    first, *others = scos
    assert "sequencingRules" not in first.data["sequencing"]
    for sco in others:
        [rule] = sco.data["sequencing"]["sequencingRules"]["preConditionRules"]
        assert rule["action"] == "disabled"
        assert {c["condition"] for c in rule["conditions"]} == {"satisfied", "objectiveStatusKnown"}
        assert all(c["operator"] == "not" for c in rule["conditions"])
    # Rollup and delivery controls come from the shared sequencing collection, for every SCO.
    for sco in scos:
        assert sco.data["sequencing"]["IDRef"] == "common_seq_rules"
        assert sco.data["sequencing"]["rollupRules"]["objectiveMeasureWeight"] == 0
    # Global objectives that chain the SCOs.
    etiquette = scos[1].data["sequencing"]["objectives"]
    assert etiquette["others"][0]["mapInfo"][0]["targetObjectiveID"].endswith("playing_satisfied")
    assert version.manifest["data"]["objectivesGlobalToSystem"] is False
    assert version.manifest["data"]["sequencing"]["controlMode"] == {"choice": True, "flow": True}


def test_cmi5_single_au(instructor):
    version = imported("cmi5/catapult_single_au_basic_responsive.zip", instructor)
    assert version.kind == "cmi5"
    [au] = launchable(version)
    assert au.launch_path == "index.html"
    assert au.data["moveOn"] == "CompletedOrPassed"
    assert au.data["masteryScore"] is None
    assert au.identifier.endswith("geology-intro-single-au-basic-responsive/1")


def test_tincan_golf_example(instructor):
    version = imported("tincan/GolfExample_TCAPI.zip", instructor)
    assert version.kind == "tincan"
    assert version.manifest["data"]["activity_id"] == "http://tincanapi.com/GolfExample_TCAPI"
    [activity] = launchable(version)
    assert activity.launch_path == "index.html"
    assert version.package.title == "Tin Can Golf Example"


def test_h5p_true_false(instructor):
    version = imported("h5p/h5p-standalone_h5p-test.h5p", instructor)
    assert version.kind == "h5p"
    assert version.package.title == "Hello World"
    assert version.manifest["data"]["mainLibrary"] == "H5P.TrueFalse"
    assert len(version.manifest["data"]["preloadedDependencies"]) == 8
    assert version.file_path("H5P.TrueFalse-1.6/library.json") in stored_files()


@pytest.mark.parametrize(
    ("relative", "code"),
    [
        ("broken/moodle_badscorm.zip", "manifest_not_at_root"),
        ("broken/moodle_invalid.zip", "no_manifest"),
        ("broken/emp_MalformedXml_SCORM12.zip", "malformed_xml"),
        ("broken/emp_MissingLaunchUrl_SCORM12.zip", "missing_launch_url"),
        ("broken/lumi_corrupt_archive.h5p", "not_zip"),
        ("broken/catapult_lts_209-1-not-a-zip.zip", "not_zip"),
        ("broken/catapult_lts_205-3-duplicated-au.zip", "duplicate_au_id"),
    ],
)
def test_each_broken_package_is_refused_with_its_reason(relative, code, instructor):
    with pytest.raises(PackageRejected) as caught:
        imported(relative, instructor)
    assert caught.value.code == code
    assert ContentPackage.objects.count() == 0
    assert stored_files() == []


def test_the_messages_name_the_problem(instructor):
    messages = {}
    for relative in ("broken/moodle_badscorm.zip", "broken/catapult_lts_209-1-not-a-zip.zip"):
        with pytest.raises(PackageRejected) as caught:
            imported(relative, instructor)
        messages[relative] = caught.value.message
    assert messages["broken/moodle_badscorm.zip"].startswith(
        "The manifest (imsmanifest.xml) must be at the root of the package."
    )
    assert messages["broken/catapult_lts_209-1-not-a-zip.zip"] == "This file is not a ZIP archive."


def test_every_package_of_the_corpus_is_covered():
    """A package added to the corpus must be added to these tests too."""
    here = Path(__file__).read_text()
    for path in CORPUS.glob("*/*"):
        if path.suffix in (".zip", ".h5p"):
            assert path.name in here, path.name
