"""Render a localized document into HTML with Jinja, then into PDF with WeasyPrint.

Safety: Jinja autoescapes every value (translations included, see `_safe_gettext`), and the
only resources a render may read are files under `layouts/`: `LayoutFetcher` refuses anything
else (other folders, http, data: URLs) and stops the render naming the URL.
Fonts: fontconfig is pointed at `layouts/fonts/fonts.conf`, so only vendored fonts are used.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta
from markupsafe import Markup, escape

from .errors import LeafletError
from .localize import LocalizedDocument, Phrase
from .source import Clinic

EDITIONS = ("leaflet", "poster")
#: Poster body size range (pt). The floor keeps it readable from two metres; every other size
#: on the poster is relative to it (rem), so one number scales the whole poster.
POSTER_MIN_PT, POSTER_MAX_PT = 24.0, 40.0
_PAGE, _PAGES = "\ue000", "\ue001"  # private-use markers for the page counters in a translation


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


class BlockedResource(BaseException):
    """Raised inside WeasyPrint for a refused URL; a BaseException so that WeasyPrint stops."""


def _fatal_base():
    from weasyprint.urls import FatalURLFetchingError
    return FatalURLFetchingError


def make_fetcher(layouts_dir: Path, served: set[Path] | None = None):
    """A WeasyPrint URL fetcher that serves files under `layouts_dir` and refuses the rest.

    Every file served is added to `served`, so the build knows what an output depends on.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = layouts_dir.resolve()
    fatal = _fatal_base()

    class Blocked(fatal, BlockedResource):
        pass

    class LayoutFetcher(URLFetcher):
        def fetch(self, url, headers=None):
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
    fill: float = 0.0  # share of the first page's height the content uses


