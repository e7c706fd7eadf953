"""Helpers the tests share: the project's one document, its catalogs, a localized document,
a rendered edition, and a translator's edit of a catalog. Imported by tests as `testkit`
(pytest's `pythonpath` puts this folder on the path; nothing here is a test)."""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import polib

from pipeline.builder import lexicon_of
from pipeline.i18n.catalogs import load_catalog
from pipeline.i18n.extract import layout_strings
from pipeline.i18n.locales import locale_info
from pipeline.i18n.localize import LocalizedDocument, localize
from pipeline.model.clinic import load_clinic
from pipeline.model.review import DRAFT, Review
from pipeline.model.source import load_document
from pipeline.project import LAYOUTS_DOMAIN, Project
from pipeline.render.editions import edition_named
from pipeline.render.renderer import Renderer, RenderResult

ROOT = Path(__file__).resolve().parent.parent
DOC = "muscle-twitching"
TRANSLATED = ("es", "fr", "hi", "ta", "ar", "zh_Hans")
ALL_LOCALES = ("en", *TRANSLATED)


def pdf(project: Project, locale: str, edition: str, document: str = DOC) -> Path:
    return project.output_pdf(locale, document, edition)


def catalog(project: Project, locale: str, domain: str = DOC) -> Path:
    return project.catalog(locale, domain)


def clinic_of(project: Project):
    return load_clinic(project.clinic_file, project.layouts, project.root)


def localized(project: Project, locale: str, document: str = DOC, review: Review = DRAFT,
              english: bool = False) -> LocalizedDocument:
    """The document as the build localizes it for `locale` (a draft unless told otherwise)."""
    source = load_document(project.document_file(document), project.root)
    territory = clinic_of(project).territory
    own = layouts = None
    if locale != "en":
        own = load_catalog(project.catalog(locale, document), locale, document, project.root)
        layouts = load_catalog(project.catalog(locale, LAYOUTS_DOMAIN), locale, LAYOUTS_DOMAIN, project.root)
    strings = layout_strings(project.root, project.root / "babel.cfg")
    return localize(source, locale_info(locale, territory), own, layouts, strings, review,
                    locale_info("en", territory) if english else None, lexicon_of(project, source, locale, own))


@cache
def renderer(layouts: Path) -> Renderer:
    return Renderer(layouts)


def render(project: Project, locale: str, edition: str, review: Review = DRAFT) -> RenderResult:
    """One edition rendered in this process, as a worker renders it."""
    ed = edition_named(edition)
    doc = localized(project, locale, review=review, english=ed.layout == "bilingual")
    return renderer(project.layouts).render(ed, doc, clinic_of(project), f"test/{locale}/{edition}".encode())


def set_translation(po_path: Path, msgctxt: str, msgstr: str, msgid: str | None = None) -> None:
    """Change one entry of a catalog as a translator's editor would (layout words share their
    contexts, so they are named by context and English)."""
    po = polib.pofile(str(po_path), wrapwidth=79)
    entry = next(e for e in po if e.msgctxt == msgctxt and msgid in (None, e.msgid))
    entry.msgstr = msgstr
    po.save()


def skeleton(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace())


def pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def layouts_with_cjk_collection(tmp_path: Path, collection: str, face_sha: str) -> Path:
    """A layouts folder whose one family, Noto Sans CJK KR, set-up takes out of `collection`."""
    from pipeline.render.fonts import load_fonts

    layouts = tmp_path / "layouts"
    (layouts / "fonts").mkdir(parents=True)
    (layouts / "fonts" / "fonts.yaml").write_text(f"""
collections:
  cjk-regular: {{path: {collection}, sha256: {load_fonts(ROOT / 'layouts').families[-1].extract_regular.collection_sha256},
                package: fonts-noto-cjk (1:20220127+repack1-1)}}
fonts:
  - family: Noto Sans CJK KR
    regular: cjk/NotoSansCJKkr-Regular.otf
    bold: cjk/NotoSansCJKkr-Regular.otf
    extract: {{face: 1, regular: [cjk-regular, {face_sha}], bold: [cjk-regular, {face_sha}]}}
""", encoding="utf-8")
    return layouts
