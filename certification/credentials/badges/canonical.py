"""RDF Dataset Canonicalization (RDFC-1.0) of JSON-LD documents, with the JSON-LD part done once
per document *shape*.

pyld turns a credential into RDF by expanding it against its contexts, and the Open Badges
context's type- and property-scoped contexts are processed again for every document: five of the
six milliseconds of a certificate's proof. Every credential Tadrib signs has the same shape — the
same keys, `@context` and `type` values, array lengths and non-string values; only strings
differ — so the RDF of one shape is the same quads with different strings in them.

The first document of a shape is expanded by pyld with each string replaced by a marker
(``did:tadrib-slot:N``); the quads it gives are the shape's template, each marker's place
a slot. A later document of that shape fills the slots with its own strings, and pyld
canonicalises the quads (RDFC-1.0 itself is cheap). A string that pyld could have turned into
something else is never filled in: an IRI slot takes only an absolute ``http(s)://`` or ``did:``
IRI (pyld keeps those as they are), anything else goes through pyld whole, as does a shape
whose markers did not come out each as a whole IRI or literal (``@json`` values, say). A test
compares both ways on generated credentials, and the independent verifiers check the result.
"""

import json
import re
from collections.abc import Callable, Hashable

from pyld import jsonld
from pyld.canon import URDNA2015

SLOT = "did:tadrib-slot:"
# Keys whose values steer the expansion itself: part of the shape, never slots.
FIXED_KEYS = frozenset(
    {"@context", "type", "@type", "@language", "@direction", "@base", "@vocab", "@version"}
)
# What pyld keeps unchanged in an IRI position, whatever the context: a scheme followed by
# "//", or the did: scheme (the marker is a did:, so a context that expanded it has no template).
KEPT_IRI = re.compile(r"(?:https?://|did:)[^\s<>\"{}|\\^`]+")
# A process signs in a handful of shapes (with or without an expiry, the proof options).
SHAPES_KEPT = 32

_templates: dict[Hashable, list[dict] | None] = {}
_UNSEEN = object()


def _shape(value, strings: list[str]) -> Hashable:
    """What the expansion depends on; the strings it does not are appended to ``strings``."""
    if isinstance(value, dict):
        return (
            "{",
            *(
                (key, json.dumps(item, sort_keys=True) if key in FIXED_KEYS else _shape(item, strings))
                for key, item in value.items()
            ),
        )
    if isinstance(value, list):
        return ("[", *(_shape(item, strings) for item in value))
    if isinstance(value, str):
        strings.append(value)
        return "$"
    return (type(value).__name__, value)


def _probe(value, counter: list[int]):
    """The document with each string of ``_shape`` replaced by its marker, in the same order."""
    if isinstance(value, dict):
        return {key: item if key in FIXED_KEYS else _probe(item, counter) for key, item in value.items()}
    if isinstance(value, list):
        return [_probe(item, counter) for item in value]
    if isinstance(value, str):
        counter[0] += 1
        return f"{SLOT}{counter[0] - 1}"
    return value


def _template(document: dict, count: int, options: dict) -> list[dict] | None:
    """The shape's quads with a slot number in place of each marker, or None when a marker did not
    come out whole (that shape is always canonicalised by pyld)."""
    dataset = jsonld.to_rdf(_probe(document, [0]), options)
    seen, template = set(), []
    for graph, quads in dataset.items():
        for quad in quads:
            parts = {"graph": {"type": "IRI", "value": graph}} if graph != "@default" else {}
            parts.update(quad)
            for name, part in parts.items():
                value = part["value"]
                if value.startswith(SLOT) and value[len(SLOT) :].isdigit():
                    part = {**part, "slot": int(value[len(SLOT) :])}
                    seen.add(part["slot"])
                elif SLOT in value or SLOT in part.get("datatype", ""):
                    return None
                parts[name] = part
            template.append(parts)
    return template if seen == set(range(count)) else None


def _filled(template: list[dict], strings: list[str]) -> dict[str, list[dict]] | None:
    dataset: dict[str, list[dict]] = {}
    kept: set[tuple] = set()
    for parts in template:
        quad = {}
        for name, part in parts.items():
            part = dict(part)  # URDNA2015 relabels blank nodes in place: the template stays as it is
            if "slot" in part:
                value = strings[part.pop("slot")]
                if part["type"] == "IRI" and not KEPT_IRI.fullmatch(value):
                    return None
                part["value"] = value
            quad[name] = part
        graph = quad.pop("graph", {"value": "@default"})["value"]
        # Equal strings can make equal quads, which a dataset holds once (as pyld's does).
        key = (graph, *(tuple(sorted(part.items())) for part in quad.values()))
        if key not in kept:
            kept.add(key)
            dataset.setdefault(graph, []).append(quad)
    return dataset


def canonical_nquads(document: dict, *, document_loader: Callable) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document: pyld's ``normalize`` (URDNA2015),
    with a shape's expansion done once."""
    options = {"documentLoader": document_loader, "safe": True}
    strings: list[str] = []
    shape = _shape(document, strings)
    template = _templates.get(shape, _UNSEEN)
    if template is _UNSEEN:  # read once: another thread may clear the dict meanwhile
        if len(_templates) >= SHAPES_KEPT:
            _templates.clear()
        template = _templates[shape] = _template(document, len(strings), options)
    dataset = _filled(template, strings) if template is not None else None
    if dataset is None:
        return jsonld.normalize(
            document, {**options, "algorithm": "URDNA2015", "format": "application/n-quads"}
        )
    # What pyld's normalize does with a dataset once it has one (without writing and parsing it).
    return URDNA2015().main(dataset, {"algorithm": "URDNA2015", "format": "application/n-quads"})
