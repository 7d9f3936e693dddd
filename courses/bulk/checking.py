"""Every row of a staff list cleaned and checked: the dry run, and the first step of applying.

A ``Checker`` walks the rows chunk by chunk and keeps what it has seen across chunks (people
already listed, seats left), so that the dry run and the application, which both use it, agree
row for row. A row's problems are codes with their values (``{"code": "invalid_phone",
"value": "0770"}``), stored in ``BulkEnrolment.report`` and put into words by ``problem_text``
in the language of whoever reads the report.

Rows beyond the cohort's capacity are not problems: ``enrolment_invite`` puts them on the
cohort's waiting list in every enrolment mode (a freed seat goes to the first in line), so the
dry run counts them and says from which row the waiting list starts, and staff can raise the
capacity before confirming if they want everyone seated.

Existing people are matched by employee number, then e-mail address (whatever its case), then
phone number; a matched account is enrolled as it is and never changed. Someone who already holds
a seat in the cohort is left out ("already enrolled"); someone with a pending request or on the
waiting list is listed like anyone else, and ``enrolment_invite`` seats them if a seat is free.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import phonenumbers
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from courses.bulk.mapping import IDENTIFIERS, field_label
from courses.enrolment.services import seats_taken
from courses.models import Cohort, Enrolment
from courses.text import normalise
from lms.api import governorate_name_rows, organisation_name_rows, people_matching

PHONE_REGION = "IQ"
MAX_LENGTHS = {
    "full_name_ar": 200,
    "full_name_latin": 200,
    "job_title": 200,
    "employee_number": 40,
    "email": 254,
}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_GENDERS = {
    "female": ("female", "f", "woman", "أنثى", "انثى", "انثي", "أنثي", "امرأة", "مێ", "ئافرەت", "ژن"),
    "male": ("male", "m", "man", "ذكر", "رجل", "نێر", "پیاو"),
}
_GENDER_OF = {normalise(word): gender for gender, words in _GENDERS.items() for word in words}


@dataclass
class RowPlan:
    """One row, cleaned: what would be done with it, or why it is left out."""

    row: int
    values: dict[str, Any]
    problems: list[dict[str, Any]] = field(default_factory=list)
    user_id: int | None = None  # the existing person it names
    waitlisted: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def chunked(rows: Iterable[tuple[int, list[str]]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Checker:
    """Checks rows for one cohort and one mapping; call ``check`` with successive chunks."""

    def __init__(self, *, cohort: Cohort, mapping: dict[str, str], headers: list[str]) -> None:
        self.cohort = cohort
        self.columns = {name: headers.index(header) for name, header in mapping.items() if header in headers}
        self.organisations = _index(organisation_name_rows())
        self.governorates = _index(governorate_name_rows())
        self.seats_left_at_start = max(cohort.capacity - seats_taken(cohort), 0)
        self.seats_left = self.seats_left_at_start
        self.waitlist_from_row: int | None = None
        # ("email", "a@b.iq") → the row that first named it; an existing person → their first row.
        self._seen: dict[tuple[str, str], int] = {}
        self._people_seen: dict[int, int] = {}
        self.counts: Counter[str] = Counter()

    def check(self, rows: list[tuple[int, list[str]]]) -> list[RowPlan]:
        plans = [self._clean(number, cells) for number, cells in rows]
        existing = self._existing_people(plans)
        for plan in plans:
            self._match(plan, existing)
        self._already_enrolled([plan for plan in plans if plan.ok and plan.user_id])
        for plan in plans:
            self._finish(plan)
        return plans

    # -- One row on its own ---------------------------------------------------------------------

    def _cell(self, cells: list[str], name: str) -> str:
        index = self.columns.get(name)
        return " ".join(cells[index].split()) if index is not None else ""

    def _clean(self, number: int, cells: list[str]) -> RowPlan:
        plan = RowPlan(row=number, values={})
        values, problems = plan.values, plan.problems
        for name in ("full_name_ar", "full_name_latin", "job_title"):
            values[name] = self._cell(cells, name)
        values["employee_number"] = self._cell(cells, "employee_number").translate(_DIGITS).replace(" ", "")
        email = self._cell(cells, "email").replace(" ", "")
        if email:
            try:
                validate_email(email)
                values["email"] = BaseUserManager.normalize_email(email)
            except ValidationError:
                problems.append({"code": "invalid_email", "value": email})
        phone = self._cell(cells, "phone")
        if phone:
            values["phone"] = _phone(phone)
            if values["phone"] is None:
                problems.append({"code": "invalid_phone", "value": phone})
        gender = self._cell(cells, "gender")
        values["gender"] = _GENDER_OF.get(normalise(gender), "") if gender else ""
        if gender and not values["gender"]:
            problems.append({"code": "invalid_gender", "value": gender})
        for name, places, code in (
            ("organisation", self.organisations, "organisation"),
            ("governorate", self.governorates, "governorate"),
        ):
            text = self._cell(cells, name)
            found = places.get(normalise(text), set()) if text else set()
            if text and not found:
                problems.append({"code": f"unknown_{code}", "value": text})
            elif len(found) > 1:
                problems.append({"code": f"ambiguous_{code}", "value": text})
            values[f"{name}_id"] = next(iter(found)) if len(found) == 1 else None
        for name, limit in MAX_LENGTHS.items():
            if len(values.get(name) or "") > limit:
                problems.append({"code": "too_long", "field": name, "max": limit})
        if not any(self._cell(cells, name) for name in IDENTIFIERS):
            problems.append({"code": "missing_identifier"})
        return plan

    def _identifiers(self, plan: RowPlan) -> list[tuple[str, str]]:
        """The row's valid identifiers, in matching order; e-mail addresses compared in lower case."""
        keys = []
        for name in IDENTIFIERS:
            value = plan.values.get(name)
            if value:
                keys.append((name, value.lower() if name == "email" else value))
        return keys

    # -- Against the file and the database ----------------------------------------------------

    def _existing_people(self, plans: list[RowPlan]) -> dict[tuple[str, str], int]:
        wanted: dict[str, set[str]] = {name: set() for name in IDENTIFIERS}
        for plan in plans:
            for name, value in self._identifiers(plan):
                wanted[name].add(value)
        return people_matching(
            emails=wanted["email"], phones=wanted["phone"], employee_numbers=wanted["employee_number"]
        )

    def _match(self, plan: RowPlan, existing: dict[tuple[str, str], int]) -> None:
        keys = self._identifiers(plan)
        earlier = next((self._seen[key] for key in keys if key in self._seen), None)
        for key in keys:
            self._seen.setdefault(key, plan.row)
        if earlier is not None:
            # The rest (matching, enrolment) was decided on the earlier row.
            plan.problems.append({"code": "duplicate_in_file", "other_row": earlier})
            return
        people = list(dict.fromkeys(existing[key] for key in keys if key in existing))
        if len(people) > 1:
            plan.problems.append({"code": "identifier_conflict"})
            return
        if people:
            plan.user_id = people[0]
            first_row = self._people_seen.setdefault(plan.user_id, plan.row)
            if first_row != plan.row:
                plan.problems.append({"code": "duplicate_in_file", "other_row": first_row})

    def _already_enrolled(self, plans: list[RowPlan]) -> None:
        states = dict(
            Enrolment.objects.filter(cohort=self.cohort, user_id__in=[plan.user_id for plan in plans])
            .filter(state__in=Enrolment.SEATED)
            .values_list("user_id", "state")
        )
        for plan in plans:
            if plan.user_id in states:
                plan.problems.append({"code": "already_enrolled", "state": states[plan.user_id]})

    def _finish(self, plan: RowPlan) -> None:
        if (
            plan.ok
            and plan.user_id is None
            and not (plan.values["full_name_ar"] or plan.values["full_name_latin"])
        ):
            plan.problems.append({"code": "missing_name"})
        self.counts["rows"] += 1
        if not plan.ok:
            self.counts["problems"] += 1
            return
        self.counts["to_match" if plan.user_id else "to_create"] += 1
        if self.seats_left > 0:
            self.seats_left -= 1
            self.counts["to_seat"] += 1
        else:
            plan.waitlisted = True
            self.counts["to_waitlist"] += 1
            if self.waitlist_from_row is None:
                self.waitlist_from_row = plan.row

    def summary(self) -> dict[str, Any]:
        keys = ("rows", "problems", "to_create", "to_match", "to_seat", "to_waitlist")
        return {
            **{key: self.counts[key] for key in keys},
            "seats_left": self.seats_left_at_start,
            "waitlist_from_row": self.waitlist_from_row,
        }


