"""The print-ready editions as a reader, a printer and a screen reader get them.

Paper and boxes, the poster's type floors, the print shop's PDF/X-1a, large print, the
bilingual leaflet's aligned columns, QR codes decoded from the rendered page, the tag tree,
and how much of the text a PDF reader extracts correctly.
"""

from __future__ import annotations

import difflib
import io
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import polib
import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from pipeline.errors import LeafletError
from pipeline.i18n.scripts import script_settings
from pipeline.model.review import Review
from pipeline.render import typefit
from pipeline.render.editions import edition_named, editions_for, paper_for
from pipeline.render.fonts import choose_fonts
from testkit import ALL_LOCALES, clinic_of, localized, pdf, render, renderer, skeleton

EDITIONS = [e.name for e in editions_for("en")]

MM = 72 / 25.4
BILINGUAL_SAMPLE = ("es", "ar", "hi")  # Latin, right-to-left, Devanagari
#: A word broken by hyphenation (WeasyPrint inserts U+2010 HYPHEN) at the end of a line.
HYPHENATED_LINE_END = re.compile(r"[^\W\d_][-\u2010]\n[^\W\d_]")



def mm(box) -> list[float]:
    return [round(float(v) / MM, 1) for v in box]


@pytest.fixture(scope="session")
def clinic(project):
    return clinic_of(project)


@pytest.fixture(scope="session")
def bilingual(project, clinic, tmp_path_factory):
    """Bilingual leaflets of a Latin, an Arabic and a Devanagari locale, rendered once."""
    out = tmp_path_factory.mktemp("bilingual")
    paths = {}
    for locale in BILINGUAL_SAMPLE:
        result = render(project, locale, "leaflet-bilingual")
        paths[locale] = out / f"{locale}.pdf"
        paths[locale].write_bytes(result.pdf)
    return paths


# -- which editions, on which paper -----------------------------------------------------------







@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("edition, size_mm", [
    ("leaflet", (210, 297)), ("leaflet-large-print", (210, 297)), ("poster", (297, 420)),
    ("leaflet-letter", (215.9, 279.4)), ("poster-tabloid", (279.4, 431.8)),
])
def test_paper_sizes_and_page_counts(built, locale, edition, size_mm):
    reader = PdfReader(pdf(built, locale, edition))
    for page in reader.pages:
        width, height = mm(page.trimbox)[2:]
        assert (width, height) == pytest.approx(size_mm, abs=0.2)
    if "poster" in edition:
        assert len(reader.pages) == 1
    else:
        assert len(reader.pages) % 2 == 0


def test_a_clinic_in_a_letter_country_gets_letter_and_tabloid_by_default(scratch):
    scratch.clinic_file.write_text(scratch.clinic_file.read_text().replace("territory: GB", "territory: US"))
    result = render(scratch, "fr", "poster")
    page = PdfReader(io.BytesIO(result.pdf)).pages[0]
    assert mm(page.mediabox)[2:] == pytest.approx([279.4, 431.8], abs=0.2)
    assert result.paper == "Tabloid"


# -- the poster: type floors, fitting, failure ------------------------------------------------

