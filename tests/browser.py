"""Shared by the browser tests and the benchmark: Debian's Chromium driven by
Playwright, and the built site served over http on 127.0.0.1 under a
sub-path, as GitHub Pages serves a project's site."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

from build_scripts.publishing.serve import make_server, site_prefix

# Without the background-networking flags Chromium keeps trying to reach
# Google's hosts, which a closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
MISSING = "Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk)"


def browser_required() -> bool:
    """In CI (or with REQUIRE_BROWSER=1) a missing browser fails the tests."""
    return bool(os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"))


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Server:
    """A built site over http on 127.0.0.1 as GitHub Pages serves a project's
    site (build_scripts/publishing/serve.py): under ``path`` ("library/"), with the
    site's own 404.html for a missing page, at a port known before it is
    started. ``extra`` serves single files at other paths ("/robots.txt")."""

    def __init__(self, directory: Path, path: str = "library/", extra: dict[str, Path] | None = None):
        prefix = site_prefix(path)
        self.httpd = make_server(directory, prefix, extra=extra, quiet=True)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.origin + prefix
        self.started = False

    def start(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.started = True
        return self

    def stop(self) -> None:
        """Stop serving (if started: shutdown() waits for serve_forever) and free the port."""
        if self.started:
            self.httpd.shutdown()
            self.started = False
        self.httpd.server_close()


def origin(url: str) -> str:
    """The origin a permission is granted to: http://127.0.0.1:8000 for
    http://127.0.0.1:8000/library/."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


VIEWPORT = {"width": 1280, "height": 900}


def open_page(
    browser,
    site_url: str,
    locale: str = "zh-CN",
    clipboard: bool = False,
    color_scheme: str | None = None,
    viewport: dict | None = None,
):
    """A fresh context and page that record console errors and any request
    that leaves the site (``page.errors``, ``page.external``). The caller
    closes the context: prefer ``browsing`` (or the ``page`` fixture)."""
    options = {"locale": locale, "viewport": viewport or VIEWPORT}
    if color_scheme:
        options["color_scheme"] = color_scheme
    context = browser.new_context(**options)
    try:
        if clipboard:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin(site_url))
        page = context.new_page()
    except BaseException:
        context.close()
        raise
    page.errors = []
    page.external = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.external.append(r.url) if not r.url.startswith(site_url) else None)
    return context, page


@contextlib.contextmanager
def browsing(browser, site_url: str, **options):
    """``open_page`` whose context is closed on leaving the block, whatever
    happens in it (``page.context`` is that context)."""
    context, page = open_page(browser, site_url, **options)
    try:
        yield page
    finally:
        context.close()
