"""Demo page content for the five courses of the e-governance programme, in Arabic and English.

Run after ``courses.catalogue.demo``. Each course's introduction page gets a heading, text, a
diagram (drawn here with Pillow, with its alternative text), a short video (a small WebM made
once with ffmpeg, in ``demo_media/``), a callout and the trainee guide; its case study a table and
"mark as done". A page that already has content is left alone, so loading twice adds nothing.
"""

import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from courses.models import Activity, ActivityContent

VIDEO = Path(__file__).parent / "demo_media" / "e-governance-intro.webm"
INTRODUCTION, CASE_STUDY = "مقدمة الوحدة", "دراسة حالة"

# Per course (by slug): (Arabic subject, English subject, [(Arabic point, English point)], case (ar, en)).
SUBJECTS = {
    "e-governance-frameworks": (
        "أطر الحوكمة الإلكترونية",
        "e-governance frameworks",
        [
            (
                "الحوكمة الإلكترونية تنظّم كيف تتخذ المؤسسة قراراتها الرقمية ومن يُساءَل عنها.",
                "E-governance sets how a public body takes its digital decisions and who answers for them.",
            ),
            (
                "تقيس أطر الأمم المتحدة للحكومة الرقمية الخدمات والمشاركة والبنية التحتية.",
                "The UN digital government frameworks measure services, participation and infrastructure.",
            ),
            (
                "يبدأ التطبيق بجرد الخدمات القائمة وتحديد مالك لكل خدمة.",
                "Applying a framework starts with an inventory of services and an owner for each.",
            ),
        ],
        (
            "دائرة الأحوال المدنية في البصرة: نقل حجز المواعيد إلى الإنترنت",
            "The civil status directorate in Basra: booking appointments online",
        ),
    ),
    "e-government-strategy": (
        "استراتيجية الحكومة الإلكترونية",
        "e-government strategy",
        [
            (
                "تبدأ الاستراتيجية برؤية قصيرة يفهمها كل موظف.",
                "A strategy starts with a short vision every member of staff understands.",
            ),
            (
                "تحليل الوضع الراهن يحدد الفجوة بين الخدمات اليوم وما يريده المواطن.",
                "An analysis of the present state shows the gap between today's services and citizens' needs.",
            ),
            (
                "لكل هدف مؤشر أداء يُقاس كل ثلاثة أشهر.",
                "Each goal has a performance indicator measured every quarter.",
            ),
        ],
        (
            "وزارة التخطيط: أولويات التحول الرقمي لثلاث سنوات",
            "The Ministry of Planning: three years of digital priorities",
        ),
    ),
    "e-government-project-planning": (
        "تخطيط المشاريع",
        "project planning",
        [
            (
                "وثيقة النطاق تقول ما يدخل في المشروع وما لا يدخل.",
                "The scope document says what is in the project and what is not.",
            ),
            (
                "الجدول الزمني يبني على المراحل والمعالم لا على التواريخ وحدها.",
                "The schedule is built on phases and milestones, not on dates alone.",
            ),
            (
                "سجل المخاطر يحدد لكل خطر احتماله وأثره ومن يتابعه.",
                "The risk register gives each risk its likelihood, impact and owner.",
            ),
        ],
        (
            "مشروع الأرشفة الإلكترونية في دائرة صحة النجف",
            "Electronic archiving at the Najaf health directorate",
        ),
    ),
    "e-government-project-implementation": (
        "تنفيذ المشاريع",
        "project implementation",
        [
            (
                "التنفيذ يتابع الخطة بمؤشرات أسبوعية واجتماعات قصيرة.",
                "Implementation follows the plan with weekly indicators and short meetings.",
            ),
            (
                "العقد الجيد مع المورد يحدد معايير القبول قبل التسليم.",
                "A good contract with a supplier sets acceptance criteria before delivery.",
            ),
            (
                "الإطلاق التجريبي في دائرة واحدة يكشف المشكلات قبل التعميم.",
                "A pilot in one directorate reveals problems before the roll-out.",
            ),
        ],
        (
            "إطلاق نظام المراسلات الإلكترونية في محافظة أربيل",
            "Launching electronic correspondence in Erbil governorate",
        ),
    ),
    "change-management": (
        "إدارة التغيير",
        "change management",
        [
            (
                "مقاومة التغيير طبيعية؛ أسبابها الخوف من فقدان المهارة أو المكانة.",
                "Resistance to change is natural; it comes from fear of losing skill or standing.",
            ),
            (
                "خطة التواصل تقول لكل فئة من الموظفين ماذا سيتغير ومتى ولماذا.",
                "A communication plan tells each group of staff what will change, when and why.",
            ),
            (
                "قياس التبني يتابع من يستخدم النظام الجديد فعلاً.",
                "Measuring adoption follows who actually uses the new system.",
            ),
        ],
        (
            "التحول إلى الرواتب الإلكترونية في مديرية تربية البصرة",
            "Moving to electronic payroll at the Basra education directorate",
        ),
    ),
}


