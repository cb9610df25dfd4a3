"""Render the browse indexes of one edition: speeches by topic, place, meeting
type, speaker role and the speech's own date (the facets of ``find_facets``).

    indexes/index.md                  浏览: each facet with its values and counts
    indexes/<facet>/index.md          every value of one facet with its count
    indexes/<facet>/<slug>.md         the speeches of one value, PAGE_SIZE at a time;
    indexes/<facet>/<slug>-2.md …     its further pages, linked previous / next

Every page stays bounded however large the corpus grows: a value's speeches
are split into pages, the landing page shows at most ``LANDING_VALUES`` values
of a facet (the facet's own page lists them all, which the vocabularies and
the gazetteer bound). Slugs are ASCII and the same in both editions: fixed
for the vocabularies, pinyin plus the division code for places
("guangzhoushi-4401"), the years for dates ("2016", "2015-to-2020",
"from-2016", "until-2005", "unknown": ``speech_dates.value_slug``). Every
human-readable string goes through the edition's converter ``t``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..corpus import speech_dates
from ..corpus.find_facets import gazetteer, place_division
from ..editions.convert import Script, same_script
from ..model import Facets, Speech
from .markdown import converted_markdown, escape_markdown, fact_line, front_matter, page_head, script_memo
from .opening import opening_words
from .paths import FIXED_SLUGS, facet_path, indexes_path, speech_path, url_from_page, value_path

# Speeches listed on one page of a value; more go on further pages. Every
# page carries the theme's ~9 kB of header, navigation and footer, shared by
# its entries: 400 one-line entries (~110 kB, less than a source page as
# scraped; ~25 kB compressed) load at once, and a reader scans them (or
# finds in them) as easily as 100.
PAGE_SIZE = 400
# Values of one facet shown on the landing page (the most frequent); all are on the facet's page.
LANDING_VALUES = 30


@dataclass(frozen=True)
class Facet:
    field: str  # attribute of Facets
    folder: str  # indexes/<folder>/
    heading: str  # on the landing page: "按主题"
    noun: str  # in a value page's title: "主题：文明城市"


FACETS = (
    Facet("topics", "topics", "按主题", "主题"),
    Facet("places", "places", "按地区", "地区"),
    Facet("meeting_types", "meetings", "按会议类型", "会议类型"),
    Facet("speaker_roles", "roles", "按讲话人身份", "讲话人身份"),
    Facet("speech_date", "dates", "按日期", "讲话日期"),
)
_VOCABULARY_ORDER = {field: {v: i for i, v in enumerate(slugs)} for field, slugs in FIXED_SLUGS.items()}


def value_label(facet: Facet, value: str) -> str:
    """The value as readers see it (before conversion): "2015-2020" → "2015—2020年"."""
    if facet.field == "speech_date":
        return speech_dates.value_label(value)
    return value


def facet_values(facet: Facet, facets: Facets) -> tuple[str, ...]:
    if facet.field == "speech_date":
        return (facets.speech_date.value,)
    return getattr(facets, facet.field)


def group_speeches(
    facet: Facet, speeches: Iterable[Speech], facets_by_id: dict[str, Facets]
) -> dict[str, list[Speech]]:
    """Each value of the facet → its speeches, newest first (by the speech's
    own date, then its source page's, then by id), the values in display
    order: the most frequent first for the vocabularies, the gazetteer's order
    (province, its cities, their counties) for places, the newest first for
    dates (日期不详 last)."""
    by_value: dict[str, list[Speech]] = {}
    for s in sorted(speeches, key=lambda s: s.id):
        for value in facet_values(facet, facets_by_id[s.id]):
            by_value.setdefault(value, []).append(s)
    for members in by_value.values():
        members.sort(key=lambda s: facets_by_id[s.id].date or "", reverse=True)  # stable: id order kept
        members.sort(key=lambda s: speech_dates.value_order(facets_by_id[s.id].speech_date.value))
    return {value: by_value[value] for value in _ordered(facet, by_value)}


def _ordered(facet: Facet, by_value: dict[str, list[Speech]]) -> list[str]:
    values = sorted(by_value)
    if facet.field == "speech_date":
        return sorted(values, key=speech_dates.value_order)
    if facet.field == "places":
        return sorted(values, key=lambda v: (d.code if (d := place_division(v)) else "~", v))
    order = _VOCABULARY_ORDER.get(facet.field, {})
    return sorted(values, key=lambda v: (-len(by_value[v]), order.get(v, len(order)), v))


# The opening words an index page shows of each speech. Measured in
# Chromium at 1280 px (Material's column is as wide as it gets there):
# beside a title and its facts 6 to 13 characters show most often, at most
# 17 (benchmark corpus) or 22 (seed). The stylesheet gives them at most
# 15em, on the title's line or, after a long title, on a line of their
# own, and cuts them there with an ellipsis: 16 Han characters overflow
# it; more would be bytes on every index page that no line shows.
OPENING_CHARACTERS = 16


def render_indexes(
    speeches: list[Speech],
    facets_by_id: dict[str, Facets],
    t: Script = same_script,
    page_size: int = PAGE_SIZE,
) -> dict[str, str]:
    """Every index page of one edition: {path relative to the edition's docs folder: Markdown}."""
    grouped = {facet.field: group_speeches(facet, speeches, facets_by_id) for facet in FACETS}
    lengths = {s.id: s.characters for s in speeches}
    openings = {s.id: opening_words(s, OPENING_CHARACTERS) for s in speeches}
    files = {indexes_path(): render_landing(len(speeches), grouped, t)}
    for facet in FACETS:
        groups = grouped[facet.field]
        files[facet_path(facet)] = render_facet_page(facet, groups, t)
        for value, members in groups.items():
            pages = max(1, -(-len(members) // page_size))
            for page in range(1, pages + 1):
                chunk = members[(page - 1) * page_size : page * page_size]
                files[value_path(facet, value, page)] = render_value_page(
                    facet, value, chunk, len(members), page, pages, facets_by_id, t, lengths, openings
                )
    return files


def _value_list(facet: Facet, groups: dict[str, list[Speech]], values: list[str], from_landing: bool, t: Script) -> list[str]:
    """Links to the values' first pages, from indexes/index.md or from the facet's folder."""
    if not values:
        return [t("暂无。"), ""]
    lines = []
    for v in values:
        target = _page_name(facet, v, 1)
        lines.append(
            f"- [{escape_markdown(t(value_label(facet, v)))}]({f'{facet.folder}/' if from_landing else ''}{target})"
            f'<small>{len(groups[v]):,} {t("篇")}</small>'
        )
    return ['<div class="speech-list" markdown>', "", *lines, "", "</div>", ""]


def render_landing(total: int, grouped: dict[str, dict[str, list[Speech]]], t: Script = same_script) -> str:
    out = [
        front_matter({"title": t("浏览")}),
        f"# {t('浏览')} {{#title}}",
        "",
        t(
            f"按主题、地区、会议类型、讲话人身份和日期浏览全部 {total:,} 篇讲话。"
            "主题、地区、会议类型由标题和正文得出；地区是讲话中点名的省、市、县（区）；"
            "讲话人身份只在讲话自己说明时标出；日期是讲话本身的日期，由正文中说明讲话时间的日期"
            "和可断代的事件得出（不是来源页的更新日期），无从断定的列为“日期不详”。"
        ),
        "",
    ]
    for facet in FACETS:
        groups = grouped[facet.field]
        # The landing page shows the most frequent values, in the facet's order.
        shown = set(sorted(groups, key=lambda v: -len(groups[v]))[:LANDING_VALUES])
        values = [v for v in groups if v in shown]
        # Relative to indexes/: "topics/index.md".
        out += [f"## [{t(facet.heading)}]({facet.folder}/index.md) {{#{facet.folder}}}", ""]
        out += _value_list(facet, groups, values, True, t)
        if len(groups) > len(values):
            out += [f"[{t(f'全部{len(groups):,}个{facet.noun}')}]({facet.folder}/index.md)", ""]
    return "\n".join(out)


def render_facet_page(facet: Facet, groups: dict[str, list[Speech]], t: Script = same_script) -> str:
    """Every value of one facet (at indexes/<folder>/index.md); places grouped by province."""
    title = t(facet.heading)
    out = [
        front_matter({"title": title, "facet": facet.field}),
        f"# {title} {{#title}}",
        "",
        f"[{t('浏览')}](../index.md) · " + t(f"{len(groups):,} 个{facet.noun}"),
        "{: .speech-meta }",
        "",
    ]
    if facet.field != "places" or not groups:
        out += _value_list(facet, groups, list(groups), False, t)
        return "\n".join(out)
    gaz = gazetteer()
    by_province: dict[str, list[str]] = {}
    for value in groups:
        division = place_division(value)
        province = division.code[:2] if division else ""
        by_province.setdefault(province, []).append(value)
    # One paragraph of links per province: the gazetteer bounds this page, but
    # at thousands of places a list entry each would make it several times larger.
    for province, values in by_province.items():
        name = gaz.divisions[province].name if province in gaz.divisions else "其他"
        out += [f"## {escape_markdown(t(name))} {{#p{province or 'other'}}}", ""]
        out += [
            " · ".join(
                f"[{escape_markdown(t(v))}]({_page_name(facet, v, 1)})（{len(groups[v]):,}）" for v in values
            ),
            "{: .index-values }",
            "",
        ]
    return "\n".join(out)


def _page_name(facet: Facet, value: str, page: int) -> str:
    """A value page's file name, for links between pages of the same facet folder."""
    return value_path(facet, value, page).rsplit("/", 1)[1]


def render_value_page(
    facet: Facet,
    value: str,
    members: list[Speech],
    total: int,
    page: int,
    pages: int,
    facets_by_id: dict[str, Facets],
    t: Script = same_script,
    lengths: dict[str, int] | None = None,
    openings: dict[str, str] | None = None,
) -> str:
    """One page of a value's speeches, one line each: its title, its opening
    words, its place, date and length (the same for every facet).
    ``lengths`` (speech id → characters) and ``openings`` (→ opening words)
    save finding them again on each of a speech's values' pages."""
    label = t(value_label(facet, value))
    heading = t(f"{facet.noun}：") + label
    data = {"title": heading + (t(f"（第{page}页）") if page > 1 else ""), "facet": facet.field, "value": label}
    if pages > 1:
        data.update(page=page, pages=pages)
    facts = [f"[{t('浏览')}](../index.md) › [{t(facet.heading)}](index.md)"]
    if facet.field == "places" and (division := place_division(value)):
        facts.append(" › ".join(escape_markdown(t(d)) for d in _hierarchy(division.code)))
    facts.append(t(f"共 {total:,} 篇讲话"))
    if pages > 1:
        facts.append(t(f"第 {page}/{pages} 页"))
    out = [
        *page_head(data, heading, facts),
        '<div class="speech-list speech-list--index" markdown>',
        "",
    ]
    memo = script_memo(t)
    for s in members:
        found = facets_by_id[s.id]
        meta = [escape_markdown(t(found.places[0]))] if found.places else []
        if found.speech_date.value != speech_dates.UNKNOWN:
            meta.append(t(speech_dates.value_label(found.speech_date.value)))
        meta.append(f"{lengths[s.id] if lengths else s.characters:,} " + t("字"))
        opening = openings[s.id] if openings else opening_words(s, OPENING_CHARACTERS)
        # indexes/<folder>/<page>.md → speeches/<id>.md. No spaces between
        # the parts: the list lays them out (extra.css), and Chinese text
        # reads without them; a space is a byte on every entry.
        out.append(
            f"- [{converted_markdown(s.title, t, memo)}](../../{speech_path(s.id)})"
            f'<small>{" · ".join(meta)}</small><span>{converted_markdown(opening, t, memo)}</span>'
        )
    out += ["", "</div>", ""]
    if pages > 1:
        out += [*_pager(facet, value, page, pages, t), ""]
    return "\n".join(out)


def _pager(facet: Facet, value: str, page: int, pages: int, t: Script) -> list[str]:
    parts = []
    if page > 1:
        parts.append(f"[{t('← 上一页')}]({_page_name(facet, value, page - 1)})")
    parts.append(t(f"第 {page}/{pages} 页"))
    if page < pages:
        parts.append(f"[{t('下一页 →')}]({_page_name(facet, value, page + 1)})")
    return [" · ".join(parts), "{: .index-pager }"]


def _hierarchy(code: str) -> list[str]:
    """Names from the province down to the division: ["广东省", "广州市", "天河区"]."""
    gaz = gazetteer()
    names = []
    while code:
        division = gaz.divisions[code]
        names.append(division.name)
        code = division.parent
    return names[::-1]


def facet_links(facets: Facets, t: Script = same_script) -> list[dict]:
    """A speech's facets, each value linked to its index page, for its
    page's front matter (partials/speech.html draws them): topics, places,
    meeting type …; each link made once per converter."""
    memo = script_memo(t)
    out = []
    for facet in FACETS:
        values = facet_values(facet, facets)
        if values:
            links = []
            for v in values:
                key = ("facet link", facet.field, v)
                link = memo.get(key)
                if link is None:
                    link = memo[key] = {"text": t(value_label(facet, v)), "url": url_from_page(value_path(facet, v))}
                links.append(link)
            out.append({"noun": t(facet.noun), "links": links})
    return out
