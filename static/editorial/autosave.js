// Autosave on a story's change or add page (editorial/autosave.py keeps the working copy):
// - a few seconds after typing stops (and at least every 10 s while it goes on) the form's
//   fields are posted as this person's working copy; "saved at HH:MM" near the save buttons;
// - leaving the page with changes the story has not saved asks first (not after a save);
// - a working copy newer than the last save is offered: Restore fills the form (the body
//   editor too) and keeps the copy's base version, so a save after someone else's is refused.
"use strict";
(function () {
  const root = document.querySelector(".desk-autosave");
  const form = document.getElementById("article_form");
  if (!root || !form) return;

  const QUIET_MS = 3000; // after the last change
  const MAX_WAIT_MS = 10000; // while typing goes on
  const RETRY_MS = 10000; // after a failed request
  const NOT_KEPT = new Set(["csrfmiddlewaretoken", "edit_version", "_save", "_continue", "_addanother", "_saveasnew"]);
  const gettext = window.gettext || ((s) => s);
  const interpolate = window.interpolate || ((fmt, obj) => fmt.replace(/%\((\w+)\)s/g, (_, k) => obj[k]));
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]")?.value;
  const status = root.querySelector(".desk-autosave-status");
  const notice = root.querySelector(".desk-autosave-notice");

  // The status line goes next to the save buttons at the foot of the form.
  const submitRow = form.querySelectorAll(".submit-row");
  if (submitRow.length) submitRow[submitRow.length - 1].prepend(status);

  function kept(element) {
    const name = element.name;
    if (!name || element.disabled || NOT_KEPT.has(name) || /-(TOTAL|INITIAL|MIN_NUM|MAX_NUM)_FORMS$/.test(name)) return false;
    if (name.includes("__prefix__")) return false; // the inline's hidden template row
    return !["file", "submit", "button", "reset", "image"].includes(element.type);
  }

  // The form as it would be posted: {name: value or [values]}, plus the labels of chosen
  // options (autocomplete selects only hold the options that are chosen).
  function serialize() {
    const fields = {};
    const labels = {};
    const add = (name, value) => {
      if (!(name in fields)) fields[name] = value;
      else fields[name] = [].concat(fields[name], value);
    };
    for (const element of form.elements) {
      if (!kept(element)) continue;
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) add(element.name, element.value);
      } else if (element.tagName === "SELECT") {
        const chosen = [...element.selectedOptions];
        for (const option of chosen) {
          (labels[element.name] ||= {})[option.value] = option.textContent.trim();
        }
        if (element.multiple) add(element.name, chosen.map((option) => option.value));
        else add(element.name, chosen.length ? chosen[0].value : "");
      } else {
        add(element.name, element.value);
      }
    }
    return { fields, labels };
  }

  function baseVersion() {
    const input = form.querySelector("input[name=edit_version]");
    return input && input.value ? Number(input.value) : null;
  }

  const initial = JSON.stringify(serialize());
  let lastSent = initial;
  let submitting = false;
  let paused = Boolean(notice); // until the offered copy is restored or discarded
  let quietTimer = null;
  let maxTimer = null;
  let inFlight = false;

  function say(text, kind) {
    status.textContent = text;
    status.dataset.state = kind || "";
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Content-Type": "application/json" },
      body,
    });
  }

  function clearTimers() {
    clearTimeout(quietTimer);
    clearTimeout(maxTimer);
    quietTimer = maxTimer = null;
  }

  function changed() {
    if (submitting) return;
    if (paused) {
      say(gettext("Autosave waits until you restore or discard the working copy above."), "paused");
      return;
    }
    clearTimeout(quietTimer);
    quietTimer = setTimeout(save, QUIET_MS);
    if (!maxTimer) maxTimer = setTimeout(save, MAX_WAIT_MS);
  }

  async function save() {
    clearTimers();
    if (submitting || paused) return;
    if (inFlight) {
      quietTimer = setTimeout(save, QUIET_MS);
      return;
    }
    const snapshot = serialize();
    const state = JSON.stringify(snapshot);
    if (state === lastSent) return;
    inFlight = true;
    try {
      const response = await post(root.dataset.saveUrl, JSON.stringify({ ...snapshot, base_version: baseVersion() }));
      const data = await response.json().catch(() => ({}));
      if (submitting) return;
      if (response.ok) {
        lastSent = state;
        say(interpolate(gettext("Working copy saved at %(time)s"), { time: data.saved_at }, true), "saved");
      } else {
        // Refused (someone else has the story, no longer yours to edit, too long…): say
        // why; the next change tries again.
        say(data.error || gettext("Not autosaved."), "refused");
      }
    } catch (error) {
      say(gettext("Not autosaved: the connection failed. Trying again shortly."), "refused");
      maxTimer = setTimeout(save, RETRY_MS);
    } finally {
      inFlight = false;
    }
  }

  form.addEventListener("input", changed);
  // jQuery's "change" also hears the native event, and autocomplete selects (select2)
  // announce theirs through jQuery only: one listener for both.
  if (window.django && window.django.jQuery) window.django.jQuery(form).on("change", changed);
  else form.addEventListener("change", changed);

  form.addEventListener("submit", () => {
    submitting = true;
    clearTimers();
  });

  window.addEventListener("beforeunload", (event) => {
    if (submitting || JSON.stringify(serialize()) === initial) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // --- the offered working copy ---

  function bodyEditor(textarea) {
    // prose-editor wraps the textarea; tiptap hangs its Editor on the editing surface.
    return textarea.closest(".prose-editor")?.querySelector(".ProseMirror")?.editor || null;
  }

  function restoreSelect(select, values, labels) {
    for (const value of values) {
      if (value !== "" && ![...select.options].some((option) => option.value === value)) {
        select.add(new Option(labels[value] || value, value));
      }
    }
    for (const option of select.options) option.selected = values.includes(option.value);
    if (window.django && window.django.jQuery) window.django.jQuery(select).trigger("change");
  }

  // Byline rows added with "Add another" after the page loaded: add as many again.
  function addInlineRows(fields) {
    for (const total of form.querySelectorAll("input[name$='-TOTAL_FORMS']")) {
      const prefix = total.name.slice(0, -"-TOTAL_FORMS".length);
      const rows = Object.keys(fields)
        .filter((name) => name.startsWith(`${prefix}-`))
        .map((name) => Number(name.slice(prefix.length + 1).split("-")[0]))
        .filter(Number.isInteger);
      const needed = rows.length ? Math.max(...rows) + 1 : 0;
      const add = document.querySelector(`#${CSS.escape(prefix)}-group .add-row a`);
      while (add && Number(total.value) < needed) {
        const before = total.value;
        add.click();
        if (total.value === before) break; // the inline's maximum
      }
    }
  }

  function restore(copy) {
    const fields = copy.fields || {};
    const labels = copy.labels || {};
    addInlineRows(fields);
    const seen = new Map(); // name -> how many same-named elements were filled
    for (const element of form.elements) {
      if (!kept(element)) continue;
      const name = element.name;
      const values = [].concat(name in fields ? fields[name] : []);
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.includes(element.value);
      } else if (element.tagName === "SELECT") {
        if (name in fields) restoreSelect(element, values, labels[name] || {});
      } else if (name in fields) {
        const index = seen.get(name) || 0;
        seen.set(name, index + 1);
        const value = values[index] ?? "";
        const editor = element.tagName === "TEXTAREA" ? bodyEditor(element) : null;
        element.value = value;
        if (editor) editor.commands.setContent(value);
      }
    }
    // The copy's base version, not the page's: if someone saved after it, the save is
    // refused by the stale-version check rather than overwriting them.
    const version = form.querySelector("input[name=edit_version]");
    if (version && copy.base_version) version.value = String(copy.base_version);
    lastSent = JSON.stringify(serialize());
  }

  if (notice) {
    const copy = JSON.parse(document.getElementById("desk-autosave-copy").textContent);
    notice.querySelector(".desk-autosave-restore").addEventListener("click", () => {
      paused = false;
      restore(copy);
      notice.remove();
      say(gettext("Working copy restored. Save the story to keep it."), "restored");
    });
    notice.querySelector(".desk-autosave-discard").addEventListener("click", async () => {
      try {
        const response = await post(root.dataset.discardUrl, "{}");
        if (!response.ok) throw new Error(String(response.status));
        notice.remove();
        paused = false;
        say(gettext("Working copy discarded."), "discarded");
      } catch (error) {
        say(gettext("The working copy could not be discarded. Try again."), "refused");
      }
    });
  }
})();
