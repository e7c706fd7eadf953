"""Render a localized document into a PDF with WeasyPrint: lay it out, fit a poster, write it.

One `Renderer` per process holds what documents share: the Jinja layouts, the parsed layout
stylesheets and one WeasyPrint `FontConfiguration`. Fonts: fontconfig is pointed at
`layouts/fonts/fonts.conf`, so only vendored fonts are used. Every render runs with the
pipeline's WeasyPrint hooks applied (`weasy.hooks()`), and a WeasyPrint warning fails it: a
warning from WeasyPrint in our build is a bug until understood.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import LeafletError
from ..i18n.localize import LocalizedDocument
from ..i18n.segment import NBSP
from ..model.clinic import Clinic
from ..project import SOURCE_LOCALE
from . import typefit, weasy
from .editions import Edition, Paper, edition_named, editions_for, paper_for
from .fetcher import GENERATED, BlockedResource, make_fetcher
from .fonts import FontChoice, choose_fonts
from .html import Layouts
from .printshop import print_shop_options
from .qr import qr_svg
from .weasy.evenpages import BACK_PAGE, MAX_PAGES, PageLimit, starts_optional
from .weasy.textmap import TextMapError
from .widows import widowed_texts

#: What the notes set under the text need besides their heading and ruled lines (mm): their
#: top margin (leaflet.css, .notes-flow) and a little to spare.
NOTES_FLOW_MARGIN_MM = 10.0
#: The space between a leaflet's blocks tried, in turn, where its text's last page holds a few
#: lines (Renderer._fit_text): from four fifths of layouts/leaflet.css's down to three fifths
#: (the Spanish and Arabic A4 leaflets fit at 0.8, the Chinese at 0.7). Less would blur where
#: one paragraph, list item or section ends and the next begins.
FIT_SPACES = (0.8, 0.7, 0.6)
#: The text's last page used less than this share of it is fitted (the preflight reports one
#: under laidout.LAST_PAGE_SHARE that could not be): the Chinese A4 leaflet's text ended 26%
#: into page 6, fitted at 0.6.
FIT_SHARE = 1 / 3
#: Poster body size range (pt): see pipeline/render/typefit.py.
POSTER_MIN_PT, POSTER_MAX_PT = typefit.BODY_MIN_PT, typefit.BODY_MAX_PT


def use_vendored_fonts(layouts_dir: Path) -> None:
    """Make fontconfig see only the fonts vendored under layouts/fonts (call before rendering)."""
    os.environ["FONTCONFIG_FILE"] = str((layouts_dir / "fonts" / "fonts.conf").resolve())


class PosterDoesNotFit(LeafletError):
    """A poster whose texts do not fit one page even at the smallest sizes allowed."""


class _WarningCollector(logging.Handler):
    """WeasyPrint warnings are bugs until understood: collect them so the build can fail."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@dataclass(frozen=True)
class RenderResult:
    pdf: bytes
    pages: int
    paper: str  # e.g. "A4", "Letter"
    files: frozenset[Path]  # every file under layouts/ the render read, fonts included
    body_pt: float | None = None  # the poster's chosen body size
    headline_pt: float | None = None  # the poster's headline size
    findings: tuple[Any, ...] = ()  # what `inspect` found on the layout written (the box-level preflight)
    #: Where the time went (seconds; "trials": layouts made to fit a poster), for `make bench`.
    timings: tuple[tuple[str, float], ...] = ()


