"""Turn a source and its catalogs into a localized document of plain strings, all at once.

The policy for missing and fuzzy translations lives here and only here: a text with no usable
translation is shown in English, marked as untranslated (`Phrase.lang == "en"`, which the
layouts print visibly and with `lang="en"`), and listed in `LocalizedDocument.missing`. Fuzzy
entries are never used, as gettext itself does. The layouts' own words are translated here
too, from the list of them the templates hold (`extract.layout_strings`), so the result is
complete and immutable before anything is rendered; the bilingual edition's English column is
localized alongside when asked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from ..errors import LeafletError, TranslationError
from ..model.document import PLACEHOLDER_RE, Document, Medicine, Text, iter_texts, replace_texts
from ..model.review import DRAFT, Review
from ..project import SOURCE_LOCALE
from .catalogs import Catalog, Entry
from .extract import LayoutString
from .locales import LocaleInfo


class Phrase(str):
    """A localized text. `lang` is None in the document's language, "en" when untranslated."""

    lang: str | None = None

    @classmethod
    def make(cls, value: str, lang: str | None = None) -> Phrase:
        phrase = cls(value)
        phrase.lang = lang
        return phrase


@dataclass(frozen=True)
class Missing:
    domain: str  # the document's id, or "layouts"
    key: str
    english: str
    reason: str  # "untranslated" or "fuzzy"


@dataclass(frozen=True)
class LocalizedDocument:
    info: LocaleInfo
    #: The source's tree of dataclasses with every Text replaced by its Phrase: a Document in
    #: shape, strings where the source has Text (so typed Any).
    content: Any
    layout: Mapping[tuple[str, str], Phrase]  # the layouts' words: (msgctxt, msgid) -> Phrase
    published: str  # dates written in the locale's own words
    review_due: str
    review: Review
    missing: tuple[Missing, ...]
    english: LocalizedDocument | None = field(default=None, compare=False)  # the bilingual's English column
    #: The words this document and locale define, kept whole where lines break (Chinese:
    #: segment.lexicon, from the catalog's medicine names, the terminology list and words.txt).
    words: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.content.meta.id

    # What the layouts read of the locale.
    locale = property(lambda self: self.info.id)
    lang_tag = property(lambda self: self.info.lang_tag)
    direction = property(lambda self: self.info.direction)
    script = property(lambda self: self.info.script)
    language_name = property(lambda self: self.info.native_name)

    @cached_property
    def names(self) -> tuple[str, ...]:
        """The names printed whole, never hyphenated ("predni-/sone" reads as two words): every
        medicine's name in English and in the language, the brands, and the names of people
        and places the English source writes with a capital letter inside a sentence
        (Huntington, Parkinson); the longest first."""
        found: set[str] = set()
        for name in self.content.names:
            found |= {name.english, str(name.text)}
        for medicine in _medicines(self.content):
            found |= {medicine.generic, medicine.brand}
        source = self.english if self.english is not None else self if self.info.language == "en" else None
        if source is not None:
            for text in iter_texts(source.content, Phrase):
                for sentence in _SENTENCE_RE.split(str(text)):
                    found.update(_PROPER_NAME_RE.findall(sentence, 1))
        return tuple(sorted((n for n in found if n.strip()), key=lambda n: (-len(n), n)))

    def gettext(self, msgctxt: str, msgid: str) -> Phrase:
        """A layout word, translated (or English, marked): every one was looked up beforehand."""
        try:
            return self.layout[(msgctxt, msgid)]
        except KeyError:
            raise LeafletError(f"the layout asks for the string [{msgctxt}] '{msgid[:60]}', which the layouts' "
                               "extraction did not find; this is a bug in pipeline/i18n/extract.py") from None


_SENTENCE_RE = re.compile(r"(?<=[.!?:;])\s+|\s*\n\s*")
#: A word with a capital letter after the first character of a sentence: a name (the match at
#: position 0, the sentence's first word, is skipped by starting the search at 1).
_PROPER_NAME_RE = re.compile(r"(?<=[\s(])[A-Z][a-z]+(?:[A-Z][a-z]+)*(?=[\s,.;:)’']|$)")


def _whole(date: str, locale: LocaleInfo) -> str:
    """A date printed on one line ("Review due 26 / November 2027" made the reader join two):
    its words joined by no-break spaces. Not in right-to-left text, where readers (pypdf, screen
    readers) put words joined so in the wrong order when they extract a line."""
    if locale.direction == "rtl":
        return date
    if " " not in date:  # 2026年11月26日: no spaces to join, so word joiners between its characters
        return "\u2060".join(date)
    return date.replace(" ", "\u00a0")


