// Site search with Pagefind, in a dialog opened from the header.
//
// Pagefind splits its index into chunks, so a query downloads only the
// chunks and result fragments it needs. Queries typed in the other script
// are converted first (window.SCRIPT_QUERY_MAP, made by the generator from
// the corpus), so 发展 finds 發展 in the Traditional edition and back.
// The index holds every Han character as a word of its own (see
// build_scripts/search_index.py), so a query asks for its characters as a
// quoted phrase: the speeches that contain them in a row.
(function () {
  "use strict";

  const dialog = document.querySelector("[data-site-search]");
  if (!dialog) return;
  const input = dialog.querySelector("input");
  const list = dialog.querySelector(".site-search__results");
  const status = dialog.querySelector(".site-search__status");
  const base = new URL(dialog.dataset.base.replace(/\/?$/, "/"), location.href);
  const RESULTS = 10;
  let loading = null;
  let active = -1;
  let latest = 0;

  function convertQuery(query) {
    const map = window.SCRIPT_QUERY_MAP || { chars: {}, words: {} };
    let out = "";
    for (let i = 0; i < query.length; ) {
      let step = 1;
      let piece = map.chars[query[i]] || query[i];
      for (let len = 4; len >= 2; len--) {
        const word = query.substr(i, len);
        if (map.words[word]) {
          piece = map.words[word];
          step = len;
          break;
        }
      }
      out += piece;
      i += step;
    }
    return out;
  }

  const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  const HAN_ALL = /([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;

  // build_scripts/search_index.py phrase_query(), in the browser.
  function phraseQuery(query) {
    return query
      .split(/\s+/)
      .filter(Boolean)
      .map((token) => {
        if (!HAN.test(token)) return token;
        return '"' + token.replace(HAN_ALL, " $1 ").trim().split(/\s+/).join(" ") + '"';
      })
      .join(" ");
  }

  // The index's spaced text back to Chinese as printed: no space next to a
  // Han character or full-width punctuation, one <mark> per matched run.
  const TIGHT = "[\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef“”‘’「」『』《》〈〉—…·]";
  const TAGS = "(?:</?mark>)*";
  const SPACE_AFTER = new RegExp("(" + TIGHT + TAGS + ") +", "g");
  const SPACE_BEFORE = new RegExp(" +(" + TAGS + TIGHT + ")", "g");
  function tightExcerpt(html) {
    return html
      .replace(/<\/mark>(\s*)<mark>/g, "$1")
      .replace(SPACE_AFTER, "$1")
      .replace(SPACE_BEFORE, "$1")
      .replace(/ +<\/mark>/g, "</mark>");
  }

  // One load for the whole page, so searches resolve in the order typed.
  function loadPagefind() {
    loading =
      loading ||
      (async () => {
        const pagefind = await import(new URL("pagefind/pagefind.js", base).href);
        await pagefind.options({ baseUrl: base.pathname, excerptLength: 60 });
        pagefind.init();
        return pagefind;
      })();
    return loading;
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    loadPagefind().catch(() => {});
  }

  function setActive(index) {
    const items = list.querySelectorAll("[role=option]");
    items.forEach((item, i) => item.setAttribute("aria-selected", String(i === index)));
    active = index;
    if (index >= 0 && items[index]) {
      input.setAttribute("aria-activedescendant", items[index].id);
      items[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(results) {
    list.replaceChildren();
    results.forEach((data, i) => {
      const item = document.createElement("li");
      item.id = "site-search-result-" + i;
      item.setAttribute("role", "option");
      item.className = "site-search__result";
      const link = document.createElement("a");
      link.href = data.url;
      link.tabIndex = -1;
      const title = document.createElement("span");
      title.className = "site-search__title";
      title.textContent = data.meta.title || data.url;
      link.append(title);
      if (data.meta.provenance) {
        const provenance = document.createElement("span");
        provenance.className = "site-search__provenance";
        provenance.textContent = data.meta.provenance;
        link.append(provenance);
      }
      const excerpt = document.createElement("p");
      excerpt.className = "site-search__excerpt";
      // Pagefind escapes the page text and marks the matches with <mark>.
      excerpt.innerHTML = tightExcerpt(data.excerpt);
      link.append(excerpt);
      item.append(link);
      item.addEventListener("click", () => (location.href = data.url));
      list.append(item);
    });
    input.setAttribute("aria-expanded", String(results.length > 0));
    setActive(results.length ? 0 : -1);
  }

  async function search() {
    const query = phraseQuery(convertQuery(input.value.trim()));
    const ticket = ++latest;
    if (!query) {
      render([]);
      status.textContent = "";
      return;
    }
    try {
      const engine = await loadPagefind();
      const found = await engine.debouncedSearch(query, {}, 150);
      if (found === null || ticket !== latest) return; // a newer query superseded this one
      const data = await Promise.all(found.results.slice(0, RESULTS).map((r) => r.data()));
      if (ticket !== latest) return;
      render(data);
      status.textContent = found.results.length
        ? dialog.dataset.statusCount.replace("{n}", found.results.length)
        : dialog.dataset.statusNone;
    } catch (error) {
      status.textContent = dialog.dataset.statusError;
      throw error;
    }
  }

  // The same search without the dialog, for scripts and tests: the URLs of
  // the first results for a query typed in either script.
  window.siteSearch = {
    open,
    async urls(query) {
      const engine = await loadPagefind();
      const found = await engine.search(phraseQuery(convertQuery(query.trim())));
      const data = await Promise.all(found.results.slice(0, RESULTS).map((r) => r.data()));
      return data.map((d) => d.url);
    },
  };

  input.addEventListener("input", search);
  input.addEventListener("keydown", (event) => {
    const count = list.children.length;
    if (event.key === "ArrowDown" && count) {
      event.preventDefault();
      setActive((active + 1) % count);
    } else if (event.key === "ArrowUp" && count) {
      event.preventDefault();
      setActive((active - 1 + count) % count);
    } else if (event.key === "Enter") {
      event.preventDefault();
      const link = list.children[active] && list.children[active].querySelector("a");
      if (link) location.href = link.href;
    }
  });
  document.querySelectorAll("[data-site-search-open]").forEach((b) => b.addEventListener("click", open));
  dialog.querySelector("[data-site-search-close]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  document.addEventListener("keydown", (event) => {
    const typing = event.target.closest("input, textarea, select, [contenteditable]");
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
      event.preventDefault();
      open();
    }
  });
})();
