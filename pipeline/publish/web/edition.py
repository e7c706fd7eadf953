"""The web edition's files, made in memory from the same inputs as the PDFs.

For every document: a page per language at the address its QR code opens (or, for a language
whose catalogs did not load, a page that says so), the language index, and for the site the
sitemap. Each page folder gets its style sheet, its font subsets, the clinic's logo and copies
of the leaflet's PDFs. Nothing is written here: the caller checks the files, then writes only
what changed (see `__init__.py`).
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from babel.units import format_unit

from ...builder import load_inputs, plan
from ...errors import LeafletError
from ...files import read_bytes, read_text
from ...i18n.locales import LocaleInfo, locale_info
from ...i18n.localize import LocalizedDocument, localize
from ...model.clinic import Clinic
from ...model.review import DRAFT
from ...project import LAYOUTS_DOMAIN, SOURCE_LOCALE, Project
from ...render.fonts import FontFamily, choose_fonts
from ..preview import MAX_PDF_BYTES
from . import WEB_EDITIONS, webfonts
from .addresses import Address, href, index_address, page_address
from .pages import Download, PageView, WebLayouts, language_links, sitemap, tel_href
from .style import stylesheet

STYLESHEET = "style.css"
FONTS_FOLDER = "fonts"
MAX_LOGO_BYTES = 5_000_000
MAX_CSS_BYTES = 1_000_000


@dataclass(frozen=True)
class PageState:
    """What the site holds for one document in one language."""

    document: str
    locale: str
    path: str  # the page under the site folder
    available: bool
    why: str = ""  # why the language is not available (its catalogs did not load)


@dataclass(frozen=True)
class FontSubset:
    """A font file a page needs: made from `source` for `characters`, written at `path`."""

    path: str
    source: Path
    script: str
    characters: str


@dataclass
class SiteFiles:
    """Every file of the site (path under the site folder -> bytes), with what they are."""

    where: str = ""  # the clinic file, named by an error about the addresses
    files: dict[str, bytes] = field(default_factory=dict)
    pages: list[PageState] = field(default_factory=list)
    indexes: list[tuple[str, str]] = field(default_factory=list)  # (document, path)
    subsets: list[FontSubset] = field(default_factory=list)  # made by `make_fonts`, then in `files`

    def add(self, path: str, data: bytes, what: str) -> None:
        """Add a file; two different files for one path mean two pages share an address."""
        if path in self.files and self.files[path] != data:
            raise LeafletError(f"leaflet_url: two files of the web edition would be written at site/{path} "
                               f"({what}); give every document and language its own address, with {{document}} "
                               "and {locale} or {lang} in the pattern", self.where or None)
        self.files[path] = data


def file_size(size: int, locale: str) -> str:
    """A file's size in the page's language, as CLDR writes units: "245 kB", "1,2 Mo"."""
    if size < 1_000_000:
        return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=locale)
    return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=locale, format="#,##0.#")


class _Site:
    """The making of one site: the inputs loaded once, the files gathered as pages are rendered."""

    def __init__(self, project: Project, clinic: Clinic, digest: Callable[[Path], str]):
        self.project, self.clinic, self.digest = project, clinic, digest
        self.web = WebLayouts(project.layouts)
        self.layout_css = read_text(project.layouts / "web" / "site.css", project.layouts, MAX_CSS_BYTES, "style sheet")
        self.logo_name = posixpath.basename(clinic.logo)
        self.logo = read_bytes(project.layouts / clinic.logo, project.layouts, MAX_LOGO_BYTES, "logo")
        self.out = SiteFiles(clinic.path)

    def stack(self, info: LocaleInfo) -> tuple[FontFamily, ...]:
        return choose_fonts(self.project.layouts, info.id).stack

    def stack_or_latin(self, info: LocaleInfo) -> tuple[FontFamily, ...]:
        """The locale's fonts, or Latin alone for a script no vendored font has (the reader's own
        fonts then draw the language's name on the page saying it is not available)."""
        try:
            return self.stack(info)
        except LeafletError:
            return choose_fonts(self.project.layouts, SOURCE_LOCALE).stack

    def finish_page(self, address: Address, html: str, page_lang: str,
                    stacks: dict[str, tuple[FontFamily, ...]], what: str) -> None:
        """Add a rendered page with its style sheet (declaring the fonts it needs) and its logo."""
        by_lang = webfonts.characters_by_lang(html, page_lang)
        assigned = webfonts.assign(by_lang, stacks, self.project.layouts / "fonts", page_lang)
        faces = []
        for (family, weight), characters in sorted(assigned.items(), key=lambda item: (item[0][0].family, item[0][1])):
            face = webfonts.face(self.project.layouts / "fonts", family, weight)
            name = face.file_name(characters, self.digest(face.source))
            path = address.asset(posixpath.join(FONTS_FOLDER, name))
            self.out.subsets.append(FontSubset(path, face.source, face.script, characters))
            faces.append((face.family, face.weight, href(address.path, path), face.script))
        css = stylesheet(self.layout_css, self.clinic, faces, stacks, page_lang)
        self.out.add(address.asset(STYLESHEET), css, f"the style sheet of {what}")
        self.out.add(address.asset(self.logo_name), self.logo, f"the logo of {what}")
        self.out.add(address.path, html.encode("utf-8"), what)

    def view(self, address: Address, index: Address, languages: dict, pages: dict[str, str], current: str | None,
             alternates: tuple[tuple[str, str], ...], downloads: tuple[Download, ...] = ()) -> PageView:
        return PageView(address, href(address.path, address.asset(STYLESHEET)),
                        href(address.path, address.asset(self.logo_name)), href(address.path, index.path),
                        language_links(languages, address.path, pages, current), alternates, downloads,
                        tel_href(self.clinic.phone))

    def downloads(self, address: Address, document: str, locale: str) -> tuple[Download, ...]:
        """The leaflet's PDFs in output/<locale>/, copied beside the page, largest edition last."""
        found = []
        for edition in WEB_EDITIONS:
            pdf = self.project.output_pdf(locale, document, edition)
            if not pdf.is_file():
                continue
            data = read_bytes(pdf, self.project.output_boundary, MAX_PDF_BYTES, "PDF")
            path = address.asset(pdf.name)
            self.out.add(path, data, f"a PDF of {locale} {document}")
            found.append(Download(edition, href(address.path, path), file_size(len(data), locale)))
        return tuple(found)