def _medicines(content: Any) -> Iterator[Medicine]:
    for section in content.sections:
        for block in section.blocks:
            for row in getattr(block, "rows", ()):
                yield from row.medicines


_FORMAT_RE = re.compile(r"%(?:\((?P<name>[a-z][a-z0-9_]*)\)s|(?P<percent>%)|(?P<other>.?))", re.S)


def fill_placeholders(text: str, terms: Mapping[str, str], allowed: frozenset[str]) -> str:
    """Put the terms into `%(name)s` placeholders; `%%` is a percent sign.

    Only those two forms are accepted, and only names the English uses: never Python's full
    `%` operator, whose widths (`%(x)999999999s`) and conversions a translation could abuse.
    """
    def replace(match: re.Match) -> str:
        if match["percent"]:
            return "%"
        if match["name"] is not None and match["name"] in allowed:
            return terms[match["name"]]
        raise ValueError(f"'{match[0]}' is not one of the English placeholders")
    return _FORMAT_RE.sub(replace, text)


class _Translator:
    """Looks texts up in one catalog and records what is missing (while localizing only)."""

    def __init__(self, domain: str, catalog: Catalog | None):
        self.domain = domain
        self.catalog = catalog
        self.entries: dict[tuple[str, str], Entry] = catalog.lookup() if catalog else {}
        self.missing: dict[tuple[str, str], Missing] = {}

    def __call__(self, key: str, english: str) -> Phrase:
        """The translation, checked: only the English's placeholders, and `%%`."""
        if self.catalog is None:
            return Phrase.make(english)
        entry = self.entries.get((key, english))
        if entry is None or not entry.msgstr or entry.fuzzy:
            reason = "fuzzy" if entry is not None and entry.fuzzy and entry.msgstr else "untranslated"
            self.missing.setdefault((key, english), Missing(self.domain, key, english, reason))
            return Phrase.make(english, SOURCE_LOCALE)
        allowed = frozenset(PLACEHOLDER_RE.findall(english))
        try:  # every string is python-format: the layouts format theirs with `%` too
            fill_placeholders(entry.msgstr, dict.fromkeys(allowed, ""), allowed)
        except ValueError as exc:
            names = ", ".join(f"%({n})s" for n in sorted(allowed)) or "no placeholder"
            raise TranslationError(f"msgctxt '{key}': the translation's placeholders are broken ({exc}); the "
                                   f"English has {names}; write a percent sign as %%", self.catalog.path,
                                   entry.line, key) from None
        return Phrase.make(entry.msgstr)


def localize(document: Document, locale: LocaleInfo, catalog: Catalog | None, layouts: Catalog | None,
             strings: tuple[LayoutString, ...], review: Review = DRAFT,
             english: LocaleInfo | None = None, words: tuple[str, ...] = ()) -> LocalizedDocument:
    """Localize `document` for `locale`; the catalogs are None for the English source.

    `catalog` is the document's own catalog, `layouts` the locale's catalog of the layouts'
    words, `strings` those words as the templates hold them. `english` adds the English
    localization (the bilingual edition's left column). `words` is the lexicon of the document
    in this locale (segment.lexicon), which line breaking keeps whole.
    """
    text_translator = _Translator(document.meta.id, catalog)
    layout_translator = _Translator("layouts", layouts)
    terms = dict(document.terms)

    def text(t: Text) -> Phrase:
        phrase = text_translator(t.key, t.english)
        return Phrase.make(fill_placeholders(phrase, terms, t.placeholders), phrase.lang)

    content = replace_texts(document, text)
    layout = {(s.msgctxt, s.msgid): layout_translator(s.msgctxt, s.msgid) for s in strings}
    column = None
    if english is not None and locale.id != SOURCE_LOCALE:
        column = localize(document, english, None, None, strings)
    return LocalizedDocument(
        info=locale,
        content=content,
        layout=MappingProxyType(layout),
        published=_whole(locale.date(document.meta.published), locale),
        review_due=_whole(locale.date(document.meta.review_due), locale),
        review=review,
        missing=tuple(text_translator.missing.values()) + tuple(layout_translator.missing.values()),
        english=column,
        words=words,
    )