def text_sizes(page) -> list[tuple[float, str, str]]:
    """(size in pt on paper, text, font name) of every text run drawn on the page."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None:
            scale = (abs(tm[3] * cm[3]) + abs(tm[0] * cm[0])) / 2
            runs.append((size * scale, text, str(font.get("/BaseFont", ""))))
    page.extract_text(visitor_text=visit)
    return runs


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("edition", ["poster", "poster-print", "poster-tabloid"])
def test_poster_headline_letters_are_20mm_and_body_at_least_24pt(built, project, locale, edition):
    doc = localized(project, locale)
    runs = text_sizes(PdfReader(pdf(built, locale, edition)).pages[0])
    headline = max(size for size, _, _ in runs)
    fonts = project.layouts / "fonts"
    choice, latin = choose_fonts(project.layouts, locale), choose_fonts(project.layouts, "en")
    settings = script_settings(choice.script)
    letter_mm = headline * typefit.letter_height(fonts / choice.primary.bold, settings.headline_letter) / MM
    assert letter_mm >= typefit.headline_floor_mm(choice.script, fonts / latin.primary.bold) - 0.05
    if settings.headline_kind == "cap":
        assert letter_mm >= 20 - 0.05
    # The lead and the list items are the body text: none below 24 pt.
    poster = doc.content.poster
    body = [str(t) for t in (poster.lead, *(item for group in poster.groups for item in group.items))]
    whole = {skeleton(b) for b in body}
    part = 2 if doc.script == "Hans" else 5  # Chinese lines end in a two-character run (keep_end)
    sizes = [size for size, text, _ in runs if skeleton(text) in whole
             or len(skeleton(text)) >= part and any(skeleton(text) in skeleton(b) for b in body)]
    assert len(sizes) >= len(body) and min(sizes) >= 24 - 0.05, sizes














def test_a_poster_that_cannot_fit_names_the_locale_and_the_longest_texts(scratch, clinic):
    po = polib.pofile(str(scratch.catalog("ta", "muscle-twitching")), wrapwidth=79)
    long_text = " ".join(["தசைத் துடிப்பு பொதுவாகத் தீங்கற்றது"] * 12)
    next(e for e in po if e.msgctxt == "poster.lead").msgstr = long_text
    po.save()
    with pytest.raises(LeafletError) as info:
        render(scratch, "ta", "poster")
    message = str(info.value)
    assert message.startswith("ta:") and "does not fit on one A3 page" in message
    assert long_text[:40] in message and "24pt text" in message


# -- print shop -------------------------------------------------------------------------------

def content_streams(reader: PdfReader):
    for page in reader.pages:
        yield page.get_contents().get_data()
        for xobject in (page["/Resources"].get("/XObject") or {}).values():
            yield xobject.get_object().get_data()


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_print_shop_poster_has_3mm_bleed_crop_marks_and_is_pdf_x1a(built, locale):
    path = pdf(built, locale, "poster-print")
    reader = PdfReader(path)
    page = reader.pages[0]
    trim, bleed, media = mm(page.trimbox), mm(page.bleedbox), mm(page.mediabox)
    assert [trim[2] - trim[0], trim[3] - trim[1]] == pytest.approx([297, 420], abs=0.1)
    assert [bleed[0] - trim[0], bleed[1] - trim[1], bleed[2] - trim[2], bleed[3] - trim[3]] == \
        pytest.approx([-3, -3, 3, 3], abs=0.05)
    assert media[0] <= bleed[0] - 5 and media[2] >= bleed[2] + 5, "no room for crop marks outside the bleed"
    info = reader.trailer["/Info"]
    assert info["/GTS_PDFXVersion"] == "PDF/X-1a:2003" and info["/Trapped"] == "/False"
    assert reader.pdf_header == "%PDF-1.4"
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    for data in content_streams(reader):  # CMYK only: no RGB colour operator or colour space left
        assert not re.search(rb"(^|\s)[\d.]+ [\d.]+ [\d.]+ (rg|RG)(\s|$)", data)
        assert b"/DeviceRGB" not in data
    # Looked at as printed: the band runs into the bleed, crop marks stand outside it.
    image = page_image(path, dpi=100)
    px = image.width / (media[2] - media[0])

    def at(x_mm, y_mm):
        return image.getpixel((round((x_mm - media[0]) * px), round((media[3] - y_mm) * px)))

    band = at(trim[0] + 20, trim[3] + 1.5)  # 1.5 mm above the trimmed top edge, in the bleed
    assert sum(band) < 3 * 160, f"the band does not run into the bleed: {band}"
    # On the top trim line, left of the bleed: a crop mark (a hairline, so look at a few pixels).
    corner = [at(trim[0] - 3 - d, trim[3] + dy) for d in (2, 3, 4, 5) for dy in (-0.3, 0, 0.3)]
    assert any(sum(p) < 600 for p in corner), "no crop mark on the trim line outside the bleed"
    assert all(sum(at(trim[0] - 3 - d, trim[3] - 20)) > 740 for d in (2, 4)), "marks or ink where none belong"


# -- large print ------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", ["en", "ar", "hi", "zh_Hans"])
def test_large_print_is_16pt_start_aligned_unhyphenated_and_loosely_set(project, clinic, locale):
    r = renderer(project.layouts)
    doc = localized(project, locale)
    ed = edition_named("leaflet-large-print")
    document = r.layout(ed, paper_for(ed, locale, clinic.territory, clinic.paper), doc, clinic)
    paragraphs = [box for page in document.pages for box in _boxes(page._page_box)
                  if getattr(box, "element_tag", None) in ("p", "li") and box.element is not None]
    assert len(paragraphs) > 30
    for box in paragraphs:
        style = box.style
        assert style["font_size"] >= 16 * 96 / 72 - 0.01  # CSS px
        assert style["text_align_all"] in ("start", "right" if doc.direction == "rtl" else "left")
        assert style["text_align_all"] != "justify" and style["hyphens"] == "manual"
        line_height = style["line_height"]  # a number (times the font size) or a length in px
        ratio = line_height if isinstance(line_height, (int, float)) else line_height.value / style["font_size"]
        assert ratio >= 1.5


@pytest.mark.parametrize("locale", ["en", "ta", "ar"])
def test_large_print_page_1_says_it_is_a_draft_in_its_text_once(built, locale):
    """A large print reader cannot read the running line's small print: page 1 says the text is
    a draft in its text, at the body's size, in the reader's language; the running line above it
    keeps only the English line, for the clinic's staff (none in the English original, whose
    notice was printed twice, 2.5 cm apart: reviewer). Page 2 on carries the running line whole."""
    english = "Draft translation: not yet reviewed by a qualified medical translator."
    local = {"en": "Draft: not yet reviewed by a qualified clinician."}.get(locale)
    if local is None:
        po = polib.pofile(str(built.catalog(locale, "layouts")))
        local = next(e.msgstr for e in po if e.msgctxt == "status" and e.msgid == english)
    reader = PdfReader(pdf(built, locale, "leaflet-large-print"))
    first, second = (skeleton(reader.pages[n].extract_text()) for n in (0, 1))
    assert first.count(skeleton(local)) == 1, first[:400]
    large = skeleton("".join(text for size, text, _ in text_sizes(reader.pages[0]) if size >= 15.9))
    assert skeleton(local) in large, "page 1's notice is not at the body's size"
    assert first.count(skeleton(english)) == (0 if locale == "en" else 1)
    assert second.count(skeleton(local)) == 1
    assert second.count(skeleton(english)) == (0 if locale == "en" else 1)


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_large_print_text_on_paper_is_at_least_16pt(built, locale):
    reader = PdfReader(pdf(built, locale, "leaflet-large-print"))
    sizes = [round(size) for page in reader.pages[:2] for size, _, _ in text_sizes(page)]
    body = max(set(sizes), key=sizes.count)  # the most common size is the body text
    assert body >= 16


# -- bilingual --------------------------------------------------------------------------------

@pytest.mark.parametrize("locale", BILINGUAL_SAMPLE)
def test_bilingual_rows_align_english_left_each_column_its_own_language(project, clinic, bilingual, locale):
    reader = PdfReader(bilingual[locale])
    assert len(reader.pages) % 2 == 0
    doc = localized(project, locale, english=True)
    text = skeleton(" ".join(p.extract_text() for p in reader.pages))
    assert skeleton("What makes a muscle twitch?") in text
    # Laid out: every row's two cells start level, English on the left, in its own direction.
    ed = edition_named("leaflet-bilingual")
    document = renderer(project.layouts).layout(ed, paper_for(ed, locale, clinic.territory, clinic.paper),
                                                doc, clinic)
    cells = _row_cells(document)
    assert len(cells) > 40
    # Each heading stands in its own language's column, the translation in the local one (read
    # from the boxes: a PDF reader's order of Arabic words is a guess).
    local_text = skeleton("".join(_text(local) for _, local in cells)).replace("\u2060", "")
    english_text = skeleton("".join(_text(english) for english, _ in cells))
    assert skeleton(str(doc.content.sections[2].heading)) in local_text
    assert skeleton("What makes a muscle twitch?") in english_text
    for english, local in cells:
        assert english.position_y == pytest.approx(local.position_y, abs=0.5)
        assert english.position_x < local.position_x
        assert english.style["direction"] == "ltr" and local.style["direction"] == doc.direction
        assert english.style["lang"] == "en" and local.style["lang"] == doc.lang_tag


def _text(box) -> str:
    return "".join(getattr(b, "text", "") for b in _boxes(box))


def _row_cells(document):
    """(English cell, local cell) box pairs of every row fragment on every page."""
    pairs = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None or "row" not in (element.get("class") or "").split():
                continue
            cells = [b for b in _boxes(box) if getattr(b, "element", None) is not None
                     and (b.element.get("class") or "").split()[:2] in (["col", "col-en"], ["col", "col-local"])
                     and type(b).__name__ == "TableCellBox"]
            if len(cells) == 2:
                pairs.append((cells[0], cells[1]) if "col-en" in cells[0].element.get("class") else (cells[1], cells[0]))
    return pairs


@pytest.mark.parametrize("locale", BILINGUAL_SAMPLE)
def test_bilingual_tags_carry_both_languages(bilingual, locale):
    languages = {str(e.get("/Lang")) for e in struct_elements(PdfReader(bilingual[locale])) if "/Lang" in e}
    assert "en" in languages


def test_english_has_no_bilingual_edition(project, clinic):
    with pytest.raises(LeafletError, match="not made for en"):
        renderer(project.layouts).render(edition_named("leaflet-bilingual"), localized(project, "en"), clinic, b"t")


# -- QR codes ---------------------------------------------------------------------------------

def page_image(path: Path, page: int = 1, dpi: int = 110) -> Image.Image:
    """One page as poppler draws it (pdftoppm writes PNG to standard output without a root)."""
    png = subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile",
                          str(path)], capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(png)).convert("RGB")


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("edition", ["poster", "leaflet", "poster-print", "leaflet-large-print"])
def test_qr_code_decodes_to_the_clinic_page_for_this_language(built, project, clinic, locale, edition):
    doc = localized(project, locale)
    url = clinic.page_url(locale, doc.lang_tag, doc.content.meta.id)
    assert url == f"https://riverside-health.example/leaflets/{locale}/muscle-twitching"
    path = pdf(built, locale, edition)
    reader = PdfReader(path)
    # The page that prints the address under the code (the back page of a leaflet).
    number = next(i for i, p in enumerate(reader.pages, 1) if skeleton(url) in skeleton(p.extract_text()))
    decoded = [r.text for r in zxingcpp.read_barcodes(page_image(path, number).convert("L"))]
    assert decoded == [url]








# -- tags, language, alt text -----------------------------------------------------------------

def struct_elements(reader: PdfReader):
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    stack = [root]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, list) else [kids]):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                yield kid
                stack.append(kid)


@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("edition", EDITIONS)
def test_headings_lists_figures_with_alt_text_and_language(built, project, clinic, locale, edition):
    reader = PdfReader(pdf(built, locale, edition))
    doc = localized(project, locale)
    assert reader.trailer["/Root"]["/Lang"] == doc.lang_tag
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    elements = list(struct_elements(reader))
    roles = [str(e.get("/S")) for e in elements]
    assert roles.count("/H1") >= 1 and "/L" in roles and "/LI" in roles and "/P" in roles
    if "leaflet" in edition:
        assert roles.count("/H2") >= len(doc.content.sections)
    figures = [e for e in elements if e.get("/S") == "/Figure"]
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert len(figures) == 2 and all(alts), alts  # the logo and the QR code
    assert clinic.logo_alt in alts
    url = clinic.page_url(locale, doc.lang_tag, doc.content.meta.id)
    assert any(url in alt for alt in alts)


@pytest.mark.parametrize("locale", ["es", "ar"])
def test_english_draft_notice_is_tagged_english(built, locale):
    elements = struct_elements(PdfReader(pdf(built, locale, "poster")))
    assert "en" in {str(e.get("/Lang")) for e in elements if "/Lang" in e}


# -- the words a reader extracts --------------------------------------------------------------

def words(text: str, locale: str) -> list[str]:
    text = unicodedata.normalize("NFC", re.sub("[\u2066-\u2069\u00ad]", "", text))
    if locale.startswith("zh"):
        return [c for c in text if not c.isspace() and not unicodedata.category(c).startswith("P")]
    stripped = ("".join(c for c in w if not unicodedata.category(c).startswith("P")) for w in text.split())
    return [w for w in stripped if w]


def source_texts(doc) -> list[str]:
    """The leaflet's section texts in reading order."""
    texts = []
    for section in doc.content.sections:
        texts.append(section.heading)
        for block in section.blocks:
            if block.kind in ("paragraph", "callout"):
                texts.append(block.text)
            elif block.kind == "list":
                texts += [t for t in (block.heading, block.intro) if t]
                texts += [t for item in block.items for t in (item.lead, item.text) if t]
            else:
                texts += [block.caption, *(row.drug_class for row in block.rows)]
    return [str(t) for t in texts]


