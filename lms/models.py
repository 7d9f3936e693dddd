"""The home page and the centre's site settings."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's root page: the centre's welcome and the way into the catalogue."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ol", "ul"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")


@register_setting(icon="site")
class CentreSettings(BaseSiteSetting):
    """Who runs this site: the centre's name in three languages, logo and contact details."""

    name_ar = models.CharField(_("centre name (Arabic)"), max_length=200, default="مركز التدريب")
    name_en = models.CharField(_("centre name (English)"), max_length=200, default="Training Centre")
    name_ckb = models.CharField(_("centre name (Kurdish)"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)

    panels = [
        MultiFieldPanel([FieldPanel("name_ar"), FieldPanel("name_en"), FieldPanel("name_ckb")], _("Name")),
        FieldPanel("logo"),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone"), FieldPanel("address")], _("Contact")),
    ]

    class Meta:
        verbose_name = _("centre settings")

    @property
    def name(self) -> str:
        return getattr(self, f"name_{get_language() or 'ar'}", "") or self.name_ar
