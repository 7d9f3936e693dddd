"""The one error of assessment: a translated sentence for the person, and a code for callers."""


class AssessmentError(Exception):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return self.message
