"""Serve a built site as GitHub Pages serves a project's site: under
``/<repository>/``, with the site's own ``404.html`` (status 404) for every
path that holds no page, so what a reader sees locally is what the deployed
site shows, sub-path and 404 page included.

    python -m build_scripts.publishing.serve [--site site] [--path NAME] [--bind 127.0.0.1] [--port 8000]

``--path`` defaults to the repository's name: the last part of the
``origin`` remote's URL, else the project folder's name. ``/`` redirects to
``/<path>/``; a folder without its trailing slash redirects to it, as on
GitHub Pages; a folder without ``index.html`` is a missing page (no listing).
"""

from __future__ import annotations

import argparse
import functools
import re
import subprocess
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


def repository_name(project: Path) -> str:
    """The name GitHub Pages serves the project's site under: the repository's
    (from the ``origin`` remote), else the project folder's."""
    try:
        remote = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=project, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        remote = ""
    name = re.sub(r"\.git$", "", re.split(r"[/:]", remote.rstrip("/"))[-1]) if remote else ""
    # A clone of a local checkout ("git clone . copy") has "." for its origin.
    return name if name not in ("", ".", "..") else project.resolve().name


def site_prefix(name: str) -> str:
    """The URL path a site named ``name`` is served at: "/name/" (or "/")."""
    parts = [p for p in name.split("/") if p]
    if any(p in (".", "..") for p in parts):
        raise ValueError(f"not a URL path for the site: {name!r}")
    return "/" + "".join(quote(p) + "/" for p in parts)


class SiteHandler(SimpleHTTPRequestHandler):
    """Files of ``directory`` at ``prefix``; ``extra`` serves single files at
    other paths (a robots.txt at the origin's root, as crawlers look for it)."""

    prefix = "/"
    extra: dict[str, Path] = {}
    quiet = False

    def send_head(self):
        parts = urlsplit(self.path)
        path = parts.path
        if path in self.extra:
            return self._send_file(self.extra[path], 200)
        if not path.startswith(self.prefix):
            if path in ("/", self.prefix.rstrip("/")):
                return self._redirect(self.prefix)
            self.send_error(404, f"The site is served at {self.prefix}")
            return None
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/" + (f"?{parts.query}" if parts.query else ""))
            local = local / "index.html"
        if not local.is_file():
            return self._send_file(Path(self.directory) / "404.html", 404)
        return super().send_head()

    def translate_path(self, path: str) -> str:
        """The file of a path under the prefix (the handler's own checks
        apply: no way out of the site's folder)."""
        inside = urlsplit(path).path
        inside = "/" + inside[len(self.prefix) :] if inside.startswith(self.prefix) else "/"
        return super().translate_path(inside)

    def _redirect(self, location: str):
        self.send_response(301)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def _send_file(self, path: Path, status: int):
        if not path.is_file():
            self.send_error(404)
            return None
        body = path.open("rb")
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(path.stat().st_size))
        self.end_headers()
        return body

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


class SiteServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that stops reading (a page left before it loaded) is no error.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(
    site: Path, prefix: str, bind: str = "127.0.0.1", port: int = 0, extra: dict[str, Path] | None = None,
    quiet: bool = False,
) -> ThreadingHTTPServer:
    """A server of ``site`` at ``prefix`` ("/repo/"); port 0 picks a free one."""
    handler = type("Handler", (SiteHandler,), {"prefix": prefix, "extra": dict(extra or {}), "quiet": quiet})
    return SiteServer((bind, port), functools.partial(handler, directory=str(site)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    parser.add_argument("--path", help="the URL path to serve it at (default: the repository's name)")
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"error: {args.site} holds no built site (no index.html): run make site", file=sys.stderr)
        return 2
    try:
        prefix = site_prefix(repository_name(Path.cwd()) if args.path is None else unquote(args.path))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    server = make_server(args.site, prefix, args.bind, args.port)
    host, port = server.server_address[:2]
    print(f"serving {args.site}/ at http://{host}:{port}{prefix} (as GitHub Pages serves a project site; Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
