"""Factories for people and places."""

import factory
from django.contrib.auth.models import Group

from lms.people.models import Governorate, Organisation, TrainingHub, User
from lms.people.roles import Role

PASSWORD = "correct-horse-battery-staple"


def governorate(code: str = "basra") -> Governorate:
    """A governorate seeded by migration."""
    return Governorate.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_ar = factory.Sequence(lambda n: f"مديرية رقم {n}")
    name_en = factory.Sequence(lambda n: f"Directorate {n}")
    kind = Organisation.Kind.OTHER


class TrainingHubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingHub

    name_ar = factory.Sequence(lambda n: f"مركز تدريب {n}")
    name_en = factory.Sequence(lambda n: f"Training hub {n}")
    governorate = factory.LazyFunction(governorate)
    capacity = 30


class UserFactory(factory.django.DjangoModelFactory):
    """A person with an e-mail address and the password ``PASSWORD``; ``role`` adds a role group."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.iq")
    full_name_ar = factory.Sequence(lambda n: f"متدرب رقم {n}")
    full_name_latin = factory.Sequence(lambda n: f"Trainee {n}")

    @factory.post_generation
    def password(self, create: bool, value: str | None, **kwargs) -> None:
        self.set_password(value or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def role(self, create: bool, value: Role | None, **kwargs) -> None:
        if create and value:
            self.groups.add(Group.objects.get_or_create(name=value.value)[0])
