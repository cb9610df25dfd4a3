"""Command line: ``python -m build_scripts generate|build|preview``.

    generate   source pages → the editions' Markdown, catalog.json and the
               build report in the docs directory
    build      generate, then build the site: MkDocs for each edition,
               the one search index of both, and the site root
    preview    build the site of the given source pages alone, in a
               scratch project (see preview.py)

One run at a time in a project (project_lock.py); a run first removes what
a killed one left (lifetime.py). Ctrl-C ends a run with one line and exit
status 130, its outputs as they were (interruptions.py).
"""

from __future__ import annotations

import argparse
import datetime
import logging
import sys
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path

from .runtime import page_cache, swap_folders
from .publishing import publish as publishing
from .corpus.build_report import summary_lines
from .publishing.build_site import build_site, check_docs
from .editions.registry import CONFIGS, editions_for
from .errors import BuildError, SourceError
from .runtime.interruptions import EXIT_INTERRUPTED, uninterrupted
from .runtime.log_text import log_line, printable
from .runtime.page_cache import DEFAULT_FOLDER, PageCache, page_key
from .pipeline import Generated, generate
from .parse.decode import read_raw_pages
from .publishing.publish import read_handwritten
from .model import SourcePage
from .parse.knowledge import library
from .parse.sites import read_origins, with_origins
from .parse.templates import SiteTemplate, learn_templates
from .runtime.project_lock import project_lock
from .parse.decode import source_page
from .publishing.preview import DEFAULT_FOLDER as PREVIEW_FOLDER, SITE as PREVIEW_SITE, preview_project
from .runtime.progress import Stages, logging_to_stdout, peak_memory_mb
from .runtime.workers import remove_dead_results
from .publishing.publish import OutputPathError, publish
from .corpus.ledger import format_ledger, new_entry_date, read_ledger
from .runtime.durable import replace_file
from .corpus.stable_ids import LEDGER
from .model import Changes
from .settings import Settings, read_settings

LIST_PAGES = 20
# The stage line that times the whole of generation (the benchmark reads it).
GENERATE_STAGE = "generate (every stage above)"


def identity_lines(changes: Changes, titles: dict[str, str]) -> list[str]:
    """What a pull request changes in the published speeches, for its log."""
    lines = [f"new speeches: {len(changes.new)}"]
    lines += [f"  + {sid}: {titles.get(sid, '')}" for sid in changes.new]
    lines.append(f"copies joined to published speeches (duplicates merged): {len(changes.joined)}")
    lines += [f"  = {sid} ← {where}" for sid, where in changes.joined]
    if changes.aliased:
        lines.append(f"published speeches merged into older ones (near-identical texts; their URLs redirect): {len(changes.aliased)}")
        lines += [f"  → {old} now redirects to {new}" for old, new in changes.aliased]
    if changes.compilations:
        lines.append(f"compilations (new texts holding several published speeches, which keep their ids): {len(changes.compilations)}")
        lines += [f"  ⊃ {sid} holds {', '.join(held)}" for sid, held in changes.compilations]
    if changes.retired:
        lines.append(f"published speeches no source holds any more (their URLs would break): {len(changes.retired)}")
        lines += [f"  ! {sid}" for sid in changes.retired]
    return lines


def say(*lines: str) -> None:
    """Print lines to the log, each shown literally whatever text of the
    sources it carries (log_text.log_line)."""
    for line in lines:
        print(log_line(line))


def job_summary(lines: list[str]) -> str:
    """The lines as a code block of Markdown that nothing in them can end:
    hidden characters escaped (so one line stays one line), and a fence
    longer than any run of backticks they hold."""
    text = "\n".join(printable(line) for line in lines)
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    return f"### Speeches\n\n{fence}\n{text}\n{fence}\n"


def write_job_summary(lines: list[str], summary: Path | None) -> None:
    """On GitHub Actions (``summary``: its file), the same lines in the job's summary page."""
    if summary:
        with open(summary, "a", encoding="utf-8") as out:
            out.write(job_summary(lines))


def source_of(rel: str, result: Generated) -> str | None:
    """The source page a generated file (path in the docs folder) comes
    from, when it is a collection's or a speech's."""
    names = set(rel.split("/")) | {part.split(".", 1)[0] for part in rel.split("/")}
    for c in result.collections:
        if c.id in names:
            return c.file
    files = {c.id: c.file for c in result.collections}
    for s in result.speeches:
        if s.id in names:
            return files.get(s.collection_id)
    return None


