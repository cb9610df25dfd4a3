"""The ids ledger on disk: written atomically (a run killed while writing it
leaves the old ledger or the new one), refused when damaged, every line
checked (one line naming the file and the line)."""

from __future__ import annotations

import datetime
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from build_scripts import cli
from build_scripts.errors import SourceError
from build_scripts.corpus.ledger import format_ledger, new_entry_date, parse_ledger, read_ledger
from build_scripts.runtime.durable import KILL_AT

from ..conftest import ROOT, SOURCES, copy_project, new_page

LEDGER = "sources/speech-ids.tsv"
COMMITTED = (SOURCES / "speech-ids.tsv").read_bytes()
FINGERPRINT = "0123456789abcdef"


def generate_in(project: Path, *extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m build_scripts generate`` in ``project`` (no cache, no
    Traditional edition: the ledger is the same either way), with ``env``
    added to an environment that has no KILL_AT or SOURCE_DATE_EPOCH of its own."""
    environment = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    for name in (KILL_AT, "SOURCE_DATE_EPOCH"):
        environment.pop(name, None)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "build_scripts", "generate", "--no-cache", "--no-hant", *extra],
        cwd=project, env=environment, capture_output=True, text=True, timeout=600,
    )


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


# Crash safety ---------------------------------------------------------------


@pytest.fixture(scope="module")
def grown(tmp_path_factory) -> tuple[Path, bytes]:
    """A copy of the project with a page added (one new speech, two copies
    of published ones), and the ledger an uninterrupted build writes for it."""
    project = copy_project(tmp_path_factory.mktemp("grown"))
    (project / "sources" / "aa-chengshi-guanli.txt").write_text(new_page(), encoding="utf-8")
    reference = Path(shutil.copytree(project, tmp_path_factory.mktemp("reference") / "project"))
    result = generate_in(reference)
    assert result.returncode == 0, result.stderr
    after = (reference / LEDGER).read_bytes()
    assert after != COMMITTED and len(parse_ledger(after, LEDGER)) == 10
    return project, after


@pytest.mark.parametrize("point, left", [
    ("ledger-partly-written", "old"),  # where the in-place write left 0 bytes
    ("ledger-written", "old"),  # the whole new ledger written, not yet renamed
    ("ledger-replaced", "new"),  # renamed, the folder not yet flushed
])
def test_a_run_killed_while_writing_the_ledger_leaves_the_old_or_the_new_one(grown, point, left, tmp_path):
    project, after = grown
    project = Path(shutil.copytree(project, tmp_path / "project"))
    killed = generate_in(project, env={KILL_AT: point})
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    ledger = project / LEDGER
    assert ledger.read_bytes() == (COMMITTED if left == "old" else after)
    # The next run gives the ids an uninterrupted run gives, and removes the
    # temporary file the killed one left.
    again = generate_in(project)
    assert again.returncode == 0, again.stderr
    assert ledger.read_bytes() == after
    assert sorted(p.name for p in (project / "sources").iterdir()) == [
        "aa-chengshi-guanli.txt", "chengshi-gongzuo-jianghuagao.txt", "speech-ids.tsv",
    ]


def test_every_cut_off_copy_of_a_ledger_is_refused(grown):
    """Cut anywhere (empty, in the header, between lines, inside a line or a
    character), a ledger tells by itself that it is not whole."""
    after = grown[1]
    assert len(parse_ledger(after, LEDGER)) == 10
    for size in range(len(after)):
        with pytest.raises(SourceError) as error:
            parse_ledger(after[:size], LEDGER)
        assert str(error.value).startswith(LEDGER + ":") or str(error.value).startswith(LEDGER + " "), size


@pytest.fixture(scope="module")
def good_docs(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """docs generated from the seed and its ledger, and the bytes of every file in it."""
    docs = tmp_path_factory.mktemp("docs")
    assert cli.main(["generate", "--no-cache", "--no-hant", "--sources", str(SOURCES), "--docs", str(docs)]) == 0
    return docs, tree_bytes(docs)


def generate_with_ledger(tmp_path: Path, good_docs, ledger: bytes | None, capsys) -> tuple[int, str, Path, Path]:
    """generate on the seed with ``ledger`` as its ledger file (a folder
    when None), over a copy of good docs."""
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy2(SOURCES / "chengshi-gongzuo-jianghuagao.txt", sources)
    if ledger is None:
        (sources / "speech-ids.tsv").mkdir()
    else:
        (sources / "speech-ids.tsv").write_bytes(ledger)
    docs = Path(shutil.copytree(good_docs[0], tmp_path / "docs"))
    capsys.readouterr()
    status = cli.main(["generate", "--no-cache", "--no-hant", "--sources", str(sources), "--docs", str(docs)])
    return status, capsys.readouterr().err, sources, docs


def cut_at_line(data: bytes, lines: int) -> bytes:
    return b"".join(data.splitlines(keepends=True)[:lines])


@pytest.mark.parametrize("case, ledger, message", [
    ("empty", b"", "the ledger is empty"),
    ("a line lost", cut_at_line(COMMITTED, -1), "the header counts 9 entries but 8 are listed"),
    ("half a line", COMMITTED[:-40], "the last line is cut off"),
    ("header only", cut_at_line(COMMITTED, 1), "no entry count"),
    ("folder", None, "a directory, not the ledger file"),
])
def test_a_damaged_ledger_stops_the_build_in_one_line_and_leaves_everything_as_it_was(case, ledger, message, tmp_path, good_docs, capsys):
    status, err, sources, docs = generate_with_ledger(tmp_path, good_docs, ledger, capsys)
    path = str(sources / "speech-ids.tsv")
    assert status == 1 and "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith(f"error: {path}") and message in err, err
    assert tree_bytes(docs) == good_docs[1]
    if ledger is not None:
        assert (sources / "speech-ids.tsv").read_bytes() == ledger


def test_a_ledger_older_than_entry_counts_is_refused_with_what_to_do():
    """It cannot be told from a cut-off one (the damage the count detects),
    so it is never read as whole: the message says how to add the count."""
    old = b"".join(line for line in COMMITTED.splitlines(keepends=True) if not line.startswith(b"# entries:"))
    with pytest.raises(SourceError, match=r"no entry count .*check it against version control, then add the line"):
        parse_ledger(old, LEDGER)


def test_the_committed_ledger_is_whole_and_formatted_as_the_generator_writes_it():
    entries = parse_ledger(COMMITTED, LEDGER)
    assert len(entries) == 9 and format_ledger(entries).encode("utf-8") == COMMITTED
    assert COMMITTED.split(b"\n")[1] == b"# entries: 9"


def test_no_ledger_is_a_new_project(tmp_path):
    assert read_ledger(tmp_path) == []


# Every line checked ----------------------------------------------------------


def ledger_with(*lines: str) -> bytes:
    """The committed ledger with ``lines`` added (the count counting them)."""
    entries = parse_ledger(COMMITTED, LEDGER)
    text = format_ledger(entries).replace(f"# entries: {len(entries)}", f"# entries: {len(entries) + len(lines)}")
    return (text + "".join(line + "\n" for line in lines)).encode("utf-8")


PUBLISHED = "chuangjian-wenmingchengshi-gongzuo-diaoduhui-jianghua"  # a live id of the committed ledger
LAST = 13  # the line of the first entry added by ledger_with


@pytest.mark.parametrize("data, line, message", [
    # Ids whose URL is a page of the site (speeches/index/ would be a 404).
    (ledger_with(f"index\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1"), LAST, "the id 'index' is reserved"),
    (ledger_with(f"Xiao_xi\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1"), LAST, "not an id: 'Xiao_xi'"),
    # A date no calendar has would be copied into the feed.
    (ledger_with(f"a\t2024-13-45\t{FINGERPRINT}\tx.txt#1.1"), LAST, "not a date: '2024-13-45'"),
    (ledger_with(f"a\t2024-02-30\t{FINGERPRINT}\tx.txt#1.1"), LAST, "not a date: '2024-02-30'"),
    (ledger_with("a\t2024-11-20\t0123456789ABCDEF\tx.txt#1.1"), LAST, "not a fingerprint"),
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}\tx.txt"), LAST, "not a copy's place: 'x.txt'"),
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}"), LAST, "expected 4 or 5 tab-separated fields, found 3"),
    (ledger_with(f"{PUBLISHED}\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1"), LAST, "listed twice (first on line 6)"),
    # A byte-order mark (an editor's), a byte of another encoding.
    (b"\xef\xbb\xbf" + COMMITTED, 1, "starts with a byte-order mark"),
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1").replace(b"x.txt", "城市.txt".encode("gbk")), LAST,
     "not UTF-8 (byte 0xb3)"),
    # Aliases lead to a published speech in one step.
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1\tzz"), LAST, "a is an alias of 'zz', which is not listed"),
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1\ta"), LAST, "a is an alias of itself"),
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1\tb", f"b\t2024-11-20\t{FINGERPRINT}\tx.txt#2.1\ta"), LAST,
     "a is an alias of b, which is an alias itself"),
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1\tb", f"b\t2024-11-20\t{FINGERPRINT}\tx.txt#2.1\t{PUBLISHED}"),
     LAST, "a is an alias of b, which is an alias itself"),
    (ledger_with(f"a\t2024-11-20\t{FINGERPRINT}\tx.txt#1.1\tNot-An-Id"), LAST, "not an id: 'Not-An-Id'"),
])
def test_a_bad_ledger_line_is_named_in_one_line(data, line, message):
    with pytest.raises(SourceError) as error:
        parse_ledger(data, LEDGER)
    text = str(error.value)
    assert text.startswith(f"{LEDGER}:{line}: ") and message in text and "\n" not in text, text


def test_a_bad_ledger_stops_the_build_naming_the_line(tmp_path, good_docs, capsys):
    data = ledger_with(f"a\t2024-13-45\t{FINGERPRINT}\tx.txt#1.1")
    status, err, sources, docs = generate_with_ledger(tmp_path, good_docs, data, capsys)
    assert status == 1 and err == f"error: {sources / 'speech-ids.tsv'}:{LAST}: not a date: '2024-13-45' (YYYY-MM-DD, a day of the calendar)\n"
    assert tree_bytes(docs) == good_docs[1]


def test_windows_line_ends_read_as_the_same_ledger():
    assert parse_ledger(COMMITTED.replace(b"\n", b"\r\n"), LEDGER) == parse_ledger(COMMITTED, LEDGER)


# The date of new speeches ------------------------------------------------------

# 2024-11-20 23:40 UTC: 2024-11-21 07:40 in Shanghai.
LATE_EVENING_UTC = datetime.datetime(2024, 11, 20, 23, 40, tzinfo=datetime.timezone.utc)
# Time zones in POSIX form (the sign is the offset west of UTC), which needs
# no time-zone database: UTC, Shanghai's UTC+8, the earliest and latest
# zones (UTC+14, UTC-12; whatever the hour, one of them is on another day
# than UTC).
ZONES = ("UTC0", "CST-8", "LINT-14", "AOE+12")


def test_the_date_of_new_speeches_is_the_utc_date_of_source_date_epoch_else_of_now():
    epoch = int(LATE_EVENING_UTC.timestamp())
    shanghai = datetime.timezone(datetime.timedelta(hours=8))
    assert new_entry_date(epoch, LATE_EVENING_UTC.astimezone(shanghai)) == "2024-11-20"
    assert new_entry_date(epoch, datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)) == "2024-11-20"
    assert new_entry_date(None, LATE_EVENING_UTC.astimezone(shanghai)) == "2024-11-20"
    # A bad SOURCE_DATE_EPOCH is refused where it is read: tests/test_settings.py.


@pytest.fixture(scope="module")
def undated(tmp_path_factory) -> Path:
    """The seed project with a page that gives no date (one new speech)."""
    project = copy_project(tmp_path_factory.mktemp("undated"))
    page = "".join(line for line in new_page().splitlines(keepends=True) if not line.startswith("更新时间"))
    (project / "sources" / "aa-chengshi-guanli.txt").write_text(page, encoding="utf-8")
    return project


def generated_in_zone(undated: Path, tmp_path: Path, zone: str, epoch: str | None) -> tuple[list, dict[str, bytes]]:
    project = Path(shutil.copytree(undated, tmp_path / zone))
    result = generate_in(project, env={"TZ": zone, **({"SOURCE_DATE_EPOCH": epoch} if epoch else {})})
    assert result.returncode == 0, result.stderr
    return read_ledger(project / "sources"), tree_bytes(project / "docs")


def test_an_undated_page_gets_the_same_date_in_every_time_zone(undated, tmp_path):
    epoch = str(int(LATE_EVENING_UTC.timestamp()))
    (ledger, docs), (other_ledger, other_docs) = (generated_in_zone(undated, tmp_path, zone, epoch) for zone in ZONES[:2])
    assert ledger == other_ledger and docs == other_docs  # the feed too
    new = ledger[len(parse_ledger(COMMITTED)) :]
    assert [e.added for e in new] == ["2024-11-20"] and b"2024-11-20T00:00:00Z" in docs["zh-Hans/feed.xml"]
    # Listed, a speech keeps its date, whatever day a later build runs.
    project = tmp_path / ZONES[0]
    later = generate_in(project, env={"SOURCE_DATE_EPOCH": str(int(LATE_EVENING_UTC.timestamp()) + 86400 * 40)})
    assert later.returncode == 0 and read_ledger(project / "sources") == ledger


def test_without_source_date_epoch_an_undated_page_gets_the_utc_date(undated, tmp_path):
    for zone in ZONES[2:]:
        before = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        ledger, _ = generated_in_zone(undated, tmp_path, zone, None)
        after = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
        assert ledger[-1].added in {before, after}, zone


def test_a_preview_names_the_projects_damaged_ledger_not_its_copy(tmp_path, monkeypatch, capsys):
    project = copy_project(tmp_path / "project")
    (project / LEDGER).write_bytes(COMMITTED[:-40])
    page = tmp_path / "page.txt"
    page.write_text(new_page(), encoding="utf-8")
    monkeypatch.chdir(project)
    assert cli.main(["preview", str(page)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {Path.cwd() / LEDGER}:12: the last line is cut off"), err
    assert err.count("\n") == 1 and not (project / ".cache").exists()
