"""The demo's H5P activity, built in code: three true-or-false statements in Arabic about
e-government services, played by h5p-standalone on a fresh machine.

H5P content needs its content type's library in the package. Rather than copy one of H5P's
(or the shared corpus's package, which is not ours to ship), the demo carries a small content
type of Tadrib's own, ``H5P.TadribTrueFalse``: a library as the H5P specification describes it
(``library.json`` with its preloaded script and style), built on what H5P core gives every
content type (``H5P.EventDispatcher``, ``triggerXAPIScored``, ``getCurrentState``). It reports an
"answered" statement with its score, completion and success, as H5P's own question types do, and
the player records it in the LRS like any H5P content.
"""

import io
import json
import zipfile

LIBRARY = "H5P.TadribTrueFalse"
FOLDER = f"{LIBRARY}-1.0"

H5P_JSON = {
    "title": "الخدمات الحكومية الإلكترونية: صح أم خطأ",
    "language": "ar",
    "mainLibrary": LIBRARY,
    "embedTypes": ["div"],
    "license": "U",
    "defaultLanguage": "ar",
    "preloadedDependencies": [{"machineName": LIBRARY, "majorVersion": "1", "minorVersion": "0"}],
}

LIBRARY_JSON = {
    "title": "Tadrib True/False",
    "machineName": LIBRARY,
    "majorVersion": 1,
    "minorVersion": 0,
    "patchVersion": 0,
    "runnable": 1,
    "author": "Tadrib",
    "license": "AGPL-3.0-or-later",
    "coreApi": {"majorVersion": 1, "minorVersion": 24},
    "embedTypes": ["div"],
    "preloadedJs": [{"path": "truefalse.js"}],
    "preloadedCss": [{"path": "truefalse.css"}],
}

CONTENT = {
    "intro": "هل العبارات الآتية صحيحة أم خاطئة؟",
    "passPercentage": 67,
    "statements": [
        {
            "text": "تقديم الخدمة إلكترونيًا يغني عن إعادة تصميم إجراءاتها.",
            "correct": False,
            "feedback": "خطأ: تُبسَّط الإجراءات أولًا، ثم تُقدَّم إلكترونيًا.",
        },
        {
            "text": "الهوية الرقمية الموحّدة تُبنى مرة واحدة وتشترك فيها الجهات الحكومية.",
            "correct": True,
            "feedback": "صح: بنية تحتية مشتركة بدل نظام لكل دائرة.",
        },
        {
            "text": "قياس رضا المستفيدين يساعد على تحسين الخدمة قبل التوسع فيها.",
            "correct": True,
            "feedback": "صح: يُقاس الرضا في المشروع التجريبي قبل التوسع.",
        },
    ],
    "l10n": {
        "true": "صح",
        "false": "خطأ",
        "check": "تحقّق من إجاباتك",
        "retry": "أعد المحاولة",
        "result": "نتيجتك: :score من :total",
        "unanswered": "أجب عن كل العبارات أولًا.",
    },
}

