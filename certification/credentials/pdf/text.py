"""Right-to-left and mixed text for reportlab: ordered by the Unicode bidi algorithm, then shaped.

reportlab (≥ 4.4) shapes with HarfBuzz but, without a module that is not on PyPI, does not order
right-to-left text. So python-bidi resolves each character's embedding level, the runs of one
level are put in display order (rule L2 of UAX #9), and each run is shaped on its own in its own
direction: Arabic and Kurdish letters joined (HarfBuzz knows ێ ڵ ڕ ە, which arabic-reshaper
breaks), Latin words and digits left to right inside them. See docs/decisions/0010-certificate-pdf-text.md.
"""

import re
import unicodedata
from functools import lru_cache

from bidi import get_base_level, get_display
from bidi.mirror import MIRRORED
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr

STRONG_RTL = {"R", "AL"}
LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
# LRE RLE PDF LRO RLO, LRI RLI FSI PDI, LRM RLM ALM: they steer the order and draw nothing.
DIRECTION_MARKS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")


def base_level(text: str) -> int:
    """1 when the first strong character is right-to-left (Arabic, Kurdish), else 0."""
    return get_base_level(text)


def _levels(text: str, level: int) -> list[tuple[str, int]]:
    """Each character with its resolved embedding level; the invisible direction marks dropped.

    python-bidi's conformant implementation (the Rust crate unicode-bidi, with isolates) gives
    its levels only in its debug output: one level per UTF-8 byte, read back here per character.
    Its older pure-Python module mishandles embeddings, so it is not used.
    """
    info = get_display(text, base_dir="LR"[level], debug=True)
    byte_levels = [int(n) for n in LEVEL.findall(info[info.index("levels:") :])]
    pairs = []
    offset = 0
    for char in text:
        if char not in DIRECTION_MARKS:
            pairs.append((char, byte_levels[offset]))
        offset += len(char.encode())
    return pairs


def visual_runs(text: str, level: int | None = None) -> list[tuple[int, str]]:
    """The text cut into runs of one level, in display order (left to right), each in logical order."""
    level = base_level(text) if level is None else level
    runs: list[tuple[int, str]] = []
    for char, char_level in _levels(text, level):
        if runs and runs[-1][0] == char_level:
            runs[-1] = (char_level, runs[-1][1] + char)
        else:
            runs.append((char_level, char))
    if not runs:
        return []
    highest = max(r[0] for r in runs)
    lowest_odd = min(r[0] for r in runs) | 1
    for at in range(highest, lowest_odd - 1, -1):
        start = None
        for i in range(len(runs) + 1):
            inside = i < len(runs) and runs[i][0] >= at
            if inside and start is None:
                start = i
            elif not inside and start is not None:
                runs[start:i] = runs[start:i][::-1]
                start = None
    return runs


# Shaped runs are kept: a certificate's title, the template's words and the course repeat on every
# certificate of a batch, and a ShapedStr is never changed in place (concatenation makes a new one).
@lru_cache(maxsize=8192)
def _shape_run(run_level: int, run: str, font: str, size: float) -> ShapedStr:
    if run_level % 2 and not any(unicodedata.bidirectional(c) in STRONG_RTL for c in run):
        # Spaces, brackets and marks alone in a right-to-left run: HarfBuzz would guess left to
        # right for them, so mirror and reverse them here (nothing in them joins).
        run = "".join(MIRRORED.get(c, c) for c in reversed(run))
    return shapeStr(run, font, size, force=True)


# Whole lines and words are kept too: the title, the signatures' names, most words of the text.
@lru_cache(maxsize=8192)
def shaped_line(text: str, font: str, size: float, level: int | None = None) -> tuple[ShapedStr | str, float]:
    """One line ready for ``canvas.drawString`` and friends, with its width in points."""
    runs = visual_runs(text, level)
    if not runs:
        return "", 0.0
    line: ShapedStr | None = None
    for run_level, run in runs:
        shaped = _shape_run(run_level, run, font, size)
        line = shaped if line is None else line + shaped
    if isinstance(line, ShapedStr):
        width = sum(d.x_advance for d in line.__shapeData__) * size / 1000
    else:
        width = pdfmetrics.stringWidth(line, font, size)
    return line, width


def wrap(text: str, font: str, size: float, max_width: float, level: int | None = None) -> list[str]:
    """Logical lines that each fit ``max_width`` (words kept whole). Each word is measured once,
    shaped alone: joining happens inside words, so a line's width is the sum of its words'."""
    space = shaped_line(" ", font, size, 0)[1]
    lines: list[str] = []
    current: list[str] = []
    width = 0.0
    for word in text.split():
        word_width = shaped_line(word, font, size, level)[1]
        if current and width + space + word_width > max_width:
            lines.append(" ".join(current))
            current, width = [], 0.0
        width += (space if current else 0) + word_width
        current.append(word)
    if current:
        lines.append(" ".join(current))
    return lines
