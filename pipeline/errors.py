"""The one exception family for problems in the input, which the CLI prints without a traceback."""

from __future__ import annotations

import os
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


class TranslationError(LeafletError):
    """A translation the pipeline cannot use, located at its catalog entry (with its msgctxt)."""

    def __init__(self, message: str, path: str | Path | None, line: int | None, msgctxt: str):
        self.msgctxt = msgctxt
        super().__init__(message, path, line)


class LeafletErrors(LeafletError):
    """Several problems found together, so a person sees every broken entry at once."""

    def __init__(self, errors: list[LeafletError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def display_path(path: str | Path) -> str:
    """A path relative to the working directory when it is inside it, as people read it (the
    path as named, links not followed: a link is shown where it stands, not where it leads)."""
    path = Path(path)
    for base, target in ((Path(os.path.abspath(Path.cwd())), Path(os.path.abspath(path))),
                         (Path.cwd().resolve(), path.parent.resolve() / path.name)):
        try:
            return str(target.relative_to(base))
        except ValueError:
            continue
    return str(path)
