"""A line holding a word another font draws is as tall as its neighbours (pipeline/render/weasy/leading.py).

Reviewers at 150 dpi saw Tamil, Hindi and Arabic lines holding a Latin word ("வைட்டமின் D",
"prednisone", "ACTH") stand 0.3-0.7 mm lower than the lines around them."""

from __future__ import annotations

import inspect

import pytest

from pipeline.render.laidout import collect
from pipeline.render.renderer import use_vendored_fonts
from pipeline.render.weasy import hooks
from testkit import ROOT


@pytest.fixture(scope="module")
def fonts():
    use_vendored_fonts(ROOT / "layouts")
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


def paragraph(fonts, family: str, lang: str, word: str, latin: str = "vitamin D", hooked: bool = True):
    from weasyprint import HTML

    text = " ".join([word] * 12 + [latin] + [word] * 30)
    html = (f"<html lang='{lang}'><style>@page {{ size: A4; margin: 20mm }} html {{ font-family: '{family}', "
            f"'Noto Sans'; font-size: 12pt; line-height: 1.6 }}</style><p style='width: 80mm'>{text}</p></html>")
    if not hooked:
        return HTML(string=html).render(font_config=fonts)
    with hooks():
        return HTML(string=html).render(font_config=fonts)


def pitches(document) -> list[float]:
    lines = [line for page in collect(document) for line in page.lines]
    return [round(b.baseline - a.baseline, 2) for a, b in zip(lines, lines[1:])]


@pytest.mark.parametrize("family,lang,word", [
    ("Noto Sans Tamil", "ta", "துடிப்புகள்"),
    ("Noto Sans Devanagari", "hi", "मांसपेशियों"),
])
def test_a_latin_word_leaves_the_lines_evenly_spaced(fonts, family, lang, word):
    plain = pitches(paragraph(fonts, family, lang, word, hooked=False))
    assert len(set(plain)) > 1, "WeasyPrint no longer moves such a line: the hook may go"
    hooked = pitches(paragraph(fonts, family, lang, word))
    assert len(set(hooked)) == 1, hooked
    assert hooked[0] == pytest.approx(12 * 1.6 * 96 / 72, abs=0.01)  # the line-height, in px


def test_text_in_its_own_font_is_laid_out_as_weasyprint_lays_it(fonts):
    """No fallback font, no change: the English paragraph's PDF is the same byte for byte."""
    def pdf(hooked: bool) -> bytes:
        document = paragraph(fonts, "Noto Sans", "en", "twitching", latin="muscle", hooked=hooked)
        return document.write_pdf(pdf_identifier=b"0" * 32)
    assert pdf(True) == pdf(False)


def test_weasyprint_sets_a_text_box_as_the_hook_expects():
    """WeasyPrint 70's split_text_box(context, box, available_width, skip, is_line_start) returns
    (box, resume_index, preserved_line_break), the box's baseline counted from its margin top
    and its margins making its margin box line-height tall."""
    from weasyprint.layout import inline

    parameters = list(inspect.signature(inline.split_text_box).parameters)
    assert parameters == ["context", "box", "available_width", "skip", "is_line_start"]
    source = inspect.getsource(inline.split_text_box)
    assert "box.margin_top = half_leading" in source and "box.baseline += box.margin_top" in source


@pytest.mark.parametrize("family,lang,word", [("Noto Sans Tamil", "ta", "துடிப்புகள்")])
def test_the_preflight_sees_a_line_pushed_down(fonts, family, lang, word):
    """The check that would have caught it: a line standing lower than its paragraph's others."""
    from pipeline.checks.preflight.boxes import check_layout
    from pipeline.render.editions import edition_named

    def lower(hooked: bool) -> list:
        document = paragraph(fonts, family, lang, word, hooked=hooked)
        return [f for f in check_layout(document, edition=edition_named("leaflet"), script="Taml", language=lang)
                if "lower than the other lines of its paragraph" in f.message]

    found = lower(False)
    assert found and found[0].severity == "cosmetic" and "vitamin D" in found[0].message
    assert not lower(True)


def test_a_taller_script_in_the_line_keeps_the_room_it_needs(fonts):
    """Urdu inside a Latin-first line (the poster masthead's "Call us" in Urdu): Nastaliq's ink
    reaches far above the Latin strut, so the line keeps the height WeasyPrint gives it, or its
    marks would run 1 mm out of the masthead (tests/system/test_languages.py caught it)."""
    from weasyprint import HTML

    html = ("<html lang='ur'><style>@page { size: A4; margin: 20mm } html { font-family: 'Noto Sans', "
            "'Noto Nastaliq Urdu'; font-size: 16pt; line-height: 1.3 }</style><p>Call آپ کے 020 7946 0321</p>"
            "<p>Call us</p></html>")

    def heights(hooked: bool) -> list[float]:
        if hooked:
            with hooks():
                document = HTML(string=html).render(font_config=fonts)
        else:
            document = HTML(string=html).render(font_config=fonts)
        return [round(line.rect[3] - line.rect[1], 2) for page in collect(document) for line in page.lines]

    assert heights(True) == heights(False)
    assert heights(True)[0] > heights(True)[1], "the Urdu line is taller than a Latin one"
