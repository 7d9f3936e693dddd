"""What SCORM 1.2 and SCORM 2004 share: an IMS content package (``imsmanifest.xml``).

The default organisation's items become the table of contents; an item that refers to a
resource with a launch address (``href``, after ``xml:base``) is launchable. The two formats
differ in their item details (mastery score and time limits in 1.2, sequencing in 2004), which
their handlers add through ``item_details`` and ``package_details``.

What Moodle plays is imported with a warning rather than refused (ADR 0017): an item that names a
resource the manifest does not define is left out, and a manifest whose ``<organizations>`` is
empty has its SCO resources played in their order.
"""

from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element

from django.utils.translation import gettext_lazy as _

from content.packages.errors import Code, PackageRejected, detail, reject
from content.packages.warnings import WarningCode, warning

from .base import MAX_DEPTH, Handler, PackageFiles, check_launch_url, title_or
from .data import Item, LaunchDescriptor, Manifest, join_parameters
from .xml import attr, boolean, child, children, local, parse, text

MANIFEST = "imsmanifest.xml"


def schema_version(root: Element) -> str:
    metadata = child(root, "metadata")
    return text(child(metadata, "schemaversion")) if metadata is not None else ""


def _base(element: Element | None) -> str:
    """The element's ``xml:base``, ending with "/" when set."""
    if element is None:
        return ""
    value = (attr(element, "base") or "").strip()
    if value and not value.endswith("/"):
        value += "/"
    return value


