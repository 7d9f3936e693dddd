/* The LMS page of a cmi5, Tin Can or H5P lesson. When the lesson's end page (on the content origin)
 * says the lesson ended, the status line and the contents are asked again from this origin (they
 * no longer say "Started"); when it asks to go back, this page goes to My learning. Only a message
 * from the player frame on the content origin is heard, and it carries no address and no markup:
 * where to go and what to show are this page's to decide. */
(function () {
  "use strict";
  var frame = document.getElementById("player-frame");
  if (!frame || !frame.dataset.contentOrigin) return;
  var refreshed = false;
  var tries = 0;

  /* The AU's last statements may still be on their way when its end page says it ended, and a
   * mobile link may drop the request: a status line that still reads as before, or could not be
   * fetched, is asked for again, a little later each time. */
  function askAgain() {
    refreshed = false;
    if (tries < 6) setTimeout(refresh, 1000 * tries);
  }

  function refresh() {
    if (refreshed || !frame.dataset.statusUrl) return;
    refreshed = true;
    tries += 1;
    fetch(frame.dataset.statusUrl, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var before = document.getElementById("lesson-status-line");
        var after = fresh.getElementById("lesson-status-line");
        var unchanged = before && after && before.textContent.trim() === after.textContent.trim();
        ["lesson-status-line", "lesson-parts"].forEach(function (id) {
          var now = document.getElementById(id), then = fresh.getElementById(id);
          if (now && then) now.replaceWith(document.importNode(then, true));
        });
        if (unchanged) askAgain();
      })
      .catch(askAgain);
  }

  window.addEventListener("message", function (event) {
    if (event.origin !== frame.dataset.contentOrigin || event.source !== frame.contentWindow) return;
    if (!event.data) return;
    if (event.data.type === "tadrib:ended") refresh();
    if (event.data.type === "tadrib:closed") window.location.assign(frame.dataset.closedUrl);
  });
})();
