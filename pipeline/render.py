"""Render a localized document into HTML with Jinja, then into PDF with WeasyPrint.

Safety: Jinja autoescapes every value (translations included, see `_safe_gettext`), and the
only resources a render may read are files under `layouts/` and the images the renderer
itself generated for the document (its QR code): `LayoutFetcher` refuses anything else (other
folders, http, data: URLs) and stops the render naming the URL.
Fonts: fontconfig is pointed at `layouts/fonts/fonts.conf`, so only vendored fonts are used.
Editions (pipeline/editions.py): the leaflet, the poster and their variants (paper, large
print, print shop, bilingual) share the templates; each adds a stylesheet and options.
"""

from __future__ import annotations

import hashlib
import logging
import os
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta
from markupsafe import Markup, escape

from . import evenpages, pdfpost, textmap, typefit
from .editions import ALL_EDITIONS, Edition, Paper, edition_named, editions_for, paper_for
from .errors import LeafletError
from .localize import SOURCE_LOCALE, LocalizedDocument, Phrase, localize
from .qr import qr_svg
from .source import Clinic

#: The editions every locale gets; `editions_for(locale)` adds the bilingual leaflet.
EDITIONS = editions_for(SOURCE_LOCALE)
__all__ = ["ALL_EDITIONS", "EDITIONS", "Renderer", "editions_for"]
#: Poster body size range (pt): see pipeline/typefit.py.
POSTER_MIN_PT, POSTER_MAX_PT = typefit.BODY_MIN_PT, typefit.BODY_MAX_PT
#: More pages than any edition needs: a runaway translation stops here, not at the printer.
MAX_PAGES = 40
_PAGE, _PAGES = "\ue000", "\ue001"  # private-use markers for the page counters in a translation
#: URLs of images the renderer makes for a document (never files, never from a translation).
GENERATED = "leaflets-generated:"
#: Each layout's stylesheets (after common.css), and those an edition's options add after them.
LAYOUT_CSS = {"leaflet": ("leaflet.css",), "poster": ("poster.css",), "bilingual": ("leaflet.css", "bilingual.css")}
EXTRA_CSS = {"large_print": "large-print.css", "print_shop": "poster-print.css"}


def use_vendored_fonts(layouts_dir: Path) -> None:
    """Make fontconfig see only the fonts vendored under layouts/fonts (call before rendering)."""
    os.environ["FONTCONFIG_FILE"] = str((layouts_dir / "fonts" / "fonts.conf").resolve())


@dataclass(frozen=True)
class FontFamily:
    script: str
    family: str
    regular: str
    bold: str


def load_fonts(layouts_dir: Path) -> dict[str, FontFamily]:
    path = layouts_dir / "fonts" / "fonts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fonts = {}
    for script, spec in data.items():
        for weight in ("regular", "bold"):
            file = layouts_dir / "fonts" / spec[weight]
            if not file.is_file() or "/" in spec[weight]:
                raise LeafletError(f"{script}: font file '{spec[weight]}' is not in layouts/fonts/", path)
        fonts[script] = FontFamily(script, spec["family"], spec["regular"], spec["bold"])
    return fonts


def font_stack(fonts: dict[str, FontFamily], script: str, where: str = "") -> tuple[FontFamily, ...]:
    """The script's own fonts first, Latin last (numbers, drug names and web addresses)."""
    if script not in fonts:
        raise LeafletError(f"no font for the {script} script; add one to layouts/fonts/fonts.yaml "
                           "(see README, 'Adding a language')", where or None)
    return tuple(dict.fromkeys([fonts[script], fonts["Latn"]]))


def css_string(text: str) -> str:
    """A CSS string literal: every character that could end or escape it is hex-escaped."""
    out = []
    for char in text:
        if char.isalnum() or char == " " or (ord(char) > 0x7F and char.isprintable()):
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x} ")  # the space ends the escape and is not printed
    return f'"{"".join(out)}"'


