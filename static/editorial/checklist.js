// The pre-publish checklist on a story's page: as the story is written, the form's unsaved
// data is posted (debounced) to the checklist endpoint, which writes nothing and answers
// with each item's state; the panel is redrawn from it. "Publish anyway" is sent with the
// publish and schedule moves (their forms are separate from the panel).
"use strict";
(function () {
  const panel = document.querySelector(".desk-checklist");
  const form = document.getElementById("article_form");
  if (!panel || !form) return;

  const list = panel.querySelector(".checklist-items");
  const summary = panel.querySelector(".checklist-summary");
  const override = panel.querySelector("input[name=override]");
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]")?.value;
  let timer;
  let latest = 0;

  function item(data) {
    const li = document.createElement("li");
    li.className = `checklist-item checklist-${data.state} checklist-level-${data.level}`;
    li.dataset.key = data.key;
    const part = (tag, cls, text) => Object.assign(document.createElement(tag), { className: cls, textContent: text });
    li.append(part("span", "checklist-state", data.state_label), " ",
      part("strong", "checklist-label", data.label), " ",
      part("span", "checklist-message", data.message), " ",
      part("span", "checklist-level", data.level_label));
    return li;
  }

  function render(data) {
    list.replaceChildren(...data.items.map(item));
    summary.textContent = data.summary;
    if (override) override.closest("label").hidden = data.warnings === 0;
  }

  async function refresh() {
    const mine = ++latest;
    try {
      const response = await fetch(panel.dataset.url, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "X-CSRFToken": csrf },
      });
      if (!response.ok || mine !== latest) return;  // an older answer never overwrites a newer one
      render(await response.json());
    } catch (error) {
      // Offline for a moment: the next change asks again.
    }
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 500);
  }

  form.addEventListener("input", soon);
  // jQuery's "change" also hears the native event, and the admin's autocompletes (section,
  // tags, lead image) announce theirs through jQuery only: one listener for both.
  if (window.django && window.django.jQuery) window.django.jQuery(form).on("change", soon);
  else form.addEventListener("change", soon);
  // The body editor writes the textarea after its own input event: ask again once it has.
  document.addEventListener("prose-editor:ready", soon);
  refresh();

  for (const moveForm of document.querySelectorAll(".desk-move-publish, .desk-move-schedule")) {
    moveForm.addEventListener("submit", () => {
      moveForm.querySelector("input[name=override]")?.remove();
      if (override && override.checked) {
        moveForm.append(Object.assign(document.createElement("input"), { type: "hidden", name: "override", value: "1" }));
      }
    });
  }
})();
