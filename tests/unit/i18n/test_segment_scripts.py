"""Line-break preparation by script: Burmese syllables, Korean words, and the rest as before."""

from __future__ import annotations

import regex

from pipeline.i18n import segment
from pipeline.i18n.segment import NBSP, WJ, ZWSP, join_hangul, prepare, syllable_breaks, typeset


def breaks(text: str) -> str:
    return text.replace(ZWSP, "|")


def test_burmese_breaks_between_syllables_only():
    assert breaks(syllable_breaks("ဆေးရုံ")) == "ဆေး|ရုံ"
    assert breaks(syllable_breaks("ကျွန်ုပ်တို့")) == "ကျွန်ုပ်|တို့"  # a killed consonant (န်) closes its syllable


def test_burmese_never_breaks_a_stack_or_a_kinzi():
    """A break after a virama (U+1039) or before a consonant that carries one would split a
    stacked consonant from its base: HarfBuzz would draw a dotted circle."""
    assert breaks(syllable_breaks("သတ္တဝါ")) == "သတ္တ|ဝါ"
    assert breaks(syllable_breaks("မင်္ဂလာ")) == "မင်္ဂ|လာ"
    text = syllable_breaks("ဗုဒ္ဓ လက္ခဏာ မင်္ဂလာပါ")
    assert not regex.search(f"\u1039{ZWSP}|{ZWSP}.[\u1039\u103a]", text)


def test_burmese_punctuation_stays_with_its_syllable_and_the_last_two_stay_together():
    assert breaks(syllable_breaks("စစ်ဆေးပါ။")) == "စစ်|ဆေး|ပါ။"
    assert breaks(typeset("စစ်ဆေးပါ။", breaks="syllables")) == "စစ်|ဆေးပါ။"


def test_burmese_breaks_are_put_once_and_only_in_burmese():
    once = syllable_breaks("ဆေးရုံ abc")
    assert syllable_breaks(once) == once and breaks(once) == "ဆေး|ရုံ abc"


def test_korean_words_are_kept_whole_and_break_only_at_spaces():
    joined = join_hangul("천천히 드십시오. 500mg을")
    assert joined == f"천{WJ}천{WJ}히 드{WJ}십{WJ}시{WJ}오{WJ}. 5{WJ}0{WJ}0{WJ}m{WJ}g{WJ}을"
    assert join_hangul(joined) == joined  # joined once, however often asked
    assert join_hangul("no Hangul here") == "no Hangul here"


def test_a_korean_headline_keeps_its_short_last_word_with_the_one_before():
    assert typeset("의사에게 꼭 물어보세요 약을", True, "words").count(NBSP) == 1


def test_each_break_mode_prepares_only_its_own_text():
    chinese = "肌肉抽搐通常无害"
    assert WJ in prepare(chinese, "han-words")
    assert prepare(chinese, "characters") == chinese  # Japanese may break inside words
    assert prepare("Muscle twitching", "words") == "Muscle twitching"
    assert segment.is_no_space("က") and not segment.is_no_space("한")


def test_english_shown_for_a_missing_translation_breaks_as_english_does():
    """In a Burmese or Korean document, an untranslated headline still keeps its short words together."""
    for breaks in ("syllables", "words"):
        assert typeset("What it is, common causes, and when to see a doctor", True, breaks) == \
            typeset("What it is, common causes, and when to see a doctor", True)
        assert NBSP in typeset("Common harmless causes", True, breaks)
