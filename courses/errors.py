"""Errors a person can be shown: each carries a translated message."""


class CoursesError(Exception):
    """A refused request; ``str(error)`` is a translated sentence for the person who asked."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
