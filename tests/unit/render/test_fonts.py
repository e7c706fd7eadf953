"""Fonts chosen by what they draw: every language's letters, in the order fonts.yaml declares them."""

from __future__ import annotations

import shutil
from array import array

import pytest

from pipeline.errors import LeafletError
from pipeline.i18n.exemplars import exemplars
from pipeline.publish.languages import supported_locales
from pipeline.render.fonts import choose_fonts, coverage, load_fonts
from testkit import ROOT, layouts_with_cjk_collection

LAYOUTS = ROOT / "layouts"


@pytest.mark.parametrize("locale, family, script", [
    ("en", "Noto Sans", "Latn"), ("vi", "Noto Sans", "Latn"), ("ru", "Noto Sans", "Cyrl"),
    ("uk", "Noto Sans", "Cyrl"), ("el", "Noto Sans", "Grek"),
    ("hi", "Noto Sans Devanagari", "Deva"), ("ne", "Noto Sans Devanagari", "Deva"),
    ("bn", "Noto Sans Bengali", "Beng"), ("pa", "Noto Sans Gurmukhi", "Guru"), ("gu", "Noto Sans Gujarati", "Gujr"),
    ("ta", "Noto Sans Tamil", "Taml"),
    ("ar", "Noto Naskh Arabic", "Arab"), ("fa", "Noto Naskh Arabic", "Arab"),
    ("ur", "Noto Nastaliq Urdu", "Aran"),  # preferred: Naskh draws every Urdu letter too
    ("am", "Noto Sans Ethiopic", "Ethi"), ("ti", "Noto Sans Ethiopic", "Ethi"), ("my", "Noto Sans Myanmar", "Mymr"),
    # The four CJK faces draw the same code points; each language takes its own.
    ("zh_Hans", "Noto Sans CJK SC", "Hans"), ("zh_Hant", "Noto Sans CJK TC", "Hant"), ("zh_TW", "Noto Sans CJK TC", "Hant"),
    ("ja", "Noto Sans CJK JP", "Jpan"), ("ko", "Noto Sans CJK KR", "Kore"),
])
def test_each_language_is_printed_in_the_font_that_draws_its_letters(locale, family, script):
    choice = choose_fonts(LAYOUTS, locale)
    assert choice.primary.family == family and choice.script == script
    assert choice.stack[-1].family == "Noto Sans"  # numbers, drug names and web addresses


def test_the_glyph_check_uses_the_same_fonts_as_the_render():
    assert coverage(LAYOUTS, "ur").missing("ٹیسٹ کریں۔") == []
    assert coverage(LAYOUTS, "ko").missing("천천히 500mg") == []
    assert coverage(LAYOUTS, "bn").missing("ক্ষ ৫") == []
    assert coverage(LAYOUTS, "am").missing("ก") == ["ก"]  # Thai: no font of Amharic's has it


def test_a_language_no_font_draws_is_refused_naming_its_letters_and_the_font_to_add():
    with pytest.raises(LeafletError) as caught:
        choose_fonts(LAYOUTS, "th")
    message = str(caught.value)
    assert "Thai (" in message and "ก" in message and "U+0E01" in message and "Noto Sans Thai" in message
    assert "layouts/fonts/fonts.yaml" in message


def test_a_missing_extracted_face_says_how_set_up_makes_it(tmp_path):
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS / "fonts", layouts / "fonts", ignore=shutil.ignore_patterns("cjk"))
    with pytest.raises(LeafletError) as caught:
        choose_fonts(layouts, "ko")
    assert "run `make`" in str(caught.value) and "fonts-noto-cjk" in str(caught.value)
    assert choose_fonts(layouts, "bn").primary.family == "Noto Sans Bengali"  # the others need no CJK face


def test_families_are_declared_with_files_inside_the_fonts_folder():
    fonts = load_fonts(LAYOUTS)
    assert [f.family for f in fonts.families][0] == "Noto Sans"
    for family in fonts.families:
        for file in family.files(fonts.folder):
            assert file.resolve().is_relative_to(fonts.folder.resolve()) and file.is_file(), file


@pytest.mark.parametrize("locale", supported_locales())
def test_the_supported_languages_letters_punctuation_and_digits_are_drawn(locale):
    """Every CLDR letter (main and auxiliary), punctuation mark and digit of each supported
    language has a glyph in both weights, except U+2212 MINUS SIGN, which Noto Sans (2020),
    Naskh and Ethiopic lack (Babel writes "-" for all of them but Persian's dates, which have no
    minus; the glyph check names it if a translator types it)."""
    sets = exemplars(locale)
    text = "".join(sorted(sets.letters | sets.auxiliary | sets.punctuation | sets.numbers))
    assert set(coverage(LAYOUTS, locale).missing(text)) <= {"\u2212"}


def test_set_up_without_the_collection_gives_the_command_to_install_it(tmp_path):
    from pipeline.errors import LeafletErrors
    from pipeline.render.fontsetup import extract_faces

    layouts = layouts_with_cjk_collection(tmp_path, "/nonexistent/NotoSansCJK-Regular.ttc", "0" * 64)
    with pytest.raises(LeafletErrors) as caught:
        extract_faces(layouts)
    assert "sudo apt-get install -y fonts-noto-cjk" in str(caught.value)


def test_a_face_is_read_into_arrays_that_answer_as_its_tables_do():
    """fonts._face keeps a face's code points and widths as two arrays, not a set and a dict (for
    the two CJK faces, 13 MiB a worker kept): every code point of the Latin bold face answers as
    fontTools' cmap and hmtx tables do."""
    from fontTools.ttLib import TTFont

    from pipeline.render.fonts import CodePoints, advance, cmap

    path = (LAYOUTS / "fonts" / choose_fonts(LAYOUTS, "en").primary.bold).resolve()
    with TTFont(str(path), lazy=True) as font:
        best = font.getBestCmap()
        metrics, per_em = font["hmtx"].metrics, font["head"].unitsPerEm
        expected = {code: metrics[name][0] / per_em for code, name in best.items()}
    points = cmap(path)
    assert list(points) == sorted(expected) and len(points) == len(expected)
    assert all(advance(path, code) == width for code, width in expected.items())
    assert advance(path, 0x4E00) is None and 0x4E00 not in points and ord("A") in points
    assert {ord("A"), ord("B")} <= points and not {ord("A"), 0x4E00} <= points
    assert {ord("A"), 0x4E00} & points == {ord("A")}
    both = CodePoints.union(points, CodePoints(array("I", [0x4E00])))
    assert 0x4E00 in both and len(both) == len(points) + 1
