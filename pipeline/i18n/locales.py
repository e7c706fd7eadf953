"""What CLDR (through Babel) says about a locale: its tag, script, direction, names, digits and dates.

A locale is named by its folder under `locales/` (`hi`, `pt_BR`, `zh_Hans`); everything else
is derived from CLDR, never written by hand, so adding a language needs no code. The folder's
name is the locale's identity even where CLDR files the language under another code (`tl`,
Tagalog, is kept in CLDR as Filipino, `fil`): its tag stays `tl`, its name "Tagalog", and it
names no country it did not name.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global, parse_locale
from babel.dates import format_date
from babel.localedata import exists

from ..errors import LeafletError


def babel_locale(locale: str, where: str = "") -> Locale:
    try:
        return Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError):
        raise LeafletError(f"'{locale[:40]}' is not a locale CLDR knows; use an id such as 'hi', 'pt_BR' or "
                           "'zh_Hant'", where or None) from None


def script_of(locale: Locale) -> str:
    """The locale's writing system (ISO 15924): its own script subtag, or CLDR's likely one."""
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


ASCII_DIGITS = "0123456789"


@cache
def numbering_digits(system: str) -> str:
    """The ten digits of a CLDR numbering system (`latn`, `beng`, `arabext`...), from Unicode:
    CLDR names a decimal system by its script's ISO 15924 code in lower case (`beng`: ০-৯), and
    Arabic's second set `arabext` (Extended Arabic-Indic, ۰-۹: Persian, Urdu, Pashto). Babel knows
    each locale's default system but not its digits. Latin digits for a system not found."""
    from fontTools import unicodedata as font_unicodedata

    if system == "latn":
        return ASCII_DIGITS
    for code in range(0x80, 0x20000):
        ch = chr(code)
        if unicodedata.decimal(ch, None) != 0:
            continue
        name = unicodedata.name(ch, "")
        ident = font_unicodedata.script(ch).lower() + ("ext" if name.startswith("EXTENDED") else "")
        if ident == system:
            return "".join(chr(code + i) for i in range(10))
    return ASCII_DIGITS


@dataclass(frozen=True)
class LocaleInfo:
    id: str  # the folder name: zh_Hans
    lang_tag: str  # BCP 47, for <html lang> and the PDF: zh-Hans
    language: str  # zh
    script: str  # Hans
    direction: str  # "ltr" or "rtl"
    native_name: str  # the language's own name for itself
    english_name: str
    territory: str | None  # the country the locale names itself (es_MX), if any
    dates: str  # the CLDR locale whose date formats are used (see `locale_info`)
    digits: str = ASCII_DIGITS  # the digits 0-9 of CLDR's default numbering system (bn: ০-৯)

    def date(self, day: dt.date) -> str:
        """A date in the locale's own long format, in the digits CLDR says the language writes by
        default (0-9 for most; ০-৯ in Bengali, ۰-۹ in Persian, ०-९ in Nepali, ၀-၉ in Burmese).
        Babel formats dates with 0-9 whatever the numbering system, so they are replaced."""
        text = format_date(day, "long", locale=self.dates)
        return text.translate(str.maketrans(ASCII_DIGITS, self.digits)) if self.digits != ASCII_DIGITS else text


def display_name(locale: Locale, language: Locale) -> str | None:
    """The name of `locale` in `language`, as CLDR's display-name algorithm gives it (UTS #35,
    part 2): the name CLDR has for the language with its script or region, where it has one
    (zh_Hans: 简体中文, Simplified Chinese; es_419: español latinoamericano), the rest in brackets.
    Babel's get_display_name always writes "language (script)", with ASCII brackets and a space
    even in Chinese (中文 (简体)), whose own pattern is "{0}（{1}）"."""
    script, territory = locale.script, locale.territory
    compounds = []  # (CLDR's key for the language with one subtag, the other subtag's name)
    if script:
        compounds.append((f"{locale.language}_{script}", territory and language.territories.get(territory, territory)))
    if territory:
        compounds.append((f"{locale.language}_{territory}", script and language.scripts.get(script, script)))
    for key, rest in compounds:
        name = language.languages.get(key)
        if name:
            return f"{name} ({rest})" if rest else name
    return locale.get_display_name(language)


@cache
def locale_info(locale_id: str, clinic_territory: str = "") -> LocaleInfo:
    """Everything the pipeline needs to know about a locale, from CLDR.

    Dates follow the clinic's country where CLDR has the language for it and the locale names
    no country of its own: English for a clinic in Great Britain is dated as en_GB ("26
    November 2026"), for one in the United States as en_US; es_MX keeps Mexico's.
    """
    locale = babel_locale(locale_id)
    own_language, own_territory = parse_locale(locale_id)[:2]
    territory = own_territory or None  # what the folder names, not what a CLDR alias adds (tl -> fil_PH)
    dates = str(locale)
    if not territory and clinic_territory and exists(f"{locale.language}_{clinic_territory}") \
            and not locale.script:
        dates = f"{locale.language}_{clinic_territory}"
    native_name = display_name(locale, locale) or locale_id
    english_name = display_name(locale, Locale("en")) or locale_id
    if own_language != locale.language:  # an alias: name the language the folder names
        native_name = locale.languages.get(own_language) or native_name
        english_name = Locale("en").languages.get(own_language) or english_name
    return LocaleInfo(
        id=locale_id,
        lang_tag=locale_id.replace("_", "-"),
        language=locale.language,
        script=script_of(locale),
        direction=locale.text_direction,
        native_name=native_name,
        english_name=english_name,
        territory=territory,
        dates=dates,
        digits=numbering_digits(locale.default_numbering_system),
    )
