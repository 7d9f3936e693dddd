/* "Back to My learning" at the end of a cmi5 lesson, on the content origin. Framed, the page may not
 * navigate the LMS tab (the player frame is sandboxed without top navigation): it asks the LMS page
 * that frames it, which goes to My learning itself. Opened in a window of its own, the link works. */
(function () {
  "use strict";
  var back = document.getElementById("back");
  if (!back || window.parent === window) return;
  back.addEventListener("click", function (event) {
    event.preventDefault();
    window.parent.postMessage({ type: "tadrib:closed" }, back.dataset.lmsOrigin);
  });
})();
