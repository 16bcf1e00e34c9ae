// Search the catalog with Pagefind's JS API (no stock UI, no dependencies).
//
// The panel (templates/_search.html, on the index and topic pages) searches as you
// type; topic checkboxes (any of them), a year and a sort order filter the results, an
// empty query with a filter browses. The state lives in the query string
// (?q=…&topic=moe&topic=alignment&year=2024&sort=date) so a view can be shared and
// survives a reload. Keys: ↑/↓ move through the results, Enter opens, Esc clears the
// query (then leaves the box), "/" focuses the search from anywhere. Pagefind is
// loaded from the panel's data-bundle URL, built by the site's URL helper, so the
// site works under a sub-path. Other pages get a small header form that submits
// ?q=… to the index page. On a topic page the panel's data-topic is the default topic
// filter: set on arrival, left out of the URL, and cleared by unticking it (?topic= then
// records "all topics"). Results show the abstract's excerpt (Pagefind's first section:
// title, authors and ids come after a heading of their own, see _search.html) and the
// same arXiv / PDF / Code links as the listing.
(function () {
  "use strict";
  var PAGE = 10;     // results shown at first and per "Show more" (one fragment file each)
  var MIN_CHARS = 2; // a one-letter prefix matches half the vocabulary: wait for a second
  var TEASER_CHARS = 160;
  // Title, authors, venue and ids are Pagefind metadata (catalog/render/search.py), which
  // Pagefind searches: a match there counts this many times a match in the abstract.
  var META_WEIGHTS = { title: 7, authors: 3, names: 3, venue: 3, ids: 5, date: 0, code: 0 };
  // Words every abstract has: searching them changes no ranking but fetches the biggest
  // index chunk there is (at 10,000 papers "of" alone is ~150 KB). Left out of a query
  // unless it has nothing else.
  var ARXIV_URL = /(?:https?:\/\/)?(?:www\.)?arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?(?=[\s?#]|$)/gi;
  var STOP = " a an and are as at be by for from in into is it its of on or our that the their this to we with ";

  // What Pagefind is asked for: the typed words minus stop words and any one-letter
  // word ("mixture o" searches "mixture" until the next key); "" when nothing is left.
  // A lone two-letter word is searched as that exact word ("UI", "RL"): as a prefix it
  // matches thousands of words in a big catalog ("pr": ~300 ms at 10,000 papers), and
  // the third letter comes a moment later anyway. Quoted phrases go through untouched.
  function searchTerm(q) {
    if (q.indexOf('"') >= 0) return q;
    q = q.replace(ARXIV_URL, "$1");  // a pasted arXiv link searches its id
    var words = q.split(/\s+/).filter(Boolean);
    var kept = words.filter(function (w) { return w.length >= MIN_CHARS && STOP.indexOf(" " + w.toLowerCase() + " ") < 0; });
    if (!kept.length) kept = words.some(function (w) { return w.length >= MIN_CHARS; }) ? words : [];
    if (kept.length === 1 && kept[0].length === MIN_CHARS) return '"' + kept[0] + '"';
    return kept.join(" ");
  }

  // A quoted phrase in the other spelling: "mixture of experts" <-> "mixture-of-experts".
  // Pagefind keeps a hyphenated word's parts at one position, so a phrase matches only the
  // spelling it was typed in; a phrase that finds nothing is tried the other way. null when
  // the term has no phrase to respell.
  function respelled(term) {
    var changed = false;
    var other = term.replace(/"([^"]+)"/g, function (all, phrase) {
      var next = /\s/.test(phrase.trim()) ? phrase.trim().replace(/\s+/g, "-") : phrase.replace(/-/g, " ");
      changed = changed || next !== phrase;
      return '"' + next + '"';
    });
    return changed ? other : null;
  }

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn);
    else fn();
  }

  function isTyping(el) {
    if (!el) return false;
    var tag = el.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || el.isContentEditable;
  }

  // Pagefind excerpts are HTML-escaped text with <mark> around hits: rebuild them as
  // text nodes and <mark> elements, never as markup.
  var decoder = document.createElement("textarea");
  function decode(text) { decoder.innerHTML = text; return decoder.value; }
  function appendExcerpt(el, excerpt) {
    excerpt.split(/<mark>|<\/mark>/).forEach(function (part, i) {
      var text = decode(part);
      if (!text) return;
      if (i % 2) { var m = document.createElement("mark"); m.textContent = text; el.appendChild(m); }
      else el.appendChild(document.createTextNode(text));
    });
  }

  // The abstract's opening, cut at a word (as the listings' teasers: catalog/render/model.py).
  function teaser(text) {
    text = (text || "").replace(/\s+/g, " ").trim();
    if (text.length <= TEASER_CHARS) return text;
    return text.slice(0, TEASER_CHARS).replace(/\s+\S*$/, "").replace(/[,;:.]+$/, "") + "\u2026";
  }

  // After a title made of the abstract's opening (as model.after_opening): no sentence twice.
  function afterOpening(text, title) {
    text = (text || "").replace(/\s+/g, " ").trim();
    var opening = (title || "").replace(/\u2026$/, "");
    if (!opening || text.indexOf(opening) !== 0) return text;
    var rest = text.slice(opening.length);
    if (/^[.!?]/.test(rest)) rest = rest.slice(1).trim();
    else if (/^($|[ ,;:])/.test(rest)) rest = "\u2026" + rest.replace(/^[ ,;:]+/, "");
    else return text;
    return rest.replace(/\u2026/g, "") ? rest : text;
  }

  function make(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text) el.textContent = text;
    return el;
  }

  // The links a list entry has (templates/_entry.html): arXiv, PDF, the first code link.
  function resultLinks(meta) {
    var p = make("p", "entry-links");
    function add(label, href) { var a = make("a", "", label); a.href = href; p.appendChild(a); }
    var arxiv = / arXiv:(\S+)/.exec(" " + (meta.ids || ""));  // search.py: the id, "arXiv:<id>", the slug
    if (arxiv) {
      add("arXiv", "https://arxiv.org/abs/" + arxiv[1]);
      add("PDF", "https://arxiv.org/pdf/" + arxiv[1]);
    }
    if (meta.code && /^https?:\/\//i.test(meta.code)) add("Code", meta.code);
    return p;
  }

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
    root.querySelector("[data-search-nojs]").hidden = true;
    this.form.hidden = false;
    this.restore();
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
      term: searchTerm(this.input.value.trim()),
      topics: this.topicBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; }),
      year: this.year.value,
      sort: this.sort.value
    };
  };

  Panel.prototype.restore = function () {
    var params = new URLSearchParams(location.search), self = this;
    this.input.value = params.get("q") || "";
    var topics = params.has("topic") ? params.getAll("topic").filter(Boolean) : this.defaultTopics;
    this.topicBoxes.forEach(function (b) { b.checked = topics.indexOf(b.value) >= 0; });
    var year = params.get("year") || "";
    if (/^\d{4}$/.test(year) && !this.year.querySelector('option[value="' + year + '"]')) {
      var option = make("option", "", year + " (0)");  // a shared link from before a rebuild
      option.value = year;
      this.year.appendChild(option);
    }
    this.year.value = /^\d{4}$/.test(year) ? year : "";
    var sort = params.get("sort") || "";
    this.sort.value = ["date", "date-asc"].indexOf(sort) >= 0 ? sort : "";
    self.syncReset();
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
        var other = found && !found.results.length && term && respelled(term);
        return other && seq === self.seq ? pagefind.search(other, { filters: filters, sort: sort }) : found;
      });
    }).then(function (found) {
      if (seq !== self.seq || !found) return;  // a newer keystroke took over
      self.results = found.results;
      self.query = term;
      self.shown = 0;
      return self.page(seq).then(function () {
        if (seq !== self.seq) return;
        self.describe(s, found.results.length);
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
    var meta = item.meta || {}, self = this;
    var li = make("li", "entry search-result");
    li.id = "search-option-" + index;
    var h = make("h2", meta.derived ? "entry-title derived" : "entry-title");  // the page has one h1; results are its sections
    var a = make("a", "", meta.title || item.url);
    a.href = item.url;
    h.appendChild(a);
    li.appendChild(h);
    if (meta.authors) li.appendChild(make("p", "entry-authors", meta.authors));
    var line = make("p", "entry-meta");
    if (meta.date) line.appendChild(make("span", "", meta.date));
    if (meta.venue) line.appendChild(make("span", "venue", meta.venue));
    if (line.childNodes.length) li.appendChild(line);
    // With a query, the excerpt around the hits in the abstract; browsing, or when only
    // the title, authors or ids matched, the abstract's opening.
    var p = make("p", "teaser");
    var abstract = (item.sub_results || []).filter(function (r) { return !r.anchor; })[0];
    if (this.query && abstract && abstract.excerpt) appendExcerpt(p, abstract.excerpt); else p.textContent = teaser(meta.derived ? afterOpening(item.content, meta.title) : item.content);
    if (p.textContent) li.appendChild(p);
    var foot = make("div", "entry-foot");
    var keys = ((item.filters || {}).topic || []).filter(function (k) { return self.topicInfo[k]; });
    if (keys.length) {
      var chips = make("ul", "chips");
      keys.forEach(function (k) {
        chips.appendChild(make("li")).appendChild(make("span", "chip chip-" + self.topicInfo[k].colour, self.topicInfo[k].name));
      });
      foot.appendChild(chips);
    }
    var links = resultLinks(meta);
    if (links.childNodes.length) foot.appendChild(links);
    if (foot.childNodes.length) li.appendChild(foot);
    li.addEventListener("mousemove", function () { if (self.active !== index) self.highlight(index, false); });
    li.addEventListener("click", function (e) { if (e.target.tagName !== "A") a.click(); });
    return li;
  };

  Panel.prototype.describe = function (s, count) {
    var self = this, scope = [];
    if (s.topics.length) scope.push(s.topics.map(function (k) { return (self.topicInfo[k] || { name: k }).name; }).join(" or "));
    if (s.year) scope.push(s.year);
    var text = (count ? count + " paper" + (count === 1 ? "" : "s") : "No papers")
      + (s.term ? (count === 1 ? " matches “" : " match “") + s.q.replace(/^"(.*)"$/, "$1") + "”" : "") + (scope.length ? " in " + scope.join(", ") : "");
    this.setStatus(count ? text : text + ". Try fewer words or filters.");
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

  Panel.prototype.setStatus = function (text) {
    if (this.status.textContent !== text) this.status.textContent = text;
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

  ready(function () {
    var root = document.querySelector("[data-search]");
    var panel = root ? new Panel(root) : null;
    var headerForm = document.querySelector("[data-search-link]");
    if (headerForm && !panel) headerForm.hidden = false;  // pages without the panel hand off to it
    var target = panel ? panel.input : headerForm && headerForm.querySelector("input");
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || !target) return;
      e.preventDefault();
      target.focus();
      target.select();
    });
    window.addEventListener("pageshow", function (e) {  // back/forward cache: the URL is the truth
      if (e.persisted && panel) { panel.restore(); panel.search(performance.now()); }
    });
  });
})();
