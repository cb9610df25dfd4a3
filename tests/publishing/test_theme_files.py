"""The site's script and theme files as the hooks of mkdocs.yml leave them:
Material's unused files out (build_scripts/publishing/theme_assets.py), the
edition's words in its header script (build_scripts/publishing/
header_words.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import material
import yaml

from build_scripts.publishing import header_words, theme_assets

PROJECT = Path(__file__).resolve().parents[2]
MATERIAL_ASSETS = Path(material.__file__).parent / "templates" / "assets"


def test_materials_search_files_and_source_maps_are_left_out(tmp_path):
    site = tmp_path / "site"
    shutil.copytree(MATERIAL_ASSETS, site / "assets")
    bundle = next((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    kept = bundle.read_bytes().split(b"\n//# sourceMappingURL=")[0]
    assert (site / "assets" / "javascripts" / "lunr").is_dir() and list(site.rglob("*.map"))
    theme_assets.prune(site)
    assert not (site / "assets" / "javascripts" / "lunr").exists()
    assert not (site / "assets" / "javascripts" / "workers").exists()
    assert not list(site.rglob("*.map"))
    # The bundle as it was but for its last comment; the stylesheets as they were.
    assert bundle.read_bytes() == kept
    for css in (site / "assets" / "stylesheets").glob("*.css"):
        assert css.read_bytes() == (MATERIAL_ASSETS / "stylesheets" / css.name).read_bytes()
    theme_assets.prune(site)  # again: nothing left to do
    assert bundle.read_bytes() == kept


class _Loader(yaml.SafeLoader):
    pass


# mkdocs.yml's tags that are not the palette's business.
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def test_each_edition_names_its_colour_schemes_in_its_header_script(tmp_path):
    script = (PROJECT / "docs" / "javascripts" / "header.js").read_text(encoding="utf-8")
    assert script.count(header_words.PLACEHOLDER) == 1
    expected = {
        "mkdocs.yml": '["切换到浅色模式", "切换到深色模式", "跟随系统设置"]',
        "mkdocs.zh-Hant.yml": '["切換到淺色模式", "切換到深色模式", "跟隨系統設定"]',
    }
    for name, words in expected.items():
        config = yaml.load((PROJECT / name).read_text(encoding="utf-8"), Loader=_Loader)
        site = tmp_path / name
        (site / "javascripts").mkdir(parents=True)
        (site / "javascripts" / "header.js").write_text(script, encoding="utf-8")
        header_words.on_post_build({"site_dir": str(site), "theme": config["theme"]})
        written = (site / "javascripts" / "header.js").read_text(encoding="utf-8")
        assert written == script.replace(header_words.PLACEHOLDER, words)
    # Hostile words stay inside their string.
    config = {"site_dir": str(site), "theme": {"palette": [{"toggle": {"name": '"</script><b>'}}, {"toggle": {"name": "b"}}]}}
    (site / "javascripts" / "header.js").write_text(script, encoding="utf-8")
    header_words.on_post_build(config)
    assert '["\\"\\u003c/script>\\u003cb>", "b"]' in (site / "javascripts" / "header.js").read_text(encoding="utf-8")


def test_each_edition_writes_its_search_words_into_its_words_script(tmp_path):
    """The search's words come from the edition's configuration (Taiwan's 搜尋
    in the Traditional one), in the order search.js reads them, in place of
    the placeholder the build writes into javascripts/words.js."""
    script = 'window.SPEECH_WORDS = {"a": "b"};\n' + f"window.SEARCH_WORDS = {header_words.SEARCH_PLACEHOLDER};\n"
    expected = {
        "mkdocs.yml": ["搜索", "搜索（按 / 或 s）", "搜索讲话", "输入词语，简体繁体皆可", "关闭", "搜索结果",
                       "没有找到相符的讲话", "找到 {n} 篇讲话", "最相关的 {n} 篇讲话", "搜索暂时无法使用"],
        "mkdocs.zh-Hant.yml": ["搜尋", "搜尋（按 / 或 s）", "搜尋講話", "輸入詞語，簡體繁體皆可", "關閉", "搜尋結果",
                               "沒有找到相符的講話", "找到 {n} 篇講話", "最相關的 {n} 篇講話", "搜尋暫時無法使用"],
    }
    for name, words in expected.items():
        config = yaml.load((PROJECT / name).read_text(encoding="utf-8"), Loader=_Loader)
        if "INHERIT" in config:
            base = yaml.load((PROJECT / config["INHERIT"]).read_text(encoding="utf-8"), Loader=_Loader)
            config = {**base, **config}
        site = tmp_path / name
        (site / "javascripts").mkdir(parents=True)
        (site / "javascripts" / "words.js").write_text(script, encoding="utf-8")
        header_words.on_post_build({"site_dir": str(site), "theme": config["theme"], "extra": config["extra"]})
        written = (site / "javascripts" / "words.js").read_text(encoding="utf-8")
        assert written.splitlines()[0] == 'window.SPEECH_WORDS = {"a": "b"};'
        assert json.loads(written.splitlines()[1].removeprefix("window.SEARCH_WORDS = ").removesuffix(";")) == words
    # Hostile words stay inside their string.
    (site / "javascripts" / "words.js").write_text(script, encoding="utf-8")
    header_words.on_post_build({"site_dir": str(site), "theme": {}, "extra": {"words": {"search": '"</script><b>'}}})
    assert '["\\"\\u003c/script>\\u003cb>", ""' in (site / "javascripts" / "words.js").read_text(encoding="utf-8")
