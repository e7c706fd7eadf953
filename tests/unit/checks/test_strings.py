"""The per-string checks: one English text against its translation, in each script."""

from __future__ import annotations

import pytest

from pipeline.checks import REGISTRY, unsilenceable
from pipeline.checks.catalog import longest_run
from pipeline.checks.strings import (
    STRING_CHECKS,
    Context,
    ascii_digits,
    end_punctuation,
    numbers,
    rtl_range,
    sentence_count,
)

HINDI = Context("hi", "Deva", "ltr", ("prednisone", "Celestone"), (("prednisone", "prednisone"),))
ARABIC = Context("ar", "Arab", "rtl")
CHINESE = Context("zh", "Hans", "ltr")
FRENCH = Context("fr", "Latn", "ltr")


def run_all(english: str, translation: str, context: Context, severity: str | None = None) -> list[str]:
    return [m for name in STRING_CHECKS if severity in (None, REGISTRY[name].severity)
            for m in REGISTRY[name].fn(english, translation, context)]


def test_every_check_is_registered_once_with_a_severity_and_what_it_finds():
    assert set(STRING_CHECKS) <= set(REGISTRY)
    for check in REGISTRY.values():
        assert check.severity in ("critical", "functional", "cosmetic") and check.about
    assert {"numbers", "names", "glyphs", "untranslated", "fuzzy"} <= unsilenceable()
    assert "whitespace" not in unsilenceable()


@pytest.mark.parametrize("english, translation, context", [
    ("Eat fruit.", "फल खाएँ।", HINDI), ("Questions?", "أسئلة؟", ARABIC),
    ("Twitching is common:", "肌肉跳动常见于：", CHINESE), ("Twitching is common:", "Les secousses sont fréquentes :", FRENCH),
])
def test_end_punctuation_of_the_script_passes(english, translation, context):
    assert end_punctuation(english, translation, context) == []


@pytest.mark.parametrize("english, translation, context, wanted", [
    ("Eat fruit.", "फल खाएँ.", HINDI, "।"), ("Questions?", "أسئلة?", ARABIC, "؟"), ("Eat fruit.", "吃水果.", CHINESE, "。"),
])
def test_end_punctuation_of_another_script_is_cosmetic(english, translation, context, wanted):
    (message,) = end_punctuation(english, translation, context)
    assert f"should end with '{wanted}'" in message


