"""External programs the pipeline calls (GNU gettext, poppler, OpenSSH), found or explained."""

from __future__ import annotations

import shutil

from .errors import LeafletError


def require_tool(name: str, package: str) -> str:
    """The path of `name`, or an error saying which Debian package brings it."""
    path = shutil.which(name)
    if path is None:
        raise LeafletError(f"`{name}` is not installed; run `make setup` as root, or "
                           f"`sudo apt-get install {package}`")
    return path
