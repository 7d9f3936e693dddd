"""Why a package is refused: a stable code for programs, and a message for the instructor.

The message is translated when it is read, not when the package is refused, so that it is shown
in the language of whoever reads it. Handlers raise ``reject(Code.X, name=…)``; the service lets
the ``PackageRejected`` reach the view, which shows ``rejection.message``.
"""

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Code(StrEnum):
    EMPTY = "empty"
    NOT_ZIP = "not_zip"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    TOO_LARGE = "too_large"
    TOO_LARGE_UNCOMPRESSED = "too_large_uncompressed"
    TOO_MANY_FILES = "too_many_files"
    COMPRESSION_RATIO = "compression_ratio"
    ARCHIVE_RATIO = "archive_ratio"
    QUOTA = "quota"
    PATH_TRAVERSAL = "path_traversal"
    ABSOLUTE_PATH = "absolute_path"
    BAD_FILE_NAME = "bad_file_name"
    SYMLINK = "symlink"
    SPECIAL_FILE = "special_file"
    DUPLICATE_ENTRY = "duplicate_entry"
    NO_MANIFEST = "no_manifest"
    MANIFEST_NOT_AT_ROOT = "manifest_not_at_root"
    MANIFEST_TOO_LARGE = "manifest_too_large"
    MALFORMED_XML = "malformed_xml"
    FORBIDDEN_XML = "forbidden_xml"
    MALFORMED_JSON = "malformed_json"
    INVALID_MANIFEST = "invalid_manifest"
    TOO_DEEP = "too_deep"
    NO_LAUNCHABLE = "no_launchable"
    MISSING_LAUNCH_URL = "missing_launch_url"
    LAUNCH_FILE_MISSING = "launch_file_missing"
    UNSAFE_LAUNCH_URL = "unsafe_launch_url"
    UNKNOWN_REFERENCE = "unknown_reference"
    DUPLICATE_IDENTIFIER = "duplicate_identifier"
    DUPLICATE_AU_ID = "duplicate_au_id"
    H5P_MISSING_CONTENT = "h5p_missing_content"
    H5P_MISSING_LIBRARY = "h5p_missing_library"
    H5P_INVALID_LIBRARY = "h5p_invalid_library"
    H5P_MISSING_FILE = "h5p_missing_file"
    INVALID_LAUNCH_URL = "invalid_launch_url"
    AICC_NOT_SUPPORTED = "aicc_not_supported"
    NO_ROOM = "no_room"
    STORAGE_OUT_OF_REACH = "storage_out_of_reach"


