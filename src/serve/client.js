(function () {
  "use strict";
  var me = document.currentScript;
  var page = me.getAttribute("data-page");
  var gen = me.getAttribute("data-generation");
  var missing = me.getAttribute("data-missing") === "1";
  var box = null;

  function hide() {
    if (box) {
      box.remove();
      box = null;
    }
  }

  function show(err) {
    hide();
    box = document.createElement("div");
    box.id = "dossier-error-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText =
      "position:fixed;inset:0;z-index:2147483647;overflow:auto;margin:0;" +
      "padding:2rem;background:rgba(20,20,20,.94);color:#f5f5f5;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    var title = document.createElement("p");
    title.style.cssText = "margin:0 0 1rem;font-weight:bold;color:#ff8a80";
    title.textContent =
      "dossier serve: the build failed. The last good pages are still served; " +
      "this message goes away when the problem is fixed.";
    var pre = document.createElement("pre");
    pre.style.cssText = "margin:0;white-space:pre-wrap";
    pre.textContent = err.text;
    box.appendChild(title);
    box.appendChild(pre);
    document.body.appendChild(box);
  }

  function swapCss(urls) {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (urls.indexOf(url.pathname) >= 0) {
        url.searchParams.set("dossier-reload", String(Date.now()));
        links[i].href = url.pathname + url.search;
      }
    }
  }

  // The page is named so that the server renders it first after an edit.
  var es = new EventSource(
    me.getAttribute("data-events") + "?page=" + encodeURIComponent(page)
  );
  es.addEventListener("hello", function (e) {
    // Something was rebuilt between this page's load and the connection.
    if (String(JSON.parse(e.data).generation) !== gen) location.reload();
  });
  es.addEventListener("reload", function (e) {
    var d = JSON.parse(e.data);
    hide();
    // This page was served at that generation or later: it shows it.
    if (Number(d.generation) <= Number(gen)) return;
    gen = String(d.generation);
    var html = d.paths.some(function (p) { return /\.html$/.test(p); });
    if (missing ? html : d.paths.indexOf(page) >= 0) location.reload();
  });
  es.addEventListener("css", function (e) {
    var d = JSON.parse(e.data);
    hide();
    gen = String(d.generation);
    swapCss(d.urls);
  });
  es.addEventListener("build-error", function (e) {
    show(JSON.parse(e.data));
  });
})();
