// The header's scripts, and what Material's scripts need before they run:
// the colour scheme toggle, the language switch that keeps the reader's
// place, Material's helpers. Loaded without defer where the toggle sits in
// the header (partials/header.html), so it runs before the article is parsed
// and before Material's bundle (at the end of the body) mounts its
// components. In the pages' HTML it is one script tag instead of Material's
// three radio inputs, their labels and three inline scripts on every page;
// without JavaScript the toggle did nothing, and now it is not there at all.
(function () {
  "use strict";
  var script = document.currentScript;

  // Material's helpers (its partials/javascripts/base.html): the reader's
  // choices are kept per edition, under the edition's root, which is where
  // this file's folder is (a 404 page's <base> included).
  window.__md_scope = new URL("..", script.src);
  window.__md_hash = function (text) {
    return [].reduce.call(text, function (hash, c) { return (hash << 5) - hash + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, scope) {
    return JSON.parse((storage || localStorage).getItem((scope || __md_scope).pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, scope) {
    try {
      (storage || localStorage).setItem((scope || __md_scope).pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      // Private browsing: the choice holds for this page only.
    }
  };

  // Material's script fetches a sitemap.xml beside every <link rel=alternate>
  // of the head (for a page's hreflang links, a 404 each). It reads them once,
  // in a DOMContentLoaded listener added after this one: their rel is renamed
  // for that moment and given back right after (main.html, site_meta).
  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("link[rel=alternate][hreflang]");
    links.forEach(function (link) { link.rel = "edition"; });
    setTimeout(function () { links.forEach(function (link) { link.rel = "alternate"; }); });
  }, { once: true });

  // The placeholder highlighting the reader switched off (javascripts/
  // reader.js) stays off, without a flash: the article comes after.
  try {
    if (localStorage.getItem("placeholders") === "hidden") document.documentElement.classList.add("placeholders-hidden");
  } catch (error) {
    // No storage: the highlighting shows.
  }

  // The language switch keeps the reader's place: the link to the other
  // edition (partials/alternate.html) gets the id of the heading or paragraph
  // at the top of the window (both editions use the same ids), unless the
  // address already names one or the link leads to another page.
  function currentAnchor() {
    if (location.hash) return location.hash;
    var marked = document.querySelectorAll(".md-content [id]");
    var last = null;
    for (var element of marked) {
      if (element.getBoundingClientRect().top > 80) break;
      last = element;
    }
    return last ? "#" + encodeURIComponent(last.id) : "";
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-edition]");
    if (!link) return;
    event.preventDefault();
    try {
      localStorage.setItem("edition", link.dataset.edition);
    } catch (error) {
      // Private browsing: the choice is simply not remembered.
    }
    // A link to another page than this one's copy (partials/alternate.html:
    // a page the other edition does not publish) keeps no place.
    location.href = link.href.split("#")[0] + (link.hasAttribute("data-other-page") ? "" : currentAnchor());
  });

  // The toggle as Material's partials/palette.html writes it for mkdocs.yml's
  // theme.palette (media, scheme, primary, accent, icon in its order); the
  // names, in the edition's script, are written below by the build
  // (build_scripts/publishing/header_words.py). Each label switches to the
  // next option.
  var options = [
    ["(prefers-color-scheme)", "default", "indigo", "indigo", "brightness-auto"],
    ["(prefers-color-scheme: light)", "default", "custom", "custom", "brightness-7"],
    ["(prefers-color-scheme: dark)", "slate", "custom", "custom", "brightness-4"],
  ];
  var names = /* palette names */ null;
  if (!names) return; // no toggle in mkdocs.yml
  var form = document.createElement("form");
  form.className = "md-header__option";
  form.setAttribute("data-md-component", "palette");
  options.forEach(function (option, i) {
    var input = document.createElement("input");
    input.className = "md-option";
    input.type = "radio";
    input.name = "__palette";
    input.id = "__palette_" + i;
    ["media", "scheme", "primary", "accent"].forEach(function (key, k) {
      input.setAttribute("data-md-color-" + key, option[k]);
    });
    input.setAttribute("aria-label", names[i] || "");
    var label = document.createElement("label");
    label.className = "md-header__button md-icon";
    label.title = names[i] || "";
    label.htmlFor = "__palette_" + ((i + 1) % options.length);
    label.hidden = true;
    label.appendChild(document.createElementNS("http://www.w3.org/2000/svg", "svg")).setAttribute("class", "icon icon-" + option[4]);
    form.append(input, label);
  });
  script.before(form);

  // The scheme the reader chose, applied before the first paint (Material's
  // partials/javascripts/palette.html); "system" follows the system's.
  var palette = null;
  try {
    palette = __md_get("__palette");
  } catch (error) {
    // No storage, or not JSON: the default scheme.
  }
  if (palette && palette.color) {
    if (palette.color.media === "(prefers-color-scheme)") {
      var input = form.querySelector(matchMedia("(prefers-color-scheme: light)").matches ? "#__palette_1" : "#__palette_2");
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        palette.color[key] = input.getAttribute("data-md-color-" + key);
      });
    }
    Object.keys(palette.color).forEach(function (key) {
      document.body.setAttribute("data-md-color-" + key, palette.color[key]);
    });
  }
})();
