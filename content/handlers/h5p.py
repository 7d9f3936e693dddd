"""H5P: a ``.h5p`` archive with ``h5p.json``, ``content/content.json`` and one folder per library.

There is no H5P server here: h5p-standalone plays the extracted folder, so every library the
content needs (``preloadedDependencies``, and theirs in turn) must be in the package, each in
``<machineName>-<major>.<minor>/library.json``, a valid description of that very library whose
``preloadedJs`` and ``preloadedCss`` files are all there: a package missing one plays blank, so it
is refused with the file's name.

Success is the LMS's to judge, from the score and the content's own passing percentage
(``passPercentage`` in its parameters, where the content type has one; else full marks): H5P
types disagree on ``result.success`` — some leave it out at 100 %, some send ``false`` with no
score to judge — so it is never taken from the statement.
"""

import json
import posixpath
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from content.packages.errors import Code, Text, detail, reject

from .base import PackageFiles, title_or
from .data import Item, LaunchDescriptor, Manifest
from .xapi import XapiHandler, score_percent

MANIFEST = "h5p.json"
CONTENT = "content/content.json"


def load_json(files: PackageFiles, name: str) -> Any:
    data = files.read(name)
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        where = Text(_("line %(line)s, column %(column)s"), line=error.lineno, column=error.colno)
        raise reject(Code.MALFORMED_JSON, name=name, detail=where) from None
    except (ValueError, RecursionError):
        raise reject(Code.MALFORMED_JSON, name=name, detail=detail(_("unreadable text"))) from None


