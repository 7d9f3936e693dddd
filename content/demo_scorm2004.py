"""The demo's SCORM 2004 course with sequencing (ADR 0018): two lessons in a module, then a short
test; failing the test starts the course again (a post-condition rule, retryAll), passing it
satisfies the course, to which only the test rolls up. In Arabic, built here in code."""

LESSONS = [
    (
        "lesson1",
        "كلمات المرور والحسابات",
        "<p>كلمة المرور القوية طويلة (اثنا عشر حرفًا أو أكثر)، ولا تُستعمل في أكثر من حساب، ولا تُكتب على "
        "ورقة بجانب الحاسوب.</p><p>فعّل التحقق بخطوتين في حسابات البريد الحكومي متى أمكن.</p>",
    ),
    (
        "lesson2",
        "رسائل التصيّد",
        "<p>رسالة التصيّد تنتحل صفة جهة موثوقة لتدفعك إلى فتح رابط أو مرفق أو إعطاء كلمة مرورك.</p>"
        "<p>تحقّق من عنوان المرسل، ولا تفتح مرفقًا لم تتوقعه، وأبلغ قسم تقنية المعلومات عن أي رسالة مريبة.</p>",
    ),
]
QUESTIONS = [
    ("ما كلمة المرور الأفضل؟", ["Basra2024", "اسم الدائرة", "عبارة طويلة لا تُستعمل في غير هذا الحساب"], 2),
    ("وصلتك رسالة من «المدير» تطلب كلمة مرورك فورًا. ماذا تفعل؟", ["أرسلها", "أبلغ قسم تقنية المعلومات"], 1),
    ("هل تُستعمل كلمة المرور نفسها في حسابين؟", ["نعم إن كانت قوية", "لا"], 1),
]

PAGE = """<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<link rel="stylesheet" href="style.css"></head>
<body><main><h1>{title}</h1>{body}
<p><button type="button" id="finish">{button}</button></p><p id="status" role="status"></p></main>
<script src="sco.js"></script></body></html>
"""

# The SCO's side of SCORM 2004: report, then ask the LMS to move on (adl.nav.request) and end.
SCRIPT = """(function () {
  "use strict";
  var api = window.parent.API_1484_11;
  if (!api) return;
  api.Initialize("");
  document.getElementById("finish").addEventListener("click", function () {
    var questions = document.querySelectorAll("fieldset");
    if (questions.length) {
      var right = 0;
      questions.forEach(function (fieldset) {
        var chosen = fieldset.querySelector("input:checked");
        if (chosen && chosen.value === fieldset.dataset.answer) right += 1;
      });
      var scaled = right / questions.length;
      api.SetValue("cmi.score.scaled", String(scaled));
      api.SetValue("cmi.success_status", scaled >= 0.66 ? "passed" : "failed");
    }
    api.SetValue("cmi.completion_status", "completed");
    api.SetValue("adl.nav.request", "continue");
    api.Terminate("");
  });
})();
"""


def _question(index: int, text: str, choices: list[str], answer: int) -> str:
    options = "".join(
        f'<label><input type="radio" name="q{index}" value="{n}"> {choice}</label>'
        for n, choice in enumerate(choices)
    )
    return f'<fieldset data-answer="{answer}"><legend>{text}</legend>{options}</fieldset>'


def _manifest() -> str:
    scos = [*LESSONS, ("test", "اختبار قصير", "")]
    resources = "".join(
        f'<resource identifier="r_{sco}" type="webcontent" adlcp:scormType="sco" href="{sco}.html">'
        f'<file href="{sco}.html"/><file href="sco.js"/><file href="style.css"/></resource>'
        for sco, _title, _body in scos
    )
    content_set = '<imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>'
    lessons = "".join(
        f'<item identifier="{sco}" identifierref="r_{sco}"><title>{title}</title>'
        f"<imsss:sequencing>{content_set}</imsss:sequencing></item>"
        for sco, title, _body in LESSONS
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tadrib.demo.security" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>أمن المعلومات في الدوائر الحكومية</title>
      <item identifier="lessons"><title>الدروس</title>{lessons}
        <imsss:sequencing><imsss:controlMode choice="true" flow="true"/>
          <imsss:rollupRules rollupObjectiveSatisfied="false" rollupProgressCompletion="false"
            objectiveMeasureWeight="0"/></imsss:sequencing>
      </item>
      <item identifier="test" identifierref="r_test"><title>اختبار قصير</title>
        <imsss:sequencing>
          <imsss:sequencingRules><imsss:postConditionRule>
            <imsss:ruleConditions conditionCombination="all">
              <imsss:ruleCondition condition="objectiveStatusKnown"/>
              <imsss:ruleCondition operator="not" condition="satisfied"/>
            </imsss:ruleConditions><imsss:ruleAction action="retryAll"/>
          </imsss:postConditionRule></imsss:sequencingRules>
          {content_set}
        </imsss:sequencing>
      </item>
      <imsss:sequencing><imsss:controlMode choice="true" flow="true"/></imsss:sequencing>
    </organization>
  </organizations>
  <resources>{resources}</resources>
</manifest>"""


def files(style: str) -> dict[str, str]:
    pages = {
        f"{sco}.html": PAGE.format(title=title, body=body, button="أنهيت الدرس")
        for sco, title, body in LESSONS
    }
    quiz = "".join(_question(n, *question) for n, question in enumerate(QUESTIONS))
    pages["test.html"] = PAGE.format(
        title="اختبار قصير",
        body="<p>أجب عن الأسئلة الثلاثة. تحتاج إلى إجابتين صحيحتين على الأقل؛ وإلا عدت إلى الدروس.</p>"
        + quiz,
        button="سلّم الإجابات",
    )
    return {"imsmanifest.xml": _manifest(), "sco.js": SCRIPT, "style.css": style, **pages}
