"""Bulk enrolment benchmark: a 10,000-row staff list checked and applied, in rows per second.

    .venv/bin/python -m bench.bench_bulk_enrolment

Runs the embedded configuration (SQLite in WAL mode, in a file in a temporary directory) unless
$BENCH_DATABASE_URL names another database (which is migrated and written to). Celery gets an
in-memory broker, so the 10,000 enrolment notices are queued as they would be to Redis, not sent.
$BENCH_ROWS changes the size (10,000); $BENCH_FORMAT is csv (default) or xlsx.

Each phase is timed on its own: upload (reading the headers and counting the rows), the dry run,
and the application (one transaction: accounts created, everyone enrolled, notices queued).
"""

import csv
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(os.environ.get("BENCH_ROWS", "10000"))
FORMAT = os.environ.get("BENCH_FORMAT", "csv")
HEADER = [
    "الاسم الكامل",
    "Full name (English)",
    "البريد الإلكتروني",
    "رقم الهاتف",
    "الرقم الوظيفي",
    "الجهة",
    "المحافظة",
]


def staff_rows(count: int):
    first = ["زينب", "علي", "حسين", "نور", "مريم", "أحمد", "سارة", "حيدر", "فاطمة", "عمر"]
    family = ["الموسوي", "الجبوري", "العبيدي", "الربيعي", "الحسيني"]
    for n in range(1, count + 1):
        name = f"{first[n % 10]} {family[(n // 10) % 5]}"
        yield [name, f"Staff member {n}", f"staff{n:05d}@planning.gov.iq", f"0770{n:07d}", f"MOP-{n:05d}",
               "وزارة التخطيط", "بغداد"]  # fmt: skip


def staff_list(count: int, kind: str) -> bytes:
    if kind == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(HEADER)
        for row in staff_rows(count):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(staff_rows(count))
    return text.getvalue().encode("utf-8-sig")


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="tadrib-bench-bulk-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")
    os.environ["DATABASE_URL"] = (
        os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{directory / 'bench.sqlite3'}"
    )
    os.environ["MEDIA_ROOT"] = str(directory / "media")
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    os.environ["DEBUG"] = "false"

    import django

    django.setup()
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from courses.bulk import services
    from courses.enrolment import services as enrolment
    from courses.models import BulkEnrolment, CatalogueIndexPage, Cohort, CoursePage

    # The notices are queued after the commit; their time is shown apart.
    queueing = [0.0]
    queue_notices = enrolment._notify_all

    def timed_queue_notices(notices):
        start = time.perf_counter()
        queue_notices(notices)
        queueing[0] += time.perf_counter() - start

    enrolment._notify_all = timed_queue_notices

    print(f"Database: {connection.vendor} ({connection.settings_dict['NAME']}); migrating…", flush=True)
    call_command("migrate", verbosity=0)
    Organisation = django.apps.apps.get_model("people", "Organisation")
    Organisation.objects.get_or_create(
        name_ar="وزارة التخطيط", defaults={"name_en": "Ministry of Planning", "kind": "ministry"}
    )
    manager = get_user_model().objects.create_superuser(
        email=f"bench{time.time_ns()}@bench.tadrib.iq", password=None
    )
    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is None:
        from wagtail.models import Site

        catalogue = CatalogueIndexPage(title="الدورات", slug="catalogue")
        Site.objects.get(is_default_site=True).root_page.add_child(instance=catalogue)
    course = CoursePage(title="إدارة التغيير", slug=f"bench-{time.time_ns()}", summary="—")
    catalogue.add_child(instance=course)
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        course=course, title="Bench", starts_on=today + datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=12), capacity=ROWS,
    )  # fmt: skip
    content = staff_list(ROWS, FORMAT)
    print(f"{ROWS} rows, {FORMAT}, {len(content) / 1024:.0f} KB", flush=True)

    started = time.perf_counter()
    bulk = services.bulk_enrolment_upload(
        cohort=cohort, file=SimpleUploadedFile(f"staff.{FORMAT}", content), by=manager
    )
    uploaded = time.perf_counter()
    services.bulk_enrolment_map(bulk=bulk, mapping=bulk.column_mapping)
    bulk = services.bulk_enrolment_check(bulk=bulk)
    checked = time.perf_counter()
    assert bulk.status == BulkEnrolment.Status.CHECKED, bulk.error
    services.bulk_enrolment_confirm(bulk=bulk, by=manager)
    bulk = services.bulk_enrolment_apply(bulk=bulk)
    applied = time.perf_counter()
    if bulk.status != BulkEnrolment.Status.APPLIED:
        sys.exit(f"Not applied: {bulk.status} {bulk.error}")
    result = bulk.summary["result"]
    assert result["created"] + result["matched"] == ROWS, result

    def line(label: str, seconds: float) -> None:
        print(f"  {label:<40} {seconds:6.2f} s  {ROWS / seconds:8,.0f} rows/s")

    print("Bulk enrolment of a new list (everyone a new account):")
    line("upload (headers, row count)", uploaded - started)
    line("dry run", checked - uploaded)
    line("apply (one transaction)", applied - checked - queueing[0])
    line(f"queueing {ROWS:,} notices after commit", queueing[0])
    line("all three", applied - started)
    print(f"  result: {result}")


if __name__ == "__main__":
    main()