class Renderer:
    """Holds what a process reuses between documents: Jinja, fonts, one FontConfiguration."""

    def __init__(self, layouts_dir: Path):
        use_vendored_fonts(layouts_dir)
        from weasyprint.text.fonts import FontConfiguration

        self.layouts_dir = layouts_dir
        self.fonts = load_fonts(layouts_dir)
        self.font_config = FontConfiguration()
        self.used_files: set[Path] = set()  # files under layouts/ read for the current document
        self.fetcher = make_fetcher(layouts_dir, self.used_files)
        self._template_files: dict[str, frozenset[Path]] = {}
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

    def html(self, edition: str, doc: LocalizedDocument, clinic: Clinic, **options) -> str:
        self._doc = doc  # what the installed gettext callables and the `ltr` filter work on
        self.used_files.update(self.template_files(f"{edition}.html.j2"))
        template = self.env.get_template(f"{edition}.html.j2")
        return template.render(doc=doc, c=doc.content, clinic=clinic, meta=doc.content.meta, **options)

    def stylesheet(self, edition: str, doc: LocalizedDocument, clinic: Clinic, body_pt: float | None = None) -> str:
        """Per-document CSS built in Python (never through Jinja, which would escape it)."""
        stack = font_stack(self.fonts, doc.script, doc.locale)
        families = ", ".join(css_string(f.family) for f in stack)
        start, end = ("right", "left") if doc.direction == "rtl" else ("left", "right")
        words = self._page_strings(doc)
        page_text = words.page_of(_PAGE, _PAGES)
        dates = words.dates(doc.published, doc.review_due)
        version = words.version(doc.content.meta.version)
        footer_info = f"{isolate_ltr(doc.content.meta.id, doc.direction)} \u00b7 {version} \u00b7 {dates}"
        rules = [
            ":root {",
            f"  --primary: {clinic.colour('primary')};",
            f"  --accent: {clinic.colour('accent')};",
            f"  --tint: {clinic.colour('tint')};",
            f"  font-family: {families};",
            "}",
            f"@page {{ font-family: {families}; }}",
        ]
        if body_pt:
            rules.append(f"html {{ font-size: {body_pt:g}pt !important; }}")
        if edition == "leaflet" and doc.review.is_draft:
            rules.append(f"@page {{ @top-center {{ content: {css_string(self.draft_line(doc))}; }} }}")
        if edition == "leaflet":
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
        if doc.locale == "en":
            return words.draft_source()
        english = "Draft translation: not yet reviewed by a qualified medical translator."
        local = words.draft_translation()
        return english if local == english else f"{local} / {isolate_ltr(english, doc.direction)}"

    def pdf(self, edition: str, doc: LocalizedDocument, clinic: Clinic, identifier: bytes) -> RenderResult:
        """Render one edition; the leaflet gets an even page count, the poster exactly one page.

        Afterwards `used_files` holds every file under layouts/ the render read, fonts included.
        """
        self.used_files.clear()
        stack = font_stack(self.fonts, doc.script, doc.locale)
        self.used_files.update((self.layouts_dir / "fonts" / name).resolve()
                               for family in stack for name in (family.regular, family.bold))
        self.used_files.add((self.layouts_dir / "fonts" / "fonts.yaml").resolve())
        if edition == "poster":
            return self._fit_poster(doc, clinic, identifier)
        result = self._render(edition, doc, clinic, identifier)
        if result.pages % 2:
            result = self._render(edition, doc, clinic, identifier, notes_page=True)
        if result.pages % 2:
            raise LeafletError(f"the {doc.locale} leaflet has an odd number of pages ({result.pages}) "
                               "even with a notes page", doc.locale)
        return result

    def _fit_poster(self, doc, clinic, identifier) -> RenderResult:
        """The largest body size that keeps the poster on one page, in a few renders.

        Render at the floor and measure how much of the page the content fills; text area grows
        with the square of the type size, so the square root of the spare room predicts the
        size that fills the page. Step down from the prediction until it fits (at most three
        more renders); the floor result is kept if nothing larger fits.
        """
        floor = self._render("poster", doc, clinic, identifier, body_pt=POSTER_MIN_PT)
        if floor.pages != 1:
            raise LeafletError(f"the {doc.locale} poster does not fit on one page even with "
                               f"{POSTER_MIN_PT:g}pt text; shorten the longest poster texts "
                               f"({', '.join(longest_poster_texts(doc))})", doc.locale)
        size = min(POSTER_MAX_PT, POSTER_MIN_PT * (1 / max(floor.fill, 0.01)) ** 0.5)
        for _ in range(3):
            size = int(size * 2) / 2  # half points, rounded down
            if size <= POSTER_MIN_PT:
                break
            result = self._render("poster", doc, clinic, identifier, body_pt=size)
            if result.pages == 1:
                return result
            size = POSTER_MIN_PT + (size - POSTER_MIN_PT) * 0.6
        return floor

    def _render(self, edition, doc, clinic, identifier, body_pt=None, notes_page=False) -> RenderResult:
        from weasyprint import CSS, HTML

        html = self.html(edition, doc, clinic, notes_page=notes_page)
        css = self.stylesheet(edition, doc, clinic, body_pt)
        base_url = (self.layouts_dir.resolve() / f"{edition}.html.j2").as_uri()
        collector = _WarningCollector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        try:
            document = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher).render(
                font_config=self.font_config,
                stylesheets=[CSS(string=css, base_url=base_url, url_fetcher=self.fetcher,
                                 font_config=self.font_config)],
            )
            pdf = document.write_pdf(
                pdf_identifier=hashlib.sha256(identifier).hexdigest()[:32].encode(),
                pdf_tags=True,
                pdf_variant="pdf/ua-1",
            )
        except BlockedResource as exc:
            raise LeafletError(f"render of {edition} stopped: {exc}", doc.locale) from None
        finally:
            logger.removeHandler(collector)
        if collector.messages:
            raise LeafletError(f"WeasyPrint warned while rendering the {edition}: "
                               + "; ".join(dict.fromkeys(collector.messages)), doc.locale)
        return RenderResult(pdf, len(document.pages), body_pt, _fill(document))


def _fill(document) -> float:
    """How much of the first page's content height the body uses (WeasyPrint's box tree)."""
    page = document.pages[0]._page_box  # internal, but the only place the layout is measured
    body = page.children[0].children[0] if page.children and page.children[0].children else None
    if body is None:
        return 1.0
    used = body.position_y + body.margin_height() - page.content_box_y()
    return used / page.height


def longest_poster_texts(doc: LocalizedDocument, count: int = 3) -> list[str]:
    texts = [doc.content.poster.headline, doc.content.poster.lead]
    texts += [t for g in doc.content.poster.groups for t in (g.heading, *g.items)]
    return [f"'{t[:40]}'" for t in sorted(texts, key=len, reverse=True)[:count]]


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