def make_site(project: Project, clinic: Clinic, documents: list[str], locales: list[str],
              digest: Callable[[Path], str]) -> SiteFiles:
    """Every page, index, style sheet and copied file of the site, and the font subsets to make.

    A (document, language) whose inputs do not load gets a page saying it is not available;
    the others are made as usual. A document whose source does not load gets nothing.
    """
    site = _Site(project, clinic, digest)
    inputs, failures = load_inputs(project, plan(project, documents, locales, only=("leaflet",)))
    failed = {(f.document, f.locale): f.message for f in failures}
    english_info = locale_info(SOURCE_LOCALE, clinic.territory)
    ordered = [SOURCE_LOCALE] + [loc for loc in locales if loc != SOURCE_LOCALE]
    sitemap_entries: list[tuple[str, str, tuple[tuple[str, str], ...]]] = []
    for name in documents:
        document = inputs.documents.get(name)
        if document is None:
            site.out.pages += [PageState(name, loc, page_address(clinic, loc, locale_info(loc).lang_tag, name).path,
                                         False, failed.get((name, loc), "the source did not load")) for loc in ordered]
            continue
        terms = tuple(value for _, value in document.terms)
        english = localize(document, english_info, None, None, inputs.strings,
                           inputs.reviews.get((name, SOURCE_LOCALE), DRAFT))
        docs: dict[str, LocalizedDocument] = {}
        why: dict[str, str] = {}
        for locale in ordered:
            info = locale_info(locale, clinic.territory)
            if (name, locale) in failed:
                why[locale] = failed[(name, locale)]
                continue
            try:
                site.stack(info)
                docs[locale] = english if locale == SOURCE_LOCALE else localize(
                    document, info, inputs.catalogs.get((name, locale)),
                    inputs.catalogs.get((LAYOUTS_DOMAIN, locale)), inputs.strings, inputs.reviews[(name, locale)],
                    words=inputs.words.get((name, locale), ()))
            except LeafletError as exc:
                why[locale] = str(exc)
        index = index_address(clinic, name)
        addresses = {loc: page_address(clinic, loc, locale_info(loc).lang_tag, name) for loc in ordered}
        pages = {loc: addresses[loc].path for loc in docs}
        languages = {loc: (d.lang_tag, d.direction, d.language_name, d.content.meta.title) for loc, d in docs.items()}
        alternates = tuple((d.lang_tag, addresses[loc].url) for loc, d in docs.items()) + (("x-default", index.url),)
        stacks = {d.lang_tag: site.stack(d.info) for d in docs.values()} | {english.lang_tag: site.stack(english.info)}
        for locale, doc in docs.items():
            address = addresses[locale]
            view = site.view(address, index, _without_titles(languages), pages, locale, alternates,
                             site.downloads(address, name, locale))
            site.finish_page(address, site.web.page(doc, clinic, view, terms), doc.lang_tag, stacks,
                             f"the {locale} page of {name}")
            site.out.pages.append(PageState(name, locale, address.path, True))
            sitemap_entries.append((address.url, document.meta.published.isoformat(), alternates))
        for locale, reason in why.items():
            address, info = addresses[locale], locale_info(locale, clinic.territory)
            view = site.view(address, index, languages, pages, None, ())
            html = site.web.unavailable(english, clinic, view, info.english_name, info.native_name, info.lang_tag,
                                        info.direction)
            site.finish_page(address, html, english.lang_tag, stacks | {info.lang_tag: site.stack_or_latin(info)},
                             f"the {locale} page of {name} (not available)")
            site.out.pages.append(PageState(name, locale, address.path, False, reason))
        view = site.view(index, index, languages, pages, None, alternates)
        site.finish_page(index, site.web.languages_page(english, clinic, view, terms), english.lang_tag, stacks,
                         f"the language index of {name}")
        site.out.indexes.append((name, index.path))
        sitemap_entries.append((index.url, document.meta.published.isoformat(), alternates))
    site.out.add("sitemap.xml", sitemap(sitemap_entries), "the sitemap")
    return site.out


def _without_titles(languages: dict) -> dict:
    """The language list of a page: names only (the language index also shows each title)."""
    return {loc: (tag, direction, name, None) for loc, (tag, direction, name, _title) in languages.items()}


def font_jobs(subsets: list[FontSubset]) -> dict[tuple[str, str, str], list[str]]:
    """The subsets to make, each once: (font file, script, characters) -> the paths it goes to."""
    jobs: dict[tuple[str, str, str], list[str]] = {}
    for subset in subsets:
        jobs.setdefault((str(subset.source), subset.script, subset.characters), []).append(subset.path)
    return jobs

