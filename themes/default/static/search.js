// The search page of a dossier: queries the Pagefind index that
// `dossier build` writes to pagefind/, beside this file. No framework, no
// other script; every other page of the site works without JavaScript.
// Without it (or without the index) the page says so and links to the
// briefings, timeline and tags instead.
(function () {
  "use strict";
  var root = document.getElementById("search");
  if (!root) return;
  var form = root.querySelector("form");
  var input = root.querySelector("input[type=search]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var browse = status.querySelector(".search-browse");
  browse = browse ? browse.cloneNode(true) : null;
  var bundle = root.getAttribute("data-bundle");
  var PAGE = 20;
  var loading = null;
  var shown = 0;
  var current = null;

  form.hidden = false;
  status.textContent = "";

  function pagefind() {
    if (!loading) {
      loading = import(bundle + "pagefind.js").then(function (pf) {
        return pf.init ? Promise.resolve(pf.init()).then(function () { return pf; }) : pf;
      });
    }
    return loading;
  }

  function say(text, withBrowse) {
    status.textContent = text;
    if (withBrowse && browse) {
      status.appendChild(document.createTextNode(" "));
      status.appendChild(browse.cloneNode(true));
    }
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function item(data) {
    var li = el("li", "search-result");
    var head = el("p", "search-title");
    var a = el("a", null, (data.meta && data.meta.title) || data.url);
    a.href = data.url;
    head.appendChild(a);
    if (data.meta && data.meta.kind) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(el("span", "search-kind", data.meta.kind));
    }
    li.appendChild(head);
    // Pagefind's excerpt is the page's own text, escaped, with <mark>s.
    var ex = el("p", "search-excerpt");
    ex.innerHTML = data.excerpt;
    li.appendChild(ex);
    var subs = (data.sub_results || []).filter(function (s) {
      return s.url !== data.url && s.title && s.title !== (data.meta && data.meta.title);
    }).slice(0, 3);
    if (subs.length) {
      var ul = el("ul", "search-sections");
      subs.forEach(function (s) {
        var sli = el("li");
        var sa = el("a", null, s.title);
        sa.href = s.url;
        sli.appendChild(sa);
        ul.appendChild(sli);
      });
      li.appendChild(ul);
    }
    return li;
  }

  function showMore(search, term) {
    var next = search.results.slice(shown, shown + PAGE);
    return Promise.all(next.map(function (r) { return r.data(); })).then(function (datas) {
      if (current !== term) return;
      var old = list.querySelector(".search-more");
      if (old) old.remove();
      datas.forEach(function (d) { list.appendChild(item(d)); });
      shown += datas.length;
      if (shown < search.results.length) {
        var li = el("li", "search-more");
        var b = el("button", null, "Show more results");
        b.type = "button";
        b.addEventListener("click", function () { showMore(search, term); });
        li.appendChild(b);
        list.appendChild(li);
      }
    });
  }

  function run(term, debounce) {
    term = term.trim();
    current = term;
    var url = new URL(window.location.href);
    if (term) url.searchParams.set("q", term); else url.searchParams.delete("q");
    window.history.replaceState(null, "", url);
    if (!term) {
      list.replaceChildren();
      list.hidden = true;
      status.textContent = "";
      return;
    }
    pagefind().then(function (pf) {
      return debounce ? pf.debouncedSearch(term, {}, 250) : pf.search(term);
    }).then(function (search) {
      if (search === null || current !== term) return; // a newer query won
      list.replaceChildren();
      shown = 0;
      var n = search.results.length;
      list.hidden = n === 0;
      say(n === 0 ? "No results for \u201c" + term + "\u201d." :
        n + (n === 1 ? " result" : " results") + " for \u201c" + term + "\u201d.", n === 0);
      return showMore(search, term);
    }).catch(function (e) {
      if (window.console) console.error("search:", e);
      list.hidden = true;
      say("Search is not available here: its index could not be loaded.", true);
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run(input.value, false);
  });
  input.addEventListener("input", function () { run(input.value, true); });

  var q = new URLSearchParams(window.location.search).get("q");
  if (q) {
    input.value = q;
    run(q, false);
  } else {
    // Fetch the index while the reader types; say at once if there is none.
    pagefind().catch(function () {
      say("Search is not available here: its index could not be loaded.", true);
    });
  }
})();
