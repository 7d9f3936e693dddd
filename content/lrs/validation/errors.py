"""The one error the validator raises: the path of the offending property and why."""


class XapiValidationError(ValueError):
    """A statement, agent or parameter breaks a rule of the xAPI specification (answered 400)."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)
