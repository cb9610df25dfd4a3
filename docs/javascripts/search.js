// Site search, in a dialog opened from the header, which this script builds
// (the page holds only the button; its words are the edition's, in
// javascripts/words.js, loaded before this script).
//
// The index (build_scripts/publishing/search_index.py) is an inverted index of character
// bigrams, split into shards by a hash of the token, so a query downloads one
// small shard per bigram and then the texts of its best results, whatever
// the size of the corpus. Each result's text is checked to hold the query's
// characters in a row, and an excerpt around them is shown with the match
// marked. A result opens the speech at the paragraph that holds the match
// (#p12, or a heading's id) with the query in the address (?q=), which
// javascripts/reader.js marks there. The site has one index, of the
// Simplified text, at its root: queries typed in Traditional are made
// Simplified first (window.SCRIPT_QUERY_MAP, made by the generator from the
// corpus), in either edition, and the Traditional edition shows results in
// its script (window.SCRIPT_DISPLAY_MAP and the doc's "hant" lines).
(function () {
  "use strict";

  const script = document.currentScript;
  // The page holds the button only (partials/site-search.html; the header's
  // comes first, before the 404 page's own), its strings are the edition's
  // (window.SEARCH_WORDS: build_scripts/publishing/header_words.py): the
  // dialog is built here, at load.
  const opener = document.querySelector("[data-site-search-open]");
  const words = window.SEARCH_WORDS;
  if (!opener || !words) return;
  const [label, title, name, placeholder, close, resultsName, ...statuses] = words;
  const [statusNone, statusCount, statusMore, statusError] = statuses;
  function make(tag, attributes, children) {
    const node = tag === "svg" ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
    for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
    node.append(...(children || []));
    return node;
  }
  const icon = (shape) => make("svg", { class: "icon icon-" + shape });
  for (const [key, value] of Object.entries({
    type: "button",
    title,
    "aria-label": label,
    "aria-haspopup": "dialog",
    "aria-keyshortcuts": "/ s",
  })) {
    opener.setAttribute(key, value);
  }
  const input = make("input", {
    id: "site-search-input",
    class: "site-search__input",
    type: "search",
    autocomplete: "off",
    spellcheck: "false",
    placeholder,
    role: "combobox",
    "aria-expanded": "false",
    "aria-controls": "site-search-results",
    "aria-autocomplete": "list",
  });
  const closer = make("button", { type: "button", class: "site-search__close md-icon", "aria-label": close }, [icon("close")]);
  const status = make("p", { class: "site-search__status", role: "status", "aria-live": "polite" });
  const list = make("ol", {
    id: "site-search-results",
    class: "site-search__results",
    role: "listbox",
    "aria-label": resultsName,
  });
  const dialog = make("dialog", { class: "site-search", "aria-label": name }, [
    make("form", { class: "site-search__form", role: "search", method: "dialog" }, [
      make("label", { class: "site-search__label md-icon", for: "site-search-input" }, [
        icon("magnify"),
        make("span", { class: "site-search__hidden" }, [name]),
      ]),
      input,
      closer,
    ]),
    status,
    list,
  ]);
  // Where the header's dialog was (the button's parent, in the header).
  opener.after(dialog);
  // The edition's root: this script is its javascripts/search.js, and its
  // address is absolute (also on the 404 page, shown with a <base>).
  const base = new URL("../", script.src);
  const RESULTS = 10;
  const CHECKED = 30; // candidates whose text is fetched at most, per query
  const EXCERPT = 60; // characters
  const SINGLE = 112; // search_index.py SINGLE
  let loading = null;
  let active = -1;
  let latest = 0;

  // editions/review.py convert_query(): the longest listed word (four
  // characters down to two) at each position, else the character; by code
  // point, as Python counts.
  function convertText(map, text) {
    const points = Array.from(text);
    let out = "";
    for (let i = 0; i < points.length; ) {
      let step = 1;
      let piece = map.chars[points[i]] || points[i];
      for (let len = 4; len >= 2; len--) {
        if (i + len > points.length) continue;
        const word = points.slice(i, i + len).join("");
        if (Object.prototype.hasOwnProperty.call(map.words, word)) {
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
  // The site has one search index, of the Simplified text: a query typed in
  // Traditional is made Simplified in either edition ...
  function convertQuery(query) {
    return convertText(window.SCRIPT_QUERY_MAP || { chars: {}, words: {} }, query);
  }
  // ... and the Traditional edition shows its results in its own script: the
  // map's conversion, or what the doc's "hant" says the page prints where
  // the map would get it wrong (search_index.py edition_record()).
  const SHOWN = window.SCRIPT_DISPLAY_MAP || null;
  function editionRecord(record) {
    if (!SHOWN) return record;
    const own = record.hant || {};
    const pick = (key) => (key in own ? own[key] : convertText(SHOWN, record[key]));
    const out = { url: record.url, title: pick("title"), provenance: pick("provenance") };
    if ("text" in own) return Object.assign(out, { text: own.text, headings: own.headings, otherCopy: true });
    const lines = convertText(SHOWN, record.text).split("\n");
    out.text = lines.map((line, n) => (String(n) in own ? own[String(n)] : line)).join("\n");
    out.headings = record.headings || [];
    return out;
  }

  // The same tokens as search_index.py: normalize(), terms(), term_tokens().
  const HAN_RUN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/;
  const RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+/g;
  function normalize(text) {
    return text
      .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
      .toLowerCase();
  }
  function terms(query) {
    return normalize(query).match(RUN) || [];
  }
  function termTokens(term) {
    if (HAN_RUN.test(term) && term.length > 1) {
      const out = [];
      for (let i = 0; i + 1 < term.length; i++) out.push(term.substr(i, 2));
      return out;
    }
    return [term];
  }
  // CRC-32 (zlib's) of the token's UTF-8 bytes, as search_index.shard_of().
  const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  function shardOf(token, shards) {
    let crc = 0xffffffff;
    for (const byte of new TextEncoder().encode(token)) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
    return ((crc ^ 0xffffffff) >>> 0) % shards;
  }

  async function fetchGzip(path) {
    const response = await fetch(new URL(path, index.root).href + "?v=" + index.meta.version);
    if (!response.ok) throw new Error(path + ": HTTP " + response.status);
    const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  // search_index.py _norms(): BM25's length normalization of each speech,
  // from lengths.bin; whole numbers, so the mean is as exact as Python's.
  const K1 = 1.2;
  const B = 0.75;
  function readNorms(raw) {
    const lengths = [];
    let value = 0;
    let shift = 0;
    for (const byte of raw) {
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) {
        lengths.push(value);
        value = shift = 0;
      }
    }
    const mean = (lengths.length ? lengths.reduce((a, b) => a + b, 0) / lengths.length : 0) || 1;
    return lengths.map((length) => K1 * (1 - B + (B * length) / mean));
  }
  // search_index.py _impact(): the weight of a token counted count times,
  // rounded as NumPy's rint (halves to even), 1–255.
  function impactOf(count, norm) {
    const weight = (255 * count) / (count + norm);
    let rounded = Math.round(weight);
    if (rounded - weight === 0.5 && rounded % 2) rounded -= 1;
    return Math.min(255, Math.max(1, rounded));
  }

  // search_index.py read_shard(), in the browser: token → postings, each with
  // its weights (for the heaviest speeches) and its holders (all speeches).
  function readShard(raw, norms) {
    let pos = 0;
    const varint = () => {
      let value = 0;
      let shift = 0;
      for (;;) {
        const byte = raw[pos++];
        value += (byte & 0x7f) * 2 ** shift;
        if (byte < 0x80) return value;
        shift += 7;
      }
    };
    const decoder = new TextDecoder();
    const tokens = new Map();
    for (let count = varint(); count > 0; count--) {
      const size = varint();
      const token = decoder.decode(raw.subarray(pos, pos + size));
      pos += size;
      const frequency = varint();
      const weighed = [];
      let doc = -1;
      for (let kept = varint(); kept > 0; kept--) weighed.push((doc += varint() + 1));
      const impacts = new Map();
      for (const d of weighed) impacts.set(d, impactOf(varint(), norms[d]));
      let holders = [...impacts.keys()];
      if (frequency > impacts.size) {
        const kind = raw[pos++];
        const end = varint() + pos;
        holders = [];
        if (kind === 0) {
          for (doc = -1; pos < end; ) holders.push((doc += varint() + 1));
        } else {
          for (let i = 0; pos + (i >> 3) < end; i++) if ((raw[pos + (i >> 3)] >> (i & 7)) & 1) holders.push(i);
          pos = end;
        }
      }
      let floor = 0;
      if (frequency > impacts.size) floor = Math.min(...impacts.values());
      tokens.set(token, { frequency, impacts, holders, floor });
    }
    return tokens;
  }

  const index = { root: new URL("../search/", base), meta: null, shards: new Map(), docs: new Map(), chars: null, norms: null };

  // One load for the whole page, so searches resolve in the order typed.
  function loadIndex() {
    loading =
      loading ||
      (async () => {
        const response = await fetch(new URL("meta.json", index.root).href, { cache: "no-cache" });
        if (!response.ok) throw new Error("search/meta.json: HTTP " + response.status);
        index.meta = await response.json();
        return index;
      })();
    return loading;
  }

  function norms() {
    index.norms = index.norms || fetchGzip("lengths.bin").then(readNorms);
    return index.norms;
  }

  function shard(token) {
    const n = shardOf(token, index.meta.shards);
    if (!index.shards.has(n)) {
      index.shards.set(n, Promise.all([fetchGzip("shards/" + n + ".bin"), norms()]).then(([raw, w]) => readShard(raw, w)));
    }
    return index.shards.get(n).then((tokens) => tokens.get(token) || null);
  }

  // search_index.py decode_doc(): a doc's bytes are ranks in chars.bin
  // (one byte below 0xF0, else two), ASCII, or JSON escapes. A unit of
  // chars.bin is a character, or the two after a line break (a word).
  function chars() {
    index.chars =
      index.chars ||
      fetchGzip("chars.bin").then((raw) =>
        new TextDecoder()
          .decode(raw)
          .split("\n")
          .flatMap((piece, i) => {
            const c = Array.from(piece);
            return i ? [c.slice(0, 2).join(""), ...c.slice(2)] : c;
          }),
      );
    return index.chars;
  }
  function decodeDoc(raw, table) {
    const out = [];
    for (let pos = 0; pos < raw.length; pos++) {
      const byte = raw[pos];
      if (byte < 0x80) out.push(String.fromCharCode(byte));
      else if (byte < 0xf0) out.push(table[byte - 0x80]);
      else out.push(table[SINGLE + ((byte - 0xf0) << 8) + raw[++pos]]);
    }
    return JSON.parse(out.join(""));
  }
  function doc(n) {
    if (!index.docs.has(n)) {
      index.docs.set(n, Promise.all([fetchGzip("docs/" + n + ".bin"), chars()]).then(([raw, table]) => decodeDoc(raw, table)));
    }
    return index.docs.get(n);
  }

  // search_index.py candidates(): the speeches holding every token of the
  // query, best first; where a token's weight in a speech was not kept, it
  // weighs as its lightest kept weight.
  async function candidates(query) {
    const tokens = [...new Set(terms(query).flatMap(termTokens))];
    if (!tokens.length) return [];
    const lists = await Promise.all(tokens.map(shard));
    if (lists.some((p) => p === null)) return [];
    const sets = lists.map((p) => new Set(p.holders));
    const rarest = lists.reduce((a, b) => (b.frequency < a.frequency ? b : a));
    const pool = rarest.holders.filter((d) => sets.every((set) => set.has(d)));
    const n = index.meta.docs;
    const idf = lists.map((p) => Math.log(1 + (n - p.frequency + 0.5) / (p.frequency + 0.5)));
    const scored = pool.map((d) => {
      let score = 0;
      lists.forEach((p, i) => (score += idf[i] * (p.impacts.has(d) ? p.impacts.get(d) : p.floor)));
      return [d, score];
    });
    // The same score, summed in the same order, as the Python reader.
    scored.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    return scored.map((entry) => entry[0]);
  }

  // search_index.py passage(): where a result opens the speech. The first
  // line (paragraph or heading) holding the most of the query's terms, all
  // of them if one does: its id ("p7", or the heading's), and where in the
  // text its first match starts; no id when only the title holds them.
  function passage(record, query) {
    const wanted = [...new Set(terms(query))];
    const lines = normalize(record.text).split("\n");
    let best = -1;
    let most = 0;
    for (let line = 0; line < lines.length && most < wanted.length; line++) {
      const found = wanted.filter((term) => lines[line].includes(term)).length;
      if (found > most) {
        best = line;
        most = found;
      }
    }
    if (best < 0) return { anchor: null, at: -1, line: -1 };
    const headings = new Map(record.headings || []);
    let anchor = headings.get(best);
    if (anchor === undefined) {
      let before = 0;
      for (const line of headings.keys()) if (line < best) before++;
      anchor = "p" + (best + 1 - before);
    }
    let at = lines.slice(0, best).reduce((sum, line) => sum + line.length + 1, 0);
    const starts = wanted.map((term) => lines[best].indexOf(term)).filter((i) => i >= 0);
    return { anchor, at: at + Math.min(...starts), line: best };
  }

  // A window of the text around the passage's match (at), as runs of text,
  // each marked or not: [[text, marked], …]. The page inserts them as text
  // nodes and <mark> elements (never as HTML), so the text shows as it is.
  // Normalizing keeps the length of the text, so positions carry over; so
  // does the Traditional edition's text of the same lines, where it is as
  // long (shown), so the same characters are marked in its script.
  function excerpt(text, query, at, shown) {
    const flat = text.replace(/\s/g, " ");
    const folded = normalize(flat);
    const out = shown !== undefined && shown.length === text.length ? shown.replace(/\s/g, " ") : flat;
    const wanted = terms(query).sort((a, b) => b.length - a.length);
    const start = Math.max(0, at - Math.floor(EXCERPT / 3));
    const end = Math.min(flat.length, start + EXCERPT);
    const marks = new Array(end - start).fill(false);
    for (const term of wanted) {
      for (let at = folded.indexOf(term, start); at >= 0 && at < end; at = folded.indexOf(term, at + 1)) {
        for (let i = at; i < Math.min(end, at + term.length); i++) marks[i - start] = true;
      }
    }
    const runs = start > 0 ? [["…", false]] : [];
    for (let i = start; i < end; ) {
      let j = i;
      while (j < end && marks[j - start] === marks[i - start]) j++;
      runs.push([out.slice(i, j), marks[i - start]]);
      i = j;
    }
    if (end < flat.length) runs.push(["…", false]);
    return runs;
  }

  // Where a result opens, what it shows, and the query the page marks, in
  // this edition's script.
  function shownResult(record, query) {
    const shown = editionRecord(record);
    if (shown.otherCopy) {
      // The edition prints another copy of the speech: found there, with the
      // query in its script (search_index.py edition_passage()).
      const asShown = convertText(SHOWN, query);
      const place = passage(shown, asShown);
      return { shown, place, marked: asShown, excerpt: excerpt(shown.text, asShown, place.at) };
    }
    const place = passage(record, query);
    if (SHOWN && shown.text.length !== record.text.length) {
      // A line the edition prints in other words (a Traditional source's):
      // the excerpt from its own text, around the query in its script.
      const asShown = convertText(SHOWN, query);
      const lines = shown.text.split("\n");
      let at = -1;
      if (place.line >= 0) {
        const starts = terms(asShown).map((t) => normalize(lines[place.line]).indexOf(t)).filter((i) => i >= 0);
        at = lines.slice(0, place.line).reduce((sum, line) => sum + line.length + 1, 0) + (starts.length ? Math.min(...starts) : 0);
      }
      return { shown, place, marked: asShown, excerpt: excerpt(shown.text, asShown, at) };
    }
    const runs = excerpt(record.text, query, place.at, SHOWN ? shown.text : undefined);
    let marked = query;
    if (SHOWN) {
      // The page marks the words as it prints them: the passage's own
      // characters where the match is, else the map's conversion.
      const line = place.line >= 0 ? normalize(record.text.split("\n")[place.line]) : "";
      const own = place.line >= 0 ? shown.text.split("\n")[place.line] : "";
      marked = terms(query)
        .map((term) => {
          const at = line.indexOf(term);
          return at >= 0 && own.length === line.length ? own.slice(at, at + term.length) : convertText(SHOWN, term);
        })
        .join(" ");
    }
    return { shown, place, marked, excerpt: runs };
  }

  // The speeches holding every term of the query, best first: search_index.py
  // search(), with the excerpt each result shows.
  async function run(query) {
    await loadIndex();
    const found = [];
    const ranked = await candidates(query);
    const wanted = terms(query);
    for (let from = 0; from < Math.min(ranked.length, CHECKED) && found.length < RESULTS; from += RESULTS) {
      const batch = await Promise.all(ranked.slice(from, Math.min(from + RESULTS, CHECKED)).map(doc));
      for (const record of batch) {
        const text = normalize(record.title + "\n" + record.text);
        if (found.length < RESULTS && wanted.every((term) => text.includes(term))) {
          const url = new URL(record.url.replace(/^\//, ""), base);
          const result = shownResult(record, query);
          const href = new URL(url);
          href.search = "?q=" + encodeURIComponent(result.marked);
          if (result.place.anchor) href.hash = "#" + encodeURIComponent(result.place.anchor);
          found.push({
            url: url.href,
            href: href.href,
            title: result.shown.title,
            provenance: result.shown.provenance,
            excerpt: result.excerpt,
          });
        }
      }
    }
    const more = ranked.length > CHECKED || (found.length === RESULTS && ranked.length > RESULTS);
    return { results: found, more };
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
    loadIndex().catch(() => {});
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
      // The link itself is the option (an option may hold no link, WAI-ARIA:
      // its children are presentational); the list item is only its frame.
      const item = document.createElement("li");
      item.setAttribute("role", "none");
      item.className = "site-search__result";
      const link = document.createElement("a");
      link.id = "site-search-result-" + i;
      link.setAttribute("role", "option");
      link.href = data.href;
      link.tabIndex = -1;
      const title = document.createElement("span");
      title.className = "site-search__title";
      title.textContent = data.title;
      link.append(title);
      if (data.provenance) {
        const provenance = document.createElement("span");
        provenance.className = "site-search__provenance";
        provenance.textContent = data.provenance;
        link.append(provenance);
      }
      const excerpt = document.createElement("p");
      excerpt.className = "site-search__excerpt";
      for (const [text, marked] of data.excerpt) {
        if (marked) {
          const mark = document.createElement("mark");
          mark.textContent = text;
          excerpt.append(mark);
        } else {
          excerpt.append(text);
        }
      }
      link.append(excerpt);
      item.append(link);
      item.addEventListener("click", () => (location.href = data.href));
      list.append(item);
    });
    input.setAttribute("aria-expanded", String(results.length > 0));
    setActive(results.length ? 0 : -1);
  }

  let timer = null;
  function search() {
    clearTimeout(timer);
    timer = setTimeout(searchNow, 120); // wait for the typing to pause
  }

  async function searchNow() {
    const query = convertQuery(input.value.trim());
    const ticket = ++latest;
    if (!terms(query).length) {
      render([]);
      status.textContent = "";
      return;
    }
    try {
      const found = await run(query);
      if (ticket !== latest) return; // a newer query superseded this one
      render(found.results);
      status.textContent = found.results.length
        ? (found.more ? statusMore : statusCount).replace("{n}", found.results.length)
        : statusNone;
    } catch (error) {
      if (ticket === latest) status.textContent = statusError;
      throw error;
    }
  }

  // The same search without the dialog, for scripts and tests: the URLs of
  // the first results for a query typed in either script, and the addresses
  // the results open (at the passage, with the query).
  window.siteSearch = {
    open,
    async urls(query) {
      const found = await run(convertQuery(query.trim()));
      return found.results.map((r) => r.url);
    },
    async links(query) {
      const found = await run(convertQuery(query.trim()));
      return found.results.map((r) => r.href);
    },
    // Speech number n of the index as this edition shows it: url, title,
    // provenance, text, headings.
    async record(n) {
      await loadIndex();
      return editionRecord(await doc(n));
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
  closer.addEventListener("click", () => dialog.close());
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
