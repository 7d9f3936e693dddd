/* The outbox of the player, in the LMS page (first-party storage, unlike the content-origin frame,
 * which browsers that block third-party storage refuse localStorage). The player frame numbers its
 * commits and posts them here; each is written to this origin's localStorage before it is
 * acknowledged, then sent with the attempt's launch token to /play/api/commit/ on this origin.
 * A commit queued while offline is sent when the connection returns, or on the next opening of
 * any page of this attempt if the tab was closed first. Messages are accepted only from the
 * player frame on the content origin, and are treated as data: never as markup, never as code. */
(function () {
  "use strict";
  var frame = document.getElementById("player-frame");
  if (!frame || !frame.dataset.contentOrigin) return;
  var contentOrigin = frame.dataset.contentOrigin;
  var token = frame.dataset.token;
  var endpoint = frame.dataset.commitUrl;
  var key = "tadrib.outbox." + frame.dataset.registration;
  var MAX_COMMIT_CHARS = 512 * 1024;
  var MAX_QUEUE = 500;
  var memory = null;  // when even first-party storage is refused (a private window)
  var sending = false, ready = false, helloSeen = false;
  // Sequences this page must not send: the frame sent them itself as the page closed (they stay
  // queued, and are sent on the next opening if they did not arrive; the server keeps one copy).
  var sentByFrame = {};
  var inFlight = 0;
  var retryDelay = 0, retryTimer = null;

  /* A refused or failed request is tried again soon, then less and less often (up to 8 s). */
  function retryLater() {
    retryDelay = Math.min(8000, retryDelay ? retryDelay * 2 : 500);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { flush(); }, retryDelay);
  }

  function readQueue() {
    if (memory) return memory.slice();
    try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue) {
    if (!memory) {
      try {
        if (queue.length) { localStorage.setItem(key, JSON.stringify(queue)); } else { localStorage.removeItem(key); }
        return;
      } catch (e) { memory = []; }
    }
    memory = queue.slice();
  }

  function tell(message) {
    if (frame.contentWindow) frame.contentWindow.postMessage(message, contentOrigin);
  }

  function valid(commit) {
    return commit && typeof commit === "object" && typeof commit.sequence === "number" &&
      commit.sequence > 0 && Math.floor(commit.sequence) === commit.sequence &&
      typeof commit.item === "string" && commit.cmi && typeof commit.cmi === "object" &&
      JSON.stringify(commit).length <= MAX_COMMIT_CHARS;
  }

  function store(commit) {
    var queue = readQueue().filter(function (c) { return c.sequence !== commit.sequence; });
    queue.push({ sequence: commit.sequence, session: commit.session | 0, item: commit.item,
                 cmi: commit.cmi, terminate: !!commit.terminate });
    queue.sort(function (a, b) { return a.sequence - b.sequence; });
    writeQueue(queue.slice(-MAX_QUEUE));
  }

  function post(commit) {
    var body = JSON.stringify(commit);
    // keepalive: a request under way when the page closes still arrives (the browser allows it
    // for small bodies only).
    return fetch(endpoint, {
      method: "POST", credentials: "omit", keepalive: body.length < 60000,
      headers: { "Authorization": "Bearer " + token, "Content-Type": "application/json" },
      body: body
    });
  }

  /* Sends the queue in order, one commit at a time; calls done(sentEverything) at the end. */
  function flush(done) {
    done = done || function () {};
    if (sending) { done(false); return; }
    var queue = readQueue().filter(function (c) { return !sentByFrame[c.sequence]; });
    if (!queue.length) { tell({ type: "tadrib:status", state: "saved" }); done(true); return; }
    if (!navigator.onLine) { tell({ type: "tadrib:status", state: "offline" }); done(false); return; }
    sending = true;
    tell({ type: "tadrib:status", state: "saving" });
    var commit = queue[0];
    inFlight = commit.sequence;
    post(commit).then(function (response) {
      sending = false;
      inFlight = 0;
      if (response.ok || response.status === 400 || response.status === 413) {
        // Stored (or refused for good, which no retry would change): off the queue.
        writeQueue(readQueue().filter(function (c) { return c.sequence !== commit.sequence; }));
        retryDelay = 0;
        flush(done);
      } else {
        tell({ type: "tadrib:status", state: "offline" });
        retryLater();
        done(false);
      }
    }, function () {
      sending = false;
      inFlight = 0;
      tell({ type: "tadrib:status", state: "offline" });
      retryLater();
      done(false);
    });
  }

  /* What the frame needs before it starts: numbers after any queued commit, and the newest
   * queued data of each item (it is newer than what the server holds when it could not be sent). */
  function sendReady() {
    if (!ready || !helloSeen) return;
    var queue = readQueue();
    var latest = {};
    var next = 1;
    queue.forEach(function (c) { latest[c.item] = c.cmi; next = Math.max(next, c.sequence + 1); });
    tell({ type: "tadrib:ready", next: next, latest: latest });
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== contentOrigin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || typeof data !== "object") return;
    if (data.type === "tadrib:hello") {
      helloSeen = true;
      sendReady();
    } else if (data.type === "tadrib:commit" && valid(data.commit)) {
      store(data.commit);
      if (data.sentByFrame === true) sentByFrame[data.commit.sequence] = true;
      tell({ type: "tadrib:stored", sequence: data.commit.sequence });
      flush();
    }
  });

  // In case the frame said hello before this script listened: its load event says it is there.
  frame.addEventListener("load", function () { helloSeen = true; sendReady(); });
  window.addEventListener("online", function () { flush(); });
  window.addEventListener("offline", function () { tell({ type: "tadrib:status", state: "offline" }); });
  setInterval(function () { flush(); }, 5000);
  window.addEventListener("pagehide", function () {
    // Whatever is still queued goes with the browser; it stays queued too, in case it fails.
    if (!navigator.onLine) return;
    readQueue().forEach(function (commit) {
      if (commit.sequence === inFlight || sentByFrame[commit.sequence]) return;
      try { post(commit); } catch (e) { /* still queued: sent on the next visit */ }
    });
  });

  // Commits left by an earlier page of this attempt are sent before the lesson starts, so that it
  // starts from them; offline, the frame starts from the queue's data and they are sent later.
  var timer = setTimeout(function () { ready = true; sendReady(); }, 4000);
  flush(function () { clearTimeout(timer); if (!ready) { ready = true; sendReady(); } });
})();
