"""Drawing helpers shared by the certificate and the training record: fonts, aligned lines, QR."""

import segno
from fontpkg_amiri import ROOT as AMIRI
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from certification.credentials.pdf.text import shaped_line, wrap

# Amiri (OFL) covers Arabic, Kurdish Sorani and Latin: one font for every line, so a mixed line
# never switches fonts inside a word. Noto Naskh has no Latin letters.
REGULAR, BOLD = "Amiri", "Amiri-Bold"


def fonts_register() -> None:
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(REGULAR, str(AMIRI / "files" / "Amiri-Regular.ttf"), shapable=True))
    pdfmetrics.registerFont(TTFont(BOLD, str(AMIRI / "files" / "Amiri-Bold.ttf"), shapable=True))


def line(
    canvas: Canvas, text: str, *, x: float, y: float, size: float, font: str = REGULAR, align: str = "centre"
) -> float:
    """Draw one line at ``x``: its centre, its left end ("left") or its right end ("right").
    Returns the width drawn."""
    shaped, width = shaped_line(text, font, size)
    left = {"centre": x - width / 2, "left": x, "right": x - width}[align]
    canvas.setFont(font, size)
    canvas.drawString(left, y, shaped)
    return width


def paragraph(
    canvas: Canvas,
    text: str,
    *,
    x: float,
    y: float,
    width: float,
    size: float,
    leading: float,
    align: str = "centre",
) -> float:
    """Draw wrapped text from ``y`` downwards; returns the y below the last line."""
    for logical in wrap(text, REGULAR, size, width):
        line(canvas, logical, x=x, y=y, size=size, align=align)
        y -= leading
    return y


def qr(canvas: Canvas, url: str, *, x: float, y: float, size: float) -> None:
    """A QR code of ``url`` drawn as vector squares, ``(x, y)`` its lower-left corner."""
    code = segno.make(url, error="m")
    rows = list(code.matrix_iter(border=2))
    module = size / len(rows)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for r, row in enumerate(rows):
        # One rectangle per run of dark modules: a third of the drawing operators of one a module.
        start = None
        for c, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                path.rect(x + start * module, y + size - (r + 1) * module, (c - start) * module, module)
                start = None
    canvas.drawPath(path, stroke=0, fill=1)
