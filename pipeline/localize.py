"""Turn the source and one catalog into a localized document of plain strings.

The policy for missing and fuzzy translations lives here and only here: a text with no
usable translation is shown in English, marked as untranslated (`Phrase.lang == "en"`, which
the layouts print visibly and with `lang="en"`), and listed in `LocalizedDocument.missing` so
the build can report it. Fuzzy entries are never used, as gettext itself does.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable

from babel import Locale
from babel.core import get_global
from babel.dates import format_date

from .catalogs import REVIEW_DIGEST, REVIEW_HEADER, Catalog, Entry, babel_locale, content_digest
from .errors import LeafletError
from .project import SOURCE_LOCALE
from .source import PLACEHOLDER_RE, Document, SignOff, Text


class Phrase(str):
    """A localized text. `lang` is None in the document's language, "en" when untranslated."""

    lang: str | None = None

    @classmethod
    def make(cls, value: str, lang: str | None = None) -> "Phrase":
        phrase = cls(value)
        phrase.lang = lang
        return phrase


@dataclass(frozen=True)
class Missing:
    key: str
    english: str
    reason: str  # "untranslated" or "fuzzy"


@dataclass(frozen=True)
class Review:
    """Who signed the text off. Unsigned means a draft, whatever else is true."""

    status: str  # "draft" or "reviewed"
    signoff: SignOff

    @property
    def is_draft(self) -> bool:
        return self.status != "reviewed" or not self.signoff.signed


@dataclass(frozen=True)
class LocalizedDocument:
    locale: str
    lang_tag: str  # BCP 47, for <html lang> and the PDF
    direction: str  # "ltr" or "rtl"
    script: str  # ISO 15924, chooses the fonts
    language_name: str  # the language's own name for itself
    content: Document  # the source tree with every Text replaced by a Phrase
    published: str
    review_due: str
    review: Review
    missing: list[Missing]  # grows while layouts look up their own strings
    gettext: Callable[[str, str], Phrase]  # layouts' own strings: (msgctxt, msgid) -> Phrase
    source: Document | None = None  # the English source, for editions that print it alongside


_FORMAT_RE = re.compile(r"%(?:\((?P<name>[a-z][a-z0-9_]*)\)s|(?P<percent>%)|(?P<other>.?))", re.S)


def fill_placeholders(text: str, terms: dict[str, str], allowed: frozenset[str]) -> str:
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


def script_of(locale: Locale) -> str:
    """The locale's writing system: its own script subtag, or CLDR's likely one."""
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


def _replace_texts(value, fn):
    """Copy a tree of frozen source dataclasses, replacing each Text by fn(Text)."""
    if isinstance(value, Text):
        return fn(value)
    if isinstance(value, tuple):
        return tuple(_replace_texts(v, fn) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(value, **{f.name: _replace_texts(getattr(value, f.name), fn)
                                             for f in dataclasses.fields(value) if f.init})
    return value


def review_of(document: Document, catalog: Catalog | None) -> Review:
    if catalog is None:
        signoff = document.meta.signoff
        return Review("reviewed" if signoff.signed else "draft", signoff)
    signoff = SignOff(catalog.header("X-Reviewer"), catalog.header("X-Reviewer-Role"),
                      catalog.header("X-Review-Date"))
    status = catalog.header(REVIEW_HEADER).strip().lower() or "draft"
    if catalog.header(REVIEW_DIGEST).strip() != content_digest(catalog):
        status = "draft"  # a translation changed after the sign-off: what is printed was not reviewed
    return Review(status, signoff)


def localize(document: Document, catalog: Catalog | None, locale_id: str) -> LocalizedDocument:
    """Localize `document` for `locale_id`; `catalog` is None for the English source.

    Dates are written in the locale's own long format (CLDR, through Babel) with the digits
    0-9: CLDR's default numbering system for every language built here is Latin, and the
    medical text keeps 0-9 for doses and hours, so a patient never sees two digit systems on
    one page.
    """
    locale = babel_locale(locale_id)
    entries: dict[tuple[str, str], Entry] = catalog.lookup() if catalog else {}
    terms = dict(document.terms)
    missing: list[Missing] = []

    def translate(key: str, english: str) -> Phrase:
        if catalog is None:
            return Phrase.make(english)
        entry = entries.get((key, english))
        if entry is None or not entry.msgstr or entry.fuzzy:
            reason = "fuzzy" if entry is not None and entry.fuzzy and entry.msgstr else "untranslated"
            if not any(m.key == key and m.english == english for m in missing):
                missing.append(Missing(key, english, reason))
            return Phrase.make(english, SOURCE_LOCALE)
        allowed = frozenset(PLACEHOLDER_RE.findall(english))
        try:  # every string is python-format: Jinja formats layout strings with `%` too
            fill_placeholders(entry.msgstr, dict.fromkeys(allowed, ""), allowed)
        except ValueError as exc:
            names = ", ".join(f"%({n})s" for n in sorted(allowed)) or "no placeholder"
            raise LeafletError(f"msgctxt '{key}': the translation's placeholders are broken ({exc}); the "
                               f"English has {names}; write a percent sign as %%", catalog.path,
                               entry.line) from None
        return Phrase.make(entry.msgstr)

    def text(t: Text) -> Phrase:
        phrase = translate(t.key, t.english)
        return Phrase.make(fill_placeholders(phrase, terms, t.placeholders), phrase.lang)

    content = _replace_texts(document, text)
    lang_tag = str(locale).replace("_", "-")
    return LocalizedDocument(
        locale=locale_id,
        lang_tag=lang_tag,
        direction=locale.text_direction,
        script=script_of(locale),
        language_name=locale.get_display_name(locale) or locale_id,
        content=content,
        published=format_date(document.meta.published, "long", locale=locale),
        review_due=format_date(document.meta.review_due, "long", locale=locale),
        review=review_of(document, catalog),
        missing=missing,
        gettext=translate,
        source=document,
    )
