"""The door of ``analytics``. It is the top layer: no app calls it, so nothing is public."""

__all__: list[str] = []
