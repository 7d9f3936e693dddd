"""Demo content packages, built here in code: a short SCORM 1.2 lesson, an xAPI (Tin Can) one, a
cmi5 course, a SCORM 2004 course with sequencing (a test that sends a failing trainee back)
and an H5P activity, all in Arabic, for the e-governance training-of-trainers programme.

Each is attached to a course activity of kind "content" that has no package yet (the catalogue
demo creates them), else imported without one. Loading twice adds nothing: a package with the
same title is kept, and only given an activity if it still lacks one.
"""

import io
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from content.packages.errors import PackageRejected
from content.packages.models import ContentPackage
from content.packages.services import package_import, package_update
from courses import api as courses_api

from . import demo_attempts, demo_cmi5, demo_h5p, demo_scorm2004

DEMO_INSTRUCTOR = "instructor@demo.tadrib.iq"

STYLE = """
body { font-family: "Noto Naskh Arabic", "Segoe UI", Tahoma, sans-serif; margin: 0; padding: 1rem;
       line-height: 1.8; color: #1f2937; background: #fdfdfb; }
main { max-inline-size: 40rem; margin-inline: auto; }
h1 { font-size: 1.4rem; color: #1e3a5f; }
li { margin-block-end: .4rem; }
button { font: inherit; padding: .6rem 1.2rem; border: 0; border-radius: .4rem; background: #1e3a5f; color: #fff; }
.done { color: #166534; }
fieldset { margin-block: .75rem; border-radius: .4rem; }
label { display: block; margin-block: .35rem; }
"""

SCORM_PAGE = """<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>مقدمة في الحوكمة الإلكترونية</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<main>
<h1>مقدمة في الحوكمة الإلكترونية</h1>
<p>الحوكمة الإلكترونية هي استخدام تقنيات المعلومات والاتصالات لتحسين عمل المؤسسات العامة:
خدمات أسرع للمواطنين، وقرارات مبنية على البيانات، وشفافية أكبر في الإجراءات.</p>
<h2>أركانها الأربعة</h2>
<ol>
<li><strong>الإطار المؤسسي والتشريعي:</strong> من يقود التحول، وما القوانين التي تحكم البيانات والتوقيع الإلكتروني.</li>
<li><strong>الاستراتيجية والتخطيط:</strong> رؤية واضحة، وأولويات، ومؤشرات قياس.</li>
<li><strong>التنفيذ:</strong> بنية تحتية مشتركة، وخدمات متكاملة، وأمن المعلومات.</li>
<li><strong>إدارة التغيير:</strong> تدريب الموظفين، وإشراك المستفيدين، وتقبّل طرق العمل الجديدة.</li>
</ol>
<p>في نهاية هذا الدرس اضغط «أنهيت الدرس» ليُسجَّل إكمالك.</p>
<p><button type="button" id="finish">أنهيت الدرس</button></p>
<p id="status" class="done" hidden>سُجِّل إكمالك للدرس. أحسنت!</p>
</main>
<script src="sco.js"></script>
</body>
</html>
"""

# The SCO's own few lines of SCORM 1.2: find the LMS's API in a parent window, report completion.
SCORM_SCRIPT = """(function () {
  function findApi(win) {
    for (var hops = 0; win && hops < 10; hops++) {
      if (win.API) { return win.API; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return window.opener && window.opener.API ? window.opener.API : null;
  }
  var api = findApi(window);
  if (api) { api.LMSInitialize(""); api.LMSSetValue("cmi.core.lesson_status", "incomplete"); }
  document.getElementById("finish").addEventListener("click", function () {
    if (api) {
      api.LMSSetValue("cmi.core.score.raw", "100");
      api.LMSSetValue("cmi.core.lesson_status", "completed");
      api.LMSCommit("");
      api.LMSFinish("");
    }
    document.getElementById("status").hidden = false;
  });
})();
"""

SCORM_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="iq.tadrib.demo.egov-intro" version="1"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="egov">
    <organization identifier="egov">
      <title>مقدمة في الحوكمة الإلكترونية</title>
      <item identifier="egov-intro" identifierref="egov-intro-sco">
        <title>ما الحوكمة الإلكترونية؟</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="egov-intro-sco" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/><file href="style.css"/><file href="sco.js"/>
    </resource>
  </resources>
</manifest>
"""

TINCAN_ID = "https://demo.tadrib.iq/xapi/activities/egov-planning-tools"
TINCAN_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd">
  <activities>
    <activity id="{TINCAN_ID}" type="http://adlnet.gov/expapi/activities/course">
      <name lang="ar">أدوات التخطيط لمشروعات الحكومة الإلكترونية</name>
      <description lang="ar">تحليل الوضع الراهن، وخريطة الطريق، ومؤشرات الأداء.</description>
      <launch lang="ar">index.html</launch>
    </activity>
  </activities>
</tincan>
"""

TINCAN_PAGE = """<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>أدوات التخطيط لمشروعات الحكومة الإلكترونية</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<main>
<h1>أدوات التخطيط لمشروعات الحكومة الإلكترونية</h1>
<ol>
<li><strong>تحليل الوضع الراهن:</strong> جرد الخدمات والأنظمة والبيانات الموجودة.</li>
<li><strong>خريطة الطريق:</strong> مراحل زمنية واقعية، وما يعتمد عليه كل مشروع.</li>
<li><strong>مؤشرات الأداء:</strong> نسبة الخدمات المقدمة إلكترونيًا، ومدة إنجاز المعاملة، ورضا المستفيدين.</li>
</ol>
<p>عند الانتهاء اضغط «أنهيت الدرس»: يرسل الدرس إفادة xAPI إلى سجل التعلّم في المنصة.</p>
<p><button type="button" id="finish">أنهيت الدرس</button></p>
<p id="status" role="status"></p>
</main>
<script src="lesson.js"></script>
</body>
</html>
"""

