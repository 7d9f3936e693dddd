"""H5P: h5p.json, content.json and every library the content needs, bundled."""

import json

import pytest

from content.handlers import handler_for
from content.packages.errors import PackageRejected
from tests.content.packages.builders import h5p, h5p_files, read, zip_bytes


def rejected(files) -> PackageRejected:
    with pytest.raises(PackageRejected) as caught:
        read(zip_bytes(files))
    return caught.value


def test_main_library_and_dependencies_are_read():
    manifest = read(h5p())
    assert manifest.kind == "h5p"
    assert manifest.title == "صح أم خطأ"
    assert manifest.data["mainLibrary"] == "H5P.TrueFalse"
    assert manifest.data["mainLibraryVersion"] == "1.6"
    assert manifest.data["preloadedDependencies"] == [
        {"machineName": "H5P.TrueFalse", "majorVersion": 1, "minorVersion": 6}
    ]
    # Libraries needed by a library are found too.
    assert [lib["folder"] for lib in manifest.data["libraries"]] == ["H5P.TrueFalse-1.6", "H5P.Question-1.4"]
    assert len(manifest.launchable) == 1
    launch = handler_for("h5p").launch(manifest.as_json()["items"][0])
    assert (launch.runtime, launch.url, launch.params["mainLibrary"]) == ("h5p", "h5p.json", "H5P.TrueFalse")


def test_a_missing_library_is_named():
    files = h5p_files()
    del files["H5P.Question-1.4/library.json"]
    rejection = rejected(files)
    assert rejection.code == "h5p_missing_library"
    assert "H5P.Question 1.4" in rejection.message


def test_content_exported_without_libraries_is_refused():
    assert rejected(h5p_files(libraries=False)).code == "h5p_missing_library"


def test_a_main_library_not_among_the_dependencies_is_refused():
    assert rejected(h5p_files(main="H5P.Blanks")).code == "invalid_manifest"


def test_missing_content_json_is_refused():
    files = h5p_files()
    del files["content/content.json"]
    assert rejected(files).code == "h5p_missing_content"


@pytest.mark.parametrize("meta", ["{not json", "[1, 2]", json.dumps({"title": "x"}), "[" * 100_000])
def test_a_broken_h5p_json_is_refused(meta):
    files = h5p_files()
    files["h5p.json"] = meta
    assert rejected(files).code in ("malformed_json", "invalid_manifest")
