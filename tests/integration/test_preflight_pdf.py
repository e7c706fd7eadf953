"""The PDF preflight (pipeline/checks/preflight/pdf.py) on real PDFs: each defect planted and caught,
and today's outputs clean.

Shaping defects are rendered for real (the renderer, or WeasyPrint with the vendored fonts);
print-shop and accessibility defects are planted into a real output with pikepdf, one per
test case, next to the untouched file that passes.
"""

from __future__ import annotations

import io
import logging
from functools import cache

import pikepdf
import pytest

from pipeline.builder import build
from pipeline.checks.preflight import SEVERITIES, PageFinding
from pipeline.checks.preflight.pdf import check_pdf
from pipeline.cli import main
from pipeline.project import Project
from pipeline.render import printshop, weasy
from pipeline.render.editions import edition_named, editions_for
from pipeline.render.renderer import Renderer
from testkit import ALL_LOCALES, DOC, ROOT, catalog, clinic_of, pdf, render, set_translation

LAYOUTS = ROOT / "layouts"
REAL_OUTPUTS = [(locale, edition.name) for locale in ALL_LOCALES for edition in editions_for(locale)]


@cache
def renderer() -> Renderer:
    """The project's renderer: vendored fonts only (FONTCONFIG_FILE), its WeasyPrint hooks."""
    return Renderer(LAYOUTS)


@cache
def font_config():
    renderer()  # fontconfig must see layouts/fonts/fonts.conf before WeasyPrint loads a font
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


def weasyprint_pdf(body: str, lang: str, family: str, css: str = "", **options) -> bytes:
    """A small tagged PDF from plain WeasyPrint with the vendored fonts and the project's hooks."""
    from weasyprint import HTML

    html = (f'<html lang="{lang}"><head><title>Preflight test</title><style>'
            f'body {{ font-family: "{family}"; font-size: 14pt }} {css}</style></head><body>{body}</body></html>')
    options = {"pdf_variant": "pdf/ua-1", **options}
    with weasy.hooks():
        return HTML(string=html, base_url=LAYOUTS.as_uri() + "/").write_pdf(font_config=font_config(), pdf_tags=True,
                                                                          **options)


def of(findings: list[PageFinding], check: str) -> list[PageFinding]:
    return [f for f in findings if f.check == check]


def real(built, locale: str, edition: str) -> bytes:
    return pdf(built, locale, edition).read_bytes()


def expected_lang(locale: str) -> str:
    return locale.replace("_", "-")


# -- today's outputs ------------------------------------------------------------------------

@pytest.mark.parametrize("locale,edition", REAL_OUTPUTS)
def test_every_real_output_passes_the_whole_preflight(built, locale, edition):
    findings = check_pdf(real(built, locale, edition), print_shop=edition_named(edition).print_shop,
                         expected_lang=expected_lang(locale))
    assert findings == []


# -- shaping: planted through the renderer and WeasyPrint -----------------------------------------

def test_a_cluster_split_by_a_span_prints_a_dotted_circle_and_is_caught():
    """The Hindi posters' defect, planted: "व्यायाम" with its last "ाम" in a span of its own."""
    split = check_pdf(weasyprint_pdf('<p>नियमित व्याय<span class="keep">ाम</span> करें</p>', "hi",
                                     "Noto Sans Devanagari"), print_shop=False, expected_lang="hi")
    whole = check_pdf(weasyprint_pdf("<p>नियमित व्यायाम करें</p>", "hi", "Noto Sans Devanagari"),
                      print_shop=False, expected_lang="hi")
    assert whole == []
    assert [(f.severity, f.check, f.page) for f in split] == [("critical", "shaping", 1)]
    message = split[0].message
    assert "Noto-Sans-Devanagari" in message and "dotted circle" in message
    assert "व्याय◌ाम करें" in message, "the text around it, with the circle where it is printed"
    assert "grapheme cluster" in message, "what to do"


def test_a_lone_vowel_sign_starting_a_translation_is_caught_through_the_renderer(scratch):
    set_translation(catalog(scratch, "hi"), "poster.lead", "ाराम से सोने पर फड़कन अपने-आप ठीक हो जाती है।")
    result = render(scratch, "hi", "poster")
    findings = of(check_pdf(result.pdf, print_shop=False, expected_lang="hi"), "shaping")
    assert any("◌ाराम से" in f.message and f.page == 1 for f in findings), [f.message for f in findings]


