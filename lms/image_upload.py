"""Uploading images to the Wagtail admin: a damaged image is refused with a message, never a 500.

Wagtail's image field asks Willow for the image's size; a file whose header names a format but
whose body is cut short or corrupt makes Pillow raise there (``OSError``, ``UnidentifiedImageError``),
outside Wagtail's own checks, and the upload answers 500. The same file, had it passed, would fail
again each time a rendition is made. ``WAGTAILIMAGES_IMAGE_FORM_BASE`` points at ``ImageForm``.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

DAMAGED = _("This image is damaged or cut short. Save it again from an image editor and upload it again.")

# Formats Willow hands to Pillow; SVG (text) is read by Willow itself.
_RASTER = {"avif", "bmp", "gif", "heic", "ico", "jpeg", "png", "tiff", "webp"}


class WholeImageField(WagtailImageField):
    """Wagtail's image field, which also refuses images that Pillow cannot read to the end."""

    def to_python(self, data):
        try:
            upload = super().to_python(data)
        except ValidationError:
            raise
        except Exception as error:  # any decoder error means a damaged file
            raise ValidationError(DAMAGED, code="damaged_image") from error
        if upload is not None and upload.image.format_name in _RASTER:
            _verify(upload)
        return upload


def _verify(upload) -> None:
    """Read the whole file through Pillow's integrity check (chunk checksums, truncation)."""
    upload.seek(0)
    try:
        with PillowImage.open(upload) as image:
            image.verify()
    except Exception as error:
        raise ValidationError(DAMAGED, code="damaged_image") from error
    finally:
        upload.seek(0)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields:
            current = self.fields["file"]
            self.fields["file"] = WholeImageField(label=current.label, required=current.required)
