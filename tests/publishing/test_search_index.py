"""The search index: bigram tokens, postings cut to the heaviest speeches,
shards by hash, and the reference reader that search.js mirrors."""

import gzip
import json
import re
from collections import Counter
from dataclasses import replace

from build_scripts.editions.review import TextMap, convert_query
from build_scripts.publishing.search_index import (
    CHARS,
    build_index,
    candidates,
    edition_passage,
    edition_record,
    lookup,
    normalize,
    passage,
    read_doc,
    read_units,
    search,
    term_tokens,
    terms,
    token_counts,
)

from build_scripts.model import SearchRecord
from build_scripts.render.paths import QUERY_MAP, search_records_path
from build_scripts.render.site_data import read_display_map

from ..conftest import speech_by_sections


def test_tokens_are_characters_bigrams_and_ascii_words():
    counts = token_counts("穗字[****]6号，２０２２年 PPP 模式")
    assert counts["穗字"] == 1 and counts["字"] == 1 and counts["6"] == 1 and counts["2022"] == 1
    assert counts["ppp"] == 1 and counts["模式"] == 1 and counts["年"] == 1
    # No bigram across punctuation, digits or spaces.
    assert "号，" not in counts and "6号" not in counts and "年p" not in counts and "年模" not in counts


def test_queries_become_terms_and_tokens():
    assert terms(" 卫生  2022年 PM２.5") == ["卫生", "2022", "年", "pm2", "5"]
    assert term_tokens("文明城市") == ["文明", "明城", "城市"]
    assert term_tokens("城") == ["城"] and term_tokens("xx") == ["xx"]


def test_one_record_per_speech_and_edition(generated):
    for edition in ("zh-Hans", "zh-Hant"):
        records = generated.search[edition]
        assert [r.url for r in records] == [f"/speeches/{s.id}/" for s in generated.speeches]
    speech = speech_by_sections(generated, 1, 3)
    hans = next(r for r in generated.search["zh-Hans"] if r.url.endswith(f"/{speech.id}/"))
    hant = next(r for r in generated.search["zh-Hant"] if r.url.endswith(f"/{speech.id}/"))
    assert hans.title == "在创建全国文明城市工作会议上的讲话稿" and hant.title == "在創建全國文明城市工作會議上的講話稿"
    assert hans.provenance.startswith("出自《城市工作讲话稿（9篇）》第3篇、第1篇")
    assert "穗字[****]6号" in hans.text and "穗字[****]6號" in hant.text
    # Speech text only: no page furniture, no provenance list.
    assert "来源" not in hans.text.split("\n")[-1] and "重复稿" not in hans.text


def test_every_word_of_every_speech_finds_it(generated):
    """Each 2–4 character run of each speech, at every 97th position, in each
    edition: the speech is among the results, and every result holds the run."""
    for edition, records in generated.search.items():
        files = build_index(records)
        texts = {r.url: r.title + "\n" + r.text for r in records}
        for record in records:
            runs = re.findall(r"[\u4e00-\u9fff]{4,}", record.text)
            words = [run[i : i + 2 + i % 3] for run in runs[::7] for i in range(0, len(run) - 3, 97)]
            assert len(words) >= 5
            for word in words:
                found = search(files, word, limit=len(records))
                assert record.url in found, (edition, word)
                assert all(word in texts[url] for url in found)


def test_postings_hold_frequency_and_impacts(generated):
    records = generated.search["zh-Hans"]
    files = build_index(records)
    holders = [i for i, r in enumerate(records) if "创卫" in r.title + r.text]
    postings = lookup(files, "创卫")
    assert postings.frequency == len(holders) > 0 and sorted(postings.impacts) == sorted(postings.holders) == holders
    assert all(1 <= v <= 255 for v in postings.impacts.values())
    assert lookup(files, "不存在的词") is None
    # The shards store counts; the reader weighs them with lengths.bin as
    # BM25 does (title counted five times), to the weights the build ranked by.
    counts = [token_counts(r.text) + Counter({t: 5 * k for t, k in token_counts(r.title).items()}) for r in records]
    lengths = [sum(c.values()) for c in counts]
    mean = sum(lengths) / len(lengths)
    for token in ("创卫", "工作", "的", "城市", "2022"):
        found = lookup(files, token)
        expected = {}
        for doc, c in enumerate(counts):
            if c[token]:
                norm = 1.2 * (1 - 0.75 + 0.75 * lengths[doc] / mean)
                expected[doc] = min(255, max(1, round(255 * c[token] / (c[token] + norm))))
        assert found.impacts == expected, token
    meta = json.loads(files["meta.json"])
    assert meta["docs"] == len(records) and len(files) == 3 + meta["shards"] + len(records)
    record = read_doc(files, 0)
    assert record == {"url": records[0].url, "title": records[0].title, "provenance": records[0].provenance,
                      "text": records[0].text, "headings": [list(h) for h in records[0].headings]}


