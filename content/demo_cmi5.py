"""The demo's cmi5 course, built in code, in Arabic, in two blocks: "the stages" (a reading AU,
moveOn Completed) and "check yourself" (a short quiz on e-government implementation, moveOn
CompletedAndPassed). The player shows the blocks with their titles, and the LMS records each
block as satisfied when its AU is, then the course. The few lines of script do what any cmi5 AU
does: take the launch parameters, fetch the auth token once, read LMS.LaunchData, say
"initialized", then "completed" (and for the quiz "passed" or "failed" against the mastery
score), "terminated", and go to the returnURL.
"""

COURSE_ID = "https://demo.tadrib.iq/cmi5/egov-implementation"
AU_ID = f"{COURSE_ID}/au/quiz"
READING_ID = f"{COURSE_ID}/au/stages"

COURSE_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="{COURSE_ID}">
    <title><langstring lang="ar">تنفيذ مشروعات الحكومة الإلكترونية</langstring>
      <langstring lang="en-US">Implementing e-government projects</langstring></title>
    <description><langstring lang="ar">مراجعة قصيرة لمراحل التنفيذ مع اختبار.</langstring></description>
  </course>
  <block id="{COURSE_ID}/block/stages">
    <title><langstring lang="ar">مراحل التنفيذ</langstring>
      <langstring lang="en-US">Implementation stages</langstring></title>
    <description><langstring lang="ar">قراءة قصيرة عن التنفيذ المرحلي.</langstring></description>
    <au id="{READING_ID}" moveOn="Completed">
      <title><langstring lang="ar">من التجربة إلى التوسع</langstring>
        <langstring lang="en-US">From pilot to scale</langstring></title>
      <description><langstring lang="ar">المراحل الأربع في صفحة واحدة.</langstring></description>
      <url>reading.html</url>
    </au>
  </block>
  <block id="{COURSE_ID}/block/check">
    <title><langstring lang="ar">اختبر نفسك</langstring>
      <langstring lang="en-US">Check yourself</langstring></title>
    <description><langstring lang="ar">ثلاثة أسئلة.</langstring></description>
    <au id="{AU_ID}" moveOn="CompletedAndPassed" masteryScore="0.67">
      <title><langstring lang="ar">مراحل التنفيذ: مراجعة واختبار</langstring>
        <langstring lang="en-US">Implementation stages: review and quiz</langstring></title>
      <description><langstring lang="ar">ثلاثة أسئلة عن التنفيذ المرحلي.</langstring></description>
      <url>index.html</url>
    </au>
  </block>
