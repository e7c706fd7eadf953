"""The web edition's pure parts: addresses from leaflet_url, colours that stay readable, the
style sheet's units, which font draws which character, and deterministic font subsets."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.errors import LeafletError
from pipeline.i18n.localize import LocalizedDocument, Phrase
from pipeline.model.clinic import Clinic
from pipeline.publish.web.addresses import href, index_address, page_address, site_path
from pipeline.publish.web.pages import WebLayouts, menu_name, tel_href
from pipeline.publish.web.style import TEXT_CONTRAST, brand_rules, contrast, readable
from pipeline.publish.web.webfonts import ALWAYS, assign, characters_by_lang, face, subset_woff2
from pipeline.render.fonts import choose_fonts

ROOT = Path(__file__).resolve().parents[3]
LAYOUTS = ROOT / "layouts"


def clinic(pattern: str = "https://clinic.example/leaflets/{locale}/{document}",
           colours: tuple[str, str, str] = ("#0B5D6B", "#C2571A", "#E4F1F2")) -> Clinic:
    return Clinic("Clinic", "brand/riverside-logo.svg", "Logo", tuple(zip(("primary", "accent", "tint"), colours)),
                  "020 7946 0321", ("1 Road",), "https://clinic.example", leaflet_url=pattern)


# -- addresses -----------------------------------------------------------------------------------

@pytest.mark.parametrize("pattern, page, url, index", [
    ("https://clinic.example/leaflets/{locale}/{document}", "leaflets/zh_Hans/doc/index.html",
     "https://clinic.example/leaflets/zh_Hans/doc/", "leaflets/doc/index.html"),
    ("https://clinic.example/{document}/{lang}/", "doc/zh-Hans/index.html", "https://clinic.example/doc/zh-Hans/",
     "doc/index.html"),
    ("https://clinic.example/info/{document}-{lang}.html", "info/doc-zh-Hans.html",
     "https://clinic.example/info/doc-zh-Hans.html", "info/doc.html"),
    ("https://clinic.example/{lang}-{document}", "zh-Hans-doc/index.html", "https://clinic.example/zh-Hans-doc/",
     "doc/index.html"),
])
def test_the_page_is_at_the_qr_codes_address_and_the_index_without_the_language(pattern, page, url, index):
    address = page_address(clinic(pattern), "zh_Hans", "zh-Hans", "doc")
    assert (address.path, address.url) == (page, url)
    assert address.url.rstrip("/") == clinic(pattern).page_url("zh_Hans", "zh-Hans", "doc").rstrip("/")
    assert index_address(clinic(pattern), "doc").path == index
    assert site_path(clinic(pattern), address.url) == page


def test_an_address_that_would_leave_the_site_folder_is_refused():
    with pytest.raises(LeafletError, match="'..' segment"):
        page_address(clinic("https://clinic.example/{locale}/../../{document}"), "hi", "hi", "doc")
    assert site_path(clinic(), "https://elsewhere.example/leaflets/hi/doc/") is None


def test_links_between_pages_are_relative_and_name_folders_as_their_addresses_do():
    assert href("leaflets/hi/doc/index.html", "leaflets/ta/doc/index.html") == "../../ta/doc/"
    assert href("leaflets/hi/doc/index.html", "leaflets/hi/doc/index.html") == "./"
    assert href("leaflets/hi/doc/index.html", "leaflets/hi/doc/fonts/a.woff2") == "fonts/a.woff2"
    assert href("leaflets/doc/index.html", "leaflets/hi/doc/index.html") == "../hi/doc/"


# -- colours -------------------------------------------------------------------------------------

def test_contrast_is_wcags():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48
    assert readable("#0B5D6B", "#ffffff") == "#0B5D6B"  # the clinic's teal reads on white as it is
    shade = readable("#7fd3dc", "#ffffff")
    assert shade != "#7fd3dc" and contrast(shade, "#ffffff") >= TEXT_CONTRAST


#: The text colours of site.css and what they stand on, in either scheme.
PAIRS = [("--text", "--background"), ("--heading", "--background"), ("--link", "--background"),
         ("--muted", "--background"), ("--on-band", "--band"), ("--on-tint", "--tint"),
         ("--draft", "--draft-background")]


@settings(max_examples=60, deadline=None)
@given(st.tuples(*[st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)] * 3))
def test_any_brand_colours_give_readable_text_in_light_and_dark_mode(colours):
    for block in brand_rules(clinic(colours=colours)):
        values = dict(re.findall(r"(--[a-z-]+): (#[0-9a-f]{6})", block, re.I))
        for text, background in PAIRS:
            if text == "--on-band":  # white or black on the band, whichever reads better
                assert contrast(values[text], values[background]) >= 4.5 or \
                    contrast(values[text], values[background]) >= max(contrast("#ffffff", values[background]),
                                                                      contrast("#1a1a1a", values[background]))
            else:
                assert contrast(values[text], values[background]) >= 4.5, (text, background, values)


def test_text_follows_the_readers_font_size():
    """No font size in pixels in the layout: rem and em scale with the reader's setting."""
    css = (LAYOUTS / "web" / "site.css").read_text()
    screen = css.split("@media print")[0]
    assert re.findall(r"font-size:\s*[\d.]+px", screen) == [] and "font:" not in screen
    assert re.findall(r"@media \((?:min|max)-width: [\d.]+px", css) == []


