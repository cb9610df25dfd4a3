"""The command line: what it refuses, and what it writes to logs and the CI
job summary (text from the sources shown, never obeyed)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest

from build_scripts.cli import job_summary, main

from .conftest import SEED


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path):
    """Sources holding the seed with its ledger, and the docs generated from them."""
    sources, docs = tmp_path / "sources", tmp_path / "docs"
    shutil.copytree(SEED.parent, sources)
    assert main(["generate", "--sources", str(sources), "--docs", str(docs), "--no-cache"]) == 0
    return sources, docs


def generate(sources: Path, docs: Path) -> int:
    return main(["generate", "--sources", str(sources), "--docs", str(docs), "--no-cache"])


@pytest.mark.parametrize("name, shown", [("a\tb.txt", "a\\tb.txt"), ("a\nb.txt", "a\\nb.txt"), ("a,b.txt", "a,b.txt")])
def test_a_page_name_the_ledger_cannot_hold_stops_the_run_in_one_line_before_any_write(project, capsys, name, shown):
    """A tab or a line break in a page's name made the first run write a
    ledger the next run rejected; a comma made the ledger gain a duplicate
    entry on every build."""
    sources, docs = project
    before_docs, before_sources = tree(docs), tree(sources)
    (sources / name).write_bytes(SEED.read_bytes())
    before_sources[name] = SEED.read_bytes()
    capsys.readouterr()
    assert generate(sources, docs) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {shown}: a source page's name may not hold ") and err.count("\n") == 1, err
    assert tree(docs) == before_docs and tree(sources) == before_sources


def test_a_page_whose_output_path_is_too_long_stops_the_run_before_any_write(project, capsys):
    """A page under 100 nested folders gave an OSError traceback after
    catalog.json and build-report.json had been overwritten."""
    sources, docs = project
    before = tree(docs)
    deep = sources.joinpath(*[f"folder{n}" for n in range(1, 101)])
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(SEED.read_text(encoding="utf-8").replace("城市", "城乡"), encoding="utf-8")
    capsys.readouterr()
    assert generate(sources, docs) == 1
    err = capsys.readouterr().err
    page = "/".join(f"folder{n}" for n in range(1, 101)) + "/deep.txt"
    assert err.startswith(f"error: {page}: its page {docs}/zh-Hans/collections/"), err
    assert err.count("\n") == 1 and "cannot be written: a name in it is" in err and "the limit is 255" in err
    assert tree(docs) == before


def test_log_lines_are_never_workflow_commands_and_the_job_summary_block_holds(project, capsys, monkeypatch, tmp_path):
    """GitHub Actions obeys a log line starting with `::`; a page's name
    starts one line of the build's summary."""
    sources, docs = project
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    name = "::error title=x::boom ```.txt"
    (sources / name).write_bytes(SEED.read_bytes())  # copies of the seed's speeches: each line names it
    capsys.readouterr()
    assert generate(sources, docs) == 0
    out = capsys.readouterr().out
    assert "\\x3a:error title=x::boom ```.txt (utf-8): " in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")]
    text = summary.read_text(encoding="utf-8")
    assert "← ::error title=x::boom ```.txt#" in text
    assert_one_code_block(text)


def assert_one_code_block(summary: str) -> list[str]:
    """The summary is a heading and one code block, by Python-Markdown and
    by CommonMark's rule (a fence closes only on a line of as many backticks
    or more); returns the block's lines."""
    html = markdown.markdown(summary, extensions=["fenced_code"])
    assert html.count("<pre>") == 1 and html.count("<h3>") == 1 and "<p>" not in html, html
    lines = summary.split("\n")
    fence = lines[2]
    assert re.fullmatch("`{3,}", fence) and lines[-1] == "" and lines[-2] == fence
    body = lines[3:-2]
    assert not [line for line in body if re.match(r" {0,3}`{%d,}" % len(fence), line)]
    return body


def test_the_job_summary_shows_hostile_lines_literally_in_one_code_block():
    lines = ["```", "  + a: ```` fence", "  = b ← x\n```\n## injected\n::error::y.txt#1", "  + c: \u202etxt.exe",
             "</pre><script>x</script>"]
    body = assert_one_code_block(job_summary(lines))
    assert body == ["```", "  + a: ```` fence", "  = b ← x\\n```\\n## injected\\n::error::y.txt#1", "  + c: \\u202etxt.exe",
                    "</pre><script>x</script>"]
    html = markdown.markdown(job_summary(lines), extensions=["fenced_code"])
    assert "<script>" not in html


def test_a_file_where_the_output_needs_a_folder_stops_the_run_before_any_write(project, capsys):
    sources, docs = project
    (sources / "zz-new-page.txt").write_text(SEED.read_text(encoding="utf-8").replace("城市", "城乡"), encoding="utf-8")
    shutil.rmtree(docs / "zh-Hant" / "speeches")
    (docs / "zh-Hant" / "speeches").write_text("a file in the way", encoding="utf-8")
    before = tree(docs)
    capsys.readouterr()
    assert generate(sources, docs) == 1
    err = capsys.readouterr().err
    assert err == f"error: {docs}/zh-Hant/speeches cannot be written: is a file on disk where the output needs a folder\n"
    assert tree(docs) == before
