/* cplot gallery: copy buttons and search. Every page works without this
 * script; it only adds. Text from the index is put into the page with
 * textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.body.getAttribute("data-root") || "";

  /* ---------------------------------------------------- copy buttons */
  function addCopyButtons() {
    var blocks = document.querySelectorAll("[data-copy]");
    Array.prototype.forEach.call(blocks, function (block) {
      var pre = block.querySelector("pre");
      if (!pre) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the code to the clipboard");
      button.addEventListener("click", function () {
        var text = pre.textContent;
        var done = function () {
          button.textContent = "Copied";
          setTimeout(function () { button.textContent = "Copy"; }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(pre, done); });
        } else {
          fallbackCopy(pre, done);
        }
      });
      block.appendChild(button);
    });
  }

  function fallbackCopy(pre, done) {
    var range = document.createRange();
    range.selectNodeContents(pre);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    try { if (document.execCommand("copy")) done(); } catch (e) { /* the text stays selected */ }
  }

  /* ---------------------------------------------------------- search */
  function tokens(query) {
    return query.toLowerCase().split(/\s+/).filter(function (t) { return t.length > 0; });
  }

  function matches(words, haystack) {
    for (var i = 0; i < words.length; i++)
      if (haystack.indexOf(words[i]) < 0) return false;
    return true;
  }

  /* Title hits first, then prefix hits, then the index order. */
  function score(words, entry) {
    var title = entry.title.toLowerCase(), s = 0;
    words.forEach(function (w) {
      if (title.indexOf(w) === 0) s += 3;
      else if (title.indexOf(w) > 0) s += 2;
      if (entry.tags.some(function (t) { return t.toLowerCase() === w; })) s += 1;
    });
    return s;
  }

  var index = null, loading = null;
  function loadIndex() {
    if (index) return Promise.resolve(index);
    if (!loading) {
      loading = fetch(root + "search.json").then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }).then(function (data) { index = data; return data; });
    }
    return loading;
  }

  function search(query) {
    var words = tokens(query);
    if (!words.length) return [];
    return index.map(function (entry, order) {
      var haystack = [entry.title, entry.text, entry.kind, entry.tags.join(" ")].join(" ").toLowerCase();
      return matches(words, haystack) ? {entry: entry, score: score(words, entry), order: order} : null;
    }).filter(Boolean).sort(function (a, b) {
      return b.score - a.score || a.order - b.order;
    }).map(function (hit) { return hit.entry; });
  }

  /* Instant results under a search box; the form still submits to the
   * search page, which works on its own. */
  function attachInstant(form) {
    var input = form.querySelector("input[type=search]");
    if (!input) return;
    var list = document.createElement("ul");
    list.className = "search-results";
    list.hidden = true;
    list.setAttribute("role", "listbox");
    form.style.position = "relative";
    form.appendChild(list);

    function show(hits, query) {
      list.textContent = "";
      hits.slice(0, 8).forEach(function (entry) {
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = root + entry.url;
        link.textContent = entry.title;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = entry.kind;
        link.appendChild(kind);
        item.appendChild(link);
        list.appendChild(item);
      });
      if (!hits.length) {
        var none = document.createElement("li");
        none.className = "empty";
        none.textContent = "Nothing matches \u201c" + query + "\u201d";
        list.appendChild(none);
      }
      list.hidden = false;
    }

    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (!query) { list.hidden = true; return; }
      loadIndex().then(function () {
        if (input.value.trim() === query) show(search(query), query);
      }, function () { list.hidden = true; });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = list.querySelector("a");
        if (first && !list.hidden) { event.preventDefault(); first.focus(); }
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
    list.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      if (event.key === "Escape") { list.hidden = true; input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!form.contains(event.target)) list.hidden = true;
    });
  }

  /* The search page filters its own list: it needs no index file. */
  function searchPage() {
    var list = document.getElementById("search-list");
    if (!list) return false;
    var input = document.getElementById("search-page-input");
    var status = document.getElementById("search-status");
    var items = Array.prototype.slice.call(list.children);
    function apply() {
      var words = tokens(input.value);
      var shown = 0;
      items.forEach(function (item) {
        var hit = matches(words, (item.getAttribute("data-search") || "").toLowerCase());
        item.hidden = !hit;
        shown += hit ? 1 : 0;
      });
      status.textContent = words.length
        ? shown + (shown === 1 ? " result" : " results") + " for \u201c" + input.value.trim() + "\u201d"
        : "Everything in the gallery, A to Z by section.";
    }
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) input.value = query;
    input.addEventListener("input", apply);
    input.form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
    apply();
    return true;
  }

  addCopyButtons();
  var onSearchPage = searchPage();
  Array.prototype.forEach.call(document.querySelectorAll("form.site-search, form.hero-search"), function (form) {
    if (onSearchPage && form.classList.contains("hero-search")) return;
    attachInstant(form);
  });
}());