@pytest.mark.parametrize("english, translation, context, problem", [
    ("Call 020 7946 0321.", "Appelez le 020 7946 0322.", FRENCH, "phone number 020 7946 0321"),
    ("See https://riverside-health.example/a.", "Voir https://example.org/a.", FRENCH, "web address"),
    ("Write to help@riverside.example.", "Écrivez à aide@riverside.example.", FRENCH, "email address"),
    ("Dose 5 mg", "Dosis 50% mg", FRENCH, "a '%' that is not"),
    ("such as Celestone.", "जैसे सेलेस्टोन।", HINDI, "'Celestone' is a drug, brand or publisher name"),
    ("Take 1.5 mg.", "Prenez 15 mg.", FRENCH, "numbers differ"),
    ("Sleep well.", "Dormez \u202ebien.", FRENCH, "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("Sleep well.", "Dormez\u200b bien.", FRENCH, "U+200B ZERO WIDTH SPACE"),
    ("Sleep well.", "Dormez <b>bien</b>.", FRENCH, "markup differs"),
])
def test_text_checks_catch_changed_data(english, translation, context, problem):
    messages = run_all(english, translation, context)
    assert any(problem in m for m in messages), messages


@pytest.mark.parametrize("english, translation, context", [
    ("Call 020 7946 0321.", "फ़ोन करें: ०२० ७९४६ ०३२१।", HINDI),
    ("Version %(version)s", "संस्करण %(version)s", HINDI),
    ("such as %(prednisone)s.", "जैसे %(prednisone)s।", HINDI),
    ("Apollo Hospitals askapollo", "改编自Apollo Hospitals askapollo的文章",
     Context("zh", "Hans", "ltr", ("Apollo Hospitals askapollo",))),
])
def test_text_checks_accept_faithful_translations(english, translation, context):
    assert run_all(english, translation, context, "critical") == []


def test_digits_of_any_script_count_as_the_same_numbers():
    assert ascii_digits("٦-٨ و ௬") == "6-8 و 6"
    assert numbers("Sleep 6-8 hours.", "नींद ६–८ घंटे।", HINDI) == []


def test_sentence_counts_follow_each_script():
    assert sentence_count("Questions? Call us") == 2
    assert sentence_count("有疑问？请致电我们") == 2
    assert sentence_count("Take 1.5 mg. Then rest.") == 2
    assert sentence_count("यह पहला है। यह दूसरा है।") == 2


def test_the_longest_unbreakable_run_is_between_spaces_and_hyphens():
    assert longest_run("muscle-twitching is harmless") == "twitching"
    assert longest_run("a " + "ب" * 4999) == "ب" * 4999


SPANISH = Context("es", "Latn", "ltr", ("prednisone", "Rayos"), (("prednisone", "prednisone"),),
                  (("prednisone", "prednisona"),))
TAMIL = Context("ta", "Taml", "ltr", ("prednisone",), (("prednisone", "prednisone"),), (("prednisone", "பிரெட்னிசோன்"),))


@pytest.mark.parametrize("english, translation, context", [
    ("such as %(prednisone)s, may", "como la prednisona (%(prednisone)s), pueden", SPANISH),
    ("take prednisone (Rayos).", "tome prednisona (prednisone; Rayos).", SPANISH),
    ("such as %(prednisone)s.", "பிரெட்னிசோன் (%(prednisone)s) போன்ற.", TAMIL),
    ("such as %(prednisone)s.", "பிரெட்னிசோனை (%(prednisone)s) எடுத்தால்.", TAMIL),  # an ending for the final pulli
    ("such as %(prednisone)s.", "comme la %(prednisone)s.",  # French writes it as the English does
     Context("fr", "Latn", "ltr", ("prednisone",), (("prednisone", "prednisone"),), (("prednisone", "prednisone"),))),
])
def test_a_medicine_in_the_agreed_local_form_with_its_english_passes(english, translation, context):
    assert REGISTRY["names"].fn(english, translation, context) == []


@pytest.mark.parametrize("english, translation, context, problem", [
    # the English INN alone, inside Spanish: the agreed form is missing
    ("such as %(prednisone)s, may", "como %(prednisone)s, pueden", SPANISH, "is written 'prednisona' in this language"),
    # another rendering than the catalog's term
    ("such as %(prednisone)s, may", "como la prednisolona (%(prednisone)s)", SPANISH, "'prednisona'"),
    # the English written out in the text must stay beside the local form
    ("take prednisone (Rayos).", "tome prednisona (Rayos).", SPANISH, "keep the English name 'prednisone'"),
    ("take prednisone (Rayos).", "tome prednisona (prednisone; Rayoz).", SPANISH, "'Rayos' is a drug, brand"),
])
def test_a_medicine_named_otherwise_than_agreed_is_critical(english, translation, context, problem):
    messages = REGISTRY["names"].fn(english, translation, context)
    assert any(problem in m for m in messages), messages
    assert REGISTRY["names"].severity == "critical"


@pytest.mark.parametrize("translation", ["نوم متواصل 6-8 ساعات", "نوم ٦–٨ ساعات", "من 6 - 8 ساعات"])
def test_a_range_written_with_a_dash_in_right_to_left_text_is_critical(translation):
    """The Arabic leaflet printed the sleep range "6-8" as "8-6": found by eye on every page."""
    (problem,) = rtl_range("At least 6-8 hours of sleep", translation, ARABIC)
    assert "reversed" in problem and "من 6 إلى 8" in problem
    assert REGISTRY["rtl-range"].severity == "critical"


@pytest.mark.parametrize("translation, context", [
    ("نوم متواصل من 6 إلى 8 ساعات", ARABIC),  # words: the fix
    ("اتصل على 020-7946-0321", ARABIC),  # a phone number is not a range
    ("6-8 घंटे की नींद", HINDI),  # left to right: no ambiguity
])
def test_ranges_in_words_phone_numbers_and_left_to_right_text_pass(translation, context):
    assert rtl_range("At least 6-8 hours of sleep", translation, context) == []
