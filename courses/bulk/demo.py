"""Demo bulk enrolment: the Ministry of Planning's HR office sends a staff list for a cohort.

One applied ``BulkEnrolment`` from a generated CSV of 20 staff, as such lists arrive: Arabic
headers, names in both scripts, the ministry and the governorates written now in Arabic, now in
English. The list also names the demo trainee (matched to her account by e-mail address) and
carries one mistyped phone number, so that the outcome shows a created, a matched and a left-out
row. The cohort is the catalogue demo's online change-management cohort when it exists, else a
small course and cohort of our own under the catalogue. Idempotent: a second run does nothing.
"""

import contextlib
import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.models import Site

from courses.bulk import services
from courses.models import BulkEnrolment, CatalogueIndexPage, Cohort, CoursePage

User = get_user_model()
Organisation = User._meta.get_field("organisation").related_model

DEMO_LIST = "موظفو وزارة التخطيط – الحكومة الإلكترونية.csv"
DEMO_TRAINEE = "trainee@demo.tadrib.iq"
HEADER = ["ت", "الاسم الكامل", "الاسم بالانكليزي", "البريد الإلكتروني", "رقم الهاتف", "الرقم الوظيفي",
          "الجنس", "الجهة", "المحافظة", "العنوان الوظيفي"]  # fmt: skip
# (Arabic name, Latin name, gender, job title)
STAFF = [
    ("حسن عبد الكريم الجبوري", "Hassan Abdulkareem Al-Jubouri", "ذكر", "مهندس برمجيات"),
    ("رنا فاضل العبيدي", "Rana Fadhil Al-Obaidi", "أنثى", "محللة نظم"),
    ("مصطفى جاسم الربيعي", "Mustafa Jasim Al-Rubaie", "ذكر", "مدير شعبة"),
    ("هدى كريم الساعدي", "Huda Kareem Al-Saadi", "أنثى", "مبرمجة"),
    ("ياسر طالب الموسوي", "Yasir Talib Al-Musawi", "ذكر", "مهندس شبكات"),
    ("زهراء عباس الحسيني", "Zahraa Abbas Al-Husseini", "أنثى", "إحصائية"),
    ("علاء حميد التميمي", "Alaa Hameed Al-Tamimi", "ذكر", "مخطط"),
    ("شيماء صباح الدليمي", "Shaimaa Sabah Al-Dulaimi", "أنثى", "مديرة قسم"),
    ("كرار حيدر الخفاجي", "Karrar Haider Al-Khafaji", "ذكر", "فني حاسبات"),
    ("آية محمد الزبيدي", "Aya Mohammed Al-Zubaidi", "أنثى", "مهندسة اتصالات"),
    ("عمار ناجي الشمري", "Ammar Naji Al-Shammari", "ذكر", "محاسب"),
    ("سجى رعد الكعبي", "Saja Raad Al-Kaabi", "أنثى", "مترجمة"),
    ("أحمد صادق العزاوي", "Ahmed Sadiq Al-Azzawi", "ذكر", "مدقق"),
    ("دعاء خالد البياتي", "Duaa Khalid Al-Bayati", "أنثى", "منسقة تدريب"),
    ("محمد رياض النعيمي", "Mohammed Riyadh Al-Nuaimi", "ذكر", "مهندس"),
    ("غفران علي المالكي", "Ghufran Ali Al-Maliki", "أنثى", "باحثة"),
    ("سيف الدين عادل الحديثي", "Saifaldin Adil Al-Hadithi", "ذكر", "مدير مشروع"),
    ("نبأ جواد الأسدي", "Naba Jawad Al-Asadi", "أنثى", "مبرمجة"),
    ("حيدر فلاح العامري", "Haider Falah Al-Amiri", "ذكر", "مهندس نظم"),
    ("إسراء قاسم الجنابي", "Israa Qasim Al-Janabi", "أنثى", "إحصائية"),
]
# How the ministry and the governorate are written, row after row, in a list typed by hand.
ORGANISATIONS = ["وزارة التخطيط", "وزارة التخطيط", "Ministry of Planning", "مديرية تكنولوجيا المعلومات"]
GOVERNORATES = ["بغداد", "بغداد", "Baghdad", "البصرة"]


