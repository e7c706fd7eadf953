"""A localized document as HTML and CSS: the Jinja layouts, and the per-document stylesheet.

Safety: Jinja autoescapes every value, translations included: the layouts' gettext here
returns text already escaped (Jinja's own newstyle gettext would mark a translation as safe
HTML), and untranslated words are wrapped so they show as English, visibly. The per-document
CSS (brand colours, fonts, paper, the poster's sizes, the margin-box words) is built in Python
with every string hex-escaped, never through Jinja, which would HTML-escape it inside
<style> and make WeasyPrint drop the rule silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta
from markupsafe import Markup, escape

from ..errors import LeafletError
from ..i18n.localize import LocalizedDocument
from ..model.clinic import Clinic
from ..project import SOURCE_LOCALE
from .editions import Edition, Paper
from .fonts import FontFamily, font_stack

_PAGE, _PAGES = "\ue000", "\ue001"  # private-use markers for the page counters in a translation
LRI, PDI = "\u2066", "\u2069"  # Unicode left-to-right isolate and its closing mark
#: The English of the draft notice, printed under the translated one.
DRAFT_TRANSLATION_EN = "Draft translation: not yet reviewed by a qualified medical translator."


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


def _english(context: str, message: str, **variables: Any) -> Markup:
    """A layout string's English original, escaped and formatted as pgettext would format it
    (the bilingual edition's English column); not extracted, since English needs no translation."""
    return escape(message) % variables if variables else escape(message)


@dataclass(frozen=True)
class PageWords:
    """The margin-box words of `_page_strings.html.j2`, translated, as plain text."""

    page_of: str
    footer_info: str
    draft_line: str  # empty when the document is reviewed


class Layouts:
    """The layouts folder as one Jinja environment, reused for every document of a process."""

    def __init__(self, layouts_dir: Path, fonts: dict[str, FontFamily]):
        self.dir = layouts_dir
        self.fonts = fonts
        self._template_files: dict[str, frozenset[Path]] = {}
        self.env = Environment(loader=FileSystemLoader(layouts_dir), autoescape=True, undefined=StrictUndefined,
                               extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
        # One environment per process; the callables read the document being rendered (`bound`).
        self._doc: LocalizedDocument | None = None
        self.env.globals.update(pgettext=self._pgettext, gettext=lambda message: self._pgettext("", message),
                                en=_english)
        self.env.filters["ltr"] = lambda text: isolate_ltr(str(text), self._bound().direction)
        self.env.filters["keep_end_together"] = keep_end_together

    def _bound(self) -> LocalizedDocument:
        if self._doc is None:
            raise RuntimeError("a layout string was asked for outside a render")
        return self._doc

    @contextmanager
    def bound(self, doc: LocalizedDocument) -> Iterator[None]:
        """The document the layouts' gettext and filters work on, for one render."""
        previous, self._doc = self._doc, doc
        try:
            yield
        finally:
            self._doc = previous

    def _pgettext(self, context: str, message: str, **variables: Any) -> Markup:
        """A layout string through the localize policy, escaped so a translation cannot add markup;
        an untranslated one is wrapped to show as English, visibly."""
        phrase = self._bound().gettext(context, message)
        text = escape(str(phrase))
        if variables:
            text = text % variables  # Markup's % escapes each value; the translation's own % was checked
        if phrase.lang:
            return Markup('<span class="untranslated" lang="{}">{}</span>').format(phrase.lang, text)
        return text

    def template_files(self, name: str) -> frozenset[Path]:
        """The template file and every template it imports or includes, found statically once."""
        if name not in self._template_files:
            loader = self.env.loader
            assert loader is not None
            source, filename, _ = loader.get_source(self.env, name)
            files = {Path(str(filename)).resolve()}
            for ref in meta.find_referenced_templates(self.env.parse(source)):
                if ref is None:
                    raise LeafletError(f"{name}: templates must import or include other templates "
                                       "by a literal name, so the build can track what depends on them")
                files |= self.template_files(ref)
            self._template_files[name] = frozenset(files)
        return self._template_files[name]

    def html(self, edition: Edition, doc: LocalizedDocument, clinic: Clinic, qr: dict[str, str],
             stylesheets: tuple[str, ...] = (), notes_page: bool = True) -> str:
        """The document's HTML. `stylesheets` names the layout's sheets in it (for a plain
        `weasyprint` command); the renderer passes them itself, parsed once. A leaflet ends with
        its notes page, which the renderer drops where it would make the page count odd (see
        weasy/evenpages.py); `notes_page=False` leaves it out (for WeasyPrint without the hook)."""
        with self.bound(doc):
            return self.env.get_template(edition.template).render(
                doc=doc, c=doc.content, clinic=clinic, meta=doc.content.meta, edition=edition, qr=qr,
                english=doc.english, stylesheets=stylesheets, notes_page=notes_page)

    def page_words(self, edition: Edition, doc: LocalizedDocument) -> PageWords:
        """The running footer's words and the draft line, from `_page_strings.html.j2`."""
        with self.bound(doc):
            module = self.env.get_template("_page_strings.html.j2").make_module({"doc": doc})

            def words(name: str, *args: Any) -> str:
                return Markup(str(getattr(module, name)(*args))).striptags()

            meta = doc.content.meta
            dates = words("dates", doc.published, doc.review_due)
            version = words("version", meta.version)
            info = f"{isolate_ltr(meta.id, doc.direction)} \u00b7 {version} \u00b7 {dates}"
            draft = ""
            if doc.review.is_draft:
                if doc.locale == SOURCE_LOCALE:
                    draft = words("draft_source")
                elif doc.review.draft_of == "source":
                    draft = words("draft_source_of_translation")
                else:
                    local = words("draft_translation")
                    # Two lines: an English sentence wrapping inside right-to-left text would lose
                    # its isolation at the break (WeasyPrint lays out each line on its own).
                    english = DRAFT_TRANSLATION_EN
                    draft = english if local == english else f"{local}\n{isolate_ltr(english, doc.direction)}"
            return PageWords(words("page_of", _PAGE, _PAGES), info, draft)

    def page_css(self, edition: Edition, doc: LocalizedDocument, clinic: Clinic, paper: Paper,
                 body_pt: float | None = None, headline_pt: float | None = None) -> str:
        """Per-document CSS built in Python (never through Jinja, which would escape it)."""
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
        if not edition.is_poster:
            words = self.page_words(edition, doc)
            if words.draft_line:
                rules.append(f"@page {{ @top-center {{ content: {css_string(words.draft_line)}; }} }}")
            rules += [
                f"@page {{ @bottom-{end} {{ content: {css_content(words.page_of)}; width: 32mm; }}",
                f"        @bottom-{start} {{ content: {css_string(words.footer_info)}; }} }}",
            ]
        return "\n".join(rules) + "\n"
