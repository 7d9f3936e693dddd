"""Errors the LRS answers with a status code of the specification (xAPI 1.0.3, Communication 3.2)."""

from .validation import XapiValidationError


class LrsError(Exception):
    status = 400

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class BadRequest(LrsError):
    status = 400


class Unauthorized(LrsError):
    status = 401


class Forbidden(LrsError):
    status = 403


class NotFound(LrsError):
    status = 404


class MethodNotAllowed(LrsError):
    status = 405


class RequestTimeout(LrsError):
    status = 408


class Conflict(LrsError):
    status = 409


class LengthRequired(LrsError):
    status = 411


class PreconditionFailed(LrsError):
    status = 412


class TooLarge(LrsError):
    status = 413


__all__ = [
    "BadRequest",
    "Conflict",
    "Forbidden",
    "LengthRequired",
    "LrsError",
    "MethodNotAllowed",
    "NotFound",
    "PreconditionFailed",
    "RequestTimeout",
    "TooLarge",
    "Unauthorized",
    "XapiValidationError",
]
