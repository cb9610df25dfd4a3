"""`make bench`: the whole pipeline on synthetic corpora, against a baseline.

For each size it writes a corpus of source pages (benchmarks/synthetic.py),
runs `python -m build_scripts build` on it (both editions, search index) and,
in the same run, the baseline: a plain `mkdocs build` of the same Simplified
Markdown (source pages as scraped aside, drawn by the site's own template)
with no plugins (Material theme, no search, navigation holding the
home page only, since an unbounded navigation makes MkDocs quadratic). It
then serves the site and measures in Chromium what a search query downloads.
The figures go to BENCHMARKS.md.

    python -m benchmarks.run --sizes 1000,10000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from build_scripts.cli import GENERATE_STAGE
from build_scripts.publishing.build_site import folder_bytes
from build_scripts.render.paths import CORPUS_DOWNLOADS_DIR
from build_scripts.publishing.preview import copy_project_files
from build_scripts.runtime.progress import stage_times
from tests.browser import CHROMIUM_ARGS, Server, find_chromium

from .synthetic import add_page, write_corpus

ROOT = Path(__file__).resolve().parent.parent
NOTES = "## Notes"
BASELINE_CONFIG = """site_name: baseline
docs_dir: docs/zh-Hans
site_dir: baseline-site
theme:
  name: material
  language: zh
  font: false
plugins: []
nav:
  - index.md
# Source pages as scraped are drawn by the site's own template (overrides/source-page.html).
exclude_docs: /source-pages/
markdown_extensions:
  - attr_list
  - md_in_html
  - toc
