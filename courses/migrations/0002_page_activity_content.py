import uuid

import django.db.models.deletion
import modelcluster.fields
import wagtail.fields
from django.db import migrations, models
from django.utils.html import escape, linebreaks


def body_to_content(apps, schema_editor):
    """Each page activity's plain ``body`` becomes one paragraph of its content, in its course's language."""
    Activity = apps.get_model("courses", "Activity")
    ActivityContent = apps.get_model("courses", "ActivityContent")
    Page = apps.get_model("wagtailcore", "Page")
    for activity in Activity.objects.exclude(body="").select_related("module"):
        language = (
            Page.objects.filter(pk=activity.module.course_id)
            .values_list("locale__language_code", flat=True)
            .first()
            or "ar"
        )
        text = activity.body.strip()
        html = text if text.startswith("<") else linebreaks(escape(text))
        ActivityContent.objects.create(
            activity=activity,
            language=language,
            body=[{"type": "paragraph", "value": html, "id": str(uuid.uuid4())}],
        )


def content_to_body(apps, schema_editor):
    """Back: the paragraphs of each activity's first content, as its ``body``."""
    ActivityContent = apps.get_model("courses", "ActivityContent")
    for content in ActivityContent.objects.order_by("activity_id", "pk").select_related("activity"):
        activity = content.activity
        if not activity.body:
            activity.body = "".join(str(b.value) for b in content.body if b.block_type == "paragraph")
            activity.save(update_fields=["body"])


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="completion",
            field=models.CharField(
                choices=[
                    ("viewed", "When the trainee opens it"),
                    ("marked", "When the trainee marks it as done"),
                ],
                default="viewed",
                help_text="For a page activity. A file is complete when downloaded, a session when attended.",
                max_length=10,
                verbose_name="a page is complete",
            ),
        ),
        migrations.CreateModel(
            name="ActivityContent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "language",
                    models.CharField(
                        choices=[("ar", "العربية"), ("ckb", "کوردی"), ("en", "English")],
                        max_length=5,
                        verbose_name="language",
                    ),
                ),
                (
                    "body",
                    wagtail.fields.StreamField(
                        [
                            ("heading", 2),
                            ("paragraph", 3),
                            ("image", 7),
                            ("video", 9),
                            ("embed", 11),
                            ("callout", 14),
                            ("table", 15),
                            ("file", 18),
                        ],
                        blank=True,
                        block_lookup={
                            0: ("wagtail.blocks.CharBlock", (), {"label": "heading", "max_length": 200}),
                            1: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {"choices": [("h2", "Section"), ("h3", "Subsection")], "label": "level"},
                            ),
                            2: ("wagtail.blocks.StructBlock", [[("text", 0), ("level", 1)]], {}),
                            3: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {
                                    "features": ["bold", "italic", "ol", "ul", "link"],
                                    "icon": "pilcrow",
                                    "label": "Text",
                                },
                            ),
                            4: ("wagtail.images.blocks.ImageChooserBlock", (), {"label": "image"}),
                            5: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {
                                    "help_text": "What the image shows.",
                                    "label": "alternative text",
                                    "max_length": 250,
                                },
                            ),
                            6: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "caption", "max_length": 250, "required": False},
                            ),
                            7: (
                                "wagtail.blocks.StructBlock",
                                [[("image", 4), ("alt", 5), ("caption", 6)]],
                                {},
                            ),
                            8: (
                                "wagtail.documents.blocks.DocumentChooserBlock",
                                (),
                                {"help_text": "MP4 or WebM, as small as will do.", "label": "video file"},
                            ),
                            9: ("wagtail.blocks.StructBlock", [[("video", 8), ("caption", 6)]], {}),
                            10: ("wagtail.embeds.blocks.EmbedBlock", (), {"label": "address of the video"}),
                            11: ("wagtail.blocks.StructBlock", [[("embed", 10), ("caption", 6)]], {}),
                            12: (
                                "wagtail.blocks.ChoiceBlock",
                                [],
                                {
                                    "choices": [("note", "Note"), ("tip", "Tip"), ("warning", "Warning")],
                                    "label": "style",
                                },
                            ),
                            13: (
                                "wagtail.blocks.RichTextBlock",
                                (),
                                {"features": ["bold", "italic", "ol", "ul", "link"], "label": "text"},
                            ),
                            14: ("wagtail.blocks.StructBlock", [[("style", 12), ("text", 13)]], {}),
                            15: ("wagtail.contrib.table_block.blocks.TableBlock", (), {"label": "Table"}),
                            16: ("wagtail.documents.blocks.DocumentChooserBlock", (), {"label": "file"}),
                            17: (
                                "wagtail.blocks.CharBlock",
                                (),
                                {"label": "label", "max_length": 200, "required": False},
                            ),
                            18: ("wagtail.blocks.StructBlock", [[("document", 16), ("label", 17)]], {}),
                        },
                        verbose_name="content",
                    ),
                ),
                (
                    "activity",
                    modelcluster.fields.ParentalKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="contents",
                        to="courses.activity",
                    ),
                ),
            ],
            options={
                "verbose_name": "page content",
                "verbose_name_plural": "page content, one per language",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("activity", "language"), name="one_page_content_per_language"
                    )
                ],
            },
        ),
        migrations.RunPython(body_to_content, content_to_body),
        migrations.RemoveField(
            model_name="activity",
            name="body",
        ),
    ]
