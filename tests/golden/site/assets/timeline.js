/* Timelines: the one small script of the theme. No framework, no request outside the site.
 * On a topic timeline it adds filters (source, tag) and an oldest/newest switch that is remembered;
 * on the search page it runs Pagefind. Without it every entry is on the page and every link works,
 * and no control it would drive is shown (the controls are made here; the search form is `hidden`). */
(function () {
  "use strict";

  var ORDER_KEY = "timelines:order";
  var VIEW_KEY = "timelines:view";

  /* The theme's words in the site's language: a JSON block the page carries (script_words in
   * the templates); a message with a count has a text per CLDR plural category. */
  var WORDS = (function () {
    var node = document.getElementById("theme-words");
    try { return node ? JSON.parse(node.textContent) : {}; } catch (e) { return {}; }
  })();
  var PLURALS = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;

  function say(id, values, count) {
    var entry = WORDS[id] || id;
    if (typeof entry === "object") {
      var category = PLURALS && count !== undefined ? PLURALS.select(count) : "other";
      entry = entry[category] || entry.other || entry.one || id;
    }
    return entry.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : "";
    });
  }

  function stored(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not remembered */ }
  }

  function make(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function reverseChildren(parent, selector) {
    var kids = Array.prototype.filter.call(parent.children, function (c) { return c.matches(selector); });
    if (kids.length < 2) { return; }
    var after = kids[kids.length - 1].nextSibling;
    kids.reverse().forEach(function (kid) { parent.insertBefore(kid, after); });
  }

  function select(id, label, allText, values) {
    var wrap = make("div", { "class": "control" });
    wrap.appendChild(make("label", { "for": id }, label));
    var box = make("select", { id: id });
    box.appendChild(make("option", { value: "" }, allText));
    values.forEach(function (v) { box.appendChild(make("option", { value: v[0] }, v[0] + " (" + v[1] + ")")); });
    wrap.appendChild(box);
    return { wrap: wrap, box: box };
  }

  function counted(map) {
    return Object.keys(map).sort(function (a, b) { return a.localeCompare(b); }).map(function (k) { return [k, map[k]]; });
  }

  /* ---- topic timelines -------------------------------------------------------------------- */

  function enhanceTimeline(timeline) {
    var items = Array.prototype.map.call(timeline.querySelectorAll(".timeline-entries > li"), function (li) {
      var card = li.querySelector(".entry");
      var tags = [];
      try { tags = JSON.parse(card.getAttribute("data-tags") || "[]"); } catch (e) { tags = []; }
      return { li: li, source: card.getAttribute("data-source") || "", tags: tags };
    });
    if (!items.length) { return; }
    var sources = {}, tags = {};
    items.forEach(function (item) {
      if (item.source) { sources[item.source] = (sources[item.source] || 0) + 1; }
      item.tags.forEach(function (t) { tags[t] = (tags[t] || 0) + 1; });
    });

    /* Filters live in a closed box (a phone's first screen is for the stories); the order and
     * headline switches stay in the jump bar when the page has one, else beside the filters. */
    var bySource = null, byTag = null;
    if (Object.keys(sources).length > 1) { bySource = select("filter-source", say("Source"), say("All sources"), counted(sources)); }
    if (Object.keys(tags).length) { byTag = select("filter-tag", say("Tag"), say("All tags"), counted(tags)); }
    var order = timeline.getAttribute("data-order") === "newest-first" ? "newest-first" : "oldest-first";
    var toggle = make("button", { type: "button", "class": "order-toggle", "aria-pressed": "false" }, say("Newest first"));
    var compact = make("button", { type: "button", "class": "view-toggle", "aria-pressed": "false" }, say("Headlines only"));
    var status = make("p", { "class": "timeline-status", role: "status", "aria-live": "polite" });
    var bar = document.querySelector(".jump-bar");
    var switches = make("div", { "class": "timeline-switches" });
    switches.appendChild(toggle);
    if (bar) {
      switches.appendChild(compact);
      var slot = make("li", { "class": "jump-switches" });
      slot.appendChild(switches);
      bar.querySelector("ul").appendChild(slot);
    }
    var controls = switches;
    if (bySource || byTag) {
      controls = make("details", { "class": "timeline-controls" });
      controls.appendChild(make("summary", {}, say("Filter and order the timeline")));
      var group = make("div", { "class": "controls-body", role: "group" });
      if (bySource) { group.appendChild(bySource.wrap); }
      if (byTag) { group.appendChild(byTag.wrap); }
      if (!bar) { group.appendChild(switches); }
      controls.appendChild(group);
    }
    var yearIndex = bar;
    if (!bar || controls !== switches) { timeline.parentNode.insertBefore(controls, timeline); }
    timeline.parentNode.insertBefore(status, timeline);

    function showOrder(wanted) {
      if (wanted !== order) {
        reverseChildren(timeline, ".timeline-year");
        Array.prototype.forEach.call(timeline.querySelectorAll(".timeline-year"), function (year) {
          reverseChildren(year, ".timeline-month");
        });
        Array.prototype.forEach.call(timeline.querySelectorAll(".timeline-entries"), function (list) {
          reverseChildren(list, "li");
        });
        if (yearIndex) { reverseChildren(yearIndex.querySelector("ul"), "li:not(.jump-latest):not(.jump-top):not(.jump-switches)"); }
        order = wanted;
      }
      toggle.setAttribute("aria-pressed", String(order === "newest-first"));
    }

    function showView(wanted) {
      timeline.classList.toggle("is-compact", wanted === "compact");
      compact.setAttribute("aria-pressed", String(wanted === "compact"));
    }

    function filter() {
      var source = bySource ? bySource.box.value : "";
      var tag = byTag ? byTag.box.value : "";
      var shown = 0;
      items.forEach(function (item) {
        var ok = (!source || item.source === source) && (!tag || item.tags.indexOf(tag) !== -1);
        item.li.hidden = !ok;
        if (ok) { shown += 1; }
      });
      Array.prototype.forEach.call(timeline.querySelectorAll(".timeline-month"), function (month) {
        month.hidden = !month.querySelector(".timeline-entries > li:not([hidden])");
      });
      Array.prototype.forEach.call(timeline.querySelectorAll(".timeline-year"), function (year) {
        year.hidden = !year.querySelector(".timeline-month:not([hidden])");
        if (yearIndex) {
          var link = yearIndex.querySelector('a[href="#' + year.id + '"]');
          if (link) { link.parentNode.hidden = year.hidden; }
        }
      });
      status.textContent = source || tag
        ? say("Showing %(shown)d of %(num)d entry.", { shown: shown, num: items.length }, items.length) : "";
    }

    toggle.addEventListener("click", function () {
      var wanted = order === "newest-first" ? "oldest-first" : "newest-first";
      store(ORDER_KEY, wanted);
      showOrder(wanted);
    });
    compact.addEventListener("click", function () {
      var wanted = timeline.classList.contains("is-compact") ? "full" : "compact";
      store(VIEW_KEY, wanted);
      showView(wanted);
    });
    showView(stored(VIEW_KEY) === "compact" ? "compact" : "full");
    if (bySource) { bySource.box.addEventListener("change", filter); }
    if (byTag) { byTag.box.addEventListener("change", filter); }
    var remembered = stored(ORDER_KEY);
    showOrder(remembered === "newest-first" || remembered === "oldest-first" ? remembered : order);
    filter();
  }

  /* ---- search ----------------------------------------------------------------------------- */

  function textWithMarks(excerpt) {
    /* Pagefind's excerpt is text with <mark> around the hits: build it as nodes, never as HTML. */
    var out = document.createDocumentFragment();
    var decoder = document.createElement("textarea");
    excerpt.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") { return true; }
      if (part === "</mark>") { return false; }
      decoder.innerHTML = part.replace(/</g, "&lt;");
      var text = document.createTextNode(decoder.value);
      if (inMark) { var m = make("mark"); m.appendChild(text); out.appendChild(m); } else { out.appendChild(text); }
      return inMark;
    }, false);
    return out;
  }

  function dropLeading(fragment, text) {
    /* Remove `text` from the start of a fragment of text nodes and marks (spaces may differ). */
    var wanted = text.replace(/\s+/g, "");
    var nodes = [];
    var walker = document.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) { nodes.push(walker.currentNode); }
    nodes.forEach(function (node) {
      var value = node.nodeValue, at = 0;
      while (wanted && at < value.length) {
        if (/\s/.test(value[at])) { at += 1; } else if (value[at] === wanted[0]) { at += 1; wanted = wanted.slice(1); } else { return; }
      }
      node.nodeValue = value.slice(at);
    });
    var first = nodes.filter(function (n) { return n.nodeValue; })[0];
    if (first) { first.nodeValue = first.nodeValue.replace(/^[\s.:,;—–-]+/, ""); }
  }

  function excerptOf(data) {
    /* Pagefind's excerpt is a window on the page's text: leave out the headline, which the
     * result shows already, and say with "…" where the window cuts the text. */
    var fragment = textWithMarks(data.excerpt || "");
    var title = (data.meta.title || "").replace(/\s+/g, " ").trim();
    var content = (data.content || "").replace(/\s+/g, " ").trim();
    var text = fragment.textContent.replace(/\s+/g, " ").trim();
    if (title && text.indexOf(title) === 0 && text.length > title.length) {
      dropLeading(fragment, title);
      text = fragment.textContent.replace(/\s+/g, " ").trim();
    }
    var body = content.indexOf(title) === 0 ? content.slice(title.length).replace(/^[\s.:,;—–-]+/, "") : content;
    var opening = text.slice(0, Math.min(30, text.length));
    var closing = text.slice(-Math.min(20, text.length));
    if (text && body.indexOf(opening) > 0) { fragment.insertBefore(document.createTextNode("… "), fragment.firstChild); }
    if (text && body.lastIndexOf(closing) + closing.length < body.length) { fragment.appendChild(document.createTextNode(" …")); }
    return fragment;
  }

  function resultItem(data, root) {
    var li = make("li");
    var card = make("article", { "class": "entry search-result" });
    var meta = make("p", { "class": "entry-meta" });
    if (data.meta.date) { meta.appendChild(make("span", { "class": "result-date" }, data.meta.date)); }
    if (data.meta.source) { meta.appendChild(make("span", { "class": "entry-source" }, data.meta.source)); }
    if (data.meta.topic) {
      var topicName = data.meta.topic.replace(/\s+/g, " ").trim();
      var topic = data.meta.place ? make("a", { "class": "result-topic", href: new URL(data.meta.place, root).href }, topicName)
        : make("span", { "class": "result-topic" }, topicName);
      meta.appendChild(topic);
    }
    card.appendChild(meta);
    var heading = make("h2", { "class": "entry-title" });
    heading.appendChild(make("a", { href: data.url }, data.meta.title || data.url));
    card.appendChild(heading);
    var excerpt = make("p", { "class": "entry-summary" });
    excerpt.appendChild(excerptOf(data));
    card.appendChild(excerpt);
    li.appendChild(card);
    return li;
  }

  function enhanceSearch(form) {
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector(".search-status");
    var list = document.querySelector(".search-results");
    // the index comes in shards on large sites: the first is loaded, the others merged into it
    var bundles = (form.getAttribute("data-search-bundles") || "").split(" ").filter(Boolean).map(function (b) {
      return new URL(b, window.location.href).href;
    });
    var root = new URL(form.getAttribute("data-search-root"), window.location.href).pathname;
    var engine = null, latest = 0, timer = null;
    form.hidden = false;

    function load() {
      if (!engine) {
        engine = bundles.length ? import(bundles[0] + "pagefind.js").then(function (pagefind) {
          return Promise.resolve(pagefind.options({ baseUrl: root })).then(function () {
            return Promise.all(bundles.slice(1).map(function (b) { return pagefind.mergeIndex(b, { baseUrl: root }); }));
          }).then(function () { return pagefind; });
        }) : Promise.reject(new Error("no entries to search"));
      }
      return engine;
    }

    function run(query) {
      var mine = ++latest;
      query = query.trim();
      if (!query) { list.textContent = ""; status.textContent = ""; return; }
      status.textContent = say("Searching…");
      load().then(function (pagefind) { return pagefind.search(query); }).then(function (found) {
        return Promise.all(found.results.slice(0, 30).map(function (r) { return r.data(); })).then(function (all) {
          return { total: found.results.length, data: all };
        });
      }).then(function (result) {
        if (mine !== latest) { return; }
        list.textContent = "";
        var siteRoot = new URL(form.getAttribute("data-search-root"), window.location.href);
        result.data.forEach(function (data) { list.appendChild(resultItem(data, siteRoot)); });
        status.textContent = !result.total ? say("No entry matches “%(query)s”.", { query: query })
          : result.total > result.data.length
            ? say("%(num)d entry matches “%(query)s” (the first %(shown)d shown).",
              { num: result.total, query: query, shown: result.data.length }, result.total)
            : say("%(num)d entry matches “%(query)s”.", { num: result.total, query: query }, result.total);
      }).catch(function () {
        if (mine === latest) { status.textContent = say("Search could not be loaded. Browse the topics instead."); }
      });
    }

    function remember(query) {
      var url = new URL(window.location.href);
      if (query.trim()) { url.searchParams.set("q", query.trim()); } else { url.searchParams.delete("q"); }
      window.history.replaceState(null, "", url.href);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      remember(input.value);
      run(input.value);
    });
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { remember(input.value); run(input.value); }, 250);
    });
    var initial = new URL(window.location.href).searchParams.get("q");
    if (initial) { input.value = initial; run(initial); }
  }

  function start() {
    var timeline = document.querySelector(".timeline");
    if (timeline) { enhanceTimeline(timeline); }
    var form = document.querySelector("form.search-form");
    if (form) { enhanceSearch(form); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
