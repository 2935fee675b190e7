// The desk panel on an article's edit page:
// - it tells the server this page is open (then beats), and shows who else has it open;
// - the schedule button says what it will do ("جدولة للنشر في 14:00 بتوقيت بغداد").
"use strict";
(function () {
  const panel = document.querySelector(".desk-panel");
  if (!panel) return;

  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]")?.value;
  const box = panel.querySelector(".desk-editing");
  const gettext = window.gettext || ((s) => s);
  const interpolate = window.interpolate || ((fmt, obj) => fmt.replace(/%\((\w+)\)s/g, (_, k) => obj[k]));

  // The page is announced at once (the GET that drew it writes nothing), then every few
  // seconds; a page that became read-only for this user says it is no longer editing.
  let timer;
  function post(url) {
    return fetch(url, { method: "POST", headers: { "X-CSRFToken": csrf }, credentials: "same-origin" });
  }
  async function beat(url) {
    try {
      const response = await post(url);
      // 403: this user may no longer edit the story (submitted, or it left their hands);
      // the page is read-only, so stop announcing it instead of failing every few seconds.
      if (response.status === 403) { clearInterval(timer); return; }
      if (!response.ok) return;
      const data = await response.json();
      const lines = data.others.map((o) =>
        interpolate(gettext("%(who)s has been editing this since %(since)s."), { who: o.name, since: o.since }, true));
      if (data.taken_over_by) {
        lines.unshift(interpolate(gettext("%(who)s has taken over this story. Copy your changes before saving."), { who: data.taken_over_by }, true));
      }
      box.replaceChildren(...lines.map((text) => Object.assign(document.createElement("p"), { textContent: text })));
    } catch (error) {
      // Offline for a moment: the next beat will tell.
    }
  }
  if (panel.dataset.openUrl) {
    beat(panel.dataset.openUrl);
    timer = setInterval(() => beat(panel.dataset.heartbeatUrl), Number(panel.dataset.heartbeatSeconds || 20) * 1000);
  } else if (panel.dataset.leaveUrl) {
    post(panel.dataset.leaveUrl).catch(() => {});
  }

  // The schedule form's time box (the clock's quick links set it, then focus it).
  for (const input of panel.querySelectorAll("input[name=at_1]")) {
    const button = input.form.querySelector("button[data-label-template]");
    const original = button.textContent;
    const show = () => {
      const time = input.value.trim();
      button.textContent = time ? button.dataset.labelTemplate.replace("TIME", time) : original;
    };
    for (const event of ["input", "change", "focus"]) input.addEventListener(event, show);
  }
})();