def run_generate(
    sources: Path,
    docs: Path,
    settings: Settings,
    stages: Stages,
    cache: PageCache | None = None,
    preview: bool = False,
    learn_from: Path | None = None,
) -> Generated | None:
    """Generate and publish into ``docs``; None after a reported error.
    ``cache`` keeps parsed pages between builds (see page_cache.py). A
    ``preview`` (preview.py) reads the ids ledger its sources hold, a copy
    of the project's, and writes none: it says what the pages would add;
    ``learn_from`` (the project's sources) lends it the other pages of its
    pages' sites, to learn their templates from."""
    try:
        with stages.stage("read sources"):
            raw = read_raw_pages(sources)
            pages = with_origins([source_page(file, data) for file, data in raw], read_origins(sources))
            # A site's template, learned from its pages (and, for a preview,
            # from the project's other pages of the same sites).
            templates = learn_templates(pages + _pages_of_sites(learn_from, pages), library())
            contexts = {p.file: parse_context(p, templates) for p in pages}
            keys = {file: page_key(file, data, contexts[file]) for file, data in raw} if cache else {}
            if cache:
                pages = [cache.load(keys[p.file], p) or p for p in pages]
                found = sum(not isinstance(p, SourcePage) for p in pages)
                print(f"parsed pages from {cache.folder}: {found} of {len(raw)}")
            ledger = read_ledger(sources)
        result = generate(
            pages, read_handwritten(docs), hant=settings.hant, stages=stages, ledger=ledger,
            # The clock read once, as a UTC date (see ledger.new_entry_date).
            today=new_entry_date(settings.source_date_epoch, datetime.datetime.now(datetime.timezone.utc)),
            site_url=settings.site_url, keep_parsed=cache is not None, templates=templates,
            downloads_url=settings.downloads_url,
        )
    except SourceError as error:
        print(f"error: {log_line(str(error))}", file=sys.stderr)
        return None
    # The docs, the ledger and the cache change together: a Ctrl-C waits
    # for the end of these writes (a kill is undone by the next run).
    with stages.stage("publish"), uninterrupted():
        try:
            changes = publish(result.files, docs)
        except OutputPathError as error:
            origin = source_of(error.rel, result)
            where = f"{printable(origin)}: its page {docs / error.rel}" if origin else f"{docs / error.rel}"
            print(f"error: {log_line(where)} cannot be written: {error.reason}", file=sys.stderr)
            return None
        ledger_written = not preview and replace_file(sources / LEDGER, format_ledger(result.ledger).encode("utf-8"), "ledger")
        if cache:
            cache.store({keys[file]: data for file, data in result.parsed_now.items()})
            result.parsed_now.clear()  # a few hundred MB for a large corpus, not needed by the site build
            cache.keep_only(set(keys.values()))
    log_result(result, changes, sources, settings, preview, ledger_written)
    return result


def log_result(result: Generated, changes: dict[str, list[str]], sources: Path, settings: Settings, preview: bool,
               ledger_written: bool) -> None:
    """What a generation made and changed, in the log (and the CI job's summary)."""
    say(
        f"{len(result.pages)} source page(s), {len(result.copies)} speech copies → "
        f"{len(result.speeches)} distinct speeches in {len(result.collections)} collection(s)"
    )
    # Every speech and every page for a handful of pages (a pull request adding
    # one); for a whole corpus, only the pages that need a look.
    if len(result.pages) <= LIST_PAGES:
        for speech in result.speeches:
            sections = ", ".join(f"{c.clean.copy.file}#{c.clean.copy.section}" for c in speech.distinct.copies)
            say(f"  {speech.id}: {speech.title}  [{sections}]")
        say(*summary_lines(result.report))
    else:
        doubtful = [p for p in result.report["pages"] if p["unaccounted"]]
        say(f"  {len(doubtful)} page(s) with unaccounted text" + (":" if doubtful else ""))
        say(*summary_lines({"pages": doubtful}))
    conversion = result.report.get("conversion")
    if conversion:
        trip = conversion["round_trip"]
        say(
            f"zh-Hant ({conversion['config']}): {len(conversion['one_to_many'])} one-to-many conversions to review, "
            f"round trip {trip['identical_ratio']:.4%} of {trip['han_characters']} Han characters identical"
        )
    say(
        f"docs: {len(changes['written'])} written, {len(changes['unchanged'])} unchanged, "
        f"{len(changes['removed'])} removed"
    )
    # A preview holds a few pages: every other published speech would be "retired".
    identity = replace(result.identity, retired=()) if preview else result.identity
    lines = identity_lines(identity, {s.id: s.title for s in result.speeches})
    say(*lines)
    if not preview:
        say(f"{sources / LEDGER}: " + ("updated (commit it with the sources)" if ledger_written else "unchanged"))
        write_job_summary(lines, settings.step_summary)


def parse_context(page: SourcePage, templates: dict[str, SiteTemplate]) -> str:
    """What a page's parse reads besides its bytes and the code (part of its cache key)."""
    template = templates.get(page.site or "")
    parts = [page.site or "", page.url or "", template.digest if template else ""]
    return "\0".join(parts) if any(parts) else ""


