"""One run at a time in a project.

Two runs writing the same docs folder, ids ledger, cache and site would
undo each other's writes half-way. A run holds an exclusive lock on the
project's folder itself (``flock`` of the directory: no lock file is made,
and the kernel drops the lock when the process ends, however it ends). A
second run waits for the first to finish, saying so in one line, then runs:
both were asked for, and the later one then builds from the sources as they
are by then (the first may have read them before a change). Ctrl-C ends
the wait.
"""

from __future__ import annotations

import errno
import fcntl
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

# File systems that cannot lock (some network mounts) say so with these.
NO_LOCKS = {errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL}


@contextmanager
def project_lock(folder: Path, out: TextIO | None = None) -> Iterator[None]:
    """Hold the lock of ``folder`` (an existing directory) while the block runs."""
    out = out or sys.stderr
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for the other run in {folder} to finish", file=out, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as error:
            if error.errno not in NO_LOCKS:
                raise
            print(f"warning: {folder}: cannot be locked here ({error.strerror}): runs are not kept apart", file=out)
        yield
    finally:
        os.close(fd)
