"""CLDR's exemplar characters: the generated data file, its UnicodeSet syntax, and the lookup by locale."""

from __future__ import annotations

import json
import unicodedata

import pytest
from pseudo import samples

from pipeline.i18n.exemplars import DATA, cldr_candidates, exemplars
from pipeline.i18n.unicodeset import CharSet, format_set, parse_set


@pytest.mark.parametrize("pattern, chars, strings", [
    ("[a-c é]", "abcé", ()),
    ("[\\- \\[ \\] \\: \\u200C]", "-[]:\u200c", ()),
    ("[ক {ক্ষ} \\u0964]", "ক।", ("ক্ষ",)),
    ("[가-각]", "가각", ()),
    ("[\u00a0 , %]", "\u00a0,%", ()),  # a no-break space is a member (French numbers), not a separator
    ("[a\u200eb]", "ab", ()),  # a direction mark is pattern white space, as in ICU
])
def test_cldr_unicodeset_patterns_parse_as_icu_reads_them(pattern, chars, strings):
    assert parse_set(pattern) == CharSet(frozenset(chars), strings)


@pytest.mark.parametrize("pattern", ["[[a-z]&[aeiou]]", "[\\p{Latin}]", "[:Letter:]", "abc"])
def test_syntax_cldr_exemplars_do_not_use_is_refused(pattern):
    with pytest.raises(ValueError):
        parse_set(pattern)


def test_every_set_in_the_data_file_survives_being_written_back():
    locales = json.loads(DATA.read_text(encoding="utf-8"))["locales"]
    assert len(locales) > 300  # every language of CLDR 48, not only the leaflets'
    for locale, sets in locales.items():
        for name, pattern in sets.items():
            parsed = parse_set(pattern)
            assert parse_set(format_set(parsed.chars, parsed.strings)) == parsed, (locale, name)


@pytest.mark.parametrize("locale, cldr", [
    ("hi", "hi"), ("zh_Hant", "zh-Hant"), ("zh_TW", "zh-Hant"),  # zh_TW is Traditional, not zh's Simplified
    ("tl", "fil"),  # CLDR keeps Tagalog as Filipino
    ("pt_BR", "pt"), ("sr_Latn", "sr-Latn"),
])
def test_a_locale_finds_its_cldr_letters_through_its_parents_and_aliases(locale, cldr):
    assert exemplars(locale).cldr_locale == cldr


def test_the_lookup_order_tries_the_folders_own_id_first():
    assert cldr_candidates("zh_TW") == ["zh-TW", "zh-Hant-TW", "zh-Hant", "zh"]


def test_the_letters_are_the_languages():
    assert set("ক্ষ") <= exemplars("bn").letters and "ক" in exemplars("bn").letters
    assert {"ی", "ک", "ے", "ہ"} <= exemplars("ur").letters and "ں" in exemplars("ur").auxiliary  # CLDR 48
    assert "한" in exemplars("ko").letters and len(exemplars("ko").letters) == 11172
    assert "Ґ".lower() in exemplars("uk").letters and "ґ" not in exemplars("ru").letters


@pytest.mark.parametrize("locale", list(samples()))
def test_every_sample_text_is_written_in_the_languages_letters(locale):
    """The proof test's texts use only what CLDR lists for the language (letters, auxiliary
    letters, punctuation, digits), besides spaces and the joiners its script needs; CLDR omits a
    few marks languages print (Punjabi's danda, Tigrinya's Ethiopic punctuation), so the script's
    own end punctuation counts too."""
    from pipeline.i18n.scripts import end_punctuation
    from pipeline.render.fonts import choose_fonts
    from testkit import ROOT

    sets = exemplars(locale)
    script = choose_fonts(ROOT / "layouts", locale).script
    allowed = (sets.letters | sets.auxiliary | sets.punctuation | sets.numbers
               | set(end_punctuation(locale, script).values()))
    for field in ("heading", "text"):
        text = unicodedata.normalize("NFC", getattr(samples()[locale], field))
        assert text == getattr(samples()[locale], field), "samples are written in NFC"
        stray = {ch for ch in text if ch not in allowed and not ch.isspace() and ch not in "\u200c\u200d"
                 and ch.lower() not in allowed}
        assert not stray, (locale, field, sorted(stray))
