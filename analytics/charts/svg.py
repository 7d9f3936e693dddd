"""SVG markup for the report charts. Text is escaped; sizes are in user units so the browser
scales a chart to its box. Bars grow from the start edge of the reading direction (the right in
Arabic and Kurdish); the map keeps north up and east right in every language, like any map."""

from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

PALETTE = ["#e6f2ef", "#b9dcd3", "#7fbfb0", "#3f9c88", "#1f6f5f"]
BAR = "#1f6f5f"
WIDTH = 640

# Iraq's governorates on a tile grid (column, row): north at the top, east to the right. Not
# boundaries: no open data set with them is packaged on PyPI or npm (ADR 0012).
TILES: dict[str, tuple[int, int]] = {
    "nineveh": (1, 0),
    "duhok": (2, 0),
    "erbil": (3, 0),
    "sulaymaniyah": (4, 0),
    "halabja": (5, 0),
    "saladin": (2, 1),
    "kirkuk": (3, 1),
    "diyala": (4, 1),
    "anbar": (1, 2),
    "baghdad": (2, 2),
    "wasit": (3, 2),
    "karbala": (1, 3),
    "babil": (2, 3),
    "qadisiyyah": (3, 3),
    "maysan": (4, 3),
    "najaf": (1, 4),
    "muthanna": (2, 4),
    "dhi-qar": (3, 4),
    "basra": (4, 4),
}


def _number(value: float) -> str:
    return f"{value:,.1f}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"


def bar_chart(*, labels: Sequence[str], values: Sequence[float], title: str, rtl: bool) -> SafeString:
    """Horizontal bars, one per label, the value at the bar's end."""
    row, top = 28, 8
    height = top + row * len(labels) + 8
    label_width, track = 220, WIDTH - 220 - 70
    largest = max([v for v in values if v is not None] or [0]) or 1
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="13">'
    ]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        length = 0 if value is None else max(track * value / largest, 1)
        shown = "—" if value is None else _number(value)
        if rtl:
            parts.append(
                f'<text x="{WIDTH - 4}" y="{y + 17}" text-anchor="start" direction="rtl">{escape(label[:32])}</text>'
                f'<rect x="{WIDTH - label_width - length:.1f}" y="{y + 4}" width="{length:.1f}" height="18" fill="{BAR}"/>'
                f'<text x="{WIDTH - label_width - length - 6:.1f}" y="{y + 17}" text-anchor="end" direction="ltr">{shown}</text>'
            )
        else:
            parts.append(
                f'<text x="4" y="{y + 17}" direction="ltr">{escape(label[:32])}</text>'
                f'<rect x="{label_width}" y="{y + 4}" width="{length:.1f}" height="18" fill="{BAR}"/>'
                f'<text x="{label_width + length + 6:.1f}" y="{y + 17}" direction="ltr">{shown}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — built from escaped text and numbers


def line_chart(*, labels: Sequence[str], values: Sequence[float], title: str, rtl: bool) -> SafeString:
    """A line over time (time runs left to right in every language, as on Arabic charts too)."""
    height, pad = 220, 40
    largest = max(values or [0]) or 1
    step = (WIDTH - 2 * pad) / max(len(values) - 1, 1)
    points = " ".join(
        f"{pad + i * step:.1f},{height - pad - (height - 2 * pad) * v / largest:.1f}"
        for i, v in enumerate(values)
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="12">',
        f'<line x1="{pad}" y1="{height - pad}" x2="{WIDTH - pad}" y2="{height - pad}" stroke="#888"/>',
        f'<polyline points="{points}" fill="none" stroke="{BAR}" stroke-width="3"/>',
    ]
    if labels:
        parts.append(f'<text x="{pad}" y="{height - 12}" direction="ltr">{escape(labels[0])}</text>')
        parts.append(
            f'<text x="{WIDTH - pad}" y="{height - 12}" text-anchor="end" direction="ltr">{escape(labels[-1])}</text>'
        )
        parts.append(
            f'<text x="{WIDTH - pad}" y="{height - pad - (height - 2 * pad) * values[-1] / largest - 8:.1f}" '
            f'text-anchor="end" direction="ltr">{_number(values[-1])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — built from escaped text and numbers


def tile_map(*, names: dict[str, str], values: dict[str, int], title: str) -> SafeString:
    """One square per governorate, shaded by its value in five steps of the largest."""
    size, gap = 96, 6
    present = [v for v in values.values() if v]
    low, high = min(present or [0]), max(present or [0])
    parts = [
        f'<svg class="chart map" viewBox="0 0 {6 * (size + gap)} {5 * (size + gap)}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" font-family="inherit" font-size="12">'
    ]
    for code, (column, row) in TILES.items():
        value = values.get(code, 0)
        # Five steps between the least and the most reached, so near-equal figures still differ.
        step = 4 if high == low else round(4 * (value - low) / (high - low))
        shade = PALETTE[step] if value else "#f4f4f4"
        ink = "#fff" if shade in PALETTE[3:] else "#111"
        x, y = column * (size + gap), row * (size + gap)
        name = escape(names.get(code, code))
        parts.append(
            f"<g><title>{name}: {value:,}</title>"
            f'<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="6" fill="{shade}" stroke="#9bb"/>'
            f'<text x="{x + size / 2}" y="{y + 40}" text-anchor="middle" fill="{ink}">{name[:14]}</text>'
            f'<text x="{x + size / 2}" y="{y + 64}" text-anchor="middle" fill="{ink}" font-weight="bold">{value:,}</text></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — built from escaped text and numbers
