"""Broken packages refused with a reason an instructor can act on, in their language, leaving
nothing behind; packages with small faults Moodle plays imported with a warning (issue 14, 6 and 7)."""

import json

import pytest
from django.utils import translation

from content.packages.models import ContentPackage
from content.packages.services import package_import, package_update
from tests.content.packages.builders import (
    PAGE,
    cmi5,
    cmi5_au,
    h5p_files,
    scorm12,
    scorm12_manifest,
    upload,
    zip_bytes,
)
from tests.content.packages.test_services_package_import import assert_nothing_left, refused

pytestmark = pytest.mark.django_db


def h5p_with(**changes) -> bytes:
    files = h5p_files()
    library = json.loads(files["H5P.TrueFalse-1.6/library.json"])
    for key, value in changes.items():
        if value is None:
            library.pop(key, None)
        else:
            library[key] = value
    files["H5P.TrueFalse-1.6/library.json"] = json.dumps(library)
    return zip_bytes(files)


BROKEN = {
    # A cmi5 AU whose launch URL is no URL would import and play a dead frame.
    "cmi5_invalid_url": (
        cmi5(cmi5_au(url="http://example.com index.html")),
        "invalid_launch_url",
        "http://example.com index.html",
    ),
    # H5P: a library description that is not JSON, not an object, or not of its folder's library.
    "h5p_library_not_json": (
        zip_bytes({**h5p_files(), "H5P.TrueFalse-1.6/library.json": "{'title': 'True/False',}"}),
        "malformed_json",
        "H5P.TrueFalse-1.6/library.json",
    ),
    "h5p_library_a_list": (
        zip_bytes({**h5p_files(), "H5P.TrueFalse-1.6/library.json": "[]"}),
        "h5p_invalid_library",
        "H5P.TrueFalse-1.6/library.json",
    ),
    "h5p_library_of_another_version": (
        h5p_with(minorVersion=5),
        "h5p_invalid_library",
        "H5P.TrueFalse 1.6",
    ),
    "h5p_library_without_patch_version": (h5p_with(patchVersion=None), "h5p_invalid_library", "patchVersion"),
    "h5p_preloaded_js_not_a_list": (h5p_with(preloadedJs="tf.js"), "h5p_invalid_library", "preloadedJs"),
    # A preloaded script or style that is not in the package: H5P would show a blank page.
    "h5p_preloaded_js_missing": (
        h5p_with(preloadedJs=[{"path": "scripts/tf.js"}, {"path": "scripts/missing.js"}]),
        "h5p_missing_file",
        "scripts/missing.js",
    ),
    "h5p_preloaded_css_missing": (
        h5p_with(preloadedCss=[{"path": "styles/tf.css"}]),
        "h5p_missing_file",
        "styles/tf.css",
    ),
    # An AICC course is told so, not "not a content package".
    "aicc": (
        zip_bytes(
            {"course.CRS": "[Course]", "course.au": "", "course.des": "", "course.cst": "", "a.html": PAGE}
        ),
        "aicc_not_supported",
        "course.CRS",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_package_is_refused_with_its_reason_and_leaves_nothing(case, instructor):
    data, code, named = BROKEN[case]
    rejection = refused(data, instructor, name="package.h5p" if case.startswith("h5p") else "package.zip")
    assert rejection.code == code
    assert named in rejection.message
    assert_nothing_left()


@pytest.mark.parametrize(
    ("language", "words"),
    [("ar", "AICC غير مدعوم"), ("ckb", "AICC پشتگیری"), ("en", "AICC is not supported")],
)
def test_the_reason_is_given_in_the_readers_language(language, words, instructor):
    rejection = refused(BROKEN["aicc"][0], instructor)
    with translation.override(language):
        assert words in rejection.message


def test_a_package_with_a_missing_resource_is_imported_with_a_warning_for_the_instructor(instructor):
    items = (
        '<item identifier="a" identifierref="r1"><title>الدرس</title></item>'
        '<item identifier="b" identifierref="gone"><title>درس مفقود</title></item>'
    )
    resources = '<resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"/>'
    data = zip_bytes({"imsmanifest.xml": scorm12_manifest(items, resources), "index.html": PAGE})
    version = package_import(upload=upload(data), by=instructor)
    assert list(version.items.values_list("identifier", flat=True)) == ["a"]
    [text] = version.warnings
    assert "درس مفقود" in text and "gone" in text
    with translation.override("ar"):
        assert "درس مفقود" in version.warnings[0] and "left out" not in version.warnings[0]


def test_completion_on_finish_is_on_by_default_and_an_instructor_may_require_the_scos_status(instructor):
    package = package_import(upload=upload(scorm12()), by=instructor).package
    assert package.complete_on_finish is True
    package_update(package=package, title=package.title, activity=None, complete_on_finish=False)
    assert ContentPackage.objects.get().complete_on_finish is False
    # Renaming alone leaves the setting as it is.
    package_update(package=package, title="جديد", activity=None)
    assert ContentPackage.objects.get().complete_on_finish is False
    strict = package_import(upload=upload(scorm12()), complete_on_finish=False, by=instructor).package
    assert strict.complete_on_finish is False
