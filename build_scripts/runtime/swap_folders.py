"""Replace the site folder by a new one, with a complete site there at every
moment, whatever kills the run and when.

The new site is built beside the old one, in a staging folder named
``.<site>-<token>-…`` (``lifetime.process_token`` of the run). Where the
system can (Linux: ``renameat2`` with ``RENAME_EXCHANGE``), the two folders
trade names in one step, and the old site, now under the staging name, is
removed. Elsewhere it takes two renames: the old site first becomes
``.<site>-old-<token>``, then the staging folder becomes the site; a run
killed between the two leaves no site, and the next run puts the old one
back (``recover``) before anything else.

``recover`` also removes the staging folders of runs that were killed (their
process is gone), and only those.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
import tempfile
from pathlib import Path

from . import lifetime
from .interruptions import crash_point

AT_FDCWD = -100  # <fcntl.h>
RENAME_EXCHANGE = 2  # <linux/fs.h>
# What renameat2 says where the system or the file system cannot exchange.
NOT_SUPPORTED = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP}


def staging_folder(site: Path) -> Path:
    """A new empty folder beside ``site`` to build the next site in."""
    site.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{site.name}-{lifetime.process_token()}-", dir=site.parent))


def exchange(a: Path, b: Path) -> bool:
    """Swap the names of two existing paths in one step; False where the
    system cannot (nothing is changed then)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in NOT_SUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))


def swap_in(staging: Path, site: Path) -> None:
    """Make ``staging`` the site; the old site is removed."""
    if not site.exists():
        staging.rename(site)
        return
    if exchange(staging, site):
        crash_point("swap")
        shutil.rmtree(staging)  # the old site, now
        return
    old = site.with_name(f".{site.name}-old-{lifetime.process_token()}")
    site.rename(old)
    crash_point("swap")
    staging.rename(site)
    shutil.rmtree(old)


def recover(site: Path) -> None:
    """Undo what a killed run left beside ``site``: the old site of a swap
    cut short goes back in place (or away, when the new one made it), and
    staging folders of runs that are over are removed."""
    for old in lifetime.leftovers(site.parent, f".{site.name}-old-"):
        if site.exists():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.rename(site)
    lifetime.remove_leftovers(site.parent, f".{site.name}-")