def test_docs_are_written_with_the_corpus_s_characters_and_read_back_whole():
    """A doc's characters and common two-character words are their ranks in
    chars.bin, the most frequent in one byte; beyond what chars.bin can hold
    (and for the rare astral or control character), JSON escapes: every
    string reads back as it was, whatever words it holds or breaks."""
    many = "".join(chr(0x4E00 + i) for i in range(CHARS + 300))
    odd = '在\U0001F600 "引号" \\ </script>\u2028\x00\t中\U000F0000\U0010FFFF\ue000'
    records = [
        SearchRecord(url="/speeches/a/", title="在会议上的讲话", provenance="出自 · 1 字", text="同志们：\n" + many, headings=()),
        SearchRecord(url="/speeches/b/", title=odd, provenance=odd, text=odd + "\n会议" * 50 + "\n会会议议会" * 7, headings=((1, "一"),)),
    ]
    files = build_index(records)
    units = read_units(files["chars.bin"])
    assert units[0] == "会议" and len(units) == CHARS and len(set(units)) == CHARS
    # Words only of characters beyond ASCII, and only the common ones.
    assert all(len(u) == 1 or (len(u) == 2 and min(u) > "\x7f") for u in units)
    assert "引号" not in units and many[:2] not in units
    for n, r in enumerate(records):
        headings = {"headings": [list(h) for h in r.headings]} if r.headings else {}
        assert read_doc(files, n) == {"url": r.url, "title": r.title, "provenance": r.provenance, "text": r.text, **headings}
    # The most frequent word takes one byte: "会议" fifty times is fifty
    # bytes before gzip, not three hundred.
    raw = gzip.decompress(files["docs/1.bin"])
    assert raw.count(bytes([0x80])) == 50 + 7
    assert b"\\u" in gzip.decompress(files["docs/0.bin"])  # the characters chars.bin has no room for
    assert search(files, "会议") == ["/speeches/b/", "/speeches/a/"]


def test_a_word_beyond_chars_bin_is_written_as_its_characters():
    """chars.bin ranks words and characters together: a common word that
    ranks beyond what it can hold is written as its two characters (here
    as JSON escapes: they rank beyond it too)."""
    many = " ".join(chr(0x4E00 + i) for i in range(CHARS + 50))
    text = "\n".join([many] * 20 + ["鼎鼐 龟龙 " * 9])
    files = build_index([SearchRecord(url="/a/", title="鼎鼐", provenance="出自", text=text, headings=())])
    units = read_units(files["chars.bin"])
    assert len(units) == CHARS and all(len(u) == 1 for u in units) and "鼎" not in units
    assert read_doc(files, 0)["text"] == text
    assert gzip.decompress(files["docs/0.bin"]).count(b"\\u9f0e\\u9f10") == 10


def test_weights_kept_for_the_heaviest_speeches_only_lose_no_holder(generated):
    """Weights kept for five speeches per token (of 27): the counts stay true,
    every speech holding a query is found whether or not its tokens' weights
    were kept, and the speeches with kept weights rank first."""
    base = generated.search["zh-Hans"]
    records = [replace(r, url=f"{r.url}{k}/") for k in range(3) for r in base]
    texts = {r.url: r.title + "\n" + r.text for r in records}
    files = build_index(records, max_weights=5)
    postings = lookup(files, "工作")
    assert postings.frequency == len(postings.holders) == len(records) and len(postings.impacts) == 5
    assert postings.floor == min(postings.impacts.values()) > 0
    cut = 0
    for record in records[:9]:
        for run in re.findall(r"[\u4e00-\u9fff]{3,}", record.text)[::5]:
            word = run[:3]
            holders = {url for url, text in texts.items() if word in text}
            found = search(files, word, limit=len(records), checked=len(records))
            assert set(found) == holders, word
            cut += any(not lookup(files, token).floor == 0 for token in term_tokens(word))
    assert cut >= 20
    # Speeches where the token weighs more than the lightest kept weight come
    # first (at the floor, a kept and an unkept speech tie).
    heavier = {d for d, v in postings.impacts.items() if v > postings.floor}
    assert heavier and set(candidates(files, "工作")[: len(heavier)]) == heavier


