"""The error a credentials service raises for a refused request, with a message for the user."""


class CredentialsError(Exception):
    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code
