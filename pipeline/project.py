"""Where things live in a checkout, and which locales a command works on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .errors import LeafletError, display_path

SOURCE_LOCALE = "en"  # the language the source is written in; always built
LOCALE_RE = re.compile(r"^[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?$")


def discover_locales(locales_dir: Path, domain: str) -> list[str]:
    """Every locale that has a catalog for `domain`, sorted; folder names must be locale ids."""
    found = []
    for po in sorted(locales_dir.glob(f"*/LC_MESSAGES/{domain}.po")):
        locale = po.parent.parent.name
        if not LOCALE_RE.match(locale):
            raise LeafletError(f"folder '{locale}' is not a locale identifier such as 'hi', 'pt_BR' "
                               "or 'zh_Hans'; rename it", display_path(po.parent.parent))
        found.append(locale)
    return found


@dataclass(frozen=True)
class Project:
    root: Path
    output_root: Path | None = None  # output/ unless given (make release uses output/release/)

    @property
    def sources(self) -> Path:
        return self.root / "sources"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def layouts(self) -> Path:
        return self.root / "layouts"

    @property
    def output(self) -> Path:
        return self.output_root or self.root / "output"

    @property
    def clinic_file(self) -> Path:
        return self.sources / "clinic.yaml"

    @property
    def document_file(self) -> Path:
        return self.sources / "muscle-twitching.yaml"

    @property
    def domain(self) -> str:
        return self.document_file.stem

    @property
    def template(self) -> Path:
        return self.locales / f"{self.domain}.pot"

    def catalog(self, locale: str) -> Path:
        return self.locales / locale / "LC_MESSAGES" / f"{self.domain}.po"

    def output_pdf(self, locale: str, edition: str) -> Path:
        return self.output / locale / f"{self.domain}-{edition}.pdf"

    def translated_locales(self) -> list[str]:
        return discover_locales(self.locales, self.domain)

    def select_locales(self, langs: str | None, include_source: bool = True) -> list[str]:
        """Locales named in LANGS (space or comma separated), or all; English always exists."""
        available = ([SOURCE_LOCALE] if include_source else []) + self.translated_locales()
        if not langs or not langs.replace(",", " ").split():
            return available
        wanted = list(dict.fromkeys(langs.replace(",", " ").split()))
        unknown = [w for w in wanted if w not in available]
        if unknown:
            raise LeafletError(f"LANGS names {', '.join(unknown)}, which has no catalog; available: "
                               f"{' '.join(available)}. To add a language see README, 'Adding a language'.")
        return wanted
