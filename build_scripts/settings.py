"""The project's settings, read once, checked, and handed on typed: the
table ``[tool.speech-library]`` of pyproject.toml and a few environment
variables. Each is declared once below (name, default, check, what it does;
the model is MkDocs' ``config_options``); a bad value, or a key of the table
that is no setting, stops the run with one line naming the setting and
where it was read. The command line's options (``--hant``, ``--no-hant``)
override what is read here.
"""

from __future__ import annotations

import datetime
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from .editions.registry import CONFIGS, DEFAULT_HANT
from .errors import SourceError

PYPROJECT = "pyproject.toml"
TABLE = "tool.speech-library"
# GitHub Pages publishes a site of at most 1 GB.
DEFAULT_SITE_LIMIT_MB = 1000


@dataclass(frozen=True)
class Settings:
    hant: str | None = DEFAULT_HANT  # OpenCC config of the Traditional edition; None: no such edition
    site_limit_mb: int | None = DEFAULT_SITE_LIMIT_MB  # the largest site build swaps in; None: no limit
    site_url: str | None = None  # the published address (absolute links, canonical URLs, sitemaps)
    downloads_url: str | None = None  # where the corpus zips are published (render/paths.py); None: no links to them
    source_date_epoch: int | None = None  # the build's moment, for reproducible builds
    step_summary: Path | None = None  # GitHub Actions' job summary, where the log's speech lines go too


@dataclass(frozen=True)
class Option:
    """One setting: where it is read, its default, and its check, which
    returns the typed value or raises ValueError with what is wrong."""

    name: str  # as written in the table or the environment
    field: str  # of Settings
    check: Callable[[object], object]
    help: str


def _hant(value):
    if value is False:
        return None
    if value not in CONFIGS:
        raise ValueError(f"must be one of {sorted(CONFIGS)} or false, not {value!r}")
    return value


def _site_limit_mb(value):
    if value is False:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"must be a number of MB above 0 or false, not {value!r}")
    return value


def _site_url(value: str) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not the address of a site (https://<owner>.github.io/<repository>/): {value!r}")
    return value


def _downloads_url(value: str) -> str | None:
    """A folder's address (its files' names are joined to it), written as a
    link may carry it anywhere: in Markdown, YAML and HTML attributes."""
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment or not value.endswith("/"):
        raise ValueError(f"not the address of a folder, ending in / (https://<host>/<path>/): {value!r}")
    if any(ch.isspace() or ch in '<>"\'\\' or not ch.isprintable() for ch in value):
        raise ValueError(f"has a character a URL must percent-encode: {value!r}")
    return value


def _source_date_epoch(value: str) -> int | None:
    if not value:
        return None
    try:
        datetime.datetime.fromtimestamp(int(value), datetime.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"not a time in seconds since 1970: {value!r}") from None
    return int(value)


def _path(value: str) -> Path | None:
    return Path(value) if value else None


PROJECT_OPTIONS = (
    Option("hant", "hant", _hant, 'the Traditional edition\'s OpenCC config: "s2tw" (Taiwan forms), "s2hk", or false for none'),
    Option("site_limit_mb", "site_limit_mb", _site_limit_mb, "the size in MB a built site may have, or false for no limit"),
)
ENVIRONMENT_OPTIONS = (
    Option("SITE_URL", "site_url", _site_url, "the address the site is published at"),
    Option("DOWNLOADS_URL", "downloads_url", _downloads_url, "the address of the folder the corpus zips are published in"),
    Option("SOURCE_DATE_EPOCH", "source_date_epoch", _source_date_epoch, "seconds since 1970: the build's date"),
    Option("GITHUB_STEP_SUMMARY", "step_summary", _path, "the job summary file GitHub Actions gives a step"),
)


def read_settings(project: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """The settings of the project in folder ``project`` (its pyproject.toml
    may be missing: every setting then has its default) and of ``environ``
    (the process's environment by default). SourceError for a bad one."""
    table = project_table(project / PYPROJECT)
    unknown = sorted(set(table) - {o.name for o in PROJECT_OPTIONS})
    if unknown:
        known = ", ".join(o.name for o in PROJECT_OPTIONS)
        raise SourceError(PYPROJECT, f"[{TABLE}] has no setting {unknown[0]!r} (the settings are {known})")
    settings = Settings()
    for option in PROJECT_OPTIONS:
        if option.name in table:
            settings = replace(settings, **{option.field: _checked(option, table[option.name], f"[{TABLE}] {option.name}", PYPROJECT)})
    environ = os.environ if environ is None else environ
    for option in ENVIRONMENT_OPTIONS:
        if option.name in environ:
            settings = replace(settings, **{option.field: _checked(option, environ[option.name], "", option.name)})
    return settings


def _checked(option: Option, value, label: str, where: str):
    try:
        return option.check(value)
    except ValueError as error:
        raise SourceError(where, f"{label} {error}".strip()) from None


def project_table(path: Path) -> dict:
    """``[tool.speech-library]`` of the pyproject.toml at ``path``; empty without one."""
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SourceError(PYPROJECT, f"not valid TOML: {error}") from None
    tool = data.get("tool", {})
    table = tool.get("speech-library", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise SourceError(PYPROJECT, f"[{TABLE}] must be a table, not {table!r}")
    return table
