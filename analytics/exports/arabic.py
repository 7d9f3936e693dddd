"""Arabic and Kurdish text for the PDF: visual order by python-bidi, letters joined by HarfBuzz.

Our own small pipeline, as certification keeps its own for certificates (analytics may not
import it: only ``certification.api``). python-bidi's ``get_display`` orders a line visually
(numbers and Latin runs stay left to right inside a right-to-left line) but leaves each Arabic-script
run reversed; each such run is turned back to logical order and shaped by HarfBuzz (reportlab's
``shapeStr`` with uharfbuzz), which joins the letters and lays the glyphs out right to left.
arabic-reshaper is not used: its presentation forms lack Kurdish letters (ڕ ڵ ۆ ێ).
"""

import re
from functools import cache

import fontpkg_amiri
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, shapeStr

FONT, BOLD = "Amiri", "Amiri-Bold"
# python-bidi (unicode-bidi) orders but does not mirror: brackets at a right-to-left level are
# swapped here (those beside Latin letters are left-to-right and stay as they are).
MIRROR = str.maketrans("()[]{}<>«»", ")(][}{><»«")
LATIN = re.compile(r"[A-Za-z]")
ARABIC_RUN = re.compile(
    r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+(?: +[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]+)*"
)


# Dates, times and numbers written with separators (2026-12-06, 12:30, 1,234.5), and the Unicode
# isolates that keep each one left to right: python-bidi (0.6) splits 2026-12-06 at its hyphens
# inside a right-to-left line and prints 06-12-2026, against the Unicode rule (W4) that a
# separator between two digits joins them.
NUMBER_RUN = re.compile(r"\d+(?:[-/.:,]\d+)+")
LRI, PDI = "\u2066", "\u2069"
CONTROLS = str.maketrans("", "", "\u2066\u2067\u2068\u2069\u200e\u200f")


@cache
def fonts_registered() -> None:
    for name, file in ((FONT, "Amiri-Regular.ttf"), (BOLD, "Amiri-Bold.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(fontpkg_amiri.ROOT / "files" / file), shapable=True))


def visual(text: str, *, font: str, size: float, rtl: bool):
    """The line in visual order, Arabic-script runs shaped: a string reportlab draws left to right."""
    fonts_registered()
    if rtl:
        text = NUMBER_RUN.sub(lambda number: f"{LRI}{number.group(0)}{PDI}", text)
    line = get_display(text, base_dir="R" if rtl else "L").translate(CONTROLS)
    out, position = None, 0
    for match in ARABIC_RUN.finditer(line):
        pieces = [line[position : match.start()], None]
        run = match.group(0)[::-1]
        pieces[1] = shapeStr(run, font, size, force=True)
        for piece in pieces:
            if piece == "":
                continue
            if not hasattr(piece, "__shapeData__"):
                piece = shapeStr(_mirrored(piece, rtl), font, size, force=True)
            out = piece if out is None else out + piece
        position = match.end()
    rest = line[position:]
    if rest:
        rest = shapeStr(_mirrored(rest, rtl), font, size, force=True)
        out = rest if out is None else out + rest
    return out if out is not None else ""


def _mirrored(piece: str, rtl: bool) -> str:
    return piece.translate(MIRROR) if rtl and not LATIN.search(piece) else piece


def width(text, *, font: str, size: float) -> float:
    data = getattr(text, "__shapeData__", None)
    if data is not None:
        return sum(glyph.x_advance for glyph in data) * size / 1000
    return pdfmetrics.stringWidth(text, font, size)
