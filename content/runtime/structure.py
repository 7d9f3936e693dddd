"""A version's items as the tree they form (blocks and folders holding items), in package order."""

from dataclasses import dataclass, field

from content.packages.models import ContentItem


@dataclass
class Node:
    item: ContentItem
    children: list["Node"] = field(default_factory=list)

    @property
    def identifier(self) -> str:
        return self.item.identifier

    def as_tree(self) -> dict:
        """The shape handlers reason about (``Manifest.tree``)."""
        return {
            "identifier": self.item.identifier,
            "title": self.item.title,
            "is_launchable": self.item.is_launchable,
            "children": [child.as_tree() for child in self.children],
        }


def item_tree(items: list[ContentItem]) -> list[Node]:
    """The roots; an item whose parent is unknown is taken as a root rather than lost."""
    nodes = {item.identifier: Node(item) for item in items}
    roots: list[Node] = []
    for item in sorted(items, key=lambda i: i.position):
        parent = nodes.get(item.parent_identifier) if item.parent_identifier else None
        (parent.children if parent and parent.item is not item else roots).append(nodes[item.identifier])
    return roots