def test_the_title_weighs_more_than_the_text(generated):
    records = generated.search["zh-Hans"]
    files = build_index(records)
    best = search(files, "调度会")[0]
    assert "调度会" in next(r.title for r in records if r.url == best)


def test_the_index_is_deterministic(generated):
    records = generated.search["zh-Hant"]
    assert build_index(records) == build_index(list(records))


def test_records_know_which_lines_are_headings(generated):
    """One line of text per block of the speech; the headings' lines with
    their ids, as the page numbers them (every other line a paragraph)."""
    for edition, records in generated.search.items():
        for speech, record in zip(generated.speeches, records):
            lines = record.text.split("\n")
            assert len(lines) == len(speech.blocks) == len(speech.anchors)
            assert record.headings == tuple(
                (i, a) for i, (b, a) in enumerate(zip(speech.blocks, speech.anchors)) if b.kind == "heading"
            )
        assert sum(len(r.headings) for r in records) > 40


def test_a_result_opens_at_the_paragraph_holding_the_query(generated):
    """passage (search.js computes the same): the first line holding every
    term of the query, else the most of them; its id as the page has it."""
    speech = speech_by_sections(generated, 7, 8)
    record = next(r for r in generated.search["zh-Hans"] if r.url.endswith(f"/{speech.id}/"))
    data = {"text": record.text, "headings": [list(h) for h in record.headings]}
    lines = normalize(record.text).split("\n")
    checked = 0
    for line, anchor in enumerate(speech.anchors):
        for word in re.findall(r"[\u4e00-\u9fff]{4}", lines[line])[::3]:
            first = next(i for i, text in enumerate(lines) if word in text)
            assert passage(data, word) == speech.anchors[first], word
            checked += first == line
    assert checked > 50
    # A heading is landed on by its own id.
    landed = {passage(data, lines[line]) for line, _ in record.headings}
    assert landed == {anchor for _, anchor in record.headings}
    # Two terms: the first line with both, not the first with one of them;
    # only in the title: no paragraph.
    assert passage({"text": "甲乙丙", "headings": []}, "丁戊") is None
    assert passage({"text": "甲乙\n一、丙丁\n丙丁戊", "headings": [[1, "一"]]}, "丙丁戊") == "p2"
    assert passage({"text": "甲乙\n一、丙丁\n丙丁戊", "headings": [[1, "一"]]}, "丙丁") == "一"
    assert passage({"text": "甲乙 丙\n丙丁 甲乙", "headings": []}, "甲乙 丁") == "p2"


# ---------------------------------------------------------------------------
# One index for both editions


def shared_index(generated, display_map=None):
    """The site's index as the build makes it: the Simplified records, with
    what the Traditional edition prints where ``display_map`` (by default
    the one the generator made) does not make it."""
    if display_map is None:
        display_map = read_display_map(generated.files[search_records_path("zh-Hant")].decode("utf-8"))
    return build_index(generated.search["zh-Hans"], hant=generated.search["zh-Hant"], display_map=display_map)


def docs_of(files):
    return [read_doc(files, n) for n in range(json.loads(files["meta.json"])["docs"])]


