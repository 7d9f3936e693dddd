"""Reading staff lists as offices export them: CSV in three encodings and four delimiters, and Excel."""

import io
import zipfile
from collections.abc import Iterator

import openpyxl
import pytest
from django.utils import translation

from courses.bulk.reading import UnreadableFile, count_rows, open_table, preview

HEADER = ["الاسم الكامل", "البريد الإلكتروني", "رقم الهاتف", "الرقم الوظيفي"]
ROWS = [
    ["زينب حسن علي", "zainab@planning.gov.iq", "07701234567", "PL-1001"],
    ["علي جبار ناصر", "ali@planning.gov.iq", "07801234567", "PL-1002"],
]


@pytest.fixture(autouse=True)
def _english():
    # The messages are compared in English, whatever the catalogues say in Arabic.
    with translation.override("en"):
        yield


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    return text.encode(encoding)


def read_all(data: bytes, name: str = "list.csv") -> tuple[list[str], list[tuple[int, list[str]]]]:
    with open_table(io.BytesIO(data), name=name) as table:
        return table.headers, list(table.rows)


def xlsx_bytes(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1256", "\t"), ("utf-16", "|"), ("utf-8", "\t")],
)
def test_arabic_csv_in_each_encoding_and_delimiter_reads_the_same(encoding, delimiter):
    headers, rows = read_all(csv_bytes([HEADER, *ROWS], delimiter=delimiter, encoding=encoding))
    assert headers == HEADER
    assert rows == [(2, ROWS[0]), (3, ROWS[1])]


def test_the_byte_order_mark_does_not_stick_to_the_first_header():
    headers, _ = read_all(b"\xef\xbb\xbf" + csv_bytes([["email", "name"], ["a@b.iq", "x"]]))
    assert headers == ["email", "name"]


def test_quoted_cells_keep_their_commas_and_line_breaks():
    data = 'الاسم,العنوان الوظيفي\r\n"الحسن, علي","مدير\r\nقسم"\r\n'.encode()
    _, rows = read_all(data)
    assert rows == [(2, ["الحسن, علي", "مدير\r\nقسم"])]


def test_empty_rows_are_skipped_but_row_numbers_are_those_of_the_file():
    data = csv_bytes([HEADER, ROWS[0], ["", "", "", ""], ROWS[1]])
    _, rows = read_all(data)
    assert [number for number, _ in rows] == [2, 4]


def test_short_rows_are_padded_and_blank_or_repeated_headers_are_named():
    headers, rows = read_all(csv_bytes([["email", "", "email"], ["a@b.iq"]]))
    assert headers == ["email", "[B]", "email (2)"]
    assert rows == [(2, ["a@b.iq", "", ""])]


def test_rows_are_read_lazily():
    with open_table(io.BytesIO(csv_bytes([HEADER, *ROWS])), name="list.csv") as table:
        assert isinstance(table.rows, Iterator)
        assert next(table.rows) == (2, ROWS[0])


def test_an_excel_workbook_reads_numbers_as_people_typed_them():
    data = xlsx_bytes([[None], HEADER, ["زينب حسن علي", "zainab@planning.gov.iq", 7701234567, 1001.0]])
    headers, rows = read_all(data, name="staff.xlsx")
    assert headers == HEADER
    assert rows == [(3, ["زينب حسن علي", "zainab@planning.gov.iq", "7701234567", "1001"])]


def test_preview_and_count():
    data = csv_bytes([HEADER, *ROWS, ROWS[0]])
    assert preview(io.BytesIO(data), rows=2) == (HEADER, ROWS)
    assert count_rows(io.BytesIO(data)) == 3
    assert count_rows(io.BytesIO(data), stop_after=1) == 2


@pytest.mark.parametrize(
    ("data", "name", "words"),
    [
        (b"", "list.csv", "empty"),
        (b"\r\n\r\n", "list.csv", "empty"),
        (b"%PDF-1.7\x00\x00\x01binary", "list.csv", "neither"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old.xls", ".xls"),
        (b"not a zip at all", "list.xlsx", "not a valid Excel"),
        (b"PK\x03\x04 truncated", "list.xlsx", "not a valid Excel"),
    ],
)
def test_unreadable_files_get_a_clear_message(data, name, words):
    with pytest.raises(UnreadableFile) as raised:
        read_all(data, name=name)
    assert words in str(raised.value)


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    with pytest.raises(UnreadableFile, match="not a valid Excel"):
        read_all(buffer.getvalue(), name="list.xlsx")


def test_an_over_compressed_workbook_is_refused_before_it_is_parsed():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (50 * 1024 * 1024))
    with pytest.raises(UnreadableFile, match="too large"):
        read_all(buffer.getvalue(), name="list.xlsx")
