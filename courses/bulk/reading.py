"""Reading a staff list: CSV in the encodings Iraqi offices export, or an Excel workbook.

CSV files arrive as UTF-8 (with or without Excel's byte-order mark), UTF-16 ("Unicode text")
or Windows-1256, the Arabic code page of older Excel and government systems; the delimiter is
comma, semicolon (Excel in many Arabic locales), tab or bar. Workbooks (.xlsx) are read with
openpyxl in read-only mode, which streams rows instead of loading the sheet, from the first
sheet; its XML is parsed with defusedxml, which openpyxl uses whenever it is installed.

``open_table`` yields the headers and an iterator of rows; rows are read lazily, so a
50,000-row list never sits in memory at once. Row numbers are those a spreadsheet shows
(the header is row 1), so that staff can find a reported row in their file.
"""

import codecs
import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from django.utils.translation import gettext as _

from courses.errors import CoursesError

CSV_DELIMITERS = ",;\t|"
# A workbook that unpacks to more than this, or that is compressed more than this ratio, is
# refused before openpyxl sees it: a few megabytes of zip must not become gigabytes of XML.
XLSX_MAX_UNPACKED_BYTES = 300 * 1024 * 1024
XLSX_MAX_RATIO = 200
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls format


class UnreadableFile(CoursesError):
    """The file is not a list we can read; the message says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code="unreadable_file")


@dataclass
class Table:
    headers: list[str]
    # (row number as the spreadsheet shows it, one string per header); empty rows are skipped.
    rows: Iterator[tuple[int, list[str]]]


@contextmanager
def open_table(file: IO[bytes], *, name: str = "") -> Iterator[Table]:
    """The headers and rows of ``file`` (a seekable binary file); raises ``UnreadableFile``."""
    file.seek(0)
    start = file.read(8)
    file.seek(0)
    if start.startswith(_ZIP_MAGIC):
        with _open_xlsx(file) as table:
            yield table
    elif start.startswith(_OLE_MAGIC) or name.lower().endswith(".xls"):
        raise UnreadableFile(
            _("This is an old Excel file (.xls). Save it as .xlsx or as CSV and upload it again.")
        )
    elif name.lower().endswith(".xlsx"):
        raise UnreadableFile(_("This file is not a valid Excel workbook."))
    else:
        with _open_csv(file) as table:
            yield table


def preview(file: IO[bytes], *, name: str = "", rows: int = 3) -> tuple[list[str], list[list[str]]]:
    """The headers and the first few rows, for the mapping form."""
    headers, sample, _count = scan(file, name=name, rows=rows, stop_after=rows)
    return headers, sample


def count_rows(file: IO[bytes], *, name: str = "", stop_after: int | None = None) -> int:
    """How many non-empty rows follow the header (counting stops past ``stop_after``)."""
    return scan(file, name=name, rows=0, stop_after=stop_after)[2]


def scan(
    file: IO[bytes], *, name: str = "", rows: int = 3, stop_after: int | None = None
) -> tuple[list[str], list[list[str]], int]:
    """In one pass: the headers, the first ``rows`` rows, and how many rows follow the header
    (counting stops once past ``stop_after``)."""
    with open_table(file, name=name) as table:
        sample: list[list[str]] = []
        count = 0
        for _number, cells in table.rows:
            if len(sample) < rows:
                sample.append(cells)
            count += 1
            if stop_after is not None and count > stop_after:
                break
        return table.headers, sample, count


# --- CSV ---------------------------------------------------------------------------------------


@contextmanager
def _open_csv(file: IO[bytes]) -> Iterator[Table]:
    encoding = _csv_encoding(file)
    text = io.TextIOWrapper(file, encoding=encoding, newline="")
    try:
        sample = text.read(64 * 1024)
        text.seek(0)
        reader = csv.reader(text, delimiter=_delimiter(sample), strict=False)
        numbered = _numbered(reader)
        try:
            _header_number, header = next(numbered, (0, []))
        except csv.Error as error:
            raise UnreadableFile(
                _("This CSV file could not be read: %(error)s") % {"error": error}
            ) from error
        if not any(header):
            raise UnreadableFile(_("The file is empty: its first row must name the columns."))
        headers = _unique_headers(header)
        yield Table(headers=headers, rows=_csv_rows(numbered, len(headers)))
    finally:
        # Let go of the caller's file without closing it.
        text.detach()


def _csv_encoding(file: IO[bytes]) -> str:
    """UTF-16 or UTF-8 by their byte-order marks, else UTF-8 if every byte decodes, else Windows-1256."""
    head = file.read(4)
    file.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    first = True
    try:
        while chunk := file.read(256 * 1024):
            if first and b"\x00" in chunk[:4096]:
                raise UnreadableFile(_("This file is neither a CSV text file nor an Excel workbook."))
            first = False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        # Windows-1256 defines all 256 bytes, so it decodes anything: it is the last resort.
        return "cp1256"
    finally:
        file.seek(0)
    return "utf-8"


def _delimiter(sample: str) -> str:
    lines = "\n".join(sample.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(lines, delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        # One column, or rows too irregular for the sniffer: the most frequent candidate in
        # the header line, else a comma.
        first = lines.split("\n", 1)[0]
        counts = {d: first.count(d) for d in CSV_DELIMITERS}
        best = max(counts, key=counts.__getitem__)
        return best if counts[best] else ","


def _numbered(reader: Iterable[list[str]]) -> Iterator[tuple[int, list[str]]]:
    for number, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if any(cells):
            yield number, cells


def _csv_rows(numbered: Iterator[tuple[int, list[str]]], width: int) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in numbered:
            yield number, _fit(cells, width)
    except (csv.Error, UnicodeDecodeError) as error:
        raise UnreadableFile(_("This CSV file could not be read: %(error)s") % {"error": error}) from error


# --- XLSX --------------------------------------------------------------------------------------


@contextmanager
def _open_xlsx(file: IO[bytes]) -> Iterator[Table]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _refuse_zip_bomb(file)
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(_("This file is not a valid Excel workbook.")) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise UnreadableFile(_("This workbook has no sheet."))
        numbered = _numbered([_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True))
        try:
            _header_number, header = next(numbered, (0, []))
        except Exception as error:  # openpyxl raises many kinds on a damaged sheet
            raise UnreadableFile(_("This file is not a valid Excel workbook.")) from error
        if not any(header):
            raise UnreadableFile(_("The file is empty: its first row must name the columns."))
        headers = _unique_headers(header)
        yield Table(headers=headers, rows=_xlsx_rows(numbered, len(headers)))
    finally:
        workbook.close()


def _refuse_zip_bomb(file: IO[bytes]) -> None:
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as error:
        raise UnreadableFile(_("This file is not a valid Excel workbook.")) from error
    finally:
        file.seek(0)
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if unpacked > XLSX_MAX_UNPACKED_BYTES or unpacked / packed > XLSX_MAX_RATIO:
        raise UnreadableFile(_("This workbook is too large once unpacked."))


def _xlsx_rows(numbered: Iterator[tuple[int, list[str]]], width: int) -> Iterator[tuple[int, list[str]]]:
    try:
        for number, cells in numbered:
            yield number, _fit(cells, width)
    except UnreadableFile:
        raise
    except Exception as error:  # a damaged sheet part, met half-way through
        raise UnreadableFile(_("This file is not a valid Excel workbook.")) from error


def _cell_text(value: Any) -> str:
    """A cell as the text a person typed: 7701234567.0 → "7701234567", a date → 2026-03-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


# --- Shared ------------------------------------------------------------------------------------


def _fit(cells: list[str], width: int) -> list[str]:
    return (cells + [""] * width)[:width]


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _unique_headers(header: list[str]) -> list[str]:
    """Headers as column names: a blank one becomes its column letter, a repeated one is numbered."""
    while header and not header[-1]:
        header = header[:-1]
    seen: dict[str, int] = {}
    unique = []
    for index, text in enumerate(header):
        text = " ".join(text.split()) or f"[{_column_letter(index)}]"
        if text in seen:
            seen[text] += 1
            text = f"{text} ({seen[text]})"
        else:
            seen[text] = 1
        unique.append(text)
    return unique
