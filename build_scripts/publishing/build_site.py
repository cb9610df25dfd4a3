"""After publishing: build each edition with MkDocs, write the search index,
and add the files of the site root (language redirect, catalog, 404 page).

The editions' MkDocs builds are independent processes and run side by side
(one per core on a two-core runner) while this process builds the search
index, one for both editions at the site's root (publishing/search_index.py).

Everything is built into a staging folder beside ``site/`` and swapped in
at the end (swap_folders.py), so a failed, interrupted or killed build
leaves the previous site as it was. MkDocs builds the editions of the docs
folder it is given (``docs``), through a configuration per edition that
inherits the project's and names that folder.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from ..runtime import lifetime, swap_folders
from ..editions.registry import edition_url
from ..model import Edition
from ..render.paths import REDIRECTS, search_records_path, speech_url
from ..render.site_data import read_display_map, read_redirects, read_search_records
from ..errors import BuildError
from ..runtime.interruptions import crash_point
from ..runtime.progress import Stages
from .publish import THEME_OVERRIDES
from ..model import SearchRecord
from .search_index import build_index

# Where the site's one search index lives, at the site's root beside the
# editions' folders (docs/javascripts/search.js reads it from either).
SEARCH_DIR = "search"
# In the staging folder while MkDocs runs: its configuration of each edition.
CONFIG_FOLDER = ".mkdocs"
SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")
# What a build without the site's address leaves out: all of it needs
# absolute URLs. The site itself works at any address (its links are relative).
WITHOUT_SITE_URL = (
    "warning: SITE_URL is not set, so this site has no sitemap.xml, no canonical or hreflang links, no og:url, "
    "and its feeds' links are relative: set SITE_URL to the address it is published at "
    "(https://<owner>.github.io/<repository>/) to build them, as the deploy workflow does"
)
# The corpus zips are no files of the site (render/paths.py): without the
# address they are published at, nothing links to them.
WITHOUT_DOWNLOADS_URL = (
    "warning: DOWNLOADS_URL is not set, so neither the pages nor catalog.json link to the corpus downloads "
    "(the zips in corpus-downloads/ of the docs folder, which the site does not hold): set DOWNLOADS_URL to the "
    "address of the folder they are published in (https://github.com/<owner>/<repository>/releases/download/corpus/) "
    "to link them, as the deploy workflow does"
)


def check_docs(docs: Path) -> None:
    """A docs folder MkDocs can build: the hand-written part of one (the
    theme overrides at least), not only what the generator writes."""
    if not (docs / THEME_OVERRIDES).is_dir():
        raise BuildError(
            f"{docs}: has no {THEME_OVERRIDES.rstrip('/')}/ folder: the docs folder to build must hold "
            "the hand-written files and theme overrides of the project's docs/ (copy them there)"
        )


def build_site(
    project: Path,
    docs: Path,
    site: Path,
    editions: list[Edition],
    site_url: str | None,
    stages: Stages | None = None,
    size_limit_mb: int | None = None,
    preview: bool = False,
    source_date_epoch: int | None = None,
    downloads_url: str | None = None,
) -> None:
    """The site of the generated docs folder ``docs``, as ``generate`` left it:
    its pages, and the search records and redirects (render/site_data.py)
    written beside them. A speech merged into an older one keeps its URL,
    as a redirect (a ``preview``'s, only to the speeches it holds). A site
    larger than ``size_limit_mb`` megabytes (where it is to be published,
    more is refused) is not swapped in: the build fails and ``site`` stays
    as it was. ``source_date_epoch`` (settings.py) dates the build; without
    it, the newest source page does. ``downloads_url`` (settings.py), as the
    docs folder was generated with it, only says whether to warn that the
    pages do not link to the corpus downloads."""
    stages = stages or Stages()
    site = site.resolve()
    check_docs(docs)
    search, redirects = read_site_data(docs, editions, preview)
    display_map = read_display_map(_generated_text(docs, search_records_path(editions[-1].code)))
    swap_folders.recover(site)
    staging = swap_folders.staging_folder(site)
    builds: list[tuple[Edition, subprocess.Popen]] = []
    try:
        with stages.stage("mkdocs build and search index"):
            epoch = str(source_date_epoch) if source_date_epoch is not None else _newest_page_epoch(docs)
            for edition in editions:
                config = _edition_config(project, docs, edition, staging / CONFIG_FOLDER)
                out = staging / edition.code
                builds.append((edition, _start_mkdocs(project, edition, config, out, site_url, len(editions) > 1, epoch)))
            crash_point("mkdocs")
            with stages.stage("search index"):
                index = shared_index(search, editions, display_map)
            failed = [edition.code for edition, process in builds if process.wait() != 0]
            if failed:
                raise BuildError(f"mkdocs build of the {', '.join(failed)} edition failed")
            _write_files(staging / SEARCH_DIR, index)
        shutil.rmtree(staging / CONFIG_FOLDER)
        for edition in editions:
            _write_redirects(staging / edition.code, redirects, site_url, edition)
            if not site_url:
                # A sitemap lists absolute URLs only: MkDocs writes an empty
                # one (no <url>, which its schema does not allow).
                for name in SITEMAPS:
                    (staging / edition.code / name).unlink(missing_ok=True)
        _write_root(staging, docs, editions, site_url)
        if size_limit_mb is not None:
            check_size(staging, size_limit_mb)
        swap_folders.swap_in(staging, site)
        if not site_url:
            print(WITHOUT_SITE_URL, file=sys.stderr)
        if not downloads_url:
            print(WITHOUT_DOWNLOADS_URL, file=sys.stderr)
    except BaseException:
        # A failure, or Ctrl-C: MkDocs is stopped before its folder goes.
        for _, process in builds:
            if process.poll() is None:
                process.kill()
            process.wait()
        shutil.rmtree(staging, ignore_errors=True)
        raise


def shared_index(search: dict[str, list[SearchRecord]], editions: list[Edition], display_map: dict | None) -> dict[str, bytes]:
    """The site's one search index, of the Simplified text (the first
    edition's), with what the Traditional edition prints where its map does
    not make it (search_index.hant_lines)."""
    hant = search[editions[1].code] if len(editions) > 1 else None
    return build_index(search[editions[0].code], hant=hant, display_map=display_map)


def read_site_data(docs: Path, editions: list[Edition], preview: bool) -> tuple[dict[str, list[SearchRecord]], dict[str, str]]:
    """Each edition's search records and the redirects, as generate wrote
    them into ``docs``; a missing one is a BuildError naming it."""
    search = {e.code: read_search_records(_generated_text(docs, search_records_path(e.code))) for e in editions}
    redirects = read_redirects(_generated_text(docs, REDIRECTS))
    if preview:  # only to the speeches it has
        shown = {s["id"] for s in json.loads(_generated_text(docs, "catalog.json"))["speeches"]}
        redirects = {old: new for old, new in redirects.items() if new in shown}
    return search, redirects


def _generated_text(docs: Path, rel: str) -> str:
    try:
        return (docs / rel).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BuildError(f"{docs / rel}: missing: run `python -m build_scripts generate` first") from None


def folder_bytes(folder: Path) -> int:
    """The bytes of every file under ``folder``."""
    return sum(entry.stat().st_size for entry in folder.rglob("*") if entry.is_file() and not entry.is_symlink())


def check_size(folder: Path, limit_mb: int) -> None:
    size = folder_bytes(folder)
    if size > limit_mb * 1_000_000:
        raise BuildError(
            f"the site would be {size / 1e6:,.0f} MB, over its limit of {limit_mb:,} MB "
            "(site_limit_mb in pyproject.toml; GitHub Pages publishes at most 1 GB): "
            "the site was left as it was; see the README, \"A corpus larger than GitHub Pages takes\""
        )


def _edition_config(project: Path, docs: Path, edition: Edition, folder: Path) -> Path:
    """A configuration of the edition that is the project's (it inherits it)
    but for the docs it builds: ``docs``'s edition folder and theme overrides."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{edition.code}.yml"
    # JSON strings are YAML strings: any path is written literally.
    path.write_text(
        f"INHERIT: {json.dumps(str((project / edition.mkdocs_config).resolve()))}\n"
        f"docs_dir: {json.dumps(str((docs / edition.code).resolve()))}\n"
        f"theme:\n  custom_dir: {json.dumps(str((docs / THEME_OVERRIDES).resolve()))}\n",
        encoding="utf-8",
    )
    return path


REDIRECT = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{href}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={href}">
<script>location.replace({script_href} + location.hash);</script>
</head>
<body><p><a href="{href}">{title}</a></p></body>
</html>
"""


def redirect_page(edition: Edition, href: str) -> str:
    """The page at an old speech URL that sends the reader (and the anchor)
    to ``href``, encoded for each place it is written: HTML attribute, text,
    and a string in the script."""
    e = html.escape
    return REDIRECT.format(lang=e(edition.code), title=e(edition.moved_title), href=e(href), script_href=script_json(href))


def script_json(value) -> str:
    """``value`` as a JavaScript literal that can stand in a <script> element:
    JSON, with "<" written as \\u003c so no "</script>" or "<!--" ends it."""
    return json.dumps(value).replace("<", "\\u003c")


def _write_redirects(root: Path, redirects: dict[str, str], site_url: str | None, edition: Edition) -> None:
    """A page at each old speech URL that sends the reader (and the anchor)
    to the speech it was merged into."""
    for old, new in sorted(redirects.items()):
        href = edition_url(site_url, edition) + speech_url(new) if site_url else f"../{new}/"
        page = root / "speeches" / old / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(redirect_page(edition, href), encoding="utf-8")


def _write_files(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _newest_page_epoch(docs: Path) -> str:
    """The date of the newest source page, as MkDocs' build date (the
    sitemaps' lastmod): the same sources then give the same site, whatever
    the day of the build."""
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    dates = [c["date"] for c in catalog["collections"] if c.get("date")]
    newest = datetime.date.fromisoformat(max(dates)) if dates else datetime.date(1970, 1, 1)
    return str(int(datetime.datetime.combine(newest, datetime.time(), datetime.timezone.utc).timestamp()))


def _start_mkdocs(
    project: Path, edition: Edition, config: Path, out: Path, site_url: str | None, has_hant: bool, epoch: str
) -> subprocess.Popen:
    """MkDocs building ``config`` into ``out``; it dies with this process."""
    env = dict(
        os.environ,
        NO_MKDOCS_2_WARNING="1",
        SPEECH_HANT_EDITION="true" if has_hant else "false",
        SOURCE_DATE_EPOCH=epoch,
        # mkdocs.yml's Markdown extension build_scripts.render.placeholder_marks, from this very code, whatever the folder built.
        PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parents[2]), *filter(None, [os.environ.get("PYTHONPATH")])]),
    )
    env.pop("EDITION_URL", None)
    if site_url:
        env["EDITION_URL"] = edition_url(site_url, edition)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(out)]
    return subprocess.Popen(lifetime.tied_command(command), cwd=project, env=env)


# The edition a reader is sent to: the one they chose before, else the one
# their browser's languages ask for (Traditional for zh-Hant/TW/HK/MO).
CHOOSE_EDITION = """function chooseEdition(editions) {{
    var choice = null;
    try {{ choice = localStorage.getItem("edition"); }} catch (e) {{}}
    if (editions.indexOf(choice) >= 0) return choice;
    var languages = navigator.languages || [navigator.language || ""];
    var chinese = languages.filter(function (l) {{ return /^zh\\b/i.test(l); }})[0] || "";
    return /^zh-(hant|tw|hk|mo)\\b/i.test(chinese) && editions.indexOf("zh-Hant") >= 0 ? "zh-Hant" : "zh-Hans";
  }}"""

ROOT_INDEX = """<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>讲话稿文库 · 講話稿文庫</title>
{links}
<script>
  (function () {{
  """ + CHOOSE_EDITION + """
    location.replace(chooseEdition({codes}) + "/" + location.hash);
  }})();
</script>
</head>
<body>
<p>{anchors}</p>
</body>
</html>
"""

# GitHub Pages serves the root's 404.html for a missing path at any depth.
# It shows the 404 page of the reader's edition (the edition named in the
# path, else the one chosen before or asked for by the browser's languages),
# as MkDocs built it, at the missing address (the status stays 404): fetched
# from the site's root and written in with a <base> at the edition's root,
# whose links are relative to it (docs/overrides/404.html). The site's root
# is SITE_URL's path when the build knew it; else the part of the path before
# the edition's folder; else the nearest folder of the path whose edition
# has that 404 page (a local build served under /<repository>/). Without
# JavaScript (or if all that fails), a short note in both scripts, with links
# where the site's address is known.
ROOT_404 = """<!doctype html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>找不到页面 · 找不到頁面</title>
<link rel="icon" href="data:,">
<style>html.routing body {{ visibility: hidden; }}</style>
<script>
  (function () {{
  """ + CHOOSE_EDITION + """
    var site = {config};
    var editions = site.editions;
    var path = location.pathname;
    var root = site.root;
    var edition = null;
    if (root !== null && path.indexOf(root) === 0) {{
      var first = path.slice(root.length).split("/")[0];
      if (editions.indexOf(first) >= 0) edition = first;
    }} else {{
      root = null;
      var found = new RegExp("^(.*?/)(" + editions.join("|") + ")(?:/|$)").exec(path);
      if (found) {{
        root = found[1];
        edition = found[2];
      }}
    }}
    edition = edition || chooseEdition(editions);
    var candidates = [];
    if (root !== null) {{
      candidates.push(root);
    }} else {{
      var parts = path.split("/");
      for (var n = parts.length - 1; n >= 1; n--) candidates.push(parts.slice(0, n).join("/") + "/");
    }}
    function attribute(text) {{
      return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    }}
    function fail() {{
      document.documentElement.classList.remove("routing");
    }}
    function tryFrom(i) {{
      if (i >= candidates.length) return fail();
      var home = candidates[i] + edition + "/";
      fetch(home + "404.html", {{ cache: "no-cache" }}).then(function (response) {{
        if (!response.ok) return tryFrom(i + 1);
        return response.text().then(function (page) {{
          var at = page.search(/<head(?=[\\s>])/i);
          if (at < 0) return fail();
          at = page.indexOf(">", at) + 1;
          document.open();
          document.write(page.slice(0, at) + '<base href="' + attribute(home) + '">' + page.slice(at));
          document.close();
        }});
      }}).catch(fail);
    }}
    document.documentElement.classList.add("routing");
    tryFrom(0);
  }})();
</script>
</head>
<body>
<h1>找不到页面 · <span lang="zh-Hant">找不到頁面</span></h1>
<p>这个网址没有对应的页面。<span lang="zh-Hant">這個網址沒有對應的頁面。</span></p>
<p>{anchors}</p>
</body>
</html>
"""


def root_index(editions: list[Edition]) -> str:
    """The site root, which sends the reader to an edition."""
    e = html.escape
    links = "\n".join(f'<link rel="alternate" hreflang="{e(x.code)}" href="{e(x.code)}/">' for x in editions)
    anchors = " · ".join(f'<a href="{e(x.code)}/" hreflang="{e(x.code)}" lang="{e(x.code)}">{e(x.name)}</a>' for x in editions)
    return ROOT_INDEX.format(links=links, codes=script_json([x.code for x in editions]), anchors=anchors)


def root_404(editions: list[Edition], site_url: str | None) -> str:
    """GitHub Pages serves this page for a missing path at any depth: it
    shows the reader's edition's 404 page (see ROOT_404). Its own links, for
    a browser without JavaScript, must be absolute: there are some only when
    the site's URL is known."""
    e = html.escape
    root = urlsplit(site_url).path.rstrip("/") + "/" if site_url else None
    config = {"editions": [x.code for x in editions], "root": root}
    if site_url:
        prefix = site_url.rstrip("/") + "/"
        anchors = " · ".join(
            f'<a href="{e(prefix + x.code)}/" hreflang="{e(x.code)}" lang="{e(x.code)}">{e(x.name)}</a>' for x in editions
        )
    else:
        anchors = "请从网站首页进入。<span lang=\"zh-Hant\">請從網站首頁進入。</span>"
    return ROOT_404.format(config=script_json(config), anchors=anchors)


def _write_root(staging: Path, docs: Path, editions: list[Edition], site_url: str | None) -> None:
    (staging / "index.html").write_text(root_index(editions), encoding="utf-8")
    (staging / "404.html").write_text(root_404(editions, site_url), encoding="utf-8")
    shutil.copy2(docs / "catalog.json", staging / "catalog.json")
    (staging / "robots.txt").write_text(_robots(editions, site_url), encoding="utf-8")
    # GitHub Pages must serve the folders as they are (no Jekyll processing).
    (staging / ".nojekyll").write_text("", encoding="utf-8")


def _robots(editions: list[Edition], site_url: str | None) -> str:
    """Everything may be crawled; the sitemaps (MkDocs writes one per
    edition) need absolute URLs, so they are listed when the site URL is known."""
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines += [f"Sitemap: {edition_url(site_url, e)}sitemap.xml" for e in editions]
    return "\n".join(lines) + "\n"
