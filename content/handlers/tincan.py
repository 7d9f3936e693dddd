"""xAPI / Tin Can packages: ``tincan.xml`` lists activities, some with a launch address.

The launch follows Rustici's convention (``index.html?endpoint=…&auth=…&actor=…&registration=…
&activity_id=…``): the descriptor names the activity; the player adds the LRS parameters. Its
activities keep their own ids; their statements count as the content says them
(``content.handlers.xapi``).
"""

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _

from content.packages.errors import Code, detail, reject

from .base import PackageFiles, check_launch_url, title_or
from .data import Item, LaunchDescriptor, Manifest
from .xapi import XapiHandler
from .xml import attr, child, children, local, parse, text

MANIFEST = "tincan.xml"
COURSE = "http://adlnet.gov/expapi/activities/course"


class TinCanHandler(XapiHandler):
    kind = "tincan"
    label = "xAPI (Tin Can)"
    manifest_name = MANIFEST

    def read(self, files: PackageFiles) -> Manifest:
        root = parse(files, MANIFEST)
        if local(root.tag) != "tincan":
            raise reject(
                Code.INVALID_MANIFEST,
                name=MANIFEST,
                detail=detail(_("its root element is <%(found)s>, not <tincan>"), found=local(root.tag)),
            )
        container = child(root, "activities")
        activities = children(container, "activity") if container is not None else []
        manifest = Manifest(kind=self.kind, title="", version="tincan")
        seen: set[str] = set()
        for position, element in enumerate(activities):
            identifier = (attr(element, "id") or "").strip()
            if not identifier:
                raise reject(Code.INVALID_MANIFEST, name=MANIFEST, detail=detail(_("an activity has no id")))
            if identifier in seen:
                raise reject(Code.DUPLICATE_IDENTIFIER, id=identifier)
            seen.add(identifier)
            title = title_or(text(child(element, "name")), identifier)
            kind = (attr(element, "type") or "").strip()
            item = Item(
                identifier=identifier,
                title=title,
                data={
                    "type": kind,
                    "description": text(child(element, "description")),
                    "position": position,
                },
            )
            launch = child(element, "launch")
            if launch is not None:
                item.launch_path = check_launch_url(files, text(launch), item=title, allow_absolute=False)
                item.is_launchable = True
            manifest.items.append(item)
            manifest.tree.append(
                {
                    "identifier": identifier,
                    "title": title,
                    "is_launchable": item.is_launchable,
                    "children": [],
                }
            )
        if not manifest.launchable:
            if manifest.items:
                raise reject(Code.MISSING_LAUNCH_URL, item=manifest.items[0].title)
            raise reject(Code.NO_LAUNCHABLE)
        # The course activity names the package; else the first one that launches.
        course = next((i for i in manifest.launchable if i.data["type"] == COURSE), manifest.launchable[0])
        manifest.title = course.title
        manifest.identifier = course.identifier
        manifest.data = {"activity_id": course.identifier}
        return manifest

    def launch(self, item: Mapping[str, Any]) -> LaunchDescriptor:
        return LaunchDescriptor(
            runtime="xapi",
            url=item.get("launch_path", ""),
            method="iframe",
            params={"activity_id": item.get("identifier")},
        )

    def activity_id(self, *, package_iri: str, identifier: str) -> str:
        """A Tin Can package names its own activities."""
        return identifier


handler = TinCanHandler()