def staff_csv() -> bytes:
    """The list, as the HR office's Excel saves it: UTF-8 with a byte-order mark."""
    lines = [HEADER]
    for n, (name_ar, name_latin, gender, job) in enumerate(STAFF, start=1):
        lines.append([str(n), name_ar, name_latin, f"planning.staff{n:02d}@demo.tadrib.iq", f"0780555{n:04d}",
                      f"MOP-2026-{n:03d}", gender, ORGANISATIONS[n % 4], GOVERNORATES[n % 4], job])  # fmt: skip
    lines.append([str(len(STAFF) + 1), "زينب حسن علي", "Zainab Hassan Ali", DEMO_TRAINEE, "", "", "أنثى",
                  "مديرية تكنولوجيا المعلومات", "Basra", "موظفة"])  # fmt: skip
    lines.append([str(len(STAFF) + 2), "باسم نوري الكرخي", "Basim Nouri Al-Karkhi", "", "0780-555", "MOP-2026-099",
                  "ذكر", "وزارة التخطيط", "بغداد", "سائق"])  # fmt: skip
    text = "\r\n".join(",".join(f'"{cell}"' if "," in cell else cell for cell in line) for line in lines)
    return ("\ufeff" + text + "\r\n").encode("utf-8")


def _staff_member():
    return (
        User.objects.filter(email="programme.manager@demo.tadrib.iq").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )


def _cohort() -> Cohort:
    """The catalogue demo's online change-management cohort, else one of our own."""
    upcoming = Cohort.objects.filter(starts_on__gt=timezone.localdate())
    found = (
        upcoming.filter(course__slug="change-management", hub__isnull=True).first()
        or upcoming.filter(course__slug="bulk-demo-change-management").first()
    )
    if found:
        return found
    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is None:
        catalogue = CatalogueIndexPage(title="الدورات التدريبية", slug="catalogue")
        Site.objects.get(is_default_site=True).root_page.add_child(instance=catalogue)
    course = CoursePage(
        title="إدارة التغيير في مشاريع الحكومة الإلكترونية",
        slug="bulk-demo-change-management",
        summary="كيف تقود دائرتك خلال التحول إلى الخدمات الإلكترونية: أصحاب المصلحة، والتواصل، ومقاومة التغيير.",
        languages=["ar"],
    )
    catalogue.add_child(instance=course)
    starts_on = timezone.localdate() + datetime.timedelta(days=40)
    return Cohort.objects.create(
        course=course,
        title="عن بُعد – دفعة وزارة التخطيط",
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=14),
        capacity=30,
        enrolment_mode=Cohort.EnrolmentMode.INVITATION,
    )


@transaction.atomic
def _load() -> list[str]:
    if BulkEnrolment.objects.filter(original_name=DEMO_LIST).exists():
        return []
    by = _staff_member()
    if by is None:
        return ["bulk enrolment demo skipped: no programme manager or superuser to upload the list"]
    Organisation.objects.get_or_create(
        name_en="Ministry of Planning", defaults={"name_ar": "وزارة التخطيط", "kind": "ministry"}
    )
    cohort = _cohort()
    bulk = services.bulk_enrolment_upload(cohort=cohort, file=ContentFile(staff_csv(), name=DEMO_LIST), by=by)
    services.bulk_enrolment_map(bulk=bulk, mapping=bulk.column_mapping)
    bulk = services.bulk_enrolment_check(bulk=bulk)
    services.bulk_enrolment_confirm(bulk=bulk, by=by)
    services.bulk_enrolment_apply(bulk=bulk)
    return []


def load() -> list[str]:
    # The background jobs queued on commit find the list applied and do nothing; the enrolment
    # notices would e-mail and text twenty people (printed by the console backends).
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        return _load()
