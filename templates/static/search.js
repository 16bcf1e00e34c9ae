// The search panel (templates/_search.html, on the index and topic pages, the only pages
// that load this file): Pagefind's JS API, no stock UI, no dependencies. It searches as you
// type; topic checkboxes (any of them), a year and a sort order filter the results, an
// empty query with a filter browses. The state lives in the query string
// (?q=…&topic=moe&topic=alignment&year=2024&sort=date) so a view can be shared and
// survives a reload. Keys: ↑/↓ move through the results, Enter opens, Esc clears the
// query (then leaves the box); "/" (site.js, every page) focuses the search box. Pagefind
// is loaded from the panel's data-bundle URL, built by the site's URL helper, so the site
// works under a sub-path. Other pages have a small header form (base.html) that submits
// ?q=… to the index page, no script needed. On a topic page the panel's data-topic is the
// default topic filter: set on arrival, left out of the URL, and cleared by unticking it
// (?topic= then records "all topics"). The query's words and each result's entry are
// made by search-text.js (loaded before this file).
(function () {
  "use strict";
  var text = window.searchText;
  var PAGE = 10;     // results shown at first and per "Show more" (one fragment file each)
  // Title, authors, venue and ids are Pagefind metadata (catalog/render/search.py), which
  // Pagefind searches: a match there counts this many times a match in the abstract.
  var META_WEIGHTS = { title: 7, authors: 3, names: 3, venue: 3, ids: 5, date: 0, code: 0 };

  function Panel(root) {
    this.root = root;
    this.form = root.querySelector("form");
    this.input = root.querySelector("input[name=q]");
    this.topicBoxes = Array.prototype.slice.call(root.querySelectorAll("input[name=topic]"));
    this.year = root.querySelector("select[name=year]");
    this.sort = root.querySelector("select[name=sort]");
    this.reset = root.querySelector(".search-reset");
    this.status = root.querySelector(".search-status");
    this.list = root.querySelector(".search-results");
    this.more = root.querySelector(".search-more");
    this.topicInfo = {};
    this.defaultTopics = root.getAttribute("data-topic") ? [root.getAttribute("data-topic")] : [];
    this.results = [];
    this.shown = 0;
    this.active = -1;
    this.seq = 0;
    this.pagefind = null;
    var self = this;
    this.topicBoxes.forEach(function (box) {
      self.topicInfo[box.value] = { name: box.getAttribute("data-name"), colour: box.getAttribute("data-colour") };
    });
    var typed = this.input.value;  // before this file ran (a slow link): the reader's, not the URL's
    this.restore();
    if (typed && !this.input.value) this.input.value = typed;
    this.bind();
    if (this.isActive()) this.search(performance.now());
  }

  Panel.prototype.load = function () {
    var root = this.root, self = this;
    if (!this.loading) {
      var bundle = root.getAttribute("data-bundle");
      var base = root.getAttribute("data-base");
      this.loading = import(bundle + "pagefind.js").then(function (pagefind) {
        return Promise.resolve(pagefind.options({ baseUrl: base, bundlePath: bundle, ranking: { metaWeights: META_WEIGHTS } }))
          .then(function () { return pagefind.init(); })
          .then(function () { self.pagefind = pagefind; return pagefind; });
      });
      this.loading.catch(function () { self.fail(); });
    }
    return this.loading;
  };

  // --- state <-> URL -------------------------------------------------------------
  Panel.prototype.state = function () {
    return {
      q: this.input.value.trim(),
      term: text.searchTerm(this.input.value.trim()),
      topics: this.topicBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }),
      year: this.year.value,
      sort: this.sort.value
    };
  };

  Panel.prototype.restore = function () {
    var params = new URLSearchParams(location.search);
    this.input.value = params.get("q") || "";
    var topics = params.has("topic") ? params.getAll("topic").filter(Boolean) : this.defaultTopics;
    this.topicBoxes.forEach(function (b) { b.checked = topics.indexOf(b.value) >= 0; });
    var year = params.get("year") || "";
    if (/^\d{4}$/.test(year) && !this.year.querySelector('option[value="' + year + '"]')) {
      this.year.appendChild(new Option(year + " (0)", year));  // a shared link from before a rebuild
    }
    this.year.value = /^\d{4}$/.test(year) ? year : "";
    var sort = params.get("sort") || "";
    this.sort.value = ["date", "date-asc"].indexOf(sort) >= 0 ? sort : "";
    this.syncReset();
  };

  Panel.prototype.save = function (s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    if (!this.isDefaultTopics(s.topics)) {
      s.topics.forEach(function (t) { params.append("topic", t); });
      if (!s.topics.length) params.set("topic", "");  // a topic page, its topic cleared
    }
    if (s.year) params.set("year", s.year);
    if (s.sort) params.set("sort", s.sort);
    var query = params.toString();
    var target = location.pathname + (query ? "?" + query : "") + location.hash;
    if (target !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", target);
  };

  Panel.prototype.isDefaultTopics = function (topics) {
    return topics.join(" ") === this.defaultTopics.join(" ");
  };

  // Results replace the listing when there is a query, a year, or topics other than the
  // page's own (a topic page already lists its topic).
  Panel.prototype.isActive = function (s) {
    s = s || this.state();
    return !!(s.q || s.year || (s.topics.length && !this.isDefaultTopics(s.topics)));
  };

  Panel.prototype.syncReset = function () {
    var s = this.state();
    this.reset.hidden = !(s.q || !this.isDefaultTopics(s.topics) || s.year || s.sort);
  };

  // --- searching -----------------------------------------------------------------
  Panel.prototype.search = function (started) {
    var s = this.state(), self = this, seq = ++this.seq;
    this.save(s);
    this.syncReset();
    var active = this.isActive(s);
    this.root.classList.toggle("is-active", active);
    if (!active) { this.clear(); this.setStatus(""); this.done(s, seq, started); return Promise.resolve(); }
    var filters = {};
    if (s.topics.length) filters.topic = { any: s.topics };
    if (s.year) filters.year = s.year;
    var sort = s.sort === "date" ? { date: "desc" } : s.sort === "date-asc" ? { date: "asc" }
      : (s.term ? undefined : { date: "desc" });  // browsing (no query): newest first
    if (!this.pagefind && !this.broken) this.setStatus("Loading the search index…");
    var term = s.term || null;
    if (s.q && !s.term && !s.topics.length && !s.year) {  // one letter, no filter: wait for more
      this.clear();
      this.setStatus("Keep typing…");
      this.load();
      this.done(s, seq, started);
      return Promise.resolve();
    }
    return this.load().then(function (pagefind) {
      return pagefind.search(term, { filters: filters, sort: sort }).then(function (found) {
        var other = found && !found.results.length && term && text.respelled(term);
        return other && seq === self.seq ? pagefind.search(other, { filters: filters, sort: sort }) : found;
      });
    }).then(function (found) {
      if (seq !== self.seq || !found) return;  // a newer keystroke took over
      self.results = found.results;
      self.query = term;
      self.shown = 0;
      return self.page(seq).then(function () {
        if (seq !== self.seq) return;
        self.setStatus(text.status(s, found.results.length, self.topicInfo));
        self.done(s, seq, started);
      });
    }).catch(function () { if (seq === self.seq) self.fail(); });
  };

  // The index did not load (offline from file://, a deploy without pagefind/): say so;
  // the listing below stays usable.
  Panel.prototype.fail = function () {
    this.broken = true;
    this.root.classList.add("is-broken");
    this.root.classList.remove("is-active");
    this.clear();
    this.setStatus("Search is unavailable: its index could not be loaded. Browse the papers by topic below.");
  };

  Panel.prototype.page = function (seq) {
    var self = this;
    var next = Promise.all(this.results.slice(this.shown, this.shown + PAGE).map(function (r) { return r.data(); }));
    return next.then(function (items) {
      if (seq !== self.seq) return;
      if (self.shown === 0) self.clear();
      items.forEach(function (item) { self.list.appendChild(self.render(item, self.shown++)); });
      self.list.hidden = self.shown === 0;
      var left = self.results.length - self.shown;
      self.more.hidden = left <= 0;
      self.more.textContent = "Show " + Math.min(left, PAGE) + " more of " + left;
    });
  };

  Panel.prototype.render = function (item, index) {
    var self = this, li = text.entry(item, this.query, this.topicInfo);
    li.id = "search-option-" + index;
    li.addEventListener("mousemove", function () { if (self.active !== index) self.highlight(index, false); });
    li.addEventListener("click", function (e) { if (e.target.tagName !== "A") li.querySelector("a").click(); });
    return li;
  };

  Panel.prototype.done = function (s, seq, started) {
    this.root.setAttribute("data-query", s.q);
    this.root.setAttribute("data-state", "done");
    this.root.setAttribute("data-seq", String(seq));
    this.root.dispatchEvent(new CustomEvent("search:rendered", {
      detail: { query: s.q, count: this.results.length, ms: performance.now() - started }
    }));
  };

  Panel.prototype.clear = function () {
    while (this.list.firstChild) this.list.removeChild(this.list.firstChild);
    this.list.hidden = true;
    this.more.hidden = true;
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (!this.isActive()) this.results = [];
  };

  Panel.prototype.setStatus = function (line) {
    if (this.status.textContent !== line) this.status.textContent = line;
  };

  // --- keyboard ------------------------------------------------------------------
  Panel.prototype.options = function () { return this.list.querySelectorAll(".search-result"); };

  Panel.prototype.highlight = function (index, scroll) {
    var options = this.options();
    if (this.active >= 0 && options[this.active]) {
      options[this.active].classList.remove("is-current");
      options[this.active].removeAttribute("aria-current");
    }
    this.active = index;
    if (index < 0 || !options[index]) { this.active = -1; this.input.removeAttribute("aria-activedescendant"); return; }
    options[index].classList.add("is-current");
    options[index].setAttribute("aria-current", "true");
    this.input.setAttribute("aria-activedescendant", options[index].id);
    if (scroll !== false) options[index].scrollIntoView({ block: "nearest" });
  };

  Panel.prototype.onKey = function (e) {
    var count = this.options().length;
    if (e.key === "ArrowDown" && count) {
      e.preventDefault();
      if (this.active === count - 1 && !this.more.hidden) { this.showMore(true); return; }
      this.highlight(Math.min(this.active + 1, count - 1));
    } else if (e.key === "ArrowUp" && count) {
      e.preventDefault();
      this.highlight(this.active - 1);
    } else if (e.key === "Enter") {
      e.preventDefault();
      var option = this.options()[this.active >= 0 ? this.active : 0];
      if (option) location.href = option.querySelector("a").href;
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (this.active >= 0) this.highlight(-1);
      else if (this.input.value) { this.input.value = ""; this.search(e.timeStamp); }
      else this.input.blur();
    }
  };

  Panel.prototype.showMore = function (moveDown) {
    var self = this, next = this.shown;
    return this.page(this.seq).then(function () { if (moveDown) self.highlight(next); });
  };

  Panel.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function (e) { self.search(e.timeStamp); });
    this.input.addEventListener("keydown", function (e) { self.onKey(e); });
    this.input.addEventListener("focus", function () { self.load(); });
    this.form.addEventListener("change", function (e) { if (e.target !== self.input) self.search(e.timeStamp); });
    this.form.addEventListener("submit", function (e) { e.preventDefault(); });
    this.form.addEventListener("reset", function (e) {
      e.preventDefault();
      self.input.value = "";
      self.topicBoxes.forEach(function (b) { b.checked = self.defaultTopics.indexOf(b.value) >= 0; });
      self.year.value = "";
      self.sort.value = "";
      self.search(e.timeStamp);
      self.input.focus();
    });
    this.more.addEventListener("click", function () { self.showMore(false); });
  };

  function start() {
    var root = document.querySelector("[data-search]");
    if (!root) return;
    var panel = new Panel(root);
    window.addEventListener("pageshow", function (e) {  // back/forward cache: the URL is the truth
      if (e.persisted) { panel.restore(); panel.search(performance.now()); }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
