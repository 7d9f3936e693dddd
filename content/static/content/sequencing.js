/* SCORM 2004 navigation in the player frame. The server's sequencing engine decides (ADR 0018):
 * every request (start or resume, Next, Previous, a part chosen from the contents, or the SCO's own
 * adl.nav.request) is posted with the commit that ends the current part, and the answer says which
 * part to show, or that the lesson ended, and what may be offered now and why not. */
(function () {
  "use strict";

  window.tadribSequencing = function (env) {
    var offer = { "continue": "notStarted", "previous": "notStarted", choice: {} };
    var busy = false;

    function why(code) { return code ? (env.text("why-" + code) || env.text("why-nothing")) : ""; }

    /* Posts a body; a 401 (the launch token ran out during an outage) has the token renewed by
     * the LMS page and the same body sent once more: the same commit, with the same sequence, so
     * the server stores it once. answered(answer or null, why-not) */
    function post(body, answered, renewed) {
      fetch(env.url, { method: "POST", headers: env.headers(), body: JSON.stringify(body), credentials: "omit" })
        .then(function (response) {
          if (response.status === 401 && !renewed) {
            env.renew(function (state) {
              if (state === "fresh") { post(body, answered, true); } else { answered(null, state); }
            });
            return null;
          }
          if (!response.ok) throw new Error(String(response.status));
          return response.json().then(function (answer) { return { answer: answer }; });
        })
        .then(function (got) { if (got) answered(got.answer, ""); }, function () { answered(null, "failed"); });
    }

    function request(name, target) {
      if (busy) return;
      if (!navigator.onLine) { env.say(env.text("nav-offline"), true); return; }
      busy = true;
      post({ request: name, target: target || "", commit: env.finish() }, function (answer, failure) {
        busy = false;
        if (!answer) { env.say(env.text(failure === "refused" ? "reopen" : "nav-offline"), true); return; }
        offer = answer.offer || offer;
        if (answer.ended) { env.end(answer.reason); }
        else if (answer.refused) { env.say(why(answer.refused)); }
        else if (answer.deliver) { env.deliver(answer.deliver, answer.start); }
        env.draw();
      });
    }

    /* After a commit: the server records it and says what may be offered now (a part passed
     * opens the next one). Skipped while a request is under way: its answer will say it. */
    var lookTimer = null;
    function look() {
      clearTimeout(lookTimer);
      lookTimer = setTimeout(function () {
        if (busy || !navigator.onLine) return;
        post({ request: "look", commit: env.latest() }, function (answer) {
          // Without an answer, the next commit or request tries again.
          if (answer && !busy) { offer = answer.offer || offer; env.draw(); }
        });
      }, 500);
    }

    return {
      request: request,
      look: look,
      /* What the SCO asked for when it terminated (adl.nav.request). */
      afterTerminate: function (asked) {
        var choice = /^\{target=(.+)\}(choice|jump)$/.exec(asked);
        if (choice) { request("choice", choice[1]); return; }
        var names = { "continue": "continue", previous: "previous", exit: "exit", exitAll: "exitAll",
                      suspendAll: "suspendAll", abandon: "exit", abandonAll: "exitAll" };
        if (names[asked]) request(names[asked]);
      },
      choice: function (item) { return offer.choice[item.identifier] || { refused: "nothing" }; },
      refusal: function (direction) { return offer[direction]; },
      why: why
    };
  };
})();
