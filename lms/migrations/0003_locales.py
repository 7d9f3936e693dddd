"""Create the Wagtail locales of the content languages, so pages can be translated at once."""

from django.db import migrations

LANGUAGES = ["ar", "en", "ckb"]


def create_locales(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    for code in LANGUAGES:
        Locale.objects.get_or_create(language_code=code)


class Migration(migrations.Migration):
    dependencies = [("lms", "0002_home_page")]
    operations = [migrations.RunPython(create_locales, migrations.RunPython.noop)]
