"""A training record as a PDF: one row a course (title, hours, completion date, certificate)."""

import io
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from certification.credentials.models import TrainingRecord
from certification.credentials.pdf.draw import BOLD, fonts_register, line, qr


def _date(iso: str) -> str:
    if not iso:
        return ""
    day = date.fromisoformat(iso)
    return f"{day.day}/{day.month}/{day.year}"


def training_record_pdf(record: TrainingRecord) -> bytes:
    from certification.credentials.verification import verify_url

    fonts_register()
    facts = record.facts
    language = "ckb" if facts.get("language") == "ckb" else ("en" if facts.get("language") == "en" else "ar")
    rtl = language != "en"
    width, height = A4
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"Training record {record.serial}")
    start = width - 50 if rtl else 50
    near = "right" if rtl else "left"
    with translation.override(language):
        line(canvas, _("Training record"), x=width / 2, y=height - 70, size=24, font=BOLD)
        line(canvas, facts.get("name_ar", ""), x=width / 2, y=height - 105, size=18, font=BOLD)
        if facts.get("name_latin"):
            line(canvas, facts["name_latin"], x=width / 2, y=height - 128, size=14)
        y = height - 170
        headings = [_("Course"), _("Hours"), _("Completed"), _("Certificate")]
        # Columns from the start side: course, hours, date, certificate serial.
        offsets = [0, 250, 310, 390]
        step = -1 if rtl else 1
        for heading, offset in zip(headings, offsets, strict=True):
            line(canvas, heading, x=start + step * offset, y=y, size=11, font=BOLD, align=near)
        canvas.line(50, y - 6, width - 50, y - 6)
        y -= 24
        for row in facts.get("courses", []):
            if y < 140:
                canvas.showPage()
                y = height - 60
            cells = [row["course"], row["hours"], _date(row["completed"]), row["certificate"]]
            for cell, offset in zip(cells, offsets, strict=True):
                line(canvas, cell, x=start + step * offset, y=y, size=10, align=near)
            y -= 18
        canvas.line(50, y + 8, width - 50, y + 8)
        line(
            canvas,
            _("Total hours: %(hours)s") % {"hours": facts.get("hours", "")},
            x=start,
            y=y - 10,
            size=12,
            font=BOLD,
            align=near,
        )
        qr(canvas, verify_url(record.serial), x=50, y=40, size=90)
        line(
            canvas,
            _("Serial number: %(serial)s") % {"serial": record.serial},
            x=150,
            y=70,
            size=10,
            align="left",
        )
        line(canvas, verify_url(record.serial), x=150, y=55, size=8, align="left")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
