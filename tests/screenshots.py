"""Screenshots of the built site in Chromium, served as GitHub Pages serves a
project's site (build_scripts/publishing/serve.py: under /<repository>/, with the
site's 404 page), to look at what readers get on a phone and on a desktop:

    python -m tests.screenshots [--site site] [--out .cache/screenshots]

(`make screenshots` builds the site first.) For each edition, on a phone
(390×844) and a desktop (1280×900), into ``--out``:

- ``<edition>-<device>-outline.png``: the speech with the most headings, its
  outline open (the drawer of narrow screens; the sidebar on the desktop);
- ``<edition>-<device>-source.png``: the source page the speech was read
  from, opened from its provenance at the speech's first line, the
  build report's verdicts beside the lines;
- ``<edition>-<device>-search.png``: the search dialog, with the results of
  words of one of that speech's later paragraphs;
- ``<edition>-<device>-passage.png``: the result opened, at that paragraph,
  the words marked;
- ``<edition>-<device>-404.png``: a missing page under the sub-path.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

from build_scripts.publishing.search_index import decode_doc, normalize
from build_scripts.publishing.serve import repository_name

from .browser import CHROMIUM_ARGS, MISSING, Server, browsing, find_chromium

DEVICES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
LOCALES = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}


def records(site: Path, edition: str) -> list[dict]:
    folder = site / "search" / "docs"  # one index, of the Simplified text, for both editions
    chars = (folder.parent / "chars.bin").read_bytes()
    return [decode_doc(p.read_bytes(), chars) for p in sorted(folder.glob("*.bin"), key=lambda p: int(p.stem))]


def showcase(site: Path, edition: str) -> tuple[dict, str]:
    """The speech with the most headings, and words of one of its later
    paragraphs that no earlier line of it holds and few speeches hold."""
    every = records(site, edition)
    speech = max(every, key=lambda r: (len(r.get("headings", [])), len(r["text"]), r["url"]))
    lines = normalize(speech["text"]).split("\n")
    headings = {line for line, _ in speech.get("headings", [])}
    paragraphs = [i for i in range(len(lines)) if i not in headings]
    texts = [normalize(r["title"] + "\n" + r["text"]) for r in every]
    import jieba

    jieba.setLogLevel(60)  # no word on loading its dictionary
    for line in paragraphs[len(paragraphs) * 2 // 3 :] + paragraphs:
        # Words as a reader would type them: jieba's, of three or four characters.
        for words in jieba.cut(lines[line]):
            if re.fullmatch(r"[\u4e00-\u9fff]{3,4}", words):
                if not any(words in earlier for earlier in lines[:line]) and sum(words in t for t in texts) <= 3:
                    return speech, words
    raise SystemExit(f"no paragraph of {speech['url']} has words to search for")


def take(site: Path, out: Path, browser=None) -> list[tuple[Path, str]]:
    """Screenshots of ``site`` into ``out``, with ``browser`` (a Playwright
    browser) or, without one, a Chromium of its own (one sync Playwright per
    process: the tests hand theirs in)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        chromium = find_chromium()
        if not chromium:
            raise SystemExit(f"error: {MISSING}")
        with sync_playwright() as playwright:
            own = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            try:
                return take(site, out, own)
            finally:
                own.close()
    out.mkdir(parents=True, exist_ok=True)
    server = Server(site, repository_name(Path.cwd()) + "/").start()
    shots: list[tuple[Path, str]] = []
    try:
        for edition in ("zh-Hans", "zh-Hant"):
            if not (site / edition).is_dir():
                continue
            speech, words = showcase(site, edition)
            page_url = server.url + edition + speech["url"]
            for device, viewport in DEVICES.items():
                with browsing(browser, server.url, viewport=viewport, locale=LOCALES[edition]) as page:
                    name = f"{edition}-{device}"
                    page.goto(page_url)
                    if page.locator(".outline-button").is_visible():
                        page.locator(".outline-button").click()
                        page.locator("#__outline_panel").wait_for(state="visible")
                    shots.append((out / f"{name}-outline.png", f"{speech['title']}, its outline open"))
                    page.screenshot(path=shots[-1][0])

                    page.goto(page_url)
                    source = urljoin(page_url, page.locator('a[href*="source-pages/"][href*="#L"]').first.get_attribute("href"))
                    page.goto(source)
                    page.locator(f"li#{source.split('#')[1]}").wait_for()
                    page.wait_for_timeout(300)  # the scroll to the line
                    # Published in the edition of its own script, which may be the other one.
                    home = next(e for e in ("zh-Hans", "zh-Hant") if f"/{e}/source-pages/" in source)
                    shots.append((out / f"{name}-source.png", f"its source page at {source.split('#')[1]} (the {home} edition's)"))
                    page.screenshot(path=shots[-1][0])

                    page.goto(server.url + edition + "/")
                    page.locator("[data-site-search-open]").first.click()
                    page.keyboard.type(words)
                    result = page.locator(f'.site-search__result a[href*="{speech["url"]}"]')
                    result.wait_for()
                    shots.append((out / f"{name}-search.png", f"the search for {words}"))
                    page.screenshot(path=shots[-1][0])
                    result.click()
                    page.wait_for_url("**#*")
                    page.locator("mark.search-hit").first.wait_for()
                    page.wait_for_timeout(300)  # the scroll to the paragraph
                    shots.append((out / f"{name}-passage.png", f"the result opened at {page.url.split('#')[1]}"))
                    page.screenshot(path=shots[-1][0])

                    response = page.goto(server.url + edition + "/speeches/no-such-speech/")
                    page.locator("h1#title").wait_for()
                    shots.append((out / f"{name}-404.png", f"the 404 page (status {response.status}) at {page.url}"))
                    page.screenshot(path=shots[-1][0])
    finally:
        server.stop()
    return shots


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--out", type=Path, default=Path(".cache/screenshots"))
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} holds no built site (no index.html): run make site", file=sys.stderr)
        return 2
    for path, what in take(args.site, args.out):
        print(f"{path}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
