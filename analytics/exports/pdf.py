"""The PDF report: headline numbers, then each chosen report as a bar chart and its table, in
the reader's language and direction (Arabic shaped and joined: ``analytics.exports.arabic``)."""

import io

from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from analytics.exports.arabic import BOLD, FONT, visual, width
from analytics.reports.base import ReportResult

MARGIN = 40
PAGE_W, PAGE_H = A4
BAR = HexColor("#1f6f5f")
ROWS = 15


class _Writer:
    def __init__(self, *, rtl: bool) -> None:
        self.buffer = io.BytesIO()
        self.canvas = Canvas(self.buffer, pagesize=A4)
        self.rtl = rtl
        self.y = PAGE_H - MARGIN

    def need(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self.y = PAGE_H - MARGIN

    def text(
        self, value, *, size: float = 11, bold: bool = False, x: float | None = None, end: bool = False
    ) -> float:
        """Draw one line at the start edge (or at ``x``); returns its width."""
        font = BOLD if bold else FONT
        shaped = visual(str(value), font=font, size=size, rtl=self.rtl)
        line_width = width(shaped, font=font, size=size)
        self.canvas.setFont(font, size)
        if x is None:
            x = PAGE_W - MARGIN if self.rtl else MARGIN
            end = self.rtl
        self.canvas.drawString(x - line_width if end else x, self.y, shaped)
        return line_width

    def line(self, value, *, size: float = 11, bold: bool = False, gap: float = 6) -> None:
        self.need(size + gap)
        self.y -= size
        self.text(value, size=size, bold=bold)
        self.y -= gap

    def bars(self, labels: list[str], values: list[float]) -> None:
        row = 16
        self.need(row * len(labels) + 10)
        largest = max([v for v in values if v is not None] or [0]) or 1
        track = PAGE_W - 2 * MARGIN - 200
        for label, value in zip(labels, values, strict=True):
            self.y -= row
            length = 0 if value is None else track * value / largest
            if self.rtl:
                self.text(label[:40], size=9, x=PAGE_W - MARGIN, end=True)
                self.canvas.setFillColor(BAR)
                self.canvas.rect(PAGE_W - MARGIN - 160 - length, self.y - 2, length, 11, stroke=0, fill=1)
                self.canvas.setFillColor(HexColor("#000000"))
                self.text(
                    "—" if value is None else f"{value:g}", size=9, x=PAGE_W - MARGIN - 166 - length, end=True
                )
            else:
                self.text(label[:40], size=9, x=MARGIN)
                self.canvas.setFillColor(BAR)
                self.canvas.rect(MARGIN + 160, self.y - 2, length, 11, stroke=0, fill=1)
                self.canvas.setFillColor(HexColor("#000000"))
                self.text("—" if value is None else f"{value:g}", size=9, x=MARGIN + 166 + length)
        self.y -= 10

    def table(self, result: ReportResult) -> None:
        columns = result.columns[:6]
        step = (PAGE_W - 2 * MARGIN) / len(columns)
        lines = [[str(c.label) for c in columns]]
        lines += [
            ["—" if row.get(c.key) is None else str(row.get(c.key)) for c in columns]
            for row in result.rows()[:ROWS]
        ]
        for index, cells in enumerate(lines):
            self.need(16)
            self.y -= 14
            for position, cell in enumerate(cells):
                if self.rtl:
                    self.text(
                        cell[:28], size=8.5, bold=index == 0, x=PAGE_W - MARGIN - position * step, end=True
                    )
                else:
                    self.text(cell[:28], size=8.5, bold=index == 0, x=MARGIN + position * step)
        self.y -= 12


def report_pdf(
    *, title: str, subtitle: str, headlines: list, sections: list[tuple[str, ReportResult]], rtl: bool
) -> bytes:
    writer = _Writer(rtl=rtl)
    writer.line(title, size=20, bold=True)
    writer.line(subtitle, size=10, gap=14)
    for label, value in headlines:
        writer.line(f"{label}: {value}", size=12, gap=4)
    writer.y -= 10
    for heading, result in sections:
        writer.line(heading, size=14, bold=True, gap=8)
        chart = result.chart
        if chart is not None and chart.kind != "map" and result.rows():
            rows = result.rows()[:ROWS]
            value_key = chart.value_columns[0]
            writer.bars([str(r[chart.label_column]) for r in rows], [r[value_key] for r in rows])
        if result.rows():
            writer.table(result)
        else:
            writer.line(_("Nothing to show for these filters."), size=10)
    writer.canvas.save()
    return writer.buffer.getvalue()
