"""A file replaced whole or not at all, whenever the writing process dies:
written to a temporary file beside it, flushed to the disk, renamed over
it, and the rename itself flushed (the ids ledger is written so: a cut-off
ledger would give published speeches new ids)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from . import lifetime

# Tests name a point of the write here to have the process kill itself
# there (SIGKILL: no clean-up runs), as a power cut or an OOM kill would.
KILL_AT = "SPEECH_LIBRARY_KILL_AT"


def replace_file(path: Path, data: bytes, label: str) -> bool:
    """Write ``data`` at ``path`` when it holds other bytes (only then: a
    rebuild writes nothing), keeping the file's mode; True when written.
    ``label`` names the write's kill points (``<label>-written`` …)."""
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    remove_stale_temporaries(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as out:
            if path.exists():
                os.fchmod(out.fileno(), path.stat().st_mode & 0o7777)  # as the file was
            half = len(data) // 2
            out.write(data[:half])
            out.flush()
            _kill_point(f"{label}-partly-written")
            out.write(data[half:])
            out.flush()
            os.fsync(out.fileno())
        _kill_point(f"{label}-written")
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _kill_point(f"{label}-replaced")
    _sync_folder(path.parent)  # the rename itself survives a power cut
    return True


def remove_stale_temporaries(path: Path) -> None:
    """Temporary files of writers of ``path`` that died before their rename
    (named with the writer's process id, so a live writer's file is never taken)."""
    for temporary in path.parent.glob(f".{path.name}.*.tmp"):
        pid = temporary.name[len(path.name) + 2 : -len(".tmp")]
        if pid.isdigit() and int(pid) != os.getpid() and not lifetime.running(int(pid)):
            temporary.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _kill_point(name: str) -> None:
    if os.environ.get(KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)