def css_content(text: str) -> str:
    """A `content:` value from a translation holding the page-counter markers."""
    parts = []
    for chunk in text.replace(_PAGES, f"\0{_PAGES}\0").replace(_PAGE, f"\0{_PAGE}\0").split("\0"):
        if chunk == _PAGE:
            parts.append("counter(page)")
        elif chunk == _PAGES:
            parts.append("counter(pages)")
        elif chunk:
            parts.append(css_string(chunk))
    return " ".join(parts) or '""'


LRI, PDI = "\u2066", "\u2069"  # Unicode left-to-right isolate and its closing mark


def isolate_ltr(text: str, direction: str) -> str:
    """Keep Latin runs (phone numbers, addresses, English notes) whole inside right-to-left text.

    WeasyPrint ignores `unicode-bidi`, so the isolation is done with Unicode's own isolate
    characters, which Pango's bidi algorithm honours: "14 Mill Lane" stays in that order, and
    an English sentence keeps its full stop at its end.
    """
    return f"{LRI}{text}{PDI}" if direction == "rtl" and text else text


def keep_end_together(text: str) -> Markup:
    """A text in a script written without spaces (Chinese) never ends with a line of one
    character: its last two characters (with any closing punctuation) are kept on one line.
    Scripts with spaces are left alone. The text is escaped; only the wrapper is markup."""
    if isinstance(text, Markup) and ("&" in text or "<" in text):
        return text  # already HTML with entities or tags: never cut through one
    text = str(text)
    end = len(text.rstrip())
    while end and unicodedata.category(text[end - 1])[0] == "P":
        end -= 1
    if " " in text.strip() or end < 4:
        return escape(text)
    return escape(text[:end - 2]) + Markup('<span class="keep">') + escape(text[end - 2:]) + Markup("</span>")


class BlockedResource(BaseException):
    """Raised inside WeasyPrint for a refused URL; a BaseException so that WeasyPrint stops."""


def _fatal_base():
    from weasyprint.urls import FatalURLFetchingError
    return FatalURLFetchingError


def make_fetcher(layouts_dir: Path, served: set[Path] | None = None, generated: dict[str, bytes] | None = None):
    """A WeasyPrint URL fetcher that serves files under `layouts_dir` and refuses the rest.

    Every file served is added to `served`, so the build knows what an output depends on.
    `generated` holds the images the renderer made for the current document (name -> SVG),
    served at `leaflets-generated:<name>`; the layouts name them, translations cannot.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = layouts_dir.resolve()
    fatal = _fatal_base()

    class Blocked(fatal, BlockedResource):
        pass

    class LayoutFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(GENERATED) and generated is not None and url[len(GENERATED):] in generated:
                return URLFetcherResponse(url, generated[url[len(GENERATED):]],
                                          headers={"Content-Type": "image/svg+xml"})
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not path.is_relative_to(root) or not path.is_file():
                raise Blocked(f"the layout asked for '{url[:200]}', which is not a file under layouts/; "
                              "only files under layouts/ may be used")
            if served is not None:
                served.add(path)
            return URLFetcherResponse(url, path.read_bytes(), headers={"Content-Type": _mime(path)})

    return LayoutFetcher()


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf",
            ".otf": "font/otf", ".jpg": "image/jpeg"}.get(path.suffix.lower(), "application/octet-stream")


class _WarningCollector(logging.Handler):
    """WeasyPrint warnings are bugs until understood: collect them so the build can fail."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    body_pt: float | None  # the poster's chosen body size
    headline_pt: float | None = None  # the poster's headline size
    paper: str = ""  # e.g. "A4", "letter"


