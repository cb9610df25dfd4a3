"""Related speeches: TF-IDF over character bigrams, on the seed's nine speeches."""

import math
import random
from collections import Counter
from dataclasses import replace

import yaml

from build_scripts.model import Block
from build_scripts.corpus.related import (
    MAX_POSTINGS,
    RELATED_MAX,
    RELATED_MIN,
    STRONG,
    TOP_TERMS,
    bigrams,
    related_speeches,
    similarities,
    speech_terms,
)


def topic(title: str) -> str:
    return "文明城市" if "文明城市" in title else "卫生城市" if "卫生城市" in title else "城市工作"


def ranked_titles(generated):
    speeches = generated.speeches
    sims = similarities([speech_terms(s) for s in speeches], [s.id for s in speeches])
    return {speeches[i].title: [speeches[j].title for j, _ in row] for i, row in enumerate(sims)}


def test_bigrams_are_han_pairs_within_a_run():
    assert bigrams("创卫，创卫工作xx市") == {"创卫": 2, "卫工": 1, "工作": 1}


def test_civilised_city_speeches_relate_to_each_other_before_hygiene_ones(generated):
    """The four 文明城市 speeches (第1/3, 2, 4, 6篇) each rank the other three
    first, before either 卫生城市 speech; the two 卫生城市 speeches (第7/8篇
    and 第8篇 讲话稿二) rank each other first."""
    ranked = ranked_titles(generated)
    civilised = [t for t in ranked if topic(t) == "文明城市"]
    hygiene = [t for t in ranked if topic(t) == "卫生城市"]
    assert len(civilised) == 4 and len(hygiene) == 2
    for title in civilised:
        assert {topic(t) for t in ranked[title][:3]} == {"文明城市"}, (title, ranked[title])
    for title in hygiene:
        assert topic(ranked[title][0]) == "卫生城市", (title, ranked[title])


def test_the_two_city_work_conferences_relate(generated):
    """城市工作会议上的讲话稿, 全区 (第5篇 twice) and 建市以来首次 (第5篇): each is
    among the other's two closest."""
    ranked = ranked_titles(generated)
    district, city = (t for t in ranked if t.startswith("城市工作会议上的讲话稿"))
    assert city in ranked[district][:2] and district in ranked[city][:2]


def test_pages_show_three_to_five_related_speeches(generated):
    related = related_speeches(generated.speeches)
    ids = {s.id for s in generated.speeches}
    for speech in generated.speeches:
        chosen = related[speech.id]
        assert RELATED_MIN <= len(chosen) <= RELATED_MAX and speech.id not in chosen and set(chosen) <= ids
        for edition, heading in (("zh-Hans", "相关讲话"), ("zh-Hant", "相關講話")):
            page = generated.files[f"{edition}/speeches/{speech.id}.md"].decode()
            meta = yaml.safe_load(page.split("---\n")[1])  # the theme lists them under its heading
            assert meta["strings"]["related"] == heading
            assert [r["url"] for r in meta["related"]] == [f"../{i}/" for i in chosen]


def test_order_of_the_corpus_does_not_change_the_result(generated):
    speeches = generated.speeches
    assert related_speeches(list(reversed(speeches))) == related_speeches(speeches)


def test_work_per_speech_is_bounded():
    """Candidates come only through kept bigrams, each with a postings list cut
    to its MAX_POSTINGS heaviest speeches: a speech is scored against at most
    TOP_TERMS × MAX_POSTINGS others however large the corpus, which keeps the
    whole near-linear."""
    # 250 texts share the bigram 甲乙 (and each has two characters of its
    # own); 50 others have 丙丁 instead. Unbounded, each of the 250 would be
    # scored against the other 249.
    texts = [bigrams("甲乙，" + chr(0x4E00 + 2 * i) + chr(0x4E01 + 2 * i)) for i in range(250)]
    texts += [bigrams("丙丁") for _ in range(50)]
    rows = similarities(texts)
    assert all(0 < len(row) <= MAX_POSTINGS for row in rows[:250])
    assert {j for row in rows[:250] for j, _ in row} == set(range(MAX_POSTINGS))  # the same heaviest, by key
    assert TOP_TERMS * MAX_POSTINGS <= 5000


