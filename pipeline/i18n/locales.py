"""What CLDR (through Babel) says about a locale: its tag, script, direction, names and dates.

A locale is named by its folder under `locales/` (`hi`, `pt_BR`, `zh_Hans`); everything else
is derived from CLDR, never written by hand, so adding a language needs no code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
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

    def date(self, day: dt.date) -> str:
        """A date in the locale's own long format, with the digits 0-9 (CLDR's default for every
        language here), like the doses and hours in the text: no page mixes two digit systems."""
        return format_date(day, "long", locale=self.dates)


@cache
def locale_info(locale_id: str, clinic_territory: str = "") -> LocaleInfo:
    """Everything the pipeline needs to know about a locale, from CLDR.

    Dates follow the clinic's country where CLDR has the language for it and the locale names
    no country of its own: English for a clinic in Great Britain is dated as en_GB ("26
    November 2026"), for one in the United States as en_US; es_MX keeps Mexico's.
    """
    locale = babel_locale(locale_id)
    territory = locale.territory or None
    dates = str(locale)
    if not territory and clinic_territory and exists(f"{locale.language}_{clinic_territory}") \
            and not locale.script:
        dates = f"{locale.language}_{clinic_territory}"
    return LocaleInfo(
        id=locale_id,
        lang_tag=str(locale).replace("_", "-"),
        language=locale.language,
        script=script_of(locale),
        direction=locale.text_direction,
        native_name=locale.get_display_name(locale) or locale_id,
        english_name=locale.get_display_name("en") or locale_id,
        territory=territory,
        dates=dates,
    )
