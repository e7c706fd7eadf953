"""The web edition (output/site/) as a reader, a search engine and the clinic's web host get it:
pages at the addresses the QR codes open, their text and marks, links, fonts, and a build that
writes only what changed and the same bytes every time. The browser's view is in
tests/system/test_web_browser.py."""

from __future__ import annotations

import io
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest
from fontTools.ttLib import TTFont

from pipeline.checks.web import check_site
from pipeline.cli import main
from pipeline.i18n.locales import locale_info
from pipeline.model.review import Review
from pipeline.project import Project
from pipeline.publish.web import WEB_EDITIONS, site_folder, write_site
from pipeline.publish.web.addresses import index_address, origin, page_address
from pipeline.publish.web.pages import PageView, WebLayouts
from pipeline.publish.web.webfonts import ALWAYS
from testkit import ALL_LOCALES, DOC, TRANSLATED, catalog, clinic_of, localized, set_translation

XHTML_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(scope="module")
def site(built):
    """The web edition of the session's build of every locale (made again if another module
    already wrote it, so the result lists its pages and fonts)."""
    result = write_site(built, [DOC], list(ALL_LOCALES), force=True)
    assert result.ok, [str(f) for f in result.findings]
    return result


def page_file(project: Project, locale: str) -> Path:
    clinic = clinic_of(project)
    return site_folder(project) / page_address(clinic, locale, locale_info(locale).lang_tag, DOC).path


