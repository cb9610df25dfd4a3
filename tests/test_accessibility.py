"""Accessibility and quality of the built site, as automated audits see it.

- axe-core (run in the page by axe-playwright-python, which bundles it) finds
  no serious or critical violation on the home page, a speech page, the open
  search dialog, the passage a result opens, the outline drawer open on a
  phone and the 404 page of each edition, in the light and in the dark scheme (Debian's Chromium driven by
  Playwright, like tests/test_browser.py).
- Lighthouse (npm, pinned by package.json and package-lock.json at the root,
  installed with `npm ci` into .cache/lighthouse/) scores at least 95 for
  accessibility, best practices and SEO on a speech page of each edition, on
  the site as it is deployed: built with its SITE_URL (canonical URLs, the
  sitemaps in robots.txt) and served at that address over http on 127.0.0.1
  (the deployed_site fixture of conftest.py).

Without Chromium, or Node.js for Lighthouse, these tests are skipped with the
reason shown; with REQUIRE_BROWSER=1 (or CI set) they fail instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from . import dom
from .browser import CHROMIUM_ARGS, browser_required as required, browsing
from .conftest import ROOT, chromium_path
from .conftest import speech_path as seed_speech_path

pytestmark = pytest.mark.browser

EDITIONS = ("zh-Hans", "zh-Hant")
# The speech page audited: merged copies (collation note), template
# placeholders (the placeholder switch), citation, related speeches, pager.
SPEECH_SECTIONS = (3, 1)
# The search dialog's name and a query that finds several speeches, per edition.
SEARCH = {"zh-Hans": ("搜索讲话", "文明"), "zh-Hant": ("搜尋講話", "文明")}
BLOCKING = ("serious", "critical")
LIGHTHOUSE_MIN = 0.95
LIGHTHOUSE_CACHE = ROOT / ".cache" / "lighthouse"


def speech_path(generated, edition: str) -> str:
    return seed_speech_path(generated, edition, *SPEECH_SECTIONS)


# ---------------------------------------------------------------------------
# axe-core


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def describe(violations: list[dict]) -> str:
    """One block per violation: rule, impact, what it asks, and each element."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


# The outline drawer is open on a phone; the 404 page is a missing page under the sub-path.
PHONE = {"width": 390, "height": 844}


# A source page is published in the edition of its script only (the seed's:
# Simplified), so it is checked there.
VIEWS = [
    (edition, view)
    for view in ["home", "speech", "search dialog", "search result", "outline on a phone", "404", "source page", "source page on a phone"]
    for edition in EDITIONS
    if not (view.startswith("source page") and edition != "zh-Hans")
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("edition", "view"), VIEWS)
def test_axe_finds_no_serious_violation(browser, site_url, generated, axe, edition, scheme, view):
    viewport = PHONE if view.endswith("on a phone") else None
    with browsing(browser, site_url, color_scheme=scheme, viewport=viewport) as page:
        if view == "home":
            page.goto(site_url + edition + "/")
        elif view == "404":
            assert page.goto(site_url + edition + "/speeches/no-such-speech/").status == 404
            page.locator("h1#title").wait_for()
        elif view == "search result":  # the passage a result opens, its words marked
            # The query: two characters of the passage, as a reader searching for it types them.
            page.goto(site_url + speech_path(generated, edition))
            query = "".join(c for c in page.locator('[id="p1"]').inner_text() if "\u4e00" <= c <= "\u9fff")[2:4]
            page.goto(site_url + speech_path(generated, edition) + "?q=" + query + "#p1")
            page.locator('[id="p1"] mark.search-hit').first.wait_for()
        elif view.startswith("source page"):  # as a provenance link opens it, at a line
            page.goto(f"{site_url}{edition}/source-pages/{generated.collections[0].id}/#L58")
        else:
            page.goto(site_url + speech_path(generated, edition))
        # The palette follows the system setting: slate in the dark (set by
        # Material's script, which on the 404 page runs once the site root's
        # 404.html has loaded the edition's: wait for it, then check it).
        expected = "slate" if scheme == "dark" else "default"
        scheme_set = f"document.body.getAttribute('data-md-color-scheme') === '{expected}'"
        page.wait_for_function(scheme_set, timeout=10_000)
        assert page.locator("body").get_attribute("data-md-color-scheme") == expected
        if view == "outline on a phone":
            page.locator(".outline-button").click()
            assert page.locator("#__outline_panel").is_visible()
        if view == "search dialog":
            name, query = SEARCH[edition]
            page.locator("[data-site-search-open]").click()
            dialog = page.get_by_role("dialog", name=name)
            assert dialog.is_visible()
            page.keyboard.type(query)
            page.locator(".site-search__result").nth(1).wait_for()
        results = axe.run(page)
    violations = results.response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe-core {results.response['testEngine']['version']} on {view} ({edition}, {scheme}):\n" + describe(
        blocking
    )


