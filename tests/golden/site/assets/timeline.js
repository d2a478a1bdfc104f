/* Timelines: the one small script of the theme. No framework, no request outside the site.
 * On a topic timeline it adds filters (source, tag) and an oldest/newest switch that is remembered;
 * on the search page it runs Pagefind. Without it every entry is on the page and every link works,
 * and no control it would drive is shown (the controls are made here; the search form is `hidden`). */
(function () {
  "use strict";

  var ORDER_KEY = "timelines:order";

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

    var controls = make("div", { "class": "timeline-controls", role: "group", "aria-label": say("Filter and order the timeline") });
    var bySource = null, byTag = null;
    if (Object.keys(sources).length > 1) {
      bySource = select("filter-source", say("Source"), say("All sources"), counted(sources));
      controls.appendChild(bySource.wrap);
    }
    if (Object.keys(tags).length) {
      byTag = select("filter-tag", say("Tag"), say("All tags"), counted(tags));
      controls.appendChild(byTag.wrap);
    }
    var order = timeline.getAttribute("data-order") === "newest-first" ? "newest-first" : "oldest-first";
    var toggle = make("button", { type: "button", "class": "order-toggle", "aria-pressed": "false" }, say("Newest first"));
    controls.appendChild(toggle);
    var status = make("p", { "class": "timeline-status", role: "status", "aria-live": "polite" });
    controls.appendChild(status);
    var yearIndex = document.querySelector(".year-index");
    timeline.parentNode.insertBefore(controls, timeline);

    function showOrder(wanted) {
      if (wanted !== order) {
        reverseChildren(timeline, ".timeline-year");
        Array.prototype.forEach.call(timeline.querySelectorAll(".timeline-year"), function (year) {
          reverseChildren(year, ".timeline-month");
        });
        Array.prototype.forEach.call(timeline.querySelectorAll(".timeline-entries"), function (list) {
          reverseChildren(list, "li");
        });
        if (yearIndex) { reverseChildren(yearIndex.querySelector("ul"), "li"); }
        order = wanted;
      }
      toggle.setAttribute("aria-pressed", String(order === "newest-first"));
      Array.prototype.forEach.call(document.querySelectorAll(".order-label"), function (label) {
        label.textContent = order === "newest-first" ? say("newest first") : say("oldest first");
      });
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
        ? say("Showing %(shown)d of %(num)d entry.", { shown: shown, num: items.length }, items.length)
        : say("Showing all %(num)d entry.", { num: items.length }, items.length);
    }

    toggle.addEventListener("click", function () {
      var wanted = order === "newest-first" ? "oldest-first" : "newest-first";
      store(ORDER_KEY, wanted);
      showOrder(wanted);
    });
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

  function resultItem(data) {
    var li = make("li");
    var card = make("article", { "class": "entry search-result" });
    var meta = make("p", { "class": "entry-meta" });
    if (data.meta.date) { meta.appendChild(make("span", { "class": "result-date" }, data.meta.date)); }
    if (data.meta.source) { meta.appendChild(make("span", { "class": "entry-source" }, data.meta.source)); }
    if (data.meta.topic) { meta.appendChild(make("span", { "class": "result-topic" }, data.meta.topic.replace(/\s+/g, " ").trim())); }
    card.appendChild(meta);
    var heading = make("h2", { "class": "entry-title" });
    heading.appendChild(make("a", { href: data.url }, data.meta.title || data.url));
    card.appendChild(heading);
    var excerpt = make("p", { "class": "entry-summary" });
    excerpt.appendChild(textWithMarks(data.excerpt || ""));
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
        result.data.forEach(function (data) { list.appendChild(resultItem(data)); });
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