def plain_similarities(counts, keys):
    """The algorithm of the module docstring, loop by loop in plain Python
    (every sum added up in the documented order): the oracle for the array
    version."""
    n = len(counts)
    df = Counter(term for c in counts for term in c)
    vectors = []
    for c in counts:
        weights = [(tf * math.log(n / df[term]) if df[term] > 1 else 0.0, term) for term, tf in c.items()]
        kept = sorted((wt for wt in weights if wt[0] > 0), key=lambda wt: (-wt[0], wt[1]))[:TOP_TERMS]
        total = 0.0
        for w, _ in kept:
            total += w * w
        norm = math.sqrt(total) or 1.0
        vectors.append([(term, w / norm) for w, term in kept])
    postings = {}
    for i, vector in enumerate(vectors):
        for term, w in vector:
            postings.setdefault(term, []).append((w, i))
    for rows in postings.values():
        rows.sort(key=lambda r: (-r[0], keys[r[1]]))
        del rows[MAX_POSTINGS:]
    result = []
    for i, vector in enumerate(vectors):
        scores = {}
        for term, w in vector:
            for w2, j in postings[term]:
                scores[j] = scores.get(j, 0.0) + w * w2
        scores.pop(i, None)
        result.append(sorted(scores.items(), key=lambda js: (-js[1], keys[js[0]])))
    return result


def chosen_from_similarities(speeches):
    """related_speeches, by way of speech_terms and similarities."""
    ids = [s.id for s in speeches]
    rows = similarities([speech_terms(s) for s in speeches], ids, RELATED_MAX)
    return {
        s.id: tuple(ids[j] for k, (j, score) in enumerate(row) if k < RELATED_MIN or score >= STRONG)
        for s, row in zip(speeches, rows)
    }


def test_scores_are_exactly_those_of_the_plain_algorithm(generated):
    """The array version adds up every score in the documented order: the
    same floats, bit for bit, as plain loops, and the same order."""
    speeches = generated.speeches
    counts, ids = [speech_terms(s) for s in speeches], [s.id for s in speeches]
    assert similarities(counts, ids) == plain_similarities(counts, ids)
    assert similarities(counts, ids, RELATED_MAX) == [row[:RELATED_MAX] for row in plain_similarities(counts, ids)]


def test_any_order_of_the_texts_gives_the_same_scores(generated):
    """Shuffled (ids going along), every text keeps the same scored others."""
    speeches = generated.speeches
    counts, ids = [speech_terms(s) for s in speeches], [s.id for s in speeches]
    by_id = {ids[i]: [(ids[j], score) for j, score in row] for i, row in enumerate(similarities(counts, ids))}
    shuffled = random.Random(7).sample(range(len(speeches)), len(speeches))
    rows = similarities([counts[i] for i in shuffled], [ids[i] for i in shuffled])
    assert {ids[shuffled[a]]: [(ids[shuffled[b]], s) for b, s in row] for a, row in enumerate(rows)} == by_id


def test_the_whole_corpus_path_counts_bigrams_as_speech_terms_does(generated):
    """related_speeches counts the bigrams of all speeches at once, on arrays;
    it agrees with speech_terms (sampling, title weight, which characters
    are Han), on the seed and around the edges of the Han ranges."""
    assert related_speeches(generated.speeches) == chosen_from_similarities(generated.speeches)
    # Two speeches per case share only that text: linked iff it holds a bigram.
    # 㐀 U+3400, 䶿 U+4DBF, 鿿 U+9FFF, 丽 U+F900, U+FAFF are Han;
    # ䷀ U+4DC0, ꀀ U+A000, 𠀀 U+20000 (beyond the ranges) are not.
    cases = {"一𠀀二": False, "䶿䷀": False, "\u9fffꀀ": False, "一䶿": True, "丽\ufaff": True, "㐀丽": True}
    base = generated.speeches[0]
    speeches = [
        replace(base, id=f"case-{k}-{side}", title="", blocks=(Block("paragraph", text),))
        for k, text in enumerate(cases)
        for side in (0, 1)
    ]
    # The title counts TITLE_WEIGHT times: one 甲乙 there outweighs three 丙丁.
    speeches += [
        replace(base, id="title-0", title="甲乙", blocks=(Block("paragraph", "丙丁，丙丁，丙丁"),)),
        replace(base, id="title-1", title="", blocks=(Block("paragraph", "甲乙"),)),
        replace(base, id="title-2", title="", blocks=(Block("paragraph", "丙丁"),)),
    ]
    related = related_speeches(speeches)
    assert related == chosen_from_similarities(speeches)
    for k, linked in enumerate(cases.values()):
        assert related[f"case-{k}-0"] == ((f"case-{k}-1",) if linked else ()), list(cases)[k]
    assert related["title-0"] == ("title-1", "title-2")