@pytest.mark.parametrize("lang,family,body,shown", [
    ("en", "Noto Sans", "<p>\u0301Twitching</p>", "◌́Twitching"),  # a combining acute accent
    ("ta", "Noto Sans Tamil", "<p>\u0bcaதம்</p>", "◌ொதம்"),  # a Tamil vowel sign
    ("hi", "Noto Sans Devanagari", "<p>ि और</p>", "◌ि और"),
])
def test_a_lone_combining_mark_at_the_start_of_a_paragraph_is_caught(lang, family, body, shown):
    findings = check_pdf(weasyprint_pdf(body, lang, family), print_shop=False, expected_lang=lang)
    assert [f.check for f in findings] == ["shaping"]
    assert shown in findings[0].message and family.replace(" ", "-") in findings[0].message


@pytest.mark.parametrize("lang,family,body,char", [
    ("hi", "Noto Sans Devanagari", "<p>नमस्ते \U00010900 दुनिया</p>", "U+10900 PHOENICIAN LETTER ALF"),
    ("zh-Hans", "Noto Sans CJK SC", "<p>你好\U00010900世界</p>", "U+10900 PHOENICIAN LETTER ALF"),  # CFF
    ("en", "Noto Sans", "<p>Call \ue000 now</p>", "U+E000"),  # a private-use character
])
def test_a_character_no_font_has_is_caught_as_notdef(caplog, lang, family, body, char):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        findings = check_pdf(weasyprint_pdf(body, lang, family), print_shop=False, expected_lang=lang)
    assert any(".notdef" in r.getMessage() for r in caplog.records), "WeasyPrint drew .notdef (and said so)"
    assert [(f.severity, f.check, f.page) for f in findings] == [("critical", "shaping", 1)]
    assert ".notdef" in findings[0].message and char in findings[0].message
    assert "layouts/fonts/fonts.yaml" in findings[0].message


def test_a_dotted_circle_the_author_wrote_is_not_a_defect():
    """A writing guide may show a vowel sign on a dotted circle on purpose."""
    pdf = weasyprint_pdf("<p>मात्रा ◌ा लिखी जाती है, और यह ◌ है।</p>", "hi", "Noto Sans Devanagari")
    assert check_pdf(pdf, print_shop=False, expected_lang="hi") == []


def test_a_dotted_circle_written_after_an_inserted_one_keeps_its_own_text():
    """textmap gives the second use of the circle glyph an alias code with its own ToUnicode
    ("◌"); only the inserted one, drawn first and mapped to "ा", is a defect."""
    pdf = weasyprint_pdf("<p>व्याय<span>ाम</span></p><p>यह ◌ है</p>", "hi", "Noto Sans Devanagari")
    findings = check_pdf(pdf, print_shop=False, expected_lang="hi")
    assert len(findings) == 1 and "व्याय◌ाम" in findings[0].message and "(2 times)" not in findings[0].message


# -- print shop: PDF/X-1a -------------------------------------------------------------------------

def _page(pdf: pikepdf.Pdf) -> pikepdf.Page:
    return pdf.pages[0]


def _draw(pdf: pikepdf.Pdf, operators: bytes, **resources) -> None:
    """Append drawing operators to the first page, with the resources they name."""
    page = _page(pdf)
    for kind, entries in resources.items():
        if f"/{kind}" not in page.Resources:
            page.Resources[f"/{kind}"] = pikepdf.Dictionary()
        for name, value in entries.items():
            page.Resources[f"/{kind}"][f"/{name}"] = value
    page.contents_add(pikepdf.Stream(pdf, b"q " + operators + b" Q"), prepend=False)


def _state(pdf, **entries):
    _draw(pdf, b"/PFgs gs 0 0 0 1 k 10 10 50 50 re f", ExtGState={"PFgs": pikepdf.Dictionary(**entries)})


def _form(pdf, group: bool) -> pikepdf.Stream:
    form = pikepdf.Stream(pdf, b"0 0 0 1 K 0 0 m 10 10 l S")
    form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, [0, 0, 20, 20]
    if group:
        form.Group = pikepdf.Dictionary(Type=pikepdf.Name.Group, S=pikepdf.Name.Transparency,
                                        CS=pikepdf.Name.DeviceRGB, I=True)
    return form


