"""The user manager: creating users with any one of the three identifiers."""

from typing import Any

from django.contrib.auth.base_user import BaseUserManager


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str | None, password: str | None, **fields: Any):
        user = self.model(email=self.normalize_email(email) or None, **fields)
        user.clean()
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str | None = None, password: str | None = None, **fields: Any):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str | None = None, password: str | None = None, **fields: Any):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)
