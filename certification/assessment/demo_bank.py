"""The demo question bank: the five e-governance modules of the master-trainer programme, in Arabic
with some English, one category each. Each entry: (kind, text, answer data)."""


def _choices(right: str, *wrong: str) -> dict:
    rows = [{"id": "a", "text": right, "fraction": 1.0, "feedback": ""}]
    rows += [
        {"id": chr(ord("b") + n), "text": w, "fraction": 0.0, "feedback": ""} for n, w in enumerate(wrong)
    ]
    return {"choices": rows}


def _multiple(right: list[str], wrong: list[str]) -> dict:
    share = round(1 / len(right), 4)
    rows = [{"id": chr(ord("a") + n), "text": r, "fraction": share} for n, r in enumerate(right)]
    rows += [
        {"id": chr(ord("a") + len(right) + n), "text": w, "fraction": -share} for n, w in enumerate(wrong)
    ]
    return {"choices": rows, "partial": "fractions"}


ESSAY_RUBRIC = {
    "rubric": [
        {"criterion": "وضوح الفكرة", "points": 2},
        {"criterion": "الربط بواقع المؤسسة", "points": 2},
        {"criterion": "خطوات قابلة للتنفيذ", "points": 1},
    ]
}

BANK: dict[str, tuple[str, list[tuple[str, str, dict]]]] = {
    "e-governance-frameworks": (
        "أطر الحوكمة الإلكترونية",
        [
            (
                "single",
                "ما الفرق الأساسي بين الحكومة الإلكترونية والحوكمة الإلكترونية؟",
                _choices(
                    "الحوكمة تشمل المشاركة والمساءلة لا تقديم الخدمات فقط",
                    "لا فرق بينهما",
                    "الحكومة الإلكترونية أوسع من الحوكمة",
                ),
            ),
            ("true_false", "يصدر مسح الأمم المتحدة للحكومة الإلكترونية كل سنتين.", {"answer": True}),
            (
                "short",
                "ما اسم المؤشر الذي تنشره الأمم المتحدة لقياس تطور الحكومة الإلكترونية؟ (بالاختصار الإنجليزي)",
                {
                    "answers": [
                        {"text": "EGDI", "fraction": 1.0},
                        {"text": "مؤشر تطور الحكومة الإلكترونية", "fraction": 1.0},
                    ]
                },
            ),
            (
                "matching",
                "طابق نمط التعامل بمعناه",
                {
                    "pairs": [
                        {"id": "1", "prompt": "G2C", "answer": "حكومة إلى مواطن"},
                        {"id": "2", "prompt": "G2B", "answer": "حكومة إلى قطاع الأعمال"},
                        {"id": "3", "prompt": "G2G", "answer": "حكومة إلى حكومة"},
                    ]
                },
            ),
            (
                "multiple",
                "Which are components of the UN E-Government Development Index?",
                _multiple(
                    ["Online Service Index", "Telecommunication Infrastructure Index", "Human Capital Index"],
                    ["Gross Domestic Product"],
                ),
            ),
            ("essay", "اشرح كيف يمكن لمديريتك أن تطبّق مبدأ الشفافية في خدمة إلكترونية واحدة.", ESSAY_RUBRIC),
        ],
    ),
    "e-government-strategy": (
        "استراتيجية الحكومة الإلكترونية",
        [
            (
                "single",
                "ما أول خطوة في بناء استراتيجية للحكومة الإلكترونية؟",
                _choices(
                    "تقييم الوضع الراهن والجاهزية الرقمية",
                    "شراء الأجهزة والبرمجيات",
                    "إطلاق تطبيق للهاتف",
                ),
            ),
            (
                "ordering",
                "رتّب مراحل نموذج نضج الحكومة الإلكترونية",
                {
                    "items": [
                        {"id": "1", "text": "الحضور (نشر المعلومات)"},
                        {"id": "2", "text": "التفاعل"},
                        {"id": "3", "text": "المعاملات"},
                        {"id": "4", "text": "التكامل"},
                    ]
                },
            ),
            ("true_false", "تكفي الاستراتيجية الجيدة دون خطة تمويل.", {"answer": False}),
            (
                "cloze",
                "تُقاس الاستراتيجية بمؤشرات [[1]] الرئيسية، وتُراجع كل [[2]] سنوات على الأقل.",
                {
                    "blanks": [
                        {"id": "1", "answers": ["الأداء"]},
                        {"id": "2", "answers": ["ثلاث", "3", "ثلاثة"]},
                    ]
                },
            ),
            (
                "short",
                "What does the abbreviation KPI stand for?",
                {
                    "answers": [
                        {"text": "Key Performance Indicator", "fraction": 1.0},
                        {"text": "Key Performance Indicators", "fraction": 1.0},
                    ]
                },
            ),
            ("essay", "اقترح هدفاً استراتيجياً واحداً لدائرتك خلال ثلاث سنوات، مع مؤشر لقياسه.", ESSAY_RUBRIC),
        ],
    ),
    "e-government-project-planning": (
        "تخطيط مشاريع الحكومة الإلكترونية",
        [
            (
                "single",
                "أي وثيقة تحدد نطاق المشروع وأهدافه ومعنييه؟",
                _choices(
                    "ميثاق المشروع",
                    "محضر الاجتماع",
                    "فاتورة الشراء",
                ),
            ),
            (
                "numeric",
                "مشروع مدته 12 شهراً أنجز 3 أشهر. ما نسبة الوقت المنقضي (%)؟",
                {"answers": [{"value": 25, "tolerance": 0.5, "fraction": 1.0}]},
            ),
            (
                "multiple",
                "ما الذي يدخل في خطة إدارة المخاطر؟",
                _multiple(
                    ["تحديد المخاطر", "تقدير احتمالها وأثرها", "خطة الاستجابة"],
                    ["اختيار شعار المشروع"],
                ),
            ),
            ("true_false", "مخطط جانت يبين تسلسل المهام ومدتها.", {"answer": True}),
            (
                "matching",
                "طابق الأداة بغرضها",
                {
                    "pairs": [
                        {"id": "1", "prompt": "مخطط جانت", "answer": "جدولة المهام"},
                        {"id": "2", "prompt": "مصفوفة RACI", "answer": "توزيع المسؤوليات"},
                        {"id": "3", "prompt": "سجل المخاطر", "answer": "متابعة المخاطر"},
                    ]
                },
            ),
            (
                "short",
                "ما اسم هيكل تجزئة العمل بالاختصار الإنجليزي؟",
                {"answers": [{"text": "WBS", "fraction": 1.0}]},
            ),
        ],
    ),
    "e-government-project-implementation": (
        "تنفيذ مشاريع الحكومة الإلكترونية",
        [
            (
                "single",
                "ما الغرض من المشروع التجريبي (Pilot) قبل التعميم؟",
                _choices(
                    "اختبار الحل على نطاق صغير وتعلّم الدروس",
                    "تقليل عدد المستخدمين دائماً",
                    "تأجيل التدريب",
                ),
            ),
            ("true_false", "يجب أن يبدأ تدريب الموظفين بعد إطلاق الخدمة بستة أشهر.", {"answer": False}),
            (
                "ordering",
                "رتّب خطوات إطلاق خدمة إلكترونية",
                {
                    "items": [
                        {"id": "1", "text": "تحليل الإجراء الحالي"},
                        {"id": "2", "text": "تبسيط الإجراء"},
                        {"id": "3", "text": "بناء الخدمة واختبارها"},
                        {"id": "4", "text": "الإطلاق والمتابعة"},
                    ]
                },
            ),
            (
                "short",
                "ما اسم الاختبار الذي يجريه المستخدمون النهائيون لقبول النظام؟",
                {
                    "answers": [
                        {"text": "اختبار القبول", "fraction": 1.0},
                        {"text": "UAT", "fraction": 1.0},
                    ]
                },
            ),
            (
                "numeric",
                "خدمة تستقبل 480 طلباً في 8 ساعات عمل. كم طلباً في الساعة؟",
                {"answers": [{"value": 60, "tolerance": 0, "fraction": 1.0}]},
            ),
            ("essay", "صف خطة تشغيل تجريبي لخدمة إلكترونية في دائرتك ومعايير نجاحها.", ESSAY_RUBRIC),
        ],
    ),
    "change-management": (
        "إدارة التغيير",
        [
            (
                "ordering",
                "رتّب مراحل نموذج كيرت لوين للتغيير",
                {
                    "items": [
                        {"id": "1", "text": "إذابة الجمود"},
                        {"id": "2", "text": "التغيير"},
                        {"id": "3", "text": "إعادة التجميد"},
                    ]
                },
            ),
            (
                "single",
                "ما أنجع طريقة للتعامل مع مقاومة الموظفين للتغيير؟",
                _choices(
                    "إشراكهم والتواصل معهم مبكراً",
                    "تجاهل المقاومة",
                    "فرض التغيير دون شرح",
                ),
            ),
            ("true_false", "الدعم الواضح من القيادة العليا عامل حاسم في نجاح التغيير.", {"answer": True}),
            (
                "cloze",
                "في نموذج ADKAR يرمز الحرف A الأول إلى [[1]] والحرف K إلى [[2]].",
                {
                    "blanks": [
                        {"id": "1", "answers": ["الوعي", "Awareness"]},
                        {"id": "2", "answers": ["المعرفة", "Knowledge"]},
                    ]
                },
            ),
            (
                "multiple",
                "Which are signs of resistance to change?",
                _multiple(
                    ["Rumours", "Missed training sessions"],
                    ["Early volunteers", "Suggestions for improvement"],
                ),
            ),
            (
                "essay",
                "اكتب رسالة قصيرة تشرح فيها لزملائك سبب التحول إلى المعاملات الإلكترونية.",
                ESSAY_RUBRIC,
            ),
        ],
    ),
}