def _pages_of_sites(sources: Path | None, pages: list[SourcePage]) -> list[SourcePage]:
    """The pages of ``sources`` from the sites of ``pages``, but for those
    (a preview lends the project's other pages of its sites)."""
    sites = {p.site for p in pages if p.site}
    if sources is None or not sites or not sources.is_dir():
        return []
    shown = {p.file for p in pages}
    found = with_origins([source_page(f, d) for f, d in read_raw_pages(sources) if f not in shown], read_origins(sources))
    return [p for p in found if p.site in sites]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (
        ("generate", "write the editions' Markdown pages and catalog.json from source pages"),
        ("build", "generate, then build both editions and their search index into the site folder"),
        ("preview", f"build the site of the given source pages alone, in {PREVIEW_FOLDER}/site"),
    ):
        command = sub.add_parser(name, help=help_text)
        if name == "preview":
            command.add_argument("pages", type=Path, nargs="+", metavar="PAGE", help="a source page (.txt)")
            command.add_argument("--folder", type=Path, default=PREVIEW_FOLDER,
                                 help=f"the scratch project, replaced on each run (default {PREVIEW_FOLDER})")
        else:
            command.add_argument("--sources", type=Path, default=Path("sources"))
            command.add_argument("--docs", type=Path, default=Path("docs"))
            command.add_argument("--cache", type=Path, default=DEFAULT_FOLDER,
                                 help=f"where parsed pages are kept between builds (default {DEFAULT_FOLDER})")
            command.add_argument("--no-cache", action="store_true", help="parse every page, keep nothing")
        variant = command.add_mutually_exclusive_group()
        variant.add_argument("--hant", choices=sorted(CONFIGS), help="OpenCC config of the Traditional edition")
        variant.add_argument("--no-hant", action="store_true", help="build no Traditional edition")
        if name == "build":
            command.add_argument("--site", type=Path, default=Path("site"))
    args = parser.parse_args(argv)
    try:
        quiet_libraries()
        return run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def quiet_libraries() -> None:
    """The word segmenter announces loading its dictionary on stderr, which
    is for a run's errors (and an interruption's one line) only."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


def run(args: argparse.Namespace) -> int:
    project = Path.cwd()
    try:
        settings = read_settings(project)
        # The command line's choice of edition over the project's.
        settings = replace(settings, hant=None if args.no_hant else args.hant or settings.hant)
        with project_lock(project):
            return run_locked(args, project, settings)
    except (SourceError, BuildError, OSError) as error:
        print(f"error: {log_line(str(error))}", file=sys.stderr)
        return 1
    except BrokenProcessPool:
        print("error: a worker process was killed (out of memory?): the outputs are as they were", file=sys.stderr)
        return 1


def run_locked(args: argparse.Namespace, project: Path, settings: Settings) -> int:
    """The command, with the project locked. SourceError, BuildError and
    OSError are reported by ``run``."""
    # What a killed run left: its workers' results, its site staging, the
    # old site of a swap cut short (put back), its temporary files.
    remove_dead_results()
    preview = args.command == "preview"
    site = None if args.command == "generate" else (args.folder / PREVIEW_SITE if preview else args.site)
    if site is not None:
        swap_folders.recover(site.resolve())
    if preview:
        # A project of its own: the given pages, a copy of the ids ledger,
        # no cache, built for this machine (no published address), never
        # published (no size limit).
        sources, docs, build_project, cache = preview_project(project, args.pages, args.folder), args.folder / "docs", args.folder, None
        settings = replace(settings, site_url=None, downloads_url=None, site_limit_mb=None)
    else:
        sources, docs, build_project = args.sources, args.docs, project
        if args.command == "build":
            check_docs(docs)  # before anything is written
        cache = None if args.no_cache else project_cache(args, project, site)
    publishing.remove_leftovers(docs)
    stages = logging_to_stdout()
    with stages.stage(GENERATE_STAGE):
        learn_from = project / "sources" if preview else None
        result = run_generate(sources, docs, settings, stages, cache, preview, learn_from)
    if result is None:
        return 1
    if args.command == "generate":
        return 0
    editions = editions_for(settings.hant)
    build_site(build_project, docs, site, editions, settings.site_url, stages, size_limit_mb=settings.site_limit_mb,
               preview=preview, source_date_epoch=settings.source_date_epoch, downloads_url=settings.downloads_url)
    own, child = peak_memory_mb()
    say(f"site: {site}/ ({', '.join(e.code for e in editions)}, with search)")
    say(f"[peak memory] generator: {own:.0f} MB, largest child process: {child:.0f} MB")
    return 0


def project_cache(args: argparse.Namespace, project: Path, site: Path | None) -> PageCache:
    """The cache of parsed pages, in a folder that is no other of the run's."""
    others = {"sources": args.sources, "docs": args.docs, "project's sources": project / "sources",
              "project's docs": project / "docs"}
    if site is not None:
        others["site"] = site
    page_cache.check_folder(args.cache, project, others)
    return PageCache(args.cache)
