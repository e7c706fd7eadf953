"""What a reader finds in the built leaflets (issue #11): the key points on page 1, the medicines
named in their own language with the English INN beside them, a back page of notes above the
contact panel, and dates in the clinic's country's style. Read from the PDFs, as text and
positions, with PDFium."""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import polib
import pypdfium2 as pdfium
import pytest

from pipeline.builder import build
from pipeline.cli import main
from pipeline.render.editions import editions_for
from testkit import ALL_LOCALES, DOC, TRANSLATED, localized, pdf, skeleton

LEAFLETS = ("leaflet", "leaflet-large-print", "leaflet-letter", "leaflet-bilingual")
PHONE = "020 7946 0321"
#: The running footer stands in the bottom page margin (20 mm, 22 mm in large print), its top
#: about 17 mm above the edge: text whose top is higher is the page's own.
FOOTER_TOP_PT = 55


def pages(path) -> list[pdfium.PdfPage]:
    return list(pdfium.PdfDocument(str(path)))


def text_of(page: pdfium.PdfPage) -> str:
    return page.get_textpage().get_text_range()


@cache
def page_texts(path: Path) -> tuple[str, ...]:
    """Every page's text, read once per PDF for all the tests that look at it."""
    return tuple(text_of(page) for page in pages(path))


ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")


def shows(page_text: str, phrase: str, locale: str) -> bool:
    """Whether a page shows `phrase`. Arabic is compared word by word without vowel marks: a
    reader's extraction orders the words of a right-to-left line sharing a baseline with an
    English one (the bilingual edition) as drawn, and places raised marks apart."""
    if locale != "ar":
        return skeleton(phrase) in skeleton(page_text)
    words = set(ARABIC_MARKS.sub("", page_text).replace("(", " ").replace(")", " ").split())
    return all(word in words for word in ARABIC_MARKS.sub("", phrase).split()[:4])


def leaflet_editions(locale: str) -> list[str]:
    return [e.name for e in editions_for(locale) if e.name in LEAFLETS]


CASES = [(locale, edition) for locale in ALL_LOCALES for edition in leaflet_editions(locale)]


@pytest.mark.parametrize("locale, edition", CASES)
def test_the_key_points_open_page_one(built, project, locale, edition):
    """The key points open page 1, each point whole on one page: page 1 holds the heading and
    the points that fit; a point that does not fit starts page 2, in the box carried on there,
    never split across the sheet's turn (the Tamil large print's last point ran from page 1 onto
    page 2 mid-sentence: reviewers at 150 dpi)."""
    points = localized(project, locale).content.key_points
    first, second = page_texts(pdf(built, locale, edition))[:2]

    def start(item: str) -> str:
        return item[:24].rsplit(" ", 1)[0] if locale == "ar" else item[:24]

    def end(item: str) -> str:
        return item[-24:].split(" ", 1)[-1] if locale == "ar" else item[-24:]

    assert shows(first, points.heading, locale)
    for number, item in enumerate(points.items, 1):
        on_first = shows(first, start(item), locale)
        assert on_first or (number == len(points.items) and shows(second, start(item), locale)), \
            f"{locale} {edition}: key point {number} on neither page 1 nor, as the last, page 2: {item[:40]}"
        # (The bilingual's last point may run on overleaf, both versions begun on page 1: its rows
        # are set side by side, and keeping a long one whole would move both a page on.)
        assert "bilingual" in edition or shows(first if on_first else second, end(item), locale), \
            f"{locale} {edition}: key point {number} split over pages 1 and 2: {item[:40]}"


@pytest.mark.parametrize("locale, edition", CASES)
def test_the_back_page_is_notes_above_the_contact_panel_at_its_foot(built, project, locale, edition):
    """The last page holds no text of the sections: the notes for the doctor at the top (headed
    here, or on the page of notes before it), then the contact panel and the document's
    details, which end at the foot of the text area."""
    doc = localized(project, locale)
    *_, before, back = pages(pdf(built, locale, edition))
    text = text_of(back)
    heading = doc.gettext("notes", "Notes and questions for your doctor")
    assert shows(text, heading, locale) or shows(text_of(before), heading, locale)
    assert shows(text, PHONE, locale) and shows(text, str(doc.content.meta.credit)[:20].rsplit(" ", 1)[0], locale)
    last_item = doc.content.sections[-1].blocks[-1].items[-1].text
    assert not shows(text, last_item[:30].rsplit(" ", 1)[0], locale), "the text runs onto the back page"
    textpage = back.get_textpage()
    width, height = back.get_size()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    body = [box for box in boxes if box[3] > FOOTER_TOP_PT and box[2] > box[0]]  # the running footer aside
    # the phone's middle group: an extraction of a right-to-left page orders the groups as drawn
    found = textpage.search(PHONE.split()[1]).get_next()
    assert found is not None
    phone_top = textpage.get_charbox(found[0])[3]
    assert max(box[3] for box in body) - phone_top > 0.15 * height, "the notes area above the panel is missing"
    lowest = min(box[1] for box in body)
    assert lowest < 0.12 * height, f"the back page's text ends {1 - lowest / height:.0%} down the page, not at its foot"



