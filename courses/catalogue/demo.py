"""Demo catalogue: the e-Government master-trainer programme, two short courses, cohorts, trainees.

Runs after the people demo (``lms.people.demo``: hubs, organisations and the demo accounts) and
before ``courses.attendance.demo`` (which adds sessions and registers to in-person cohorts).
Loading twice adds nothing: pages, topics, cohorts, modules and activities are found by their
slug or title, and a trainee already enrolled in a cohort is left as they are. Enrolments and
results go through the services, as a trainee's clicks would.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Site

from courses.catalogue.permissions import catalogue_permissions_grant
from courses.enrolment.services import enrolment_invite, enrolment_request
from courses.errors import CoursesError
from courses.learning.completion import activity_result_record
from courses.models import (
    Activity,
    CatalogueIndexPage,
    Cohort,
    CourseModule,
    CoursePage,
    Enrolment,
    ProgrammeCourse,
    ProgrammePage,
    Topic,
)
from lms.api import Role

Kind = Activity.Kind
Mode = Cohort.EnrolmentMode
State = Enrolment.State
User = get_user_model()
# The people app's places, reached through our foreign keys (courses imports only lms.api).
TrainingHub = Cohort._meta.get_field("hub").related_model
Governorate = User._meta.get_field("governorate").related_model
Organisation = User._meta.get_field("organisation").related_model

DEMO_TRAINEE = "trainee@demo.tadrib.iq"
DEMO_INSTRUCTOR = "instructor@demo.tadrib.iq"
DEMO_MASTER_TRAINER = "master.trainer@demo.tadrib.iq"

TOPICS = [
    ("e-governance", "الحوكمة الإلكترونية", "e-Governance", "حوکمڕانی ئەلیکترۆنی"),
    ("strategy", "الاستراتيجية والتخطيط", "Strategy and planning", "ستراتیژی و پلاندانان"),
    ("projects", "إدارة المشاريع", "Project management", "بەڕێوەبردنی پڕۆژە"),
    ("change", "إدارة التغيير", "Change management", "بەڕێوەبردنی گۆڕانکاری"),
    ("training-of-trainers", "إعداد المدربين", "Training of trainers", "ئامادەکردنی ڕاهێنەران"),
    ("digital-skills", "المهارات الرقمية", "Digital skills", "لێهاتوویی دیجیتاڵ"),
    ("security", "أمن المعلومات", "Information security", "ئاسایشی زانیاری"),
]


@dataclass
class CourseSpec:
    slug: str
    title: str
    summary: str
    objectives: list[str]
    topics: list[str]
    hours: int
    languages: list[str] = field(default_factory=lambda: ["ar"])
    mode: str = CoursePage.DeliveryMode.BLENDED
    cpd: int | None = None
    # (module title, [(activity title, kind)])
    modules: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)
    instructors: list[str] = field(default_factory=lambda: [DEMO_INSTRUCTOR])


def _standard_modules(subject: str) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (
            f"المفاهيم الأساسية في {subject}",
            [
                ("مقدمة الوحدة", Kind.PAGE),
                ("درس تفاعلي", Kind.CONTENT),  # content's demo attaches a SCORM or Tin Can lesson
                ("دليل المتدرب", Kind.FILE),
                ("اختبار قبلي", Kind.QUIZ),
            ],
        ),
        (
            f"{subject} في المؤسسات العراقية",
            [("ورشة عمل حضورية", Kind.SESSION), ("دراسة حالة", Kind.PAGE), ("اختبار الوحدة", Kind.QUIZ)],
        ),
        (
            "التطبيق ونقل الأثر التدريبي",
            [("جلسة تدريب المتدربين", Kind.SESSION), ("الاختبار النهائي", Kind.QUIZ)],
        ),
    ]


PROGRAMME_COURSES = [
    CourseSpec(
        slug="e-governance-frameworks",
        title="أطر الحوكمة الإلكترونية",
        summary="مدخل إلى أطر الحوكمة الإلكترونية ومعاييرها الدولية، وكيف تُطبَّق في الوزارات والدوائر الحكومية.",
        objectives=[
            "التمييز بين الحكومة الإلكترونية والحوكمة الإلكترونية",
            "قراءة أطر الأمم المتحدة للحكومة الرقمية",
        ],
        topics=["e-governance", "training-of-trainers"],
        hours=30,
        languages=["ar", "en"],
        cpd=30,
        modules=_standard_modules("الحوكمة الإلكترونية"),
    ),
    CourseSpec(
        slug="e-government-strategy",
        title="استراتيجية الحكومة الإلكترونية",
        summary="إعداد استراتيجية للتحول الرقمي في المؤسسة: الرؤية، تحليل الوضع الراهن، الأولويات ومؤشرات الأداء.",
        objectives=["صياغة رؤية رقمية للمؤسسة", "تحديد مؤشرات أداء قابلة للقياس"],
        topics=["strategy", "e-governance", "training-of-trainers"],
        hours=30,
        cpd=30,
        modules=_standard_modules("استراتيجية الحكومة الإلكترونية"),
        instructors=[DEMO_MASTER_TRAINER, DEMO_INSTRUCTOR],
    ),
    CourseSpec(
        slug="e-government-project-planning",
        title="تخطيط مشاريع الحكومة الإلكترونية",
        summary="تخطيط مشروع حكومة إلكترونية من الفكرة إلى الخطة: النطاق، الجدول الزمني، الموازنة والمخاطر.",
        objectives=["كتابة وثيقة نطاق المشروع", "بناء خطة زمنية وخطة مخاطر"],
        topics=["projects", "strategy", "training-of-trainers"],
        hours=24,
        languages=["ar", "ckb"],
        cpd=24,
        modules=_standard_modules("تخطيط المشاريع"),
    ),
    CourseSpec(
        slug="e-government-project-implementation",
        title="تنفيذ مشاريع الحكومة الإلكترونية",
        summary="قيادة تنفيذ المشاريع الرقمية ومتابعتها: التعاقد، إدارة الموردين، الاختبار والإطلاق والتشغيل.",
        objectives=["متابعة تنفيذ المشروع بمؤشرات واضحة", "إدارة الموردين والعقود"],
        topics=["projects", "training-of-trainers"],
        hours=24,
        cpd=24,
        modules=_standard_modules("تنفيذ المشاريع"),
    ),
    CourseSpec(
        slug="change-management",
        title="إدارة التغيير",
        summary="قيادة الموظفين خلال التحول الرقمي: مقاومة التغيير، التواصل، التدريب وقياس التبني.",
        objectives=["تشخيص مقاومة التغيير", "إعداد خطة تواصل وتدريب"],
        topics=["change", "training-of-trainers"],
        hours=18,
        cpd=18,
        modules=_standard_modules("إدارة التغيير"),
        instructors=[DEMO_MASTER_TRAINER],
    ),
]

SHORT_COURSES = [
    CourseSpec(
        slug="basic-computer-skills",
        title="مهارات الحاسوب الأساسية",
        summary="استخدام الحاسوب في العمل اليومي: الملفات، معالجة النصوص، الجداول والبريد الإلكتروني.",
        objectives=["تنظيم الملفات والمجلدات", "كتابة مراسلة رسمية وجدول بيانات بسيط"],
        topics=["digital-skills"],
        hours=20,
        mode=CoursePage.DeliveryMode.IN_PERSON,
        modules=[
            ("الحاسوب والملفات", [("تعرّف على الحاسوب", Kind.PAGE), ("تمرين عملي", Kind.SESSION)]),
            (
                "المكتب الإلكتروني",
                [("معالجة النصوص", Kind.PAGE), ("الجداول", Kind.PAGE), ("اختبار", Kind.QUIZ)],
            ),
        ],
    ),
    CourseSpec(
        slug="information-security-for-staff",
        title="أمن المعلومات للموظفين",
        summary="حماية بيانات المؤسسة والمواطنين: كلمات المرور، التصيد الاحتيالي، تصنيف المعلومات والإبلاغ عن الحوادث.",
        objectives=["التعرف على رسائل التصيد الاحتيالي", "اختيار كلمات مرور قوية وإدارتها"],
        topics=["security", "digital-skills"],
        hours=8,
        languages=["ar", "en", "ckb"],
        mode=CoursePage.DeliveryMode.ONLINE,
        cpd=8,
        modules=[
            (
                "أساسيات أمن المعلومات",
                [("لماذا أمن المعلومات؟", Kind.PAGE), ("سياسة أمن المعلومات", Kind.FILE)],
            ),
            ("التهديدات الشائعة", [("التصيد الاحتيالي", Kind.PAGE), ("اختبار قصير", Kind.QUIZ)]),
        ],
    ),
]

# Thirty trainees: (Arabic name, Latin name, gender, governorate code, organisation English name).
FIRST_NAMES = [
    ("مصطفى", "Mustafa", "male"),
    ("فاطمة", "Fatima", "female"),
    ("حسين", "Hussein", "male"),
    ("مريم", "Maryam", "female"),
    ("علي", "Ali", "male"),
    ("زهراء", "Zahraa", "female"),
    ("عمر", "Omar", "male"),
    ("رنا", "Rana", "female"),
    ("كرار", "Karrar", "male"),
    ("هدى", "Huda", "female"),
]
FAMILY_NAMES = [("الموسوي", "Al-Musawi"), ("الجبوري", "Al-Jubouri"), ("البياتي", "Al-Bayati")]
GOVERNORATES = ["basra", "baghdad", "erbil", "najaf", "basra", "baghdad"]
ORGANISATIONS = [
    "E-Government Directorate",
    "Directorate of Information Technology",
    "University of Basrah",
    "Erbil Governorate Office",
    "Ministry of Planning",
]


def _trainees() -> list:
    """Thirty demo trainees (created once); only the people demo's accounts have a password."""
    governorates = {g.code: g for g in Governorate.objects.all()}
    organisations = {o.name_en: o for o in Organisation.objects.filter(name_en__in=ORGANISATIONS)}
    group, _ = Group.objects.get_or_create(name=Role.TRAINEE.value)
    people = []
    for n in range(30):
        first_ar, first_latin, gender = FIRST_NAMES[n % len(FIRST_NAMES)]
        family_ar, family_latin = FAMILY_NAMES[n // len(FIRST_NAMES)]
        email = f"trainee{n + 1:02d}@demo.tadrib.iq"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, full_name_ar=f"{first_ar} {family_ar}", gender=gender)
            user.full_name_latin = f"{first_latin} {family_latin}"
            user.governorate = governorates.get(GOVERNORATES[n % len(GOVERNORATES)])
            user.organisation = organisations.get(ORGANISATIONS[n % len(ORGANISATIONS)])
            user.job_title = "موظف" if gender == "male" else "موظفة"
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        people.append(user)
    return people


