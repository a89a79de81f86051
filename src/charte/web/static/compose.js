// The composer (docs/web.md, "Compose"): the words at fault highlighted in place, and fixes in one click.
// The check itself comes from the server (charte.js's live forms post the text to /compose/check and put the
// answer in #check); this file only
// 1. copies the highlighted copy of the checked text (.mirror-source, autoescaped by the server) into the
//    backdrop drawn under the transparent textarea, when the text is still the one checked;
// 2. applies a fix: its button carries the whole post with the fix applied (data-fixed-text); the textarea
//    takes it only if the text has not changed since that check, then the form is checked again.
"use strict";
(function () {
  function parts() {
    var text = document.getElementById("f-text");
    var backdrop = document.querySelector(".compose-backdrop");
    return { text: text, backdrop: backdrop, source: document.querySelector("#check .mirror-source") };
  }

  function sync() {
    var p = parts();
    if (!p.text || !p.backdrop) return;
    if (p.source && p.source.textContent === p.text.value) {
      p.backdrop.innerHTML = p.source.innerHTML;  // the server's fragment: its text is autoescaped
    } else {
      p.backdrop.textContent = p.text.value;  // not checked yet: no highlight rather than a misplaced one
    }
    p.backdrop.appendChild(document.createTextNode("\n"));  // a last empty line keeps the heights equal
    p.backdrop.scrollTop = p.text.scrollTop;
  }

  function applyFix(button) {
    var p = parts();
    if (!p.text || !p.source) return;
    var status = document.getElementById("fix-status");
    if (p.source.textContent !== p.text.value) {
      if (status) status.textContent = status.dataset.stale || "";
      return;
    }
    p.text.value = button.dataset.fixedText;
    p.text.dispatchEvent(new Event("input", { bubbles: true }));  // check the fixed text
    sync();
    p.text.focus();
    if (status) status.textContent = status.dataset.done || "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    var p = parts();
    if (!p.text || !p.backdrop) return;
    p.text.addEventListener("input", sync);
    p.text.addEventListener("scroll", function () { p.backdrop.scrollTop = p.text.scrollTop; });
    document.addEventListener("charte:updated", sync);
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button.fix[data-fixed-text]") : null;
      if (button) applyFix(button);
    });
    sync();
    if (p.text.value.trim()) p.text.dispatchEvent(new Event("input", { bubbles: true }));  // check a reopened draft
  });
})();
