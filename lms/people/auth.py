"""Signing in with an e-mail address, a phone number or an employee number."""

import phonenumbers
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from lms.people.models import User


def user_for_identifier(identifier: str) -> User | None:
    """The active or inactive user that ``identifier`` names, or None."""
    identifier = (identifier or "").strip()
    if not identifier:
        return None
    if "@" in identifier:
        return User.objects.filter(email__iexact=identifier).first()
    by_employee_number = User.objects.filter(employee_number=identifier).first()
    if by_employee_number:
        return by_employee_number
    try:
        number = phonenumbers.parse(identifier, settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return User.objects.filter(phone=e164).first()


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
