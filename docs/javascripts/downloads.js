// A speech's .docx and .txt, made in the reader's browser from the page.
//
// The site stores no file per speech: this script writes the links of a
// speech page's download line (.speech-downloads, made by build_scripts/
// render/speech_page.py, where without JavaScript the corpus download
// stands in for them), in the edition's words (javascripts/words.js,
// window.SPEECH_WORDS), each named as download_names.py names it. A click makes
// the file from what the page shows (its title, the facts line under it,
// headings and paragraphs, its <html lang>) and what the download line's
// data attributes add (topic tag, date, how many facts), and
// saves it under the link's `download` name. The bytes are those of
// build_scripts/render/downloads.py (speech_txt, speech_docx), which makes
// the corpus download's copies; tests/test_downloads_browser.py compares
// them. The .docx is the edition's template (downloads/speech-template.docx,
// published once; docx_template) with its text and properties filled in:
// every other part is copied as it is, those two are stored, not
// compressed. No request leaves the site.
(function () {
  "use strict";

  const line = document.querySelector(".speech-downloads");
  if (!line) return;
  const script = document.currentScript;
  const templateUrl = new URL("../downloads/speech-template.docx", script ? script.src : location.href);

  // ---- the page's text ---------------------------------------------------

  // Text as the page shows it, without the ¶ and heading links.
  function shownText(element) {
    const copy = element.cloneNode(true);
    copy.querySelectorAll(".para-link, .headerlink").forEach((link) => link.remove());
    return copy.textContent;
  }

  // The speech's blocks in order: its headings and its paragraphs (#p1 …),
  // everything before the 来源 section that follows the text.
  function speechBlocks() {
    const article = line.closest("article") || document;
    const end = article.querySelector("#provenance");
    const blocks = [];
    for (const element of article.querySelectorAll("h2[id], h3[id], h4[id], h5[id], h6[id], p[id]")) {
      if (end && (element === end || end.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      if (element.tagName === "P") {
        if (/^p\d+$/.test(element.id)) blocks.push({ heading: 0, text: shownText(element) });
      } else {
        blocks.push({ heading: Number(element.tagName.slice(1)), text: shownText(element) });
      }
    }
    return blocks;
  }

  // The facts line (where the speech is from, the source page's date, its
  // length): the first data-facts facts of the line under the title, each
  // without the " ·" that parts it from the next.
  function factsLine() {
    const facts = [...document.querySelectorAll(".speech-meta > span")].slice(0, Number(line.dataset.facts));
    return facts.map((fact) => fact.textContent.replace(/ ·$/, "")).join(" · ");
  }

  // The collection's title: the link of the first fact ("出自《…》").
  function collectionTitle() {
    const link = document.querySelector(".speech-meta > span a");
    return link ? link.textContent : "";
  }

  // The speech's id: the last folder of the page's address (…/speeches/<id>/).
  function speechId() {
    return decodeURIComponent(location.pathname.replace(/\/(index\.html)?$/, "").split("/").pop());
  }

  function speechTitle() {
    return shownText(document.querySelector("article h1") || document.querySelector("h1"));
  }

  // ---- .txt (speech_txt) ------------------------------------------------

  const BOM = "\ufeff";
  const INDENT = "\u3000\u3000";

  function speechTxt() {
    const out = [BOM + speechTitle(), factsLine(), ""];
    for (const block of speechBlocks()) {
      if (block.heading) {
        if (out[out.length - 1]) out.push("");
        out.push(block.text);
      } else {
        out.push(INDENT + block.text);
      }
    }
    return new TextEncoder().encode(out.join("\n") + "\n");
  }

  // ---- .docx (speech_docx) ------------------------------------------------

  // xml_text: escaped; characters XML cannot hold dropped, tabs and line
  // breaks made spaces.
  function xmlText(text) {
    return text
      .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
      .replace(/[\t\n\r]/g, " ")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;");
  }

  function paragraph(style, text) {
    return `<w:p><w:pPr><w:pStyle w:val="${style}"/></w:pPr>` +
      `<w:r><w:t xml:space="preserve">${xmlText(text)}</w:t></w:r></w:p>`;
  }

  function documentBody() {
    const styles = { 2: "GwHeading2", 3: "GwHeading3" };
    let body = paragraph("GwTitle", speechTitle());
    for (const block of speechBlocks()) {
      body += paragraph(block.heading ? styles[block.heading] || "GwHeading3" : "GwBody", block.text);
    }
    return body;
  }

  // _core_properties: title, subject, description, identifier, language,
  // keywords when there is a topic tag, created and modified when the
  // source page has a date.
  function coreProperties() {
    const data = line.dataset;
    const fields = [
      ["dc:title", speechTitle()],
      ["dc:subject", collectionTitle()],
      ["dc:description", factsLine()],
      ["dc:identifier", speechId()],
      ["dc:language", document.documentElement.lang],
    ];
    if (data.keywords) fields.push(["cp:keywords", data.keywords]);
    let body = fields.map(([name, value]) => `<${name}>${xmlText(value)}</${name}>`).join("");
    if (data.date) {
      for (const name of ["created", "modified"]) {
        body += `<dcterms:${name} xsi:type="dcterms:W3CDTF">${data.date}T00:00:00Z</dcterms:${name}>`;
      }
    }
    return body;
  }

  // CRC-32 (ISO 3309, as zip and zlib reckon it).
  const CRC_TABLE = new Uint32Array(256).map((_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });

  function crc32(bytes) {
    let crc = 0xffffffff;
    for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  // The entries of a zip as build_scripts/fast/zip.py writes them: no
  // extra fields, no comments, no ZIP64; each entry's local record (header,
  // name, data) and its central record, whose offset is written anew.
  function readZip(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const end = bytes.length - 22;
    if (view.getUint32(end, true) !== 0x06054b50) throw new Error("not a zip as the site writes them");
    const count = view.getUint16(end + 10, true);
    let at = view.getUint32(end + 16, true);
    const entries = [];
    for (let i = 0; i < count; i++) {
      const nameLength = view.getUint16(at + 28, true);
      const offset = view.getUint32(at + 42, true);
      const size = view.getUint32(offset + 18, true);
      const localLength = 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true) + size;
      const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
      entries.push({
        name,
        local: bytes.subarray(offset, offset + localLength),
        central: bytes.subarray(at, at + 46 + nameLength),
        data: bytes.subarray(offset + localLength - size, offset + localLength),
      });
      at += 46 + nameLength;
    }
    return entries;
  }

  // fast/zip.py's stored(): version 2.0, no flags, method 0, 1980-01-01
  // 00:00, made on Unix, mode 0644.
  function storedEntry(name, data) {
    const nameBytes = new TextEncoder().encode(name);
    const crc = crc32(data);
    const local = new Uint8Array(30 + nameBytes.length + data.length);
    const central = new Uint8Array(46 + nameBytes.length);
    const l = new DataView(local.buffer);
    const c = new DataView(central.buffer);
    l.setUint32(0, 0x04034b50, true);
    l.setUint16(4, 20, true);
    l.setUint16(12, 0x21, true); // the date: 1980-01-01 (the time, 00:00, is zero)
    l.setUint32(14, crc, true);
    l.setUint32(18, data.length, true);
    l.setUint32(22, data.length, true);
    l.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    local.set(data, 30 + nameBytes.length);
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, (3 << 8) | 20, true);
    c.setUint16(6, 20, true);
    c.setUint16(14, 0x21, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, data.length, true);
    c.setUint32(24, data.length, true);
    c.setUint16(28, nameBytes.length, true);
    c.setUint32(38, 0o100644 << 16 >>> 0, true);
    central.set(nameBytes, 46);
    return { name, local, central };
  }

  function writeZip(entries, type) {
    const parts = [];
    const directory = [];
    let offset = 0;
    for (const entry of entries) {
      parts.push(entry.local);
      const central = entry.central.slice();
      new DataView(central.buffer).setUint32(42, offset, true);
      directory.push(central);
      offset += entry.local.length;
    }
    const size = directory.reduce((sum, record) => sum + record.length, 0);
    const end = new Uint8Array(22);
    const e = new DataView(end.buffer);
    e.setUint32(0, 0x06054b50, true);
    e.setUint16(8, entries.length, true);
    e.setUint16(10, entries.length, true);
    e.setUint32(12, size, true);
    e.setUint32(16, offset, true);
    return new Blob([...parts, ...directory, end], { type });
  }

  let template = null;

  function loadTemplate() {
    template = template || fetch(templateUrl).then((response) => {
      if (!response.ok) throw new Error(`${templateUrl}: ${response.status}`);
      return response.arrayBuffer();
    }).then((buffer) => readZip(new Uint8Array(buffer)));
    return template.catch((error) => {
      template = null; // try again at the next click
      throw error;
    });
  }

  async function speechDocx() {
    const entries = await loadTemplate();
    const text = (name) => new TextDecoder().decode(entries.find((entry) => entry.name === name).data);
    const document = text("word/document.xml");
    const split = document.indexOf("<w:body>") + "<w:body>".length;
    const core = text("docProps/core.xml");
    const filled = {
      "word/document.xml": document.slice(0, split) + documentBody() + document.slice(split),
      "docProps/core.xml": core.slice(0, core.indexOf("</cp:coreProperties>")) + coreProperties() + "</cp:coreProperties>",
    };
    return writeZip(entries.map((entry) =>
      entry.name in filled ? storedEntry(entry.name, new TextEncoder().encode(filled[entry.name])) : entry),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  }

  // ---- the links ------------------------------------------------------------

  // The name the browser saves a file under, as build_scripts/render/
  // download_names.py makes it (tests/test_downloads_browser.py holds them
  // equal): the title without what is not text (Python's categories Cc, Cf,
  // Cs, Co, Cn), its white space (str.isspace) one space, ASCII punctuation
  // full width but ( ) , - ., no leading ". -", cut to 60 characters and
  // 180 bytes of UTF-8 with "…", then the edition and the extension.
  const SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
  const NOT_TEXT = /^[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]$/u;
  const FULL_WIDTH = /[!"#$%&'*+/:;<=>?@[\\\]^_`{|}~]/g;
  const utf8Length = (text) => new TextEncoder().encode(text).length;

  function safeTitle(title) {
    const kept = [];
    for (const c of title.normalize("NFC")) {
      if (SPACE.test(c)) kept.push(" ");
      else if (!NOT_TEXT.test(c)) kept.push(c);
    }
    const text = kept.join("").split(" ").filter(Boolean).join(" ")
      .replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0))
      .replace(/^[.\- ]+/, "");
    const chars = [...text];
    let cut = chars.slice(0, 60);
    while (utf8Length(cut.join("")) > 180) cut.pop();
    return cut.length === chars.length ? text : cut.join("").replace(/[.\- ]+$/, "") + "…";
  }

  const words = window.SPEECH_WORDS || {};
  const title = safeTitle(speechTitle()) || speechId();

  const makers = {
    docx: async () => speechDocx(),
    txt: async () => new Blob([speechTxt()], { type: "text/plain;charset=utf-8" }),
  };

  // What stood in for the links without JavaScript goes; each link is a
  // fact of the line, "下载：" before the first.
  for (const element of [...line.children]) element.hidden = true;
  Object.keys(makers).forEach((format, index, formats) => {
    const make = makers[format];
    const fact = document.createElement("span");
    const link = document.createElement("a");
    link.download = `${title}（${words.edition}）.${format}`;
    link.href = "#";
    link.dataset.format = format;
    link.textContent = words[format] || format;
    if (index === 0) fact.append(words.download || "");
    fact.append(link);
    if (index < formats.length - 1) fact.append(" ·");
    line.append(fact);
    if (index < formats.length - 1) line.append(" ");
    link.addEventListener("click", async (event) => {
      if (link.href.startsWith("blob:")) return; // made already: the browser saves it
      event.preventDefault();
      const blob = await make();
      link.href = URL.createObjectURL(blob);
      link.click();
    });
  });
})();
