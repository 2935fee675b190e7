// Django's date and time pickers warn "Enter times in the Asia/Baghdad timezone" when the
// browser's clock is elsewhere; the desk names the zone in words ("بتوقيت بغداد"), given by
// this script's data-zone. Runs (deferred) before the pickers, which start on window load.
"use strict";
(function () {
  const zone = document.currentScript && document.currentScript.dataset.zone;
  if (zone) document.body.dataset.adminServerTimezone = zone;
})();