"""
QUERY_BUDGET = 300_000


def tree_memory_mb(root: int) -> float:
    """Memory of a process and all its descendants now, from /proc: the build
    runs the editions' MkDocs side by side, so the peak that matters is their
    sum, not the largest single process. Each process counts its proportional
    set size (PSS): a page shared with n processes counts 1/n in each, so
    forked workers, which share most of their memory with the process that
    forked them, are not counted twice (their resident sizes would be)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            parents[int(stat.parent.name)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, changed = {root}, True
    while changed:
        grown = tree | {pid for pid, parent in parents.items() if parent in tree}
        changed, tree = grown != tree, grown
    return sum(_memory_kb(pid) for pid in tree) / 1024


def _memory_kb(pid: int) -> int:
    """A process's PSS in kB; its resident size where the kernel gives no PSS; 0 once it is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        return int(next(line.split()[1] for line in rollup.splitlines() if line.startswith("Pss:")))
    except (OSError, StopIteration, IndexError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, IndexError, ValueError):
        return 0


def run_measured(command: list[str], cwd: Path) -> tuple[float, float, str]:
    """(seconds, peak MB of the process tree, its stdout). The peak is the
    largest of the samples, one measure for every figure: a process's own
    peak resident size would count pages it shares with other processes."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            peak[0] = max(peak[0], tree_memory_mb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read()
    status = process.wait()
    done.set()
    sampler.join()
    elapsed = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{output[-3000:]}")
    return elapsed, peak[0], output


def prepare(size: int, work: Path) -> Path:
    project = work / str(size)
    shutil.rmtree(project, ignore_errors=True)
    # Deleting an earlier run's gigabytes leaves the disk busy for a while
    # (freeing, discarding blocks): settled first, so that the build's own
    # writes are what is measured.
    os.sync()
    copy_project_files(ROOT, project)
    # The benchmark measures the site at any size: no refusal of a site over
    # GitHub Pages' limit (the bytes per speech table shows where it stands).
    pyproject = project / "pyproject.toml"
    text, found = re.subn(r"(?m)^site_limit_mb = .*$", "site_limit_mb = false", pyproject.read_text(encoding="utf-8"))
    if found != 1:
        raise SystemExit("pyproject.toml has no site_limit_mb line for the benchmark to lift")
    pyproject.write_text(text, encoding="utf-8")
    write_corpus(project / "sources", size)
    (project / "mkdocs.baseline.yml").write_text(BASELINE_CONFIG, encoding="utf-8")
    return project


# The kinds of file a site is made of, by the first pattern a path (relative
# to the site root, "zh-Hans/speeches/x/index.html") matches.
SITE_KINDS = (
    ("speech pages", re.compile(r"[^/]+/speeches/[^/]+/index\.html$")),
    # What a speech page makes its .docx from in the browser. The corpus zips
    # are no part of the site: release assets (CORPUS_DOWNLOADS_LABEL).
    ("each edition's .docx template", re.compile(r"[^/]+/downloads/")),
    # One index for both editions, at the site's root.
    ("search index and texts", re.compile(r"search/")),
    ("collection and index pages", re.compile(r"[^/]+/(?:collections|indexes)/")),
    ("source pages as scraped", re.compile(r"[^/]+/source-pages/")),
    ("redirects", re.compile(r"[^/]+/speeches/")),
    ("everything else (theme, home, feed, sitemaps)", re.compile(r"")),
)
# GitHub Pages publishes at most 1 GB: 13,000 speeches fit at 75 kB each.
BYTES_PER_SPEECH_BUDGET = 75_000
# The corpus zips generate writes beside the editions (render/paths.py),
# which the deploy workflow publishes as release assets: measured apart
# from the site, and not counted in its size.
CORPUS_DOWNLOADS_LABEL = "corpus zips, outside the Pages site (release assets)"


def site_kinds(site: Path) -> dict[str, int]:
    """The site's bytes by kind of file (SITE_KINDS)."""
    found = {name: 0 for name, _ in SITE_KINDS}
    for path in site.rglob("*"):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            found[next(name for name, pattern in SITE_KINDS if pattern.match(rel))] += path.stat().st_size
    return found


def query_bytes(site: Path, queries: list[str], editions: tuple[str, ...] = ("zh-Hans", "zh-Hant"), browser=None) -> list[int]:
    """Bytes of search files one query downloads in a fresh browser context
    (no cache), each query in each edition (both read the site's one index),
    with ``browser`` (a Playwright browser) or, without one, a Chromium of
    its own (one sync Playwright per process: the tests hand theirs in)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            own = p.chromium.launch(executable_path=find_chromium() or "/usr/bin/chromium", args=CHROMIUM_ARGS)
            try:
                return query_bytes(site, queries, editions, own)
            finally:
                own.close()
    server = Server(site).start()
    sizes = []
    try:
        for base, query in ((server.url + edition + "/", q) for edition in editions for q in queries):
            context = browser.new_context()
            # Everything under search/: meta.json, the shards of the query's
            # tokens and the texts of the results.
            fetched: list[int] = []
            started: list[str] = []
            context.on("request", lambda r: started.append(r.url) if "/search/" in r.url else None)
            context.on(
                "requestfinished",
                lambda r: fetched.append(r.sizes()["responseBodySize"]) if "/search/" in r.url else None,
            )
            page = context.new_page()
            page.goto(base)
            page.evaluate("q => window.siteSearch.urls(q)", query)
            # Every request's end reported (on a busy machine, events lag).
            for _ in range(100):
                page.wait_for_timeout(100)
                if len(fetched) >= len(started):
                    break
            sizes.append(sum(fetched))
            context.close()
    finally:
        server.stop()
    return sizes


def sample_queries(project: Path, count: int = 12) -> list[str]:
    import random

    rng = random.Random(5)
    pages = sorted((project / "docs" / "zh-Hans" / "speeches").glob("*.md"))
    words = []
    for path in rng.sample(pages, min(count, len(pages))):
        text = path.read_text(encoding="utf-8").split("---\n", 2)[2]
        runs = re.findall(r"[\u4e00-\u9fff]{4,}", text)
        run = rng.choice(runs)
        start = rng.randrange(0, len(run) - 3)
        words.append(run[start : start + rng.choice((2, 3, 4))])
    return words


def bench(size: int, work: Path) -> dict:
    project = prepare(size, work)
    seconds, peak, output = run_measured([sys.executable, "-m", "build_scripts", "build"], project)
    stages = stage_times(output)  # name → (wall, CPU) seconds
    base_seconds, base_peak, _ = run_measured([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs.baseline.yml"], project)
    listed = json.loads((project / "docs" / "catalog.json").read_text(encoding="utf-8"))["speeches"]
    speeches = len(listed)
    site = project / "site"
    pages = [p for p in (site / "zh-Hans" / "speeches").rglob("index.html")]
    baseline_pages = [p for p in (project / "baseline-site" / "speeches").rglob("index.html")]
    per_query = query_bytes(site, sample_queries(project))
    # Regeneration, with the parsed-page cache the full build left: nothing
    # changed, then one new source page.
    generate = [sys.executable, "-m", "build_scripts", "generate"]
    same_seconds, same_peak, same_output = run_measured(generate, project)
    added = add_page(project / "sources")
    added_seconds, added_peak, added_output = run_measured(generate, project)
    # What a contributor looks at while adding it: the page's own site.
    preview_seconds, _, preview_output = run_measured([sys.executable, "-m", "build_scripts", "preview", str(added)], project)
    return {
        "size": size,
        "speeches": speeches,
        "seconds": seconds,
        "peak_mb": peak,
        "stages": stages,
        "site_bytes": folder_bytes(site),
        "site_kinds": site_kinds(site),
        "release_bytes": folder_bytes(project / "docs" / CORPUS_DOWNLOADS_DIR),
        "mean_characters": statistics.mean(s["characters"] for s in listed),
        "largest_page": max(p.stat().st_size for p in pages),
        "query_bytes_median": statistics.median(per_query),
        "query_bytes_max": max(per_query),
        "baseline_seconds": base_seconds,
        "baseline_peak_mb": base_peak,
        "baseline_site_bytes": folder_bytes(project / "baseline-site"),
        "baseline_largest_page": max(p.stat().st_size for p in baseline_pages),
        "generate_seconds": stages[GENERATE_STAGE][0],
        "same_seconds": same_seconds,
        "same_peak_mb": same_peak,
        "same_written": written_files(same_output),
        "added_seconds": added_seconds,
        "added_peak_mb": added_peak,
        "added_written": written_files(added_output),
        "added_speeches": int(re.search(r"^new speeches: (\d+)", added_output, re.M).group(1)),
        "preview_seconds": preview_seconds,
        "preview_generate_seconds": stage_times(preview_output)[GENERATE_STAGE][0],
        "added_parsed": re.search(r"^parsed pages from .*: (\d+ of \d+)", added_output, re.M).group(1),
    }


def written_files(output: str) -> int:
    return int(re.search(r"^docs: (\d+) written", output, re.M).group(1))


def table(results: list[dict]) -> str:
    mb = 1024 * 1024
    rows = [
        "| speeches | stage | wall time | per speech | peak memory | site size | largest speech page | search bytes per query (median / max) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        n = r["speeches"]
        rows.append(
            f"| {n:,} | full build, both editions + search | {r['seconds']:.1f} s ({r['seconds'] / r['baseline_seconds']:.2f}×) "
            f"| {1000 * r['seconds'] / n:.1f} ms | {r['peak_mb']:.0f} MB ({r['peak_mb'] / r['baseline_peak_mb']:.2f}×) "
            f"| {r['site_bytes'] / mb:.1f} MB ({r['site_bytes'] / r['baseline_site_bytes']:.2f}×) "
            f"| {r['largest_page'] / 1024:.1f} kB ({r['largest_page'] / r['baseline_largest_page']:.2f}×) "
            f"| {r['query_bytes_median'] / 1024:.0f} kB / {r['query_bytes_max'] / 1024:.0f} kB |"
        )
        rows.append(
            f"| {n:,} | baseline: plain mkdocs build, Simplified only, no plugins | {r['baseline_seconds']:.1f} s (1×) "
            f"| {1000 * r['baseline_seconds'] / n:.1f} ms | {r['baseline_peak_mb']:.0f} MB (1×) "
            f"| {r['baseline_site_bytes'] / mb:.1f} MB (1×) | {r['baseline_largest_page'] / 1024:.1f} kB (1×) | no search |"
        )
    return "\n".join(rows + size_table(results) + stage_table(results) + regeneration_table(results))


def size_table(results: list[dict]) -> list[str]:
    """Bytes per speech by kind of file, both editions, against the budget."""
    rows = [
        "",
        f"Site size per speech, both editions, by kind of file (budget {BYTES_PER_SPEECH_BUDGET // 1000} kB a speech, "
        "everything included: GitHub Pages publishes at most 1 GB, which then holds 13,000 speeches):",
        "",
        "| kind of file | " + " | ".join(f"{r['speeches']:,} speeches" for r in results) + " |",
        "| --- |" + " ---: |" * len(results),
    ]
    for name, _ in SITE_KINDS:
        rows.append(f"| {name} | " + " | ".join(f"{r['site_kinds'][name] / r['speeches'] / 1000:.1f} kB" for r in results) + " |")
    rows.append(
        "| **all** | "
        + " | ".join(
            f"**{r['site_bytes'] / r['speeches'] / 1000:.1f} kB** "
            f"({'within' if r['site_bytes'] / r['speeches'] <= BYTES_PER_SPEECH_BUDGET else 'over'} budget)"
            for r in results
        )
        + " |"
    )
    rows.append(f"| {CORPUS_DOWNLOADS_LABEL} | " + " | ".join(f"{r['release_bytes'] / r['speeches'] / 1000:.1f} kB" for r in results) + " |")
    rows.append("| mean speech length | " + " | ".join(f"{r['mean_characters']:,.0f} characters" for r in results) + " |")
    return rows


def stage_table(results: list[dict]) -> list[str]:
    """Each stage's wall and CPU time at each size; with two sizes or more,
    the cost per speech at the largest size against the next smaller one."""
    stages = list(dict.fromkeys(s for r in results for s in r["stages"]))
    head = "| stage | " + " | ".join(f"{r['speeches']:,}" for r in results) + " |"
    rule = "| --- |" + " ---: |" * len(results)
    if len(results) > 1:
        small, large = results[-2], results[-1]
        head += f" per speech, {large['speeches']:,} against {small['speeches']:,} |"
        rule += " ---: |"
    lines = [
        "",
        "Stages: wall time, then CPU time (of the stage's process and the workers it waited for), per speech in "
        "brackets. Stages run side by side in forked processes, so a stage's wall time also counts its waits for "
        "one of the two cores; its CPU time is what it cost:",
        "",
        head,
        rule,
    ]
    for s in stages:
        cells = []
        for r in results:
            wall, cpu = r["stages"].get(s, (0.0, 0.0))
            n = r["speeches"]
            cells.append(f"{wall:.2f} / {cpu:.2f} ({1000 * wall / n:.2f} / {1000 * cpu / n:.2f} ms)")
        if len(results) > 1:
            ratios = [
                f"{_per_speech(large, s, i) / _per_speech(small, s, i):.2f}×" if _per_speech(small, s, i) else "–"
                for i in (0, 1)  # wall, CPU
            ]
            cells.append(" / ".join(ratios))
        lines.append(f"| {s} | " + " | ".join(cells) + " |")
    return lines


def _per_speech(result: dict, stage: str, which: int) -> float:
    return result["stages"].get(stage, (0.0, 0.0))[which] / result["speeches"]


def regeneration_table(results: list[dict]) -> list[str]:
    regen = [
        "",
        "Generation (`python -m build_scripts generate`: source pages to the editions' Markdown, downloads and "
        "catalogue, written to `docs/`), first as part of the full build above, then again with the parsed-page "
        "cache that build left:",
        "",
        "| speeches | first build | rebuild, no source changed | one source page added | peak memory (rebuild / page added) "
        "| preview of the page added (`make preview`: its site alone; generation in brackets) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        regen.append(
            f"| {r['speeches']:,} | {r['generate_seconds']:.1f} s | {r['same_seconds']:.1f} s ({r['same_written']} files written) "
            f"| {r['added_seconds']:.1f} s ({r['added_speeches']} new speeches, {r['added_written']} files written; "
            f"cached pages {r['added_parsed']}) | {r['same_peak_mb']:.0f} / {r['added_peak_mb']:.0f} MB "
            f"| {r['preview_seconds']:.1f} s ({r['preview_generate_seconds']:.1f} s) |"
        )
    return regen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES", "1000"))
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"benchmark: {size:,} speeches …", flush=True)
        results.append(bench(size, args.work))
        print(json.dumps(results[-1], ensure_ascii=False), flush=True)
    over = [r for r in results if r["query_bytes_max"] > QUERY_BUDGET]
    report = table(results)
    print(report)
    header = (
        "# Benchmarks\n\n"
        "Made by `make bench` (`python -m benchmarks.run`; `BENCH_SIZES=1000,10000 make bench` for more than one size) "
        "on a synthetic corpus built from the seed page's own text (whole source pages with chrome, duplicates "
        "and damage). Ratios are to the baseline measured in the same run. Search bytes: what one query "
        "downloads from a cold cache in Chromium (the index's meta.json, one shard per query token and the "
        "texts of the results shown), budget 300 kB. Peak memory: the whole process tree (the editions' "
        "MkDocs builds run side by side), each process's proportional set size (a page shared by forked "
        "processes counted once), sampled every 0.25 s.\n\n"
    )
    # The maintainers' reading of the figures (a "## Notes" section) is kept
    # when the tables are made again.
    previous = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    notes = previous[previous.index(NOTES) :] if NOTES in previous else ""
    args.out.write_text(header + report + "\n" + ("\n" + notes if notes else ""), encoding="utf-8")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
