"""Fuzzing the manifest parsers and the archive checks: whatever the bytes, the answer is a
manifest or a ``PackageRejected`` — never another exception (which would be a 500 for the
instructor). Bounded so that the unit tier stays fast (200 examples per test); for a longer hunt
set ``TADRIB_FUZZ_EXAMPLES=3000``.
"""

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st

from content.handlers import HANDLERS, detect
from content.handlers.cmi5 import handler as cmi5_handler
from content.handlers.h5p import handler as h5p_handler
from content.handlers.scorm12 import handler as scorm12_handler
from content.handlers.scorm2004 import handler as scorm2004_handler
from content.handlers.tincan import handler as tincan_handler
from content.packages.archive import SafeArchive
from content.packages.errors import PackageRejected
from tests.content.packages.builders import PAGE, cmi5, h5p_files, scorm12, scorm2004, tincan, zip_bytes
from tests.fuzz import fuzz_settings

FUZZ = fuzz_settings(200)


class Files:
    """The PackageFiles interface over a dict, without the archive checks."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self._files = files
        self.names = frozenset(files)

    def read(self, name: str) -> bytes:
        return self._files[name]


def outcome(handler, files: dict[str, bytes]) -> None:
    try:
        manifest = handler.read(Files(files))
    except PackageRejected as rejection:
        assert rejection.code
        assert isinstance(rejection.message, str) and rejection.message
        return
    # What is read must be storable as JSON and launchable.
    import json

    json.dumps(manifest.as_json())
    for item in manifest.as_json()["items"]:
        if item["is_launchable"]:
            handler.launch(item)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


VALID = {
    scorm12_handler: members(scorm12()),
    scorm2004_handler: members(scorm2004()),
    cmi5_handler: members(cmi5()),
    tincan_handler: members(tincan()),
    h5p_handler: {k: v.encode() if isinstance(v, str) else v for k, v in h5p_files().items()},
}


@st.composite
def mutated(draw, original: bytes) -> bytes:
    """The bytes with a few flips, insertions, deletions or a cut."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut", "markup"]))
        if action == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[position:position] = draw(st.binary(min_size=1, max_size=8))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 16))]
        elif action == "cut":
            del data[position:]
        else:
            data[position:position] = draw(
                st.sampled_from(
                    [b"<", b">", b"</item>", b"<item>", b'"', b"&amp;", b"&x;", b"<!--", b"]]>", b"\x00"]
                )
            )
    return bytes(data)


def _manifest_name(handler) -> str:
    return handler.manifest_name


def fuzz_manifest(handler):
    name = _manifest_name(handler)
    valid = VALID[handler]

    @FUZZ
    @given(data=st.one_of(st.binary(max_size=2000), mutated(valid[name])))
    def run(data):
        outcome(handler, {**valid, name: data})

    return run


test_scorm12_manifest_fuzz = fuzz_manifest(scorm12_handler)
test_scorm2004_manifest_fuzz = fuzz_manifest(scorm2004_handler)
test_cmi5_manifest_fuzz = fuzz_manifest(cmi5_handler)
test_tincan_manifest_fuzz = fuzz_manifest(tincan_handler)
test_h5p_manifest_fuzz = fuzz_manifest(h5p_handler)


# Well-formed XML made of each format's own words, so that the fuzzing reaches past the parser.
WORDS = {
    scorm12_handler: [
        "manifest",
        "organizations",
        "organization",
        "item",
        "title",
        "resources",
        "resource",
        "file",
        "metadata",
        "schemaversion",
        "masteryscore",
        "prerequisites",
    ],
    scorm2004_handler: [
        "manifest",
        "organizations",
        "organization",
        "item",
        "title",
        "resources",
        "resource",
        "metadata",
        "schemaversion",
        "sequencing",
        "sequencingCollection",
        "controlMode",
        "sequencingRules",
        "preConditionRule",
        "ruleConditions",
        "ruleCondition",
        "ruleAction",
        "rollupRules",
        "rollupRule",
        "rollupConditions",
        "rollupCondition",
        "rollupAction",
        "objectives",
        "primaryObjective",
        "objective",
        "mapInfo",
        "minNormalizedMeasure",
        "completionThreshold",
        "data",
        "map",
        "presentation",
        "navigationInterface",
        "hideLMSUI",
    ],
    cmi5_handler: [
        "courseStructure",
        "course",
        "au",
        "block",
        "title",
        "description",
        "langstring",
        "url",
        "objectives",
        "objective",
        "launchParameters",
    ],
    tincan_handler: ["tincan", "activities", "activity", "name", "description", "launch"],
}
ATTRIBUTES = [
    "identifier",
    "identifierref",
    "href",
    "default",
    "parameters",
    "scormtype",
    "scormType",
    "id",
    "moveOn",
    "masteryScore",
    "launchMethod",
    "IDRef",
    "ID",
    "base",
    "type",
    "action",
    "condition",
    "satisfiedByMeasure",
    "objectiveMeasureWeight",
    "minimumCount",
    "choice",
    "lang",
    "isvisible",
]
VALUES = st.one_of(
    st.sampled_from(
        [
            "index.html",
            "r1",
            "i1",
            "true",
            "false",
            "0.5",
            "80",
            "-1",
            "../x",
            "http://x/y",
            "http://[x/y",
            "//host/x",
            "%2e%2e/x",
            "Passed",
            "CompletedOrPassed",
            "OwnWindow",
            "shared",
            "?q=1",
            "#f",
            "",
            "1e999",
            "NaN",
        ]
    ),
    st.text(max_size=12),
)


