"""Related speeches: TF-IDF over character bigrams, on the seed's nine speeches."""

import re

from build_scripts.related import (
    MAX_POSTINGS,
    RELATED_MAX,
    RELATED_MIN,
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
        for edition, heading in (("zh-Hans", "## 相关讲话 {#related}"), ("zh-Hant", "## 相關講話 {#related}")):
            page = generated.files[f"{edition}/speeches/{speech.id}.md"].decode()
            section = page[page.index(heading) :]
            assert re.findall(r"\]\(([^)/]+)\.md\)", section.split("</div>")[0]) == list(chosen)


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