class Renderer:
    """Holds what a process reuses between documents: Jinja, fonts, one FontConfiguration."""

    def __init__(self, layouts_dir: Path):
        use_vendored_fonts(layouts_dir)
        from weasyprint.text.fonts import FontConfiguration

        textmap.install()  # right words for copy, search and screen readers (see textmap.py)
        pdfpost.install()  # each tagged element carries its own language
        evenpages.install()  # the notes page is printed only where it evens the page count
        self.layouts_dir = layouts_dir
        self.fonts = load_fonts(layouts_dir)
        self.font_config = FontConfiguration()
        self.used_files: set[Path] = set()  # files under layouts/ read for the current document
        self.generated: dict[str, bytes] = {}  # images made for the current document
        self.fetcher = make_fetcher(layouts_dir, self.used_files, self.generated)
        self._template_files: dict[str, frozenset[Path]] = {}
        self._css: dict[Path, tuple] = {}  # path -> (mtime and size, parsed CSS, files it read)
        self.env = Environment(
            loader=FileSystemLoader(layouts_dir),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # One environment per process: the callables read the document being rendered.
        self._doc: LocalizedDocument | None = None
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=lambda s: _safe_gettext(self._doc, "", s),
            ngettext=lambda s, p, n: _safe_gettext(self._doc, "", s if n == 1 else p),
            pgettext=lambda c, s: _safe_gettext(self._doc, c, s),
            npgettext=lambda c, s, p, n: _safe_gettext(self._doc, c, s if n == 1 else p),
            newstyle=True,
        )
        self.env.filters["ltr"] = lambda text: isolate_ltr(str(text), self._doc.direction)
        self.env.filters["keep_end_together"] = keep_end_together
        self.env.globals["en"] = _english

    def template_files(self, name: str) -> frozenset[Path]:
        """The template file and every template it imports or includes, found statically once."""
        if name not in self._template_files:
            source, filename, _ = self.env.loader.get_source(self.env, name)
            files = {Path(filename).resolve()}
            for ref in meta.find_referenced_templates(self.env.parse(source)):
                if ref is None:
                    raise LeafletError(f"{name}: templates must import or include other templates "
                                       "by a literal name, so the build can track what depends on them")
                files |= self.template_files(ref)
            self._template_files[name] = frozenset(files)
        return self._template_files[name]

    def html(self, edition: str, doc: LocalizedDocument, clinic: Clinic, linked: bool = True,
             notes_page: bool = True) -> str:
        """The document's HTML; `linked` names the layout's stylesheets in it (for a plain
        `weasyprint` command), otherwise the renderer passes them itself (`layout_sheets`).
        `notes_page`: end a leaflet with its optional notes page (see evenpages.py)."""
        ed = edition_named(edition)
        self._doc = doc  # what the installed gettext callables and the `ltr` filter work on
        template_name = f"{ed.layout}.html.j2"
        self.used_files.update(self.template_files(template_name))
        url = clinic.page_url(doc.locale, doc.lang_tag, doc.content.meta.id)
        self.generated.clear()
        self.generated["qr.svg"] = qr_svg(url)
        english = localize(doc.source, None, SOURCE_LOCALE) if ed.layout == "bilingual" else None
        template = self.env.get_template(template_name)
        return template.render(doc=doc, c=doc.content, clinic=clinic, meta=doc.content.meta, edition=ed,
                               qr={"src": f"{GENERATED}qr.svg", "url": url}, english=english,
                               stylesheets=self._stylesheets(ed) if linked else [], notes_page=notes_page)

    @staticmethod
    def _stylesheets(ed: Edition) -> list[str]:
        sheets = ["common.css", *LAYOUT_CSS[ed.layout]]
        sheets += [sheet for flag, sheet in EXTRA_CSS.items() if getattr(ed, flag)]
        return sheets

    def layout_sheets(self, ed: Edition) -> list:
        """The edition's stylesheets from layouts/, each parsed once per process (parsing and
        compiling the selectors took about 40 ms per layout) and again only when its file
        changes. They are user stylesheets to WeasyPrint: the same origin for all of them, so
        the cascade is by specificity and order, as among linked author stylesheets."""
        from weasyprint import CSS

        sheets = []
        for name in self._stylesheets(ed):
            path = (self.layouts_dir / name).resolve()
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            cached = self._css.get(path)
            if cached is None or cached[0] != key:
                before = set(self.used_files)
                with self._weasyprint_errors(ed, f"layouts/{name}"):
                    css = CSS(url=path.as_uri(), url_fetcher=self.fetcher, font_config=self.font_config)
                cached = self._css[path] = (key, css, frozenset(self.used_files - before))
            # The files the sheet read when parsed (itself, anything it imports) are
            # dependencies of every document that uses it, parsed now or before.
            self.used_files.update(cached[2])
            sheets.append(cached[1])
        return sheets

    def stylesheet(self, edition: str, doc: LocalizedDocument, clinic: Clinic, body_pt: float | None = None,
                   headline_pt: float | None = None, paper: Paper | None = None) -> str:
        """Per-document CSS built in Python (never through Jinja, which would escape it)."""
        ed = edition_named(edition)
        paper = paper or paper_for(ed, doc.locale, clinic.territory, clinic.paper)
        stack = font_stack(self.fonts, doc.script, doc.locale)
        families = ", ".join(css_string(f.family) for f in stack)
        latin_first = ", ".join(css_string(f.family) for f in (self.fonts["Latn"], *stack))
        start, end = ("right", "left") if doc.direction == "rtl" else ("left", "right")
        rules = [
            ":root {",
            f"  --primary: {clinic.colour('primary')};",
            f"  --accent: {clinic.colour('accent')};",
            f"  --tint: {clinic.colour('tint')};",
            f"  font-family: {families};",
            "}",
            # English (untranslated strings, the bilingual edition's English column) and web
            # addresses are set in the Latin font first, whatever the document's script.
            f'[lang="en"], .latin {{ font-family: {latin_first}; }}',
            # User stylesheet: below the layouts' own rules, so what must win is !important.
            f"@page {{ size: {paper.width_mm:g}mm {paper.height_mm:g}mm !important; font-family: {families}; }}",
        ]
        if body_pt:
            rules.append(f"html {{ font-size: {body_pt:g}pt !important; }}")
        if headline_pt:
            rules.append(f"main h1 {{ font-size: {headline_pt:g}pt !important; }}")
        if not ed.is_poster:
            words = self._page_strings(doc)
            page_text = words.page_of(_PAGE, _PAGES)
            dates = words.dates(doc.published, doc.review_due)
            version = words.version(doc.content.meta.version)
            footer_info = f"{isolate_ltr(doc.content.meta.id, doc.direction)} \u00b7 {version} \u00b7 {dates}"
            if doc.review.is_draft:
                rules.append(f"@page {{ @top-center {{ content: {css_string(self.draft_line(doc))}; }} }}")
            rules += [
                f"@page {{ @bottom-{end} {{ content: {css_content(page_text)}; width: 32mm; }}",
                f"        @bottom-{start} {{ content: {css_string(footer_info)}; }} }}",
            ]
        return "\n".join(rules) + "\n"

    def _page_strings(self, doc: LocalizedDocument):
        """The margin-box words of `_page_strings.html.j2`, translated, as plain text."""
        self._doc = doc
        self.used_files.update(self.template_files("_page_strings.html.j2"))
        module = self.env.get_template("_page_strings.html.j2").make_module({"doc": doc})

        class Words:
            def __getattr__(self, name):
                return lambda *args: Markup(str(getattr(module, name)(*args))).striptags()
        return Words()

    def draft_line(self, doc: LocalizedDocument) -> str:
        """The draft status in the document's language, followed by English when they differ."""
        words = self._page_strings(doc)
        if doc.locale == SOURCE_LOCALE:
            return words.draft_source()
        english = "Draft translation: not yet reviewed by a qualified medical translator."
        local = words.draft_translation()
        # Two lines: an English sentence wrapping inside right-to-left text would lose its
        # isolation at the break (WeasyPrint lays out each line on its own).
        return english if local == english else f"{local}\n{isolate_ltr(english, doc.direction)}"

    def pdf(self, edition: str, doc: LocalizedDocument, clinic: Clinic, identifier: bytes) -> RenderResult:
        """Render one edition; leaflets get an even page count, posters exactly one page.

        Afterwards `used_files` holds every file under layouts/ the render read, fonts included.
        """
        ed = edition_named(edition)
        if edition not in editions_for(doc.locale):
            raise LeafletError(f"the {edition} edition is not made for {doc.locale}", doc.locale)
        self.used_files.clear()
        stack = font_stack(self.fonts, doc.script, doc.locale)
        self.used_files.update((self.layouts_dir / "fonts" / name).resolve()
                               for family in stack for name in (family.regular, family.bold))
        self.used_files.add((self.layouts_dir / "fonts" / "fonts.yaml").resolve())
        paper = paper_for(ed, doc.locale, clinic.territory, clinic.paper)
        if ed.is_poster:
            return self._fit_poster(ed, paper, doc, clinic, identifier)
        document = self._layout(ed, paper, doc, clinic)  # the notes page only if it evens the count
        pages = [page._page_box for page in document.pages]
        if len(pages) % 2 or (len(pages) > 1 and evenpages.starts_optional(pages[-2], anywhere=True)):
            raise LeafletError(f"the {doc.locale} {edition} has an odd number of pages ({len(pages)}) or a notes "
                               "page that runs over two pages; shorten the notes heading or the rules in "
                               "layouts/", doc.locale)
        return self._write(document, ed, paper, doc, clinic, identifier)

    def check_poster(self, doc: LocalizedDocument, clinic: Clinic) -> None:
        """Raise LeafletError if the poster does not fit one page: the build's fit, not written."""
        ed = edition_named("poster")
        self._fit_poster(ed, paper_for(ed, doc.locale, clinic.territory, clinic.paper), doc, clinic, None)

    def _fit_poster(self, ed: Edition, paper: Paper, doc, clinic, identifier: bytes | None) -> RenderResult | None:
        """The body size that fills the poster's one page (typefit.fit), with the
        headline never below the size that makes its letters 20 mm tall. Trials are laid out
        only; the chosen one is written to PDF (not when `identifier` is None: a check)."""
        fonts = self.layouts_dir / "fonts"
        floor = typefit.headline_floor_pt(fonts / font_stack(self.fonts, doc.script)[0].bold, doc.script,
                                          fonts / self.fonts["Latn"].bold)

        def trial(size: float) -> typefit.Trial:
            headline = typefit.headline_pt(size, floor)
            document = self._layout(ed, paper, doc, clinic, body_pt=size, headline_pt=headline)
            return typefit.Trial(size, len(document.pages), _fill(document), (document, headline))

        poster = doc.content.poster
        body_chars = sum(len(t) for t in (poster.lead, *(x for g in poster.groups for x in (g.heading, *g.items))))
        hopeless = typefit.cannot_fit(len(poster.headline), body_chars, floor, (paper.width_mm, paper.height_mm))
        guess = typefit.first_guess(body_chars, doc.script, (paper.width_mm, paper.height_mm))
        best = None if hopeless else typefit.fit(trial, guess)[0]
        if best is None:
            raise LeafletError(f"the {doc.locale} {ed.name} does not fit on one {paper.name} page even "
                               f"with {POSTER_MIN_PT:g}pt text and a {floor:g}pt headline (letters "
                               f"{typefit.headline_floor_mm(doc.script, fonts / self.fonts['Latn'].bold):.0f} mm "
                               "tall); shorten the longest poster texts "
                               f"({', '.join(longest_poster_texts(doc))})", doc.locale)
        document, headline = best.result
        if identifier is None:
            return None
        return self._write(document, ed, paper, doc, clinic, identifier, best.body_pt, headline)

    def _layout(self, ed: Edition, paper: Paper, doc, clinic, body_pt=None, headline_pt=None, notes_page=True):
        """Lay the document out (WeasyPrint's Document): pages, boxes, no PDF yet."""
        from weasyprint import CSS, HTML

        html = self.html(ed.name, doc, clinic, linked=False, notes_page=notes_page)
        css = self.stylesheet(ed.name, doc, clinic, body_pt, headline_pt, paper)
        base_url = (self.layouts_dir.resolve() / f"{ed.layout}.html.j2").as_uri()
        sheets = self.layout_sheets(ed)
        with self._weasyprint_errors(ed, doc.locale):
            document = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher).render(
                font_config=self.font_config,
                stylesheets=[*sheets, CSS(string=css, base_url=base_url, url_fetcher=self.fetcher,
                                          font_config=self.font_config)],
            )
        if len(document.pages) > MAX_PAGES:
            raise LeafletError(f"the {ed.name} came out at {len(document.pages)} pages, more than the "
                               f"{MAX_PAGES} any edition should need; is a translation far too long?", doc.locale)
        return document

    def _write(self, document, ed: Edition, paper: Paper, doc, clinic, identifier, body_pt=None,
               headline_pt=None) -> RenderResult:
        options = pdfpost.print_shop_options(clinic) if ed.print_shop else {"pdf_variant": "pdf/ua-1"}
        with self._weasyprint_errors(ed, doc.locale):
            pdf = document.write_pdf(
                pdf_identifier=hashlib.sha256(identifier).hexdigest()[:32].encode(),
                pdf_tags=True,
                **options,
            )
        return RenderResult(pdf, len(document.pages), body_pt, headline_pt, paper.name)

    @contextmanager
    def _weasyprint_errors(self, ed: Edition, where: str):
        """Refused URLs, text-map bugs and WeasyPrint warnings become errors naming the edition."""
        collector = _WarningCollector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        try:
            yield
        except BlockedResource as exc:
            raise LeafletError(f"render of {ed.name} stopped: {exc}", where) from None
        except textmap.TextMapError as exc:
            raise LeafletError(f"render of {ed.name}: the text map is out of step ({exc}); "
                               "this is a bug in pipeline/textmap.py", where) from None
        finally:
            logger.removeHandler(collector)
        if collector.messages:
            raise LeafletError(f"WeasyPrint warned while rendering the {ed.name}: "
                               + "; ".join(dict.fromkeys(collector.messages)), where)


