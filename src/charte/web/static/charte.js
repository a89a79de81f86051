// Charte's only script (docs/web.md): no framework, no build step, no inline script anywhere.
// 1. Work kept across an expired session: forms marked data-keep="name" are saved in sessionStorage when
//    sent; if the server answers with the sign-in page (session expired), the copy is kept and put back in
//    the same form once the person has signed in again.
// 2. Live parts: a form with data-live-url="/path" and data-live-target="#id" posts itself there (debounced,
//    data-live-delay ms) as the person types, and the HTML fragment answered replaces the target's content.
// 3. data-confirm="question" on a form asks before sending it.
// 4. A select with data-variables-for="id" shows, in the element of that id, only the [data-variable] fields
//    its chosen option names in data-variables (a saved reply's variables); without script all are shown.
"use strict";
(function () {
  var PENDING = "charte.pending";
  var KEPT = "charte.kept.";
  var SKIP = { password: 1, hidden: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function store() {
    try { return window.sessionStorage; } catch (e) { return null; }  // storage disabled: nothing is kept
  }

  function fieldsOf(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || SKIP[el.type]) return;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) return;
      out[el.name] = el.value;
    });
    return out;
  }

  function restore(form, fields) {
    Object.keys(fields).forEach(function (name) {
      var el = form.elements.namedItem(name);
      if (el && !SKIP[el.type] && el.tagName) {
        el.value = fields[name];
        el.dispatchEvent(new Event("input", { bubbles: true }));  // live parts re-check the text
      }
    });
  }

  function keepWork() {
    var s = store();
    if (!s) return;
    var pending = s.getItem(PENDING);
    s.removeItem(PENDING);
    if (pending && document.body.dataset.sessionExpired === "1") {
      try {
        var item = JSON.parse(pending);
        s.setItem(KEPT + item.key, JSON.stringify(item.fields));
      } catch (e) { /* a damaged copy: nothing to keep */ }
    }
    document.querySelectorAll("form[data-keep]").forEach(function (form) {
      var key = KEPT + form.dataset.keep;
      var kept = s.getItem(key);
      if (kept) {
        s.removeItem(key);
        try { restore(form, JSON.parse(kept)); } catch (e) { return; }
        var notice = document.getElementById("kept-notice");
        if (notice) notice.hidden = false;
      }
      form.addEventListener("submit", function () {
        s.setItem(PENDING, JSON.stringify({ key: form.dataset.keep, fields: fieldsOf(form) }));
      });
    });
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }

  function live(form) {
    var target = document.querySelector(form.dataset.liveTarget);
    if (!target) return;
    var delay = parseInt(form.dataset.liveDelay || "250", 10);
    var timer = null;
    var inFlight = null;
    function send() {
      if (inFlight) inFlight.abort();
      inFlight = new AbortController();
      fetch(form.dataset.liveUrl, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-CSRF-Token": csrfToken(form), "X-Charte-Live": "1" },
        credentials: "same-origin",
        signal: inFlight.signal,
      }).then(function (response) {
        if (!response.ok || response.redirected) return null;  // signed out: the form's own submit will say so
        return response.text();
      }).then(function (html) {
        if (html !== null) {
          target.innerHTML = html;  // a fragment rendered by Charte's templates (autoescaped)
          target.dispatchEvent(new CustomEvent("charte:updated", { bubbles: true }));
        }
      }).catch(function () { /* aborted by newer typing, or offline: the next keystroke retries */ });
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(send, delay);
    });
  }

  function confirmations() {
    document.querySelectorAll("form[data-confirm]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    });
  }

  function variableFields(select) {
    var box = document.getElementById(select.dataset.variablesFor);
    if (!box) return;
    function show() {
      var option = select.options[select.selectedIndex];
      var wanted = ((option && option.dataset.variables) || "").split(" ");
      var any = false;
      box.querySelectorAll("[data-variable]").forEach(function (field) {
        var needed = wanted.indexOf(field.dataset.variable) >= 0 || field.classList.contains("has-error");
        field.hidden = !needed;
        any = any || needed;
      });
      box.hidden = !any;
    }
    select.addEventListener("change", show);
    show();
  }

  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    keepWork();
    document.querySelectorAll("form[data-live-url]").forEach(live);
    confirmations();
    document.querySelectorAll("select[data-variables-for]").forEach(variableFields);
    focusErrors();
  });
})();
