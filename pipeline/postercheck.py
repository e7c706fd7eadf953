"""Does each locale's poster still fit one page? Answered by rendering it, as the build does.

Length limits (`max` in the source) catch a line that is far too long; only the real layout
knows whether all the texts together still fit at the smallest type size. A poster render
takes well under a second, so `make check` and `make release` afford it for every locale.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogs import Catalog
from .errors import LeafletError
from .localize import localize
from .project import Project
from .render import Renderer
from .source import Document, iter_texts, load_clinic


@dataclass(frozen=True)
class PosterProblem:
    locale: str
    message: str
    msgctxt: str  # the longest poster text: the first one to shorten
    line: int | None


class PosterCheck:
    """One renderer (one WeasyPrint import, one font configuration) for every locale checked."""

    def __init__(self, project: Project, document: Document):
        self.document = document
        self.clinic = load_clinic(project.clinic_file, project.layouts)
        self.renderer = Renderer(project.layouts)

    def problem(self, locale: str, catalog: Catalog | None) -> PosterProblem | None:
        """None when the poster renders on one page; otherwise what stopped it and where to start."""
        try:
            self.renderer.check_poster(localize(self.document, catalog, locale), self.clinic)
        except LeafletError as exc:
            key, line = self._longest(catalog)
            return PosterProblem(locale, exc.message, key, line)
        return None

    def _longest(self, catalog: Catalog | None) -> tuple[str, int | None]:
        keys = {t.key for t in iter_texts(self.document.poster)}
        entries = [e for e in catalog.entries if e.msgctxt in keys and e.msgstr and not e.fuzzy] if catalog else []
        if not entries:
            return "poster.headline", None
        longest = max(entries, key=lambda e: len(e.msgstr))
        return longest.msgctxt, longest.line
