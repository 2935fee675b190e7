// Counts one view of the story this page shows (public/mostread.py): a bodiless POST that no
// cache stores, sent without delaying the page. Reading never depends on it.
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-hit");
  if (url && navigator.sendBeacon) {
    navigator.sendBeacon(url);
  }
})();