def _document():
    """One small trainee's guide, shared by the demo's file activities."""
    Document = get_document_model()
    document = Document.objects.filter(title="دليل المتدرب – برنامج الحكومة الإلكترونية").first()
    if document is None:
        document = Document(title="دليل المتدرب – برنامج الحكومة الإلكترونية")
        text = "دليل المتدرب\n\nمرحباً بك في برنامج إعداد المدربين الرئيسيين في الحكومة الإلكترونية.\n"
        document.file.save("trainee-guide.txt", ContentFile(text.encode("utf-8")), save=False)
        document.save()
    return document


def _child(parent, model, slug: str, **fields):
    """The page ``slug`` under ``parent``, created and published when missing."""
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing:
        return existing, False
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    return page, True


def _course(parent, spec: CourseSpec, topics: dict, people: dict, document) -> CoursePage:
    objectives = "<ul>" + "".join(f"<li>{o}</li>" for o in spec.objectives) + "</ul>"
    course, created = _child(
        parent,
        CoursePage,
        spec.slug,
        title=spec.title,
        summary=spec.summary,
        objectives=objectives,
        audience="موظفو الوزارات والدوائر الحكومية والجامعات المرشحون من مؤسساتهم.",
        duration_hours=Decimal(spec.hours),
        languages=spec.languages,
        delivery_mode=spec.mode,
        accreditation="مركز تكنولوجيا المعلومات والتعليم المستمر – جامعة البصرة",
        cpd_hours=Decimal(spec.cpd) if spec.cpd else None,
        completion_minimum_score=Decimal(60),
    )
    if created:
        course.topics.set([topics[slug] for slug in spec.topics])
        course.instructors.set([people[email] for email in spec.instructors if email in people])
        course.save_revision().publish()
    for m, (module_title, activities) in enumerate(spec.modules, start=1):
        module, _ = CourseModule.objects.get_or_create(
            course=course, title=module_title, defaults={"position": m}
        )
        previous = None
        for a, (title, kind) in enumerate(activities, start=1):
            activity, _ = Activity.objects.get_or_create(
                module=module,
                title=title,
                defaults={
                    "kind": kind,
                    "position": a,
                    "document": document if kind == Kind.FILE else None,
                    # A module's final quiz opens once the activity before it is done.
                    "released_after": previous if kind == Kind.QUIZ and a > 1 else None,
                },
            )
            previous = activity
    return course


