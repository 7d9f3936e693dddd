"""Certificate issuing benchmark (issue 12, acceptance 4): a cohort of 10,000 trainees who
completed their course gets its certificates through Celery, with two worker processes.

    .venv/bin/python -m bench.bench_certificates            # costs, then the Celery run
    .venv/bin/python -m bench.bench_certificates --costs    # only the CPU cost of each step

Starts a throwaway PostgreSQL cluster (or uses $BENCH_DATABASE_URL) and a Redis server on free
loopback ports, runs production's settings as shipped (``bench.settings``; the secret key, hosts,
signing key and broker given through the environment as a deployment would), migrates, and
creates a course whose certificate template has a background, two logos and two signature images.

1. Costs: for a small cohort ($BENCH_COST_CERTIFICATES, 300) the CPU milliseconds per certificate
   of each step, measured with ``time.process_time`` around a loop (and PostgreSQL's backend CPU
   read from /proc), so the figure does not depend on the machine's other load: writing the
   pending rows (``certificates_issue_for_cohort``), the PDF, the Open Badge proof, and the whole
   render service (PDF + proof + file + state rows + signals).
2. The run: a cohort of $BENCH_CERTIFICATES (10,000) gets its certificates; timed from the
   service call until the worker (``--concurrency=2``, prefork: two processes) has issued the
   last one. Reports certificates per second, per worker process, the workers' CPU time per
   certificate, and each pool process's peak resident memory (VmHWM).
E-mails go to a dummy backend; PDFs to a temporary media directory.
"""

import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.__main__ import free_port, postgres, production_environment

ROOT = Path(__file__).resolve().parent.parent
COUNT = int(os.environ.get("BENCH_CERTIFICATES", "10000"))
COST_COUNT = int(os.environ.get("BENCH_COST_CERTIFICATES", "300"))
PROCESSES = 2
TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")