# ---------------------------------------------------------------------------
# Lighthouse


@pytest.fixture(scope="session")
def lighthouse() -> list[str]:
    """The pinned Lighthouse CLI (npm ci from package-lock.json, kept in .cache/)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        reason = "Node.js (node and npm) is not installed: Lighthouse runs on Node.js (apt-get install nodejs npm)"
        if required():
            pytest.fail(f"Lighthouse is required here but {reason}")
        pytest.skip(reason)
    lock = (ROOT / "package-lock.json").read_bytes()
    cli = LIGHTHOUSE_CACHE / "node_modules" / "lighthouse" / "cli" / "index.js"
    installed = LIGHTHOUSE_CACHE / "package-lock.json"
    if not (cli.is_file() and installed.is_file() and installed.read_bytes() == lock):
        LIGHTHOUSE_CACHE.mkdir(parents=True, exist_ok=True)
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(ROOT / name, LIGHTHOUSE_CACHE / name)
        result = subprocess.run(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"],
            cwd=LIGHTHOUSE_CACHE,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, f"npm ci of package-lock.json failed:\n{result.stdout}\n{result.stderr}"
    assert cli.is_file(), f"npm ci did not install {cli}"
    return [node, str(cli)]


def failing_audits(report: dict, category: str) -> str:
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
            lines.append(f"  {audit['id']} (weight {ref['weight']}, score {audit['score']}): {audit['title']}")
            for item in ((audit.get("details") or {}).get("items") or [])[:5]:
                node = item.get("node") or item.get("source") or {}
                detail = node.get("snippet") or json.dumps(item, ensure_ascii=False)[:300]
                explanation = " ".join((node.get("explanation") or "").split())
                lines.append(f"      {detail} {explanation}".rstrip())
    return "\n".join(lines)


@pytest.mark.parametrize("edition", EDITIONS)
def test_lighthouse_scores_a_speech_page(lighthouse, deployed_site, generated, edition, tmp_path):
    """On the deployed build (conftest.deployed_site: built with its SITE_URL
    and served at that very address)."""
    url = deployed_site.url + speech_path(generated, edition)
    output = tmp_path / "lighthouse.json"
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    result = subprocess.run(
        [
            *lighthouse,
            url,
            f"--chrome-path={chromium_path()}",
            f"--chrome-flags={flags}",
            "--only-categories=accessibility,best-practices,seo",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and output.is_file(), f"lighthouse failed:\n{result.stdout}\n{result.stderr}"
    report = json.loads(output.read_text(encoding="utf-8"))
    assert "runtimeError" not in report, report["runtimeError"]
    assert report["finalDisplayedUrl"] == url
    # The page names its copies in both editions (hreflang), as Lighthouse
    # wants them: absolute, each a valid language.
    served = dom.parse((deployed_site.site / speech_path(generated, edition) / "index.html").read_text(encoding="utf-8"))
    assert len([link for link in served.find("head").find_all("link", rel="alternate") if "hreflang" in link.attrs]) == 2
    assert report["audits"]["hreflang"]["score"] == 1, report["audits"]["hreflang"]
    scores = {key: category["score"] for key, category in report["categories"].items()}
    low = {key: score for key, score in scores.items() if score is None or score < LIGHTHOUSE_MIN}
    assert not low, f"Lighthouse {report['lighthouseVersion']} on {url}: {scores}\n" + "\n".join(
        f"{key}:\n{failing_audits(report, key)}" for key in low
    )
