// The search's words, in and out (functions only, no state; templates/static/search.js, the
// panel, uses them): what a typed query asks Pagefind for, and a result written out as a
// list entry, the same as templates/_entry.html writes one. Loaded only where the panel is.
window.searchText = (function () {
  "use strict";
  var MIN_CHARS = 2; // a one-letter prefix matches half the vocabulary: wait for a second
  var TEASER_CHARS = 160;
  var ARXIV_URL = /(?:https?:\/\/)?(?:www\.)?arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?(?=[\s?#]|$)/gi;
  // Words every abstract has: searching them changes no ranking but fetches the biggest
  // index chunk there is (at 10,000 papers "of" alone is ~150 KB). Left out of a query
  // unless it has nothing else.
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

  // The topic chips of a result: only topics the panel knows (topics: key -> {name, colour}).
  function chips(item, topics) {
    var keys = ((item.filters || {}).topic || []).filter(function (k) { return topics[k]; });
    if (!keys.length) return null;
    var list = make("ul", "chips");
    keys.forEach(function (k) {
      list.appendChild(make("li")).appendChild(make("span", "chip chip-" + topics[k].colour, topics[k].name));
    });
    return list;
  }

  // A Pagefind result (item: its loaded data) as an <li> entry. With a query, the excerpt
  // around the hits in the abstract; browsing, or when only the title, authors or ids
  // matched, the abstract's opening.
  function entry(item, query, topics) {
    var meta = item.meta || {};
    var li = make("li", "entry search-result");
    var h = make("h2", meta.derived ? "entry-title derived" : "entry-title");  // the page has one h1; results are its sections
    var a = make("a", "", meta.title || item.url);
    a.href = item.url;
    li.appendChild(h).appendChild(a);
    if (meta.authors) li.appendChild(make("p", "entry-authors", meta.authors));
    var line = make("p", "entry-meta");
    if (meta.date) line.appendChild(make("span", "", meta.date));
    if (meta.venue) line.appendChild(make("span", "venue", meta.venue));
    if (line.childNodes.length) li.appendChild(line);
    var p = make("p", "teaser");
    var abstract = (item.sub_results || []).filter(function (r) { return !r.anchor; })[0];
    if (query && abstract && abstract.excerpt) appendExcerpt(p, abstract.excerpt);
    else p.textContent = teaser(meta.derived ? afterOpening(item.content, meta.title) : item.content);
    if (p.textContent) li.appendChild(p);
    var foot = make("div", "entry-foot");
    var topicChips = chips(item, topics), links = resultLinks(meta);
    if (topicChips) foot.appendChild(topicChips);
    if (links.childNodes.length) foot.appendChild(links);
    if (foot.childNodes.length) li.appendChild(foot);
    return li;
  }

  // The status line: how many papers, for what query, in which topics and year.
  function status(s, count, topics) {
    var scope = [];
    if (s.topics.length) scope.push(s.topics.map(function (k) { return (topics[k] || { name: k }).name; }).join(" or "));
    if (s.year) scope.push(s.year);
    var text = (count ? count + " paper" + (count === 1 ? "" : "s") : "No papers")
      + (s.term ? (count === 1 ? " matches “" : " match “") + s.q.replace(/^"(.*)"$/, "$1") + "”" : "")
      + (scope.length ? " in " + scope.join(", ") : "");
    return count ? text : text + ". Try fewer words or filters.";
  }

  return { searchTerm: searchTerm, respelled: respelled, entry: entry, status: status };
})();