def tree(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# -- where the pages are -------------------------------------------------------------------------

def test_every_qr_code_address_has_its_page_in_the_site_folder(built, site):
    clinic = clinic_of(built)
    for locale in ALL_LOCALES:
        url = clinic.page_url(locale, locale_info(locale).lang_tag, DOC)  # what the QR code encodes
        assert url == f"https://riverside-health.example/leaflets/{locale}/{DOC}"
        path = site_folder(built) / url.removeprefix("https://riverside-health.example/") / "index.html"
        assert path.is_file(), path
    assert (site_folder(built) / "leaflets" / DOC / "index.html").is_file()  # the language index
    assert (site_folder(built) / "sitemap.xml").is_file()
    assert sorted(p.locale for p in site.pages if p.available) == sorted(ALL_LOCALES)


def test_the_index_is_the_pattern_without_its_language():
    from pipeline.model.clinic import Clinic

    def index(pattern: str) -> str:
        return index_address(Clinic("n", "l", "a", (), "p", (), "w", leaflet_url=pattern), DOC).path

    assert index("https://x.example/leaflets/{locale}/{document}") == f"leaflets/{DOC}/index.html"
    assert index("https://x.example/{document}-{lang}.html") == f"{DOC}.html"
    assert index("https://x.example/{document}/{locale}.html") == f"{DOC}/index.html"


# -- what a page says ----------------------------------------------------------------------------

def test_a_page_has_its_language_direction_title_description_canonical_and_alternates(built, site):
    clinic = clinic_of(built)
    for locale in ALL_LOCALES:
        doc = localized(built, locale)
        html = tree(page_file(built, locale))
        assert html.get("lang") == doc.lang_tag and html.get("dir") == doc.direction
        assert html.findtext(".//title").startswith(str(doc.content.meta.title))
        assert html.xpath("string(//meta[@name='description']/@content)") == str(doc.content.meta.subtitle)
        canonical = html.xpath("string(//link[@rel='canonical']/@href)")
        assert canonical == clinic.page_url(locale, doc.lang_tag, DOC) + "/"
        alternates = dict((a.get("hreflang"), a.get("href")) for a in html.xpath("//link[@rel='alternate']"))
        assert set(alternates) == {locale_info(loc).lang_tag for loc in ALL_LOCALES} | {"x-default"}
        assert alternates["x-default"] == f"https://riverside-health.example/leaflets/{DOC}/"
        assert alternates[doc.lang_tag] == canonical


def test_arabic_is_right_to_left_and_its_latin_runs_are_marked(built, site):
    html = tree(page_file(built, "ar"))
    assert html.get("dir") == "rtl"
    # Each medicine in Arabic with its English name beside it, the English (and the brand) marked
    # as English and kept left to right inside the right-to-left cell.
    cells = html.xpath("//table[@class='drugs']//td[@class='medicine']")
    assert cells and all(any("\u0600" <= ch <= "\u06ff" for ch in cell.text_content()) for cell in cells)
    english = html.xpath("//table[@class='drugs']//span[@class='inn'] | //table[@class='drugs']//td[@class='brand']/span")
    assert len(english) == 2 * len(cells)
    assert all(e.get("lang") == "en" and (e.get("dir") == "ltr" or e.xpath("span[@dir='ltr']")) for e in english)
    # Drug names put into the Arabic text (%(prednisone)s) are English words in another script.
    terms = html.xpath("//main//p//span[@lang='en'] | //main//li//span[@lang='en']")
    assert "prednisone" in [t.text for t in terms] and all(t.get("dir") == "ltr" for t in terms)
    assert html.xpath("string(//p[@class='phone']/a/@dir)") == "ltr"


def test_the_table_of_medicines_has_its_caption_and_header_cells_with_scope(built, site):
    for locale in ALL_LOCALES:
        table = tree(page_file(built, locale)).xpath("//table[@class='drugs']")[0]
        assert table.xpath("string(caption)").strip()
        assert [th.get("scope") for th in table.xpath("thead//th")] == ["col", "col"]
        groups = table.xpath("tbody")  # one per type of medicine, headed by it, as on paper
        assert groups and all(group.xpath("tr[1]/th")[0].get("scope") == "rowgroup" for group in groups)
        assert all(len(group.xpath("tr[td[@class='medicine'] and td[@class='brand']]")) >= 1 for group in groups)


def test_headings_and_lists_follow_the_source(built, site):
    doc = localized(built, "fr")
    html = tree(page_file(built, "fr"))
    assert [h.text_content() for h in html.xpath("//h1")] == [str(doc.content.meta.title)]
    headings = [h.text_content() for h in html.xpath("//main/section/h2")]
    assert headings[:len(doc.content.sections)] == [str(s.heading) for s in doc.content.sections]
    items = sum(len(b.items) for s in doc.content.sections for b in s.blocks if b.kind == "list")
    assert len(html.xpath("//main/section[not(@class='downloads')]//li")) == items


def test_every_draft_says_so_in_its_language_and_in_english(built, site):
    for locale in TRANSLATED:
        notice = tree(page_file(built, locale)).xpath("//*[@class='draft-notice']")[0]
        # The notice's last words are kept on one line by a no-break space (keep_end_together).
        lines = [line.text_content().replace("\u00a0", " ").strip() for line in notice.xpath("span")]
        english = notice.xpath("span[@lang='en']")[0]
        assert english.get("dir") == "ltr"
        assert lines[1] == "Draft translation: not yet reviewed by a qualified medical translator."
        assert lines[0] and lines[0] != lines[1]
    english_page = tree(page_file(built, "en"))
    assert english_page.xpath("string(//*[@class='draft-notice'])").replace("\u00a0", " ").strip() == \
        "Draft: not yet reviewed by a qualified clinician."


def test_a_reviewed_leaflet_says_who_reviewed_it_and_when_instead(built):
    review = Review(True, "Dr Asha Rao", "Medical translator, Hindi", "2026-11-30")
    doc = localized(built, "hi", review=review)
    clinic = clinic_of(built)
    address = page_address(clinic, "hi", "hi", DOC)
    view = PageView(address, "style.css", "logo.svg", "../../muscle-twitching/", (), ())
    html = lxml.html.fromstring(WebLayouts(built.layouts).page(doc, clinic, view, ("prednisone",)))
    assert not html.xpath("//*[@class='draft-notice']")
    line = html.xpath("string(//p[@class='review-info'])")
    assert "Dr Asha Rao" in line and "Medical translator, Hindi" in line and "2026-11-30" in line


def test_an_untranslated_string_is_english_marked_with_its_language_and_direction(scratch):
    set_translation(catalog(scratch, "ar"), "about.what", "")
    set_translation(catalog(scratch, "ar", "layouts"), "web", "", "Choose your language")
    result = write_site(scratch, [DOC], ["en", "ar"])
    html = tree(page_file(scratch, "ar"))
    fallbacks = html.xpath("//*[@class='untranslated']")
    texts = [f.text_content() for f in fallbacks]
    assert any(t.startswith("Muscle twitches are tiny movements") for t in texts)
    assert "Choose your language" in texts and result.ok
    assert all(f.get("lang") == "en" and f.get("dir") == "ltr" for f in fallbacks)


def test_the_page_carries_the_clinics_branding(built, site):
    clinic = clinic_of(built)
    page = page_file(built, "hi")
    html = tree(page)
    logo = html.xpath("//img[@class='logo']")[0]
    assert logo.get("alt") == clinic.logo_alt and (page.parent / logo.get("src")).read_bytes() == \
        (built.layouts / clinic.logo).read_bytes()
    assert html.xpath("string(//p[@class='clinic-name'])") == clinic.name
    assert html.xpath("string(//p[@class='phone']/a/@href)") == "tel:02079460321"
    assert html.xpath("string(//p[@class='phone'])").strip() == clinic.phone
    css = (page.parent / "style.css").read_text()
    assert all(clinic.colour(name) in css for name in ("primary", "accent", "tint"))


# -- links, PDFs, fonts --------------------------------------------------------------------------

def test_the_pdfs_are_copied_beside_the_page_and_linked(built, site):
    for locale in ALL_LOCALES:
        page = page_file(built, locale)
        links = tree(page).xpath("//section[@class='downloads']//a/@href")
        expected = [e for e in WEB_EDITIONS if locale != "en" or e != "leaflet-bilingual"]
        assert links == [f"{DOC}-{edition}.pdf" for edition in expected]
        for href in links:
            assert (page.parent / href).read_bytes() == (built.output / locale / href).read_bytes()


def test_every_link_of_the_site_resolves_inside_it_and_every_image_has_alt_text(built, site):
    folder = site_folder(built)
    assert check_site(site_files(folder), origin(clinic_of(built)), "site") == []
    for page in folder.rglob("*.html"):
        html = tree(page)
        for href in html.xpath("//a/@href | //link[@rel='stylesheet' or @rel='icon']/@href | //img/@src"):
            if href.startswith("tel:"):
                continue
            target = (page.parent / href).resolve()
            target = target / "index.html" if href.endswith("/") else target
            assert target.is_file() and target.is_relative_to(folder.resolve()), (page, href)
        assert all(img.get("alt", "").strip() for img in html.xpath("//img"))
        assert not html.xpath("//script | //iframe | //object | //embed | //form | //*[@style]")


def test_the_sitemap_lists_every_page_and_its_languages(built, site):
    root = ET.fromstring((site_folder(built) / "sitemap.xml").read_bytes())
    locations = [loc.text for loc in root.iterfind("s:url/s:loc", XHTML_NS)]
    assert sorted(locations) == sorted([f"https://riverside-health.example/leaflets/{loc}/{DOC}/" for loc in ALL_LOCALES]
                                       + [f"https://riverside-health.example/leaflets/{DOC}/"])
    assert {u.findtext("s:lastmod", namespaces=XHTML_NS) for u in root.iterfind("s:url", XHTML_NS)} == {"2026-11-26"}


def test_each_font_holds_only_what_its_page_shows_and_all_of_it(built, site):
    """Every character of a page's text is in a font the page declares for its language, and a
    font subset holds no character its page does not show (bar the few a browser adds itself)."""
    for locale in ("hi", "ta", "ar", "zh_Hans", "fr"):
        page = page_file(built, locale)
        html = tree(page)
        fonts = {}
        for font in sorted((page.parent / "fonts").glob("*.woff2")):
            with TTFont(io.BytesIO(font.read_bytes())) as face:
                fonts[font.name] = {chr(c) for c in face.getBestCmap()}
        shown = set(html.xpath("string(//body)")) - set("\n\t\r")
        assert shown <= set().union(*fonts.values()), sorted(shown - set().union(*fonts.values()))
        for name, characters in fonts.items():
            assert characters - shown - ALWAYS == set(), name
        own = {"hi": "NotoSansDevanagari", "ta": "NotoSansTamil", "ar": "NotoNaskhArabic", "zh_Hans": "NotoSansCJKsc",
               "fr": "NotoSans-"}[locale]
        main = [name for name in fonts if name.startswith(own)]
        assert len(main) == 2, fonts.keys()  # regular and bold of the language's own family


def test_a_font_subset_is_small_and_keeps_the_fonts_licence(built, site):
    sizes = dict(site.fonts)
    cjk = [size for path, size in sizes.items() if "zh_Hans/" in path and "CJK" in path]
    assert cjk and max(cjk) < 150_000  # of a 16 MB font
    path = next(p for p in sizes if "hi/" in p and "Devanagari-Regular" in p)
    with TTFont(io.BytesIO((site_folder(built) / path).read_bytes())) as face:
        assert face.flavor == "woff2"
        assert "scripts.sil.org/OFL" in (face["name"].getDebugName(14) or "")
        assert "GSUB" in face and "GPOS" in face  # conjuncts and mark positions survive


def test_chinese_punctuation_side_by_side_is_paired_as_in_print(built, site):
    """A browser without CSS text-spacing-trim (Firefox) prints two full-width marks side by
    side ("），") an em apart, as the PDFs did: the page sets the first at half width, its style
    sheet asks the font for it, and the page's Chinese fonts keep the feature (`halt`)."""
    import regex

    from pipeline.render.html import CLOSING_MARKS, CLOSING_QUOTES, PAUSE_MARKS

    page = page_file(built, "zh_Hans")
    text = page.read_text()
    closing = CLOSING_MARKS + CLOSING_QUOTES
    pairs = regex.findall(rf'(?<!<span class="halt">)[{closing}](?:</[a-z]+>)*[{CLOSING_MARKS}{PAUSE_MARKS}]', text)
    marked = regex.findall(rf'<span class="halt">[{closing}]</span>(?:</[a-z]+>)*[{CLOSING_MARKS}{PAUSE_MARKS}]', text)
    assert len(marked) >= 15 and not pairs, pairs  # every pair is marked, none left bare
    assert '.halt { font-feature-settings: "halt" 1; }' in (page.parent / "style.css").read_text()
    for font in (page.parent / "fonts").glob("NotoSansCJKsc-*.woff2"):
        with TTFont(io.BytesIO(font.read_bytes())) as face:
            assert "halt" in {r.FeatureTag for r in face["GPOS"].table.FeatureList.FeatureRecord}, font.name


def test_the_language_menu_names_each_language_as_cldr_does(built, site):
    """Chinese in every page's menu as its readers name it (简体中文), not Babel's "中文 (简体)"."""
    for locale in ("en", "ar", "zh_Hans"):
        names = tree(page_file(built, locale)).xpath('//a[@hreflang="zh-Hans"]/text()')
        assert names and set(names) == {"简体中文"}, (locale, names)


# -- built like the PDFs -------------------------------------------------------------------------

def test_two_clean_builds_write_the_same_bytes(built, site, tmp_path):
    copy = Project(built.root, tmp_path / "output")
    for locale in ALL_LOCALES:
        shutil.copytree(built.output / locale, copy.output / locale, ignore=shutil.ignore_patterns("thumbnails"))
    write_site(copy, [DOC], list(ALL_LOCALES))
    assert site_files(site_folder(copy)) == site_files(site_folder(built))


def test_an_unchanged_site_is_not_written_again_and_an_edit_rewrites_only_its_page(scratch):
    assert main(["--root", str(scratch.root), "build", "--langs", "es", "-j", "1"]) == 0
    folder = site_folder(scratch)
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}
    again = write_site(scratch, [DOC], scratch.select_locales(None))
    assert again.up_to_date and {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()} == before
    set_translation(catalog(scratch, "hi"), "about.where", "फड़कन कहीं भी हो सकती है ॐ।")  # a letter new to the page
    changed = write_site(scratch, [DOC], scratch.select_locales(None))
    assert not changed.up_to_date and changed.written
    assert all(path.startswith("leaflets/hi/") for path in changed.written), changed.written
    assert any(path.startswith("leaflets/hi/muscle-twitching/fonts/") for path in changed.written)
    zh_fonts = [p for p in before if "zh_Hans" in str(p) and p.suffix == ".woff2"]
    assert zh_fonts and all(p.stat().st_mtime_ns == before[p] for p in zh_fonts)


