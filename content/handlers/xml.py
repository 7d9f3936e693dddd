"""Reading manifests with defusedxml only, and walking them by local name.

Manifests in the wild disagree on namespaces (SCORM 1.2 tools write ``adlcp:scormtype``, SCORM
2004 ``adlcp:scormType``; some write none at all), so elements and attributes are found by their
local name, attributes also case-insensitively.
"""

from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext_lazy as _

from content.packages.errors import Code, Text, detail, reject

from .base import PackageFiles


def parse(files: PackageFiles, name: str) -> Element:
    """The root element of the archive's XML file ``name``, or a rejection saying what is wrong."""
    data = files.read(name)
    try:
        return fromstring(data)
    except DefusedXmlException:
        raise reject(Code.FORBIDDEN_XML, name=name) from None
    except ParseError as error:
        line, column = getattr(error, "position", (0, 0))
        where = Text(_("line %(line)s, column %(column)s"), line=line, column=column)
        raise reject(Code.MALFORMED_XML, name=name, detail=where) from None
    except (ValueError, LookupError, RecursionError):
        # An unknown encoding, or bytes that are no text in the declared one.
        raise reject(Code.MALFORMED_XML, name=name, detail=detail(_("unreadable text"))) from None


def local(tag: object) -> str:
    """ "{namespace}item" → "item"; comments and processing instructions have no name."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def children(element: Element, name: str) -> list[Element]:
    return [child for child in element if local(child.tag) == name]


def child(element: Element, name: str) -> Element | None:
    for candidate in element:
        if local(candidate.tag) == name:
            return candidate
    return None


def child_any_case(element: Element, name: str) -> Element | None:
    """The first child whose local name is ``name`` in any letter case (``dataFromLMS``, ``datafromlms``)."""
    wanted = name.lower()
    for candidate in element:
        if local(candidate.tag).lower() == wanted:
            return candidate
    return None


def text(element: Element | None) -> str:
    """The element's text, white space collapsed ("" when there is no element)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def attr(element: Element, name: str, default: str | None = None) -> str | None:
    """The attribute ``name`` whatever its namespace prefix or case."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if local(key).lower() == wanted:
            return value
    return default


def boolean(value: str | None, default: bool | None = None) -> bool | None:
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in ("true", "1"):
        return True
    if lowered in ("false", "0"):
        return False
    return default


def number(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        result = float(value.strip())
    except ValueError:
        return None
    if result != result or result in (float("inf"), float("-inf")):
        return None
    return result


def integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None