def extraction_match(path: Path, doc, reader: str) -> float:
    """Share of the source's words found, in order, in the text a PDF reader extracts."""
    if reader == "pypdf":
        extracted = " ".join(page.extract_text() for page in PdfReader(path).pages)
    else:
        extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    extracted = HYPHENATED_LINE_END.sub(lambda m: m[0][0] + m[0][-1], extracted)  # undo hyphenation
    source = words(" ".join(source_texts(doc)), doc.locale)
    matcher = difflib.SequenceMatcher(None, source, words(extracted, doc.locale), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(source)


#: Measured on these outputs (README, "Accessibility"); before the text map, Hindi was 0.79
#: and Tamil 0.48 with pypdf. Arabic keeps poppler's own limit: marks drawn raised are read
#: as separate lines.
EXTRACTION_FLOOR = {"pypdf": {"hi": 0.97, "ta": 0.99, "ar": 0.90}, "pdftotext": {"hi": 0.99, "ta": 0.99, "ar": 0.5}}


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
@pytest.mark.parametrize("locale", ALL_LOCALES)
@pytest.mark.parametrize("reader", ["pypdf", "pdftotext"])
def test_extracted_text_matches_the_source(built, project, locale, reader):
    doc = localized(project, locale)
    share = extraction_match(pdf(built, locale, "leaflet"), doc, reader)
    assert share >= EXTRACTION_FLOOR[reader].get(locale, 0.99), f"{locale} {reader}: {share:.3f}"





# -- dates, digits, hyphenation, review line --------------------------------------------------

@pytest.mark.parametrize("locale, month", [("en", "November"), ("es", "noviembre"), ("fr", "novembre"),
                                           ("hi", "नवंबर"), ("ta", "நவம்பர்"), ("ar", "نوفمبر"),
                                           ("zh_Hans", "年11月")])
def test_dates_in_the_locales_own_words_with_digits_0_to_9(built, project, locale, month):
    doc = localized(project, locale)
    published = doc.published.replace("\u2060", "")  # Chinese dates are joined by (invisible) word joiners
    assert month in published and "2026" in published and "26" in published.replace("2026", "")
    assert not any(c.isdigit() and not c.isascii() for c in doc.published + doc.review_due)
    text = skeleton(" ".join(p.extract_text() for p in PdfReader(pdf(built, locale, "leaflet")).pages))
    assert skeleton(month) in text



@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_hyphenation_only_where_the_language_has_a_dictionary(built, locale):
    """Only table cells hyphenate: a full-width leaflet line holds some 75 characters and needs
    no hyphen (it used to hyphenate there too; the preflight found one line in six hyphenated,
    "mé-/decin"), and the bilingual's ragged 81 mm columns are set without (its French had 28
    hyphenated line ends over 14 pages, hard going for a reader in a second language)."""
    text = subprocess.run(["pdftotext", str(pdf(built, locale, "leaflet")), "-"],
                          capture_output=True, text=True, check=True).stdout
    breaks = HYPHENATED_LINE_END.findall(text)
    if locale in ("en", "es", "fr"):
        assert len(breaks) <= 2, breaks  # a long word in a table cell at most
    else:
        assert not breaks, breaks
    if locale != "en":
        # Two columns side by side: pdftotext puts a line of each on one output line, so look
        # for the hyphen WeasyPrint adds (U+2010), which no source text contains.
        bilingual = subprocess.run(["pdftotext", str(pdf(built, locale, "leaflet-bilingual")), "-"],
                                   capture_output=True, text=True, check=True).stdout
        assert "\u2010" not in bilingual, "a word was hyphenated in the bilingual's columns"
    poster = subprocess.run(["pdftotext", str(pdf(built, locale, "poster")), "-"],
                            capture_output=True, text=True, check=True).stdout
    assert not HYPHENATED_LINE_END.findall(poster)


def test_a_reviewed_locale_prints_its_review_line_on_the_poster(project):
    """What a verified sign-off gives the layouts (tests/integration/test_signoff.py signs for real)."""
    result = render(project, "fr", "poster", Review(True, "Dr Claire Martin", "Medical translator, French",
                                                    "2026-11-20"))
    text = " ".join(PdfReader(io.BytesIO(result.pdf)).pages[0].extract_text().split())
    assert "Dr Claire Martin" in text and "2026-11-20" in text
    assert "not yet reviewed" not in text





@pytest.mark.parametrize("edition", ["poster", "poster-print", "poster-tabloid"])
def test_no_chinese_poster_line_is_a_lone_character(built, edition):
    """Chinese breaks lines between any two characters; a line of one character (a headline
    ending "...无害 / 的") reads badly, so each text keeps its last two characters together."""
    text = PdfReader(pdf(built, "zh_Hans", edition)).pages[0].extract_text()
    lone = [line for line in text.splitlines() if len(line.strip()) == 1 and "\u4e00" <= line.strip() <= "\u9fff"]
    assert not lone, lone


