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
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .errors import LeafletError
from .localize import LocalizedDocument, Phrase
from .source import Clinic

EDITIONS = ("leaflet", "poster")
#: Poster body sizes (pt) tried from largest to smallest until the poster fits one page. The
#: floor of 24pt keeps it readable from two metres; every other size on it is relative (rem).
POSTER_SIZES = (30.0, 28.0, 26.0, 24.0)
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


class BlockedResource(BaseException):
    """Raised inside WeasyPrint for a refused URL; a BaseException so that WeasyPrint stops."""


def _fatal_base():
    from weasyprint.urls import FatalURLFetchingError
    return FatalURLFetchingError


def make_fetcher(layouts_dir: Path):
    """A WeasyPrint URL fetcher that serves files under `layouts_dir` and refuses the rest."""
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


class Renderer:
    """Holds what a process reuses between documents: Jinja, fonts, one FontConfiguration."""

    def __init__(self, layouts_dir: Path):
        use_vendored_fonts(layouts_dir)
        from weasyprint.text.fonts import FontConfiguration

        self.layouts_dir = layouts_dir
        self.fonts = load_fonts(layouts_dir)
        self.font_config = FontConfiguration()
        self.fetcher = make_fetcher(layouts_dir)
        self.env = Environment(
            loader=FileSystemLoader(layouts_dir),
            autoescape=True,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def html(self, edition: str, doc: LocalizedDocument, clinic: Clinic, **options) -> str:
        env = self.env.overlay()
        env.install_gettext_callables(  # type: ignore[attr-defined]
            gettext=lambda s: _safe_gettext(doc, "", s),
            ngettext=lambda s, p, n: _safe_gettext(doc, "", s if n == 1 else p),
            pgettext=lambda c, s: _safe_gettext(doc, c, s),
            npgettext=lambda c, s, p, n: _safe_gettext(doc, c, s if n == 1 else p),
            newstyle=True,
        )
        template = env.get_template(f"{edition}.html.j2")
        return template.render(doc=doc, c=doc.content, clinic=clinic, meta=doc.content.meta,
                               page_marker=_PAGE, pages_marker=_PAGES, **options)

    def stylesheet(self, edition: str, doc: LocalizedDocument, clinic: Clinic, body_pt: float | None = None) -> str:
        """Per-document CSS built in Python (never through Jinja, which would escape it)."""
        stack = font_stack(self.fonts, doc.script, doc.locale)
        families = ", ".join(css_string(f.family) for f in stack)
        start, end = ("right", "left") if doc.direction == "rtl" else ("left", "right")
        pgettext = doc.gettext  # named so that `make pot` extracts these strings (babel.cfg)
        page_text = pgettext("footer", "Page %(page)s of %(pages)s") % {"page": _PAGE, "pages": _PAGES}
        version = pgettext("footer", "Version %(version)s") % {"version": doc.content.meta.version}
        dates = pgettext("footer", "Published %(published)s, review due %(review_due)s") % {
            "published": doc.published, "review_due": doc.review_due}
        footer_info = f"{doc.content.meta.id} \u00b7 {version} \u00b7 {dates}"
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
                f"@page {{ @bottom-{end} {{ content: {css_content(page_text)}; }}",
                f"        @bottom-{start} {{ content: {css_string(footer_info)}; }} }}",
            ]
        return "\n".join(rules) + "\n"

    @staticmethod
    def draft_line(doc: LocalizedDocument) -> str:
        """The draft status in the document's language, followed by English when they differ."""
        pgettext = doc.gettext
        if doc.locale == "en":
            return pgettext("status", "Draft: not yet reviewed by a qualified clinician.")
        english = "Draft translation: not yet reviewed by a qualified medical translator."
        local = pgettext("status", "Draft translation: not yet reviewed by a qualified medical translator.")
        return english if local == english else f"{local} / {english}"

    def pdf(self, edition: str, doc: LocalizedDocument, clinic: Clinic, identifier: bytes) -> RenderResult:
        """Render one edition; the leaflet gets an even page count, the poster exactly one page."""
        if edition == "poster":
            for size in POSTER_SIZES:
                result = self._render(edition, doc, clinic, identifier, body_pt=size)
                if result.pages == 1:
                    return result
            raise LeafletError(f"the {doc.locale} poster does not fit on one page even with "
                               f"{POSTER_SIZES[-1]:g}pt text; shorten the poster texts", doc.locale)
        result = self._render(edition, doc, clinic, identifier)
        if result.pages % 2:
            result = self._render(edition, doc, clinic, identifier, notes_page=True)
        if result.pages % 2:
            raise LeafletError(f"the {doc.locale} leaflet has an odd number of pages ({result.pages}) "
                               "even with a notes page", doc.locale)
        return result

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
        return RenderResult(pdf, len(document.pages), body_pt)


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