def _image(pdf, space, smask: bool = False) -> pikepdf.Stream:
    image = pikepdf.Stream(pdf, b"\x80\x80\x80")
    image.Type, image.Subtype, image.Width, image.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 1, 1
    image.ColorSpace, image.BitsPerComponent = space, 8
    if smask:
        mask = pikepdf.Stream(pdf, b"\x80")
        mask.Type, mask.Subtype, mask.Width, mask.Height = pikepdf.Name.XObject, pikepdf.Name.Image, 1, 1
        mask.ColorSpace, mask.BitsPerComponent = pikepdf.Name.DeviceGray, 8
        image.SMask = mask
    return image


def _icc_rgb(pdf) -> pikepdf.Array:
    profile = pikepdf.Stream(pdf, b"\0" * 128)
    profile.N = 3
    return pikepdf.Array([pikepdf.Name.ICCBased, profile])


def _used_font_descriptor(pdf):
    for font in _page(pdf).Resources.Font.values():
        return font.DescendantFonts[0].FontDescriptor


def _annotation(pdf, rect, subtype="/Link"):
    annot = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name(subtype),
                                                 Rect=rect, Contents=pikepdf.String("a note")))
    _page(pdf).obj.Annots = pdf.make_indirect(pikepdf.Array([annot]))


def _trim_centre(pdf):
    x1, y1, x2, y2 = (float(v) for v in _page(pdf).obj.TrimBox)
    return [(x1 + x2) / 2 - 20, (y1 + y2) / 2 - 20, (x1 + x2) / 2 + 20, (y1 + y2) / 2 + 20]