SCRIPT = """var H5P = H5P || {};
/* Tadrib's own small H5P content type: true-or-false statements, scored together. */
H5P.TadribTrueFalse = (function (EventDispatcher) {
  "use strict";

  function TrueFalse(params, contentId, extras) {
    EventDispatcher.call(this);
    this.params = params || {};
    this.contentId = contentId;
    var previous = (extras && extras.previousState) || {};
    this.answers = Array.isArray(previous.answers) ? previous.answers.slice() : [];
    this.checked = previous.checked === true;
  }
  TrueFalse.prototype = Object.create(EventDispatcher.prototype);
  TrueFalse.prototype.constructor = TrueFalse;

  TrueFalse.prototype.statements = function () { return this.params.statements || []; };
  TrueFalse.prototype.l10n = function (key) { return (this.params.l10n || {})[key] || key; };
  TrueFalse.prototype.getMaxScore = function () { return this.statements().length; };
  TrueFalse.prototype.getScore = function () {
    var answers = this.answers;
    return this.statements().filter(function (s, i) { return answers[i] === s.correct; }).length;
  };
  TrueFalse.prototype.getCurrentState = function () { return { answers: this.answers, checked: this.checked }; };

  TrueFalse.prototype.attach = function ($container) {
    var self = this;
    var root = $container[0] || $container;
    root.classList.add("h5p-tadrib-truefalse");
    root.setAttribute("dir", "rtl");
    root.textContent = "";
    var intro = document.createElement("p");
    intro.className = "h5p-tadrib-intro";
    intro.textContent = this.params.intro || "";
    root.appendChild(intro);
    var list = document.createElement("ol");
    root.appendChild(list);
    var rows = this.statements().map(function (statement, index) {
      var item = document.createElement("li");
      var text = document.createElement("p");
      text.textContent = statement.text;
      item.appendChild(text);
      var group = document.createElement("div");
      group.className = "h5p-tadrib-choices";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", statement.text);
      [true, false].forEach(function (value) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = self.l10n(value ? "true" : "false");
        button.addEventListener("click", function () {
          if (self.checked) return;
          self.answers[index] = value;
          draw();
        });
        button.dataset.value = String(value);
        group.appendChild(button);
      });
      item.appendChild(group);
      var feedback = document.createElement("p");
      feedback.className = "h5p-tadrib-feedback";
      item.appendChild(feedback);
      list.appendChild(item);
      return { item: item, group: group, feedback: feedback, statement: statement };
    });
    var check = document.createElement("button");
    check.type = "button";
    check.className = "h5p-tadrib-check";
    root.appendChild(check);
    var result = document.createElement("p");
    result.className = "h5p-tadrib-result";
    result.setAttribute("role", "status");
    root.appendChild(result);

    function draw() {
      rows.forEach(function (row, index) {
        Array.prototype.forEach.call(row.group.children, function (button) {
          button.setAttribute("aria-pressed", String(self.answers[index] === (button.dataset.value === "true")));
          button.disabled = self.checked;
        });
        var right = self.answers[index] === row.statement.correct;
        row.item.className = self.checked ? (right ? "right" : "wrong") : "";
        row.feedback.textContent = self.checked ? row.statement.feedback || "" : "";
      });
      check.textContent = self.l10n(self.checked ? "retry" : "check");
      result.textContent = self.checked
        ? self.l10n("result").replace(":score", self.getScore()).replace(":total", self.getMaxScore())
        : "";
      self.trigger("resize");
    }

    check.addEventListener("click", function () {
      if (self.checked) {
        self.checked = false;
        self.answers = [];
        draw();
        return;
      }
      var answered = self.statements().every(function (s, i) { return typeof self.answers[i] === "boolean"; });
      if (!answered) { result.textContent = self.l10n("unanswered"); return; }
      self.checked = true;
      draw();
      var score = self.getScore(), total = self.getMaxScore();
      var passed = score * 100 >= (self.params.passPercentage || 100) * total;
      self.triggerXAPIScored(score, total, "answered", true, passed);
    });
    draw();
  };

  return TrueFalse;
})(H5P.EventDispatcher);
"""

STYLE = """.h5p-tadrib-truefalse { font-family: "Noto Naskh Arabic", Tahoma, sans-serif; line-height: 1.8; padding: .75rem; }
.h5p-tadrib-truefalse ol { padding-inline-start: 1.4rem; }
.h5p-tadrib-truefalse li { margin-block-end: .9rem; }
.h5p-tadrib-truefalse li p { margin: 0 0 .3rem; }
.h5p-tadrib-choices { display: flex; gap: .5rem; }
.h5p-tadrib-truefalse button { font: inherit; padding: .4rem 1rem; border: 1px solid #1e3a5f; border-radius: .4rem;
  background: #fff; color: #1e3a5f; cursor: pointer; }
.h5p-tadrib-truefalse button[aria-pressed="true"] { background: #1e3a5f; color: #fff; }
.h5p-tadrib-truefalse .h5p-tadrib-check { margin-block-start: .5rem; background: #166534; border-color: #166534; color: #fff; }
.h5p-tadrib-truefalse li.right .h5p-tadrib-feedback { color: #166534; }
.h5p-tadrib-truefalse li.wrong .h5p-tadrib-feedback { color: #991b1b; }
.h5p-tadrib-result { font-weight: bold; }
"""


def package() -> bytes:
    """The .h5p file: h5p.json, the content, and the content type's library folder."""
    files = {
        "h5p.json": json.dumps(H5P_JSON, ensure_ascii=False, indent=2),
        "content/content.json": json.dumps(CONTENT, ensure_ascii=False, indent=2),
        f"{FOLDER}/library.json": json.dumps(LIBRARY_JSON, indent=2),
        f"{FOLDER}/truefalse.js": SCRIPT,
        f"{FOLDER}/truefalse.css": STYLE,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()
