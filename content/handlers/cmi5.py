"""cmi5: a course structure (``cmi5.xml``) of blocks and assignable units (AUs).

Each AU is launchable, with its ``moveOn`` criterion, ``masteryScore`` (0 to 1, kept as given
and also in per cent as the item's mastery score), ``launchMethod`` and ``launchParameters``;
blocks are the table of contents' folders, nested as in the course structure. All ids (course,
blocks, AUs) must be unique (cmi5 13.1.4); an AU's url may be relative to the package or absolute
(content hosted elsewhere).

At run time the handler says what the format decides (``content.handlers.xapi``): the ids the LMS
generates for AUs, blocks and the course (never the publisher's, 8.1.5 and 9.3.9), the launch
parameters with the one-time fetch URL (8.1), when an AU's moveOn is met (a waiver counts), and
which blocks and whether the course are satisfied (9.3.9: all the AUs in them meet their moveOn).
"""

import hashlib
from collections.abc import Callable, Mapping
from typing import Any
from xml.etree.ElementTree import Element

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from content.packages.errors import Code, detail, reject

from .base import MAX_DEPTH, PackageFiles, check_launch_url, title_or
from .data import Item, LaunchDescriptor, Manifest
from .xapi import XapiHandler
from .xml import attr, child, children, local, number, parse, text

MANIFEST = "cmi5.xml"
MOVE_ON = ("Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed", "NotApplicable")
LAUNCH_METHODS = ("AnyWindow", "OwnWindow")


def langstrings(element: Element | None) -> dict[str, str]:
    """``<title><langstring lang="en-US">…</langstring></title>`` as {"en-US": "…"}."""
    if element is None:
        return {}
    result: dict[str, str] = {}
    for string in children(element, "langstring"):
        value = text(string)
        if value:
            result.setdefault((attr(string, "lang") or "").strip(), value)
    return result