def ruled_rows(page, dpi: int = 150) -> list[float]:
    """The tops (mm from the page's top) of the rules drawn across the text column: rows inked
    (lighter than white, a hairline counts) over nine tenths of the middle of the page."""
    image = page.render(scale=dpi / 72).to_pil().convert("L")
    width, height = image.size
    xs = range(int(width * 0.2), int(width * 0.8), 4)
    data = image.load()
    inked = [y for y in range(height) if sum(data[x, y] < 250 for x in xs) > 0.9 * len(xs)]
    tops = [y for i, y in enumerate(inked) if i == 0 or inked[i - 1] != y - 1]
    return [y * 25.4 / dpi for y in tops]


@pytest.mark.parametrize("locale, edition", [c for c in CASES if c[1] != "leaflet-bilingual"])
def test_the_first_notes_line_is_a_line_of_writing_under_the_heading_rule(built, project, locale, edition):
    """The notes page showed a hairline 2 mm under the heading's rule, as if it were doubled
    (the ruling's tile above the area, seen by eye on every A4 edition): the first line for
    writing is a full line's pitch under the heading, and every line after it the same; on a
    back page that carries on from a page of notes, unheaded, the same from the top."""
    on, count = notes_pages(built, project, locale)[edition]
    for page in pages(pdf(built, locale, edition))[on[0]:]:
        rules = ruled_rows(page)
        assert len(rules) >= 3 and rules[1] - rules[0] >= 8, (edition, [round(r, 1) for r in rules])


@pytest.mark.parametrize("locale", [loc for loc in ALL_LOCALES if loc != "en"])
def test_the_bilingual_back_page_gives_the_phone_under_both_headings(built, locale):
    """"Questions? Call us" stood over the QR code alone in the translated column, the number only
    under the English heading (seen by eye in es, hi, ta, ar): a reader of either column is
    given the number to call."""
    back = pages(pdf(built, locale, "leaflet-bilingual"))[-1]
    search = back.get_textpage().search(PHONE.split()[1])
    found = []
    while (hit := search.get_next()) is not None:
        found.append(hit)
    assert len(found) == 2, found

def notes_pages(built, project, locale: str) -> dict[str, tuple[list[int], int]]:
    """Per leaflet edition, the pages (0-based) that print the notes heading, and the count."""
    heading = localized(project, locale).gettext("notes", "Notes and questions for your doctor")
    found = {}
    for edition in leaflet_editions(locale):
        texts = page_texts(pdf(built, locale, edition))
        found[edition] = ([i for i, text in enumerate(texts) if shows(text, heading, locale)], len(texts))
    return found


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_a_page_of_notes_comes_before_the_back_page_only_to_even_the_count(built, project, locale):
    """The notes are headed once: on the back page, or on the page of notes before it, which
    the back page carries on from under a label of its own, "Notes (continued)" (the same
    heading on two pages in a row read as a printing mistake in 17 leaflets; lines with no word
    above them, as a form or a fault, to three reviewers)."""
    label = localized(project, locale).gettext("notes", "Notes (continued)")
    assert not label.lang, f"{locale}: the label is translated"
    for edition, (on, count) in notes_pages(built, project, locale).items():
        assert count % 2 == 0, edition
        assert on in ([count - 1], [count - 2]), (edition, on, count)
        last = page_texts(pdf(built, locale, edition))[-1]
        assert shows(last, label, locale) == (on == [count - 2]), (edition, on, count)


