"""The site's script and theme files as the hooks of mkdocs.yml leave them:
Material's unused files out (build_scripts/publishing/theme_assets.py), the
edition's words in its header script (build_scripts/publishing/
header_words.py)."""

from __future__ import annotations

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
