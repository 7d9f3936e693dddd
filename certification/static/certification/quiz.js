/* Taking a quiz: each answer is kept on the device first (localStorage outbox), then posted to the
 * attempt's answer URL; answers given offline stay queued and are sent when the connection
 * returns, or on the next opening of the attempt (any page of it). Each answer carries a number
 * that grows (the device clock in ms), so the server keeps the newest and ignores late copies.
 * One-question-per-page quizzes page on the device (no request), so a trainee can go on offline.
 * The countdown starts from the seconds the server gave; the server's deadline is the truth. An
 * answer carries the time the countdown showed when it was given ("left", ms): one given in time
 * that reaches the server late, after an outage, still counts (ADR 0025). */
(function () {
  "use strict";
  var root = document.getElementById("quiz-attempt");
  if (!root) return;
  var url = root.dataset.answerUrl;
  var key = "tadrib.quiz." + root.dataset.attempt;
  var status = document.getElementById("outbox-state");
  var csrf = (document.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  var memory = null, sending = false, retryDelay = 0, retryTimer = null, lastSequence = 0;
  // The end of a timed attempt on this device's monotonic clock (a changed system clock does not move it).
  var end = root.dataset.secondsLeft ? performance.now() + (+root.dataset.secondsLeft) * 1000 : null;

  function say(text, state) { if (status) { status.textContent = text; status.dataset.state = state; } }
  function read() {
    if (memory) return memory.slice();
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function write(queue) {
    if (!memory) {
      try { if (queue.length) localStorage.setItem(key, JSON.stringify(queue)); else localStorage.removeItem(key); return; }
      catch (e) { memory = []; }
    }
    memory = queue.slice();
  }
  function nextSequence() { lastSequence = Math.max(Date.now(), lastSequence + 1); return lastSequence; }

  function fieldsOf(fieldset) {
    var fields = [];
    fieldset.querySelectorAll("input, select, textarea").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) return;
      fields.push([input.name, input.value]);
    });
    return fields;
  }
  var lastKept = {};  // position → the fields last kept, so that typing then leaving keeps once
  function keep(fieldset) {
    var position = +fieldset.dataset.position;
    var fields = JSON.stringify(fieldsOf(fieldset));
    if (lastKept[position] === fields) return;
    lastKept[position] = fields;
    var queue = read().filter(function (a) { return a.position !== position; });
    var answer = { position: position, sequence: nextSequence(), fields: JSON.parse(fields) };
    if (end !== null) answer.left = Math.max(0, Math.round(end - performance.now()));
    queue.push(answer);
    write(queue);
    flush();
  }
  function retryLater() {
    retryDelay = Math.min(8000, retryDelay ? retryDelay * 2 : 500);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, retryDelay);
  }
  function flush(done) {
    done = done || function () {};
    if (sending) { done(false); return; }
    var queue = read();
    if (!queue.length) { say(root.dataset.saved, "saved"); done(true); return; }
    if (!navigator.onLine) { say(root.dataset.offline, "offline"); done(false); return; }
    sending = true;
    say(root.dataset.saving, "saving");
    var answer = queue[0];
    var body = new URLSearchParams();
    body.append("position", answer.position);
    body.append("sequence", answer.sequence);
    if (answer.left !== undefined) body.append("left", answer.left);
    answer.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    fetch(url, { method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": csrf }, body: body })
      .then(function (response) {
        sending = false;
        if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429)) {
          // Kept, or refused for good (time over, submitted elsewhere): off the queue either way.
          write(read().filter(function (a) { return !(a.position === answer.position && a.sequence === answer.sequence); }));
          retryDelay = 0;
          if (!response.ok) {
            return response.json().then(function (data) { say(root.dataset.refused + ": " + (data.error || ""), "refused"); done(false); },
              function () { say(root.dataset.refused, "refused"); done(false); });
          }
          flush(done);
        } else { say(root.dataset.offline, "offline"); retryLater(); done(false); }
      }, function () { sending = false; say(root.dataset.offline, "offline"); retryLater(); done(false); });
  }

  /* Answers still queued from an earlier page are newer than what the server sent: show them. */
  function restore() {
    read().forEach(function (answer) {
      var fieldset = root.querySelector('fieldset[data-position="' + answer.position + '"]');
      if (!fieldset) return;
      lastSequence = Math.max(lastSequence, answer.sequence);
      fieldset.querySelectorAll("input, select, textarea").forEach(function (input) {
        var values = answer.fields.filter(function (p) { return p[0] === input.name; }).map(function (p) { return p[1]; });
        if (input.type === "radio" || input.type === "checkbox") input.checked = values.indexOf(input.value) !== -1;
        else input.value = values.length ? values[0] : "";
      });
    });
  }

  var typing = null;
  root.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    clearTimeout(typing);
    if (fieldset) keep(fieldset);
  });
  root.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset.question");
    if (!fieldset || event.target.tagName === "SELECT" || event.target.type === "radio" || event.target.type === "checkbox") return;
    clearTimeout(typing);
    typing = setTimeout(function () { keep(fieldset); }, 800);
  });

  /* Calls done() once the queue is empty, trying again while a send is under way (online only). */
  function whenFlushed(done, tries) {
    tries = tries || 0;
    flush(function (all) {
      if (all || (!sending && !read().length)) { done(); return; }
      if (navigator.onLine && tries < 40) setTimeout(function () { whenFlushed(done, tries + 1); }, 300);
    });
  }

  /* One question per page: the buttons page on the device; the server's paging stays for no script. */
  var form = document.getElementById("attempt-form");
  var questions = root.querySelectorAll("fieldset.question");
  function show(page) {
    questions.forEach(function (q, i) { q.classList.toggle("current", i === page - 1); });
    root.querySelectorAll("[name=goto]").forEach(function (button) {
      if (button.classList.contains("page-link")) {
        button.classList.toggle("current", +button.value === page);
        if (+button.value === page) button.setAttribute("aria-current", "page"); else button.removeAttribute("aria-current");
      } else {
        var back = button.classList.contains("previous");
        button.value = back ? page - 1 : page + 1;
        button.hidden = back ? page <= 1 : page >= questions.length;
      }
    });
    history.replaceState(null, "", "?page=" + page);
    window.scrollTo(0, 0);
  }
  if (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      var paged = root.classList.contains("paged");
      if (paged && button && button.name === "goto") { event.preventDefault(); show(+button.value); return; }
      event.preventDefault();
      if (!navigator.onLine) { say(root.dataset.offline, "offline"); return; }
      // Finishing: what is queued goes first, then to the summary page.
      whenFlushed(function () { window.location.href = form.dataset.summaryUrl; });
    });
  }
  var submitForm = document.getElementById("submit-form");
  if (submitForm) {
    submitForm.addEventListener("submit", function (event) {
      // Nothing queued: the form goes as it is. (A form ignores requestSubmit() while its own
      // submit event is being dispatched, so the queued case submits again a moment later.)
      if (submitForm.dataset.ready === "1" || (!sending && !read().length)) return;
      event.preventDefault();
      if (!navigator.onLine) { say(root.dataset.offline, "offline"); return; }
      whenFlushed(function () {
        submitForm.dataset.ready = "1";
        setTimeout(function () { submitForm.submit(); }, 0);
      });
    });
  }

  /* The countdown: from the seconds the server gave, on this device's monotonic clock. */
  var counter = document.getElementById("countdown");
  if (counter && end !== null) {
    var tick = function () {
      var left = Math.max(0, Math.round((end - performance.now()) / 1000));
      var h = Math.floor(left / 3600), m = Math.floor(left / 60) % 60, s = left % 60;
      counter.textContent = (h ? h + ":" : "") + (m < 10 && h ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
      counter.parentNode.classList.toggle("hurry", left <= 60);
      if (left === 0) {
        clearInterval(timer);
        say(root.dataset.timeUp, "refused");
        // The server settles the attempt as the quiz says; the review page tells what happened.
        if (navigator.onLine) setTimeout(function () { window.location.reload(); }, 1500);
      }
    };
    var timer = setInterval(tick, 1000);
    tick();
  }

  restore();
  window.addEventListener("online", function () { flush(); });
  window.addEventListener("offline", function () { say(root.dataset.offline, "offline"); });
  setInterval(function () { flush(); }, 5000);
  flush();
})();
