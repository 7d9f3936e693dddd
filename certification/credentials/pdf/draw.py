"""Drawing helpers shared by the certificate and the training record: fonts, aligned lines,
pictures, QR."""

import copy
import hashlib
import io
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import segno
from fontpkg_amiri import ROOT as AMIRI
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from certification.credentials.pdf.text import shaped_line, wrap

# Amiri (OFL) covers Arabic, Kurdish Sorani and Latin: one font for every line, so a mixed line
# never switches fonts inside a word. Noto Naskh has no Latin letters.
REGULAR, BOLD = "Amiri", "Amiri-Bold"

# Streams written binary, not ASCII85: reportlab (≥ 4) encodes ASCII85 in pure Python, which
# took about half of a certificate's CPU time with a background picture; binary PDFs are also a
# fifth smaller. Every PDF reader takes both.
rl_config.useA85 = 0


def fonts_register() -> None:
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for name, file in ((REGULAR, "Amiri-Regular.ttf"), (BOLD, "Amiri-Bold.ttf")):
        font = TTFont(name, str(AMIRI / "files" / file), shapable=True)
        _subsets_kept(font.face)
        pdfmetrics.registerFont(font)


# Reportlab embeds in each PDF a subset of the font with the glyphs it drew, in the order it
# first drew them, built and compressed anew for every file (a quarter of a certificate's PDF).
# A process draws its certificates' glyphs in one shared order instead: each PDF starts from the
# glyphs the process has drawn so far, so its subsets are the same bytes as the last PDF's until
# a new glyph appears (a rare letter in a name), and the built, compressed subset is reused.
# The cost: a PDF carries the glyphs of the process's earlier certificates too, a few hundred at
# most (an Arabic and a Latin alphabet with their joined forms); _SHARED_GLYPHS bounds it.
_ORDER: dict[str, TTFont.State] = {}
_SHARED_GLYPHS = 512
_SUBSETS_KEPT = 16


def _state_copy(state: TTFont.State) -> TTFont.State:
    copied = copy.copy(state)
    copied.assignments = dict(state.assignments)
    copied.subsets = [list(subset) for subset in state.subsets]
    copied.internalName, copied.frozen = None, 0
    return copied


@contextmanager
def shared_glyphs(canvas: Canvas) -> Iterator[None]:
    """Draw this PDF's text in the process's shared glyph order (call around drawing, before
    ``canvas.save``)."""
    document = canvas._doc
    fonts = [pdfmetrics.getFont(name) for name in (REGULAR, BOLD)]
    for font in fonts:
        if font.fontName in _ORDER:
            font.state[document] = _state_copy(_ORDER[font.fontName])
    yield
    for font in fonts:
        state = font.state.get(document)
        if state is None:
            continue
        if len(state.assignments) <= _SHARED_GLYPHS:
            _ORDER[font.fontName] = _state_copy(state)
        else:
            _ORDER.pop(font.fontName, None)
        if state.internalName is None:  # not drawn in this PDF: reportlab will not clear it
            del font.state[document]


def _subsets_kept(face) -> None:
    """Keep the font's last few subsets built and compressed: the same glyphs in the same order
    are the same bytes in every PDF."""
    made: dict[tuple[int, ...], tuple[bytes, int]] = {}
    add = face.addSubsetObjects

    def subset_objects(document, fontname, subset):
        key = tuple(subset)
        kept = made.get(key)
        if kept is None:
            content = face.makeSubset(subset)
            if len(made) >= _SUBSETS_KEPT:
                made.clear()
            kept = made[key] = (zlib.compress(content), len(content))
        face.makeSubset = lambda _subset: b""  # reportlab's stream is replaced just below
        try:
            descriptor = add(document, fontname, subset)
        finally:
            del face.makeSubset
        stream = document.idToObject[f"fontFile:{face.filename}({fontname})"]
        stream.content, stream.filters = kept[0], None
        stream.dictionary["Length1"] = kept[1]
        stream.dictionary["Filter"] = pdfdoc.PDFName("FlateDecode")
        return descriptor

    face.addSubsetObjects = subset_objects


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
    """A QR code of ``url`` drawn as vector squares, ``(x, y)`` its lower-left corner.

    Mask pattern 0 is fixed instead of choosing the one of eight with the fewest penalty points:
    any of the eight is a valid code (readers take the mask from the format bits), and the
    choice cost a third of a certificate's PDF time."""
    code = segno.make(url, error="m", mask=0)
    rows = list(code.matrix_iter(border=2))
    module = size / len(rows)
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    # In module units from the top-left corner (a matrix scaled by the module, flipped): every
    # number in the path is a small integer, written straight into the page.
    operators = []
    for r, row in enumerate(rows):
        # One rectangle per run of dark modules: a third of the drawing operators of one a module.
        start = None
        for c, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = c
            elif not dark and start is not None:
                operators.append(f"{start} {r} {c - start} 1 re")
                start = None
    canvas.saveState()
    canvas.transform(module, 0, 0, -module, x, y + size)
    canvas.addLiteral("\n".join([*operators, "f"]))
    canvas.restoreState()


# A template's pictures, decoded and compressed once per process: (image id, file name) → the
# PDF image object. A replaced file has a new name, so an edited template is never drawn stale.
_PICTURES: dict[tuple[int, str], pdfdoc.PDFImageXObject] = {}
_PICTURES_KEPT = 32


def _prepared(key: tuple[int, str], read: Callable[[], bytes]) -> pdfdoc.PDFImageXObject:
    prepared = _PICTURES.get(key)
    if prepared is None:
        data = read()
        name = hashlib.md5(data, usedforsecurity=False).hexdigest()
        prepared = pdfdoc.PDFImageXObject(name, ImageReader(io.BytesIO(data)), mask="auto")
        if len(_PICTURES) >= _PICTURES_KEPT:
            _PICTURES.clear()
        _PICTURES[key] = prepared
    return prepared


def picture(canvas: Canvas, image, *, x: float, y: float, width: float, height: float) -> None:
    """Draw a Wagtail image fitted (aspect kept, centred) in the box. What ``drawImage`` does, but
    the picture is decoded, compressed and digested once per process, not once per certificate."""
    if image is None:
        return

    def read() -> bytes:
        with image.file.open("rb") as f:
            return f.read()

    prepared = _prepared((image.pk, image.file.name), read)
    document = canvas._doc
    registered = document.getXObjectName(prepared.name)
    drawn = document.idToObject.get(registered)
    if drawn is None:
        # Registered as drawImage registers a new picture; copies, since registering marks the
        # object with its name in this PDF.
        drawn = copy.copy(prepared)
        smask = drawn.__dict__.pop("_smask", None)
        canvas._setXObjects(drawn)
        document.Reference(drawn, registered)
        document.addForm(prepared.name, drawn)
        if smask is not None:
            # Two pictures may share one transparency mask (same shape): written once.
            mask_name = document.getXObjectName(smask.name)
            if mask_name in document.idToObject:
                drawn.smask = pdfdoc.PDFObjectReference(mask_name)
            else:
                drawn.smask = document.Reference(copy.copy(smask), mask_name)
    scale = min(width / drawn.width, height / drawn.height)
    shown_width, shown_height = drawn.width * scale, drawn.height * scale
    canvas._currentPageHasImages = 1
    canvas.saveState()
    canvas.translate(x + (width - shown_width) / 2, y + (height - shown_height) / 2)
    canvas.scale(shown_width, shown_height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(prepared.name)
