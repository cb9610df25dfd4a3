import os
import sys

from .runtime.interruptions import EXIT_INTERRUPTED


def _exit(status: int):
    if status == EXIT_INTERRUPTED:
        # Exactly this status: Python ends a process whose KeyboardInterrupt
        # went through some paths of its own (imports) by SIGINT instead,
        # even when it was handled.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


try:
    from .cli import main  # a second of imports: a Ctrl-C may come meanwhile
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    _exit(EXIT_INTERRUPTED)

_exit(main())
