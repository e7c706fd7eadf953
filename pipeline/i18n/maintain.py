"""Keeping the catalogs in step with the sources: `make pot`, `make update-po`, `new-locale`.

Templates are written per domain: `locales/<document>.pot` for each document and
`locales/layouts.pot` for the layouts' words. Merging brings every catalog of every locale up
to date with its template, creating a document's catalog where a locale has none yet (a new
leaflet), with the locale's other catalogs as the translation memory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ..errors import LeafletError, display_path
from ..files import read_bytes, write_atomically
from ..model.source import load_document
from ..project import LAYOUTS_DOMAIN, LOCALE_RE, SOURCE_LOCALE, Project
from .catalogs import MAX_CATALOG_BYTES, UpdateResult, update_catalog
from .extract import creation_time, document_template, layout_strings, layouts_template, same_apart_from_date
from .locales import babel_locale


@dataclass(frozen=True)
class TemplateResult:
    path: Path
    changed: bool


def write_templates(project: Project, documents: list[str]) -> list[TemplateResult]:
    """Write the template of each document asked for and of the layouts' words, where they changed
    (apart from the creation date, unless SOURCE_DATE_EPOCH asks for it)."""
    now = creation_time()
    results = []
    wanted: list[tuple[str, bytes]] = []
    strings = layout_strings(project.root, project.root / "babel.cfg")
    version = max((load_document(project.document_file(d), project.root).meta.version for d in project.documents()),
                  default="1")
    wanted.append((LAYOUTS_DOMAIN, layouts_template(strings, version, now)))
    for document in documents:
        wanted.append((document, document_template(load_document(project.document_file(document), project.root), now)))
    for domain, data in wanted:
        target = project.template(domain)
        if target.exists() and "SOURCE_DATE_EPOCH" not in os.environ and same_apart_from_date(
                read_bytes(target, project.root, MAX_CATALOG_BYTES, "template"), data):
            results.append(TemplateResult(target, False))
            continue
        write_atomically(target, data, project.root)
        results.append(TemplateResult(target, True))
    return results


def update_catalogs(project: Project, documents: list[str], locales: list[str]) -> list[UpdateResult]:
    """Merge each template into its catalog in every locale asked for, creating missing document
    catalogs; the locale's other catalogs are the translation memory. Every catalog is tried,
    and every failure reported together, naming its file."""
    domains = [LAYOUTS_DOMAIN, *documents]
    missing = [project.template(d) for d in domains if not project.template(d).exists()]
    if missing:
        raise LeafletError(f"no template yet for {', '.join(display_path(m) for m in missing)}; run `make pot` first")
    results: list[UpdateResult] = []
    errors: list[LeafletError] = []
    for locale in locales:
        if locale == SOURCE_LOCALE:
            continue
        for domain in domains:
            po = project.catalog(locale, domain)
            memory = [p for p in sorted(po.parent.glob("*.po")) if p != po] if po.parent.is_dir() else []
            try:
                results.append(update_catalog(po, project.template(domain), locale, project.root, memory))
            except LeafletError as exc:
                errors.append(exc)
    if errors:
        from ..errors import LeafletErrors
        raise LeafletErrors(errors)
    return results


def start_locale(project: Project, locale: str) -> list[Path]:
    """Start the catalogs of a new language (every document's and the layouts'), as drafts."""
    if locale == SOURCE_LOCALE:
        raise LeafletError("English is the source language: its words are written in sources/, not translated")
    parsed = babel_locale(locale)
    if not LOCALE_RE.match(locale):
        raise LeafletError(f"write the locale as CLDR does: '{parsed}' (the folder name becomes the locale id)")
    existing = [project.catalog(locale, d) for d in project.domains() if project.catalog(locale, d).exists()]
    if existing:
        raise LeafletError("the language has catalogs already; use `make update-po` to bring them up to date",
                           display_path(existing[0]))
    return [result.path for result in update_catalogs(project, project.documents(), [locale])]
