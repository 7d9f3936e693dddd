/* The end page of a cmi5 lesson (its returnURL), on the content origin. Framed, it tells the LMS page
 * that the lesson ended (which then shows where the trainee stands), and "Back to My learning" asks
 * that page to go there: the page may not navigate the LMS tab itself (the player frame is
 * sandboxed without top navigation). Opened in a window of its own, the link works. */
(function () {
  "use strict";
  var back = document.getElementById("back");
  if (!back || window.parent === window) return;
  window.parent.postMessage({ type: "tadrib:ended" }, back.dataset.lmsOrigin);
  back.addEventListener("click", function (event) {
    event.preventDefault();
    window.parent.postMessage({ type: "tadrib:closed" }, back.dataset.lmsOrigin);
  });
})();