def _outline_action(pdf):
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("Open the web", action=pikepdf.Dictionary(
            S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org"))))


def _tiling_pattern(pdf, cell: bytes) -> pikepdf.Stream:
    return pikepdf.Stream(pdf, cell, Type=pikepdf.Name.Pattern, PatternType=1, PaintType=1, TilingType=1,
                          BBox=[0, 0, 10, 10], XStep=10, YStep=10, Resources=pikepdf.Dictionary())


def _profile(pdf, header: bytes) -> pikepdf.Stream:
    profile = pikepdf.Stream(pdf, b"\0" * 12 + header + b"\0" * (128 - 12 - len(header)))
    profile.N = 3
    return profile


def _metadata_without(pdf, text: bytes):
    packet = pdf.Root.Metadata.read_bytes()
    pdf.Root.Metadata.write(packet.replace(text, b""))


def _set_info(pdf, key, value):
    pdf.docinfo[key] = value


PDFX_DEFECTS = {  # name: (plant, words the finding must say)
    "transparency group on the page": (lambda pdf: setattr(_page(pdf).obj, "Group", pikepdf.Dictionary(
        S=pikepdf.Name.Transparency, CS=pikepdf.Name.DeviceCMYK)), "the page is a transparency group"),
    "transparency group in a form (as WeasyPrint's crop marks)": (lambda pdf: _draw(
        pdf, b"/PFx Do", XObject={"PFx": _form(pdf, group=True)}), "a form XObject"),
    "RGB blending space of a group": (lambda pdf: _draw(pdf, b"/PFx Do", XObject={"PFx": _form(pdf, group=True)}),
                                      "blending colour space of a form XObject (a group WeasyPrint draws for "
                                      "opacity, SVG or marks) uses RGB"),
    "soft mask in a graphics state": (lambda pdf: _state(pdf, SMask=pikepdf.Dictionary(
        S=pikepdf.Name.Luminosity, G=_form(pdf, group=True))), "soft mask (/SMask)"),
    "fill opacity": (lambda pdf: _state(pdf, ca=0.5), "fill opacity 0.5"),
    "stroke opacity": (lambda pdf: _state(pdf, CA=0.25), "stroke opacity 0.25"),
    "blend mode": (lambda pdf: _state(pdf, BM=pikepdf.Name.Multiply), "blend mode /Multiply"),
    "transfer function": (lambda pdf: _state(pdf, TR=pikepdf.Dictionary(
        FunctionType=2, Domain=[0, 1], N=1)), "transfer function"),
    "halftone type 6": (lambda pdf: _state(pdf, HT=pikepdf.Dictionary(HalftoneType=6)), "halftone of type 6"),
    "RGB colour operator": (lambda pdf: _draw(pdf, b"1 0 0 rg 0 0 20 20 re f"),
                            "colour operator 'rg' uses RGB (DeviceRGB)"),
    "ICC-based RGB colour space": (lambda pdf: _draw(pdf, b"/PFcs cs 1 0 0 sc 0 0 20 20 re f",
                                                     ColorSpace={"PFcs": _icc_rgb(pdf)}), "ICC-based RGB"),
    "RGB alternate of a spot colour": (lambda pdf: _draw(pdf, b"/PFcs cs 1 sc 0 0 20 20 re f", ColorSpace={
        "PFcs": pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name("/Brand teal"), pikepdf.Name.DeviceRGB,
                               pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 1, 1], C1=[0, 0.4, 0.4],
                                                  N=1)])}),
        "the alternate space of a spot colour in colour space set by 'cs' uses RGB"),
    "RGB inline image": (lambda pdf: _draw(pdf, b"20 0 0 20 0 0 cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \x80\x80\x80 EI"),
                         "an inline image uses RGB"),
    "RGB inside a tiling pattern": (lambda pdf: _draw(pdf, b"/Pattern cs /PFp scn 0 0 20 20 re f", Pattern={
        "PFp": _tiling_pattern(pdf, b"1 0 0 rg 0 0 5 5 re f")}), "colour operator 'rg' uses RGB"),
    "Lab shading": (lambda pdf: _draw(pdf, b"/PFsh sh", Shading={"PFsh": pikepdf.Dictionary(
        ShadingType=2, Coords=[0, 0, 100, 0], ColorSpace=pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(
            WhitePoint=[0.9505, 1, 1.089])]), Function=pikepdf.Dictionary(
            FunctionType=2, Domain=[0, 1], C0=[0, 0, 0], C1=[100, 0, 0], N=1))}),
        "a shading (gradient) uses the colour space Lab"),
    "RGB image": (lambda pdf: _draw(pdf, b"20 0 0 20 0 0 cm /PFim Do",
                                    XObject={"PFim": _image(pdf, pikepdf.Name.DeviceRGB)}), "an image uses RGB"),
    "image with a soft mask": (lambda pdf: _draw(pdf, b"20 0 0 20 0 0 cm /PFim Do", XObject={
        "PFim": _image(pdf, pikepdf.Name.DeviceCMYK, smask=True)}), "an image has a soft mask"),
    "PostScript XObject": (lambda pdf: _draw(pdf, b"/PFps Do", XObject={"PFps": pikepdf.Stream(
        pdf, b"0 0 moveto", Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.PS)}), "paints PostScript"),
    "font not embedded": (lambda pdf: _used_font_descriptor(pdf).__delitem__("/FontFile2"), "is not embedded"),
    "no TrimBox": (lambda pdf: _page(pdf).obj.__delitem__("/TrimBox"), "no TrimBox"),
    "BleedBox beyond the MediaBox": (lambda pdf: setattr(_page(pdf).obj, "BleedBox", pikepdf.Array(
        [-100, -100, 1000, 1300])), "BleedBox runs outside the MediaBox"),
    "TrimBox beyond the BleedBox": (lambda pdf: setattr(_page(pdf).obj, "TrimBox", pikepdf.Array(
        [-20, -20, 860, 1210])), "TrimBox is not inside the BleedBox"),
    "no output intent": (lambda pdf: pdf.Root.__delitem__("/OutputIntents"), "0 PDF/X output intents"),
    "output intent without RegistryName": (lambda pdf: pdf.Root.OutputIntents[0].__delitem__("/RegistryName"),
                                           "has no RegistryName"),
    "output intent without Info": (lambda pdf: pdf.Root.OutputIntents[0].__delitem__("/Info"), "has no /Info"),
    "a monitor profile as output profile": (lambda pdf: setattr(pdf.Root.OutputIntents[0], "DestOutputProfile",
                                                                _profile(pdf, b"mntrRGB ")),
                                            "not a CMYK or grey output (printer) ICC profile"),
    "unregistered output condition": (lambda pdf: setattr(pdf.Root.OutputIntents[0], "OutputConditionIdentifier",
                                                          pikepdf.String("Our printer")), "not a characterisation"),
    "Trapped unknown": (lambda pdf: _set_info(pdf, "/Trapped", pikepdf.Name.Unknown), "/Trapped is /Unknown"),
    "wrong GTS_PDFXVersion": (lambda pdf: _set_info(pdf, "/GTS_PDFXVersion", "PDF/X-3:2003"),
                              "GTS_PDFXVersion 'PDF/X-3:2003'"),
    "PDF/X-1:2001 without its conformance": (lambda pdf: (_set_info(pdf, "/GTS_PDFXVersion", "PDF/X-1:2001"),
                                                          pdf.docinfo.__delitem__("/GTS_PDFXConformance")),
                                             "needs GTS_PDFXConformance 'PDF/X-1a:2001'"),
    "no title": (lambda pdf: pdf.docinfo.__delitem__("/Title"), "no Title"),
    "no modification date": (lambda pdf: pdf.docinfo.__delitem__("/ModDate"), "no ModDate"),
    "JavaScript": (lambda pdf: setattr(pdf.Root.Names, "JavaScript", pikepdf.Dictionary(Names=pikepdf.Array())),
                   "holds JavaScript"),
    "additional actions on the document": (lambda pdf: setattr(pdf.Root, "AA", pikepdf.Dictionary()),
                                           "additional actions (/AA on the catalog)"),
    "an annotation with an action, off the page": (lambda pdf: (_annotation(pdf, [-30, -30, -20, -20]), setattr(
        _page(pdf).obj.Annots[0], "A", pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://x.org")))),
        "a Link annotation carries an action"),
    "CropBox beyond the MediaBox": (lambda pdf: setattr(_page(pdf).obj, "CropBox", pikepdf.Array(
        [-100, -100, 1000, 1300])), "the CropBox runs outside the MediaBox"),
    "an action on opening": (lambda pdf: setattr(pdf.Root, "OpenAction", pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))), "/OpenAction"),
    "a bookmark with an action": (_outline_action, "runs an action (/A)"),
    "annotation on the printed area": (lambda pdf: _annotation(pdf, _trim_centre(pdf)), "lies on the printed area"),
    "embedded file": (lambda pdf: pdf.attachments.__setitem__("notes.txt", b"not for print"), "embedded files"),
}


