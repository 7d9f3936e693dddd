/* The player frame, on the content origin. It hosts scorm-again (window.API for SCORM 1.2,
 * window.API_1484_11 for 2004) and the package's page in a nested frame of the same origin, and
 * talks to the LMS only with the attempt's launch token. Every commit is numbered and queued in
 * localStorage before it is sent, so a dropped connection or a closed page loses nothing. */
(function () {
  "use strict";
  var root = document.getElementById("player");
  var statusLine = document.getElementById("status");
  var frame = document.getElementById("sco");
  var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };

  /* Browsers that block third-party storage deny it to this frame (it is on another site than the
   * LMS page): the queue then lives in memory for the page's life. */
  var memory = {};
  function storage(kind) {
    try { var store = window[kind]; store.getItem("x"); return store; } catch (e) {
      return { getItem: function (k) { return k in memory ? memory[k] : null; },
               setItem: function (k, v) { memory[k] = String(v); } };
    }
  }
  var localStore = storage("localStorage"), sessionStore = storage("sessionStorage");

  var hash = new URLSearchParams(location.hash.slice(1));
  var token = hash.get("t") || sessionStore.getItem("tadrib.token") || "";
  if (hash.get("t")) {
    sessionStore.setItem("tadrib.token", token);
    history.replaceState(null, "", location.pathname + location.search);
  }

  var launch = null, current = null, closing = false, api = null, navRequest = "", sending = false, dirtyTimer = null;

  function say(message, offline) {
    statusLine.textContent = message;
    statusLine.classList.toggle("offline", !!offline);
  }

  function headers() { return { "Authorization": "Bearer " + token, "Content-Type": "application/json" }; }
  function queueKey() { return "tadrib.queue." + launch.attempt; }
  function seqKey() { return "tadrib.sequence." + launch.attempt; }
  function readQueue() {
    try { return JSON.parse(localStore.getItem(queueKey()) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue) { localStore.setItem(queueKey(), JSON.stringify(queue)); }

  function nextSequence() {
    var stored = parseInt(localStore.getItem(seqKey()) || "0", 10) || 0;
    var sequence = Math.max(stored + 1, launch.next_sequence);
    localStore.setItem(seqKey(), String(sequence));
    launch.next_sequence = sequence + 1;
    return sequence;
  }

  /* Take a snapshot of the runtime's data and queue it, then try to send the queue. */
  function enqueue(terminate, unloading) {
    if (!api || !current) return;
    var cmi;
    try { cmi = api.getFlattenedCMI(); } catch (e) { return; }
    var commit = { sequence: nextSequence(), session: launch.session, item: current.identifier,
                   cmi: cmi, terminate: !!terminate };
    var queue = readQueue();
    queue.push(commit);
    writeQueue(queue);
    remember(current, cmi);
    flush(unloading || closing);
  }

  function flush(unloading) {
    if (sending && !unloading) return;
    var queue = readQueue();
    if (!queue.length) return;
    if (!navigator.onLine && !unloading) { say(text("offline"), true); return; }
    if (unloading) {
      // The page is closing: hand every queued commit to the browser, which sends them after us.
      queue.forEach(function (commit) {
        try {
          fetch(root.dataset.apiCommit, { method: "POST", headers: headers(), body: JSON.stringify(commit),
                                          keepalive: true, credentials: "omit" });
        } catch (e) { /* kept in the queue: sent on the next visit */ }
      });
      return;
    }
    sending = true;
    say(text("saving"));
    var commit = queue[0];
    fetch(root.dataset.apiCommit, { method: "POST", headers: headers(), body: JSON.stringify(commit),
                                    credentials: "omit" })
      .then(function (response) {
        sending = false;
        if (response.ok || response.status === 400 || response.status === 413) {
          // Stored (or refused for good): drop it from the queue, send the next one.
          writeQueue(readQueue().filter(function (c) { return c.sequence !== commit.sequence; }));
          if (readQueue().length) { flush(); } else { say(text("saved")); }
        } else {
          say(text("offline"), true);
        }
      })
      .catch(function () { sending = false; say(text("offline"), true); });
  }

  /* What the table of contents and the next launch of an item know of it, kept up to date locally. */
  function remember(item, cmi) {
    item.cmi = cmi;
    item.status = cmi["cmi.core.lesson_status"] || cmi["cmi.completion_status"] || item.status;
    var success = cmi["cmi.success_status"];
    item.done = ["completed", "passed"].indexOf(item.status) >= 0 && success !== "failed" ||
      (item.status === "failed" ? false : item.done);
    drawToc();
  }

  function startData(item) {
    if (!item.cmi) return item.start;
    var start = Object.assign({}, item.start);
    var keep = launch.kind === "scorm12"
      ? ["cmi.core.lesson_location", "cmi.core.lesson_status", "cmi.core.score.raw", "cmi.core.score.min",
         "cmi.core.score.max", "cmi.suspend_data"]
      : ["cmi.location", "cmi.completion_status", "cmi.success_status", "cmi.score.scaled", "cmi.score.raw",
         "cmi.score.min", "cmi.score.max", "cmi.progress_measure", "cmi.suspend_data"];
    keep.forEach(function (key) { if (item.cmi[key]) start[key] = item.cmi[key]; });
    var exit = item.cmi["cmi.core.exit"] || item.cmi["cmi.exit"];
    start[launch.kind === "scorm12" ? "cmi.core.entry" : "cmi.entry"] = exit === "suspend" ? "resume" : "";
    return start;
  }

  function launchable() { return launch.items.filter(function (item) { return item.launchable; }); }

  function isLocked(item) {
    var seq = launch.sequencing;
    if (!seq || launch.kind !== "scorm2004") return false;
    var items = launchable();
    var index = items.indexOf(item);
    if (index <= 0) return false;
    var gated = !seq.choice || seq.gated.indexOf(item.identifier) >= 0;
    if (!gated) return false;
    return !items[index - 1].done;
  }

  function drawToc() {
    var list = document.getElementById("toc-list");
    var items = launch.items.filter(function (item) { return item.visible; });
    if (launchable().length < 2) return;
    document.getElementById("toc").hidden = false;
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      if (!item.launchable) {
        li.className = "heading";
        li.textContent = item.title;
      } else {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "item" + (item.done ? " done" : "");
        button.textContent = item.title;
        button.dataset.identifier = item.identifier;
        if (current === item) button.setAttribute("aria-current", "page");
        if (isLocked(item)) { button.disabled = true; button.title = text("locked"); }
        button.addEventListener("click", function () { go(item); });
        li.appendChild(button);
      }
      list.appendChild(li);
    });
    var index = launchable().indexOf(current);
    document.getElementById("previous").disabled = index <= 0;
    var next = launchable()[index + 1];
    document.getElementById("next").disabled = !next || isLocked(next);
  }

  function settings() {
    return { autocommit: false, lmsCommitUrl: false, logLevel: 5, mastery_override: true,
             sendFullCommit: true };
  }

  function finishCurrent() {
    if (!api || !current) return;
    if (!api.isTerminated()) enqueue(true);
  }

  function go(item) {
    if (!item || isLocked(item)) { say(text("locked")); return; }
    finishCurrent();
    current = item;
    navRequest = "";
    if (launch.kind === "scorm12") {
      api = new window.Scorm12API(settings());
      api.loadFromFlattenedJSON(startData(item));
      api.on("LMSSetValue.cmi.*", changed);
      api.on("LMSCommit", function () { enqueue(false); });
      api.on("LMSFinish", function () { enqueue(true); });
      window.API = api;
    } else {
      api = new window.Scorm2004API(settings());
      api.loadFromFlattenedJSON(startData(item));
      api.on("SetValue.cmi.*", changed);
      api.on("SetValue.adl.nav.request", function (element, value) { navRequest = String(value || ""); });
      api.on("Commit", function () { enqueue(false); });
      api.on("Terminate", function () { enqueue(true); afterTerminate(); });
      window.API_1484_11 = api;
    }
    frame.src = launch.files + item.url;
    drawToc();
  }

  function changed() {
    clearTimeout(dirtyTimer);
    dirtyTimer = setTimeout(function () { if (api && !api.isTerminated()) enqueue(false); }, 3000);
  }

  function afterTerminate() {
    var items = launchable();
    var index = items.indexOf(current);
    var request = navRequest;
    navRequest = "";
    setTimeout(function () {
      if (request === "continue") { go(items[index + 1]); }
      else if (request === "previous") { go(items[index - 1]); }
      else {
        var choice = /^\{target=(.+)\}(choice|jump)$/.exec(request);
        if (choice) {
          go(items.filter(function (item) { return item.identifier === choice[1]; })[0]);
        }
      }
    }, 0);
  }

  document.getElementById("previous").addEventListener("click", function () {
    go(launchable()[launchable().indexOf(current) - 1]);
  });
  document.getElementById("next").addEventListener("click", function () {
    go(launchable()[launchable().indexOf(current) + 1]);
  });
  window.addEventListener("online", function () { flush(); });
  window.addEventListener("offline", function () { say(text("offline"), true); });
  setInterval(function () { flush(); }, 5000);
  window.addEventListener("pagehide", function () {
    closing = true;
    if (api && current && !api.isTerminated()) {
      try { launch.kind === "scorm12" ? api.LMSFinish("") : api.Terminate(""); } catch (e) { enqueue(true, true); }
    }
    flush(true);
  });

  fetch(root.dataset.apiLaunch, { headers: headers(), credentials: "omit" })
    .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
    .then(function (data) {
      launch = data;
      launchable().forEach(function (item) {
        item.done = ["completed", "passed"].indexOf(item.status) >= 0;
      });
      flush();
      var items = launchable();
      var start = items.filter(function (item) { return item.identifier === launch.resume; })[0];
      if (!start) {
        start = items.filter(function (item) { return !item.done && !isLocked(item); })[0] || items[0];
      }
      go(start);
    })
    .catch(function () { say(text("error"), true); });
})();
