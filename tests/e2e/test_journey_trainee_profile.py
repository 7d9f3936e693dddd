"""A trainee on a phone, in Arabic, signs in and completes the profile the centre needs."""

from playwright.sync_api import expect

from lms.people.models import Governorate, Organisation
from lms.people.roles import Role
from tests.e2e.pages import check_phone_page, expect_language, path_is, sign_in
from tests.lms.factories import PASSWORD, UserFactory


def test_trainee_completes_profile_on_a_phone(phone_page, screenshot):
    page = phone_page
    trainee = UserFactory(email="zainab@example.iq", full_name_ar="زينب علي حسين", role=Role.TRAINEE)
    ministry = Organisation.objects.create(
        name_ar="وزارة التعليم العالي والبحث العلمي",
        name_en="Ministry of Higher Education and Scientific Research",
        kind=Organisation.Kind.MINISTRY,
    )
    basra = Governorate.objects.get(code="basra")

    page.goto("/")
    expect_language(page, "ar", "rtl")
    check_phone_page(page)

    page.locator("main a[href='/account/sign-in/']").click()
    page.wait_for_url(path_is("/account/sign-in/"))
    expect_language(page, "ar", "rtl")
    check_phone_page(page)

    sign_in(page, "zainab@example.iq", PASSWORD)
    assert page.url.endswith("/")
    check_phone_page(page)

    page.locator("main a[href='/account/profile/']").click()
    page.wait_for_url(path_is("/account/profile/"))
    expect(page.locator("main .notice")).to_be_visible()
    check_phone_page(page)

    expect(page.locator("#id_full_name_ar")).to_have_value("زينب علي حسين")
    page.locator("#id_organisation").select_option(label=ministry.name_ar)
    page.locator("#id_governorate").select_option(label=basra.name_ar)
    page.locator("#id_job_title").fill("مدربة معتمدة")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url(path_is("/account/profile/"))
    expect(page.locator("main .messages .message-success")).to_be_visible()
    expect(page.locator("main .notice")).to_have_count(0)
    expect(page.locator("main .error")).to_have_count(0)
    expect(page.locator("#id_job_title")).to_have_value("مدربة معتمدة")
    expect(page.locator("#id_organisation")).to_have_value(str(ministry.pk))
    expect_language(page, "ar", "rtl")
    check_phone_page(page)
    screenshot(page)

    trainee.refresh_from_db()
    assert trainee.organisation == ministry
    assert trainee.governorate == basra
    assert trainee.job_title == "مدربة معتمدة"
    assert trainee.profile_missing_fields == []
