"""The web edition's HTML: the layouts under `layouts/web/`, rendered like the PDFs' layouts.

Safety is the print layouts' (see pipeline/render/html.py): Jinja autoescapes every value;
the layouts' gettext returns a translation escaped, never marked safe, with its `%(name)s`
values escaped in turn; the only markup added around a translation is written here (the
`lang`/`dir` wrapper of an English fallback or an English term). The draft notice and the
reviewer's line are the print layouts' own macros (`_macros.html.j2`, `_page_strings.html.j2`)
through the same gettext, so translators translate each sentence once for both.

On the web, unlike in WeasyPrint, `dir` does the bidi isolation: an English fallback, a
medicine name or a phone number inside right-to-left text is an element with `dir="ltr"`,
which browsers isolate (HTML's `dir` implies `unicode-bidi: isolate`), so no LRI/PDI
characters are needed.
"""

from __future__ import annotations

import re
import xml.sax.saxutils
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from ...i18n import segment
from ...i18n.localize import LocalizedDocument, Phrase
from ...model.clinic import Clinic
from ...project import SOURCE_LOCALE
from ...render.html import half_width_pairs, keep_end_together
from .addresses import Address, href

PAGE_TEMPLATE = "web/page.html.j2"
INDEX_TEMPLATE = "web/languages.html.j2"
UNAVAILABLE_TEMPLATE = "web/unavailable.html.j2"
#: Scripts that write English words in the Latin alphabet themselves: a drug name in a French
#: sentence is a French word, read with the page's voice; in Hindi or Arabic it is a Latin
#: run in another language, marked `lang="en"` so a screen reader switches voice.
LATIN = "Latn"
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,30}$")


@dataclass(frozen=True)
class Language:
    """A language the document's pages exist in, as a link from one page to its page."""

    locale: str
    lang_tag: str
    direction: str
    name: str  # the language's own name, as written at the head of a list
    href: str
    current: bool = False
    title: Phrase | None = None  # the document's title in it (the language index shows it)


@dataclass(frozen=True)
class Download:
    edition: str  # leaflet, leaflet-large-print, leaflet-bilingual
    href: str
    size: str  # written in the page's language, e.g. "245 kB", "245 ko"


@dataclass(frozen=True)
class PageView:
    """What a page links to, computed before it is rendered: every href relative to it."""

    address: Address
    stylesheet: str
    logo: str
    index: str  # the document's language index
    languages: tuple[Language, ...]
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute address), x-default last
    downloads: tuple[Download, ...] = ()
    phone: str = ""  # the clinic's number as a tel: address, "" if it cannot be dialled as written


def menu_name(native: str) -> str:
    """A language's own name as a list shows it: CLDR writes "español", "français" for use
    inside a sentence, and its context transforms capitalise the first word in a menu."""
    return native[:1].upper() + native[1:]


def tel_href(phone: str) -> str:
    """A `tel:` address for the clinic's number, so a phone dials it on a tap; "" when the
    number as written holds more than digits and separators (an extension, words)."""
    if not PHONE_RE.match(phone):
        return ""
    return "tel:" + ("+" if phone.startswith("+") else "") + re.sub(r"\D", "", phone)


