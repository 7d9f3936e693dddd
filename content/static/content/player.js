/* The player frame, on the content origin. It hosts scorm-again (window.API for SCORM 1.2,
 * window.API_1484_11 for 2004) and the package's page in a nested frame of the same origin, and
 * talks to the LMS only with the attempt's launch token. Every commit is numbered and handed by
 * postMessage to the LMS page that frames this one (outbox.js), which keeps it in its own, first-
 * party localStorage until it is sent: a dropped connection, or a page closed while offline, loses
 * nothing. Opened outside that page, the frame sends its commits itself from a queue in memory. */
(function () {
  "use strict";
  var root = document.getElementById("player");
  var statusLine = document.getElementById("status");
  var frame = document.getElementById("sco");
  var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };
  var lmsOrigin = root.dataset.lmsOrigin;
  var framed = window.parent !== window;

  var memory = {};
  function storage(kind) {
    try { var store = window[kind]; store.getItem("x"); return store; } catch (e) {
      return { getItem: function (k) { return k in memory ? memory[k] : null; },
               setItem: function (k, v) { memory[k] = String(v); } };
    }
  }
  var sessionStore = storage("sessionStorage");

  var hash = new URLSearchParams(location.hash.slice(1));
  var token = hash.get("t") || sessionStore.getItem("tadrib.token") || "";
  if (hash.get("t")) {
    sessionStore.setItem("tadrib.token", token);
    history.replaceState(null, "", location.pathname + location.search);
  }

  var launch = null, current = null, closing = false, api = null, navRequest = "", sending = false, dirtyTimer = null;
  // outbox: the LMS page answered and keeps the queue; pending: commits it has not acknowledged
  // yet (sent again until it does); queue: commits to send ourselves when there is no outbox.
  var started = false, outbox = false, outboxNext = 1, outboxLatest = {}, pending = [], queue = [];
  // SCORM 2004: the server's sequencing (sequencing.js) and the newest commit of the current part.
  var seq = null, lastCommit = null;

  function say(message, offline) {
    statusLine.textContent = message;
    statusLine.classList.toggle("offline", !!offline);
  }

  function headers() { return { "Authorization": "Bearer " + token, "Content-Type": "application/json" }; }

  /* The launch token runs out in a lesson left open for hours (an exam-time outage, ADR 0025).
   * The LMS page renews it with the trainee's session (which never reaches this origin) and hands
   * it here; a request of ours refused with 401 first asks it to. then(state): "fresh", "refused"
   * (the session is gone or the attempt was reset: a reload is needed) or "failed" (no answer). */
  var renewWaiters = [], renewTimer = null;
  function renewToken(then) {
    if (!outbox) { then("failed"); return; }
    renewWaiters.push(then);
    if (renewWaiters.length > 1) return;  // already asked: one answer for all
    window.parent.postMessage({ type: "tadrib:renew" }, lmsOrigin);
    renewTimer = setTimeout(function () { renewed("failed"); }, 20000);
  }
  function renewed(state) {
    clearTimeout(renewTimer);
    var waiting = renewWaiters;
    renewWaiters = [];
    waiting.forEach(function (then) { then(state); });
  }

  function nextSequence() {
    var sequence = Math.max(launch.next_sequence, outboxNext);
    launch.next_sequence = sequence + 1;
    return sequence;
  }

  function toOutbox(commit, sentByFrame) {
    window.parent.postMessage({ type: "tadrib:commit", commit: commit, sentByFrame: !!sentByFrame }, lmsOrigin);
  }

  /* Take a snapshot of the runtime's data and queue it, then try to send the queue. */
  function enqueue(terminate, unloading, source) {
    // source: the runtime and item that spoke (a SCO being replaced may still finish on its own
    // runtime after the next one started); by default the current ones.
    var runtime = source ? source.api : api, item = source ? source.item : current;
    if (!runtime || !item) return;
    var cmi;
    try { cmi = runtime.getFlattenedCMI(); } catch (e) { return; }
    observedTime(runtime, cmi);
    if (terminate && completesOnFinish(cmi)) cmi["cmi.core.lesson_status"] = "completed";
    var commit = { sequence: nextSequence(), session: launch.session, item: item.identifier,
                   cmi: cmi, terminate: !!terminate };
    if (item === current) {
      lastCommit = commit;
      if (seq && !terminate) seq.look();
    }
    remember(item, cmi);
    if (outbox) {
      if ((unloading || closing) && navigator.onLine) {
        // The page is closing: send it ourselves (the LMS page may be gone before it hears of
        // it), and tell the outbox to keep it without sending it too.
        sendDirect([commit]);
        toOutbox(commit, true);
      } else {
        pending.push(commit);
        toOutbox(commit);
      }
      return commit;
    }
    queue.push(commit);
    flush(unloading || closing);
    return commit;
  }

  /* A SCO that reports no session time (many call only LMSInitialize and LMSFinish) is given the
   * time the player saw it open, from its Initialize until now (ADR 0017). */
  function observedTime(runtime, cmi) {
    if (!runtime.tadribStarted) return;
    var key = launch.kind === "scorm12" ? "cmi.core.session_time" : "cmi.session_time";
    if (/[1-9]/.test(cmi[key] || "")) return;
    var seconds = Math.max(0, Math.round((Date.now() - runtime.tadribStarted) / 1000));
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    cmi[key] = launch.kind === "scorm12"
      ? pad(Math.min(9999, Math.floor(seconds / 3600))) + ":" + pad(Math.floor(seconds / 60) % 60) + ":" + pad(seconds % 60)
      : "PT" + seconds + "S";
  }

  /* The page is closing: hand the commits to the browser, which sends them after us (the server
   * stores each sequence once, so one that also reaches the outbox is harmless). */
  function sendDirect(commits) {
    commits.forEach(function (commit) {
      try {
        fetch(root.dataset.apiCommit, { method: "POST", headers: headers(), body: JSON.stringify(commit),
                                        keepalive: true, credentials: "omit" });
      } catch (e) { /* the outbox has it, or it is lost with the page */ }
    });
  }

  function flush(unloading) {
    if (outbox) {
      // Posted again until the outbox says it has them (it keeps one copy per sequence).
      if (!unloading) pending.forEach(function (commit) { toOutbox(commit); });
      return;
    }
    if (sending && !unloading) return;
    if (!queue.length) return;
    if (!navigator.onLine && !unloading) { say(text("offline"), true); return; }
    if (unloading) { sendDirect(queue); return; }
    sending = true;
    say(text("saving"));
    var commit = queue[0];
    fetch(root.dataset.apiCommit, { method: "POST", headers: headers(), body: JSON.stringify(commit),
                                    credentials: "omit" })
      .then(function (response) {
        sending = false;
        if (response.ok || response.status === 400 || response.status === 413) {
          // Stored (or refused for good): drop it from the queue, send the next one.
          queue = queue.filter(function (c) { return c.sequence !== commit.sequence; });
          if (queue.length) { flush(); } else { say(text("saved")); }
        } else {
          say(text("offline"), true);
        }
      })
      .catch(function () { sending = false; say(text("offline"), true); });
  }

  window.addEventListener("message", function (event) {
    if (!framed || event.origin !== lmsOrigin || event.source !== window.parent) return;
    var data = event.data;
    if (!data || typeof data !== "object") return;
    if (data.type === "tadrib:ready" && !started) {
      outbox = true;
      outboxNext = Math.max(1, parseInt(data.next, 10) || 1);
      outboxLatest = data.latest && typeof data.latest === "object" ? data.latest : {};
      start();
    } else if (data.type === "tadrib:token") {
      if (typeof data.token !== "string" || !/^[A-Za-z0-9_-]{20,200}$/.test(data.token)) return;
      token = data.token;
      sessionStore.setItem("tadrib.token", token);
      renewed("fresh");
    } else if (data.type === "tadrib:token-refused" || data.type === "tadrib:token-failed") {
      renewed(data.type === "tadrib:token-refused" ? "refused" : "failed");
    } else if (data.type === "tadrib:stored") {
      pending = pending.filter(function (c) { return c.sequence !== data.sequence; });
    } else if (data.type === "tadrib:status") {
      var state = String(data.state);
      if (state === "offline") { say(text("offline"), true); }
      else if (state === "refused") { say(text("reopen"), true); }
      else if (state === "saving") { say(text("saving")); }
      else if (state === "saved" && !pending.length) { say(text("saved")); }
    }
  });

  /* What the table of contents and the next launch of an item know of it, kept up to date locally. */
  function remember(item, cmi) {
    item.cmi = cmi;
    item.status = cmi["cmi.core.lesson_status"] || cmi["cmi.completion_status"] || item.status;
    var success = cmi["cmi.success_status"];
    if (success === "passed" || success === "failed") { item.success = success; }
    else if (item.status === "passed" || item.status === "failed") { item.success = item.status; }
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

  /* A SCORM 1.2 SCO that finishes with no status of its own ("not attempted" is only ever the
   * LMS's) is completed, unless the package requires the SCO's own status (ADR 0017). scorm-again's
   * autoCompleteLessonStatus cannot do it: it takes its own initial "not attempted" for the SCO's. */
  function completesOnFinish(cmi) {
    return launch.kind === "scorm12" && launch.complete_on_finish !== false &&
      ["", "not attempted"].indexOf(cmi["cmi.core.lesson_status"] || "") >= 0;
  }

  /* Leaving the current SCO finishes it (finishCurrent), so the items waiting for it open now. */
  function completesOnLeaving() {
    return !!api && !!current && !api.isTerminated() && completesOnFinish({ "cmi.core.lesson_status": current.status });
  }

  /* SCORM 1.2 prerequisites (content.handlers.aicc_script): met when the named items are done. */
  function itemStatus(identifier) {
    var found = launch.items.filter(function (item) { return item.identifier === identifier; })[0];
    if (found && found === current && completesOnLeaving()) return "completed";
    return (found && found.status) || "not attempted";
  }

  function meets(node) {
    if ("const" in node) return !!node.const;
    if ("item" in node) {
      var status = itemStatus(node.item);
      if ("status" in node) return (status === node.status) === (node.equal !== false);
      return status === "completed" || status === "passed";
    }
    if ("not" in node) return !meets(node.not);
    if (node.and) return node.and.every(meets);
    if (node.or) return node.or.some(meets);
    if (node.of) return node.of.filter(meets).length >= node.atleast;
    return true;
  }

  function named(node, found) {
    if (node.item && found.indexOf(node.item) < 0) found.push(node.item);
    (node.and || node.or || node.of || []).forEach(function (member) { named(member, found); });
    return found;
  }

  /* Why an item is locked, in words the trainee can act on: the items still to complete. */
  function lockReason(item) {
    var rule = launch.kind === "scorm12" && (launch.prerequisites || {})[item.identifier];
    if (!rule) return text("locked");
    var titles = named(rule, []).filter(function (identifier) {
      return ["completed", "passed"].indexOf(itemStatus(identifier)) < 0;
    }).map(function (identifier) {
      return launch.items.filter(function (other) { return other.identifier === identifier; })[0].title;
    });
    var list = titles.join(", ");
    try {
      list = new Intl.ListFormat(document.documentElement.lang,
                                 { type: rule.or || rule.of ? "disjunction" : "conjunction" }).format(titles);
    } catch (e) { /* an old browser: the plain list */ }
    return text("requires").replace("{items}", list);
  }

  function isLocked(item) {
    if (seq) return !!seq.choice(item).refused;
    if (launch.kind !== "scorm12") return false;
    var rule = (launch.prerequisites || {})[item.identifier];
    return !!rule && !meets(rule);
  }

  /* A control that is not offered stays focusable and says why when pressed (phones have no hover). */
  function lock(button, reason) {
    button.setAttribute("aria-disabled", reason ? "true" : "false");
    button.classList.toggle("locked", !!reason);
    if (reason) { button.title = reason; } else { button.removeAttribute("title"); }
  }

  function drawToc() {
    var list = document.getElementById("toc-list");
    var items = launch.items.filter(function (item) {
      return item.visible && !(seq && seq.choice(item).hidden);
    });
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
        if (seq) {
          // This attempt's status, as the server's sequencing holds it (a failed test is not done).
          var known = seq.choice(item);
          item.done = known.completed === true && known.passed !== false;
        }
        button.className = "item" + (item.done ? " done" : "");
        button.textContent = item.title;
        button.dataset.identifier = item.identifier;
        if (current === item) button.setAttribute("aria-current", "page");
        if (seq) lock(button, seq.why(seq.choice(item).refused));
        button.addEventListener("click", function () { go(item); });
        li.appendChild(button);
        if (isLocked(item)) {
          button.disabled = true;
          // Said beside the item, not only in a tooltip that a phone never shows.
          var reason = document.createElement("span");
          reason.className = "lock-reason";
          reason.id = "lock-" + launch.items.indexOf(item);
          reason.textContent = lockReason(item);
          button.setAttribute("aria-describedby", reason.id);
          li.appendChild(reason);
        }
      }
      list.appendChild(li);
    });
    var previous = document.getElementById("previous"), next = document.getElementById("next");
    if (seq) {
      // No part open (the lesson ended): nothing to step from, so no buttons and no reasons.
      previous.parentNode.hidden = !current;
      var back = seq.why(seq.refusal("previous")), ahead = seq.why(seq.refusal("continue"));
      lock(previous, back);
      lock(next, ahead);
      document.getElementById("nav-why").textContent = current ? ahead || back : "";
      return;
    }
    var index = launchable().indexOf(current);
    previous.disabled = index <= 0;
    var following = launchable()[index + 1];
    next.disabled = !following || isLocked(following);
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
    if (seq && item) {
      var refused = seq.choice(item).refused;
      // The part on screen is chosen again only once it has ended (a new attempt of it).
      var running = item === current && api && !api.isTerminated();
      if (refused) { say(seq.why(refused)); } else if (!running) { seq.request("choice", item.identifier); }
      return;
    }
    if (!item) return;
    if (isLocked(item)) { say(lockReason(item)); return; }
    finishCurrent();
    launchItem(item);
  }

  /* Shows the part: a new runtime loaded with its start data, the package's page in the frame. */
  function launchItem(item) {
    current = item;
    lastCommit = null;
    document.getElementById("end").hidden = true;
    frame.hidden = false;
    navRequest = "";
    var source = { item: item };
    if (launch.kind === "scorm12") {
      api = source.api = new window.Scorm12API(settings());
      api.loadFromFlattenedJSON(startData(item));
      api.on("LMSInitialize", function () { source.api.tadribStarted = Date.now(); });
      api.on("LMSSetValue.cmi.*", function () { changed(source); });
      api.on("LMSCommit", function () { enqueue(false, false, source); });
      api.on("LMSFinish", function () { enqueue(true, false, source); });
      window.API = api;
    } else {
      api = source.api = new window.Scorm2004API(settings());
      api.loadFromFlattenedJSON(startData(item));
      api.on("Initialize", function () { source.api.tadribStarted = Date.now(); });
      api.on("SetValue.cmi.*", function () { changed(source); });
      api.on("SetValue.adl.nav.request", function (element, value) {
        if (source.api === api) navRequest = String(value || "");
      });
      api.on("Commit", function () { enqueue(false, false, source); });
      api.on("Terminate", function () {
        enqueue(true, false, source);
        if (source.api === api) afterTerminate();
      });
      window.API_1484_11 = api;
    }
    frame.src = launch.files + item.url;
    drawToc();
  }

  function changed(source) {
    clearTimeout(dirtyTimer);
    dirtyTimer = setTimeout(function () {
      if (!source.api.isTerminated()) enqueue(false, false, source);
    }, 3000);
  }

  function afterTerminate() {
    var items = launchable();
    var index = items.indexOf(current);
    var request = navRequest;
    navRequest = "";
    if (seq) { setTimeout(function () { seq.afterTerminate(request); }, 0); return; }
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
    if (seq) { navigateOrSay("previous"); return; }
    go(launchable()[launchable().indexOf(current) - 1]);
  });
  document.getElementById("next").addEventListener("click", function () {
    if (seq) { navigateOrSay("continue"); return; }
    go(launchable()[launchable().indexOf(current) + 1]);
  });
  document.getElementById("again").addEventListener("click", function () { seq.request("resume"); });

  function navigateOrSay(direction) {
    var refused = seq.refusal(direction);
    if (refused) { say(seq.why(refused)); } else { seq.request(direction); }
  }

  /* The lesson ended (exitAll, past its last part, or suspended): no SCO stays on screen. */
  function showEnd(reason) {
    finishCurrent();
    api = null;
    current = null;
    frame.hidden = true;
    frame.removeAttribute("src");
    var end = document.getElementById("end");
    end.hidden = false;
    document.getElementById("end-text").textContent = text("end-" + (reason || "end")) || text("end-end");
    end.focus();
  }

  function sequencingEnv() {
    return {
      url: root.dataset.apiNavigate, headers: headers, text: text, say: say, draw: drawToc, end: showEnd,
      renew: renewToken,
      /* The commit that ends the current part, sent with the request so the server decides on it. */
      latest: function () { return lastCommit; },
      finish: function () {
        if (api && current && !api.isTerminated()) return enqueue(true);
        return lastCommit;
      },
      deliver: function (identifier, start) {
        var item = launchable().filter(function (i) { return i.identifier === identifier; })[0];
        if (!item) return;
        if (start) { item.start = start; item.cmi = null; }
        launchItem(item);
      }
    };
  }
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

  var launchTries = 0;

  function start() {
    if (started) return;
    started = true;
    fetch(root.dataset.apiLaunch, { headers: headers(), credentials: "omit" })
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
      .then(function (data) {
        launch = data;
        launchable().forEach(function (item) {
          item.done = ["completed", "passed"].indexOf(item.status) >= 0 && item.success !== "failed";
          // Commits still waiting in the outbox are newer than what the server knows.
          var latest = outboxLatest[item.identifier];
          if (latest && typeof latest === "object") remember(item, latest);
        });
        flush();
        if (launch.kind === "scorm2004" && window.tadribSequencing) {
          seq = window.tadribSequencing(sequencingEnv());
          seq.request("resume");
          return;
        }
        var items = launchable();
        var first = items.filter(function (item) { return item.identifier === launch.resume; })[0];
        if (!first) {
          first = items.filter(function (item) { return !item.done && !isLocked(item); })[0] || items[0];
        }
        go(first);
      })
      .catch(function () {
        // A mobile link that drops, or a server busy for a moment: try again a few times.
        say(text("error"), true);
        if (launchTries < 5) {
          launchTries += 1;
          setTimeout(function () { started = false; start(); }, 2000 * launchTries);
        }
      });
  }

  // Framed by the LMS page: wait for its outbox to say it is ready (it first sends what an earlier
  // page left queued). Alone, or if it does not answer, start and send the commits ourselves.
  if (framed && lmsOrigin) {
    window.parent.postMessage({ type: "tadrib:hello" }, lmsOrigin);
    setTimeout(start, 6000);
  } else {
    start();
  }
})();
