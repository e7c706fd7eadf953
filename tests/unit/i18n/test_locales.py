"""What the pipeline knows about a locale, all from CLDR: its tag, names, digits and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from babel import Locale

from pipeline.i18n.locales import ASCII_DIGITS, display_name, locale_info, numbering_digits

DAY = dt.date(2026, 11, 26)


def test_a_folder_cldr_files_under_another_code_keeps_its_own_tag_and_name():
    """CLDR keeps Tagalog as Filipino (Babel parses tl as fil_PH): the leaflet still says lang="tl",
    is named Tagalog, and names no country (a PH locale would print on US Letter)."""
    info = locale_info("tl", "GB")
    assert (info.lang_tag, info.native_name, info.english_name, info.territory) == ("tl", "Tagalog", "Tagalog", None)


@pytest.mark.parametrize("locale, tag", [("zh_Hans", "zh-Hans"), ("pt_BR", "pt-BR"), ("ur", "ur"), ("zh_Hant", "zh-Hant")])
def test_the_tag_is_the_folder_name_in_bcp47_form(locale, tag):
    assert locale_info(locale).lang_tag == tag


@pytest.mark.parametrize("system, digits", [
    ("latn", "0123456789"), ("beng", "০১২৩৪৫৬৭৮৯"), ("deva", "०१२३४५६७८९"), ("mymr", "၀၁၂၃၄၅၆၇၈၉"),
    ("arab", "٠١٢٣٤٥٦٧٨٩"), ("arabext", "۰۱۲۳۴۵۶۷۸۹"),
])
def test_numbering_systems_are_read_from_unicode(system, digits):
    assert numbering_digits(system) == digits


@pytest.mark.parametrize("locale, date", [
    ("bn", "২৬ নভেম্বর, ২০২৬"), ("fa", "۲۶ نوامبر ۲۰۲۶"), ("ne", "२०२६ नोभेम्बर २६"), ("my", "၂၀၂၆ နိုဝင်ဘာ ၂၆"),
    ("hi", "26 नवंबर 2026"), ("ar", "26 نوفمبر 2026"), ("ko", "2026년 11월 26일"),
])
def test_dates_are_written_in_the_digits_cldr_says_the_language_uses(locale, date):
    assert locale_info(locale, "GB").date(DAY) == date


def test_most_languages_write_0_to_9():
    assert all(locale_info(loc).digits == ASCII_DIGITS for loc in ("en", "hi", "ar", "ur", "zh_Hans", "am", "ko"))


@pytest.mark.parametrize("tag, native, english", [
    ("zh_Hans", "简体中文", "Simplified Chinese"), ("zh_Hant", "繁體中文", "Traditional Chinese"),
    ("es_419", "español latinoamericano", "Latin American Spanish"), ("fr", "français", "French"),
    ("pt_BR", "português (Brasil)", "Brazilian Portuguese"), ("sr_Latn", "srpski (latinica)", "Serbian (Latin)"),
    ("zh_Hans_SG", "简体中文 (新加坡)", "Simplified Chinese (Singapore)")])
def test_a_language_is_named_as_cldr_names_it(tag, native, english):
    """CLDR's name for the language with its script or region where it has one, the rest in brackets."""
    locale = Locale.parse(tag)
    assert (display_name(locale, locale), display_name(locale, Locale("en"))) == (native, english)
