"""The centre director on a laptop, in Arabic: the dashboard, a governorate, a master trainer's
cascade, then the XLSX and the PDF report downloaded (acceptance 3 of issue 13)."""

import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from analytics.tasks import export_build_task
from lms.people.roles import Role
from tests.analytics.factories import built_world
from tests.e2e.conftest import SCREENSHOTS, TIMEOUT_MS
from tests.e2e.pages import expect_language, sign_in
from tests.lms.factories import PASSWORD, UserFactory

LAPTOP = {"viewport": {"width": 1366, "height": 768}, "locale": "ar-IQ", "accept_downloads": True}


@pytest.fixture
def laptop_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, **LAPTOP)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


def test_the_director_follows_a_governorate_into_a_cascade_and_downloads_it(
    laptop_page, monkeypatch, screenshot, settings
):
    world = built_world(monkeypatch)
    UserFactory(email="director@example.iq", full_name_ar="مديرة المركز", role=Role.CENTRE_DIRECTOR)
    page = laptop_page
    # The first page of a fresh live server compiles templates and catalogues: slow on a loaded machine.
    page.goto("/account/sign-in/?next=/reports/", timeout=60_000)
    sign_in(page, "director@example.iq", PASSWORD)
    page.goto("/reports/")
    expect_language(page, "ar", "rtl")
    expect(page.locator(".headlines li").first).to_contain_text("4")  # people trained
    expect(page.locator("svg.map")).to_be_visible()
    screenshot(page, "dashboard")

    page.locator("select[name=governorate]").select_option(str(world.basra.pk))
    page.locator(".report-filters button[type=submit]").click()
    page.wait_for_url(lambda url: "governorate=" in url)
    # Basra: five enrolments (p1–p4 in C1, p1 in C3), two people trained.
    expect(page.locator(".headlines li").nth(1)).to_contain_text("5")
    expect(page.locator(".headlines li").first).to_contain_text("2")
    screenshot(page, "basra")

    page.locator("#panel-cascade a").click()
    page.wait_for_url(lambda url: "/reports/cascade/" in url)
    page.get_by_role("link", name="المدرب الرئيسي الأول").click()
    page.wait_for_url(lambda url: "master_trainer=" in url)
    query = parse_qs(urlparse(page.url).query)
    assert query["governorate"] == [str(world.basra.pk)] and query["master_trainer"] == [str(world.mt1.pk)]
    table = page.locator("table.report-table tbody")
    expect(table).to_contain_text(world.c1.title)
    expect(table).not_to_contain_text(world.c2.title)
    screenshot(page, "cascade")

    with page.expect_download() as xlsx:
        page.locator("a[href*='export.xlsx']").click()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    workbook = SCREENSHOTS / "director-cascade.xlsx"
    xlsx.value.save_as(workbook)  # openpyxl goes by the file's extension
    sheet = load_workbook(workbook).active
    assert sheet.sheet_view.rightToLeft
    assert sheet.cell(row=2, column=1).value == world.c1.title

    page.goto("/reports/")
    with page.expect_download() as pdf:
        page.locator("a[href*='report.pdf']").click()
    saved = SCREENSHOTS / "director-report.pdf"
    pdf.value.save_as(saved)
    assert Path(saved).read_bytes().startswith(b"%PDF")
    # The pages as images, to be looked at (tests cannot see disconnected letters).
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", str(saved), str(SCREENSHOTS / "director-report")], check=True
    )

    # A large export: written by a task behind a progress bar, then downloaded from its page.
    settings.ANALYTICS_EXPORT_DIRECT_ROWS = 1
    queued = []
    monkeypatch.setattr(export_build_task, "delay", queued.append)  # the worker, run below
    page.goto("/reports/rates/")
    page.locator("a[href*='export.xlsx']").click()
    page.wait_for_url(lambda url: "/reports/exports/" in url)
    expect(page.locator("#export-progress progress")).to_be_visible()
    expect(page.get_by_role("link", name="تحديث")).to_be_visible()  # without JavaScript: refresh
    screenshot(page, "export-progress")
    export_build_task.apply(args=queued)
    # htmx polls the bar every second: the download link replaces it.
    link = page.locator("#export-progress a[href*='/download/']")
    expect(link).to_be_visible()
    screenshot(page, "export-ready")
    with page.expect_download() as export:
        link.click()
    workbook = SCREENSHOTS / "director-rates.xlsx"
    export.value.save_as(workbook)
    sheet = load_workbook(workbook).active
    assert sheet.sheet_view.rightToLeft and sheet.cell(row=2, column=1).value == "A"
