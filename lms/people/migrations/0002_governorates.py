"""Seed Iraq's 19 governorates; Halabja became the 19th in 2025."""

from django.db import migrations

GOVERNORATES = [
    ("baghdad", "بغداد", "Baghdad", "بەغدا"),
    ("basra", "البصرة", "Basra", "بەسرە"),
    ("nineveh", "نينوى", "Nineveh", "نەینەوا"),
    ("erbil", "أربيل", "Erbil", "هەولێر"),
    ("sulaymaniyah", "السليمانية", "Sulaymaniyah", "سلێمانی"),
    ("duhok", "دهوك", "Duhok", "دهۆک"),
    ("halabja", "حلبجة", "Halabja", "هەڵەبجە"),
    ("kirkuk", "كركوك", "Kirkuk", "کەرکووک"),
    ("diyala", "ديالى", "Diyala", "دیالە"),
    ("anbar", "الأنبار", "Anbar", "ئەنبار"),
    ("saladin", "صلاح الدين", "Saladin", "سەلاحەدین"),
    ("babil", "بابل", "Babil", "بابل"),
    ("karbala", "كربلاء", "Karbala", "کەربەلا"),
    ("najaf", "النجف", "Najaf", "نەجەف"),
    ("wasit", "واسط", "Wasit", "واست"),
    ("qadisiyyah", "القادسية", "Al-Qadisiyyah", "قادسیە"),
    ("maysan", "ميسان", "Maysan", "مەیسان"),
    ("dhi-qar", "ذي قار", "Dhi Qar", "زیقار"),
    ("muthanna", "المثنى", "Al-Muthanna", "موسەننا"),
]


def seed(apps, schema_editor):
    Governorate = apps.get_model("people", "Governorate")
    for code, name_ar, name_en, name_ckb in GOVERNORATES:
        Governorate.objects.update_or_create(
            code=code, defaults={"name_ar": name_ar, "name_en": name_en, "name_ckb": name_ckb}
        )


def unseed(apps, schema_editor):
    apps.get_model("people", "Governorate").objects.filter(code__in=[g[0] for g in GOVERNORATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
