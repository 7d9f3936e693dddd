/* The outbox of the player, in the LMS page (first-party storage, unlike the content-origin frame,
 * which browsers that block third-party storage refuse localStorage). The player frame numbers its
 * commits and posts them here; each is written to this origin's localStorage before it is
 * acknowledged, then sent with the attempt's launch token to /play/api/commit/ on this origin.
 * A commit queued while offline is sent when the connection returns, or on the next opening of
 * any page of this attempt if the tab was closed first. The H5P frame hands its xAPI statements
 * here the same way: kept in this origin's storage until the LRS (on this origin, with the launch
 * token) has them. Messages are accepted only from the player frame on the content origin, and
 * are treated as data: never as markup, never as code. */
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
  var memory = null;  // queues by key, when even first-party storage is refused (a private window)
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

  function readQueue(name) {
    name = name || key;
    if (memory) return (memory[name] || []).slice();
    try { return JSON.parse(localStorage.getItem(name) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue, name) {
    name = name || key;
    if (!memory) {
      try {
        if (queue.length) { localStorage.setItem(name, JSON.stringify(queue)); } else { localStorage.removeItem(name); }
        return;
      } catch (e) { memory = {}; }
    }
    memory[name] = queue.slice();
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

  /* A lesson open for hours (an exam-time outage) outlives its launch token: a refused token is
   * exchanged, with the trainee's session on this origin, for a fresh one of the same attempt
   * (ADR 0025), and handed to the player frame, which needs it for SCORM 2004 navigation and its
   * closing commit (only the token crosses to the content origin, never the session). Returns
   * false when it cannot be: the commits then wait for the next opening. tokenAt: when the token
   * in hand was issued (the page's own, at first); renewedAt: when this page last renewed it. */
  var renewing = false, renewRefused = false, renewedAt = 0, tokenAt = Date.now();
  function renew(then) {
    if (!frame.dataset.tokenUrl || renewing || renewRefused) return false;
    renewing = true;
    var body = new URLSearchParams();
    body.append("registration", frame.dataset.registration);
    fetch(frame.dataset.tokenUrl, { method: "POST", credentials: "same-origin",
                                    headers: { "X-CSRFToken": frame.dataset.csrf || "" }, body: body })
      .then(function (response) {
        if (response.ok) return response.json();
        // Refused for good (the attempt was reset, the trainee signed out): stop asking.
        if (response.status >= 400 && response.status < 500) renewRefused = true;
        return null;
      })
      .then(function (data) {
        renewing = false;
        if (data && typeof data.token === "string" && data.token) {
          token = data.token;
          renewedAt = tokenAt = Date.now();
          tell({ type: "tadrib:token", token: token });
          then();
        } else {
          tell({ type: renewRefused ? "tadrib:token-refused" : "tadrib:token-failed" });
          retryLater();
        }
      }, function () { renewing = false; tell({ type: "tadrib:token-failed" }); retryLater(); });
    return true;
  }

  /* Renewed ahead of its end too (the last tenth of its life, at most 10 minutes), on the first
   * chance online: after an outage longer than its life, a page closed before anything was sent
   * still has the frame's closing commit go with a live token. The 401 path stays for a device
   * whose clock is wrong. Returns true when a renewal started (it sends the queue when done). */
  var tokenLife = (parseInt(frame.dataset.tokenSeconds, 10) || 0) * 1000;
  function renewIfDue() {
    if (!tokenLife || !navigator.onLine || Date.now() - tokenAt < tokenLife - Math.min(600000, tokenLife / 10)) return false;
    return renew(function () { flush(); });
  }

  /* The frame's own request was refused with 401 before this page renewed the token. A token
   * renewed less than a minute ago is handed over as it is: package code shares the frame, and
   * asking again and again must not make the server issue token after token. */
  function renewForFrame() {
    if (renewRefused) { tell({ type: "tadrib:token-refused" }); return; }
    if (renewing) return;  // its answer goes to the frame
    if (renewedAt && Date.now() - renewedAt < 60000) { tell({ type: "tadrib:token", token: token }); return; }
    if (!renew(function () { flush(); })) tell({ type: "tadrib:token-failed" });
  }

  /* Sends the queue in order, one commit at a time; calls done(sentEverything) at the end. */
  function flush(done) {
    done = done || function () {};
    if (!endpoint) { done(true); return; }  // a lesson without SCORM commits (H5P)
    if (sending) { done(false); return; }
    var queue = readQueue().filter(function (c) { return !sentByFrame[c.sequence]; });
    if (!queue.length) { tell({ type: "tadrib:status", state: "saved" }); done(true); return; }
    if (!navigator.onLine) { tell({ type: "tadrib:status", state: "offline" }); done(false); return; }
    sending = true;
    tell({ type: "tadrib:status", state: "saving" });
    var commit = queue[0], sentWith = token;
    inFlight = commit.sequence;
    post(commit).then(function (response) {
      sending = false;
      inFlight = 0;
      if (response.ok || response.status === 400 || response.status === 413) {
        // Stored (or refused for good, which no retry would change): off the queue.
        writeQueue(readQueue().filter(function (c) { return c.sequence !== commit.sequence; }));
        retryDelay = 0;
        flush(done);
      } else if (response.status === 401 && (renewing || sentWith !== token)) {
        // Sent with the token a renewal is replacing, or has just replaced: sent again with the new
        // one, not renewed a second time (one fresh token per outage, not one per commit in flight).
        if (renewing) { done(false); } else { flush(done); }
      } else if (response.status === 401 && renew(function () { flush(done); })) {
        return;  // sent again with the fresh token
      } else {
        // Refused with the session gone too: the trainee must sign in again, not wait for a network.
        tell({ type: "tadrib:status", state: response.status === 401 && renewRefused ? "refused" : "offline" });
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
    } else if (data.type === "tadrib:renew") {
      renewForFrame();
    } else if (data.type === "tadrib:statement" && statementsUrl && validStatement(data.statement)) {
      storeStatement(data.statement);
      tell({ type: "tadrib:statement-stored", id: data.statement.id });
      flushStatements();
    }
  });

  // In case the frame said hello before this script listened: its load event says it is there.
  frame.addEventListener("load", function () { helloSeen = true; sendReady(); });
  // --- xAPI statements (the H5P frame's) -------------------------------------------------------

  var statementsUrl = frame.dataset.statementsUrl;
  var statementsKey = "tadrib.statements." + frame.dataset.registration;
  var MAX_STATEMENT_CHARS = 64 * 1024;
  var sendingStatement = false, statementsRefused = false, statementDelay = 0, statementTimer = null;

  function validStatement(statement) {
    return statement && typeof statement === "object" && typeof statement.id === "string" &&
      /^[0-9a-f-]{36}$/i.test(statement.id) && JSON.stringify(statement).length <= MAX_STATEMENT_CHARS;
  }

  function storeStatement(statement) {
    var queue = readQueue(statementsKey).filter(function (s) { return s.id !== statement.id; });
    queue.push(statement);
    writeQueue(queue.slice(-MAX_QUEUE), statementsKey);
  }

  function postStatement(statement, keepalive) {
    var body = JSON.stringify(statement);
    return fetch(statementsUrl, {
      method: "POST", credentials: "omit", keepalive: !!keepalive && body.length < 60000,
      headers: { "Authorization": "Bearer " + token, "X-Experience-API-Version": "1.0.3",
                 "Content-Type": "application/json" },
      body: body
    });
  }

  /* One statement at a time, in order: one refused for good never holds back the others. */
  function flushStatements() {
    if (!statementsUrl || sendingStatement || statementsRefused) return;
    var queue = readQueue(statementsKey);
    if (!queue.length) return;
    if (!navigator.onLine) { tell({ type: "tadrib:status", state: "offline" }); return; }
    sendingStatement = true;
    tell({ type: "tadrib:status", state: "saving" });
    var statement = queue[0];
    postStatement(statement).then(function (response) {
      sendingStatement = false;
      if (response.status === 401) {
        // This page's token no longer works (an attempt reset, or expired): the statements stay
        // queued for the next page of the attempt, whose token is fresh.
        statementsRefused = true;
        tell({ type: "tadrib:status", state: "refused" });
      } else if (response.ok || [400, 403, 409, 413].indexOf(response.status) >= 0) {
        if (!response.ok) console.warn("tadrib: the LRS refused a statement", response.status);
        writeQueue(readQueue(statementsKey).filter(function (s) { return s.id !== statement.id; }), statementsKey);
        statementDelay = 0;
        if (readQueue(statementsKey).length) { flushStatements(); } else { tell({ type: "tadrib:status", state: "saved" }); }
      } else {
        tell({ type: "tadrib:status", state: "offline" });
        statementLater();
      }
    }, function () {
      sendingStatement = false;
      tell({ type: "tadrib:status", state: "offline" });
      statementLater();
    });
  }

  function statementLater() {
    statementDelay = Math.min(8000, statementDelay ? statementDelay * 2 : 500);
    clearTimeout(statementTimer);
    statementTimer = setTimeout(flushStatements, statementDelay);
  }

  window.addEventListener("online", flushStatements);
  setInterval(flushStatements, 5000);
  window.addEventListener("pagehide", function () {
    if (!statementsUrl || !navigator.onLine || statementsRefused) return;
    readQueue(statementsKey).forEach(function (statement) {
      try { postStatement(statement, true); } catch (e) { /* still queued: sent on the next visit */ }
    });
  });
  // Statements left by an earlier page of this attempt (offline when its tab closed) go now.
  flushStatements();

  window.addEventListener("online", function () { if (!renewIfDue()) flush(); });
  window.addEventListener("offline", function () { tell({ type: "tadrib:status", state: "offline" }); });
  setInterval(function () { if (!renewIfDue()) flush(); }, 5000);
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
