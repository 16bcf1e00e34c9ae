// Theme toggle (system -> light -> dark) and the BibTeX copy button. No dependencies.
(function () {
  "use strict";
  var root = document.documentElement, KEY = "theme", ORDER = ["system", "light", "dark"];

  function stored() {
    try { return localStorage.getItem(KEY) || "system"; } catch (e) { return "system"; }
  }
  function store(choice) {
    try {
      if (choice === "system") localStorage.removeItem(KEY); else localStorage.setItem(KEY, choice);
    } catch (e) { /* private mode: the choice lasts for this page only */ }
  }
  function apply(choice, button) {
    if (choice === "system") delete root.dataset.theme; else root.dataset.theme = choice;
    if (!button) return;
    button.querySelector(".theme-label").textContent = choice.charAt(0).toUpperCase() + choice.slice(1);
    button.setAttribute("aria-label", "Colour theme: " + choice + " (change)");
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggle = document.querySelector(".theme-toggle");
    if (toggle) {
      toggle.hidden = false;
      apply(stored(), toggle);
      toggle.addEventListener("click", function () {
        var next = ORDER[(ORDER.indexOf(stored()) + 1) % ORDER.length];
        store(next);
        apply(next, toggle);
      });
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyText(source.textContent).then(function () {
          if (status) status.textContent = "Copied to clipboard";
        }, function () {
          if (status) status.textContent = "Select the text and press Ctrl+C";
        });
        if (status) setTimeout(function () { status.textContent = ""; }, 2500);
      });
    });
  });
})();
