"""Demo people and places for ``manage.py demo_load``: an e-governance training network."""

from django.db import transaction

from lms.people import demo_history, services
from lms.people.models import Governorate, Organisation, TrainingHub, User
from lms.people.roles import Role

DEMO_PASSWORD = "tadrib-demo-2026"

# (role, e-mail, Arabic name, Latin name, gender, governorate code, organisation English name, job title)
DEMO_ACCOUNTS = [
    (
        Role.TRAINEE,
        "trainee@demo.tadrib.iq",
        "زينب حسن علي",
        "Zainab Hassan Ali",
        "female",
        "basra",
        "Directorate of Information Technology",
        "",
    ),
    (
        Role.INSTRUCTOR,
        "instructor@demo.tadrib.iq",
        "أحمد كاظم جواد",
        "Ahmed Kadhim Jawad",
        "male",
        "basra",
        "College of Computer Science and Information Technology",
        "مدرس",
    ),
    (
        Role.MASTER_TRAINER,
        "master.trainer@demo.tadrib.iq",
        "سارة عبد الله محمود",
        "Sara Abdullah Mahmoud",
        "female",
        "baghdad",
        "E-Government Directorate",
        "مدرب رئيسي",
    ),
    (
        Role.HUB_COORDINATOR,
        "hub.coordinator@demo.tadrib.iq",
        "علي جبار ناصر",
        "Ali Jabbar Nasser",
        "male",
        "basra",
        "University of Basrah",
        "منسق مركز التدريب",
    ),
    (
        Role.PROGRAMME_MANAGER,
        "programme.manager@demo.tadrib.iq",
        "نور الهدى سلمان",
        "Nour Al-Huda Salman",
        "female",
        "baghdad",
        "Ministry of Communications",
        "مدير البرنامج",
    ),
    (
        Role.CENTRE_DIRECTOR,
        "director@demo.tadrib.iq",
        "د. حيدر عبد الأمير",
        "Dr Haider Abdulameer",
        "male",
        "basra",
        "University of Basrah",
        "مدير المركز",
    ),
    (
        Role.ADMINISTRATOR,
        "admin@demo.tadrib.iq",
        "مدير النظام",
        "System Administrator",
        "",
        "basra",
        "University of Basrah",
        "مسؤول النظام",
    ),
]

# (English name, Arabic name, kind, parent English name, governorate code)
DEMO_ORGANISATIONS = [
    ("Ministry of Communications", "وزارة الاتصالات", "ministry", None, "baghdad"),
    (
        "E-Government Directorate",
        "دائرة الحكومة الإلكترونية",
        "directorate",
        "Ministry of Communications",
        "baghdad",
    ),
    ("Ministry of Planning", "وزارة التخطيط", "ministry", None, "baghdad"),
    (
        "Directorate of Information Technology",
        "مديرية تكنولوجيا المعلومات",
        "directorate",
        "Ministry of Planning",
        "basra",
    ),
    ("University of Basrah", "جامعة البصرة", "university", None, "basra"),
    (
        "College of Computer Science and Information Technology",
        "كلية علوم الحاسوب وتكنولوجيا المعلومات",
        "faculty",
        "University of Basrah",
        "basra",
    ),
    (
        "Continuing Education Centre",
        "مركز التعليم المستمر",
        "department",
        "College of Computer Science and Information Technology",
        "basra",
    ),
    ("Erbil Governorate Office", "ديوان محافظة أربيل", "other", None, "erbil"),
]

# (English name, Arabic name, Kurdish name, governorate code, capacity, address)
DEMO_HUBS = [
    (
        "Basra Training Hub",
        "مركز تدريب البصرة",
        "ناوەندی ڕاهێنانی بەسرە",
        "basra",
        40,
        "جامعة البصرة، كرمة علي",
    ),
    ("Baghdad Training Hub", "مركز تدريب بغداد", "ناوەندی ڕاهێنانی بەغدا", "baghdad", 60, "الكرادة، شارع 62"),
    ("Erbil Training Hub", "مركز تدريب أربيل", "ناوەندی ڕاهێنانی هەولێر", "erbil", 30, "شارع 100 متر"),
    ("Najaf Training Hub", "مركز تدريب النجف", "ناوەندی ڕاهێنانی نەجەف", "najaf", 25, "حي السعد"),
]


@transaction.atomic
def load() -> list[str]:
    """Create the demo network (idempotent) and return lines describing the demo accounts."""
    governorates = {g.code: g for g in Governorate.objects.all()}
    organisations: dict[str, Organisation] = {}
    for name_en, name_ar, kind, parent, governorate in DEMO_ORGANISATIONS:
        organisations[name_en], _ = Organisation.objects.update_or_create(
            name_en=name_en,
            defaults={
                "name_ar": name_ar,
                "kind": kind,
                "parent": organisations.get(parent),
                "governorate": governorates[governorate],
            },
        )
    hubs = []
    for name_en, name_ar, name_ckb, governorate, capacity, address in DEMO_HUBS:
        hub, _ = TrainingHub.objects.update_or_create(
            name_en=name_en,
            defaults={
                "name_ar": name_ar,
                "name_ckb": name_ckb,
                "governorate": governorates[governorate],
                "capacity": capacity,
                "address": address,
            },
        )
        hubs.append(hub)
    services.roles_sync()
    lines = []
    for role, email, name_ar, name_latin, gender, governorate, organisation, job_title in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first() or User(email=email)
        user.full_name_ar, user.full_name_latin, user.gender = name_ar, name_latin, gender
        user.governorate = governorates[governorate]
        user.organisation = organisations[organisation]
        user.job_title = job_title
        user.is_superuser = user.is_staff = role == Role.ADMINISTRATOR
        user.set_password(DEMO_PASSWORD)
        user.save()
        services.user_role_grant(user=user, role=role)
        lines.append(f"{role.value:<18} {email:<36} {DEMO_PASSWORD}")
    hubs[0].coordinators.add(User.objects.get(email="hub.coordinator@demo.tadrib.iq"))
    return [*lines, *demo_history.load()]