def _version(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def dependency(value: Any, *, source: str) -> tuple[str, int, int]:
    """A dependency ``{"machineName", "majorVersion", "minorVersion"}`` as a tuple."""
    if isinstance(value, dict):
        name = value.get("machineName")
        major, minor = _version(value.get("majorVersion")), _version(value.get("minorVersion"))
        if isinstance(name, str) and name.strip() and major is not None and minor is not None:
            return name.strip(), major, minor
    raise reject(Code.INVALID_MANIFEST, name=source, detail=detail(_("a library dependency is incomplete")))


def folder(name: str, major: int, minor: int) -> str:
    return f"{name}-{major}.{minor}"


def pass_percentage(parameters: dict[str, Any]) -> float | None:
    """The content's passing percentage, where its type has one (Question Set, Essay, …)."""
    behaviour = parameters.get("behaviour") if isinstance(parameters.get("behaviour"), dict) else {}
    for value in (
        parameters.get("passPercentage"),
        behaviour.get("passPercentage"),
        behaviour.get("percentagePassing"),
    ):
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100:
            return float(value)
    return None


def _check_library(
    files: PackageFiles, library: Any, *, path: str, name: str, major: int, minor: int
) -> None:
    """Refuses a library.json that does not describe the library of its folder, or whose
    preloaded scripts and styles are not all in the package."""
    if not isinstance(library, dict):
        raise reject(Code.H5P_INVALID_LIBRARY, name=path, detail=detail(_("it is not a JSON object")))
    if not isinstance(library.get("title"), str) or _version(library.get("patchVersion")) is None:
        raise reject(
            Code.H5P_INVALID_LIBRARY, name=path, detail=detail(_("its title or patchVersion is missing"))
        )
    described = (
        library.get("machineName"),
        _version(library.get("majorVersion")),
        _version(library.get("minorVersion")),
    )
    if described != (name, major, minor):
        raise reject(
            Code.H5P_INVALID_LIBRARY,
            name=path,
            detail=detail(
                _("it describes another library than %(library)s"), library=f"{name} {major}.{minor}"
            ),
        )
    directory = folder(name, major, minor)
    for key in ("preloadedJs", "preloadedCss"):
        entries = library.get(key, [])
        if not isinstance(entries, list) or not all(
            isinstance(e, dict) and isinstance(e.get("path"), str) and e["path"].strip() for e in entries
        ):
            raise reject(
                Code.H5P_INVALID_LIBRARY,
                name=path,
                detail=detail(_("%(key)s must be a list of files, each with its path"), key=key),
            )
        for entry in entries:
            relative = posixpath.normpath(entry["path"].strip())
            if f"{directory}/{relative}" not in files.names:
                raise reject(Code.H5P_MISSING_FILE, library=f"{name} {major}.{minor}", path=relative)


class H5PHandler(XapiHandler):
    kind = "h5p"
    label = "H5P"
    manifest_name = MANIFEST

    def read(self, files: PackageFiles) -> Manifest:
        meta = load_json(files, MANIFEST)
        if not isinstance(meta, dict):
            raise reject(Code.INVALID_MANIFEST, name=MANIFEST, detail=detail(_("it is not a JSON object")))
        main = meta.get("mainLibrary")
        if not isinstance(main, str) or not main.strip():
            raise reject(Code.INVALID_MANIFEST, name=MANIFEST, detail=detail(_("mainLibrary is missing")))
        main = main.strip()
        preloaded = meta.get("preloadedDependencies")
        if not isinstance(preloaded, list) or not preloaded:
            raise reject(
                Code.INVALID_MANIFEST, name=MANIFEST, detail=detail(_("preloadedDependencies is missing"))
            )
        dependencies = [dependency(d, source=MANIFEST) for d in preloaded]
        main_dependency = next((d for d in dependencies if d[0] == main), None)
        if main_dependency is None:
            raise reject(
                Code.INVALID_MANIFEST,
                name=MANIFEST,
                detail=detail(_("mainLibrary %(name)s is not among preloadedDependencies"), name=main),
            )
        if CONTENT not in files.names:
            raise reject(Code.H5P_MISSING_CONTENT)
        parameters = load_json(files, CONTENT)
        if not isinstance(parameters, dict):
            raise reject(Code.INVALID_MANIFEST, name=CONTENT, detail=detail(_("it is not a JSON object")))
        libraries = self._libraries(files, dependencies)
        title = meta.get("title") if isinstance(meta.get("title"), str) else ""
        title = title_or(title, main)
        identifier = folder(*main_dependency)
        item = Item(
            identifier=identifier,
            title=title,
            launch_path=MANIFEST,
            is_launchable=True,
            data={"mainLibrary": main, "passPercentage": pass_percentage(parameters)},
        )
        return Manifest(
            kind=self.kind,
            title=title,
            identifier=identifier,
            version="h5p",
            items=[item],
            tree=[{"identifier": identifier, "title": title, "is_launchable": True, "children": []}],
            data={
                "mainLibrary": main,
                "mainLibraryVersion": f"{main_dependency[1]}.{main_dependency[2]}",
                "language": meta.get("language") if isinstance(meta.get("language"), str) else "und",
                "embedTypes": [t for t in meta.get("embedTypes") or [] if isinstance(t, str)]
                if isinstance(meta.get("embedTypes"), list)
                else [],
                "license": meta.get("license") if isinstance(meta.get("license"), str) else "",
                "preloadedDependencies": [
                    {"machineName": n, "majorVersion": a, "minorVersion": b} for n, a, b in dependencies
                ],
                "libraries": libraries,
            },
        )

    def _libraries(self, files: PackageFiles, needed: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
        """Every library needed, directly or through another, each read from its library.json."""
        found: dict[str, dict[str, Any]] = {}
        queue = list(needed)
        while queue:
            name, major, minor = queue.pop(0)
            directory = folder(name, major, minor)
            if directory in found:
                continue
            path = f"{directory}/library.json"
            if path not in files.names:
                raise reject(Code.H5P_MISSING_LIBRARY, library=f"{name} {major}.{minor}")
            library = load_json(files, path)
            _check_library(files, library, path=path, name=name, major=major, minor=minor)
            found[directory] = {
                "machineName": name,
                "majorVersion": major,
                "minorVersion": minor,
                "patchVersion": _version(library.get("patchVersion")),
                "folder": directory,
                "title": library.get("title") if isinstance(library.get("title"), str) else "",
                "runnable": bool(library.get("runnable")),
            }
            more = library.get("preloadedDependencies") or []
            if not isinstance(more, list):
                raise reject(
                    Code.INVALID_MANIFEST, name=path, detail=detail(_("a library dependency is incomplete"))
                )
            queue.extend(dependency(d, source=path) for d in more)
        return list(found.values())

    def launch(self, item: Mapping[str, Any]) -> LaunchDescriptor:
        # h5p-standalone is given the folder that holds h5p.json (the version's prefix).
        return LaunchDescriptor(
            runtime="h5p",
            url=item.get("launch_path", MANIFEST),
            method="iframe",
            params={"mainLibrary": (item.get("data") or {}).get("mainLibrary")},
        )

    def counts(self, statement: Mapping[str, Any]) -> bool:
        """A question inside a larger content reports with its parent: the parent grades it."""
        parents = ((statement.get("context") or {}).get("contextActivities") or {}).get("parent")
        return not (parents and "subContentId=" in str((statement.get("object") or {}).get("id", "")))

    def fold_success(
        self, held: dict[str, Any], verb: str, result: Mapping[str, Any], data: Mapping[str, Any]
    ) -> None:
        """Passed at the passing percentage (else full marks), failed below it; no score, no verdict."""
        score = result.get("score") or {}
        percent = score_percent(score) if isinstance(score, dict) else None
        if percent is None or held.get("passed") is True:
            return
        passing = data.get("passPercentage")
        held["passed"] = percent >= (100.0 if passing is None else float(passing))


handler = H5PHandler()
