"""The one interface every format handler implements (STYLE.md, habit 5).

A handler is given the files of an archive that has already been checked for unsafe names and
sizes (``content.packages.archive``) and:

* ``detect(files)`` says whether the package is of its format (cheap, never raises);
* ``read(files)`` validates the package and reads its manifest into a ``Manifest``, or raises
  ``PackageRejected`` with the reason;
* ``launch(item)`` says how the player starts one item, given its stored JSON;
* ``map_result(data)`` turns the runtime's data of one item into a result (completion, success,
  score): SCORM's CMI data (``scorm12``, ``scorm2004``), or what an xAPI format kept of the
  item's statements (``content.handlers.xapi``).

``protocol`` says how the content talks to the LMS: "scorm" (a JavaScript API the player hosts,
``content.runtime.services``) or "xapi" (statements to our LRS, ``content.runtime.xapi``). The
runtimes ask the package's handler (``handler_for(kind)``) for what the format decides instead of
testing the kind (ADR 0019).
"""

from abc import ABC, abstractmethod
from collections.abc import Mapping
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from content.packages.errors import Code, reject

from .data import LaunchDescriptor, Manifest, ResultData

# Items nested deeper than this are refused (a manifest is not a recursion test).
MAX_DEPTH = 64
ABSOLUTE_URL = URLValidator(schemes=["http", "https"])


class PackageFiles(Protocol):
    """The files of a checked archive, by normalised path ("folder/file.html")."""

    @property
    def names(self) -> frozenset[str]: ...

    def read(self, name: str) -> bytes:
        """The file's bytes; refused with ``MANIFEST_TOO_LARGE`` above the manifest limit."""
        ...


class Handler(ABC):
    kind: str
    label: str
    # The file at the package root that marks the format.
    manifest_name: str
    protocol: str = "scorm"
    # What the runtime keeps of an item in ``Attempt.state[item]``, the input of ``map_result``.
    state_key: str = "cmi"

    def detect(self, files: PackageFiles) -> bool:
        return self.manifest_name in files.names

    @abstractmethod
    def read(self, files: PackageFiles) -> Manifest: ...

    @abstractmethod
    def launch(self, item: Mapping[str, Any]) -> LaunchDescriptor: ...

    @abstractmethod
    def map_result(self, data: Mapping[str, Any]) -> ResultData: ...


def check_launch_url(files: PackageFiles, url: str, *, item: str, allow_absolute: bool) -> str:
    """Checks an item's launch address and returns it stripped.

    A relative address must name a file of the package (its query and fragment aside) and may
    not climb out of it; an absolute one must be a valid http(s) address and is allowed only where
    the format allows content hosted elsewhere (cmi5 AUs, SCORM 2004 resources).
    """
    url = url.strip()
    if not url:
        raise reject(Code.MISSING_LAUNCH_URL, item=item)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[x" (a broken IPv6 address)
        raise reject(Code.UNSAFE_LAUNCH_URL, url=url, item=item) from None
    if parts.scheme or parts.netloc:
        if allow_absolute and parts.scheme in ("http", "https") and parts.netloc:
            try:
                # "http://example.com index.html" would import and play a dead frame.
                ABSOLUTE_URL(url)
            except ValidationError:
                raise reject(Code.INVALID_LAUNCH_URL, url=url, item=item) from None
            return url
        raise reject(Code.UNSAFE_LAUNCH_URL, url=url, item=item)
    path = parts.path
    if not path:
        raise reject(Code.MISSING_LAUNCH_URL, item=item)
    segments = path.split("/")
    if path.startswith("/") or "\\" in path or ".." in segments or ".." in unquote(path).split("/"):
        raise reject(Code.UNSAFE_LAUNCH_URL, url=url, item=item)
    clean = "/".join(s for s in segments if s not in ("", "."))
    if clean not in files.names and unquote(clean) not in files.names:
        raise reject(Code.LAUNCH_FILE_MISSING, path=clean, item=item)
    return url


def title_or(text: str | None, fallback: str) -> str:
    """A title with its white space collapsed, or the fallback when there is none."""
    cleaned = " ".join((text or "").split())
    return cleaned or fallback
