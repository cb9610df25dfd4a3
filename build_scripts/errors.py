"""Expected failures: reported as one line naming the file, never a traceback."""

from .runtime.log_text import printable


class BuildError(Exception):
    """A site build step (MkDocs) failed; its own output says why."""


class SourceError(Exception):
    """A source page the generator cannot publish."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file = file
        self.line = line
        # One line whatever the message quotes: the CLI prints it as "error: …".
        self.message = " ".join(message.split())
        # A file name may hold anything the file system allows: shown escaped.
        where = f"{printable(file)}:{line}" if line else printable(file)
        super().__init__(f"{where}: {self.message}")
