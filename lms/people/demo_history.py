"""Two years of a training-of-trainers network for the demo's reports: master trainers, the
trainers they trained and thousands of officials across the governorates, created in bulk
(unusable passwords: nobody signs in as them). Idempotent: nothing is added the second time."""

import random

from django.contrib.auth.models import Group
from django.db import transaction

from lms.people.models import Governorate, Organisation, User
from lms.people.roles import Role

PREFIX = "HIST-"
MASTER_TRAINERS, TRAINERS, OFFICIALS = 8, 40, 4000
FIRST = ["علي", "حسين", "زينب", "فاطمة", "محمد", "مريم", "أحمد", "نور", "سارة", "عباس", "هدى", "كرار"]
LAST = ["الموسوي", "الجبوري", "العبيدي", "الحسيني", "التميمي", "الربيعي", "الساعدي", "الخفاجي"]


def _person(rng: random.Random, number: int, governorates, organisations, **fields) -> User:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return User(
        employee_number=f"{PREFIX}{number:05d}",
        full_name_ar=f"{first} {last}",
        gender=rng.choice(["female", "male"]),
        governorate=None if rng.random() < 0.04 else rng.choice(governorates),
        organisation=None if rng.random() < 0.05 else rng.choice(organisations),
        password="!",
        **fields,
    )


@transaction.atomic
def load() -> list[str]:
    if User.objects.filter(employee_number__startswith=PREFIX).exists():
        return []
    rng = random.Random(13)  # noqa: S311 — a repeatable demo, not a secret
    governorates = list(Governorate.objects.all())
    organisations = list(Organisation.objects.all())
    masters = User.objects.bulk_create(
        [_person(rng, n, governorates, organisations) for n in range(MASTER_TRAINERS)]
    )
    trainers = User.objects.bulk_create(
        [
            _person(
                rng,
                MASTER_TRAINERS + n,
                governorates,
                organisations,
                master_trainer=masters[n % MASTER_TRAINERS],
            )
            for n in range(TRAINERS)
        ]
    )
    User.objects.bulk_create(
        [_person(rng, MASTER_TRAINERS + TRAINERS + n, governorates, organisations) for n in range(OFFICIALS)]
    )
    through = User.groups.through
    for role, people in ((Role.MASTER_TRAINER, masters), (Role.INSTRUCTOR, trainers)):
        group, _ = Group.objects.get_or_create(name=role.value)
        through.objects.bulk_create([through(user_id=p.pk, group_id=group.pk) for p in people])
    return [f"history: {MASTER_TRAINERS} master trainers, {TRAINERS} trainers, {OFFICIALS} officials"]


def history_people() -> tuple[list[int], list[int]]:
    """(trainer ids, official ids) of the demo history."""
    people = User.objects.filter(employee_number__startswith=PREFIX)
    trainers = list(people.filter(master_trainer__isnull=False).values_list("pk", flat=True))
    masters = people.filter(groups__name=Role.MASTER_TRAINER.value).values_list("pk", flat=True)
    officials = list(
        people.filter(master_trainer__isnull=True).exclude(pk__in=masters).values_list("pk", flat=True)
    )
    return trainers + list(masters), officials