def _phone(text: str) -> str | None:
    """The number in E.164 form (Iraqi when written without a country code), or None if invalid."""
    try:
        number = phonenumbers.parse(text.translate(_DIGITS), PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _index(rows: Iterable[tuple]) -> dict[str, set[int]]:
    """Normalised name (or code) → the ids of the places that bear it."""
    index: dict[str, set[int]] = {}
    for pk, *names in rows:
        for name in names:
            if name:
                index.setdefault(normalise(name), set()).add(pk)
    return index


def problem_text(problem: dict[str, Any]) -> str:
    """One problem as a sentence in the active language."""
    # Values from the file are isolated so that Latin text reads right inside Arabic sentences.
    value = f"\u2068{problem.get('value', '')}\u2069"
    code = problem.get("code")
    if code == "invalid_phone":
        return _("The phone number “%(value)s” is not valid.") % {"value": value}
    if code == "invalid_email":
        return _("The e-mail address “%(value)s” is not valid.") % {"value": value}
    if code == "invalid_gender":
        return _("The gender “%(value)s” is not understood: write male or female.") % {"value": value}
    if code == "unknown_organisation":
        return _("No organisation is called “%(value)s”.") % {"value": value}
    if code == "ambiguous_organisation":
        return _("Several organisations are called “%(value)s”.") % {"value": value}
    if code == "unknown_governorate":
        return _("No governorate is called “%(value)s”.") % {"value": value}
    if code == "ambiguous_governorate":
        return _("Several governorates are called “%(value)s”.") % {"value": value}
    if code == "too_long":
        return _("“%(field)s” is longer than %(max)s characters.") % {
            "field": field_label(problem["field"]),
            "max": problem["max"],
        }
    if code == "missing_identifier":
        return _("No e-mail address, phone number or employee number.")
    if code == "missing_name":
        return _("No name: a new account needs one.")
    if code == "duplicate_in_file":
        return _("The same person as row %(row)s.") % {"row": problem["other_row"]}
    if code == "identifier_conflict":
        return _("Its identifiers belong to two different existing people.")
    if code == "already_enrolled":
        return _("Already in this cohort (%(state)s).") % {"state": Enrolment.State(problem["state"]).label}
    return str(code)


def dry_run(*, bulk, chunk_rows: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Check every row of ``bulk``'s file: its summary, and the rows with problems.

    Progress goes to ``courses.bulk.live`` after each chunk; raises ``live.Cancelled`` between
    chunks when someone cancels, and ``UnreadableFile`` when the file breaks half-way.
    """
    from courses.bulk import live
    from courses.bulk.reading import open_table

    report: list[dict[str, Any]] = []
    with bulk.file.open("rb") as file, open_table(file, name=bulk.original_name) as table:
        checker = Checker(cohort=bulk.cohort, mapping=bulk.column_mapping, headers=table.headers)
        done = 0
        for chunk in chunked(table.rows, chunk_rows):
            live.stop_if_cancelled(bulk.pk)
            report += [{"row": p.row, "problems": p.problems} for p in checker.check(chunk) if not p.ok]
            done += len(chunk)
            live.progress_set(bulk.pk, "checking", done)
    return checker.summary(), report
