"""External programs the pipeline calls (GNU gettext, poppler), found or explained; and the
WeasyPrint version the pipeline's hooks into its internals were written against."""

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


#: The WeasyPrint release whose internals textmap.py and evenpages.py hook into.
WEASYPRINT_INTERNALS = "70."


def require_weasyprint_internals(module: str) -> None:
    """Refuse, loudly, to hook into a WeasyPrint whose internals the hook was not checked against."""
    import weasyprint

    if not weasyprint.__version__.startswith(WEASYPRINT_INTERNALS):
        raise RuntimeError(f"pipeline/{module} hooks into WeasyPrint {WEASYPRINT_INTERNALS}x internals; found "
                           f"{weasyprint.__version__}: check the hooks against it, then update "
                           "WEASYPRINT_INTERNALS in pipeline/tools.py")