# Per hub cohort: room, contact name, phone, e-mail.
PRACTICAL_DETAILS = {
    "frameworks_basra": ("القاعة 3، الطابق الأول", "حيدر كاظم", "+9647801234561", "basra.hub@demo.tadrib.iq"),
    "frameworks_baghdad": (
        "قاعة الحاسوب 2",
        "نور الهدى جاسم",
        "+9647701234562",
        "baghdad.hub@demo.tadrib.iq",
    ),
    "strategy_baghdad": (
        "قاعة الاجتماعات الكبرى، الطابق الثاني",
        "نور الهدى جاسم",
        "+9647701234562",
        "baghdad.hub@demo.tadrib.iq",
    ),
    "planning_najaf": ("القاعة 1", "مرتضى عبد الأمير", "+9647811234563", "najaf.hub@demo.tadrib.iq"),
    "planning_erbil": ("هۆڵی 4، نهۆمی دووەم", "ئاراس عومەر", "+9647501234564", "erbil.hub@demo.tadrib.iq"),
    "implementation_najaf": ("القاعة 2", "مرتضى عبد الأمير", "+9647811234563", "najaf.hub@demo.tadrib.iq"),
    "change_basra": ("قاعة التدريب الصغيرة", "حيدر كاظم", "+9647801234561", "basra.hub@demo.tadrib.iq"),
    "computer_basra": ("مختبر الحاسوب", "حيدر كاظم", "+9647801234561", "basra.hub@demo.tadrib.iq"),
}