MESSAGES: dict[Code, Promise] = {
    Code.EMPTY: _("The file is empty."),
    Code.NOT_ZIP: _("This file is not a ZIP archive."),
    Code.CORRUPT: _("The ZIP archive is damaged: %(name)s cannot be read."),
    Code.ENCRYPTED: _(
        "The package contains an encrypted file (%(name)s); packages must not be protected by a password."
    ),
    Code.TOO_LARGE: _("The package is %(size)s; the largest accepted is %(limit)s."),
    Code.TOO_LARGE_UNCOMPRESSED: _("Once extracted, the package would take more than %(limit)s."),
    Code.TOO_MANY_FILES: _("The package holds %(count)s files; at most %(limit)s are accepted."),
    Code.COMPRESSION_RATIO: _(
        "The file %(name)s is compressed more than %(ratio)s times, as ZIP bombs are; the package is refused."
    ),
    Code.ARCHIVE_RATIO: _(
        "Once extracted, this %(upload)s package would take %(size)s, more than %(ratio)s times its "
        "size, as ZIP bombs do; the package is refused."
    ),
    Code.QUOTA: _(
        "There is no room for this package: it needs %(size)s, and packages already take %(used)s of "
        "the %(quota)s set aside for them. Delete packages no longer used, or ask the administrator "
        "for more room."
    ),
    Code.PATH_TRAVERSAL: _("The package contains a file name that points outside the package: %(name)s."),
    Code.ABSOLUTE_PATH: _("The package contains an absolute file name: %(name)s."),
    Code.BAD_FILE_NAME: _("The package contains a file name that cannot be used: %(name)s."),
    Code.SYMLINK: _("The package contains a link (%(name)s); links are not allowed."),
    Code.SPECIAL_FILE: _("The package contains %(name)s, which is not an ordinary file."),
    Code.DUPLICATE_ENTRY: _("The file %(name)s appears twice in the package."),
    Code.NO_MANIFEST: _(
        "This is not a content package: there is no imsmanifest.xml (SCORM), cmi5.xml (cmi5), "
        "tincan.xml (xAPI) or h5p.json (H5P) at its root."
    ),
    Code.MANIFEST_NOT_AT_ROOT: _(
        "The manifest (%(name)s) must be at the root of the package. Make the ZIP from inside the "
        "folder %(folder)s, not from the folder itself."
    ),
    Code.MANIFEST_TOO_LARGE: _("The manifest %(name)s is larger than %(limit)s."),
    Code.MALFORMED_XML: _("The manifest %(name)s is not well-formed XML (%(detail)s)."),
    Code.FORBIDDEN_XML: _(
        "The manifest %(name)s uses XML features refused for safety (entity declarations or external references)."
    ),
    Code.MALFORMED_JSON: _("The file %(name)s is not valid JSON (%(detail)s)."),
    Code.INVALID_MANIFEST: _("The manifest %(name)s is not valid: %(detail)s."),
    Code.TOO_DEEP: _("The manifest %(name)s nests its items more than %(limit)s levels deep."),
    Code.NO_LAUNCHABLE: _("The package has nothing to launch: no SCO, AU or activity with a launch address."),
    Code.MISSING_LAUNCH_URL: _("The item “%(item)s” has no launch address."),
    Code.LAUNCH_FILE_MISSING: _("The launch file %(path)s of “%(item)s” is not in the package."),
    Code.UNSAFE_LAUNCH_URL: _("The launch address %(url)s of “%(item)s” is not allowed."),
    Code.UNKNOWN_REFERENCE: _(
        "“%(item)s” refers to the resource %(ref)s, which the manifest does not define."
    ),
    Code.DUPLICATE_IDENTIFIER: _("Two items share the identifier %(id)s."),
    Code.DUPLICATE_AU_ID: _("Two AUs share the id %(id)s."),
    Code.H5P_MISSING_CONTENT: _("The H5P package has no content/content.json."),
    Code.H5P_MISSING_LIBRARY: _("The H5P library %(library)s that the content needs is not in the package."),
    Code.H5P_INVALID_LIBRARY: _("The H5P library description %(name)s is not valid: %(detail)s."),
    Code.H5P_MISSING_FILE: _(
        "The H5P library %(library)s needs the file %(path)s, which is not in the package; the "
        "content would show a blank page."
    ),
    Code.INVALID_LAUNCH_URL: _(
        "The launch address “%(url)s” of “%(item)s” is not a valid web address (spaces and other "
        "characters must be encoded); the lesson would not open."
    ),
    Code.AICC_NOT_SUPPORTED: _(
        "This is an AICC course (%(name)s). AICC is not supported: ask for the course as SCORM 1.2, "
        "SCORM 2004, cmi5 or xAPI, which authoring tools can export."
    ),
    Code.NO_ROOM: _(
        "The server's disk is full: there is no room to store this package, and nothing of it was "
        "kept. Ask the administrator for more room, then upload the package again."
    ),
    Code.STORAGE_OUT_OF_REACH: _(
        "The server cannot reach its file storage right now: this package could not be stored, and "
        "nothing of it was kept. Upload the package again in a few minutes."
    ),
}


class Text:
    """A message with its values, translated when it is turned into a string."""

    def __init__(self, template: str | Promise, **params: Any) -> None:
        self.template = template
        self.params = params

    def __str__(self) -> str:
        template = str(self.template)
        if not self.params:
            return template
        return template % {key: str(value) for key, value in self.params.items()}

    def __repr__(self) -> str:
        return f"Text({str(self.template)!r}, **{self.params!r})"


class Size:
    """A number of bytes shown as "4.2 MB", in the reader's language."""

    def __init__(self, size: int) -> None:
        self.size = size

    def __str__(self) -> str:
        return str(filesizeformat(self.size))


class PackageRejected(Exception):
    """The package cannot be imported. ``code`` is stable; ``message`` is for the instructor."""

    def __init__(self, code: str, message: str | Promise | Text, params: Mapping[str, Any] | None = None):
        self.code = str(code)
        self.params = dict(params or {})
        self._message = message
        super().__init__(self.code)

    @property
    def message(self) -> str:
        if isinstance(self._message, Text) or not self.params:
            return str(self._message)
        return str(Text(self._message, **self.params))

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"PackageRejected({self.code!r}, {self.params!r})"


def reject(code: Code, **params: Any) -> PackageRejected:
    """The rejection for ``code``, with its standard message; ``raise reject(Code.NOT_ZIP)``."""
    return PackageRejected(code, MESSAGES[code], params)


def detail(template: str | Promise, **params: Any) -> Text:
    """A translated detail for ``Code.INVALID_MANIFEST`` (``detail=detail(_("…"), x=…)``)."""
    return Text(template, **params)
