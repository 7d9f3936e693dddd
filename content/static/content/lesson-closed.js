/* The LMS page of a cmi5, Tin Can or H5P lesson: when the lesson's end page (on the content origin)
 * asks to go back, this page goes to My learning. Only a message from the player frame on the
 * content origin is heard, and it carries no address: where to go is this page's to decide. */
(function () {
  "use strict";
  var frame = document.getElementById("player-frame");
  if (!frame || !frame.dataset.contentOrigin) return;
  window.addEventListener("message", function (event) {
    if (event.origin !== frame.dataset.contentOrigin || event.source !== frame.contentWindow) return;
    if (event.data && event.data.type === "tadrib:closed") window.location.assign(frame.dataset.closedUrl);
  });
})();
