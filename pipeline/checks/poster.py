"""Does each locale's poster still fit one page? Answered by laying it out, as the build does.

Length limits (`max` in the source) catch a line that is far too long; only the real layout
knows whether all the texts together still fit at the smallest type size. A poster layout
takes well under a second, so `make check` and `make release` afford it for every locale.
A poster that does not fit is reported against the locale's own longest poster text (never
against English shown for a missing translation); any other problem met while putting the
poster together is reported where it is, with its own file and line.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import LeafletError
from ..i18n.catalogs import Catalog
from ..i18n.localize import LocalizedDocument
from ..model.clinic import Clinic
from ..render.renderer import PosterDoesNotFit, Renderer
from . import Finding, register

register("poster-fit", "critical", "render", "a poster that no longer fits one page (checked by laying it out)")


class PosterCheck:
    """One renderer (one WeasyPrint import, one font configuration) for every locale checked."""

    def __init__(self, layouts_dir: Path, clinic: Clinic):
        self.clinic = clinic
        self.renderer = Renderer(layouts_dir)

    def findings(self, doc: LocalizedDocument, catalog: Catalog | None, path: str) -> list[Finding]:
        """Nothing when the poster fits one page; otherwise what stopped it and where to start."""
        try:
            self.renderer.check_poster(doc, self.clinic)
        except PosterDoesNotFit as exc:
            key, line = self._longest(doc, catalog)
            return [Finding("critical", "poster-fit", f"{exc.message} (this entry is the longest poster text "
                            "in the language)", catalog.path if catalog else path, line, key)]
        except LeafletError as exc:
            return [Finding("critical", "poster-fit", f"the poster cannot be put together: {exc.message}",
                            exc.path or path, exc.line)]
        return []

    @staticmethod
    def _longest(doc: LocalizedDocument, catalog: Catalog | None) -> tuple[str, int | None]:
        """The longest translated poster text of the catalog: the first one to shorten."""
        entries = [e for e in catalog.entries if e.msgctxt.startswith("poster.") and e.msgstr and not e.fuzzy] \
            if catalog else []
        if not entries:
            return "poster.headline", None
        longest = max(entries, key=lambda e: len(e.msgstr))
        return longest.msgctxt, longest.line