def _xml_text(value: str) -> str:
    return "".join(c for c in value if c in "\t\n\r" or " " <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd")


def _escape(value: str) -> str:
    return _xml_text(value).replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _element(tag: str, attributes: dict[str, str], inner: str) -> str:
    attrs = "".join(f' {k}="{_escape(v)}"' for k, v in attributes.items())
    return f"<{tag}{attrs}>{inner}</{tag}>"


def xml_tree(words: list[str], root: str) -> st.SearchStrategy[str]:
    """A well-formed document under ``root``, of elements named from ``words``."""
    attributes = st.dictionaries(st.sampled_from(ATTRIBUTES), VALUES, max_size=3)
    leaf = st.builds(_element, st.sampled_from(words), attributes, VALUES.map(_escape))
    tree = st.recursive(
        leaf,
        lambda children: st.builds(
            _element, st.sampled_from(words), attributes, st.lists(children, max_size=3).map("".join)
        ),
        max_leaves=12,
    )
    return st.builds(_element, st.just(root), attributes, st.lists(tree, max_size=3).map("".join))


@st.composite
def perturbed(draw, original: bytes) -> bytes:
    """A valid manifest with one to three attribute values or texts replaced.

    The rest stays valid, so the checks after the parser (launch addresses, ids, scores) are
    reached with odd values.
    """
    from xml.etree import ElementTree  # our own test data, not an upload

    root = ElementTree.fromstring(original)
    spots = [(element, key) for element in root.iter() for key in [None, *element.attrib]]
    for index in draw(st.lists(st.integers(0, len(spots) - 1), min_size=1, max_size=3)):
        element, key = spots[index]
        value = _xml_text(draw(VALUES))
        if key is None:
            element.text = value
        else:
            element.attrib[key] = value
    return ElementTree.tostring(root)


def fuzz_values(handler):
    name = _manifest_name(handler)
    valid = VALID[handler]

    @FUZZ
    @given(body=perturbed(valid[name].lstrip(b"\xef\xbb\xbf")))
    def run(body):
        outcome(handler, {**valid, name: body})

    return run


test_scorm12_values_fuzz = fuzz_values(scorm12_handler)
test_scorm2004_values_fuzz = fuzz_values(scorm2004_handler)
test_cmi5_values_fuzz = fuzz_values(cmi5_handler)
test_tincan_values_fuzz = fuzz_values(tincan_handler)


def fuzz_structure(handler):
    name = _manifest_name(handler)
    valid = VALID[handler]
    words = WORDS[handler]

    @FUZZ
    @given(body=xml_tree(words, words[0]))
    def run(body):
        outcome(handler, {**valid, name: body.encode()})

    return run


test_scorm12_structure_fuzz = fuzz_structure(scorm12_handler)
test_scorm2004_structure_fuzz = fuzz_structure(scorm2004_handler)
test_cmi5_structure_fuzz = fuzz_structure(cmi5_handler)
test_tincan_structure_fuzz = fuzz_structure(tincan_handler)

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.text(max_size=10)
    | st.sampled_from(["H5P.TrueFalse", "1", "6"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "title",
                    "mainLibrary",
                    "preloadedDependencies",
                    "machineName",
                    "majorVersion",
                    "minorVersion",
                    "embedTypes",
                    "language",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@FUZZ
@given(meta=JSON_VALUES, library=JSON_VALUES)
def test_h5p_structure_fuzz(meta, library):
    import json

    files = {**VALID[h5p_handler], "h5p.json": json.dumps(meta).encode()}
    files["H5P.TrueFalse-1.6/library.json"] = json.dumps(library).encode()
    outcome(h5p_handler, files)


# --- Whole archives ------------------------------------------------------------------------------


def import_bytes(data: bytes) -> None:
    try:
        with SafeArchive.open(io.BytesIO(data), size=len(data)) as archive:
            handler = detect(archive)
            handler.read(archive)
            for entry in archive:
                for _chunk in archive.chunks(entry):
                    pass
    except PackageRejected as rejection:
        assert rejection.code and rejection.message


VALID_ZIPS = [scorm12(), scorm2004(), cmi5(), tincan(), zip_bytes(h5p_files())]


@FUZZ
@given(data=st.one_of(st.binary(max_size=3000), st.sampled_from(VALID_ZIPS).flatmap(mutated)))
def test_random_and_mutated_archives(data):
    import_bytes(data)


NAMES = st.one_of(
    st.sampled_from(
        [
            "imsmanifest.xml",
            "cmi5.xml",
            "tincan.xml",
            "h5p.json",
            "index.html",
            "a/imsmanifest.xml",
            "../x",
            "/abs",
            "C:/x",
            "a/../b",
            "a\\..\\b",
            "./index.html",
            "a//b",
            "a/",
            "",
            ".",
            "a/b/",
            "content/content.json",
            "H5P.TrueFalse-1.6/library.json",
        ]
    ),
    st.text(min_size=1, max_size=20),
)


@FUZZ
@given(
    entries=st.lists(
        st.tuples(NAMES, st.one_of(st.just(PAGE), st.binary(max_size=200)), st.integers(0, 0xFFFF)),
        max_size=8,
    )
)
def test_random_zip_contents(entries):
    buffer = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data, mode in entries:
                info = zipfile.ZipInfo(name or "x")
                info.external_attr = mode << 16
                try:
                    archive.writestr(info, data)
                except (ValueError, UnicodeEncodeError):
                    continue
    import_bytes(buffer.getvalue())


def test_every_handler_is_fuzzed():
    assert set(VALID) == set(HANDLERS)
