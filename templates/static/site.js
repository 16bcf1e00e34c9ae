// On every page: the theme toggle (system -> light -> dark), the BibTeX copy button and the
// "/" key to the search box. No dependencies. (The search panel's own code, search.js and
// search-text.js, is loaded only by the pages that have it: templates/_search.html.)
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
    return new Promise(function (resolve, reject) {  // plain http (a lab server): no clipboard API
      var focused = document.activeElement, area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (focused && focused.focus) focused.focus({ preventScroll: true });  // a keyboard user stays on the button
      if (ok) resolve(); else reject();
    });
  }

  // A paper's BibTeX entry from its citation_* tags: catalog/render/bibtex.py's entry(),
  // character for character (tests/test_bibtex_browser.py compares them).
  var SPECIALS = { "\\": "\\textbackslash{}", "{": "\\textbraceleft{}", "}": "\\textbraceright{}", "%": "\\%", "&": "\\&", "$": "\\$",
                   "#": "\\#", "_": "\\_", "^": "\\^{}", "~": "\\~{}" };
  var URL_SAFE = /[A-Za-z0-9_.\-~:\/?=&+@!,;()*'%#]/;
  function latex(text) {
    return text.replace(/[\x00-\x1f\x7f]+/g, " ").replace(/[\\{}%&$#_^~]/g, function (c) { return SPECIALS[c]; });
  }
  // catalog/tex.py's PATTERN and delimited(): where a title's TeX math is, and a %, & or # in it
  // not yet escaped. Made at run time, not written as literals: a lookbehind is a syntax error in
  // browsers without it (Safari before 16.4), which would stop this whole file (the header's
  // controls too); there, a title's math is escaped as text.
  var MATH = null, UNESCAPED = null;
  try {
    MATH = new RegExp(String.raw`\$(?<![\\$]\$)(?:\$([^$]+?)\$\$|([^\s$](?:[^$]*?[^\s\\$])?)\$(?!\$))|\\\((.+?)\\\)`, "g");
    UNESCAPED = new RegExp(String.raw`(?<!\\)([%&#])`, "g");
  } catch (e) { /* no lookbehind */ }
  function balanced(math) {
    var depth = 0;
    for (var i = 0; i < math.length && depth >= 0; i++) depth += math[i] === "{" ? 1 : math[i] === "}" ? -1 : 0;
    return depth === 0;
  }
  function latexText(text) {  // bibtex.py's latex_text(): escaped, but TeX math kept as math
    if (!MATH) return latex(text);
    var out = "", position = 0;
    text.replace(MATH, function (math, block, inline, paren, offset) {
      var digitAfter = /\d/.test(text.charAt(offset + math.length));
      if ((inline !== undefined && digitAfter && !/[\\^_{]/.test(inline)) || !balanced(math)) return math;
      out += latex(text.slice(position, offset)) + math.replace(/[\x00-\x1f\x7f]+/g, " ").replace(UNESCAPED, "\\$1");
      position = offset + math.length;
      return math;
    });
    return out + latex(text.slice(position));
  }
  function verbatim(text) {  // bibtex.py's verbatim(): the doi as written, but for \ { }
    return text.replace(/[\x00-\x1f\x7f]+/g, " ").replace(/[\\{}]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
  }
  function quoteUrl(url) {  // Python's urllib.parse.quote with bibtex.py's safe characters
    var out = "";
    new TextEncoder().encode(url).forEach(function (byte) {
      var c = String.fromCharCode(byte);
      out += byte < 128 && URL_SAFE.test(c) ? c : "%" + (byte < 16 ? "0" : "") + byte.toString(16).toUpperCase();
    });
    return out;
  }
  function bibtex(source) {  // source: the Cite section's <code> naming the key
    function tags(name) {
      return Array.prototype.map.call(document.querySelectorAll('meta[name="' + name + '"]'), function (m) { return m.content; });
    }
    function tag(name) { return tags(name)[0]; }
    var venue = tag("citation_conference_title"), journal = tag("citation_journal_title");
    var eprint = source.getAttribute("data-eprint") || tag("citation_arxiv_id"), date = tag("citation_publication_date");
    var fields = [["title", "{" + latexText(tag("citation_title") || "") + "}"]];
    var names = tags("citation_author").map(function (a) { var e = latex(a); return /\sand\s/.test(a) ? "{" + e + "}" : e; });
    if (names.length && source.hasAttribute("data-others")) names.push("others");
    if (names.length) fields.push(["author", names.join(" and ")]);
    if (venue) fields.push(["booktitle", latex(venue)]);
    if (journal) fields.push(["journal", latex(journal)]);
    if (date) fields.push(["year", date.slice(0, 4)]);
    if (tag("citation_doi")) fields.push(["doi", verbatim(tag("citation_doi"))]);
    var canonical = document.querySelector('link[rel="canonical"]'), url = canonical ? canonical.getAttribute("href") : "";
    if (eprint) {
      fields.push(["eprint", latex(eprint)], ["archivePrefix", "arXiv"]);
      url = "https://arxiv.org/abs/" + eprint;
    }
    if (url) fields.push(["url", quoteUrl(url)]);
    var kind = venue ? "inproceedings" : journal ? "article" : "misc";
    return "@" + kind + "{" + source.textContent + ",\n" + fields.map(function (f) {
      return "  " + (f[0] + "             ").slice(0, 13) + " = {" + f[1] + "}";
    }).join(",\n") + "\n}\n";
  }

  function make(tag, className, attributes) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    for (var name in attributes) el.setAttribute(name, attributes[name]);
    return el;
  }

  // The Cite section holds the key and a closed <details> (issue 19: no entry in the page);
  // here the entry is made into it, and the Copy button and its status line are added.
  function citeSection() {
    var source = document.querySelector("#cite .no-js-only code"), box = document.querySelector("#cite details");
    if (!source || !box) return;
    var code = box.appendChild(make("pre", "bibtex", { tabindex: "0" })).appendChild(make("code", "", { id: "bibtex" }));
    code.textContent = bibtex(source);
    var head = document.querySelector("#cite .cite-head");
    head.appendChild(make("button", "button copy", { type: "button", "data-copy": "bibtex", hidden: "" })).textContent = "Copy BibTeX";
    head.appendChild(make("span", "copy-status", { role: "status", "aria-live": "polite" }));
    if (location.hash === "#cite") box.open = true;
    document.querySelectorAll('a[href="#cite"]').forEach(function (a) {
      a.addEventListener("click", function () { box.open = true; });
    });
  }

  // "/" from anywhere focuses the page's search box: the panel's (index and topic pages) or
  // the header's, whose form submits ?q=… to the index page.
  function isTyping(el) {
    var tag = el && el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || !!(el && el.isContentEditable);
  }
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
    var box = document.querySelector("[data-search] input[name=q]") || document.getElementById("header-q");
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  // The header's controls (base.html leaves them out: they work only with JavaScript).
  // Its search form, where the page has no search panel, submits ?q=… to the index page
  // (data-search-action).
  function headerControls() {
    var row = document.querySelector(".header-row");
    if (!row) return null;
    var action = row.getAttribute("data-search-action");
    if (action) {
      var form = row.appendChild(make("form", "header-search", { role: "search", action: action, method: "get" }));
      form.appendChild(make("input", "", { id: "header-q", name: "q", type: "search", placeholder: "Search papers",
        "aria-label": "Search papers", autocomplete: "off", spellcheck: "false" }));
      form.appendChild(make("kbd", "", { "aria-hidden": "true" })).textContent = "/";
    }
    var toggle = row.appendChild(make("button", "theme-toggle", { type: "button" }));
    toggle.appendChild(make("span", "theme-label"));
    return toggle;
  }

  document.addEventListener("DOMContentLoaded", function () {
    citeSection();
    var toggle = headerControls();
    if (toggle) {
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