def test_a_locale_that_fails_gets_a_page_saying_so_and_the_others_are_written(scratch, capsys):
    assert main(["--root", str(scratch.root), "build", "--langs", "fr es", "-j", "1"]) == 0
    french = page_file(scratch, "fr")
    pdf = french.parent / f"{DOC}-leaflet.pdf"
    assert pdf.is_file()
    catalog(scratch, "fr").write_bytes(b"\x00 not a catalog")
    capsys.readouterr()
    assert main(["--root", str(scratch.root), "build", "--langs", "fr es", "-j", "1"]) == 1
    out = capsys.readouterr().out
    assert "not available: fr muscle-twitching" in out
    html = tree(french)
    assert "not available in" in html.xpath("string(//p[@class='subtitle'])")
    assert html.xpath("string(//meta[@name='robots']/@content)") == "noindex"
    assert not pdf.exists() and not list(french.parent.glob("*.pdf"))
    spanish = tree(page_file(scratch, "es"))
    assert "fr" not in spanish.xpath("//link[@rel='alternate']/@hreflang")
    assert "fr/muscle-twitching/" not in (site_folder(scratch) / "sitemap.xml").read_text()
    assert (page_file(scratch, "es").parent / f"{DOC}-leaflet.pdf").is_file()


def test_the_staff_index_links_each_page_of_the_web_edition(scratch):
    assert main(["--root", str(scratch.root), "build", "--langs", "es", "-j", "1"]) == 0
    page = (scratch.output / "index.html").read_text(encoding="utf-8")
    for locale in ALL_LOCALES:
        assert f'href="site/leaflets/{locale}/muscle-twitching/index.html"' in page
