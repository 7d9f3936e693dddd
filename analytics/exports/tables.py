"""A report's table as CSV (UTF-8 with BOM, so Excel opens Arabic correctly) or XLSX."""

import csv
import io

from django.utils.functional import Promise
from openpyxl import Workbook

from analytics.reports.base import ReportResult


def _plain(value):
    return str(value) if isinstance(value, Promise) else value


def _values(result: ReportResult) -> tuple[list[str], list[list]]:
    header = [str(column.label) for column in result.columns]
    rows = [[_plain(row.get(column.key)) for column in result.columns] for row in result.rows()]
    return header, rows


def as_csv(result: ReportResult) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header, rows = _values(result)
    writer.writerow(header)
    # A cell starting with = + - @ would be a formula in a spreadsheet: prefixed with '.
    writer.writerows(
        [[f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row] for row in rows]
    )
    return ("\ufeff" + buffer.getvalue()).encode()


def as_xlsx(result: ReportResult, *, title: str, rtl: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = rtl
    header, rows = _values(result)
    sheet.append(header)
    for row in rows:
        sheet.append([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    for label, value in result.summary:
        sheet.append([])
        sheet.append([str(label), value])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
