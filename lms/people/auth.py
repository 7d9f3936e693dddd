"""Signing in with an e-mail address, a phone number or an employee number.

An identifier is normalised once (``identifier_normalise``) and that one form serves both the
look-up of the person and the lock after repeated wrong passwords (``lockout_key``), so that
``TRAINEE@…``, ``trainee@…`` with spaces, full-width letters or a phone number typed as
``07…``, ``+964 …`` or in Arabic-Indic digits all count against the same person.
"""

import unicodedata
from typing import Any

import phonenumbers
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from lms.people.models import User

# Axes keeps the key in a 255-character column.
_KEY_LENGTH = 255


def identifier_normalise(identifier: str | None) -> str:
    """The one form of a typed identifier: NFKC, trimmed, case-folded; a phone number in E.164.

    A string that is not a valid phone number (an e-mail address, an employee number) keeps its
    folded form. Iraqi numbers may be typed nationally (``07…``), with the country code, with
    spaces or dashes, in Arabic-Indic or full-width digits.
    """
    folded = _folded(identifier)
    if not folded or "@" in folded:
        return folded
    try:
        number = phonenumbers.parse(folded, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return folded
    if not phonenumbers.is_valid_number(number):
        return folded
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _folded(identifier: str | None) -> str:
    return unicodedata.normalize("NFKC", identifier or "").strip().casefold()


def user_for_identifier(identifier: str | None) -> User | None:
    """The active or inactive user that ``identifier`` names, or None."""
    folded = _folded(identifier)
    if not folded:
        return None
    if "@" in folded:
        return _only(User.objects.filter(email__iexact=folded))
    # An employee number first, as typed (folded): some are all digits and could pass for a phone.
    by_employee_number = _only(User.objects.filter(employee_number__iexact=folded))
    if by_employee_number:
        return by_employee_number
    normalised = identifier_normalise(identifier)
    if normalised.startswith("+"):
        return User.objects.filter(phone=normalised).first()
    return None


def _only(people) -> User | None:
    """The one person matched; None when none or, for identifiers that differ only in case, several."""
    found = list(people[:2])
    return found[0] if len(found) == 1 else None


def lockout_key(request: HttpRequest | None, credentials: dict[str, Any] | None = None) -> str:
    """What Axes counts failures against (``AXES_USERNAME_CALLABLE``): one key per person.

    A known person's key is their first identifier (e-mail, else phone, else employee number)
    normalised, whichever of their identifiers was typed and however it was written; an unknown
    identifier's key is its normalised form, so its variants share a counter too.
    """
    credentials = credentials or {}
    typed = credentials.get(settings.AXES_USERNAME_FORM_FIELD)
    if typed is None and request is not None:
        typed = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    if not isinstance(typed, str):
        return ""
    user = user_for_identifier(typed)
    key = identifier_normalise(user.identifier if user is not None else typed)
    return key[:_KEY_LENGTH]


class IdentifierBackend(ModelBackend):
    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs
    ) -> User | None:
        username = username or kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        user = user_for_identifier(username)
        if user is None:
            # Hash anyway so that unknown identifiers take as long as wrong passwords.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
