"""What a reader gets from the built PDFs: pages, language, fonts, and their own translated text."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader

from pipeline.render.editions import editions_for
from testkit import ALL_LOCALES, localized, pdf

EDITIONS = [e.name for e in editions_for("en")]

# A character range of each locale's script, to prove the text is in its own script.
SCRIPT_RANGES = {
    "en": ("A", "z"), "es": ("A", "z"), "fr": ("A", "z"),
    "hi": ("\u0900", "\u097f"), "ta": ("\u0b80", "\u0bff"),
    "ar": ("\u0600", "\u06ff"), "zh_Hans": ("\u4e00", "\u9fff"),
}
LANG_TAGS = {"zh_Hans": "zh-Hans"}


def text_of(reader: PdfReader) -> str:
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() or "" for page in reader.pages))


def embedded_fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font used on any page, and whether its program is embedded in the file."""
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts[str(font.get("/BaseFont"))] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return fonts


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_leaflet_has_an_even_number_of_pages(built, locale):
    reader = PdfReader(pdf(built, locale, "leaflet"))
    assert len(reader.pages) % 2 == 0 and len(reader.pages) >= 2


def test_the_back_page_lines_break_where_a_reader_expects(built):
    """WeasyPrint broke the document line after its first word, and hyphenated the QR caption's
    "online"; both read as mistakes on a printed leaflet."""
    text = PdfReader(pdf(built, "en", "leaflet")).pages[-1].extract_text()
    assert "Document muscle-twitching, version 1.0.0." in text
    assert "on-\nline" not in text and "on‐\nline" not in text and "online" in text


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_poster_is_exactly_one_a3_page(built, locale):
    reader = PdfReader(pdf(built, locale, "poster"))
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (297, 420)


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_language_title_author_and_tags(built, project, locale, edition):
    reader = PdfReader(pdf(built, locale, edition))
    assert reader.trailer["/Root"]["/Lang"] == LANG_TAGS.get(locale, locale)
    assert "/StructTreeRoot" in reader.trailer["/Root"], "the PDF is not tagged"
    doc = localized(project, locale)
    assert str(doc.content.meta.title) in reader.metadata.title
    assert reader.metadata.author == "Riverside Community Health Centre"


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_font_is_embedded(built, locale, edition):
    fonts = embedded_fonts(PdfReader(pdf(built, locale, edition)))
    assert fonts and all(fonts.values()), fonts


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_leaflet_a4_with_its_own_script_and_no_untranslated_text(built, project, locale):
    reader = PdfReader(pdf(built, locale, "leaflet"))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
    text = text_of(reader)
    low, high = SCRIPT_RANGES[locale]
    letters = [c for c in text if c.isalpha()]
    in_script = [c for c in letters if low <= c <= high]
    assert len(in_script) > 0.6 * len(letters), f"only {len(in_script)} of {len(letters)} letters in script"
    assert localized(project, locale).missing == ()


def skeleton(text: str) -> str:
    """Text without whitespace: readers differ in where they see spaces between glyph runs.

    Devanagari and Tamil vowel signs are compared too: the renderer gives every glyph the text
    it stands for where it is drawn (pipeline/render/weasy/textmap.py), so they survive extraction.
    """
    return "".join(c for c in unicodedata.normalize("NFC", text) if not c.isspace())


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("edition", ["leaflet", "poster"])
def test_pdf_shows_its_own_translated_headline(built, project, locale, edition):
    content = localized(project, locale).content
    headline = str(content.poster.headline if edition == "poster" else content.meta.title)
    if locale != "en":
        assert headline not in ("Muscle twitching is usually harmless", "Muscle twitching")
    assert skeleton(headline) in skeleton(text_of(PdfReader(pdf(built, locale, edition))))


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_every_page_says_the_text_is_a_draft(built, project, locale):
    """Nobody qualified has reviewed the shipped texts, so every page must say so."""
    reader = PdfReader(pdf(built, locale, "leaflet"))
    for page in reader.pages:
        assert "not yet reviewed by a qualified" in " ".join((page.extract_text() or "").split())
    poster = " ".join(text_of(PdfReader(pdf(built, locale, "poster"))).split())
    assert "not yet reviewed by a qualified" in poster
