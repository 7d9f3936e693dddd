"""A report's table as CSV (UTF-8 with BOM, so Excel opens Arabic correctly) or XLSX, written to
a file in chunks that report their progress (a large export is written by a task, ``jobs.py``)."""

import csv
import io
from collections.abc import Callable
from typing import BinaryIO

from django.utils.functional import Promise
from openpyxl import Workbook

from analytics.reports.base import ReportResult

CHUNK = 1_000
Progress = Callable[[int], None]


def _plain(value):
    value = str(value) if isinstance(value, Promise) else value
    # A cell starting with = + - @ would be a formula in a spreadsheet: prefixed with '.
    return f"'{value}" if isinstance(value, str) and value[:1] in "=+-@" else value


def _header(result: ReportResult) -> list[str]:
    return [str(column.label) for column in result.columns]


def _rows(result: ReportResult, progress: Progress | None):
    rows = result.rows()
    for start in range(0, len(rows), CHUNK):
        for row in rows[start : start + CHUNK]:
            yield [_plain(row.get(column.key)) for column in result.columns]
        if progress is not None:
            progress(min(start + CHUNK, len(rows)))


def write_csv(result: ReportResult, out: BinaryIO, progress: Progress | None = None) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(_header(result))
    writer.writerows(_rows(result, progress))
    text.detach()


def write_xlsx(
    result: ReportResult, out: BinaryIO, *, title: str, rtl: bool, progress: Progress | None = None
) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.sheet_view.rightToLeft = rtl
    sheet.append(_header(result))
    for row in _rows(result, progress):
        sheet.append(row)
    for label, value in result.summary:
        sheet.append([])
        sheet.append([str(label), value])
    book.save(out)


def as_csv(result: ReportResult) -> bytes:
    buffer = io.BytesIO()
    write_csv(result, buffer)
    return buffer.getvalue()


def as_xlsx(result: ReportResult, *, title: str, rtl: bool) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(result, buffer, title=title, rtl=rtl)
    return buffer.getvalue()
