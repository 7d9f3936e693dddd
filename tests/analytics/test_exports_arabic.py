"""The PDF's right-to-left lines keep dates and numbers in their own order."""

import shutil
import subprocess

import pytest

from analytics.exports.arabic import visual
from analytics.exports.pdf import report_pdf

SUBTITLE = "أُعدّ في 2026-12-06 للمدة من 2026-11-01 إلى 2026-11-30، الساعة 12:30"


def test_an_iso_date_inside_arabic_text_is_not_reversed():
    line = str(visual(SUBTITLE, font="Amiri", size=10, rtl=True))
    # Visual order, drawn left to right: the last date first, each one as written.
    assert line.startswith("12:30")
    assert "2026-11-30" in line and "2026-11-01" in line and "2026-12-06" in line
    assert "30-11-2026" not in line and "06-12-2026" not in line
    assert "\u2066" not in line and "\u2069" not in line


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make system-test-deps)")
def test_the_pdf_prints_the_dates_in_order(tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(report_pdf(title="تقرير", subtitle=SUBTITLE, headlines=[], sections=[], rtl=True))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2026-12-06" in text and "2026-11-01" in text and "2026-11-30" in text
    assert "06-12-2026" not in text
