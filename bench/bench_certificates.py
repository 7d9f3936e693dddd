"""Certificate issuing benchmark (issue 12, acceptance 4): a cohort of 10,000 trainees who
completed their course gets its certificates through Celery, with two worker processes.

    .venv/bin/python -m bench.bench_certificates

Starts a throwaway PostgreSQL cluster (or uses $BENCH_DATABASE_URL) and a Redis server on free
loopback ports, migrates, creates the cohort (completed enrolments written in bulk), then times
``certificates_issue_for_cohort`` — one transaction writing the pending rows — until the worker
(``--concurrency=2``, prefork: two processes) has made every PDF and signed every credential.
Reports certificates per second, per core, and the peak resident memory of each worker process.
E-mails go to a dummy backend; PDFs to a temporary media directory. $BENCH_CERTIFICATES: 10,000.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import free_port, postgres

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("BENCH_CERTIFICATES", "10000"))
PROCESSES = 2


def redis_server(directory: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return server, f"redis://127.0.0.1:{port}"


def cohort(count: int) -> tuple[int, int]:
    """A course with a certificate rule, a cohort of ``count`` completed trainees; (cohort, staff)."""
    from django.utils import timezone
    from wagtail.models import Site

    from certification.credentials.models import CertificateTemplate, IssuingRule
    from courses.models import CatalogueIndexPage, Cohort, CoursePage, Enrolment
    from lms.people.models import User

    home = Site.objects.get(is_default_site=True).root_page
    catalogue = home.add_child(instance=CatalogueIndexPage(title="الدورات", slug="catalogue"))
    course = catalogue.add_child(
        instance=CoursePage(
            title="أطر الحوكمة الإلكترونية", slug="frameworks", summary="…", duration_hours=30
        )
    )
    group = Cohort.objects.create(
        course=course, title="البصرة", starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    IssuingRule.objects.create(
        course=course, template=CertificateTemplate.objects.create(name="t"), valid_months=24
    )
    users = User.objects.bulk_create(
        User(email=f"t{n}@bench.iq", full_name_ar=f"متدرب رقم {n} الموسوي", full_name_latin=f"Trainee {n}")
        for n in range(count)
    )
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(user=u, cohort=group, state=Enrolment.State.COMPLETED, completed_at=now) for u in users
    )
    staff = User.objects.create(email="director@bench.iq", is_staff=True, is_superuser=True)
    return group.pk, staff.pk


def peak_memory_kib(parent: int) -> dict[int, int]:
    """VmHWM (peak resident set) of the worker's pool processes, read before they stop."""
    peaks = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if int(fields.get("PPid", "0")) == parent and "VmHWM" in fields:
            peaks[int(status.parent.name)] = int(fields["VmHWM"].split()[0])
    return peaks


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="tadrib-bench-certificates-"))
    server, redis_url = redis_server(work)
    try:
        with postgres() as database_url:
            os.environ.update(
                DATABASE_URL=database_url,
                DJANGO_SETTINGS_MODULE="bench.settings",
                CELERY_BROKER_URL=redis_url,
                REDIS_URL=redis_url,
                MEDIA_ROOT=str(work / "media"),
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            )
            import django

            django.setup()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            cohort_id, staff_id = cohort(COUNT)
            worker = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "lms",
                    "worker",
                    f"--concurrency={PROCESSES}",
                    "--loglevel=warning",
                    "--without-mingle",
                    "--without-gossip",
                ],
                cwd=ROOT,
                stdout=(work / "celery.log").open("w"),
                stderr=subprocess.STDOUT,
            )
            from certification.credentials.models import Certificate
            from certification.credentials.services import certificates_issue_for_cohort
            from lms.people.models import User

            time.sleep(5)  # the worker's pool is up
            started = time.monotonic()
            summary = certificates_issue_for_cohort(cohort_id=cohort_id, by=User.objects.get(pk=staff_id))
            queued = time.monotonic() - started
            done = 0
            while done < COUNT:
                time.sleep(1)
                done = Certificate.objects.filter(state=Certificate.State.ISSUED).count()
                failed = Certificate.objects.filter(state=Certificate.State.FAILED).count()
                if failed or worker.poll() is not None:
                    sys.exit(
                        f"{failed} certificates failed, worker {worker.poll()}: {(work / 'celery.log').read_text()[-2000:]}"
                    )
            elapsed = time.monotonic() - started
            peaks = peak_memory_kib(worker.pid)
            worker.terminate()
            worker.wait(timeout=30)
            rate = COUNT / elapsed
            print(f"certificates: {len(summary.issued)} pending rows written in {queued:.1f} s")
            print(f"issued: {COUNT} in {elapsed:.1f} s = {rate:.1f} certificates/s "
                  f"= {rate / PROCESSES:.1f} per worker process (os.cpu_count()={os.cpu_count()})")  # fmt: skip
            print(
                "peak RSS per worker process (MiB): "
                + ", ".join(f"{kib / 1024:.0f}" for kib in peaks.values())
            )
    finally:
        server.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
