"""A clinic's first, half-translated poster in a new language: it fits by the rules its texts'
own languages set, and when it does not, the message names the translator's own texts."""

from __future__ import annotations

import polib
import pytest
from pseudo import fill_catalog, samples

from pipeline.errors import LeafletError
from pipeline.i18n.maintain import start_locale
from pipeline.render import typefit
from pipeline.render.editions import A3, edition_named
from pipeline.render.fonts import choose_fonts
from testkit import DOC, clinic_of, localized, render, renderer


def start_urdu(project, untranslated=("poster.headline", "poster.causes."), lead: str | None = None):
    """`new-locale ur`, its catalogs filled with Urdu text, except the poster texts named."""
    for path in start_locale(project, "ur"):
        fill_catalog(path, samples()["ur"], "ur", "Aran", ())
    po = polib.pofile(str(project.catalog("ur", DOC)), wrapwidth=79)
    for entry in po:
        if any(entry.msgctxt.startswith(key) for key in untranslated):
            entry.msgstr = ""
        if lead and entry.msgctxt == "poster.lead":
            entry.msgstr = lead
    po.save()


def test_a_half_translated_urdu_poster_sets_its_english_as_english(scratch):
    """The headline still in English is held to the Latin capital's 20 mm (not measured on the
    Nastaliq alif) and set with Latin's line height; the English lists too; it fits one page."""
    start_urdu(scratch)
    result = render(scratch, "ur", "poster")
    assert result.pages == 1 and result.body_pt >= typefit.BODY_MIN_PT
    fonts = scratch.layouts / "fonts"
    latin_bold = fonts / choose_fonts(scratch.layouts, "en").primary.bold
    latin_floor = typefit.headline_floor_pt(latin_bold, "Latn", latin_bold)
    nastaliq_floor = typefit.headline_floor_pt(fonts / choose_fonts(scratch.layouts, "ur").primary.bold, "Aran",
                                               latin_bold)
    assert nastaliq_floor < latin_floor <= result.headline_pt
    assert result.headline_pt * typefit.letter_height(latin_bold, "H") / typefit.PT_PER_MM >= 20 - 0.05
    doc = localized(scratch, "ur")
    html = renderer(scratch.layouts).html(edition_named("poster"), doc, clinic_of(scratch))
    assert '<h1 lang="en">' in html and html.count('<li lang="en">') >= 5
    css = renderer(scratch.layouts).layouts.page_css(edition_named("poster"), doc, clinic_of(scratch), A3)
    assert 'main h1[lang="en"] { line-height: 1.05; }' in css and "main h1 { line-height: 2; }" in css


def test_a_poster_that_cannot_fit_names_the_translators_own_texts_and_those_still_in_english(scratch):
    lead = " ".join(["پٹھوں کا پھڑکنا عام طور پر بے ضرر ہوتا ہے"] * 12)
    start_urdu(scratch, lead=lead)
    with pytest.raises(LeafletError) as info:
        render(scratch, "ur", "poster")
    message = str(info.value)
    assert message.startswith("ur:") and "does not fit on one A3 page" in message
    assert lead[:40] in message  # the translator's own longest text first
    assert "not translated yet and are shown in English (poster.headline, poster.causes." in message
    assert "Muscle twitching is usually harmless" not in message  # the English is not theirs to shorten