def _cohort(course: CoursePage, title: str, *, starts_in: int, days: int, hub=None, **fields) -> Cohort:
    today = timezone.localdate()
    starts_on = today + datetime.timedelta(days=starts_in)
    cohort, _ = Cohort.objects.get_or_create(
        course=course,
        title=title,
        defaults={
            "starts_on": starts_on,
            "ends_on": starts_on + datetime.timedelta(days=days),
            "hub": hub,
            **fields,
        },
    )
    return cohort


def _enrol(people: list, cohort: Cohort, *, invited_by=None) -> list[Enrolment]:
    """Enrol each person not yet in the cohort, as they would themselves (or invited by staff)."""
    made = []
    for person in people:
        if Enrolment.objects.filter(user=person, cohort=cohort).exists():
            continue
        try:
            if invited_by is not None:
                made.append(
                    enrolment_invite(user=person, cohort=cohort, by=invited_by, reason="ترشيح من الدائرة")
                )
            else:
                made.append(enrolment_request(user=person, cohort=cohort))
        except CoursesError:
            continue  # e.g. a prerequisite the person has not completed: the demo skips them
    return made


def _results(enrolments: list[Enrolment], *, share: float, seed: int) -> None:
    """Record results for the first ``share`` of each enrolment's activities, with quiz scores."""
    for index, enrolment in enumerate(enrolments):
        enrolment.refresh_from_db()
        if enrolment.state not in (State.APPROVED, State.ACTIVE):
            continue
        activities = list(Activity.objects.filter(module__course_id=enrolment.cohort.course_id))
        for activity in activities[: round(len(activities) * share)]:
            score = None
            if activity.kind == Kind.QUIZ:
                score = 55 + (index * 7 + activity.pk * 3 + seed) % 45
            activity_result_record(
                user_id=enrolment.user_id,
                activity_id=activity.pk,
                score=score,
                completed=True,
                passed=None if score is None else score >= 60,
            )