def _fill(document) -> float:
    """How many page heights the body uses, over all pages (WeasyPrint's box tree): 0.9 is
    nine tenths of one page; 1.2 a full first page and a fifth of a second."""
    used = 0.0
    for page in document.pages:
        box = page._page_box  # internal, but the only place the layout is measured
        body = box.children[0].children[0] if box.children and box.children[0].children else None
        if body is None:
            return float(len(document.pages))
        used += (body.position_y + body.margin_height() - box.content_box_y()) / box.height
    return used


def longest_poster_texts(doc: LocalizedDocument, count: int = 3) -> list[str]:
    texts = [doc.content.poster.headline, doc.content.poster.lead]
    texts += [t for g in doc.content.poster.groups for t in (g.heading, *g.items)]
    return [f"'{t[:40]}'" for t in sorted(texts, key=len, reverse=True)[:count]]


def _english(context: str, message: str, **variables) -> Markup:
    """A layout string's English original, escaped and formatted as pgettext would format it
    (the bilingual edition's English column); not extracted, since English needs no translation."""
    return escape(message) % variables if variables else escape(message)


def _safe_gettext(doc: LocalizedDocument, context: str, message: str) -> Markup:
    """Layout strings through the localize policy, escaped so a translation cannot add markup.

    Jinja's newstyle gettext marks a translation safe (`Markup(rv)`) before formatting, which
    would let a catalog inject HTML; returning already-escaped Markup closes that door, and
    untranslated strings are wrapped so they show as English, visibly.
    """
    phrase: Phrase = doc.gettext(context, message)
    if phrase.lang:
        return Markup('<span class="untranslated" lang="{}">{}</span>').format(phrase.lang, phrase)
    return escape(str(phrase))