</courseStructure>
"""

PAGE = """<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>مراحل التنفيذ: مراجعة واختبار</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<main>
<h1>مراحل تنفيذ مشروعات الحكومة الإلكترونية</h1>
<p>يمر التنفيذ الناجح بمراحل: مشروع تجريبي صغير، ثم تقييمه، ثم التوسع التدريجي، مع بنية تحتية مشتركة
وإدارة للتغيير لدى الموظفين.</p>
<form id="quiz" hidden>
<fieldset><legend>١. ما الخطوة الأولى المستحسنة في التنفيذ؟</legend>
<label><input type="radio" name="q1" value="pilot"> مشروع تجريبي محدود</label>
<label><input type="radio" name="q1" value="all"> إطلاق جميع الخدمات معًا</label></fieldset>
<fieldset><legend>٢. ما الذي يُبنى مرة واحدة وتشترك فيه الجهات؟</legend>
<label><input type="radio" name="q2" value="shared"> البنية التحتية المشتركة والهوية الرقمية</label>
<label><input type="radio" name="q2" value="each"> نظام مستقل لكل دائرة</label></fieldset>
<fieldset><legend>٣. لماذا نقيس رضا المستفيدين؟</legend>
<label><input type="radio" name="q3" value="improve"> لتحسين الخدمة قبل التوسع</label>
<label><input type="radio" name="q3" value="none"> لا حاجة لقياسه</label></fieldset>
<p><button type="submit">أرسل الإجابات</button></p>
</form>
<p id="status" role="status">جارٍ الاتصال بالمنصة…</p>
</main>
<script src="au.js"></script>
</body>
</html>
"""

READING = """<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>من التجربة إلى التوسع</title>
<link rel="stylesheet" href="style.css">
</head>
<body>
<main>
<h1>من التجربة إلى التوسع</h1>
<ol>
<li>مشروع تجريبي محدود في دائرة واحدة.</li>
<li>تقييم التجربة وقياس رضا المستفيدين.</li>
<li>بنية تحتية مشتركة وهوية رقمية واحدة.</li>
<li>توسع تدريجي مع إدارة التغيير لدى الموظفين.</li>
</ol>
<form id="quiz" data-reading="1" hidden>
<p><button type="submit">قرأتُ المراحل</button></p>
</form>
<p id="status" role="status">جارٍ الاتصال بالمنصة…</p>
</main>
<script src="au.js"></script>
</body>
</html>
"""

SCRIPT = """(function () {
  "use strict";
  var CMI5 = "https://w3id.org/xapi/cmi5/context/categories/";
  var VERBS = "http://adlnet.gov/expapi/verbs/";
  var answers = { q1: "pilot", q2: "shared", q3: "improve" };
  var query = new URLSearchParams(location.search);
  var endpoint = (query.get("endpoint") || "").replace(/\\/?$/, "/");
  var actor = JSON.parse(query.get("actor") || "null");
  var registration = query.get("registration"), activityId = query.get("activityId");
  var status = document.getElementById("status"), form = document.getElementById("quiz");
  var auth = "", launchData = null, started = Date.now();

  function request(method, path, params, body) {
    var address = endpoint + path + (params ? "?" + new URLSearchParams(params) : "");
    return fetch(address, {
      method: method, credentials: "omit",
      headers: { "Authorization": auth, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json" },
      body: body ? JSON.stringify(body) : undefined
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.status === 204 ? null : response.json();
    });
  }

  function duration() { return "PT" + Math.round((Date.now() - started) / 1000) + "S"; }

  function statement(verb, result, moveOn) {
    var context = JSON.parse(JSON.stringify(launchData.contextTemplate));
    context.registration = registration;
    context.contextActivities = context.contextActivities || {};
    context.contextActivities.category = [{ id: CMI5 + "cmi5" }].concat(moveOn ? [{ id: CMI5 + "moveon" }] : []);
    var made = { id: crypto.randomUUID(), actor: actor, verb: { id: VERBS + verb, display: { "en-US": verb } },
                 object: { id: activityId, objectType: "Activity" }, context: context,
                 timestamp: new Date().toISOString() };
    if (result) made.result = result;
    return made;
  }

  function read() {
    var sent = [statement("completed", { completion: true, duration: duration() }, true),
                statement("terminated", { duration: duration() })];
    return request("POST", "statements", null, sent).then(function () {
      status.textContent = "أحسنت! انتقل إلى الاختبار.";
      if (launchData.returnURL) setTimeout(function () { location.href = launchData.returnURL; }, 1500);
    });
  }

  function finish(score) {
    var mastery = launchData.masteryScore;
    var passed = mastery === undefined || score >= mastery;
    var result = { score: { scaled: score }, success: passed, duration: duration() };
    var sent = [statement("completed", { completion: true, duration: duration() }, true),
                statement(passed ? "passed" : "failed", result, true)];
    if (mastery !== undefined) {
      sent[1].context.extensions["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] = mastery;
    }
    sent.push(statement("terminated", { duration: duration() }));
    return request("POST", "statements", null, sent).then(function () {
      status.textContent = passed ? "أحسنت! اجتزت الاختبار." : "لم تبلغ درجة النجاح بعد، أعد المحاولة لاحقًا.";
      if (launchData.returnURL) setTimeout(function () { location.href = launchData.returnURL; }, 1500);
    });
  }

  fetch(query.get("fetch"), { method: "POST", credentials: "omit" })
    .then(function (response) { return response.json(); })
    .then(function (body) {
      if (!body["auth-token"]) throw new Error(body["error-text"] || "fetch");
      auth = "Basic " + body["auth-token"];
      return request("GET", "activities/state", { stateId: "LMS.LaunchData", activityId: activityId,
                                                  agent: JSON.stringify(actor), registration: registration });
    })
    .then(function (data) {
      launchData = data;
      return request("POST", "statements", null, [statement("initialized")]);
    })
    .then(function () { status.textContent = ""; form.hidden = false; })
    .catch(function () { status.textContent = "تعذّر الاتصال بالمنصة. افتح الدرس من جديد."; });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (form.dataset.reading) {
      form.hidden = true;
      read().catch(function () {
        status.textContent = "تعذّر الحفظ. تحقّق من الاتصال وأعد المحاولة.";
        form.hidden = false;
      });
      return;
    }
    var right = Object.keys(answers).filter(function (name) {
      var chosen = form.querySelector("input[name=" + name + "]:checked");
      return chosen && chosen.value === answers[name];
    }).length;
    form.hidden = true;
    status.textContent = "جارٍ حفظ نتيجتك…";
    finish(Math.round(right / 3 * 100) / 100).catch(function () {
      status.textContent = "تعذّر حفظ النتيجة. تحقّق من الاتصال وأعد الإرسال.";
      form.hidden = false;
    });
  });
})();
"""


def files(style: str) -> dict[str, str]:
    return {
        "cmi5.xml": COURSE_XML,
        "index.html": PAGE,
        "reading.html": READING,
        "au.js": SCRIPT,
        "style.css": style,
    }
