"""Content packages and their versions (app label ``content``, imported by ``content/models.py``).

A package is what an instructor sees and attaches to a course activity; each upload makes a
new, immutable version whose files live under their own storage prefix. Attempts will refer to
a version, so a new upload never changes what a trainee in the middle of an attempt is playing.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .warnings import warning_text


class ContentPackage(models.Model):
    class Kind(models.TextChoices):
        SCORM12 = "scorm12", "SCORM 1.2"
        SCORM2004 = "scorm2004", "SCORM 2004"
        CMI5 = "cmi5", "cmi5"
        TINCAN = "tincan", _("xAPI (Tin Can)")
        H5P = "h5p", "H5P"

    title = models.CharField(_("title"), max_length=255)
    # The kind of the newest version (a new version may change format, e.g. 1.2 → 2004).
    kind = models.CharField(_("format"), max_length=20, choices=Kind.choices)
    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="content_packages",
        # Only an activity of kind "content" plays a package (checked by full_clean too).
        limit_choices_to={"kind": "content"},
    )
    # SCORM 1.2 SCOs that call only LMSInitialize and LMSFinish never set a status: by default,
    # as in Moodle and SCORM Cloud, finishing one records it completed (ADR 0017).
    complete_on_finish = models.BooleanField(
        _("complete SCOs that finish without a status"),
        default=True,
        help_text=_(
            "SCORM 1.2: a SCO that ends without reporting whether it was completed counts as "
            "completed. Untick to count only the SCO's own status."
        ),
    )
    created_by = models.ForeignKey(
        "people.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        app_label = "content"
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("content package")
        verbose_name_plural = _("content packages")

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> "ContentPackageVersion | None":
        """The newest version: what a new attempt plays."""
        return self.versions.order_by("-number").first()


class ContentPackageVersion(models.Model):
    package = models.ForeignKey(ContentPackage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    kind = models.CharField(_("format"), max_length=20, choices=ContentPackage.Kind.choices)
    # The manifest as read by the format's handler (content.handlers.data.Manifest.as_json()).
    manifest = models.JSONField(_("manifest"), default=dict)
    # Where default_storage holds the files: "<CONTENT_STORAGE_PREFIX>/<unique folder>/".
    storage_prefix = models.CharField(_("storage folder"), max_length=255, unique=True)
    size = models.BigIntegerField(_("size of the upload (bytes)"))
    uncompressed_size = models.BigIntegerField(_("size of the files (bytes)"), default=0)
    file_count = models.PositiveIntegerField(_("files"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        "people.User", verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        app_label = "content"
        ordering = ["package", "-number"]
        verbose_name = _("content package version")
        verbose_name_plural = _("content package versions")
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="content_package_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.package} · v{self.number}"

    @property
    def warnings(self) -> list[str]:
        """What the instructor should know of this version (items left out, …), in their language."""
        stored = self.manifest.get("warnings") if isinstance(self.manifest, dict) else None
        return [text for entry in stored or [] if isinstance(entry, dict) and (text := warning_text(entry))]

    def file_path(self, relative: str) -> str:
        """The storage name of one of the version's files."""
        return self.storage_prefix + relative


class ContentItem(models.Model):
    """An entry of a version's table of contents; the launchable ones are the SCOs, assets and AUs."""

    version = models.ForeignKey(ContentPackageVersion, on_delete=models.CASCADE, related_name="items")
    identifier = models.CharField(_("identifier"), max_length=2000)
    title = models.CharField(_("title"), max_length=500)
    # Relative to the version's storage prefix (it may carry its own query string), or absolute.
    launch_path = models.TextField(_("launch address"), blank=True)
    parameters = models.TextField(_("launch parameters"), blank=True)
    position = models.PositiveIntegerField(_("position"))
    is_launchable = models.BooleanField(_("launchable"), default=False)
    parent_identifier = models.CharField(_("parent"), max_length=2000, blank=True)
    # Format details: SCORM type and sequencing, cmi5 moveOn/masteryScore/launchMethod, …
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        app_label = "content"
        ordering = ["version", "position"]
        verbose_name = _("content item")
        verbose_name_plural = _("content items")
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="content_item_position_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def launch_url(self) -> str:
        from content.handlers.data import join_parameters

        return join_parameters(self.launch_path, self.parameters)
