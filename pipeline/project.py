"""Where things live in a checkout: its documents, its locales, and every path derived from them.

A document is a file `sources/<document>.yaml` (the clinic's own files aside) with a catalog
domain of its own: `locales/<document>.pot` and `locales/<locale>/LC_MESSAGES/<document>.po`.
The words of the layouts (page footers, draft notices, "Questions? Call us") are shared by
every document, in the `layouts` domain, translated once per locale. Outputs go to
`output/<locale>/<document>-<edition>.pdf`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import LeafletError, display_path

SOURCE_LOCALE = "en"  # the language the sources are written in; always built
LAYOUTS_DOMAIN = "layouts"  # the catalog of the layouts' own words, shared by every document
#: Files under sources/ that are the clinic's settings, not documents.
CLINIC_FILES = ("clinic", "reviewers")
LOCALE_RE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")
DOCUMENT_RE = re.compile(r"^[a-z][a-z0-9-]{0,63}$")


def _select(setting: str, value: str | None, available: list[str], missing: str, hint: str = "") -> list[str]:
    """The items a LANGS- or DOCS-style setting names (space or comma separated, each once), or
    all available ones when it names none; naming one that is not there is an error."""
    wanted = list(dict.fromkeys((value or "").replace(",", " ").split()))
    unknown = [w for w in wanted if w not in available]
    if unknown:
        raise LeafletError(f"{setting} names {', '.join(unknown)}, which has no {missing}; available: "
                           f"{' '.join(available)}{hint}")
    return wanted or available


@dataclass(frozen=True)
class Project:
    """A checkout's paths. The folders are worked out once (cached_property): a no-op build of a
    library asks for them some 10,000 times."""

    root: Path
    output_root: Path | None = None  # output/ unless given (make release uses output/release/)

    @cached_property
    def sources(self) -> Path:
        return self.root / "sources"

    @cached_property
    def locales(self) -> Path:
        return self.root / "locales"

    @cached_property
    def layouts(self) -> Path:
        return self.root / "layouts"

    @cached_property
    def output(self) -> Path:
        return self.output_root or self.root / "output"

    @property
    def output_boundary(self) -> Path:
        """What every write into the output folder must stay inside: the checkout when the
        output folder is in it (so an `output` link cannot carry writes elsewhere), else the
        output folder a caller chose explicitly (tests, the benchmark's copies)."""
        inside = Path(os.path.abspath(self.output)).is_relative_to(os.path.abspath(self.root))
        return self.root if inside else self.output

    @property
    def clinic_file(self) -> Path:
        return self.sources / "clinic.yaml"

    @property
    def reviewers_file(self) -> Path:
        return self.sources / "reviewers.yaml"

    # -- documents ------------------------------------------------------------------------

    def documents(self) -> list[str]:
        """Every document id, sorted: one per `sources/<id>.yaml`, the clinic's files aside."""
        found = []
        for path in sorted(self.sources.glob("*.yaml")):
            if path.stem in CLINIC_FILES:
                continue
            if not DOCUMENT_RE.match(path.stem):
                raise LeafletError(f"'{path.name}' is not a document name: use lower-case letters, digits "
                                   "and '-' (it becomes the catalog domain and the PDF names)", display_path(path))
            found.append(path.stem)
        if not found:
            raise LeafletError("no document: add a sources/<document>.yaml (see README, 'Adding a leaflet')",
                               display_path(self.sources))
        return found

    def select_documents(self, docs: str | None) -> list[str]:
        """Documents named in DOCS (space or comma separated), or all."""
        return _select("DOCS", docs, self.documents(), "sources/<document>.yaml")

    def document_file(self, document: str) -> Path:
        return self.sources / f"{document}.yaml"

    # -- catalogs -------------------------------------------------------------------------

    def domains(self, documents: list[str] | None = None) -> list[str]:
        """The catalog domains: the layouts' and each document's."""
        return [LAYOUTS_DOMAIN, *(documents if documents is not None else self.documents())]

    def template(self, domain: str) -> Path:
        return self.locales / f"{domain}.pot"

    def catalog(self, locale: str, domain: str) -> Path:
        return self.locales / locale / "LC_MESSAGES" / f"{domain}.po"

    def terminology_file(self, locale: str) -> Path:
        """The locale's agreed patient terminology (TBX), which translators' tools import."""
        return self.locales / locale / "terminology.tbx"

    def words_file(self, locale: str) -> Path:
        """The locale's words kept whole when lines are broken (Chinese: pipeline/i18n/segment.py)."""
        return self.locales / locale / "words.txt"

    def signoff_file(self, locale: str, domain: str) -> Path:
        """Where a reviewer's signed sign-off of one domain in one locale is kept (English too)."""
        return self.locales / locale / f"{domain}.signoff"

    def translated_locales(self) -> list[str]:
        """Every locale with a folder of catalogs under locales/, sorted."""
        found = []
        for folder in sorted(p for p in self.locales.glob("*/LC_MESSAGES") if any(p.glob("*.po"))):
            locale = folder.parent.name
            if not LOCALE_RE.match(locale):
                raise LeafletError(f"folder '{locale}' is not a locale identifier such as 'hi', 'pt_BR' "
                                   "or 'zh_Hans'; rename it", display_path(folder.parent))
            if locale == SOURCE_LOCALE:
                raise LeafletError("English is the source language: its words live in sources/, not in a "
                                   "catalog; remove this folder's catalogs", display_path(folder))
            found.append(locale)
        return found

    def select_locales(self, langs: str | None, include_source: bool = True) -> list[str]:
        """Locales named in LANGS (space or comma separated), or all; English always exists."""
        available = ([SOURCE_LOCALE] if include_source else []) + self.translated_locales()
        return _select("LANGS", langs, available, "catalog", ". To add a language see README, 'Adding a language'.")

    # -- outputs --------------------------------------------------------------------------

    def output_pdf(self, locale: str, document: str, edition: str) -> Path:
        return self.output / locale / f"{document}-{edition}.pdf"
