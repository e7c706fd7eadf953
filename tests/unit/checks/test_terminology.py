"""The terminology lists (locales/<locale>/terminology.tbx) and the check that holds translations
to them: a forbidden rendering is flagged where the English names its concept, and nowhere the
same word is another concept's agreed one."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from pipeline.checks import REGISTRY
from pipeline.checks.strings import Context
from pipeline.checks.terminology import Glossary, Rendering, load_glossary, named_concepts
from pipeline.errors import LeafletError
from pipeline.i18n.locales import locale_info
from testkit import ROOT, TRANSLATED


def glossary(locale: str) -> Glossary:
    return load_glossary(ROOT / "locales" / locale / "terminology.tbx", ROOT, locale_info(locale).language)


def check(locale: str, english: str, translation: str) -> list[str]:
    info = locale_info(locale)
    context = Context(info.language, info.script, info.direction, glossary=glossary(locale))
    return REGISTRY["terminology"].fn(english, translation, context)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_locale_has_twenty_to_forty_agreed_terms_with_the_same_concepts(locale):
    terms = glossary(locale)
    agreed = terms.agreed
    assert 20 <= len(agreed) <= 40
    assert set(agreed) == set(glossary("es").agreed), "every language agrees a rendering for the same concepts"
    for rendering in terms.renderings:
        assert rendering.concept in agreed, f"{rendering.concept}: a forbidden variant with no agreed rendering"
        assert not rendering.forbidden or rendering.note, f"{rendering.concept}: say why '{rendering.text}' is forbidden"
    assert {"twitch", "nerve", "drug-substance", "chronic", "minor", "writers-cramp"} <= set(agreed)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_lists_are_tbx_that_weblate_reads(locale):
    """martif with one termEntry per concept or forbidden variant, each with an English langSet
    and one for the language, and the administrativeStatus Weblate imports."""
    root = ET.parse(ROOT / "locales" / locale / "terminology.tbx").getroot()
    assert root.tag == "martif" and root.get("type") == "TBX"
    statuses = {n.text for n in root.iter("termNote") if n.get("type") == "administrativeStatus"}
    assert statuses == {"preferredTerm-admn-sts", "forbidden"}
    for entry in root.iter("termEntry"):
        assert len(list(entry.iter("langSet"))) == 2, entry.get("id")


@pytest.mark.parametrize("locale, english, translation, word", [
    # "drugs" (caffeine and other substances) as illegal drugs, or narrowed to medicines
    ("es", "Too much caffeine or other drugs can make muscles twitch.",
     "Tomar demasiada cafeína u otras drogas puede provocar contracciones.", "drogas"),
    ("zh_Hans", "Too much caffeine or other drugs can make muscles twitch.",
     "摄入过多咖啡因或其他药物，可能使肌肉跳动。", "药物"),
    # a word for a blood vessel as well as a nerve
    ("hi", "Your nerves control these fibres.", "आपकी नसें इन रेशों को नियंत्रित करती हैं।", "नसें"),
    # a tremor for a twitch, after the Arabic article and a conjunction, vowel marks or not
    ("ar", "Twitches can happen in the arms.", "وقد يحدث الارتعَاش في الذراعين.", "الارتعاش"),
    # the palm for the hand
    ("ta", "Twitches can happen in the hands.", "உள்ளங்கைகளில் துடிப்பு ஏற்படலாம்.", "உள்ளங்கைகளில்"),
    # 'keeps coming back' for chronic: the meaning widened
    ("fr", "if your twitching is chronic", "si vos contractions reviennent : elles sont qui revient sans cesse", "qui revient"),
])
def test_a_forbidden_rendering_is_flagged_where_the_english_names_its_concept(locale, english, translation, word):
    (message,) = check(locale, english, translation)
    assert word[:4] in message and "terminology list forbids" in message and f"locales/{locale}/terminology.tbx:" in message
    assert REGISTRY["terminology"].severity == "functional"


@pytest.mark.parametrize("locale, english, translation", [
    # the same word where it is another concept's agreed one
    ("es", "if a hand muscle twitches, you may have trouble writing (writer's cramp);",
     "si un músculo de la mano tiene contracciones, puede costarle escribir (calambre del escritor);"),
    ("fr", "many people feel twitches and jerks", "beaucoup de personnes sentent des contractions et des secousses"),
    ("hi", "The twitching may also affect the hands. Some medicines can cause muscle spasms.",
     "कुछ दवाओं से मांसपेशियों में ऐंठन हो सकती है। फड़कन हाथों में भी हो सकती है।"),
    # inside another word, not at its start
    ("hi", "changes in the nerves", "मानसिक स्थिति में बदलाव"),
    # a concept the English does not name
    ("es", "Eat fresh fruit.", "Las drogas no son fruta."),
])
def test_the_same_word_is_not_flagged_where_it_is_right(locale, english, translation):
    assert check(locale, english, translation) == []


def test_where_english_terms_overlap_the_exact_one_names_the_concept():
    terms = Glossary("x.tbx", (Rendering("drug-medicine", "drug", "medicamento", False, "", 1),
                               Rendering("drug-substance", "drugs", "sustancia", False, "", 2)))
    assert named_concepts("caffeine or other drugs", terms) == {"drug-substance"}
    assert named_concepts("a drug", terms) == {"drug-medicine"}
    assert named_concepts("twitching", Glossary("x", (Rendering("twitch", "twitch", "x", False, "", 1),))) == {"twitch"}


def test_a_broken_list_is_refused_with_its_path_and_line(tmp_path):
    path = tmp_path / "terminology.tbx"
    path.write_text('<?xml version="1.0"?>\n<martif type="TBX">\n<text><body><termEntry id="a">\n</martif>\n')
    with pytest.raises(LeafletError, match=r"terminology.tbx:4: not a TBX \(XML\) file"):
        load_glossary(path, tmp_path, "es")
    path.write_text('<!DOCTYPE m [<!ENTITY a "aaaa">]><martif/>')
    with pytest.raises(LeafletError, match="declares XML entities"):
        load_glossary(path, tmp_path, "es")