class WebLayouts:
    """The web layouts as one Jinja environment; its gettext and filters read the bound document."""

    def __init__(self, layouts_dir: Path):
        from jinja2 import Environment, FileSystemLoader, StrictUndefined

        self.env = Environment(loader=FileSystemLoader(layouts_dir), autoescape=True, undefined=StrictUndefined,
                               extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
        self._doc: LocalizedDocument | None = None
        self._terms: tuple[str, ...] = ()
        self.env.globals.update(pgettext=self._pgettext, gettext=lambda message: self._pgettext("", message),
                                t=self.text, source_lang=self._source_lang, ltr=ltr,
                                keep_end_mark=lambda: "")  # print only: render/weasy/keepend.py
        # The print macros this module imports name these filters; on the web, `dir` isolates.
        self.env.filters["ltr"] = ltr
        self.env.filters["url"] = ltr  # the print layouts' web addresses; a web page wraps them itself
        self.env.filters["keep_end_together"] = lambda text, end=True: keep_end_together(
            text, end, words=self._bound().words)

    def _bound(self) -> LocalizedDocument:
        if self._doc is None:
            raise RuntimeError("a layout string was asked for outside a render")
        return self._doc

    @contextmanager
    def bound(self, doc: LocalizedDocument, terms: tuple[str, ...]) -> Iterator[None]:
        previous = self._doc, self._terms
        self._doc, self._terms = doc, terms
        try:
            yield
        finally:
            self._doc, self._terms = previous

    def _pgettext(self, context: str, message: str, **variables: Any) -> Markup:
        """A layout string through the localize policy, escaped; an English fallback is marked
        with its language and direction and shown boxed."""
        phrase = self._bound().gettext(context, message)
        text = escape(str(phrase))
        if variables:
            text = text % variables  # Markup's % escapes each value; the translation's own % was checked
        return self._fallback(phrase, text)

    def _fallback(self, phrase: Phrase, html: Markup) -> Markup:
        html = word_breaks(html, self._bound().words)
        if phrase.lang:
            return Markup('<span class="untranslated" lang="{}" dir="ltr">{}</span>').format(phrase.lang, html)
        return html

    def text(self, phrase: Phrase) -> Markup:
        """A text of the document: escaped; English shown for a missing translation marked as
        such; in a page of another script, the source's English terms (drug names) marked too."""
        if not isinstance(phrase, Phrase):  # plain data, such as a clinic's name
            return escape(phrase)
        doc = self._bound()
        if phrase.lang or doc.script == LATIN or not self._terms:
            return self._fallback(phrase, escape(str(phrase)))
        pattern = "|".join(re.escape(term) for term in sorted(self._terms, key=len, reverse=True))
        parts, last = [], 0
        for match in re.finditer(rf"(?<![A-Za-z0-9])(?:{pattern})(?![A-Za-z0-9])", phrase):
            parts.append(escape(phrase[last:match.start()]))
            parts.append(Markup('<span lang="{}" dir="ltr">{}</span>').format(SOURCE_LOCALE, match[0]))
            last = match.end()
        parts.append(escape(phrase[last:]))
        return word_breaks(Markup("").join(parts), doc.words)

    def _source_lang(self) -> Markup:
        """` lang="en" dir="ltr"` on text from the clinic file (written in the source language)
        when the page is in another language; nothing on an English page."""
        doc = self._bound()
        if doc.locale == SOURCE_LOCALE:
            return Markup("")
        return Markup(' lang="{}" dir="ltr"').format(SOURCE_LOCALE)

    def render(self, template: str, doc: LocalizedDocument, terms: tuple[str, ...], **context: Any) -> str:
        """A page's HTML, full-width punctuation marks side by side paired as in print
        (half_width_pairs): a browser without CSS text-spacing-trim (Firefox) prints their gap."""
        with self.bound(doc, terms):
            return half_width_pairs(self.env.get_template(template).render(doc=doc, c=doc.content,
                                                                           meta=doc.content.meta, **context))

    def page(self, doc: LocalizedDocument, clinic: Clinic, view: PageView, terms: tuple[str, ...]) -> str:
        """One document in one language."""
        return self.render(PAGE_TEMPLATE, doc, terms, clinic=clinic, page=view)

    def languages_page(self, english: LocalizedDocument, clinic: Clinic, view: PageView,
                       terms: tuple[str, ...]) -> str:
        """The document's language index: every language it exists in, in that language."""
        return self.render(INDEX_TEMPLATE, english, terms, clinic=clinic, page=view)

    def unavailable(self, english: LocalizedDocument, clinic: Clinic, view: PageView, language: str,
                    native: str, lang_tag: str, direction: str) -> str:
        """The page of a language whose catalogs did not load in this build: it says so (in the
        source language, for want of a catalog) and links to the languages that did."""
        return self.render(UNAVAILABLE_TEMPLATE, english, (), clinic=clinic, page=view, language=language,
                           native=native, native_lang=lang_tag, native_dir=direction)


def word_breaks(html: Markup, words: tuple[str, ...] = ()) -> Markup:
    """Chinese broken into lines between words only, as the PDFs are (jieba's words with the
    document's lexicon `words`, pipeline/i18n/segment.py): a `<wbr>` after each word of a run
    of Han characters, which
    site.css sets `word-break: keep-all`, so "跳动" is never cut into 跳 / 动. A `<wbr>` is no
    text: copy, search and screen readers get the words as written, and no tag ever stands
    inside a grapheme cluster (a run holds Han characters only, never a tag or an entity)."""
    if not segment.HAN_RUN.search(html):
        return html
    text = str(html)
    kept = segment.kept_together(text, words)  # a quoted term too (“肌束颤动”); tags hold no Han
    out, last = [], 0
    for run in segment.HAN_RUN.finditer(text):
        offset = run.start()
        for word in segment.han_words(run.group(), words)[:-1]:
            offset += len(word)
            if offset not in kept:
                out += [text[last:offset], "<wbr>"]
                last = offset
    out.append(text[last:])
    return Markup("".join(out))


def ltr(text: object) -> Markup:
    """Latin text (a phone number, an address, a document id) kept whole in either direction."""
    return Markup('<span dir="ltr">{}</span>').format(text)


def sitemap(pages: list[tuple[str, str, tuple[tuple[str, str], ...]]]) -> bytes:
    """`sitemap.xml`: each page's address, when it was last published, and its languages
    (the same alternates its own <head> lists), so a search engine finds every language."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    attr = xml.sax.saxutils.quoteattr
    for url, lastmod, alternates in pages:
        lines.append(f"  <url>\n    <loc>{xml.sax.saxutils.escape(url)}</loc>\n    <lastmod>{lastmod}</lastmod>")
        lines += [f"    <xhtml:link rel=\"alternate\" hreflang={attr(lang)} href={attr(href)}/>" for lang, href in alternates]
        lines.append("  </url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def language_links(languages: Mapping[str, tuple[str, str, str, Phrase | None]], source: str,
                   targets: Mapping[str, str], current: str | None) -> tuple[Language, ...]:
    """Links from the page file `source` to each language's page (`targets`: locale -> page path);
    `languages`: locale -> (lang tag, direction, own name, title)."""
    return tuple(Language(locale, tag, direction, menu_name(name), href(source, targets[locale]), locale == current,
                          title)
                 for locale, (tag, direction, name, title) in languages.items())