def redis_server(directory: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(directory), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    time.sleep(0.5)
    return server, f"redis://127.0.0.1:{port}/0"


def _picture(title: str, size: tuple[int, int], *, kind: str):
    """A Wagtail image like a centre would upload: a JPEG photograph-like background, PNG logos
    and signatures with transparency."""
    from django.core.files.images import ImageFile
    from PIL import Image, ImageDraw
    from wagtail.images import get_image_model

    if kind == "background":
        picture = Image.linear_gradient("L").resize(size).convert("RGB")
        picture = Image.merge("RGB", [picture.getchannel(0).point(lambda v: 225 + v // 9)] * 3)
        ImageDraw.Draw(picture).rectangle(
            (30, 30, size[0] - 30, size[1] - 30), outline=(26, 77, 115), width=12
        )
        name, fmt = f"{title}.jpg", "JPEG"
    else:
        picture = Image.new("RGBA", size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(picture)
        if kind == "logo":
            draw.ellipse((10, 10, size[0] - 10, size[1] - 10), fill=(26, 77, 115, 255))
            draw.ellipse((60, 60, size[0] - 60, size[1] - 60), fill=(240, 200, 80, 255))
        else:
            draw.line([(20, size[1] - 40), (size[0] // 3, 30), (size[0] // 2, size[1] - 60), (size[0] - 20, 40)],
                      fill=(10, 30, 120, 255), width=8)  # fmt: skip
        name, fmt = f"{title}.png", "PNG"
    data = io.BytesIO()
    picture.save(data, fmt)
    return get_image_model().objects.create(title=title, file=ImageFile(data, name=name))


def template():
    from certification.credentials.models import CertificateTemplate, TemplateSignature

    made = CertificateTemplate.objects.create(
        name="شهادة مركز التدريب",
        background=_picture("background", (1754, 1240), kind="background"),
        logo_start=_picture("university", (400, 350), kind="logo"),
        logo_end=_picture("ministry", (400, 350), kind="logo"),
    )
    for order, (name, title) in enumerate(
        [
            ("أ.د. سعاد كاظم الموسوي", "مديرة مركز التدريب والتطوير"),
            ("م. حيدر عبد الأمير", "منسق البرنامج الوطني"),
        ]
    ):
        TemplateSignature.objects.create(
            template=made,
            name=name,
            title=title,
            sort_order=order,
            image=_picture(f"signature {order}", (600, 225), kind="signature"),
        )
    return made


def cohort(count: int, *, slug: str, template_) -> int:
    """A course with a certificate rule and a cohort of ``count`` trainees who completed it."""
    from django.utils import timezone
    from wagtail.models import Page

    from certification.credentials.models import IssuingRule
    from courses.models import CatalogueIndexPage, Cohort, CoursePage, Enrolment
    from lms.people.models import User

    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is None:
        home = Page.objects.get(depth=2)
        catalogue = home.add_child(instance=CatalogueIndexPage(title="الدورات", slug="catalogue"))
    course = catalogue.add_child(
        instance=CoursePage(title="أطر الحوكمة الإلكترونية", slug=slug, summary="…", duration_hours=30)
    )
    group = Cohort.objects.create(
        course=course, title="البصرة", starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    IssuingRule.objects.create(course=course, template=template_, valid_months=24)
    users = User.objects.bulk_create(
        User(
            email=f"t{n}@{slug}.bench.iq",
            full_name_ar=f"متدرب رقم {n} عبد الرحمن الموسوي",
            full_name_latin=f"Trainee {n} Abdulrahman Al-Musawi",
            preferred_language="ckb" if n % 5 == 0 else "ar",
        )
        for n in range(count)
    )
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(user=u, cohort=group, state=Enrolment.State.COMPLETED, completed_at=now) for u in users
    )
    return group.pk


def proc_cpu_ms(pid: int, *, children: bool = False) -> float:
    """CPU time (user + system) of a process, with its waited-for children's if asked."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks * TICK_MS


def postgres_cpu_ms() -> float:
    """CPU of the whole PostgreSQL cluster: the postmaster, its live processes, and the ended ones."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW data_directory")
        directory = cursor.fetchone()[0]
    postmaster = int(Path(directory, "postmaster.pid").read_text().split()[0])
    return proc_cpu_ms(postmaster, children=True) + sum(proc_cpu_ms(pid) for pid in children_of(postmaster))


def children_of(parent: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            pids.append(int(stat.parent.name))
    return pids


def peak_memory_kib(pids: list[int]) -> dict[int, int]:
    """VmHWM (peak resident set) of processes, read before they stop."""
    peaks = {}
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks[pid] = int(line.split()[1])
    return peaks


def purge() -> None:
    """Drop the tasks the costs queued (their certificates are already made)."""
    from lms.celery import app

    app.control.purge()


def costs(cohort_id: int, staff) -> dict[str, float]:
    """CPU ms per certificate of each step, in this process (and PostgreSQL's, for the rows)."""
    from certification.credentials.badges import credential_sign
    from certification.credentials.models import Certificate
    from certification.credentials.pdf import certificate_pdf
    from certification.credentials.services import certificates_issue_for_cohort, certificates_render
    from certification.credentials.services.issuing import RENDER_CHUNK, RENDER_RELATED

    figures = {}
    started, database = time.process_time(), postgres_cpu_ms()
    certificates_issue_for_cohort(cohort_id=cohort_id, by=staff)
    figures["rows"] = (time.process_time() - started) * 1000 / COST_COUNT
    figures["rows_postgresql"] = (postgres_cpu_ms() - database) / COST_COUNT
    purge()
    certificates = list(
        Certificate.objects.filter(enrolment__cohort_id=cohort_id).select_related(*RENDER_RELATED)
    )
    assert len(certificates) == COST_COUNT, len(certificates)
    for certificate in certificates[:5]:  # fonts loaded, images read, caches warm
        certificate_pdf(certificate)
        credential_sign(certificate)
    for name, step in (("pdf", certificate_pdf), ("proof", credential_sign)):
        started = time.process_time()
        for certificate in certificates:
            step(certificate)
        figures[name] = (time.process_time() - started) * 1000 / len(certificates)
    started, database = time.process_time(), postgres_cpu_ms()
    ids = [certificate.pk for certificate in certificates]
    for start in range(0, len(ids), RENDER_CHUNK):  # as the workers do: a task a chunk
        certificates_render(certificate_ids=ids[start : start + RENDER_CHUNK])
    figures["render"] = (time.process_time() - started) * 1000 / len(certificates)
    figures["render_postgresql"] = (postgres_cpu_ms() - database) / len(certificates)
    purge()
    assert Certificate.objects.filter(enrolment__cohort_id=cohort_id, state="issued").count() == COST_COUNT
    return figures


def celery_run(work: Path, cohort_id: int, staff) -> None:
    from certification.credentials.models import Certificate
    from certification.credentials.services import certificates_issue_for_cohort

    task_cpu = work / "task-cpu"
    task_cpu.mkdir()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.celery_worker",
            f"--concurrency={PROCESSES}",
            "--loglevel=warning",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env={**os.environ, "BENCH_TASK_CPU_DIR": str(task_cpu)},
        stdout=(work / "celery.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    issued = Certificate.objects.filter(enrolment__cohort_id=cohort_id, state=Certificate.State.ISSUED)
    failed = Certificate.objects.filter(enrolment__cohort_id=cohort_id, state=Certificate.State.FAILED)
    try:
        for _ in range(120):  # until the worker's pool is up
            if len(children_of(worker.pid)) >= PROCESSES:
                break
            time.sleep(0.5)
        time.sleep(2)
        pool = children_of(worker.pid)
        cpu_before = sum(proc_cpu_ms(pid) for pid in [worker.pid, *pool])
        database = postgres_cpu_ms()
        started = time.monotonic()
        summary = certificates_issue_for_cohort(cohort_id=cohort_id, by=staff)
        queued = time.monotonic() - started
        print(
            f"pending rows: {len(summary.issued)} written and their tasks queued in {queued:.1f} s",
            flush=True,
        )
        done = 0
        while done < COUNT:
            time.sleep(0.5)
            done = issued.count()
            if failed.exists() or worker.poll() is not None:
                sys.exit(
                    f"{failed.count()} certificates failed, worker {worker.poll()}: "
                    + (work / "celery.log").read_text()[-2000:]
                )
        elapsed = time.monotonic() - started
        # The e-mail tasks queued last: the worker's CPU counts them too.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not _delivered(task_cpu):
            time.sleep(0.5)
        pool = children_of(worker.pid)
        cpu = sum(proc_cpu_ms(pid) for pid in [worker.pid, *pool]) - cpu_before
        database = postgres_cpu_ms() - database
        peaks = peak_memory_kib(pool)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
    rate = COUNT / elapsed
    print(f"issued: {COUNT} in {elapsed:.1f} s = {rate:.1f} certificates/s "
          f"= {rate / PROCESSES:.1f} per worker process (os.cpu_count()={os.cpu_count()})")  # fmt: skip
    print(f"worker CPU: {cpu / COUNT:.1f} ms per certificate = {1000 * COUNT / cpu:.1f} certificates per CPU-second; "
          f"PostgreSQL CPU: {database / COUNT:.1f} ms per certificate")  # fmt: skip
    print("peak RSS per worker process (MiB): " + ", ".join(f"{kib / 1024:.0f}" for kib in peaks.values()))
    tasks = task_cpu_figures(task_cpu)
    inside = sum(figures["ms"] for figures in tasks.values())
    print("worker CPU ms per certificate, by where it went (bench.celery_worker):")
    for name, figures in sorted(tasks.items()):
        print(f"  {name.rsplit('.', 1)[-1]:28} {figures['ms'] / COUNT:6.2f}  ({figures['count']} tasks; "
              f"their processes' first: {figures['first_ms']:.0f} ms)")  # fmt: skip
    print(
        f"  {'Celery, outside the tasks':28} {(cpu - inside) / COUNT:6.2f}  (the consumer, the pool's messaging)"
    )


def task_cpu_figures(directory: Path) -> dict[str, dict]:
    """bench.celery_worker's per-process figures, summed by task name."""
    tasks: dict[str, dict] = {}
    for path in directory.glob("*.json"):
        for name, figures in json.loads(path.read_text())["tasks"].items():
            total = tasks.setdefault(name, {"count": 0, "ms": 0.0, "first_ms": 0.0})
            for key in total:
                total[key] += figures[key]
    return tasks


def _delivered(directory: Path) -> bool:
    """Every render task's e-mail task has run (each chunk that issued queues one)."""
    tasks = task_cpu_figures(directory)
    counts = {name.rsplit(".", 1)[-1]: figures["count"] for name, figures in tasks.items()}
    return counts.get("certificates_deliver_task", 0) >= counts.get("certificates_render_task", 0)


def main() -> None:
    only_costs = "--costs" in sys.argv[1:]
    work = Path(tempfile.mkdtemp(prefix="tadrib-bench-certificates-"))
    server, redis_url = redis_server(work)
    try:
        with postgres() as database_url:
            os.environ.update(
                production_environment(database_url, redis_url),
                CELERY_BROKER_URL=redis_url,
                CERTIFICATION_SIGNING_KEY=secrets.token_hex(32),
                SITE_URL="https://tadrib.example",
                MEDIA_ROOT=str(work / "media"),
                EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
            )
            import django

            django.setup()
            from django.core.management import call_command

            from lms.people.models import User

            call_command("migrate", verbosity=0)
            staff = User.objects.create(email="director@bench.iq", is_staff=True, is_superuser=True)
            pictures = template()
            figures = costs(cohort(COST_COUNT, slug="costs", template_=pictures), staff)
            print(f"CPU ms per certificate (time.process_time, {COST_COUNT} certificates, one process):")
            print(f"  pending rows   {figures['rows']:6.2f}  (+ PostgreSQL {figures['rows_postgresql']:.2f})")
            print(f"  PDF            {figures['pdf']:6.2f}")
            print(f"  proof          {figures['proof']:6.2f}")
            print(f"  render service {figures['render']:6.2f}  (+ PostgreSQL {figures['render_postgresql']:.2f})"
                  "  = PDF + proof + file + state rows + signals")  # fmt: skip
            per_certificate = figures["rows"] + figures["render"]
            print(
                f"  together       {per_certificate:6.2f}  = {1000 / per_certificate:.1f} certificates/s per core"
            )
            if not only_costs:
                celery_run(work, cohort(COUNT, slug="run", template_=pictures), staff)
    finally:
        server.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
