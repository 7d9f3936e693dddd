"""Replace Wagtail's placeholder welcome page with Tadrib's home page as the default site's root."""

from django.db import migrations


def create_home_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("lms.HomePage")

    Page.objects.filter(depth=2, content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="lms")
    locale, _ = Locale.objects.get_or_create(language_code="ar")
    home = HomePage.objects.create(
        title="تدريب",
        draft_title="تدريب",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
    )
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", root_page=home, is_default_site=True, site_name="Tadrib")


def remove_home_page(apps, schema_editor):
    apps.get_model("lms.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("lms", "0001_initial"), ("wagtailcore", "0098_apitoken")]
    operations = [migrations.RunPython(create_home_page, remove_home_page)]
