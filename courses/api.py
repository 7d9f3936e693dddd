"""The door of ``courses`` for higher apps (content, certification, analytics).

It will carry activity-result recording and the ``course_completed`` and ``programme_completed``
signals (ARCHITECTURE.md, "Boundaries"); nothing is public yet.
"""

__all__: list[str] = []