def best(strings: dict[str, str]) -> str:
    """The string in the site's language if there is one, else English, else the first."""
    wanted = [settings.LANGUAGE_CODE, "en"]
    for language in wanted:
        for lang, value in strings.items():
            if lang.lower().split("-")[0] == language:
                return value
    return next(iter(strings.values()), "")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class Cmi5Handler(XapiHandler):
    kind = "cmi5"
    label = "cmi5"
    manifest_name = MANIFEST
    lms_statements = True

    def read(self, files: PackageFiles) -> Manifest:
        root = parse(files, MANIFEST)
        if local(root.tag) != "courseStructure":
            raise reject(
                Code.INVALID_MANIFEST,
                name=MANIFEST,
                detail=detail(
                    _("its root element is <%(found)s>, not <courseStructure>"), found=local(root.tag)
                ),
            )
        course = child(root, "course")
        course_id = (attr(course, "id") or "").strip() if course is not None else ""
        if not course_id:
            raise reject(Code.INVALID_MANIFEST, name=MANIFEST, detail=detail(_("the course has no id")))
        titles = langstrings(child(course, "title"))
        manifest = Manifest(
            kind=self.kind,
            title=title_or(best(titles), course_id),
            identifier=course_id,
            version="cmi5",
            data={
                "course": {
                    "id": course_id,
                    "title": titles,
                    "description": langstrings(child(course, "description")),
                }
            },
        )
        seen = {course_id}
        manifest.tree = self._members(files, root, manifest, seen, parent=None, depth=0)
        if not manifest.launchable:
            raise reject(Code.NO_LAUNCHABLE)
        if len(manifest.launchable) == 1:
            manifest.mastery_score = manifest.launchable[0].mastery_score
        return manifest

    def _members(
        self,
        files: PackageFiles,
        parent_element: Element,
        manifest: Manifest,
        seen: set[str],
        *,
        parent: str | None,
        depth: int,
    ) -> list[dict[str, Any]]:
        if depth >= MAX_DEPTH:
            raise reject(Code.TOO_DEEP, name=MANIFEST, limit=MAX_DEPTH)
        tree: list[dict[str, Any]] = []
        for element in parent_element:
            kind = local(element.tag)
            if kind not in ("au", "block"):
                continue
            identifier = (attr(element, "id") or "").strip()
            if not identifier:
                raise reject(
                    Code.INVALID_MANIFEST,
                    name=MANIFEST,
                    detail=detail(_("an AU or a block has no id")),
                )
            if identifier in seen:
                code = Code.DUPLICATE_AU_ID if kind == "au" else Code.DUPLICATE_IDENTIFIER
                raise reject(code, id=identifier)
            seen.add(identifier)
            titles = langstrings(child(element, "title"))
            title = title_or(best(titles), identifier)
            item = Item(identifier=identifier, title=title, parent=parent, depth=depth)
            item.data = {
                "type": kind,
                "title": titles,
                "description": langstrings(child(element, "description")),
            }
            if kind == "au":
                self._au(files, element, item)
            manifest.items.append(item)
            node: dict[str, Any] = {
                "identifier": identifier,
                "title": title,
                "is_launchable": item.is_launchable,
                "children": [],
            }
            if kind == "block":
                node["children"] = self._members(
                    files, element, manifest, seen, parent=identifier, depth=depth + 1
                )
            tree.append(node)
        return tree

    def _au(self, files: PackageFiles, element: Element, item: Item) -> None:
        move_on = (attr(element, "moveOn") or "NotApplicable").strip()
        if move_on not in MOVE_ON:
            raise reject(
                Code.INVALID_MANIFEST,
                name=MANIFEST,
                detail=detail(
                    _("moveOn “%(value)s” of “%(item)s” is not a cmi5 value"), value=move_on, item=item.title
                ),
            )
        launch_method = (attr(element, "launchMethod") or "AnyWindow").strip()
        if launch_method not in LAUNCH_METHODS:
            raise reject(
                Code.INVALID_MANIFEST,
                name=MANIFEST,
                detail=detail(
                    _("launchMethod “%(value)s” of “%(item)s” is not a cmi5 value"),
                    value=launch_method,
                    item=item.title,
                ),
            )
        mastery_text = attr(element, "masteryScore")
        mastery = None
        if mastery_text is not None:
            mastery = number(mastery_text)
            if mastery is None or not 0 <= mastery <= 1:
                raise reject(
                    Code.INVALID_MANIFEST,
                    name=MANIFEST,
                    detail=detail(
                        _("masteryScore of “%(item)s” must be a number from 0 to 1"), item=item.title
                    ),
                )
        objectives = child(element, "objectives")
        url = text(child(element, "url"))
        item.launch_path = check_launch_url(files, url, item=item.title, allow_absolute=True)
        item.is_launchable = True
        item.mastery_score = None if mastery is None else mastery * 100
        item.data.update(
            {
                "moveOn": move_on,
                "masteryScore": mastery,
                "launchMethod": launch_method,
                "activityType": (attr(element, "activityType") or "").strip() or None,
                "launchParameters": text(child(element, "launchParameters")) or None,
                "entitlementKey": text(child(element, "entitlementKey")) or None,
                "objectives": [(attr(o, "idref") or "").strip() for o in children(objectives, "objective")]
                if objectives is not None
                else [],
            }
        )

    def launch(self, item: Mapping[str, Any]) -> LaunchDescriptor:
        data = item.get("data") or {}
        return LaunchDescriptor(
            runtime="cmi5",
            url=item.get("launch_path", ""),
            method="own_window" if data.get("launchMethod") == "OwnWindow" else "iframe",
            # What the LMS writes in the LMS.LaunchData state document before launch.
            params={
                "moveOn": data.get("moveOn", "NotApplicable"),
                "masteryScore": data.get("masteryScore"),
                "launchParameters": data.get("launchParameters"),
                "entitlementKey": data.get("entitlementKey"),
                "activityId": item.get("identifier"),
            },
        )

    def activity_id(self, *, package_iri: str, identifier: str) -> str:
        """Generated by the LMS, never the publisher's AU id, the same in every registration (8.1.5)."""
        return f"{package_iri}au/{digest(identifier)}"

    def block_id(self, *, package_iri: str, identifier: str) -> str:
        return f"{package_iri}block/{digest(identifier)}"

    def course_id(self, *, package_iri: str) -> str:
        return f"{package_iri}course"

    def launch_parameters(
        self, *, endpoint: str, actor: str, registration: str, activity_id: str, token: str, fetch: str
    ) -> dict[str, str]:
        """cmi5 8.1: no credentials in the address, a one-time fetch URL hands the token out."""
        return {
            "endpoint": endpoint,
            "fetch": fetch,
            "actor": actor,
            "registration": registration,
            "activityId": activity_id,
        }

    def item_done(self, data: Mapping[str, Any], entry: Mapping[str, Any]) -> bool:
        """The AU's moveOn criterion is met (13.1.4), or it was waived (9.3.7)."""
        if entry.get("waived"):
            return True
        held = entry.get("result") or {}
        completed, passed = bool(held.get("completed")), held.get("passed") is True
        return {
            "Passed": passed,
            "Completed": completed,
            "CompletedAndPassed": completed and passed,
            "CompletedOrPassed": completed or passed,
        }.get(data.get("moveOn") or "NotApplicable", True)

    def satisfied(self, tree: list[dict[str, Any]], au_done: Callable[[str], bool]) -> list[str]:
        """The blocks satisfied, innermost first, then "" when the whole course is (9.3.9).

        A block is satisfied when every AU in it, at any depth, meets its moveOn: that is, when
        all its children (AUs and blocks) are.
        """
        found: list[str] = []

        def walk(nodes: list[dict[str, Any]]) -> bool:
            results = []
            for node in nodes:
                if node.get("is_launchable"):
                    results.append(au_done(node["identifier"]))
                else:
                    block_done = walk(node.get("children") or [])
                    if block_done:
                        found.append(node["identifier"])
                    results.append(block_done)
            return all(results)

        if walk(tree):
            found.append("")
        return found


handler = Cmi5Handler()