class ScormHandler(Handler):
    manifest_name = MANIFEST
    runtime: str
    # SCORM 2004 resources may live on another server; SCORM 1.2 ones are files of the package.
    allow_absolute = False

    # --- Hooks of the two formats ------------------------------------------------------------

    def item_details(self, element: Element, context: dict[str, Any]) -> tuple[dict[str, Any], float | None]:
        """Format details of one item, and its mastery score in per cent."""
        return {}, None

    def package_details(self, root: Element, organisation: Element) -> dict[str, Any]:
        """Format details of the whole package (before the items are read)."""
        return {}

    # --- Reading -----------------------------------------------------------------------------

    def read(self, files: PackageFiles) -> Manifest:
        root = parse(files, MANIFEST)
        if local(root.tag) != "manifest":
            raise reject(
                Code.INVALID_MANIFEST,
                name=MANIFEST,
                detail=detail(_("its root element is <%(found)s>, not <manifest>"), found=local(root.tag)),
            )
        resources = self._resources(root)
        organisation = self._organisation(root)
        if organisation is None:
            return self._from_resources(files, root, resources)
        context = self.package_details(root, organisation)
        manifest = Manifest(
            kind=self.kind,
            title=title_or(text(child(organisation, "title")), attr(root, "identifier") or ""),
            identifier=(attr(root, "identifier") or "").strip(),
            version=schema_version(root),
            data={key: value for key, value in context.items() if not key.startswith("_")},
        )
        seen: set[str] = set()
        skipped: list[PackageRejected] = []
        manifest.tree = self._items(
            files, organisation, resources, context, manifest, seen, skipped, parent=None, depth=0
        )
        if not manifest.launchable:
            # Nothing left to play: the first item left out says why better than "nothing to launch".
            raise skipped[0] if skipped else reject(Code.NO_LAUNCHABLE)
        self.check_items(manifest)
        scores = [item.mastery_score for item in manifest.launchable]
        if len(scores) == 1:
            manifest.mastery_score = scores[0]
        return manifest

    def _resources(self, root: Element) -> dict[str, dict[str, Any]]:
        container = child(root, "resources")
        if container is None:
            return {}
        outer_base = _base(container)
        resources: dict[str, dict[str, Any]] = {}
        for resource in children(container, "resource"):
            identifier = (attr(resource, "identifier") or "").strip()
            if not identifier:
                raise reject(
                    Code.INVALID_MANIFEST, name=MANIFEST, detail=detail(_("a resource has no identifier"))
                )
            if identifier in resources:
                raise reject(Code.DUPLICATE_IDENTIFIER, id=identifier)
            href = (attr(resource, "href") or "").strip()
            resources[identifier] = {
                "identifier": identifier,
                "type": (attr(resource, "type") or "").strip(),
                "scormType": (attr(resource, "scormType") or "asset").strip().lower(),
                "href": outer_base + _base(resource) + href if href else "",
                "dependencies": [
                    (attr(d, "identifierref") or "").strip() for d in children(resource, "dependency")
                ],
            }
        return resources

    def check_items(self, manifest: Manifest) -> None:
        """Checks what needs the whole table of contents (SCORM 1.2 prerequisites); may warn."""

    def _from_resources(
        self, files: PackageFiles, root: Element, resources: dict[str, dict[str, Any]]
    ) -> Manifest:
        """No organisation: each SCO resource with a launch address is an item, in their order."""
        scos = [r for r in resources.values() if r["scormType"] == "sco" and r["href"]]
        if not scos:
            raise reject(Code.NO_LAUNCHABLE)
        identifier = (attr(root, "identifier") or "").strip()
        manifest = Manifest(
            kind=self.kind,
            title=title_or("", identifier),
            identifier=identifier,
            version=schema_version(root),
        )
        for resource in scos:
            path = check_launch_url(
                files, resource["href"], item=resource["identifier"], allow_absolute=self.allow_absolute
            )
            title = title_or(resource["href"].rpartition("/")[2].partition("?")[0], resource["identifier"])
            manifest.items.append(
                Item(
                    identifier=resource["identifier"],
                    title=title,
                    launch_path=path,
                    is_launchable=True,
                    data={"resource": resource["identifier"], "scormType": "sco", "isvisible": True},
                )
            )
            manifest.tree.append(
                {"identifier": resource["identifier"], "title": title, "is_launchable": True, "children": []}
            )
        manifest.warnings.append(warning(WarningCode.NO_ORGANISATION, count=len(scos)))
        return manifest

    def _organisation(self, root: Element) -> Element | None:
        """The default organisation; None when there is none (``<organizations/>``)."""
        container = child(root, "organizations")
        organisations = children(container, "organization") if container is not None else []
        if not organisations:
            return None
        default = (attr(container, "default") or "").strip() if container is not None else ""
        for organisation in organisations:
            if (attr(organisation, "identifier") or "").strip() == default:
                return organisation
        # No default named (or a wrong one): SCORM says the first organisation is the default.
        return organisations[0]

    def _items(
        self,
        files: PackageFiles,
        parent_element: Element,
        resources: dict[str, dict[str, Any]],
        context: dict[str, Any],
        manifest: Manifest,
        seen: set[str],
        skipped: list[PackageRejected],
        *,
        parent: str | None,
        depth: int,
    ) -> list[dict[str, Any]]:
        if depth >= MAX_DEPTH:
            raise reject(Code.TOO_DEEP, name=MANIFEST, limit=MAX_DEPTH)
        tree: list[dict[str, Any]] = []
        for element in children(parent_element, "item"):
            identifier = (attr(element, "identifier") or "").strip()
            if not identifier:
                raise reject(
                    Code.INVALID_MANIFEST, name=MANIFEST, detail=detail(_("an item has no identifier"))
                )
            if identifier in seen:
                raise reject(Code.DUPLICATE_IDENTIFIER, id=identifier)
            seen.add(identifier)
            title = title_or(text(child(element, "title")), identifier)
            data, mastery = self.item_details(element, context)
            data["isvisible"] = boolean(attr(element, "isvisible"), True)
            item = Item(
                identifier=identifier,
                title=title,
                parent=parent,
                depth=depth,
                parameters=(attr(element, "parameters") or "").strip(),
                mastery_score=mastery,
                data=data,
            )
            reference = (attr(element, "identifierref") or "").strip()
            if reference and reference not in resources:
                # Moodle plays the rest of such a package: so do we, and say what was left out.
                skipped.append(reject(Code.UNKNOWN_REFERENCE, item=title, ref=reference))
                manifest.warnings.append(warning(WarningCode.ITEM_SKIPPED, item=title, ref=reference))
                continue
            if reference:
                resource = resources[reference]
                if not resource["href"]:
                    raise reject(Code.MISSING_LAUNCH_URL, item=title)
                item.launch_path = check_launch_url(
                    files, resource["href"], item=title, allow_absolute=self.allow_absolute
                )
                item.is_launchable = True
                data["resource"] = resource["identifier"]
                data["scormType"] = resource["scormType"]
            manifest.items.append(item)
            node = {
                "identifier": identifier,
                "title": title,
                "is_launchable": item.is_launchable,
                "children": [],
            }
            node["children"] = self._items(
                files,
                element,
                resources,
                context,
                manifest,
                seen,
                skipped,
                parent=identifier,
                depth=depth + 1,
            )
            tree.append(node)
        return tree

    # --- Launch ------------------------------------------------------------------------------

    def launch(self, item: Mapping[str, Any]) -> LaunchDescriptor:
        scorm_type = (item.get("data") or {}).get("scormType", "sco")
        return LaunchDescriptor(
            # An asset is shown without the runtime API (it makes no calls).
            runtime=self.runtime if scorm_type == "sco" else "asset",
            url=join_parameters(item.get("launch_path", ""), item.get("parameters", "")),
            method="iframe",
        )
