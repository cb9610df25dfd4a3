"""A speech's own date: what its text says of its own time and the datable
events of the reviewed table, with the evidence; never the source page's date.

The seed's speeches are dated by the events they speak of (none of them says
its year: the site left "****年" and "20xx年" where years were); the rules on
explicit years and dates are shown on short texts written for these tests.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from build_scripts.corpus import speech_dates
from build_scripts.cli import main
from build_scripts.editions.convert import Converter
from build_scripts.editions.registry import DEFAULT_HANT
from build_scripts.errors import SourceError
from build_scripts.model import Block
from build_scripts.corpus.speech_dates import (
    UNDATED,
    UNKNOWN,
    Evidence,
    combine,
    date_speech,
    events,
    load_events,
    value_label,
    value_order,
    value_slug,
)

from ..conftest import SEED, speech_by_sections


def dated(*paragraphs: str, title: str = "在全市工作会议上的讲话"):
    return date_speech(title, [Block("paragraph", p) for p in paragraphs], [f"p{i}" for i in range(1, len(paragraphs) + 1)])


def text_of(speech) -> str:
    return "\n".join([speech.title, *(b.text for b in speech.blocks)])


# The seed -------------------------------------------------------------------------

# (sections, value, the table's phrases that date it). Why each is right:
SEED_DATES = [
    # Guangzhou's 2004 drive for the first list of 全国文明城市 (named in October
    # 2005: "明年……9月中央文明委将命名表彰首批全国文明城市"), looking ahead to the
    # Asian Games Guangzhou had won on 1 July 2004 and held in 2010.
    ((1, 3), "2004-2005", ["跨入首批全国文明城市", "将命名表彰首批", "广州…举办亚运会"]),
    # Nothing in it dates it: "《xx市2022—2022年创建全国文明城市总体方案》" is a
    # range whose years the site rewrote, and no year of the speech's own.
    ((2,), UNKNOWN, []),
    # "以新《道路交通安全法》实施……为契机": the law came into force on 1 May 2004.
    ((4,), "2003-2005", ["新《道路交通安全法》", "道路交通安全法"]),
    # "去年年底又召开了中央城市工作会议": that conference met in December 2015.
    ((5, 5), "2016", ["去年…中央城市工作会议", "中央城市工作会议", "十三五"]),
    # After the February 2016 guidelines on urban planning ("中央新出台的……若干
    # 意见"), within the 13th Five-Year Plan it plans for ("力争到十三五末").
    ((5,), "2016-2021", ["中央城市工作会议", "五大发展理念", "十三五", "城市规划建设管理工作的若干意见", "一带一路"]),
    # "践行两学一做学习教育": launched in February 2016; nothing bounds it later.
    ((6,), "2016-", ["五大发展理念", "两学一做"]),
    # It cites the Food Hygiene Law as in force (replaced on 1 June 2009).
    ((7, 8), "1983-2009", ["食品卫生法"]),
    # The rules it cites (单年申报、双年考核) are in no table line: unknown.
    ((8,), UNKNOWN, []),
    # 全面建设小康社会 (2002–2012) and 和谐社会 (from 2004).
    ((9,), "2004-2013", ["全面建设小康社会", "和谐社会"]),
]


@pytest.mark.parametrize(("sections", "value", "phrases"), SEED_DATES)
def test_seed_speeches_are_dated_by_the_events_they_speak_of(generated, sections, value, phrases):
    speech = speech_by_sections(generated, *sections)
    found = date_speech(speech.title, speech.blocks, speech.anchors)
    assert found.value == value
    assert [e.rule for e in found.evidence] == phrases
    assert all(e.kind == "event" for e in found.evidence)
    for e in found.evidence:
        # The evidence quotes the speech, at the paragraph it names.
        block = speech.blocks[speech.anchors.index(e.at)]
        assert e.found in block.text
        assert e.years == next(event.years for event in events() if event.phrase == e.rule)


def test_every_seed_speech_is_covered(generated):
    assert sorted(sorted(c.clean.copy.section for c in s.distinct.copies) for s in generated.speeches) == sorted(
        sorted(sections) for sections, _, _ in SEED_DATES
    )


def test_a_year_the_site_rewrote_is_not_the_speechs_date(generated):
    """第1篇 and 第3篇 are one speech: 第3篇 (published) says "为我们在2010年成功
    举办亚运会打下坚实的基础", 第1篇 says 2022年 there (and "_____*年" where 第3篇
    has "****年"). Neither year is the speech's own (a target: the Games it
    prepares for), and both copies are dated 2004–2005 by the events."""
    speech = speech_by_sections(generated, 1, 3)
    copies = {c.clean.copy.section: c for c in speech.distinct.copies}
    published, rewritten = copies[3], copies[1]
    assert speech.distinct.best is published
    assert "为我们在2010年成功举办亚运会打下坚实的基础" in text_of(speech)
    rewritten_text = "\n".join(b.text for b in rewritten.blocks)
    assert "为我们在2022年成功举办亚运会打下坚实的基础" in rewritten_text
    for copy in (published, rewritten):
        found = date_speech(copy.clean.copy.title, copy.blocks)
        assert found.value == "2004-2005"
        assert {e.kind for e in found.evidence} == {"event"}
    asian_games = next(e for e in date_speech(rewritten.clean.copy.title, rewritten.blocks).evidence if e.rule == "广州…举办亚运会")
    assert asian_games.found == "广州的现有综合实力和城市魅力，也为我们在2022年成功举办亚运会"


def test_the_source_page_date_is_no_evidence(generated):
    """Every seed page says 更新时间:2024-11-20; no speech is dated 2024."""
    assert "更新时间:2024-11-20" in SEED.read_text(encoding="utf-8")
    for speech in generated.speeches:
        found = date_speech(speech.title, speech.blocks, speech.anchors)
        assert not any("2024" in e.found for e in found.evidence)
        assert found.years is None or (found.years[1] or 0) < 2024


# Explicit years and dates -----------------------------------------------------------


def test_placeholders_are_no_years():
    found = dated(
        "今年（20xx年）是全面推进的关键一年，力争20__年前完成。",
        "××××年，我市启动了创建工作；二〇xx年全面完成。",
        "今年（201x年）工作任务重。",
        "（20xx年5月8日）",
    )
    assert found == UNDATED and found.value == UNKNOWN and found.front_matter() == "unknown"


def test_history_years_are_no_date():
    history = "1921年中国共产党成立，1978年党的十一届三中全会召开，2008年北京成功举办奥运会。"
    assert dated(history) == UNDATED
    found = dated(history, "今年（2021年）是中国共产党成立一百周年。")
    assert found.value == "2021"
    assert [(e.rule, e.found) for e in found.evidence] == [("this-year", "今年（2021年）"), ("中国共产党成立一百周年", "中国共产党成立一百周年")]


def test_future_targets_are_no_date():
    assert dated("到2035年基本实现社会主义现代化，力争2025年底前建成，确保2030年全面完成。") == UNDATED
    assert dated("我们要为在2010年成功举办运动会打下坚实基础。") == UNDATED


def test_full_dates_of_events_the_speech_recalls_are_no_date():
    assert dated("2019年5月8日，省委召开全省工作会议，对全年工作作出部署。") == UNDATED


@pytest.mark.parametrize(
    ("paragraphs", "day"),
    [
        (["同志们：", "今天的会议很重要。", "（2019年5月8日）"], "2019-05-08"),
        (["二〇一九年五月八日", "同志们：", "今天的会议很重要。"], "2019-05-08"),
        (["同志们：", "今天的会议很重要。", "2019-05-08"], "2019-05-08"),
        (["同志们：", "今天的会议很重要。", "2019.5.8"], "2019-05-08"),
        (["同志们：", "今天的会议很重要。", "县委书记 张三（２０１９年１２月３１日）"], "2019-12-31"),
        (["同志们：今天是2019年5月8日，我们在这里召开全县工作会议。"], "2019-05-08"),
    ],
)
def test_a_dateline_or_todays_date_dates_the_speech_to_the_day(paragraphs, day):
    found = dated(*paragraphs)
    assert found.value == day[:4] and found.day == day
    data = found.front_matter()
    assert data["date"] == day and data["year"] == int(day[:4]) and data["evidence"][0]["date"] == day


def test_a_date_that_is_no_day_of_the_calendar_dates_nothing():
    assert dated("同志们：", "今天的会议很重要。", "（2019年2月30日）") == UNDATED


def test_a_dateline_stands_alone():
    """A full date inside a long closing paragraph is not a dateline."""
    assert dated("同志们：", "会议很重要。", "我们要在2019年12月31日前完成全部任务，确保各项工作落到实处，不负全市人民的期待和信任。") == UNDATED


@pytest.mark.parametrize(
    ("paragraph", "value", "rule", "found"),
    [
        ("今年（2019年）全市经济平稳运行。", "2019", "this-year", "今年（2019年）"),
        ("今年是2019年，我们要抓好落实。", "2019", "this-year", "今年是2019年"),
        ("2019年（今年）全市经济平稳运行。", "2019", "this-year", "2019年（今年）"),
        ("今年（２０１９年）全市经济平稳运行。", "2019", "this-year", "今年（２０１９年）"),
        ("去年（2018年）全市经济平稳运行。", "2019", "last-year", "去年（2018年）"),
        ("明年（2020年）要全面完成任务。", "2019", "next-year", "明年（2020年）"),
        ("同志们，2020年是全面建成小康社会的决胜之年。", None, None, None),
        ("2020年是全面建成小康社会的决胜之年。", "2019-2021", "year-is", "2020年是全面建成小康社会的决胜之年"),
        ("工作很多。“2020年是决胜之年”，大家要牢记。", "2019-2021", "year-is", "2020年是决胜之年"),
    ],
)
def test_years_of_the_speechs_own_time(paragraph, value, rule, found):
    date = dated(paragraph)
    if value is None:  # "2020年是" inside a sentence says what a year is no more than any mention
        assert date == UNDATED
        return
    assert date.value == value
    assert [(e.kind, e.rule, e.found, e.at) for e in date.evidence] == [("text", rule, found, "p1")]


def test_a_year_the_title_names():
    assert dated("同志们：", title="在2019年全市经济工作会议上的讲话").value == "2018-2020"
    subtitle = dated("——在2019年全市经济工作会议上的讲话", "同志们：", title="凝心聚力 再创佳绩")
    assert subtitle.value == "2018-2020" and subtitle.evidence[0].at == "p1"
    # A range of years is a period, not a year.
    assert dated("同志们：", title="在2021—2025年发展规划编制工作会议上的讲话") == UNDATED
    assert dated("同志们：", title="在2021至2025年发展规划编制工作会议上的讲话") == UNDATED
    # A year in the text (not the title or a subtitle) is no title's year.
    assert dated("同志们：", "2019年全市经济运行平稳。") == UNDATED


def test_evidence_narrows_the_years_and_conflicting_evidence_dates_nothing():
    narrowed = dated("2020年是全面建成小康社会和十三五规划的收官之年。", "今年（2020年）任务重。")
    assert narrowed.value == "2020"
    assert [e.rule for e in narrowed.evidence] == ["year-is", "十三五", "this-year"]
    # A site that rewrote the year: the Guangzhou Asian Games are not prepared for in 2022.
    conflict = dated("今年（2022年）是关键之年，广州要为举办亚运会打下坚实基础。")
    assert conflict.conflict and conflict.years is None and conflict.value == UNKNOWN
    data = conflict.front_matter()
    assert data["conflict"] is True and [e["years"] for e in data["evidence"]] == [[2022, 2022], [2004, 2010]]


def test_a_phrases_words_stand_in_one_sentence_and_quotation_marks_are_read_through():
    assert dated("广州要抓好城市建设。我们要为举办亚运会打下基础。") == UNDATED
    assert dated("广州要抓好城市建设", "我们要为举办亚运会打下基础。") == UNDATED
    quoted = dated("力争跨入首批‘全国文明城市’行列。", "要把城市工作放到“十三五”规划中去谋划。")
    assert [(e.rule, e.found) for e in quoted.evidence] == [("跨入首批全国文明城市", "跨入首批‘全国文明城市"), ("十三五", "十三五")]
    assert quoted.conflict  # ≤2005 and 2014–2021 cannot both hold


def test_open_ranges_and_their_values():
    assert dated("要扎实开展两学一做学习教育。").value == "2016-"
    assert dated("力争跨入首批全国文明城市行列。").value == "-2005"
    assert combine([]) == UNDATED


def test_evidence_is_listed_once_per_rule_or_phrase_in_the_order_of_the_text():
    found = dated("要对照十三五规划。", "今年（2019年）任务重。", "十三五规划要落实好，今年（2019年）要见成效。")
    assert [(e.rule, e.at) for e in found.evidence] == [("十三五", "p1"), ("this-year", "p2")]


# Values, labels, slugs ---------------------------------------------------------------


def test_values_labels_and_slugs():
    cases = {
        "2016": ("2016年", "2016"),
        "2015-2020": ("2015—2020年", "2015-to-2020"),
        "2016-": ("2016年以后", "from-2016"),
        "-2005": ("2005年以前", "until-2005"),
        UNKNOWN: ("日期不详", "unknown"),
    }
    for value, (label, slug) in cases.items():
        assert (value_label(value), value_slug(value)) == (label, slug)
    slugs = {value_slug(v) for v in ["2016", "2015", "2015-2020", "2015-", "-2015", UNKNOWN]}
    # No slug is another's further page ("<slug>-2.md").
    assert not any(re.fullmatch(re.escape(a) + r"-\d+", b) for a in slugs for b in slugs)
    ordered = sorted(["2004-2005", UNKNOWN, "2016-", "2016", "-2005", "2016-2021", "1983-2009"], key=value_order)
    assert ordered == ["2016", "2016-2021", "2016-", "-2005", "2004-2005", "1983-2009", UNKNOWN]


def test_front_matter_in_both_scripts(generated):
    speech = speech_by_sections(generated, 5, 5)
    found = date_speech(speech.title, speech.blocks, speech.anchors)
    hans = found.front_matter()
    assert hans["year"] == 2016 and "years" not in hans and "date" not in hans
    assert hans["evidence"][0] == {
        "kind": "event", "phrase": "去年…中央城市工作会议", "found": "去年年底又召开了中央城市工作会议", "years": [2016, 2016], "at": "p2",
    }  # fmt: skip
    hant = found.front_matter(Converter(DEFAULT_HANT).convert)
    assert hant["evidence"][0]["found"] == "去年年底又召開了中央城市工作會議"
    assert yaml.safe_load(yaml.safe_dump({"speech_date": hans}, allow_unicode=True))["speech_date"] == hans
    ranged = date_speech(*(lambda s: (s.title, s.blocks, s.anchors))(speech_by_sections(generated, 6))).front_matter()
    assert ranged["years"] == [2016, None]


def test_speech_pages_carry_the_speech_date_beside_the_page_date(generated):
    page = generated.files["zh-Hans/speeches/" + speech_by_sections(generated, 5, 5).id + ".md"].decode()
    data = yaml.safe_load(page.split("---\n")[1])
    assert data["date"] == "2024-11-20"  # the source page's, as before
    assert data["speech_date"]["year"] == 2016
    # The facts line and the facet links the theme draws from the front matter.
    assert {"text": "来源页更新于 2024-11-20"} in data["facts"]
    assert {"noun": "讲话日期", "links": [{"text": "2016年", "url": "../../indexes/dates/2016/"}]} in data["facet_links"]
    undated = generated.files["zh-Hans/speeches/" + speech_by_sections(generated, 2).id + ".md"].decode()
    undated_data = yaml.safe_load(undated.split("---\n")[1])
    assert undated_data["speech_date"] == "unknown"
    assert {"noun": "讲话日期", "links": [{"text": "日期不详", "url": "../../indexes/dates/unknown/"}]} in undated_data["facet_links"]


# The table ----------------------------------------------------------------------------


def test_the_projects_table_reads_and_says_why_for_every_line():
    table = events()
    assert len(table) > 40
    assert all(e.why and e.years != (None, None) for e in table)
    assert len({e.phrase for e in table}) == len(table)


HEADER = "# a comment\nphrase\tyears\twhy\n"


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (HEADER + "十三五\t2014-2021\n", 3, "expected 3 tab-separated fields (phrase, years, why), found 2"),
        (HEADER + "十三五\t2014–2021\tthe plan\n", 3, "years must be YYYY, YYYY-YYYY, YYYY- or -YYYY, not '2014–2021'"),
        (HEADER + "十三五\t2021-2014\tthe plan\n", 3, "years 2021-2014 end before they begin"),
        (HEADER + "十三五\t1850-\tthe plan\n", 3, "years 1850- are not between 1900 and 2099"),
        (HEADER + "十三五\t2014-2021\t \n", 3, "the why is empty"),
        (HEADER + "\t2014-2021\tthe plan\n", 3, "the phrase is empty"),
        (HEADER + "十三五…\t2014-2021\tthe plan\n", 3, "must stand between two words"),
        (HEADER + "广州……亚运会\t2004-2010\tthe Games\n", 3, "must stand between two words"),
        (HEADER + "“十三五”\t2014-2021\tthe plan\n", 3, "holds what the text is read without"),
        (HEADER + "二〇一〇年亚运会\t2004-2010\tthe Games\n", 3, "holds what the text is read without"),
        (HEADER + "十三五\t2014-2021\tthe plan\n\n十三五\t2014-2020\tagain\n", 5, "十三五 is listed twice (first on line 3)"),
        ("十三五\t2014-2021\tthe plan\n", 1, "the first line that is no comment must be the header"),
    ],
)
def test_a_bad_line_is_an_error_naming_the_file_and_the_line(tmp_path, content, line, message):
    table = tmp_path / "events.tsv"
    table.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError) as error:
        load_events(table)
    assert str(error.value).startswith(f"{table.as_posix()}:{line}: ") and message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_table_not_in_utf8_is_an_error_naming_the_line(tmp_path):
    table = tmp_path / "events.tsv"
    table.write_bytes(HEADER.encode() + "十三五\t2014-2021\tthe plan\n".encode("gbk"))
    with pytest.raises(SourceError, match=r"events.tsv:3: not UTF-8"):
        load_events(table)


@pytest.fixture
def table_at(monkeypatch):
    """Point the build at another table (the caches read it again)."""

    def use(path):
        monkeypatch.setattr(speech_dates, "EVENTS", path)
        speech_dates.events.cache_clear()
        speech_dates._event_finder.cache_clear()

    yield use
    speech_dates.events.cache_clear()
    speech_dates._event_finder.cache_clear()


def test_a_bad_table_stops_the_build_in_one_line_before_any_write(tmp_path, capsys, table_at):
    sources, docs = tmp_path / "sources", tmp_path / "docs"
    shutil.copytree(SEED.parent, sources)
    assert main(["generate", "--sources", str(sources), "--docs", str(docs), "--no-cache"]) == 0
    before = {p: p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}
    table = tmp_path / "events.tsv"
    table.write_text(speech_dates.EVENTS.read_text(encoding="utf-8") + "十三五\t2016-2020\tagain\n", encoding="utf-8")
    table_at(table)
    capsys.readouterr()
    assert main(["generate", "--sources", str(sources), "--docs", str(docs), "--no-cache"]) == 1
    err = capsys.readouterr().err
    lines = table.read_text(encoding="utf-8").count("\n")
    assert re.fullmatch(rf"error: {re.escape(table.as_posix())}:{lines}: 十三五 is listed twice \(first on line \d+\)\n", err), err
    assert {p: p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()} == before


def test_a_table_line_dates_what_it_says(tmp_path, table_at):
    """The table is data: a line added dates the speeches that hold its phrase."""
    table = tmp_path / "events.tsv"
    table.write_text(HEADER + "创卫…动员大会\t2001-2003\ta test line\n", encoding="utf-8")
    table_at(table)
    found = dated("决定于今天召开全县创卫工作动员大会。")
    assert found.value == "2001-2003" and found.evidence[0].found == "创卫工作动员大会"


def test_combining_evidence():
    this_year = Evidence("text", "this-year", "今年（2019年）", (2019, 2019), "p1")
    plan = Evidence("event", "十三五", "十三五", (2014, 2021), "p2")
    after = Evidence("event", "两学一做", "两学一做", (2016, None), "p3")
    assert combine([plan, after]).years == (2016, 2021)
    assert combine([this_year, plan, after]).years == (2019, 2019)
    assert combine([this_year, Evidence("text", "this-year", "今年（2022年）", (2022, 2022), "p4")]).conflict