class Renderer:
    """Holds what a process reuses between documents: layouts, stylesheets, one FontConfiguration."""

    def __init__(self, layouts_dir: Path):
        use_vendored_fonts(layouts_dir)
        from weasyprint.text.fonts import FontConfiguration

        weasy.require_version()
        self.layouts_dir = layouts_dir
        self.layouts = Layouts(layouts_dir)
        self.font_config = FontConfiguration()
        self._served: set[Path] = set()  # files under layouts/ read for the current document
        self._generated: dict[str, bytes] = {}  # images made for the current document
        self.fetcher = make_fetcher(layouts_dir, self._served, self._generated)
        self._css: dict[Path, tuple[Any, ...]] = {}  # path -> (mtime and size, parsed CSS, files it read)
        self._trials = 0  # layouts made for the current document (a poster's fit takes several)
        self._last: tuple[tuple[Edition, str, str], Any] | None = None  # this document's last layout, by its input

    # -- the parts ---------------------------------------------------------------------------

    def html(self, edition: Edition, doc: LocalizedDocument, clinic: Clinic, linked: bool = False,
             notes_page: bool = True) -> str:
        """The document's HTML; `linked` names the layout's stylesheets in it (for a plain
        `weasyprint` command), otherwise `layout` passes them parsed once."""
        self._served.update(self.layouts.template_files(edition.template))
        self._served.update(self.layouts.template_files("_page_strings.html.j2"))
        url = clinic.page_url(doc.locale, doc.lang_tag, doc.id)
        self._generated.clear()
        self._generated["qr.svg"] = qr_svg(url)
        return self.layouts.html(edition, doc, clinic, {"src": f"{GENERATED}qr.svg", "url": url},
                                 edition.stylesheets if linked else (), notes_page)

    def _layout_sheets(self, edition: Edition) -> list[Any]:
        """The edition's stylesheets from layouts/, each parsed once per process (parsing and
        compiling the selectors took about 40 ms per layout) and again only when its file
        changes. They are user stylesheets to WeasyPrint: the same origin for all of them, so
        the cascade is by specificity and order, as among linked author stylesheets."""
        from weasyprint import CSS

        sheets = []
        for name in edition.stylesheets:
            path = (self.layouts_dir / name).resolve()
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            cached = self._css.get(path)
            if cached is None or cached[0] != key:
                before = set(self._served)
                with self._weasyprint_errors(edition, f"layouts/{name}"):
                    css = CSS(url=path.as_uri(), url_fetcher=self.fetcher, font_config=self.font_config)
                cached = self._css[path] = (key, css, frozenset(self._served - before))
            # The files the sheet read when parsed (itself, anything it imports) are
            # dependencies of every document that uses it, parsed now or before.
            self._served.update(cached[2])
            sheets.append(cached[1])
        return sheets

    def layout(self, edition: Edition, paper: Paper, doc: LocalizedDocument, clinic: Clinic,
               body_pt: float | None = None, headline_pt: float | None = None) -> Any:
        """Lay the document out (WeasyPrint's Document): pages and boxes, no PDF yet."""
        from weasyprint import CSS, HTML
        from weasyprint.css.counters import CounterStyle

        html = self.html(edition, doc, clinic)
        css = self.layouts.page_css(edition, doc, clinic, paper, body_pt, headline_pt)
        base_url = (self.layouts_dir.resolve() / edition.template).as_uri()
        sheets = self._layout_sheets(edition)
        if self._last is not None and self._last[0] == (edition, html, css):
            # The same HTML and CSS lay out the same: a second layout asked for texts whose join
            # changes no character (every Hindi leaflet's: Indic text keeps its end its own way).
            self._trials -= 1
            return self._last[1]
        # The document's own counter styles (page and list numbers in the locale's digits) are
        # known to the render only through this object, shared by the sheet and the render.
        counters = CounterStyle()
        with self._weasyprint_errors(edition, doc.locale):
            document = HTML(string=html, base_url=base_url, url_fetcher=self.fetcher).render(
                font_config=self.font_config, counter_style=counters,
                stylesheets=[*sheets, CSS(string=css, base_url=base_url, url_fetcher=self.fetcher,
                                          font_config=self.font_config, counter_style=counters)],
            )
        self._last = ((edition, html, css), document)
        return document

    # -- a whole edition ---------------------------------------------------------------------

    def render(self, edition: Edition, doc: LocalizedDocument, clinic: Clinic, identifier: bytes,
               inspect: Callable[[Any, Edition, LocalizedDocument], Iterable[Any]] | None = None) -> RenderResult:
        """Render one edition: a leaflet with an even page count, a poster on exactly one page.

        `inspect`, if given, sees the layout that is written (WeasyPrint's Document, never a
        poster's trials) before it becomes a PDF; what it returns is the result's `findings`
        (the build passes the print preflight of pipeline.checks; rendering knows no checks)."""
        started = time.perf_counter()
        if edition not in editions_for(doc.locale) or (edition.layout == "bilingual" and doc.english is None):
            raise LeafletError(f"the {edition.name} edition is not made for {doc.locale}", doc.locale)
        self._served.clear()
        self._trials = 1
        self._last = None
        choice = self.fonts(doc.locale)
        folder = self.layouts_dir / "fonts"
        # The font files, and what chose them: a change to either changes the output.
        self._served.update(file.resolve() for family in choice.stack for file in family.files(folder))
        self._served.update((folder / name).resolve() for name in ("fonts.yaml", "fonts.conf"))
        paper = paper_for(edition, doc.locale, clinic.territory, clinic.paper)
        self.layouts.joined_ends, self.layouts.notes_flow, self.layouts.space = frozenset(), None, 1.0
        self.layouts.join_in_layout = True  # display texts' ends joined during the layout (weasy/keepend.py)
        try:
            if edition.is_poster:
                (document, body_pt, headline_pt), pages = self._fit_poster(edition, paper, doc, clinic), None
            else:
                (document, pages), body_pt, headline_pt = self._fit_text(edition, paper, doc, clinic), None, None
            document = self._second_layout(document, edition, paper, doc, clinic, body_pt, headline_pt, pages)
        finally:  # the next document's HTML is its own
            self.layouts.joined_ends, self.layouts.notes_flow, self.layouts.space = frozenset(), None, 1.0
            self.layouts.join_in_layout = False
        if not edition.is_poster:
            pages = [page._page_box for page in document.pages]
            if len(pages) % 2 or sum(starts_optional(page, anywhere=True) for page in pages) > 1 \
                    or sum(starts_optional(page, True, BACK_PAGE) for page in pages) > 1:
                raise LeafletError(f"the {doc.locale} {edition.name} has an odd number of pages ({len(pages)}), or "
                                   "a page of notes or the back page runs over two pages; shorten the contact "
                                   "panel's or the back page's texts, or their sizes in layouts/", doc.locale)
        self._last = None  # a document is held only while it is rendered
        laid_out = time.perf_counter()
        findings = tuple(inspect(document, edition, doc)) if inspect is not None else ()
        checked = time.perf_counter()
        options = print_shop_options(clinic) if edition.print_shop else {"pdf_variant": "pdf/ua-1"}
        if doc.direction == "rtl":
            options["finisher"] = RightToLeft(options.get("finisher"))
        with self._weasyprint_errors(edition, doc.locale):
            pdf = document.write_pdf(pdf_identifier=hashlib.sha256(identifier).hexdigest()[:32].encode(),
                                     pdf_tags=True, **options)
        timings = (("layout", laid_out - started), ("trials", float(self._trials)),
                   ("inspect", checked - laid_out), ("write", time.perf_counter() - checked))
        return RenderResult(pdf, len(document.pages), paper.name, frozenset(self._served), body_pt, headline_pt,
                            findings, timings)

    def _fit_text(self, edition: Edition, paper: Paper, doc: LocalizedDocument,
                  clinic: Clinic) -> tuple[Any, list[Any] | None]:
        """A leaflet's layout, with less space between its blocks where that saves two pages.

        Where the text's last page holds only a few lines (less than FIT_SHARE of it) before
        the page of notes and the back page (the Spanish A4 leaflet: six lines on
        page 8 of 10), a typesetter fits those lines onto the pages before by taking a little
        space from between paragraphs, headings, list items and boxes: the leaflet is laid out
        again with that space at FIT_SPACES of layouts/leaflet.css's (`--space`), the first that
        makes it two pages shorter is kept. Type size and line spacing never change. Else the
        first layout stands, and the preflight's last_text_page reports the page. Returns the
        layout and, where it is the first, its pages as collected (laidout.collect)."""
        from .laidout import collect, text_ends

        document = self.layout(edition, paper, doc, clinic)
        if edition.layout != "leaflet":
            return document, None
        pages = collect(document)
        if not any(end.used < FIT_SHARE * end.height for end in text_ends(pages)):
            return document, pages
        first = self._last
        for space in FIT_SPACES:
            self.layouts.space = space
            self._trials += 1
            fitted = self.layout(edition, paper, doc, clinic)
            if len(fitted.pages) <= len(document.pages) - 2:
                return fitted, None
        self.layouts.space, self._last = 1.0, first
        return document, pages

    def _second_layout(self, document: Any, edition: Edition, paper: Paper, doc: LocalizedDocument,
                       clinic: Clinic, body_pt: float | None, headline_pt: float | None,
                       pages: list[Any] | None = None) -> Any:
        """The layout again, where the first one asks for it; else `document` (`pages`: its
        pages as collected, if they are at hand).

        - A display text's last word alone on its line where the word before would fit beside
          it (render/widows.py): those texts' last two words are joined. Moving one word down
          adds no line. The first layout joins the texts the templates mark itself, at the
          paragraph (weasy/keepend.py); the texts it could not join are joined by a second
          layout, as is everything when its joins are not the templates' (`_joined_in_layout`).
        - A leaflet's back page standing alone, headed, with less than NOTES_MIN_MM of ruled
          lines for notes, after a last page of text that ends with room for the heading and
          more (the Tamil large print: one ruled line, its page 17 some 60% empty): the notes go
          under the text, their ruled area as tall as that room allows in whole lines
          (`notes_flow`), and the back page carries on unheaded. The same pages, one heading.
        If the second layout has another number of pages (the notes did not fit after all), the
        first is kept: the first without any join, as a layout of the HTML as written."""
        from .laidout import collect

        if pages is None:
            pages = collect(document)  # one walk over the boxes for both questions
        joined: frozenset[str] = frozenset()
        if self.layouts.join_in_layout:
            in_place = self._joined_in_layout(document, pages, edition, doc, clinic)
            if in_place is None:  # not what the templates would write: the layouts as they were
                document, pages = self._without_joins(edition, paper, doc, clinic, body_pt, headline_pt)
            else:
                joined = in_place
        widowed = joined | widowed_texts(pages)
        flow = self._notes_flow(document, pages, edition) if edition.layout == "leaflet" else None
        if flow is None and (widowed == joined or self._html_with(edition, doc, clinic, widowed)
                             == self._html_with(edition, doc, clinic, joined)):
            self.layouts.joined_ends = joined
            return document
        self.layouts.join_in_layout = False
        self.layouts.joined_ends, self.layouts.notes_flow = widowed, flow
        self._trials += 1
        again = self.layout(edition, paper, doc, clinic, body_pt=body_pt, headline_pt=headline_pt)
        if len(again.pages) != len(document.pages):
            self.layouts.joined_ends, self.layouts.notes_flow = frozenset(), None
            if joined:  # the first layout's joins were made in place: the layout of the HTML as written
                document, _ = self._without_joins(edition, paper, doc, clinic, body_pt, headline_pt)
            return document
        return again

    def _html_with(self, edition: Edition, doc: LocalizedDocument, clinic: Clinic, joined: frozenset[str]) -> str:
        """The document's HTML with the last words of the texts `joined` (text_key) joined."""
        saved = self.layouts.joined_ends
        self.layouts.joined_ends = joined
        try:
            return self.html(edition, doc, clinic)
        finally:
            self.layouts.joined_ends = saved

    def _without_joins(self, edition: Edition, paper: Paper, doc: LocalizedDocument, clinic: Clinic,
                       body_pt: float | None, headline_pt: float | None) -> tuple[Any, list[Any]]:
        """The layout of the HTML as written, no end joined in place (weasy/keepend.py), and its pages."""
        from .laidout import collect

        self.layouts.join_in_layout = False
        self.layouts.joined_ends = frozenset()
        self._trials += 1
        document = self.layout(edition, paper, doc, clinic, body_pt=body_pt, headline_pt=headline_pt)
        return document, collect(document)

    def _joined_in_layout(self, document: Any, pages: list[Any], edition: Edition, doc: LocalizedDocument,
                          clinic: Clinic) -> frozenset[str] | None:
        """The texts (text_key) whose ends the layout `document` (its `pages`) joined in place
        (weasy/keepend.py), or None when that layout may differ from the one the templates give
        with those texts joined: the hook left a join undone for moving a line, a joined text's
        last two lines are not on one page, or the templates' joins are not exactly the hook's.
        The last is checked text by text: the templates' join of one text changes the HTML in
        every place that text is written with its end kept (keep_end); each change must be one
        no-break space in place of a space, and there must be as many as the elements of that
        text the hook joined, on the pages printed or on those evenpages dropped (KEEP_END is
        "joined" on each). As the hook joins only elements the templates mark, whose whole text
        the templates join, a text written once more unmarked, or marked and left unjoined, makes
        one change more than the hook's joins: the layout is refused, never half right."""
        from .weasy.keepend import JOINED, KEEP_END, MARK, REFUSED
        from .widows import text_key

        last_two: dict[Any, list[Any]] = {}
        for page in pages:
            for line in page.lines:
                mark = getattr(line.box, MARK, None)
                if mark == REFUSED:
                    return None
                if not line.margin and line.texts and line.element is not None:
                    last_two[line.element] = [*last_two.get(line.element, [])[-1:], line]
        for lines in last_two.values():
            marks = [getattr(line.box, MARK, None) == JOINED for line in lines]
            if marks[-1] and (len(lines) < 2 or not marks[0] or lines[0].page != lines[1].page):
                return None
        root = document.pages[0]._page_box.children[0].element if document.pages else None
        elements = [] if root is None else [e for e in root.iter() if e.get(KEEP_END) == JOINED]
        if not elements:
            return frozenset()
        if _joined_where_content_sizes(document):
            return None
        per_text = Counter(text_key("".join(element.itertext())) for element in elements)
        before = self._html_with(edition, doc, clinic, frozenset())
        for key, count in per_text.items():
            after = self._html_with(edition, doc, clinic, frozenset([key]))
            if len(before) != len(after):
                return None
            changed = [(a, b) for a, b in zip(before, after) if a != b]
            if len(changed) != count or any(pair != (" ", NBSP) for pair in changed):
                return None
        return frozenset(per_text)

    @staticmethod
    def _notes_flow(document: Any, pages: list[Any], edition: Edition) -> float | None:
        """The height (mm) of the notes' ruled lines under the text of `document` (see
        _second_layout), or None where the back page's are enough or the text's last page has no
        room for more. Lines are ruled every 12 mm, 14 mm in large print (layouts/*.css)."""
        from .laidout import NOTES_MIN_MM, notes_room

        room = notes_room(document, pages)
        if room is None or room.ruled_mm >= NOTES_MIN_MM:
            return None
        pitch = 14.0 if edition.large_print else 12.0
        usable = room.free_before_mm - room.heading_mm - NOTES_FLOW_MARGIN_MM
        if usable < NOTES_MIN_MM:
            return None
        return (usable // pitch) * pitch


    def fonts(self, locale: str) -> FontChoice:
        """The fonts a locale is printed in (pipeline/render/fonts.py: chosen by what they draw)."""
        return choose_fonts(self.layouts_dir, locale, locale)

    def check_poster(self, doc: LocalizedDocument, clinic: Clinic) -> None:
        """Raise LeafletError if the poster does not fit one page: the build's fit, not written."""
        edition = edition_named("poster")
        self._fit_poster(edition, paper_for(edition, doc.locale, clinic.territory, clinic.paper), doc, clinic)

    def _fit_poster(self, edition: Edition, paper: Paper, doc: LocalizedDocument,
                    clinic: Clinic) -> tuple[Any, float, float]:
        """The body size that fills the poster's one page (typefit.fit), with the headline never
        below the size that makes its letters 20 mm tall. Trials are laid out, not written."""
        folder = self.layouts_dir / "fonts"
        latin = self.fonts(SOURCE_LOCALE)
        # The headline's floor is measured in the font and on the letter of the language it is
        # shown in: an untranslated headline is English, held to the Latin capital's 20 mm.
        shown = latin if getattr(doc.content.poster.headline, "lang", None) else self.fonts(doc.locale)
        script = shown.script
        latin_bold = folder / latin.primary.bold
        floor = typefit.headline_floor_pt(folder / shown.primary.bold, script, latin_bold)

        self._trials = 0

        def trial(size: float) -> typefit.Trial:
            self._trials += 1
            headline = typefit.headline_pt(size, floor)
            document = self.layout(edition, paper, doc, clinic, body_pt=size, headline_pt=headline)
            return typefit.Trial(size, len(document.pages), _fill(document), (document, headline))

        poster = doc.content.poster
        body_chars = sum(len(t) for t in (poster.lead, *(x for g in poster.groups for x in (g.heading, *g.items))))
        hopeless = typefit.cannot_fit(len(poster.headline), body_chars, floor, (paper.width_mm, paper.height_mm))
        guess = typefit.first_guess(body_chars, self.fonts(doc.locale).script, (paper.width_mm, paper.height_mm))
        best = None if hopeless else typefit.fit(trial, guess)[0]
        if best is None:
            raise PosterDoesNotFit(f"the {doc.locale} {edition.name} does not fit on one {paper.name} page even "
                                   f"with {POSTER_MIN_PT:g}pt text and a {floor:g}pt headline (letters "
                                   f"{typefit.headline_floor_mm(script, latin_bold):.0f} mm tall); "
                                   f"{poster_advice(doc)}", doc.locale)
        document, headline = best.result
        return document, best.body_pt, headline

    @contextmanager
    def _weasyprint_errors(self, edition: Edition, where: str) -> Iterator[None]:
        """Run WeasyPrint with the hooks; refused URLs, the page limit, text-map bugs and
        WeasyPrint's warnings become errors naming the edition."""
        collector = _WarningCollector()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collector)
        try:
            with weasy.hooks():
                yield
        except BlockedResource as exc:
            raise LeafletError(f"render of {edition.name} stopped: {exc}", where) from None
        except PageLimit:
            raise LeafletError(f"the {edition.name} passed {MAX_PAGES} pages while being laid out, more than any "
                               "edition needs, and was stopped; is a translation far too long?", where) from None
        except TextMapError as exc:
            raise LeafletError(f"render of {edition.name}: the text map is out of step ({exc}); "
                               "this is a bug in pipeline/render/weasy/textmap.py", where) from None
        finally:
            logger.removeHandler(collector)
        if collector.messages:
            raise LeafletError(f"WeasyPrint warned while rendering the {edition.name}: "
                               + "; ".join(dict.fromkeys(collector.messages)), where)


