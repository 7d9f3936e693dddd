/* The H5P player frame, on the content origin. It plays the package's folder with h5p-standalone
 * and records the lesson in Tadrib's LRS (same origin as this page), with the attempt's launch
 * token as the only credential:
 * - every xAPI statement H5P makes, as the launch's actor and in its registration, is handed to
 *   the LMS page's outbox (outbox.js), which keeps it in that origin's storage until the LRS has
 *   it, so answers given offline survive a closed tab; when no outbox answers (this frame opened
 *   alone, a preview), it is sent to <endpoint>statements from a queue in memory, tried again
 *   until the LRS has it (each statement gets its id here, so one sent twice is stored once);
 * - the content's state (getCurrentState) is the State document "h5p.state", read before H5P
 *   starts and written when it changed: every 10 s, after each statement and as the page closes. */
(function () {
  "use strict";
  var root = document.getElementById("h5p-player");
  var stage = document.getElementById("h5p-stage");
  var statusLine = document.getElementById("h5p-status");
  var text = function (name) { return root.getAttribute("data-text-" + name) || ""; };

  var STATE_ID = "h5p.state";
  var SAVE_SECONDS = 10;
  var MAX_QUEUE = 500;
  var KEEPALIVE_BYTES = 60000;  // browsers refuse keepalive bodies over 64 KB in all

  /* A Storage kept in memory, for a window whose storage the browser refuses. */
  function memoryStorage() {
    var data = {};
    return {
      getItem: function (k) { return Object.prototype.hasOwnProperty.call(data, k) ? data[k] : null; },
      setItem: function (k, v) { data[k] = String(v); },
      removeItem: function (k) { delete data[k]; },
      clear: function () { data = {}; },
      key: function (i) { return Object.keys(data)[i] || null; },
      get length() { return Object.keys(data).length; }
    };
  }

  /* A browser that blocks third-party storage throws on the mere reading of window.localStorage
   * in this frame (framed by another site), and H5P core reads it unguarded as it starts a content
   * (its offline queue): the content would start half-way (no resizing, no state). Such a window
   * gets storage in memory instead, which is all H5P needs here (the LRS keeps what matters). */
  function guardStorage(win) {
    ["localStorage", "sessionStorage"].forEach(function (name) {
      try { win[name].getItem("tadrib"); } catch (e) {
        try { Object.defineProperty(win, name, { value: memoryStorage(), configurable: true }); } catch (e2) { /* left as is */ }
      }
    });
  }
  guardStorage(window);
  // h5p-standalone's frame for the content is blank and of this origin: guarded as it is inserted,
  // before H5P writes the content into it.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      Array.prototype.forEach.call(record.addedNodes, function (node) {
        if (node.nodeType !== 1) return;
        var frames = node.tagName === "IFRAME" ? [node] : node.querySelectorAll("iframe");
        Array.prototype.forEach.call(frames, function (frame) {
          try { if (frame.contentWindow) guardStorage(frame.contentWindow); } catch (e) { /* another origin */ }
        });
      });
    });
  }).observe(stage, { childList: true, subtree: true });
  var sessionStore = window.sessionStorage;

  // The token comes in the address's fragment (never sent to a server, nor in a Referer), and is
  // taken out of the address bar at once; a reload of this frame finds it in the tab's storage.
  var hash = new URLSearchParams(location.hash.slice(1));
  var token = hash.get("t") || sessionStore.getItem("tadrib.token") || "";
  if (hash.get("t")) {
    sessionStore.setItem("tadrib.token", token);
    history.replaceState(null, "", location.pathname + location.search);
  }

  var launch = null, endpoint = "", refused = false;
  var queue = [], sending = false, retryDelay = 0, retryTimer = null;
  var lastSaved = null, savingState = false, ready = false, spoken = false;
  var lmsOrigin = root.dataset.lmsOrigin, outbox = false, handed = {};
  var HAND_OVER_MS = 3000;  // no word from the outbox by then: this frame sends the statement itself

  function say(message, warning) {
    statusLine.textContent = message;
    statusLine.classList.toggle("warning", !!warning);
  }

  function headers(json) {
    var h = { "Authorization": "Bearer " + token, "X-Experience-API-Version": "1.0.3" };
    if (json) h["Content-Type"] = "application/json";
    return h;
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // --- Statements ---------------------------------------------------------------------------

  function record(event) {
    var source = event && event.data && event.data.statement;
    if (!source || typeof source !== "object") return;
    var statement = JSON.parse(JSON.stringify(source));
    statement.id = statement.id || uuid();
    statement.timestamp = statement.timestamp || new Date().toISOString();
    statement.actor = launch.actor;
    statement.context = statement.context && typeof statement.context === "object" ? statement.context : {};
    statement.context.registration = launch.registration;
    if (outbox && !launch.preview) { handOver(statement); } else { enqueue(statement); }
  }

  function enqueue(statement) {
    if (queue.length >= MAX_QUEUE) queue.shift();
    queue.push(statement);
    flush();
  }

  function handOver(statement) {
    handed[statement.id] = setTimeout(function () {
      delete handed[statement.id];
      enqueue(statement);
    }, HAND_OVER_MS);
    window.parent.postMessage({ type: "tadrib:statement", statement: statement }, lmsOrigin);
  }

  /* The LMS page's outbox: it says it is there, keeps what it is handed, and how sending goes. */
  var STATES = { saving: ["saving", false], saved: ["saved", false], offline: ["kept", true], refused: ["refused", true] };
  window.addEventListener("message", function (event) {
    if (event.origin !== lmsOrigin || event.source !== window.parent || window.parent === window) return;
    var data = event.data;
    if (!data || typeof data !== "object") return;
    if (data.type === "tadrib:ready") {
      outbox = true;
    } else if (data.type === "tadrib:statement-stored" && typeof data.id === "string" && handed[data.id]) {
      clearTimeout(handed[data.id]);
      delete handed[data.id];
    } else if (data.type === "tadrib:status" && STATES[data.state] && launch && !launch.preview) {
      say(text(STATES[data.state][0]), STATES[data.state][1]);
    }
  });
  if (window.parent !== window && lmsOrigin) window.parent.postMessage({ type: "tadrib:hello" }, lmsOrigin);

  function retryLater() {
    retryDelay = Math.min(8000, retryDelay ? retryDelay * 2 : 500);
    clearTimeout(retryTimer);
    retryTimer = setTimeout(function () { flush(); }, retryDelay);
  }

  /* Sends the queue in order, one statement at a time (one refused never holds back the others). */
  function flush() {
    if (sending || refused || !queue.length) return;
    if (!navigator.onLine) { say(text("offline"), true); return; }
    sending = true;
    say(text("saving"));
    var statement = queue[0];
    fetch(endpoint + "statements", { method: "POST", headers: headers(true), credentials: "omit",
                                     body: JSON.stringify(statement) })
      .then(function (response) {
        sending = false;
        if (response.status === 401) { stop(); return; }
        if (response.ok || [400, 403, 409, 413].indexOf(response.status) >= 0) {
          // Stored, or refused for good (logged): either way it is not sent again.
          if (!response.ok) console.warn("tadrib: the LRS refused a statement", response.status);
          queue = queue.filter(function (s) { return s.id !== statement.id; });
          retryDelay = 0;
          if (queue.length) { flush(); } else { say(launch.preview ? text("preview") : text("saved")); }
        } else {
          say(text("offline"), true);
          retryLater();
        }
      })
      .catch(function () { sending = false; say(text("offline"), true); retryLater(); });
  }

  /* The page is closing: the browser sends what is left after us (an id stored twice is kept once). */
  function flushClosing() {
    if (refused || !queue.length) return;
    var batch = [], size = 2;
    for (var i = 0; i < queue.length; i++) {
      var length = JSON.stringify(queue[i]).length + 1;
      if (size + length > KEEPALIVE_BYTES / 2) break;  // half: the state document goes too
      batch.push(queue[i]);
      size += length;
    }
    if (!batch.length) return;
    try {
      fetch(endpoint + "statements", { method: "POST", headers: headers(true), credentials: "omit",
                                       body: JSON.stringify(batch), keepalive: true });
    } catch (e) { /* lost with the page */ }
  }

  /* The launch token expired or was ended (the attempt was reset): nothing more can be saved. */
  function stop() {
    refused = true;
    say(text("refused"), true);
  }

  // --- State --------------------------------------------------------------------------------

  function stateUrl() {
    var params = new URLSearchParams({ stateId: STATE_ID, activityId: launch.activity_id,
                                       agent: JSON.stringify(launch.actor), registration: launch.registration });
    return endpoint + "activities/state?" + params.toString();
  }

  /* The saved state as a string, null when there is none; rejects when it could not be read. */
  function readState() {
    if (launch.preview) return Promise.resolve(null);
    return fetch(stateUrl(), { headers: headers(false), credentials: "omit" }).then(function (response) {
      if (response.status === 404) return null;
      if (!response.ok) throw new Error(String(response.status));
      return response.text();
    });
  }

  function instance() {
    // h5p-standalone runs the content in a frame of its own, on this origin; H5P's instances live there.
    var frame = stage.querySelector("iframe.h5p-iframe");
    var inner = null;
    try { inner = frame && frame.contentWindow && frame.contentWindow.H5P; } catch (e) { inner = null; }
    var instances = (inner && inner.instances) || (window.H5P && window.H5P.instances) || [];
    return instances[0] || null;
  }

  function currentState() {
    var content = instance();
    if (!content || typeof content.getCurrentState !== "function") return null;
    try {
      var state = content.getCurrentState();
      return state === undefined ? null : JSON.stringify(state);
    } catch (e) { return null; }
  }

  /* True once the content runs. Its state then is the one to compare with (unless the trainee
   * already did something): opening a lesson writes nothing, so never an empty state over a saved
   * one that could not be read. */
  function contentReady() {
    if (ready) return true;
    if (!instance()) return false;
    ready = true;
    if (lastSaved === null && !spoken) lastSaved = currentState();
    return true;
  }

  /* Writes the state when it differs from what was saved (or restored, or the content began with). */
  function saveState(closing) {
    if (!launch || launch.preview || refused || !contentReady()) return;
    var state = currentState();
    if (state === null || state === lastSaved) return;
    if (savingState && !closing) return;
    var options = { method: "PUT", headers: headers(true), credentials: "omit", body: state };
    if (closing) {
      if (state.length < KEEPALIVE_BYTES / 2) {
        options.keepalive = true;
        try { fetch(stateUrl(), options); } catch (e) { /* lost with the page */ }
      }
      return;
    }
    savingState = true;
    fetch(stateUrl(), options)
      .then(function (response) {
        savingState = false;
        if (response.status === 401) { stop(); return; }
        if (response.ok) { lastSaved = state; }
        // A failure is tried again by the next save: lastSaved still differs.
      })
      .catch(function () { savingState = false; });
  }

  // --- Start --------------------------------------------------------------------------------

  function play(previous) {
    var options = {
      id: "tadrib",
      h5pJsonPath: launch.files.replace(/\/+$/, ""),
      frameJs: root.dataset.frameJs,
      frameCss: root.dataset.frameCss,
      xAPIObjectIRI: launch.activity_id,
      frame: false, copyright: false, export: false, embed: false, icon: false,
      // H5P core hands the previous state to the content only when saving is on; it saves into
      // H5PIntegration alone (no user, no AJAX URL), and this page writes it to the LRS.
      saveFreq: SAVE_SECONDS,
      assetsRequestFetchOptions: { credentials: "omit" }
    };
    if (previous) {
      // H5P core reads contentUserData[subContentId].state; the documented form is kept beside it.
      options.contentUserData = [{ dataType: "state", previousState: previous, subContentId: "*", state: previous }];
      lastSaved = previous;
    }
    return new window.H5PStandalone.H5P(stage, options).then(function () {
      window.H5P.externalDispatcher.on("xAPI", function (event) {
        spoken = true;
        record(event);
        saveState();
      });
      // The content starts in h5p-standalone's frame a moment after this promise.
      var waiting = setInterval(function () { if (contentReady()) clearInterval(waiting); }, 100);
      say(launch.preview ? text("preview") : "");
      setInterval(function () { saveState(); flush(); }, SAVE_SECONDS * 1000);
    });
  }

  var tries = 0;

  function start() {
    say(text("loading"));
    fetch(root.dataset.apiLaunch, { headers: { "Authorization": "Bearer " + token }, credentials: "omit" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (data.kind !== "h5p" || !data.files || !data.endpoint) throw new Error("not an H5P launch");
        launch = data;
        endpoint = data.endpoint.replace(/\/?$/, "/");
        return readState();
      })
      .then(function (previous) { return play(previous); })
      .catch(function () {
        // A mobile link that drops, or a server busy for a moment: try again a few times. Nothing
        // plays before the saved state is read, so a failed read never starts the lesson afresh.
        say(text("error"), true);
        if (tries < 5 && !stage.childElementCount) {
          tries += 1;
          setTimeout(start, 2000 * tries);
        }
      });
  }

  window.addEventListener("online", function () { retryDelay = 0; flush(); saveState(); });
  window.addEventListener("offline", function () { say(text("offline"), true); });
  window.addEventListener("pagehide", function () {
    if (!launch) return;
    flushClosing();
    saveState(true);
  });

  start();
})();
