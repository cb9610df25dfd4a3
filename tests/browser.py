"""Shared by the browser tests and the benchmark: Debian's Chromium driven by
Playwright, and the built site served over http on 127.0.0.1."""

from __future__ import annotations

import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

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


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the output readable
        pass


class Server:
    """A folder over http on 127.0.0.1, at a port known before it is started."""

    def __init__(self, directory: Path):
        handler = functools.partial(QuietHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def start(self) -> Server:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def open_page(browser, site_url: str, locale: str = "zh-CN", clipboard: bool = False):
    """A fresh context and page that record console errors and any request
    that leaves the site (``page.errors``, ``page.external``)."""
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    if clipboard:
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.errors = []
    page.external = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("request", lambda r: page.external.append(r.url) if not r.url.startswith(site_url) else None)
    return context, page