@transaction.atomic
def _load() -> list[str]:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page
    catalogue, _ = _child(
        home,
        CatalogueIndexPage,
        "catalogue",
        title="الدورات التدريبية",
        intro="<p>ابحث عن دورة، واختر دفعة في محافظتك أو عن بُعد، وسجّل بنفسك من هاتفك.</p>",
    )
    catalogue_permissions_grant(catalogue=catalogue)
    topics = {}
    for slug, name_ar, name_en, name_ckb in TOPICS:
        topics[slug], _ = Topic.objects.update_or_create(
            slug=slug, defaults={"name_ar": name_ar, "name_en": name_en, "name_ckb": name_ckb}
        )
    staff = {
        u.email: u
        for u in User.objects.filter(email__endswith="@demo.tadrib.iq").exclude(email__startswith="trainee")
    }
    document = _document()

    programme, created = _child(
        catalogue,
        ProgrammePage,
        "e-government-master-trainers",
        title="برنامج إعداد المدربين الرئيسيين في الحكومة الإلكترونية",
        summary="مسار من خمس دورات يُعِدّ مدربين رئيسيين ينقلون التدريب على الحكومة الإلكترونية إلى زملائهم في المحافظات.",
        body="<p>يُنفَّذ البرنامج في مراكز التدريب في البصرة وبغداد وأربيل والنجف وعن بُعد. "
        "يحصل من يُكمل الدورات الخمس ويقدّم جلسات تدريبية لزملائه على شهادة مدرب رئيسي.</p>",
        audience="موظفو الدوائر الحكومية المرشحون ليكونوا مدربين رئيسيين في مؤسساتهم.",
        target_trainees=500,
        is_master_trainer_programme=True,
    )
    courses = [_course(programme, spec, topics, staff, document) for spec in PROGRAMME_COURSES]
    if created or not programme.programme_courses.exists():
        for position, course in enumerate(courses):
            ProgrammeCourse.objects.get_or_create(
                programme=programme, course=course, defaults={"sort_order": position}
            )
        programme.save_revision().publish()
    frameworks, strategy, planning, implementation, change = courses
    if not implementation.prerequisites.exists():
        implementation.prerequisites.set([planning])
        implementation.save_revision().publish()
    computer, security = (_course(catalogue, spec, topics, staff, document) for spec in SHORT_COURSES)

    hubs = {h.governorate.code: h for h in TrainingHub.objects.select_related("governorate")}
    c = {
        "frameworks_basra": _cohort(
            frameworks, "البصرة – الدفعة الأولى", starts_in=-45, days=5, hub=hubs.get("basra")
        ),
        "frameworks_baghdad": _cohort(
            frameworks, "بغداد – الدفعة الثانية", starts_in=20, days=5, hub=hubs.get("baghdad")
        ),
        "strategy_baghdad": _cohort(
            strategy, "بغداد – الدفعة الأولى", starts_in=-4, days=10, hub=hubs.get("baghdad")
        ),
        "strategy_online": _cohort(
            strategy, "عن بُعد – دفعة الربيع", starts_in=30, days=21, enrolment_mode=Mode.APPROVAL
        ),
        "planning_najaf": _cohort(
            planning, "النجف – الدفعة الأولى", starts_in=-60, days=5, hub=hubs.get("najaf")
        ),
        "planning_erbil": _cohort(
            planning, "أربيل – الدفعة الأولى", starts_in=14, days=5, hub=hubs.get("erbil"), capacity=25
        ),
        "implementation_najaf": _cohort(
            implementation, "النجف – الدفعة الأولى", starts_in=45, days=5, hub=hubs.get("najaf"), capacity=20
        ),
        "change_basra": _cohort(
            change, "البصرة – دفعة صغيرة", starts_in=60, days=3, hub=hubs.get("basra"), capacity=3
        ),
        "change_online": _cohort(change, "عن بُعد – الدفعة الأولى", starts_in=75, days=14),
        "computer_basra": _cohort(
            computer, "البصرة – دورة مسائية", starts_in=10, days=10, hub=hubs.get("basra"), capacity=20
        ),
        "security_online": _cohort(security, "عن بُعد – ذاتي التعلم", starts_in=-10, days=60, capacity=200),
    }
    # The hub cohorts' room and contact, on their trainees' course home (set once, kept after).
    for key, (room, name, phone, email) in PRACTICAL_DETAILS.items():
        Cohort.objects.filter(pk=c[key].pk, room="", contact_name="").update(
            room=room, contact_name=name, contact_phone=phone, contact_email=email
        )
    people = _trainees()
    zainab = User.objects.filter(email=DEMO_TRAINEE).first()
    coordinator = User.objects.filter(email="hub.coordinator@demo.tadrib.iq").first()
    everyone = ([zainab] if zainab else []) + people

    # Past cohorts, completed with results; Zainab completed the frameworks.
    _results(_enrol(everyone[:9], c["frameworks_basra"]), share=1, seed=1)
    _results(_enrol(people[8:18], c["planning_najaf"]), share=1, seed=2)
    # A running cohort, half-way.
    _results(_enrol(everyone[:1] + people[10:22], c["strategy_baghdad"]), share=0.5, seed=3)
    _results(_enrol(everyone[:1] + people[20:30], c["security_online"]), share=0.4, seed=4)
    # Upcoming cohorts.
    _enrol(people[:12], c["frameworks_baghdad"])
    _enrol(everyone[:1] + people[12:20], c["planning_erbil"])
    _enrol(people[8:18], c["implementation_najaf"])  # those who completed planning
    _enrol(people[22:26], c["strategy_online"])  # waiting for a coordinator's approval
    _enrol(people[26:29], c["change_basra"])  # the three seats...
    _enrol(everyone[:1] + people[29:30], c["change_basra"])  # ...so these two wait
    _enrol(people[:6], c["computer_basra"], invited_by=coordinator)
    for cohort in (c["frameworks_basra"], c["planning_najaf"]):
        # Past cohorts closed their enrolment when they started.
        if cohort.enrolment_closes_at is None:
            cohort.enrolment_closes_at = timezone.make_aware(
                datetime.datetime.combine(cohort.starts_on, datetime.time())
            )
            cohort.save(update_fields=["enrolment_closes_at"])
    return []


def load() -> list[str]:
    # The demo's enrolments would otherwise e-mail thirty trainees (printed by the console backend).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        return _load()
