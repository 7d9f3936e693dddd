"""A certificate as a PDF: title and text in the trainee's right-to-left language and in English,
names in both scripts, signatures, and a QR code to the public verification page."""

import io
from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape, letter, portrait
from reportlab.pdfgen.canvas import Canvas

from certification.credentials.models import Certificate, CertificateTemplate
from certification.credentials.pdf.draw import (
    BOLD,
    fonts_register,
    line,
    paragraph,
    picture,
    qr,
    shared_glyphs,
)
from certification.credentials.pdf.text import base_level


def rtl_language(facts: dict) -> str:
    """Kurdish for a trainee who reads Kurdish, else Arabic: the certificate's first language."""
    return "ckb" if facts.get("language") == "ckb" else "ar"


def filled(text: str, facts: dict, *, language: str) -> str:
    """The template's text with its placeholders replaced; unknown ones are left as written."""
    day = date.fromisoformat(facts["date"]) if facts.get("date") else None
    expires = date.fromisoformat(facts["expires"]) if facts.get("expires") else None
    latin = language == "en"
    values = {
        "name": (facts.get("name_latin") or facts.get("name_ar", "")) if latin else facts.get("name_ar", ""),
        "course": facts.get("course", ""),
        "hours": facts.get("hours", ""),
        # d/m/y with slashes: in Arabic text the numbers and slashes stay one left-to-right run.
        "date": _day(day, latin),
        "expires": _day(expires, latin),
        "grade": facts.get("grade", ""),
        "serial": facts.get("serial", ""),
        "hub": facts.get("hub", ""),
        "instructor": facts.get("instructor", ""),
        "sessions": str(facts.get("sessions_delivered") or ""),
    }

    class Keep(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return text.format_map(Keep({key: _embedded(value, rtl=not latin) for key, value in values.items()}))


# Unicode isolates (LRI / RLI … PDI). A value keeps its own direction inside the
# sentence: without them "أطر الحوكمة (30 hours)" in English shows "30) أطر …", because digits
# after Arabic letters take the Arabic side (rule W2 of the bidi algorithm).
LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"


def _embedded(value: str, *, rtl: bool) -> str:
    if not value:
        return value
    value_rtl = base_level(value) == 1
    if value_rtl == rtl:
        return value
    return f"{RLI if value_rtl else LRI}{value}{PDI}"


def _day(day: date | None, latin: bool) -> str:
    if day is None:
        return ""
    return day.strftime("%-d %B %Y") if latin else f"{day.day}/{day.month}/{day.year}"


def page_size(template: CertificateTemplate) -> tuple[float, float]:
    size = A4 if template.page_size == CertificateTemplate.PageSize.A4 else letter
    return (
        landscape(size)
        if template.orientation == CertificateTemplate.Orientation.LANDSCAPE
        else portrait(size)
    )


def certificate_pdf_bytes(
    *,
    template: CertificateTemplate,
    facts: dict,
    serial: str,
    verify_url: str,
    signatures: list | None = None,
) -> bytes:
    """The PDF of a certificate with these printed facts (``signatures``: the template's, when the
    caller has read them already)."""
    fonts_register()
    width, height = page_size(template)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    with shared_glyphs(canvas):
        canvas.setTitle(f"{template.title_en} {serial}")
        canvas.setAuthor("Tadrib")
        picture(canvas, template.background, x=0, y=0, width=width, height=height)
        if template.background is None:
            canvas.setStrokeColorRGB(0.1, 0.3, 0.45)
            canvas.setLineWidth(3)
            canvas.rect(20, 20, width - 40, height - 40)
        picture(canvas, template.logo_end, x=40, y=height - 110, width=80, height=70)
        picture(canvas, template.logo_start, x=width - 120, y=height - 110, width=80, height=70)

        facts = {**facts, "serial": serial}
        rtl = rtl_language(facts)
        centre = width / 2
        text_width = width - 200
        title = template.title_ckb if rtl == "ckb" else template.title_ar
        body = template.body_ckb if rtl == "ckb" else template.body_ar
        canvas.setFillColorRGB(0.1, 0.3, 0.45)
        line(canvas, title, x=centre, y=height - 90, size=30, font=BOLD)
        line(canvas, template.title_en, x=centre, y=height - 126, size=18, font=BOLD)
        canvas.setFillColorRGB(0, 0, 0)
        line(canvas, facts.get("name_ar", ""), x=centre, y=height - 175, size=28, font=BOLD)
        if facts.get("name_latin") and facts["name_latin"] != facts.get("name_ar"):
            line(canvas, facts["name_latin"], x=centre, y=height - 205, size=20)
        y = paragraph(
            canvas,
            filled(body, facts, language=rtl),
            x=centre,
            y=height - 245,
            width=text_width,
            size=16,
            leading=24,
        )
        paragraph(
            canvas,
            filled(template.body_en, facts, language="en"),
            x=centre,
            y=y - 6,
            width=text_width,
            size=14,
            leading=20,
        )

        if signatures is None:
            signatures = list(template.signatures.select_related("image")) if template.pk else []
        # Signatures share the space right of the QR code and serial: from the end side inwards.
        left, right = 340, width - 150
        step = (right - left) / max(len(signatures) - 1, 1)
        for i, signature in enumerate(signatures):
            x = right - i * step if len(signatures) > 1 else (left + right) / 2
            picture(canvas, signature.image, x=x - 60, y=110, width=120, height=45)
            canvas.line(x - 80, 105, x + 80, 105)
            line(canvas, signature.name, x=x, y=90, size=12)
            line(canvas, signature.title, x=x, y=75, size=10)

        qr(canvas, verify_url, x=40, y=40, size=90)
        with translation.override(rtl):
            line(
                canvas,
                _("Serial number: %(serial)s") % {"serial": serial},
                x=140,
                y=60,
                size=10,
                align="left",
            )
        line(canvas, verify_url, x=140, y=45, size=8, align="left")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def certificate_pdf(certificate: Certificate, *, signatures: list | None = None) -> bytes:
    from certification.credentials.verification import verify_url

    return certificate_pdf_bytes(
        template=certificate.rule.template,
        facts=certificate.facts,
        serial=certificate.serial,
        verify_url=verify_url(certificate.serial),
        signatures=signatures,
    )
