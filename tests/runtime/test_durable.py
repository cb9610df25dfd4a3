"""A file replaced whole or not at all (build_scripts/runtime/durable.py),
as the ids ledger is written; a run killed at each point of the write:
tests/corpus/test_ledger.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from build_scripts.corpus.ledger import format_ledger, parse_ledger, read_ledger
from build_scripts.runtime.durable import replace_file

from ..conftest import SOURCES

COMMITTED = (SOURCES / "speech-ids.tsv").read_bytes()
LEDGER = "sources/speech-ids.tsv"


def write_ledger(sources: Path, entries) -> bool:
    """As the command line writes the ledger."""
    return replace_file(sources / "speech-ids.tsv", format_ledger(entries).encode("utf-8"), "ledger")


def test_a_written_ledger_reads_back_and_an_unchanged_one_is_not_written(tmp_path):
    entries = parse_ledger(COMMITTED, LEDGER)
    (tmp_path / "speech-ids.tsv").write_bytes(COMMITTED)
    (tmp_path / "speech-ids.tsv").chmod(0o640)
    before = (tmp_path / "speech-ids.tsv").stat()
    assert write_ledger(tmp_path, entries) is False
    assert (tmp_path / "speech-ids.tsv").stat().st_mtime_ns == before.st_mtime_ns
    assert write_ledger(tmp_path, entries[:5]) is True
    assert read_ledger(tmp_path) == entries[:5]
    assert (tmp_path / "speech-ids.tsv").stat().st_mode & 0o777 == 0o640  # the mode it had
    assert sorted(p.name for p in tmp_path.iterdir()) == ["speech-ids.tsv"]


def test_a_temporary_ledger_is_removed_only_when_its_writer_is_gone(tmp_path):
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead, alive = int(done.stdout), os.getppid()
    for pid in (dead, alive):
        (tmp_path / f".speech-ids.tsv.{pid}.tmp").write_bytes(b"half a led")
    (tmp_path / "notes.tmp").write_bytes(b"not the generator's")
    assert write_ledger(tmp_path, parse_ledger(COMMITTED, LEDGER)) is True
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".speech-ids.tsv.{alive}.tmp", "notes.tmp", "speech-ids.tsv"]