@pytest.fixture(scope="module")
def print_poster(built) -> bytes:
    return real(built, "en", "poster-print")


def planted(data: bytes, plant, **save) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        plant(pdf)
        out = io.BytesIO()
        pdf.save(out, **save)
    return out.getvalue()


@pytest.mark.parametrize("defect", PDFX_DEFECTS)
def test_each_pdfx_rule_catches_its_defect(print_poster, defect):
    plant, words = PDFX_DEFECTS[defect]
    assert of(check_pdf(print_poster, print_shop=True, expected_lang="en"), "pdfx") == []
    findings = of(check_pdf(planted(print_poster, plant), print_shop=True, expected_lang="en"), "pdfx")
    assert any(words in f.message for f in findings), [f.message for f in findings]
    assert all(f.severity == "critical" for f in findings)


def test_print_shop_text_in_a_tint_of_black_is_caught(print_poster):
    """The print-shop poster's text was 90% K (CSS's #1a1a1a), its small print 80% K (#333):
    the press screens a tint into dots, so type gets soft edges. Text in solid black passes;
    a tint anywhere is functional (no PDF/X rule, a print shop's preflight warns)."""
    def text_in(fill: bytes):
        def plant(pdf):
            name = next(iter(_page(pdf).Resources.Font.keys()))
            _draw(pdf, b"BT " + name.encode() + b" 9 Tf " + fill + b" 40 40 Td <0003> Tj ET")
        return plant

    def tints(fill: bytes) -> list:
        return [f for f in of(check_pdf(planted(print_poster, text_in(fill)), print_shop=True), "pdfx")
                if "tint of black" in f.message]

    assert tints(b"0 0 0 0.9 k") and tints(b"0 0 0 0.9 k")[0].severity == "functional"
    assert "90% K" in tints(b"0 0 0 0.9 k")[0].message
    assert tints(b"0.2 g") and "80% K" in tints(b"0.2 g")[0].message
    assert not tints(b"0 0 0 1 k") and not tints(b"0 g") and not tints(b"0.8 0.3 0 0.2 k")
    assert not tints(b"q 0 0 0 0.9 k Q"), "a fill restored by Q before the text is not its fill"


