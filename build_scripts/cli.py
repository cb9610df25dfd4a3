"""Command line: ``python -m build_scripts generate|build``."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .errors import SourceError
from .pipeline import generate, read_pages
from .publish import publish


def run_generate(sources: Path, docs: Path) -> int:
    try:
        result = generate(read_pages(sources))
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    changes = publish(result.files, docs)
    copies = len(result.copies)
    print(
        f"{len(result.pages)} source page(s), {copies} speech copies → "
        f"{len(result.speeches)} distinct speeches in {len(result.collections)} collection(s)"
    )
    for speech in result.speeches:
        sections = ", ".join(f"{c.clean.copy.file}#{c.clean.copy.section}" for c in speech.distinct.copies)
        print(f"  {speech.id}: {speech.title}  [{sections}]")
    print(
        f"docs: {len(changes['written'])} written, {len(changes['unchanged'])} unchanged, "
        f"{len(changes['removed'])} removed"
    )
    return 0


def run_mkdocs(config: Path, site: Path) -> int:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site.resolve())]
    return subprocess.call(command, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write Markdown pages and catalog.json from source pages")
    gen.add_argument("--sources", type=Path, default=Path("sources"))
    gen.add_argument("--docs", type=Path, default=Path("docs"))
    build = sub.add_parser("build", help="generate, then mkdocs build --strict")
    build.add_argument("--sources", type=Path, default=Path("sources"))
    build.add_argument("--docs", type=Path, default=Path("docs"))
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--site", type=Path, default=Path("site"))
    args = parser.parse_args(argv)

    status = run_generate(args.sources, args.docs)
    if status or args.command == "generate":
        return status
    return run_mkdocs(args.config, args.site)
