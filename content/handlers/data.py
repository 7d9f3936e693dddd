"""The plain data a handler reads from a package: what the models store and the player reads.

``Manifest.as_json()`` is what ``ContentPackageVersion.manifest`` holds, so every value here is
made of dicts, lists, strings, numbers, booleans and None.
"""

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Item:
    """One entry of the package's table of contents: a SCO, an asset, an AU, a block, a module."""

    identifier: str
    title: str
    # Relative to the package root (it may carry its own query string), or an absolute URL.
    launch_path: str = ""
    # SCORM item parameters (``?questions=Playing``), appended to the launch path at launch.
    parameters: str = ""
    is_launchable: bool = False
    parent: str | None = None
    depth: int = 0
    mastery_score: float | None = None
    # What only one format knows: scormType, sequencing, moveOn, launchMethod, activity type, …
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def launch_url(self) -> str:
        return join_parameters(self.launch_path, self.parameters)


@dataclass
class Manifest:
    """What a package is: its format, title, items and format details."""

    kind: str
    title: str
    identifier: str = ""
    # The format's own version: "1.2", "2004 3rd Edition", "cmi5", "1.0" (H5P core API), …
    version: str = ""
    items: list[Item] = field(default_factory=list)
    # The organisation tree: [{"identifier", "title", "children": [...]}, …], launchable or not.
    tree: list[dict[str, Any]] = field(default_factory=list)
    mastery_score: float | None = None
    data: dict[str, Any] = field(default_factory=dict)
    # What the instructor should know of a package imported all the same (an item left out, …):
    # ``content.packages.warnings.warning(…)`` dicts, translated when read.
    warnings: list[dict[str, Any]] = field(default_factory=list)

    @property
    def launchable(self) -> list[Item]:
        return [item for item in self.items if item.is_launchable]

    def as_json(self) -> dict[str, Any]:
        result = asdict(self)
        for stored, item in zip(result["items"], self.items, strict=True):
            stored["launch_url"] = item.launch_url
        return result


@dataclass(frozen=True)
class LaunchDescriptor:
    """How the player starts one item: which runtime, which address, in which window."""

    # "scorm12" (window.API), "scorm2004" (window.API_1484_11), "cmi5", "xapi" (Tin Can launch
    # parameters), "h5p" (h5p-standalone).
    runtime: str
    # Relative to the version's storage prefix, or absolute.
    url: str
    # "iframe" (in the player's page), or "own_window" (cmi5 launchMethod="OwnWindow").
    method: str = "iframe"
    # What the player passes on: cmi5 moveOn and masteryScore, H5P's main library, …
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ResultData:
    """A runtime's data turned into the terms of ``courses.api.activity_result_record``."""

    completed: bool | None = None
    passed: bool | None = None
    # In per cent, 0 to 100.
    score: float | None = None


def join_parameters(path: str, parameters: str) -> str:
    """A SCORM launch address with the item's parameters appended (IMS CP / SCORM CAM rules).

    A fragment is added only when the address has none; a query string is joined with "?" or
    "&" whatever the parameters start with.
    """
    parameters = (parameters or "").strip()
    if not parameters:
        return path
    if parameters.startswith("#"):
        return path if "#" in path else path + parameters
    parameters = parameters.lstrip("?&")
    if not parameters:
        return path
    base, hash_mark, fragment = path.partition("#")
    joined = base + ("&" if "?" in base else "?") + parameters
    return joined + hash_mark + fragment