# The Tin Can launch convention: endpoint, auth, actor, registration and activity_id in the query.
# On finishing, the lesson also counts its finishers in its own Activity Profile, which every
# learner's session shares (a launch token may write its own activity's profiles: issue 14).
TINCAN_SCRIPT = """(function () {
  var query = new URLSearchParams(location.search);
  var endpoint = (query.get("endpoint") || "").replace(/\\/?$/, "/");
  var status = document.getElementById("status");
  var headers = { "Authorization": query.get("auth"), "X-Experience-API-Version": "1.0.3" };
  function countFinisher() {
    var url = endpoint + "activities/profile?" +
      new URLSearchParams({ activityId: query.get("activity_id"), profileId: "finishers" });
    return fetch(url, { credentials: "omit", headers: headers }).then(function (response) {
      return response.ok ? response.json() : { count: 0 };
    }).then(function (profile) {
      var count = (profile.count || 0) + 1;
      return fetch(url, {
        method: "POST", credentials: "omit", body: JSON.stringify({ count: count }),
        headers: Object.assign({ "Content-Type": "application/json" }, headers)
      }).then(function () { return count; });
    });
  }
  document.getElementById("finish").addEventListener("click", function () {
    var statement = {
      actor: JSON.parse(query.get("actor")),
      verb: { id: "http://adlnet.gov/expapi/verbs/completed", display: { "en-US": "completed" } },
      object: { id: query.get("activity_id"), objectType: "Activity" },
      result: { completion: true },
      context: { registration: query.get("registration") }
    };
    fetch(endpoint + "statements", {
      method: "POST", credentials: "omit", body: JSON.stringify(statement),
      headers: { "Authorization": query.get("auth"), "X-Experience-API-Version": "1.0.3",
                 "Content-Type": "application/json" }
    }).then(function (response) {
      if (!response.ok) { status.textContent = "تعذّر التسجيل، أعد المحاولة."; return; }
      status.textContent = "سُجِّل إكمالك للدرس. أحسنت!";
      countFinisher().then(function (count) {
        status.textContent += " عدد من أنهى هذا الدرس حتى الآن: " + count.toLocaleString("ar-IQ") + ".";
      }, function () {});
    }, function () { status.textContent = "لا يوجد اتصال، أعد المحاولة."; });
  });
})();
"""


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


PACKAGES = [
    (
        "مقدمة في الحوكمة الإلكترونية",
        "egov-intro-scorm12.zip",
        lambda: _zip(
            {
                "imsmanifest.xml": SCORM_MANIFEST,
                "index.html": SCORM_PAGE,
                "style.css": STYLE,
                "sco.js": SCORM_SCRIPT,
            }
        ),
    ),
    (
        "أدوات التخطيط لمشروعات الحكومة الإلكترونية",
        "egov-planning-tincan.zip",
        lambda: _zip(
            {
                "tincan.xml": TINCAN_XML,
                "index.html": TINCAN_PAGE,
                "lesson.js": TINCAN_SCRIPT,
                "style.css": STYLE,
            }
        ),
    ),
    (
        "تنفيذ مشروعات الحكومة الإلكترونية",
        "egov-implementation-cmi5.zip",
        lambda: _zip(demo_cmi5.files(STYLE)),
    ),
    (
        "أمن المعلومات في الدوائر الحكومية",
        "security-remediation-scorm2004.zip",
        lambda: _zip(demo_scorm2004.files(STYLE)),
    ),
    (
        "الخدمات الحكومية الإلكترونية: صح أم خطأ (H5P)",
        "egov-services-true-false.h5p",
        # With a content type of Tadrib's own (content/demo_h5p.py): plays on a fresh machine.
        demo_h5p.package,
    ),
]


def _uploader():
    users = get_user_model().objects
    return (
        users.filter(email=DEMO_INSTRUCTOR).first() or users.filter(is_superuser=True).order_by("pk").first()
    )


def _free_content_activity(by):
    """A course activity of kind "content" with no package yet, if the catalogue demo made one."""
    activities = courses_api.activities_in_reach(user=by, kind="content")
    return activities.filter(content_packages__isnull=True).order_by("pk").first()


def load() -> list[str]:
    by = _uploader()
    if by is None:
        return ["content demo: no demo instructor or superuser yet; packages not loaded"]
    lines: list[str] = []
    for title, file_name, build in PACKAGES:
        existing = ContentPackage.objects.filter(title=title).first()
        if existing is not None:
            if existing.activity_id is None and (activity := _free_content_activity(by)) is not None:
                package_update(package=existing, title=existing.title, activity=activity)
                lines.append(f"content demo: «{title}» attached to «{activity}»")
            continue
        data = build()
        activity = _free_content_activity(by)
        try:
            version = package_import(
                upload=SimpleUploadedFile(file_name, data, content_type="application/zip"),
                title=title,
                activity=activity,
                by=by,
            )
        except PackageRejected as rejection:  # a bug in the demo itself: say so, load the rest
            lines.append(f"content demo: «{title}» refused: {rejection.code}")
            continue
        where = f" for «{activity}»" if activity else ""
        lines.append(f"content demo: «{title}» imported ({version.kind}){where}")
    return lines + demo_attempts.load()
