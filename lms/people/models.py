"""Users, organisations, governorates and training hubs."""

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from lms.people.managers import UserManager


class TrilingualName(models.Model):
    """A name in Arabic, English and Kurdish Sorani; ``name`` follows the active language."""

    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_ckb = models.CharField(_("name (Kurdish)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        localised = getattr(self, f"name_{get_language() or 'ar'}", "")
        return localised or self.name_ar


class Governorate(TrilingualName):
    """One of Iraq's 19 governorates, seeded by migration."""

    code = models.SlugField(_("code"), unique=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("governorate")
        verbose_name_plural = _("governorates")


class Organisation(TrilingualName):
    """A ministry, directorate, department, university or faculty, arranged as a tree."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        DIRECTORATE = "directorate", _("Directorate")
        DEPARTMENT = "department", _("Department")
        UNIVERSITY = "university", _("University")
        FACULTY = "faculty", _("Faculty")
        OTHER = "other", _("Other organisation")

    # Which kinds may sit directly under which; a missing key means "top level only".
    ALLOWED_PARENTS = {
        Kind.DIRECTORATE: {Kind.MINISTRY},
        Kind.DEPARTMENT: {Kind.DIRECTORATE, Kind.MINISTRY, Kind.FACULTY},
        Kind.FACULTY: {Kind.UNIVERSITY},
        Kind.OTHER: {Kind.MINISTRY, Kind.DIRECTORATE, Kind.UNIVERSITY, Kind.OTHER},
    }

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    governorate = models.ForeignKey(
        Governorate, verbose_name=_("governorate"), null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def clean(self) -> None:
        allowed = self.ALLOWED_PARENTS.get(self.kind, set())
        if self.parent is None:
            return
        if self.parent.kind not in allowed:
            raise ValidationError(
                {
                    "parent": _("A %(kind)s cannot be part of a %(parent)s.")
                    % {"kind": self.get_kind_display(), "parent": self.parent.get_kind_display()}
                }
            )
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
            ancestor = ancestor.parent


class TrainingHub(TrilingualName):
    """A place where in-person training happens, run by one or more hub coordinators."""

    governorate = models.ForeignKey(Governorate, verbose_name=_("governorate"), on_delete=models.PROTECT)
    address = models.TextField(_("address"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity (seats)"), default=30)
    coordinators = models.ManyToManyField(
        "people.User", verbose_name=_("coordinators"), blank=True, related_name="coordinated_hubs"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("training hub")
        verbose_name_plural = _("training hubs")


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address, a phone number or an employee number."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    class Language(models.TextChoices):
        ARABIC = "ar", "العربية"
        ENGLISH = "en", "English"
        KURDISH = "ckb", "کوردی"

    # Unique identifiers are NULL when absent (never ""), so that many people may lack one.
    email = models.EmailField(_("e-mail address"), unique=True, null=True, blank=True)
    phone = PhoneNumberField(_("phone number"), unique=True, null=True, blank=True)
    employee_number = models.CharField(
        _("employee number"), max_length=40, unique=True, null=True, blank=True
    )
    full_name_ar = models.CharField(_("full name (Arabic script)"), max_length=200, blank=True)
    full_name_latin = models.CharField(_("full name (Latin script)"), max_length=200, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=Language.choices, default=Language.ARABIC
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    governorate = models.ForeignKey(
        Governorate, verbose_name=_("governorate"), null=True, blank=True, on_delete=models.SET_NULL
    )
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    # The training-of-trainers cascade: a trainer was trained by, and reports to, one master
    # trainer; reports credit the people a trainer trains to that master trainer too.
    master_trainer = models.ForeignKey(
        "self",
        verbose_name=_("master trainer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainers",
        help_text=_("For a trainer: the master trainer who trained them and whom they report to."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("May sign in to the Django admin site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name_ar"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False)
                | models.Q(phone__isnull=False)
                | models.Q(employee_number__isnull=False),
                name="user_has_an_identifier",
                violation_error_message=_("Give an e-mail address, a phone number or an employee number."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name()

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email) or None
        self.employee_number = (self.employee_number or "").strip() or None
        self.phone = self.phone or None

    def get_full_name(self) -> str:
        if get_language() == "en" and self.full_name_latin:
            return self.full_name_latin
        return self.full_name_ar or self.full_name_latin or self.identifier

    def get_short_name(self) -> str:
        return self.get_full_name().split(" ")[0]

    @property
    def identifier(self) -> str:
        return self.email or (self.phone and str(self.phone)) or self.employee_number or ""

    @property
    def profile_missing_fields(self) -> list[str]:
        """The profile fields a trainee still has to fill in, by field name."""
        wanted = ("full_name_ar", "organisation", "governorate", "job_title")
        return [name for name in wanted if not getattr(self, name)]
