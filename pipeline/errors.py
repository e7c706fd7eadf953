"""The one exception family for problems in the input, which the CLI prints without a traceback."""

from __future__ import annotations

from pathlib import Path


class LeafletError(Exception):
    """A problem a person can fix: bad input, a missing tool, a refused request.

    `where` is a path, optionally with a line (`sources/x.yaml:42`), so editors and CI
    logs turn it into a link.
    """

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        super().__init__(str(self))

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        return f"{self.path}:{self.line}" if self.line else self.path

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class LeafletErrors(LeafletError):
    """Several problems found together, so a person sees every broken entry at once."""

    def __init__(self, errors: list[LeafletError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def display_path(path: str | Path) -> str:
    """A path relative to the working directory when it is inside it, as people read it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
