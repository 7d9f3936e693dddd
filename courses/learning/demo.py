"""Demo page content for the five courses of the e-governance programme, in Arabic, Kurdish and English.

Run after ``courses.catalogue.demo``. Each course's introduction page gets a heading, text, a
diagram (drawn here with Pillow, with its alternative text), a short video (a small WebM made
once with ffmpeg, in ``demo_media/``), a callout and the trainee guide; its case study a table and
"mark as done". Only the languages a page lacks are added, so loading twice adds nothing.
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
LANGUAGES = ("ar", "ckb", "en")

# Per course (by slug) and language: (subject, [three points], case study title).
SUBJECTS = {
    "e-governance-frameworks": {
        "ar": (
            "أطر الحوكمة الإلكترونية",
            [
                "الحوكمة الإلكترونية تنظّم كيف تتخذ المؤسسة قراراتها الرقمية ومن يُساءَل عنها.",
                "تقيس أطر الأمم المتحدة للحكومة الرقمية الخدمات والمشاركة والبنية التحتية.",
                "يبدأ التطبيق بجرد الخدمات القائمة وتحديد مالك لكل خدمة.",
            ],
            "دائرة الأحوال المدنية في البصرة: نقل حجز المواعيد إلى الإنترنت",
        ),
        "ckb": (
            "چوارچێوەکانی حوکمڕانیی ئەلیکترۆنی",
            [
                "حوکمڕانیی ئەلیکترۆنی ڕێک دەخات کە دامەزراوەیەکی گشتی چۆن بڕیارە دیجیتاڵییەکانی دەدات و کێ بەرپرسیارە لێیان.",
                "چوارچێوەکانی نەتەوە یەکگرتووەکان بۆ حکوومەتی دیجیتاڵی خزمەتگوزاری و بەشداری و ژێرخان دەپێون.",
                "جێبەجێکردنی چوارچێوەیەک بە ئامارکردنی خزمەتگوزارییەکان و دیاریکردنی خاوەنێک بۆ هەر یەکێکیان دەست پێ دەکات.",
            ],
            "بەڕێوەبەرایەتیی باری شارستانی لە بەسرە: گرتنی مەوعید بە ئۆنلاین",
        ),
        "en": (
            "E-governance frameworks",
            [
                "E-governance sets how a public body takes its digital decisions and who answers for them.",
                "The UN digital government frameworks measure services, participation and infrastructure.",
                "Applying a framework starts with an inventory of services and an owner for each.",
            ],
            "The civil status directorate in Basra: booking appointments online",
        ),
    },
    "e-government-strategy": {
        "ar": (
            "استراتيجية الحكومة الإلكترونية",
            [
                "تبدأ الاستراتيجية برؤية قصيرة يفهمها كل موظف.",
                "تحليل الوضع الراهن يحدد الفجوة بين الخدمات اليوم وما يريده المواطن.",
                "لكل هدف مؤشر أداء يُقاس كل ثلاثة أشهر.",
            ],
            "وزارة التخطيط: أولويات التحول الرقمي لثلاث سنوات",
        ),
        "ckb": (
            "ستراتیژیی حکوومەتی ئەلیکترۆنی",
            [
                "ستراتیژ بە دیدگایەکی کورت دەست پێ دەکات کە هەموو فەرمانبەرێک لێی تێبگات.",
                "شیکردنەوەی دۆخی ئێستا بۆشایی نێوان خزمەتگوزارییەکانی ئەمڕۆ و پێداویستییەکانی هاووڵاتیان نیشان دەدات.",
                "هەر ئامانجێک پێوەرێکی ئەدای هەیە کە هەر سێ مانگ جارێک دەپێورێت.",
            ],
            "وەزارەتی پلاندانان: ئەولەویەتە دیجیتاڵییەکانی سێ ساڵ",
        ),
        "en": (
            "E-government strategy",
            [
                "A strategy starts with a short vision every member of staff understands.",
                "An analysis of the present state shows the gap between today's services and citizens' needs.",
                "Each goal has a performance indicator measured every quarter.",
            ],
            "The Ministry of Planning: three years of digital priorities",
        ),
    },
    "e-government-project-planning": {
        "ar": (
            "تخطيط المشاريع",
            [
                "وثيقة النطاق تقول ما يدخل في المشروع وما لا يدخل.",
                "الجدول الزمني يبني على المراحل والمعالم لا على التواريخ وحدها.",
                "سجل المخاطر يحدد لكل خطر احتماله وأثره ومن يتابعه.",
            ],
            "مشروع الأرشفة الإلكترونية في دائرة صحة النجف",
        ),
        "ckb": (
            "پلاندانانی پڕۆژە",
            [
                "بەڵگەنامەی بواری کار دەڵێت چی دەچێتە ناو پڕۆژەکەوە و چی ناچێت.",
                "خشتەی کات لەسەر قۆناغ و خاڵە سەرەکییەکان بنیات دەنرێت، نەک تەنها لەسەر بەروارەکان.",
                "تۆماری مەترسییەکان ئەگەر و کاریگەری و بەدواداچووی هەر مەترسییەک دیاری دەکات.",
            ],
            "پڕۆژەی ئەرشیفکردنی ئەلیکترۆنی لە بەڕێوەبەرایەتیی تەندروستیی نەجەف",
        ),
        "en": (
            "Project planning",
            [
                "The scope document says what is in the project and what is not.",
                "The schedule is built on phases and milestones, not on dates alone.",
                "The risk register gives each risk its likelihood, impact and owner.",
            ],
            "Electronic archiving at the Najaf health directorate",
        ),
    },
    "e-government-project-implementation": {
        "ar": (
            "تنفيذ المشاريع",
            [
                "التنفيذ يتابع الخطة بمؤشرات أسبوعية واجتماعات قصيرة.",
                "العقد الجيد مع المورد يحدد معايير القبول قبل التسليم.",
                "الإطلاق التجريبي في دائرة واحدة يكشف المشكلات قبل التعميم.",
            ],
            "إطلاق نظام المراسلات الإلكترونية في محافظة أربيل",
        ),
        "ckb": (
            "جێبەجێکردنی پڕۆژە",
            [
                "جێبەجێکردن بە پێوەری هەفتانە و کۆبوونەوەی کورت بەدواداچوون بۆ پلانەکە دەکات.",
                "گرێبەستێکی باش لەگەڵ دابینکەر پێوەرەکانی وەرگرتن پێش ڕادەستکردن دیاری دەکات.",
                "تاقیکردنەوەی سەرەتایی لە یەک بەڕێوەبەرایەتیدا کێشەکان پێش گشتاندن ئاشکرا دەکات.",
            ],
            "دەستپێکردنی سیستەمی نامەگۆڕینەوەی ئەلیکترۆنی لە پارێزگای هەولێر",
        ),
        "en": (
            "Project implementation",
            [
                "Implementation follows the plan with weekly indicators and short meetings.",
                "A good contract with a supplier sets acceptance criteria before delivery.",
                "A pilot in one directorate reveals problems before the roll-out.",
            ],
            "Launching electronic correspondence in Erbil governorate",
        ),
    },
    "change-management": {
        "ar": (
            "إدارة التغيير",
            [
                "مقاومة التغيير طبيعية؛ أسبابها الخوف من فقدان المهارة أو المكانة.",
                "خطة التواصل تقول لكل فئة من الموظفين ماذا سيتغير ومتى ولماذا.",
                "قياس التبني يتابع من يستخدم النظام الجديد فعلاً.",
            ],
            "التحول إلى الرواتب الإلكترونية في مديرية تربية البصرة",
        ),
        "ckb": (
            "بەڕێوەبردنی گۆڕانکاری",
            [
                "بەرگریکردن لە گۆڕانکاری سروشتییە؛ هۆکارەکەی ترسە لە لەدەستدانی شارەزایی یان پێگە.",
                "پلانی پەیوەندیکردن بە هەر گرووپێکی فەرمانبەران دەڵێت چی دەگۆڕێت، کەی و بۆچی.",
                "پێوانەکردنی بەکارهێنان بەدواداچوون دەکات بۆ ئەوەی کێ بەڕاستی سیستەمە نوێیەکە بەکار دەهێنێت.",
            ],
            "گواستنەوە بۆ مووچەی ئەلیکترۆنی لە بەڕێوەبەرایەتیی پەروەردەی بەسرە",
        ),
        "en": (
            "Change management",
            [
                "Resistance to change is natural; it comes from fear of losing skill or standing.",
                "A communication plan tells each group of staff what will change, when and why.",
                "Measuring adoption follows who actually uses the new system.",
            ],
            "Moving to electronic payroll at the Basra education directorate",
        ),
    },
}

# The words every course's two pages share, per language.
WORDS = {
    "ar": {
        "alt": "دورة من أربع مراحل: التخطيط ثم البناء ثم التشغيل ثم المراجعة",
        "diagram": "دورة الحوكمة الإلكترونية",
        "video": "مقدمة مصوّرة قصيرة",
        "tip": "<p>دوّن سؤالاً واحداً لتطرحه في الورشة الحضورية.</p>",
        "guide": "دليل المتدرب",
        "discuss": "<p>اقرأ الحالة، ثم ناقش مع زملائك: ما الذي ستفعله بطريقة مختلفة في دائرتك؟</p>",
        "table": [
            ["المرحلة", "ما حدث", "الدرس"],
            ["البداية", "خدمة ورقية بطيئة", "قِس الوضع قبل التغيير"],
            ["التجربة", "دائرة واحدة أولاً", "ابدأ صغيراً"],
            ["التعميم", "كل الدوائر خلال سنة", "درّب قبل الإطلاق"],
        ],
        "done": "<p>اضغط «تم» عندما تنتهي من النقاش.</p>",
    },
    "ckb": {
        "alt": "خولێکی چوار قۆناغی: پلاندانان، پاشان دروستکردن، پاشان کارپێکردن، پاشان پێداچوونەوە",
        "diagram": "خولی حوکمڕانیی ئەلیکترۆنی",
        "video": "ناساندنێکی ڤیدیۆیی کورت",
        "tip": "<p>پرسیارێک بنووسە بۆ ئەوەی لە وۆرکشۆپە ئامادەبوونییەکەدا بیکەیت.</p>",
        "guide": "ڕێبەری ڕاهێنراو",
        "discuss": "<p>حاڵەتەکە بخوێنەوە، پاشان لەگەڵ هاوکارەکانت گفتوگۆ بکە: چی بە شێوەیەکی جیاواز دەکەیت لە بەڕێوەبەرایەتییەکەی خۆتدا؟</p>",
        "table": [
            ["قۆناغ", "چی ڕوویدا", "وانە"],
            ["سەرەتا", "خزمەتگوزارییەکی کاغەزیی خاو", "پێش گۆڕین دۆخەکە بپێوە"],
            ["تاقیکردنەوە", "سەرەتا یەک بەڕێوەبەرایەتی", "بە بچووکی دەست پێ بکە"],
            ["گشتاندن", "هەموو بەڕێوەبەرایەتییەکان لە ماوەی ساڵێکدا", "پێش دەستپێکردن ڕاهێنان بکە"],
        ],
        "done": "<p>کاتێک گفتوگۆکەت تەواو کرد، «تەواو بوو» دابگرە.</p>",
    },
    "en": {
        "alt": "A cycle of four stages: plan, build, run, review",
        "diagram": "The e-governance cycle",
        "video": "A short video introduction",
        "tip": "<p>Write down one question to ask at the in-person workshop.</p>",
        "guide": "The trainee's guide",
        "discuss": "<p>Read the case, then discuss with your colleagues: what would you do differently in your directorate?</p>",
        "table": [
            ["Stage", "What happened", "Lesson"],
            ["Start", "A slow paper service", "Measure before changing"],
            ["Pilot", "One directorate first", "Start small"],
            ["Roll-out", "Every directorate in a year", "Train before launch"],
        ],
        "done": "<p>Press “Mark as done” when you have discussed it.</p>",
    },
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
    words = WORDS[language]
    return [
        {"type": "heading", "value": {"text": subject, "level": "h2"}},
        {"type": "paragraph", "value": "<ul>" + "".join(f"<li>{p}</li>" for p in points) + "</ul>"},
        {
            "type": "image",
            "value": {"image": media["image"].pk, "alt": words["alt"], "caption": words["diagram"]},
        },
        {"type": "video", "value": {"video": media["video"].pk, "caption": words["video"]}},
        {"type": "callout", "value": {"style": "tip", "text": words["tip"]}},
        {"type": "file", "value": {"document": media["guide"].pk, "label": words["guide"]}},
    ]


def _case_study(title: str, language: str) -> list[dict]:
    words = WORDS[language]
    return [
        {"type": "heading", "value": {"text": title, "level": "h2"}},
        {"type": "paragraph", "value": words["discuss"]},
        {
            "type": "table",
            "value": {
                "data": words["table"],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
            },
        },
        {"type": "callout", "value": {"style": "note", "text": words["done"]}},
    ]


@transaction.atomic
def load() -> list[str]:
    """Content in each language a page of the five courses lacks (so a demo loaded before Kurdish
    content existed gains it, and loading twice adds nothing)."""
    guide = get_document_model().objects.filter(title="دليل المتدرب – برنامج الحكومة الإلكترونية").first()
    pages = list(
        Activity.objects.filter(kind=Activity.Kind.PAGE, module__course__slug__in=SUBJECTS)
        .select_related("module__course")
        .prefetch_related("contents")
    )
    missing = [
        (activity, language)
        for activity in pages
        for language in LANGUAGES
        if language not in {content.language for content in activity.contents.all()}
    ]
    if guide is None or not missing:
        return []
    media = {"image": _diagram(), "video": _video(), "guide": guide}
    for activity, language in missing:
        subject, points, case_title = SUBJECTS[activity.module.course.slug][language]
        if activity.title == CASE_STUDY:
            body = _case_study(case_title, language)
            if activity.completion != Activity.Completion.MARKED:
                activity.completion = Activity.Completion.MARKED
                activity.save(update_fields=["completion"])
        else:
            body = _introduction(subject, points, media, language)
        ActivityContent.objects.create(activity=activity, language=language, body=body)
    languages = sorted({language for _activity, language in missing})
    pages_done = len({activity.pk for activity, _language in missing})
    return [f"Page activities: content for {pages_done} pages, in {', '.join(languages)}"]