def test_a_pdf_version_pdfx_1a_does_not_allow_is_caught(print_poster):
    findings = of(check_pdf(planted(print_poster, lambda pdf: None, force_version="1.6"), print_shop=True), "pdfx")
    assert [f.message for f in findings if "PDF 1.6" in f.message and "1.3 or 1.4" in f.message]


def test_a_filter_pdfx_1a_does_not_allow_is_caught(print_poster):
    def lzw(pdf):
        stream = pikepdf.Stream(pdf, b"")
        stream.write(b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", filter=pikepdf.Name.LZWDecode)  # LZW-coded
        _page(pdf).obj.PieceInfo = pikepdf.Dictionary(Notes=pdf.make_indirect(stream))

    data = planted(print_poster, lzw, compress_streams=False)  # else qpdf recodes it with Flate
    findings = of(check_pdf(data, print_shop=True), "pdfx")
    assert [f.message for f in findings] == [
        "a stream is compressed with LZWDecode, which PDF/X-1a does not allow; use Flate"]


def test_a_file_without_an_id_is_caught(print_poster):
    """qpdf always writes an /ID, so it is blanked in the trailer WeasyPrint wrote (same length:
    the cross-reference offsets stay right)."""
    trailer = print_poster.rindex(b"trailer")
    start = print_poster.index(b"/ID", trailer)
    end = print_poster.index(b"]", start) + 1
    without = print_poster[:start] + b" " * (end - start) + print_poster[end:]
    findings = of(check_pdf(without, print_shop=True), "pdfx")
    assert [f.message for f in findings] == [
        "the file has no /ID in its trailer, which PDF/X requires; write one (WeasyPrint's pdf_identifier)"]


def test_an_encrypted_print_file_is_caught(print_poster):
    encrypted = planted(print_poster, lambda pdf: None,
                        encryption=pikepdf.Encryption(owner="print shop", user="", R=4))
    findings = check_pdf(encrypted, print_shop=True, expected_lang="en")
    assert any(f.check == "pdfx" and "encrypted" in f.message for f in findings)


def test_a_file_that_cannot_be_read_is_one_critical_finding(print_poster):
    locked = planted(print_poster, lambda pdf: None, encryption=pikepdf.Encryption(owner="o", user="secret"))
    assert [(f.severity, f.check) for f in check_pdf(locked, print_shop=True)] == [("critical", "file")]
    assert [(f.severity, f.check) for f in check_pdf(print_poster[:2000], print_shop=True)] == [("critical", "file")]


def test_pdfx_rules_apply_to_the_print_shop_file_only(built):
    """The screen editions are RGB PDF/UA files: judging them as PDF/X would be noise."""
    poster = real(built, "en", "poster")
    assert of(check_pdf(poster, print_shop=True), "pdfx"), "a screen poster is no PDF/X file"
    assert check_pdf(poster, print_shop=False, expected_lang="en") == []


def test_weasyprint_crop_marks_are_the_transparency_a_print_shop_rejects():
    """Why the renderer draws its own crop marks: CSS `marks: crop`, as WeasyPrint 70 draws it,
    is a transparency group in RGB with a fill at opacity 0, even after the print-shop finisher."""
    from weasyprint import HTML

    clinic = clinic_of(Project(ROOT))

    def poster(css: str) -> bytes:  # laid out, then written, as the renderer does
        html = (f'<html lang="en"><head><title>Marks</title><style>@page {{ size: 100mm 100mm; {css} }}'
                'body { font-family: "Noto Sans" }</style></head><body><p>Crop marks</p></body></html>')
        document = HTML(string=html).render(font_config=font_config())
        return document.write_pdf(pdf_tags=True, **printshop.print_shop_options(clinic))

    messages = " | ".join(f.message for f in of(check_pdf(poster("bleed: 12mm; marks: crop"), print_shop=True),
                                                 "pdfx"))
    assert "a form XObject (a group WeasyPrint draws for opacity, SVG or marks) is a transparency group" in messages
    assert "fill opacity 0 (ca < 1)" in messages
    assert "blending colour space of a form XObject (a group WeasyPrint draws for opacity, SVG or marks) uses " \
           "RGB (DeviceRGB)" in messages
    assert of(check_pdf(poster("bleed: 12mm"), print_shop=True), "pdfx") == []


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_print_shop_crop_marks_are_plain_black_strokes_on_the_trim_lines_outside_the_bleed(built, locale):
    with pikepdf.open(pdf(built, locale, "poster-print")) as document:
        page = document.pages[0]
        assert "/XObject" not in page.Resources or not len(page.Resources.XObject), "no form, no group"
        trim = [float(v) for v in page.TrimBox]
        bleed = [float(v) for v in page.BleedBox]
        media = [float(v) for v in page.MediaBox]
        instructions = pikepdf.parse_content_stream(page)
        start = next(i for i, ins in enumerate(instructions) if str(ins.operator) == "BDC"
                     and ins.operands[0] == "/Artifact" and ins.operands[1].get("/Type") == "/Page")
        marks = instructions[start:start + 30]
        colour = [list(map(float, ins.operands)) for ins in marks if str(ins.operator) == "K"]
        points = [tuple(map(float, ins.operands)) for ins in marks if str(ins.operator) in ("m", "l")]
    assert colour == [[0, 0, 0, 1]], "black ink only"
    segments = list(zip(points[::2], points[1::2]))
    assert len(segments) == 8
    for (x1, y1), (x2, y2) in segments:
        on_trim_line = (y1 == y2 and min(abs(y1 - trim[1]), abs(y1 - trim[3])) < 0.01) or \
                       (x1 == x2 and min(abs(x1 - trim[0]), abs(x1 - trim[2])) < 0.01)
        outside_bleed = max(x1, x2) <= bleed[0] or min(x1, x2) >= bleed[2] or \
            max(y1, y2) <= bleed[1] or min(y1, y2) >= bleed[3]
        inside_media = media[0] <= min(x1, x2) and max(x1, x2) <= media[2] and \
            media[1] <= min(y1, y2) and max(y1, y2) <= media[3]
        assert on_trim_line and outside_bleed and inside_media, ((x1, y1), (x2, y2))


# -- accessibility ------------------------------------------------------------------------------

def _elements(pdf: pikepdf.Pdf):
    stack = list(pdf.Root.StructTreeRoot.K)
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            yield element
            kids = element.get("/K")
            stack += list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def _first(pdf, role):
    return next(e for e in _elements(pdf) if e.S == role)


def _empty_heading(pdf):
    _first(pdf, "/H2").K = pikepdf.Array()


ACCESSIBILITY_DEFECTS = {
    "a header cell without scope": (lambda pdf: _first(pdf, "/TH").A.__delitem__("/Scope"),
                                    "1 table header cell (TH) carries no /Scope"),
    "a figure without alternative text": (lambda pdf: _first(pdf, "/Figure").__delitem__("/Alt"),
                                          "has no alternative text"),
    "no document language": (lambda pdf: pdf.Root.__delitem__("/Lang"), "has no language (/Lang)"),
    "not marked as tagged": (lambda pdf: setattr(pdf.Root.MarkInfo, "Marked", False), "/MarkInfo /Marked true"),
    "no structure tree": (lambda pdf: pdf.Root.__delitem__("/StructTreeRoot"), "has no structure tree"),
    "an empty heading": (_empty_heading, "a heading (H2) is empty"),
    "no PDF/UA identification": (lambda pdf: _metadata_without(pdf, b'pdfuaid:part="1"'), "PDF/UA-1"),
    "title not shown": (lambda pdf: setattr(pdf.Root.ViewerPreferences, "DisplayDocTitle", False),
                        "/DisplayDocTitle"),
}


@pytest.fixture(scope="module")
def leaflet(built) -> bytes:
    return real(built, "en", "leaflet")


@pytest.mark.parametrize("defect", ACCESSIBILITY_DEFECTS)
def test_each_accessibility_rule_catches_its_defect(leaflet, defect):
    plant, words = ACCESSIBILITY_DEFECTS[defect]
    assert check_pdf(leaflet, print_shop=False, expected_lang="en") == []
    findings = check_pdf(planted(leaflet, plant), print_shop=False, expected_lang="en")
    assert [f for f in findings if words in f.message and f.check == "accessibility"], [f.message for f in findings]
    assert all(f.severity == "functional" for f in findings)


def test_a_document_in_another_language_than_expected_is_caught(leaflet):
    findings = check_pdf(leaflet, print_shop=False, expected_lang="fr")
    assert [f.message for f in findings] == [
        "the document's language is 'en', not 'fr'; a screen reader would read it with the wrong voice: "
        "set <html lang=\"fr\">"]


@pytest.mark.parametrize("locale", ALL_LOCALES)
def test_header_cells_carry_the_scope_their_html_gives(built, locale):
    """Column headers (<th scope="col"> in <thead>) and row headers (<th scope="row">), as a
    screen reader announces them: "Medicine: Propranolol"."""
    for edition in ("leaflet", "leaflet-bilingual") if locale != "en" else ("leaflet",):
        with pikepdf.open(pdf(built, locale, edition)) as document:
            scopes = {"/THead": set(), "/TBody": set()}
            for section in (e for e in _elements(document) if e.S in scopes):
                rows = [section.K] if isinstance(section.K, pikepdf.Dictionary) else list(section.K)
                for row in rows:
                    cells = [row.K] if isinstance(row.K, pikepdf.Dictionary) else list(row.K)
                    scopes[str(section.S)] |= {str(c.A.Scope) for c in cells if c.S == "/TH"}
        assert scopes == {"/THead": {"/Column"}, "/TBody": {"/Row"}}, (edition, scopes)


@pytest.mark.parametrize("locale,edition", REAL_OUTPUTS)
def test_pdfua_finds_nothing_on_any_real_output(built, locale, edition):
    """An independent PDF/UA-1 checker (the `pdfua` package) over every output, the print-shop
    poster included. Its empty-heading rule (UA-14-001) cannot run on these files: it calls
    getattr on a pikepdf Array, which raises ValueError; pdf_tags.py checks empty headings."""
    from pdfua import validate

    report = validate(str(pdf(built, locale, edition)))
    assert [(f.rule_id, f.severity.name, f.message) for f in report.findings] == []
    skipped = {o.rule_id: o.skipped_reason for o in report.skipped}
    assert set(skipped) <= {"UA-14-001"} and all("is_integer" in why for why in skipped.values()), skipped
    assert len(report.outcomes) - len(skipped) >= 11


def test_pdfua_would_see_header_cells_without_scope(built, tmp_path):
    """The test above can fail: without the renderer's /Scope, pdfua warns about the table."""
    from pdfua import validate

    def strip_scopes(pdf):
        for element in _elements(pdf):
            if element.S == "/TH":
                del element.A["/Scope"]

    path = tmp_path / "leaflet.pdf"
    path.write_bytes(planted(real(built, "en", "leaflet"), strip_scopes))
    assert {(f.rule_id, f.severity.name) for f in validate(str(path)).findings} == {("UA-15-003", "WARNING")}


# -- in the build ---------------------------------------------------------------------------------

def test_the_build_carries_each_pdfs_findings_and_prints_the_counts(scratch, capsys, monkeypatch):
    monkeypatch.chdir(scratch.root)
    set_translation(catalog(scratch, "hi"), "poster.lead", "ाराम से सोने पर फड़कन ठीक हो जाती है।")
    summary = build(scratch, [DOC], ["hi"], workers=1, only=("poster",))
    assert summary.ok
    (outcome,) = summary.outcomes
    assert any(check == "shaping" and "◌ाराम" in message for _, check, _, message in outcome.findings)
    assert all(severity in SEVERITIES for severity, *_ in outcome.findings)
    capsys.readouterr()
    assert main(["--root", str(scratch.root), "build", "--langs", "hi", "-j", "1"]) == 0
    out = capsys.readouterr().out
    import re
    preflight = out[out.index("Print preflight of the PDFs built"):]
    counted = re.search(r"\n  hi +muscle-twitching +(\d+) critical, \d+ functional, \d+ cosmetic", preflight)
    assert counted and int(counted[1]) >= 2, "the lead's broken cluster on the print-shop and Tabloid posters"
    assert re.search(r"output/hi/muscle-twitching-poster-(print|tabloid)\.pdf: page 1: critical: shaping: ", out)
    from pipeline.builder.manifest import Manifest
    recorded = Manifest.load(scratch.output, scratch.root, (scratch.root,)).findings(pdf(scratch, "hi", "poster"))
    assert any(f[1] == "shaping" for f in recorded), "kept for the staff index of later builds"
