"""Certificates as PDF, read back as images: Arabic and Kurdish joined and right to left, mixed
with English and digits in order, and a QR code that opens the verification page.

Each line our pipeline draws is compared with an independent rendering of the same text by
Pillow's libraqm layout (FriBiDi + HarfBuzz) in the same font; an unshaped, unordered rendering
(Pillow's basic layout) is the control that the comparison can tell right from wrong.
"""

import io
import shutil
import subprocess

import pytest
from fontpkg_amiri import ROOT as AMIRI
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, features
from reportlab.pdfgen.canvas import Canvas

from certification.credentials.models import CertificateTemplate
from certification.credentials.pdf import certificate_pdf_bytes
from certification.credentials.pdf.draw import fonts_register, line
from certification.credentials.pdf.text import visual_runs

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("zbarimg") and features.check("raqm")),
    reason="needs poppler-utils, zbar-tools and libfribidi (make system-test-deps)",
)

DPI = 100
SIZE = 28
LONG_ARABIC = "عبد الرحمن بن محمد بن عبد الله بن حسين الساعدي البصري"
KURDISH = "ڕێبوار عەبدوڵڵا مەحموود"
ENGLISH = "Margaret Elizabeth Thompson-Clarke"
MIXED = "الدرجة 85.5 في دورة e-Gov 101 بتاريخ 6/12/2026"


def _png(pdf: bytes, *, page: int = 1) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png)).convert("L")


def _ours(text: str) -> Image.Image:
    fonts_register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(1000, 80))
    line(canvas, text, x=500, y=25, size=SIZE)
    canvas.showPage()
    canvas.save()
    return _png(buffer.getvalue())


def _reference(text: str, layout, *, face: str = "Amiri-Regular.ttf", size: float = SIZE) -> Image.Image:
    font = ImageFont.truetype(str(AMIRI / "files" / face), round(size * DPI / 72), layout_engine=layout)
    image = Image.new("L", (1600, 150), 255)
    ImageDraw.Draw(image).text((20, 20), text, font=font, fill=0)
    return image


def _ink(image: Image.Image) -> Image.Image:
    return image.crop(ImageChops.invert(image).getbbox())


def _overlap(a: Image.Image, b: Image.Image) -> float:
    """Intersection over union of the two images' ink, scaled to the same box and slightly blurred."""
    a = _ink(a)
    b = _ink(b).resize(a.size)
    a_ink = [p < 160 for p in a.filter(ImageFilter.BoxBlur(1)).get_flattened_data()]
    b_ink = [p < 160 for p in b.filter(ImageFilter.BoxBlur(1)).get_flattened_data()]
    both = sum(x and y for x, y in zip(a_ink, b_ink, strict=True))
    either = sum(x or y for x, y in zip(a_ink, b_ink, strict=True))
    return both / either


@pytest.mark.parametrize(
    "text", [LONG_ARABIC, KURDISH, ENGLISH, MIXED], ids=["arabic", "kurdish", "english", "mixed"]
)
def test_a_line_looks_like_an_independent_bidi_and_shaping_engine_draws_it(text):
    ours = _ours(text)
    right = _overlap(ours, _reference(text, ImageFont.Layout.RAQM))
    assert right > 0.6, right
    if text != ENGLISH:  # Latin needs no shaping: the control only tells for right-to-left text
        assert _overlap(ours, _reference(text, ImageFont.Layout.BASIC)) < right / 2


def test_digits_and_english_keep_their_order_inside_arabic():
    runs = visual_runs(MIXED)
    assert [run for level, run in runs if level % 2 == 0] == ["6/12/2026", "e-Gov 101", "85.5"]
    assert runs[-1] == (1, "الدرجة ")  # the sentence starts at the right


def _template():
    return CertificateTemplate(name="t")  # unsaved: the defaults, no pictures, no signatures


@pytest.mark.parametrize(
    ("name_ar", "name_latin", "language"),
    [
        (LONG_ARABIC, "Abdulrahman Mohammed Al-Saadi", "ar"),
        (KURDISH, "Rebwar Abdulla", "ckb"),
        ("", ENGLISH, "en"),
    ],
    ids=["arabic", "kurdish", "english"],
)
def test_a_certificate_prints_the_name_and_its_qr_code_opens_the_verification_page(
    name_ar, name_latin, language, tmp_path
):
    url = "https://tadrib.example.iq/certificates/verify/TDR-7K3M-9QXP-2VHD/"
    facts = {
        "name_ar": name_ar or name_latin,
        "name_latin": name_latin,
        "language": language,
        "course": "أطر الحوكمة الإلكترونية",
        "hours": "30",
        "date": "2026-12-06",
    }
    pdf = certificate_pdf_bytes(
        template=_template(), facts=facts, serial="TDR-7K3M-9QXP-2VHD", verify_url=url
    )
    page = _png(pdf)
    page.save(tmp_path / "certificate.png")
    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(tmp_path / "certificate.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == url

    # The printed name, cut from the page, matches the independent rendering of the name.
    inside = round(30 * DPI / 72)  # within the border
    name_band = page.crop((inside, round(143 * DPI / 72), page.width - inside, round(186 * DPI / 72)))
    reference = _reference(facts["name_ar"], ImageFont.Layout.RAQM, face="Amiri-Bold.ttf")
    assert _overlap(name_band, reference) > 0.5
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "TDR-7K3M-9QXP-2VHD" in text
    assert name_latin.split()[0] in text


def test_a_certificate_looks_the_same_whatever_the_process_drew_before(monkeypatch):
    """The glyph order shared by a process's PDFs (ADR 0015) changes their bytes, never the page."""
    from certification.credentials.pdf import draw

    def page(name_ar: str, language: str) -> Image.Image:
        facts = {"name_ar": name_ar, "name_latin": "Rebwar", "language": language, "date": "2026-12-06"}
        return _png(
            certificate_pdf_bytes(
                template=_template(), facts=facts, serial="S-1", verify_url="https://x.iq/v/"
            )
        )

    monkeypatch.setattr(draw, "_ORDER", {})
    alone = page(KURDISH, "ckb")
    page(LONG_ARABIC, "ar")
    page("Ĝ Ω ژ ڤ", "ar")
    assert draw._ORDER  # the order is shared
    assert ImageChops.difference(alone, page(KURDISH, "ckb")).getbbox() is None
