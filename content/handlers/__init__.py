"""One handler per content format, behind one interface (``content.handlers.base.Handler``).

``detect(files)`` picks the handler of a checked archive, or refuses it with the reason: no
manifest at all, a manifest inside a folder rather than at the root, or an AICC course (which is
told so, rather than "not a content package").
"""

from content.packages.errors import Code, reject

from . import cmi5, h5p, scorm12, scorm2004, tincan
from .base import Handler, PackageFiles
from .data import Item, LaunchDescriptor, Manifest, ResultData
from .xapi import XapiHandler

# Asked in this order: a cmi5 course may also carry an imsmanifest.xml, and SCORM 2004 must be
# asked before 1.2, which takes any other IMS manifest.
HANDLERS: tuple[Handler, ...] = (
    cmi5.handler,
    scorm2004.handler,
    scorm12.handler,
    tincan.handler,
    h5p.handler,
)
MANIFEST_NAMES = tuple(dict.fromkeys(h.manifest_name for h in HANDLERS))
# The formats whose content sends statements to our LRS itself.
XAPI_KINDS = frozenset(h.kind for h in HANDLERS if isinstance(h, XapiHandler))
# The files of an AICC course structure (CMI001): course, assignable units, descriptors, structure.
AICC_EXTENSIONS = (".crs", ".cst", ".au", ".des")

__all__ = [
    "HANDLERS",
    "XAPI_KINDS",
    "Handler",
    "Item",
    "LaunchDescriptor",
    "Manifest",
    "PackageFiles",
    "ResultData",
    "XapiHandler",
    "detect",
    "handler_for",
    "xapi_handler_for",
]


def detect(files: PackageFiles) -> Handler:
    for handler in HANDLERS:
        if handler.detect(files):
            return handler
    for name in sorted(files.names, key=lambda n: (n.count("/"), n)):
        folder, _, base = name.rpartition("/")
        if folder and base in MANIFEST_NAMES:
            raise reject(Code.MANIFEST_NOT_AT_ROOT, name=base, folder=folder)
    aicc = sorted(n for n in files.names if n.lower().endswith(AICC_EXTENSIONS))
    if aicc:
        course = next((n for n in aicc if n.lower().endswith(".crs")), aicc[0])
        raise reject(Code.AICC_NOT_SUPPORTED, name=course)
    raise reject(Code.NO_MANIFEST)


def handler_for(kind: str) -> Handler:
    for handler in HANDLERS:
        if handler.kind == kind:
            return handler
    raise LookupError(kind)


def xapi_handler_for(kind: str) -> XapiHandler:
    """The handler of a format whose content speaks xAPI; ``LookupError`` for any other."""
    handler = handler_for(kind)
    if not isinstance(handler, XapiHandler):
        raise LookupError(kind)
    return handler