def test_one_index_shows_each_edition_its_own_text(generated):
    """Every doc, as the Traditional edition shows it (the map's conversion
    and the stored lines), is the Traditional edition's record exactly; and
    as the Simplified edition shows it, the Simplified record."""
    display_map = read_display_map(generated.files[search_records_path("zh-Hant")].decode("utf-8"))
    assert display_map["chars"]["发"] in "發髮" and display_map["chars"]["“"] == "「"
    files = shared_index(generated)
    hant = generated.search["zh-Hant"]
    for record, own in zip(docs_of(files), hant, strict=True):
        shown = edition_record(record, display_map)
        assert shown == {"url": own.url, "title": own.title, "provenance": own.provenance, "text": own.text,
                         "headings": [list(h) for h in own.headings]}
    # The seed's speeches are all Simplified: the map alone makes every line.
    assert not any("hant" in r for r in docs_of(files))


def test_lines_the_map_gets_wrong_are_stored_as_printed(generated):
    """A map without the words makes 头发 頭發: the lines where it differs
    from the Traditional text are stored, and only those, so each doc still
    shows as the Traditional page prints it."""
    display_map = read_display_map(generated.files[search_records_path("zh-Hant")].decode("utf-8"))
    chars_only = {"chars": display_map["chars"], "words": {}}
    files = shared_index(generated, chars_only)
    stored = 0
    for record, own in zip(docs_of(files), generated.search["zh-Hant"], strict=True):
        shown = edition_record(record, chars_only)
        assert shown["text"] == own.text and shown["title"] == own.title and shown["provenance"] == own.provenance
        made = TextMap.of(chars_only).convert(record["text"]).split("\n")
        wrong = {str(n) for n, line in enumerate(own.text.split("\n")) if made[n] != line}
        assert {k for k in record.get("hant", {}) if k.isdigit()} == wrong
        stored += len(wrong)
    assert stored > 0
    # Nothing stored with no map at all but the whole conversion, line by line.
    empty = shared_index(generated, {"chars": {}, "words": {}})
    assert all(edition_record(r, {"chars": {}, "words": {}})["text"] == own.text
               for r, own in zip(docs_of(empty), generated.search["zh-Hant"]))


def test_an_edition_printing_another_copy_stores_it_whole(generated):
    """Where the Traditional edition prints another copy of a speech (other
    lines, other headings), its doc holds that copy, and the passage is
    found there, with the query in its script."""
    display_map = read_display_map(generated.files[search_records_path("zh-Hant")].decode("utf-8"))
    hans, hant = generated.search["zh-Hans"], list(generated.search["zh-Hant"])
    other = hant[1]
    hant[0] = replace(hant[0], text=other.text, headings=other.headings)
    files = build_index(hans, hant=hant, display_map=display_map)
    first = docs_of(files)[0]
    assert first["hant"]["text"] == other.text and edition_record(first, display_map)["text"] == other.text
    line = other.text.split("\n")[-1]
    word = re.findall(r"[\u4e00-\u9fff]{4}", line)[0]
    simplified = convert_query(query_map_of(generated, "zh-Hant"), word)
    landed = edition_passage(first, simplified, display_map)
    assert landed == passage({"text": other.text, "headings": [list(h) for h in other.headings]}, word)


def query_map_of(generated, edition):
    text = generated.files[f"{edition}/{QUERY_MAP}"].decode("utf-8")
    return json.loads(text.split("window.SCRIPT_QUERY_MAP = ", 1)[1].split(";\n", 1)[0])


def test_both_editions_convert_queries_to_the_index_s_script(generated):
    """Both editions' pages carry the same Traditional → Simplified query map;
    only the Traditional edition's the map that shows results in its script."""
    assert query_map_of(generated, "zh-Hans") == query_map_of(generated, "zh-Hant")
    assert convert_query(query_map_of(generated, "zh-Hant"), "衛生城市") == "卫生城市"
    assert b"SCRIPT_DISPLAY_MAP" in generated.files[f"zh-Hant/{QUERY_MAP}"]
    assert b"SCRIPT_DISPLAY_MAP" not in generated.files[f"zh-Hans/{QUERY_MAP}"]


def test_the_fast_text_map_converts_as_the_query_map_does():
    mapping = {"chars": {"发": "發", "头": "頭", "“": "「"}, "words": {"头发": "頭髮", "发发发": "X", "理发": "理髮"}}
    for text in ("头发", "理发头发发", "发发发发", "“头发”\n发", "", "𠀀发"):
        assert TextMap.of(mapping).convert(text) == convert_query(mapping, text), text
