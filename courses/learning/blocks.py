"""The blocks of a page activity's rich content, authored in Wagtail's StreamField.

Files and uploaded videos are Wagtail documents, but a trainee reaches them only through
``courses:activity_file`` (an access-checked view), never through the public document URL;
rich text therefore offers no document links.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"), choices=[("h2", _("Section")), ("h3", _("Subsection"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Heading")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    # Required: a screen reader, or a phone that did not load the image, reads this instead.
    alt = blocks.CharBlock(label=_("alternative text"), max_length=250, help_text=_("What the image shows."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    video = DocumentChooserBlock(label=_("video file"), help_text=_("MP4 or WebM, as small as will do."))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Video file")


class EmbedVideoBlock(blocks.StructBlock):
    embed = EmbedBlock(label=_("address of the video"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "media"
        label = _("Embedded video")


class CalloutBlock(blocks.StructBlock):
    style = blocks.ChoiceBlock(
        label=_("style"),
        choices=[("note", _("Note")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="note",
    )
    text = blocks.RichTextBlock(label=_("text"), features=TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")


class FileBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("file"))
    label = blocks.CharBlock(label=_("label"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Attached file")


class PageContentBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=TEXT_FEATURES, icon="pilcrow")
    image = ImageBlock()
    video = VideoBlock()
    embed = EmbedVideoBlock()
    callout = CalloutBlock()
    table = TableBlock(label=_("Table"))
    file = FileBlock()


def page_documents(stream) -> dict:
    """The documents a page's content offers (files and uploaded videos), by id."""
    documents = {}
    for block in stream:
        if block.block_type in ("video", "file"):
            document = block.value.get("video") or block.value.get("document")
            if document is not None:
                documents[document.pk] = document
    return documents
