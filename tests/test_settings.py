"""The settings (build_scripts/settings.py): read once from pyproject.toml's
[tool.speech-library] and the environment, typed, each bad one refused in
one line naming the setting and where it was read."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_scripts.cli import main
from build_scripts.errors import SourceError
from build_scripts.settings import ENVIRONMENT_OPTIONS, PROJECT_OPTIONS, Settings, read_settings

from .conftest import ROOT, copy_project


def project_with(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f'[project]\nname = "x"\n\n[tool.speech-library]\n{table}\n', encoding="utf-8")
    return tmp_path


def test_the_project_s_own_settings_and_no_environment_give_its_values():
    assert read_settings(ROOT, {}) == Settings(hant="s2tw", site_limit_mb=1000)


def test_without_a_pyproject_or_a_table_every_setting_has_its_default(tmp_path):
    assert read_settings(tmp_path, {}) == Settings()
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert read_settings(tmp_path, {}) == Settings()


def test_each_setting_is_read_typed(tmp_path):
    project = project_with(tmp_path, 'hant = "s2hk"\nsite_limit_mb = 250')
    environ = {"SITE_URL": "https://example.github.io/library/", "SOURCE_DATE_EPOCH": "1732136400",
               "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
               "DOWNLOADS_URL": "https://github.com/example/library/releases/download/corpus/"}
    assert read_settings(project, environ) == Settings(
        hant="s2hk", site_limit_mb=250, site_url="https://example.github.io/library/",
        source_date_epoch=1732136400, step_summary=tmp_path / "summary.md",
        downloads_url="https://github.com/example/library/releases/download/corpus/",
    )
    # false turns a setting off; an empty variable is one not set.
    project = project_with(tmp_path, "hant = false\nsite_limit_mb = false")
    empty = {"SITE_URL": "", "SOURCE_DATE_EPOCH": "", "GITHUB_STEP_SUMMARY": "", "DOWNLOADS_URL": ""}
    assert read_settings(project, empty) == Settings(hant=None, site_limit_mb=None)


@pytest.mark.parametrize(
    "table, message",
    [
        ('hant = "s2twp"', "pyproject.toml: [tool.speech-library] hant must be one of ['s2hk', 's2tw'] or false, not 's2twp'"),
        ("hant = true", "pyproject.toml: [tool.speech-library] hant must be one of ['s2hk', 's2tw'] or false, not True"),
        ("site_limit_mb = 0", "pyproject.toml: [tool.speech-library] site_limit_mb must be a number of MB above 0 or false, not 0"),
        ("site_limit_mb = true", "pyproject.toml: [tool.speech-library] site_limit_mb must be a number of MB above 0 or false, not True"),
        ('site_limit_mb = "1 GB"', "pyproject.toml: [tool.speech-library] site_limit_mb must be a number of MB above 0 or false, not '1 GB'"),
        ("site_limit = 100", "pyproject.toml: [tool.speech-library] has no setting 'site_limit' (the settings are hant, site_limit_mb)"),
        ("hant = [", "pyproject.toml: not valid TOML: "),
    ],
)
def test_a_bad_project_setting_is_refused_naming_it_and_the_file(tmp_path, table, message):
    with pytest.raises(SourceError) as error:
        read_settings(project_with(tmp_path, table), {})
    assert str(error.value).startswith(message) and "\n" not in str(error.value)


def test_a_table_that_is_no_table_is_refused(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool]\nspeech-library = "s2tw"\n', encoding="utf-8")
    with pytest.raises(SourceError, match=r"^pyproject.toml: \[tool.speech-library\] must be a table"):
        read_settings(tmp_path, {})


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("SOURCE_DATE_EPOCH", "tomorrow", "SOURCE_DATE_EPOCH: not a time in seconds since 1970: 'tomorrow'"),
        ("SOURCE_DATE_EPOCH", "1.5e9", "SOURCE_DATE_EPOCH: not a time in seconds since 1970: '1.5e9'"),
        ("SOURCE_DATE_EPOCH", "99999999999999999999", "SOURCE_DATE_EPOCH: not a time in seconds since 1970: '99999999999999999999'"),
        ("SITE_URL", "example.github.io/library", "SITE_URL: not the address of a site (https://<owner>.github.io/<repository>/): 'example.github.io/library'"),
        ("SITE_URL", "javascript:alert(1)", "SITE_URL: not the address of a site (https://<owner>.github.io/<repository>/): 'javascript:alert(1)'"),
        # The folder's address, to which a file's name is joined.
        ("DOWNLOADS_URL", "https://github.com/o/r/releases/download/corpus",
         "DOWNLOADS_URL: not the address of a folder, ending in / (https://<host>/<path>/): 'https://github.com/o/r/releases/download/corpus'"),
        ("DOWNLOADS_URL", "releases/download/corpus/",
         "DOWNLOADS_URL: not the address of a folder, ending in / (https://<host>/<path>/): 'releases/download/corpus/'"),
        ("DOWNLOADS_URL", "javascript:alert(1)//",
         "DOWNLOADS_URL: not the address of a folder, ending in / (https://<host>/<path>/): 'javascript:alert(1)//'"),
        ("DOWNLOADS_URL", "https://example.org/?tag=/",
         "DOWNLOADS_URL: not the address of a folder, ending in / (https://<host>/<path>/): 'https://example.org/?tag=/'"),
        ("DOWNLOADS_URL", 'https://example.org/a"><script>/',
         "DOWNLOADS_URL: has a character a URL must percent-encode: 'https://example.org/a\"><script>/'"),
        ("DOWNLOADS_URL", "https://example.org/a b/",
         "DOWNLOADS_URL: has a character a URL must percent-encode: 'https://example.org/a b/'"),
    ],
)
def test_a_bad_environment_setting_is_refused_naming_it(tmp_path, name, value, message):
    with pytest.raises(SourceError) as error:
        read_settings(tmp_path, {name: value})
    assert str(error.value) == message


def test_every_setting_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for option in PROJECT_OPTIONS + ENVIRONMENT_OPTIONS:
        assert f"`{option.name}`" in readme, option.name


def test_the_command_line_refuses_a_bad_setting_in_one_line_before_writing_anything(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path / "project")
    pyproject = project / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "typo_setting = 1\n", encoding="utf-8")
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1732136400")
    capsys.readouterr()
    assert main(["generate", "--no-cache"]) == 1
    err = capsys.readouterr().err
    assert err == "error: pyproject.toml: [tool.speech-library] has no setting 'typo_setting' (the settings are hant, site_limit_mb)\n"
    assert not (project / "docs" / "catalog.json").exists()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace("typo_setting = 1\n", ""), encoding="utf-8")
    assert main(["generate", "--no-cache"]) == 1
    assert capsys.readouterr().err == "error: SOURCE_DATE_EPOCH: not a time in seconds since 1970: 'soon'\n"
    assert not (project / "docs" / "catalog.json").exists()
