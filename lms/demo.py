"""Demo site settings and home page: the Basra university's IT and continuing-education centre."""

from wagtail.models import Site

from lms.models import CentreSettings, HomePage

INTRO = (
    "<p>يقدّم المركز برنامج التدريب الوطني على الحكومة الإلكترونية لموظفي القطاع العام في المحافظات، "
    "ودوراته القصيرة المعتمدة للموظفين والجمهور.</p>"
)


def load() -> list[str]:
    site = Site.objects.get(is_default_site=True)
    settings = CentreSettings.for_site(site)
    settings.name_ar = "مركز تكنولوجيا المعلومات والتعليم المستمر – جامعة البصرة"
    settings.name_en = "IT and Continuing Education Centre, University of Basrah"
    settings.name_ckb = "ناوەندی تەکنەلۆژیای زانیاری و فێرکردنی بەردەوام – زانکۆی بەسرە"
    settings.email = "training@uobasrah.edu.iq"
    settings.phone = "+964 780 000 0000"
    settings.address = "جامعة البصرة، كرمة علي، البصرة"
    settings.save()
    home = HomePage.objects.get(pk=site.root_page_id)
    if not home.intro:
        home.intro = INTRO
        home.save_revision().publish()
    return []
