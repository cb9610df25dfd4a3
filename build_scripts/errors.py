"""Expected failures: reported as one line naming the file, never a traceback."""


class SourceError(Exception):
    """A source page the generator cannot publish."""

    def __init__(self, file: str, message: str, line: int | None = None):
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")
