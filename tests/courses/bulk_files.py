"""Staff lists for the bulk enrolment tests, as the Ministry of Planning's HR office would export them."""

import csv
import io
from collections.abc import Iterator

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = [
    "الاسم الكامل",
    "Name in English",
    "البريد الإلكتروني",
    "رقم الهاتف",
    "الرقم الوظيفي",
    "الجهة",
    "المحافظة",
]
FIRST = ["زينب", "علي", "حسين", "نور", "مريم", "أحمد", "سارة", "حيدر", "فاطمة", "عمر"]
FIRST_LATIN = ["Zainab", "Ali", "Hussein", "Nour", "Maryam", "Ahmed", "Sara", "Haider", "Fatima", "Omar"]
FAMILY = ["الموسوي", "الجبوري", "العبيدي", "الربيعي", "الحسيني"]
FAMILY_LATIN = ["Al-Musawi", "Al-Jubouri", "Al-Obaidi", "Al-Rubaie", "Al-Husseini"]


def staff_row(n: int, *, organisation: str = "وزارة التخطيط", governorate: str = "Baghdad") -> list[str]:
    """The ``n``-th member of staff: a unique e-mail address, phone number and employee number."""
    first, family = n % len(FIRST), (n // len(FIRST)) % len(FAMILY)
    return [
        f"{FIRST[first]} {FAMILY[family]}",
        f"{FIRST_LATIN[first]} {FAMILY_LATIN[family]}",
        f"staff{n:05d}@planning.gov.iq",
        f"0770{n:07d}",
        f"MOP-{n:05d}",
        organisation,
        governorate,
    ]


def staff_rows(count: int, start: int = 1) -> Iterator[list[str]]:
    return (staff_row(n) for n in range(start, start + count))


def csv_content(rows, header=HEADER, *, encoding: str = "utf-8-sig", delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_content(rows, header=HEADER) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_upload(rows, header=HEADER, name: str = "staff.csv", **options) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_content(rows, header, **options), content_type="text/csv")


def xlsx_upload(rows, header=HEADER, name: str = "staff.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_content(rows, header))