def test_both_back_page_layouts_occur(built, project):
    """Some leaflets end their text on an odd page (the back page follows, headed), others on
    an even one (a page of notes comes first, headed): the shipped outputs exercise both."""
    kept = [on == [count - 2] for locale in ALL_LOCALES for on, count in notes_pages(built, project, locale).values()]
    assert any(kept) and not all(kept)


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_medicines_are_named_in_the_readers_language_with_the_english_inn(built, project, locale):
    """The table gives each generic name in the language's form with the English INN in
    brackets ("prednisona (prednisone)"), or the English alone where they are the same; brand
    names never change."""
    doc = localized(project, locale)
    raw = " ".join(page_texts(pdf(built, locale, "leaflet")))
    text = skeleton(raw)
    pattern = str(doc.gettext("drug table", "%(name)s (%(english)s)"))
    table = [m for s in doc.content.sections for b in s.blocks if b.kind == "drugs" for r in b.rows for m in r.medicines]
    for medicine in table:
        local = str(doc.content.local_name(medicine.generic))
        assert medicine.brand in text
        if local.casefold() == medicine.generic.casefold():
            assert skeleton(f"{local} ({medicine.generic})") not in text
            assert skeleton(medicine.generic) in text
        elif locale == "ar":  # right-to-left: a reader takes the name and the English run apart
            assert shows(raw, local, locale) and medicine.generic in raw
        else:
            assert skeleton(pattern % {"name": local, "english": medicine.generic}) in text


@pytest.mark.parametrize("locale, expected", [
    ("es", ["prednisona (prednisone)", "anfetamina (amphetamine)", "betametasona (betamethasone)",
            "toxina botulínica tipo A (incobotulinumtoxinA)"]),
    ("fr", ["l’amphétamine (amphetamine)", "bétaméthasone (betamethasone)", "comme la prednisone,"]),
    ("zh_Hans", ["泼尼松（prednisone）", "苯丙胺（amphetamine）"]),
    ("hi", ["प्रेडनिसोन (prednisone)", "एम्फ़ेटामिन (amphetamine)"]),
    ("ta", ["பிரெட்னிசோன் (prednisone)", "ஆம்ஃபெட்டமைன் (amphetamine)"]),
])
def test_the_running_text_names_medicines_as_the_catalog_agrees(built, locale, expected):
    text = skeleton(" ".join(page_texts(pdf(built, locale, "leaflet"))))
    for phrase in expected:
        assert skeleton(phrase) in text, phrase


@pytest.mark.parametrize("locale, abbreviation", [("es", "ELA"), ("fr", "SLA"), ("zh_Hans", "渐冻症")])
def test_disease_names_follow_the_language_with_the_english_abbreviation_once(built, project, locale, abbreviation):
    lead = str(next(i.lead for s in localized(project, locale).content.sections for b in s.blocks
                    if b.kind == "list" for i in b.items if i.id == "als"))
    assert abbreviation in lead
    text = skeleton(" ".join(page_texts(pdf(built, locale, "leaflet"))))
    assert text.count("ALS") == (2 if locale == "zh_Hans" else 1)


def test_english_dates_follow_the_clinic_in_great_britain(built):
    text = " ".join(" ".join(t.split()) for t in page_texts(pdf(built, "en", "leaflet")))
    assert "Published 26 November 2026" in text and "Review due 26 November 2027" in text
    assert "November 26" not in text


def test_a_clinic_in_the_united_states_dates_english_the_american_way(scratch, tmp_path):
    text = scratch.clinic_file.read_text()
    assert "territory: GB" in text
    scratch.clinic_file.write_text(text.replace("territory: GB", "territory: US"))
    assert localized(scratch, "en").published == "November\u00a026,\u00a02026"  # one line, always
    summary = build(scratch, [DOC], ["en"], only=("leaflet",))
    assert summary.ok
    back = " ".join(text_of(pages(pdf(scratch, "en", "leaflet"))[-1]).split())
    assert "Published November 26, 2026" in back