# -- fonts ---------------------------------------------------------------------------------------

def test_each_character_goes_to_the_first_font_of_its_languages_stack_that_has_it_in_its_weight():
    stacks = {"hi": choose_fonts(LAYOUTS, "hi").stack, "en": choose_fonts(LAYOUTS, "en").stack,
              "zh-Hans": choose_fonts(LAYOUTS, "zh_Hans").stack}
    html = ('<html lang="hi"><head><title>ignored ∑</title></head><body><h2>नमस्ते 12</h2>'
            '<p lang="en">Ünïcode <strong>Bold</strong></p><a lang="zh-Hans">中文</a><img alt="x">'
            '<p>फिर <span class="native">क</span></p></body></html>')
    by_lang = characters_by_lang(html, "hi")
    assert set(by_lang) == {("hi", 700), ("hi", 400), ("en", 400), ("en", 700), ("zh-Hans", 400)}
    assert "∑" not in "".join(by_lang.values())
    assigned = {(face(LAYOUTS / "fonts", family, weight).script, weight): chars
                for (family, weight), chars in assign(by_lang, stacks, LAYOUTS / "fonts", "hi").items()}
    assert set("नमस्ते12क") <= set(assigned[("Deva", 700)])  # the Devanagari font has the digits too
    assert set("फिर") <= set(assigned[("Deva", 400)]) and "न" not in assigned[("Deva", 400)]
    # What Devanagari lacks of what the browser adds to the page (a bullet) falls to Latin.
    assert set(assigned[("Latn", 400)]) - ALWAYS == set("Ünïcode") and set(assigned[("Latn", 700)]) - ALWAYS == set("Bold")
    assert set(assigned[("Hani", 400)]) == set("中文 ")  # a space in Chinese text is the Chinese font's


def test_the_bold_rule_names_what_the_subsets_count_as_bold():
    from pipeline.publish.web.webfonts import bold_selector

    assert bold_selector().startswith("h1, h2, h3, strong") and "[aria-current]" in bold_selector()
    assert "font-weight" not in (LAYOUTS / "web" / "site.css").read_text().split("*/", 1)[1]


def test_a_subset_is_the_same_bytes_every_time_and_keeps_the_fonts_dates():
    source = LAYOUTS / "fonts" / "NotoSans-Regular.ttf"
    first, second = (subset_woff2(source, "Latn", "Muscle twitching 0123") for _ in range(2))
    assert first == second and first[:4] == b"wOF2"
    with TTFont(io.BytesIO(first)) as face, TTFont(str(source)) as original:
        assert face["head"].modified == original["head"].modified
        assert set(face.getBestCmap()) == {ord(c) for c in "Muscle twitching 0123"}


# -- the page's text -----------------------------------------------------------------------------

def test_a_phone_number_is_dialled_and_language_names_are_capitalised_for_a_list():
    assert tel_href("020 7946 0321") == "tel:02079460321"
    assert tel_href("+44 (0)20 7946-0321") == "tel:+4402079460321"
    assert tel_href("call 0800 ext 12") == ""
    assert (menu_name("español"), menu_name("हिन्दी"), menu_name("中文 (简体)")) == ("Español", "हिन्दी", "中文 (简体)")


def test_english_terms_are_marked_in_other_scripts_and_everything_is_escaped(monkeypatch):
    from pipeline.project import Project
    from testkit import localized

    web = WebLayouts(LAYOUTS)
    for locale, marked in (("hi", True), ("fr", False)):
        doc: LocalizedDocument = localized(Project(ROOT), locale)
        phrase = Phrase.make("<b>x</b> prednisone & ACTH, prednisoned")
        with web.bound(doc, ("prednisone", "ACTH")):
            html = str(web.text(phrase))
            untranslated = str(web.text(Phrase.make("Take prednisone", "en")))
        assert "<b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html and "&amp;" in html
        assert ('<span lang="en" dir="ltr">prednisone</span>' in html) is marked
        assert ('<span lang="en" dir="ltr">ACTH</span>' in html) is marked
        assert "prednisoned" in html  # a longer word is not a term
        assert untranslated == '<span class="untranslated" lang="en" dir="ltr">Take prednisone</span>'


def test_two_pages_at_one_address_are_refused_naming_the_clinic_file():
    from pipeline.publish.web.edition import SiteFiles

    files = SiteFiles("sources/clinic.yaml")
    files.add("leaflets/hi/index.html", b"<p>muscle twitching</p>", "the hi page of muscle-twitching")
    files.add("leaflets/hi/index.html", b"<p>muscle twitching</p>", "the same file again")  # the same bytes: fine
    with pytest.raises(LeafletError, match=r"^sources/clinic.yaml: leaflet_url: two files .* with \{document\}"):
        files.add("leaflets/hi/index.html", b"<p>sample</p>", "the hi page of sample-document")
