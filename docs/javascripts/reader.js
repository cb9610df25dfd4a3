// Reading aids on speech pages (the markup comes from the theme,
// docs/overrides/partials/speech.html, with every string in the edition's
// script, from the page's front matter; the strings of what this script
// adds come from the edition's javascripts/words.js, window.SPEECH_WORDS):
//
// - the ¶ link of each paragraph, and of each heading on every page (no
//   JavaScript, no ¶: the ids stay, so a link to #p3 still works);
// - the switch that shows or hides the highlighting of template placeholders
//   (xx, 20xx, ****), remembered in localStorage;
// - the links to each paragraph and heading: they go to the anchor, and also
//   copy its address, confirmed in a polite live region;
// - the citation: its address (the canonical URL when the site has one, else
//   the address the reader is at) and the access date are filled in, and the
//   copy button puts it on the clipboard;
// - on every page with an outline, the outline drawer of narrow screens
//   (docs/overrides/main.html) closes when a section is chosen, and on Escape;
// - a page opened from a search result (?q=… in its address, javascripts/
//   search.js) marks the query's words in the paragraph it was opened at.
(function () {
  "use strict";

  const words = window.SPEECH_WORDS || {};

  // The outline drawer: it works without JavaScript (a checkbox); this
  // closes it once it has done its work.
  const outline = document.getElementById("__outline");
  if (outline) {
    const panel = document.getElementById("__outline_panel");
    panel.addEventListener("click", (event) => {
      if (event.target.closest("a[href^='#']")) outline.checked = false;
    });
    // Opened, it shows the section the reader is in (Material marks it).
    outline.addEventListener("change", () => {
      const current = outline.checked && panel.querySelector(".md-nav__link--active");
      if (current) {
        const offset = current.getBoundingClientRect().top - panel.getBoundingClientRect().top;
        panel.scrollTop += offset - panel.clientHeight / 3;
      }
    });
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && outline.checked) {
        outline.checked = false;
        outline.focus();
      }
    });
  }

  // The words of a search, marked in the passage it opened (search.js puts
  // the query, in the edition's script, in the address). The same terms as
  // the search: runs of Han characters, or ASCII words, folded alike.
  function normalize(text) {
    return text
      .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .toLowerCase();
  }

  function markTerms(element, query) {
    const wanted = normalize(query).match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g) || [];
    // The element's text, node by node (not the ¶ link), as one string.
    const nodes = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT, {
      acceptNode: (node) => (node.parentElement.closest(".para-link, .headerlink") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
    });
    let text = "";
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node, start: text.length });
      text += node.data;
    }
    const folded = normalize(text);
    const marked = new Array(text.length).fill(false);
    for (const term of wanted) {
      for (let at = folded.indexOf(term); at >= 0; at = folded.indexOf(term, at + term.length)) {
        marked.fill(true, at, at + term.length);
      }
    }
    // Each run of marked characters, piece by piece within the text nodes,
    // the last first so that earlier offsets stay valid.
    for (let n = nodes.length - 1; n >= 0; n--) {
      const { node, start } = nodes[n];
      for (let end = node.data.length; end > 0; ) {
        if (!marked[start + end - 1]) {
          end--;
          continue;
        }
        let from = end;
        while (from > 0 && marked[start + from - 1]) from--;
        const range = document.createRange();
        range.setStart(node, from);
        range.setEnd(node, end);
        const mark = document.createElement("mark");
        mark.className = "search-hit";
        range.surroundContents(mark);
        end = from;
      }
    }
  }

  // The ¶ link of each paragraph of a speech's text (p1, p2 …), labelled in
  // the page's script ("链接到第{n}段"), before the search's words are
  // marked (they skip it).
  const speechPage = document.querySelector(".speech-downloads");
  if (speechPage && words.paragraph_link) {
    const label = words.paragraph_link;
    for (const paragraph of document.querySelectorAll(".md-content article p[id]")) {
      const number = /^p(\d+)$/.exec(paragraph.id);
      if (!number) continue;
      const link = document.createElement("a");
      link.className = "para-link";
      link.href = "#" + paragraph.id;
      link.setAttribute("aria-label", label.replace("{n}", number[1]));
      link.title = label.replace("{n}", number[1]);
      link.textContent = "¶";
      paragraph.appendChild(link);
    }
  }

  const query = new URLSearchParams(location.search).get("q");
  if (query) {
    let target = null;
    try {
      target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    } catch (error) {
      // A malformed address: nothing to mark.
    }
    target = target || document.getElementById("title");
    if (target && target.closest(".md-content")) markTerms(target, query);
  }

  // The ¶ link of each heading with an id, on every page, where Material's
  // own would be (its class, so its look): "链接到本节" in the edition's
  // script (Material's page settings, main.html), and the heading's words
  // for an accessible name. Not in the HTML: on every page they were bytes
  // no reader without JavaScript could use (the ids stay).
  let sectionLink = "";
  try {
    sectionLink = JSON.parse(document.getElementById("__config").textContent).translations["section.link"] || "";
  } catch (error) {
    // No settings: the links go without a title.
  }
  for (const heading of document.querySelectorAll(".md-content article :is(h1, h2, h3, h4, h5, h6)[id]:not([data-no-link])")) {
    const link = document.createElement("a");
    link.className = "headerlink";
    link.href = "#" + heading.id;
    if (sectionLink) {
      link.title = sectionLink;
      link.setAttribute("aria-label", sectionLink + "：" + heading.textContent.trim());
    }
    link.textContent = "¶";
    heading.appendChild(link);
  }

  // The reading tools of a speech page, after its download line: the
  // placeholder switch, and the status line that confirms a copy (a live
  // region from the start, so that what it later says is heard).
  if (!speechPage) return;
  const tools = document.createElement("div");
  tools.className = "reader-tools";
  const status = document.createElement("p");
  status.className = "reader-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  tools.append(status);
  speechPage.after(tools);
  const root = document.documentElement;
  let clearing = null;

  function announce(message) {
    status.textContent = message;
    status.classList.add("reader-status--shown");
    clearTimeout(clearing);
    clearing = setTimeout(() => {
      status.classList.remove("reader-status--shown");
      status.textContent = "";
    }, 2500);
  }

  function remember(key, value) {
    try {
      localStorage.setItem(key, value);
    } catch (error) {
      // Private browsing: the choice holds for this page only.
    }
  }

  // The page's own address: canonical when site_url is set, else this one
  // (without a search's query).
  function pageAddress() {
    const canonical = document.querySelector('link[rel="canonical"]');
    return canonical ? canonical.href.split("#")[0] : location.origin + location.pathname;
  }

  // Clipboard API where allowed, else a selected textarea and execCommand.
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(() => fallbackCopy(text));
    }
    return fallbackCopy(text);
  }

  function fallbackCopy(text) {
    return new Promise((resolve, reject) => {
      const area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      let done = false;
      try {
        done = document.execCommand("copy");
      } catch (error) {
        done = false;
      }
      area.remove();
      if (done) resolve();
      else reject(new Error("copy refused"));
    });
  }

  // A button of the page's text (Material's look), named by its data
  // attribute for the stylesheet and the tests.
  function button(className, dataKey) {
    const made = document.createElement("button");
    made.type = "button";
    made.className = "md-button " + className;
    made.dataset[dataKey] = "";
    return made;
  }

  // Placeholder highlighting: its switch, on a speech whose text has
  // placeholders (the facts line counts them).
  if (document.querySelector(".speech-meta > .fact--placeholders")) {
    const toggle = button("reader-tools__placeholders", "placeholderToggle");
    toggle.title = words.placeholders_title || "";
    tools.prepend(toggle);
    const show = (shown) => {
      root.classList.toggle("placeholders-hidden", !shown);
      toggle.textContent = (shown ? words.hide_placeholders : words.show_placeholders) || "";
    };
    show(!root.classList.contains("placeholders-hidden"));
    toggle.addEventListener("click", () => {
      const shown = root.classList.contains("placeholders-hidden");
      show(shown);
      remember("placeholders", shown ? "shown" : "hidden");
    });
  }

  // Links to paragraphs and headings: go to the anchor and copy its address.
  document.querySelector(".md-content").addEventListener("click", (event) => {
    const link = event.target.closest("a.para-link, a.headerlink");
    if (!link) return;
    // Percent-encoded (#%E4%BA%8C…), so the address survives any chat or mail.
    const address = new URL(link.getAttribute("href"), pageAddress()).href;
    copyText(address).then(
      () => announce(words.link_copied || ""),
      () => announce(words.link_copy_failed || "")
    );
    // The link itself still goes to the anchor.
  });

  // Citation: the address, the access date after it, and the copy button.
  const citation = document.querySelector(".citation");
  if (citation) {
    const text = citation.querySelector(".citation__text");
    const url = citation.querySelector(".citation__url");
    const today = new Date();
    url.textContent = pageAddress();
    const accessed = document.createElement("span");
    accessed.dataset.citationAccessed = "";
    const date = document.createElement("span");
    date.dataset.citationDate = "";
    date.textContent = today.getFullYear() + "年" + (today.getMonth() + 1) + "月" + today.getDate() + "日";
    accessed.append("，" + (words.accessed || ""), date);
    url.after(accessed);
    const copy = button("citation__copy", "citationCopy");
    copy.textContent = words.copy_citation || "";
    citation.append(copy);
    copy.addEventListener("click", () => {
      const value = text.textContent.replace(/\s+/g, " ").trim();
      copyText(value).then(
        () => announce(words.citation_copied || ""),
        () => {
          // Leave the citation selected so the reader can copy it by hand.
          const range = document.createRange();
          range.selectNodeContents(text);
          const selection = getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          announce(words.citation_copy_failed || "");
        }
      );
    });
  }
})();