class RightToLeft:
    """A WeasyPrint finisher (after `then`, if any) declaring the document's reading order right
    to left (/ViewerPreferences /Direction /R2L, ISO 32000-1 12.2), so a viewer shows the pages
    of an Arabic, Persian or Urdu leaflet side by side in the order they are read."""

    def __init__(self, then: Any = None):
        self.then = then

    def __call__(self, document: Any, pdf: Any) -> None:
        import pydyf

        if self.then is not None:
            self.then(document, pdf)
        preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary()
        preferences["Direction"] = "/R2L"
        pdf.catalog["ViewerPreferences"] = preferences


def _joined_where_content_sizes(document: Any) -> bool:
    """Whether a text joined in place (weasy/keepend.py) is printed inside a box whose width
    WeasyPrint takes from its content: an auto-layout table (its columns share the room by
    their cells' widest words and lines), an inline-block, a float, an absolutely positioned
    box, a row of flex items. A join makes the text's widest unbreakable piece two words wide,
    which may move such a box's edges in the templates' layout, where the no-break space is
    there before any width is computed; the hook joins only once the widths are set. A fixed
    table (table-layout: fixed, its width given), a block and a column of flex items take their
    width from their container, whatever they hold."""
    from weasyprint.formatting_structure import boxes as B

    from .weasy.keepend import JOINED, KEEP_END

    def sized_by_content(box: Any) -> bool:
        if isinstance(box, B.TableBox):
            return not (box.style["table_layout"] == "fixed" and box.style["width"] != "auto")
        if isinstance(box, B.FlexContainerBox):
            return not box.style["flex_direction"].startswith("column")
        return isinstance(box, B.InlineBlockBox) or box.is_floated() or box.is_absolutely_positioned()

    def walk(box: Any, inside: bool) -> bool:
        element = getattr(box, "element", None)
        if inside and element is not None and element.get(KEEP_END) == JOINED \
                and "::" not in (box.element_tag or ""):
            return True
        inside = inside or sized_by_content(box)
        return any(walk(child, inside) for child in getattr(box, "children", ()))

    return any(walk(page._page_box, False) for page in document.pages)


def _fill(document: Any) -> float:
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
    """The poster's longest texts in the locale's own words, as a translator would look for
    them; English shown for a missing translation is the English's business, not theirs."""
    poster = doc.content.poster
    texts = [poster.headline, poster.lead, *(t for g in poster.groups for t in (g.heading, *g.items))]
    own = [t for t in texts if not getattr(t, "lang", None)] or texts
    return [f"'{t[:40]}'" for t in sorted(own, key=len, reverse=True)[:count]]


def poster_advice(doc: LocalizedDocument) -> str:
    """What a translator can do about a poster that does not fit: shorten their longest texts;
    and, when some are not translated yet, which ones (they are shown in English meanwhile)."""
    advice = f"shorten the longest poster texts ({', '.join(longest_poster_texts(doc))})"
    untranslated = [m.key for m in doc.missing if m.key.startswith("poster.")]
    if untranslated:
        shown = ", ".join(untranslated[:4]) + (f" and {len(untranslated) - 4} more" if len(untranslated) > 4 else "")
        advice += f"; {len(untranslated)} poster text(s) are not translated yet and are shown in English ({shown})"
    return advice
