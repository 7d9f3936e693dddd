"""The door of ``content`` for higher apps (certification, analytics).

It will carry recording of xAPI statements and package results; nothing is public yet.
"""

__all__: list[str] = []