def _diagram():
    """A cycle of four steps (plan, build, run, review) as a small PNG image, made once."""
    Image = get_image_model()
    image = Image.objects.filter(title="دورة الحوكمة الإلكترونية").first()
    if image is not None:
        return image
    canvas = PillowImage.new("RGB", (640, 360), "#f5f7f4")
    draw = ImageDraw.Draw(canvas)
    colours = ["#0b6e4f", "#2a9d8f", "#e9c46a", "#e76f51"]
    centres = [(320, 70), (540, 180), (320, 290), (100, 180)]
    for (x, y), colour in zip(centres, colours, strict=True):
        draw.ellipse((x - 55, y - 45, x + 55, y + 45), fill=colour)
    for (x1, y1), (x2, y2) in zip(centres, centres[1:] + centres[:1], strict=True):
        draw.line((x1, y1, x2, y2), fill="#555555", width=4)
    data = io.BytesIO()
    canvas.save(data, "PNG")
    image = Image(title="دورة الحوكمة الإلكترونية")
    image.file = ImageFile(io.BytesIO(data.getvalue()), name="e-governance-cycle.png")
    image.save()
    return image


def _video():
    Document = get_document_model()
    video = Document.objects.filter(title="مقدمة مصوّرة").first()
    if video is None:
        video = Document(title="مقدمة مصوّرة")
        video.file.save(VIDEO.name, ContentFile(VIDEO.read_bytes()), save=False)
        video.save()
    return video


def _introduction(subject: str, points: list[str], media: dict, language: str) -> list[dict]:
    arabic = language == "ar"
    return [
        {"type": "heading", "value": {"text": subject, "level": "h2"}},
        {"type": "paragraph", "value": "<ul>" + "".join(f"<li>{p}</li>" for p in points) + "</ul>"},
        {
            "type": "image",
            "value": {
                "image": media["image"].pk,
                "alt": "دورة من أربع مراحل: التخطيط ثم البناء ثم التشغيل ثم المراجعة"
                if arabic
                else "A cycle of four stages: plan, build, run, review",
                "caption": "دورة الحوكمة الإلكترونية" if arabic else "The e-governance cycle",
            },
        },
        {
            "type": "video",
            "value": {
                "video": media["video"].pk,
                "caption": "مقدمة مصوّرة قصيرة" if arabic else "A short video introduction",
            },
        },
        {
            "type": "callout",
            "value": {
                "style": "tip",
                "text": "<p>دوّن سؤالاً واحداً لتطرحه في الورشة الحضورية.</p>"
                if arabic
                else "<p>Write down one question to ask at the in-person workshop.</p>",
            },
        },
        {
            "type": "file",
            "value": {
                "document": media["guide"].pk,
                "label": "دليل المتدرب" if arabic else "The trainee's guide",
            },
        },
    ]


def _case_study(title: str, language: str) -> list[dict]:
    arabic = language == "ar"
    rows = (
        [
            ["المرحلة", "ما حدث", "الدرس"],
            ["البداية", "خدمة ورقية بطيئة", "قِس الوضع قبل التغيير"],
            ["التجربة", "دائرة واحدة أولاً", "ابدأ صغيراً"],
            ["التعميم", "كل الدوائر خلال سنة", "درّب قبل الإطلاق"],
        ]
        if arabic
        else [
            ["Stage", "What happened", "Lesson"],
            ["Start", "A slow paper service", "Measure before changing"],
            ["Pilot", "One directorate first", "Start small"],
            ["Roll-out", "Every directorate in a year", "Train before launch"],
        ]
    )
    return [
        {"type": "heading", "value": {"text": title, "level": "h2"}},
        {
            "type": "paragraph",
            "value": "<p>اقرأ الحالة، ثم ناقش مع زملائك: ما الذي ستفعله بطريقة مختلفة في دائرتك؟</p>"
            if arabic
            else "<p>Read the case, then discuss with your colleagues: what would you do differently in your directorate?</p>",
        },
        {
            "type": "table",
            "value": {"data": rows, "first_row_is_table_header": True, "first_col_is_header": False},
        },
        {
            "type": "callout",
            "value": {
                "style": "note",
                "text": "<p>اضغط «تم» عندما تنتهي من النقاش.</p>"
                if arabic
                else "<p>Press “Mark as done” when you have discussed it.</p>",
            },
        },
    ]


@transaction.atomic
def load() -> list[str]:
    guide = get_document_model().objects.filter(title="دليل المتدرب – برنامج الحكومة الإلكترونية").first()
    pages = Activity.objects.filter(
        kind=Activity.Kind.PAGE, module__course__slug__in=SUBJECTS, contents__isnull=True
    ).select_related("module__course")
    if guide is None or not pages.exists():
        return []
    media = {"image": _diagram(), "video": _video(), "guide": guide}
    made = 0
    for activity in pages:
        subject_ar, subject_en, points, case = SUBJECTS[activity.module.course.slug]
        for language, subject, texts, case_title in (
            ("ar", subject_ar, [p[0] for p in points], case[0]),
            ("en", subject_en.capitalize(), [p[1] for p in points], case[1]),
        ):
            if activity.title == CASE_STUDY:
                body = _case_study(case_title, language)
            else:
                body = _introduction(subject, texts, media, language)
            ActivityContent.objects.create(activity=activity, language=language, body=body)
        if activity.title == CASE_STUDY:
            activity.completion = Activity.Completion.MARKED
            activity.save(update_fields=["completion"])
        made += 1
    return [f"Page activities: content for {made} pages, in Arabic and English"]