def test_locale_variants_are_catalogs_of_their_own(scratch, capsys):
    """es_MX and fr_CA (copies of es and fr, Language set to the variant) and a new en_GB build
    with their own dates, paper (Letter for Mexico and Canada) and language tags."""
    for base, variant in (("es", "es_MX"), ("fr", "fr_CA")):
        shutil.copytree(scratch.locales / base / "LC_MESSAGES", scratch.locales / variant / "LC_MESSAGES")
        for po_path in (scratch.locales / variant / "LC_MESSAGES").glob("*.po"):
            po = polib.pofile(str(po_path))
            po.metadata["Language"] = variant
            po.save(str(po_path))
    assert main(["--root", str(scratch.root), "new-locale", "en_GB"]) == 0
    assert {"en_GB", "es_MX", "fr_CA"} <= set(scratch.translated_locales())
    summary = build(scratch, [DOC], ["en_GB", "es_MX", "fr_CA"], only=("leaflet",))
    assert summary.ok, [o.message for o in summary.outcomes if not o.ok]
    capsys.readouterr()
    for variant, paper_mm, date in (("en_GB", (210, 297), "26 November 2026"), ("es_MX", (216, 279), "26 de noviembre de 2026"),
                                    ("fr_CA", (216, 279), "26 novembre 2026")):
        document = pdfium.PdfDocument(str(pdf(scratch, variant, "leaflet")))
        width, height = document[0].get_size()
        assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == paper_mm, variant
        assert date in " ".join(text_of(document[len(document) - 1]).split()), variant
        assert localized(scratch, variant).lang_tag == variant.replace("_", "-")


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_medicine_name_has_its_local_form_in_the_catalog(project, locale):
    po = polib.pofile(str(project.catalog(locale, DOC)))
    terms = [e for e in po if e.msgctxt and e.msgctxt.startswith("term.") and not e.obsolete]
    assert len(terms) == 8 and all(e.msgstr and not e.fuzzy for e in terms)


#: Full-width punctuation marks side by side, as the Chinese catalog writes them (kept in step
#: with pipeline/render/html.py by the unit tests of half_width_pairs); curly quotes are full-width
#: in the Chinese font.
CLOSING, PAUSES, OPENING = "）》」』】〕〉”’", "，。、；：！？", "（《「『【〔〈“‘"


@pytest.mark.parametrize("edition", [e.name for e in editions_for("zh_Hans")])
def test_chinese_punctuation_side_by_side_prints_without_a_gap(built, edition):
    """"（电解质），以及" printed an em-wide gap between "）" and "，" (each full-width mark keeps
    half an em blank), read as a space inside the phrase; "运动。“舞蹈病" an em and a half. A
    typesetter sets one mark of the pair at half width. The gap between their inks, in ems of the
    text, is measured on every page: a closing mark before a pause or another closing mark at most
    0.35 em (before: 0.5-0.63; two Chinese characters stand 0.04-0.1 em apart), a pause before an
    opening mark, whose half em of blank between them stays, at most 0.75 em (before: 0.96)."""
    import pypdfium2.raw as raw

    gaps = []
    for number, page in enumerate(pages(pdf(built, "zh_Hans", edition)), 1):
        textpage = page.get_textpage()
        # PDFium reads a line break into "”。" where the half-width quote's ink and the stop's do
        # not overlap in height (pypdf and Poppler read it whole): the marks are paired as printed.
        chars = [(i, c) for i in range(textpage.count_chars()) if not (c := textpage.get_text_range(i, 1)).isspace()]
        for (i, a), (j, b) in zip(chars, chars[1:]):
            limit = 0.35 if a in CLOSING and b in CLOSING + PAUSES else 0.75 if a in PAUSES and b in OPENING else None
            if limit is not None:
                size = raw.FPDFText_GetFontSize(textpage.raw, i)
                gap = (textpage.get_charbox(j)[0] - textpage.get_charbox(i)[2]) / size
                gaps.append((round(gap - limit, 2), number, a + b, round(gap, 2)))
    assert gaps, "the Chinese text has such pairs (）， ）。 》，): the test must see them"
    assert max(gaps)[0] <= 0, f"too wide (excess em, page, pair, gap em): {[g for g in gaps if g[0] > 0]}"


def test_chinese_is_named_as_chinese_readers_name_it(built):
    """The bilingual's language tab and every Chinese PDF's title named the language "中文 (简体)":
    Babel's pattern, ASCII brackets and a space inside Chinese (the title read "肌肉跳动 (中文 (简体))").
    CLDR names it 简体中文, as a language menu does."""
    bilingual = pdf(built, "zh_Hans", "leaflet-bilingual")
    first = page_texts(bilingual)[0]
    assert "简体中文" in first and "中文 (简体)" not in first
    for edition in editions_for("zh_Hans"):
        title = pdfium.PdfDocument(str(pdf(built, "zh_Hans", edition.name))).get_metadata_dict()["Title"]
        assert title.endswith("(简体中文)") and "中文 (" not in title, (edition.name, title)
