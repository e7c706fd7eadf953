"""The rules of PDF/X-1a (ISO 15930-4:2003, and 15930-1:2001) that reading the file decides.

What a print shop's preflight rejects: transparency of any kind, colour other than CMYK, grey
or spot, fonts not embedded, page boxes missing or not nested, no PDF/X output intent or one
without a registered characterisation, the identification keys (`GTS_PDFXVersion`, `Trapped`,
dates, title, file ID), a PDF version the standard does not allow, encryption, actions and
JavaScript, annotations on the printed area, embedded files, PostScript, transfer functions,
halftones other than types 1 and 5, and compression filters the standard excludes.

Hand-written because no maintained library decides PDF/X-1a from Python: veraPDF covers
PDF/A and PDF/UA only, and the PDF/X preflights (Acrobat, callas pdfToolbox, PitStop) are
closed programs. Each rule reads objects through pikepdf; what pages draw comes from the
content scan (pdf_content.py), so only colour, states and images actually used are judged.
Findings are critical: a print shop returns such a file.
"""

from __future__ import annotations

import pikepdf

from . import PageFinding
from .pdf_content import PageScan

CHECK = "pdfx"
#: Characterisations in the ICC's registry (https://www.color.org/registry/) that a PDF/X
#: output intent may name without embedding a profile. Others need a DestOutputProfile.
REGISTERED_CONDITIONS = frozenset({
    *(f"CGATS TR {n:03d}" for n in (1, 2, 3, 5, 6)),
    *(f"CGATS21-2-CRPC{n}" for n in range(1, 8)),
    *(f"FOGRA{n}" for n in range(27, 48)), "FOGRA51", "FOGRA52",
    "IFRA26", "IFRA30", "JC200103", "JCN2002", "JCW2003",
})
#: GTS_PDFXVersion -> (the GTS_PDFXConformance it needs, or None; PDF versions allowed).
VERSIONS = {"PDF/X-1:2001": ("PDF/X-1a:2001", ("1.3",)), "PDF/X-1a:2003": (None, ("1.3", "1.4"))}
#: Filters of PDF 1.3/1.4 the standard allows (LZW is excluded, JPX and Crypt are later).
FILTERS = frozenset({"/ASCIIHexDecode", "/ASCII85Decode", "/FlateDecode", "/RunLengthDecode",
                     "/CCITTFaxDecode", "/DCTDecode", "/JBIG2Decode", "/AHx", "/A85", "/Fl", "/RL",
                     "/CCF", "/DCT"})
_DEVICE = {"/DeviceCMYK", "/DeviceGray", "/CMYK", "/G"}
_TOLERANCE = 0.01  # pt, for boxes written with rounding


def finding(message: str, page: int | None = None) -> PageFinding:
    return PageFinding("critical", CHECK, page, message)


def check(pdf: pikepdf.Pdf, scans: list[PageScan]) -> list[PageFinding]:
    """Every PDF/X-1a rule this module knows, over the whole file and each page."""
    findings = _identification(pdf) + _output_intent(pdf) + _document_features(pdf)
    for page, scan in zip(pdf.pages, scans):
        findings += _boxes(page, scan.number)
        findings += _annotations(page, scan.number)
        findings += _drawn(page, scan)
        findings += _text_tints(scan)
    findings += _filters(pdf)
    return findings


def _text_tints(scan: PageScan) -> list[PageFinding]:
    """Text in a tint of black ink alone (90% K: CSS's #1a1a1a converted): the press screens a
    tint into dots, so type has soft, ragged edges, the small print worst; a print shop's
    preflight asks for black text in solid black (100% K). Functional, not a PDF/X rule."""
    tints = sorted(t for t in {_black_tint(op, values) for op, values in scan.text_fills} if t is not None)
    if not tints:
        return []
    shown = ", ".join(f"{tint:.0%} K" for tint in tints)
    return [PageFinding("functional", CHECK, scan.number,
                        f"text printed in a tint of black ({shown}), which the press screens into dots: soft "
                        "edges on small type; set the print-shop poster's text in solid black "
                        "(layouts/poster-print.css: color #000, which prints 100% K)")]


def _black_tint(op: str, values: tuple[float, ...]) -> float | None:
    """The black ink of a fill that is black ink only, between none and solid; else None."""
    if op == "k" and len(values) == 4 and not any(values[:3]):
        tint = values[3]
    elif op == "g" and len(values) == 1:
        tint = 1 - values[0]
    else:
        return None
    return tint if 0.02 < tint < 0.999 else None


# -- identification -----------------------------------------------------------------------------

def _identification(pdf: pikepdf.Pdf) -> list[PageFinding]:
    out = []
    info = pdf.trailer.get("/Info")
    info = info if isinstance(info, pikepdf.Dictionary) else pikepdf.Dictionary()
    version = str(info.get("/GTS_PDFXVersion", ""))
    if version not in VERSIONS:
        out.append(finding(f"the document information has GTS_PDFXVersion {version or 'missing'!r}, not "
                           "'PDF/X-1a:2003' (or 'PDF/X-1:2001'): a print shop's preflight will not take it "
                           "for PDF/X-1a; write it with WeasyPrint's pdf_variant='pdf/x-1a'"))
        allowed: tuple[str, ...] = ("1.3", "1.4")
    else:
        conformance, allowed = VERSIONS[version]
        if conformance and str(info.get("/GTS_PDFXConformance", "")) != conformance:
            out.append(finding(f"GTS_PDFXVersion {version!r} needs GTS_PDFXConformance {conformance!r} in the "
                               "document information; add it"))
    trapped = info.get("/Trapped")
    if str(trapped) not in ("/True", "/False"):
        out.append(finding(f"/Trapped is {trapped if trapped is not None else 'missing'}; PDF/X needs /True or "
                           "/False in the document information (/False unless the file was trapped)"))
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not str(info.get(key, "")).strip():
            out.append(finding(f"the document information has no {key[1:]}, which PDF/X requires; set it"))
    if "/ID" not in pdf.trailer:
        out.append(finding("the file has no /ID in its trailer, which PDF/X requires; write one "
                           "(WeasyPrint's pdf_identifier)"))
    header = str(pdf.pdf_version)
    declared = str(pdf.Root.get("/Version", "/" + header))[1:]
    if header not in allowed or declared not in allowed:
        shown = header if declared == header else f"{header} (catalog /Version {declared})"
        out.append(finding(f"the file is PDF {shown}; {version or 'PDF/X-1a'} allows only PDF "
                           f"{' or '.join(allowed)}; write it as PDF {allowed[-1]}"))
    if pdf.is_encrypted:
        out.append(finding("the file is encrypted, which PDF/X forbids; write it without a password or "
                           "permissions"))
    return out


def _output_intent(pdf: pikepdf.Pdf) -> list[PageFinding]:
    intents = [intent for intent in pdf.Root.get("/OutputIntents", ())
               if isinstance(intent, pikepdf.Dictionary) and intent.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return [finding(f"the file has {len(intents)} PDF/X output intents (/S /GTS_PDFX); it needs exactly "
                        "one, naming the printing condition (e.g. FOGRA39 for coated offset in Europe)")]
    intent = intents[0]
    out = []
    identifier = str(intent.get("/OutputConditionIdentifier", "")).strip()
    profile = intent.get("/DestOutputProfile")
    if not identifier:
        out.append(finding("the PDF/X output intent has no OutputConditionIdentifier; name the printing "
                           "condition, e.g. FOGRA39"))
    if isinstance(profile, pikepdf.Stream):
        header = profile.read_bytes()[:20]
        if header[12:16] != b"prtr" or header[16:20] not in (b"CMYK", b"GRAY"):
            out.append(finding("the output intent's DestOutputProfile is not a CMYK or grey output (printer) "
                               "ICC profile; embed the print shop's profile or name a registered condition"))
    else:
        if identifier and identifier not in REGISTERED_CONDITIONS:
            out.append(finding(f"the output intent names {identifier!r}, which is not a characterisation in the "
                               "ICC registry that this check knows, and embeds no profile; name a registered "
                               "one (FOGRA39, CGATS TR 001, ...) or embed the printer's ICC profile"))
        if not str(intent.get("/RegistryName", "")).strip():
            out.append(finding("the output intent embeds no profile and has no RegistryName; set RegistryName "
                               "(http://www.color.org) so the condition can be looked up"))
        if not str(intent.get("/Info", "")).strip():
            out.append(finding("the output intent has no /Info describing the printing condition; add it"))
    return out


def _document_features(pdf: pikepdf.Pdf) -> list[PageFinding]:
    """Actions, JavaScript and embedded files, anywhere in the document."""
    out = []
    root = pdf.Root
    if isinstance(root.get("/OpenAction"), pikepdf.Dictionary):
        out.append(finding("the file runs an action when opened (/OpenAction), which PDF/X forbids; remove it"))
    if "/AA" in root:
        out.append(finding("the file has additional actions (/AA on the catalog), which PDF/X forbids; remove them"))
    names = root.get("/Names", pikepdf.Dictionary())
    if "/JavaScript" in names:
        out.append(finding("the file holds JavaScript (/Names /JavaScript), which PDF/X forbids; remove it"))
    if "/EmbeddedFiles" in names or "/AF" in root:
        out.append(finding("the file has embedded files, which PDF/X-1a forbids; remove the attachments "
                           "(an <a rel=attachment> or a <link rel=attachment> in the HTML)"))
    form = root.get("/AcroForm")
    if isinstance(form, pikepdf.Dictionary) and any("/AA" in field or "/A" in field for field in form.get("/Fields", ())):
        out.append(finding("the file's form fields carry actions, which PDF/X forbids; remove them"))
    seen = set()
    item = root.get("/Outlines", pikepdf.Dictionary()).get("/First")
    stack = [item] if item is not None else []
    while stack:  # outline items, depth first; /Dest is fine, an action is not
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        if "/A" in item:
            out.append(finding(f"the bookmark {str(item.get('/Title', ''))!r} runs an action (/A); PDF/X allows "
                               "plain destinations (/Dest) only"))
        stack += [child for child in (item.get("/Next"), item.get("/First")) if child is not None]
    return out


# -- pages -------------------------------------------------------------------------------------

def _box(page: pikepdf.Page, name: str) -> list[float] | None:
    value = page.obj.get(name)
    if value is None and name in ("/MediaBox", "/CropBox"):  # inheritable (7.7.3.4)
        parent = page.obj.get("/Parent")
        while value is None and isinstance(parent, pikepdf.Dictionary):
            value, parent = parent.get(name), parent.get("/Parent")
    if value is None:
        return None
    x1, y1, x2, y2 = (float(v) for v in value)
    return [min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)]


def _inside(inner: list[float], outer: list[float]) -> bool:
    return (inner[0] >= outer[0] - _TOLERANCE and inner[1] >= outer[1] - _TOLERANCE
            and inner[2] <= outer[2] + _TOLERANCE and inner[3] <= outer[3] + _TOLERANCE)


def _boxes(page: pikepdf.Page, number: int) -> list[PageFinding]:
    media, crop = _box(page, "/MediaBox"), _box(page, "/CropBox")
    trim, bleed, art = _box(page, "/TrimBox"), _box(page, "/BleedBox"), _box(page, "/ArtBox")
    out = []
    if media is None:
        return [finding("the page has no MediaBox; write a valid page", number)]
    if trim is None and art is None:
        out.append(finding("the page has no TrimBox (nor ArtBox), so the print shop cannot tell where to cut; "
                           "set the trimmed size (CSS @page bleed writes it)", number))
    visible = crop or media
    if crop is not None and not _inside(crop, media):
        out.append(finding("the CropBox runs outside the MediaBox; keep it inside", number))
    if bleed is not None and not _inside(bleed, visible):
        out.append(finding("the BleedBox runs outside the MediaBox (or CropBox); the bleed would be cut off", number))
    for name, box in (("TrimBox", trim), ("ArtBox", art)):
        if box is not None and not _inside(box, bleed or visible):
            out.append(finding(f"the {name} is not inside the {'BleedBox' if bleed else 'MediaBox'}; the boxes "
                               "must nest (trim inside bleed inside media)", number))
    return out


def _annotations(page: pikepdf.Page, number: int) -> list[PageFinding]:
    out = []
    printed = _box(page, "/BleedBox") or _box(page, "/TrimBox") or _box(page, "/CropBox") or _box(page, "/MediaBox")
    for annot in page.obj.get("/Annots", ()):
        if not isinstance(annot, pikepdf.Dictionary):
            continue
        subtype = str(annot.get("/Subtype", "/Unknown"))
        if "/A" in annot or "/AA" in annot:
            out.append(finding(f"a {subtype[1:]} annotation carries an action, which PDF/X forbids; remove it "
                               "(links are for the screen editions)", number))
        if subtype == "/FileAttachment":
            out.append(finding("a file attachment annotation embeds a file, which PDF/X-1a forbids", number))
        if subtype in ("/TrapNet", "/PrinterMark") or printed is None or "/Rect" not in annot:
            continue
        x1, y1, x2, y2 = (float(v) for v in annot.Rect)
        if min(x2, x1) < printed[2] and max(x1, x2) > printed[0] and min(y1, y2) < printed[3] and max(y1, y2) > printed[1]:
            out.append(finding(f"a {subtype[1:]} annotation lies on the printed area (inside the "
                               f"{'BleedBox' if '/BleedBox' in page.obj else 'TrimBox'}), which PDF/X "
                               "forbids; remove it from the print edition", number))
    if "/AA" in page.obj:
        out.append(finding("the page has additional actions (/AA), which PDF/X forbids", number))
    return out


def _drawn(page: pikepdf.Page, scan: PageScan) -> list[PageFinding]:
    """Transparency, colour, fonts, images and graphics states that the page actually draws."""
    number = scan.number
    problems: dict[str, None] = {}  # ordered set of messages for this page

    def note(message: str) -> None:
        problems.setdefault(message)

    if scan.unreadable:
        note(f"a content stream cannot be parsed ({scan.unreadable[0]}); the page cannot be checked")
    _group(page.obj.get("/Group"), "the page", note)
    for form in scan.forms.values():
        _group(form.get("/Group"), "a form XObject (a group WeasyPrint draws for opacity, SVG or marks)", note)
        if "/OPI" in form:
            note("a form XObject carries OPI comments, which PDF/X-1a forbids")
    for state in scan.states.values():
        _state(state, note)
    for where, space in scan.colour_spaces:
        _colour(space, where, note)
    for image in scan.images.values():
        if image.get("/ImageMask", False) is not True:
            _colour(image.get("/ColorSpace"), "an image", note)
        smask = image.get("/SMask")
        if smask is not None and smask != pikepdf.Name("/None"):
            note("an image has a soft mask (/SMask): transparency, which PDF/X-1a forbids; flatten the "
                 "image onto its background")
        if int(image.get("/SMaskInData", 0)):
            note("a JPEG 2000 image carries its own alpha (/SMaskInData), which PDF/X-1a forbids")
        if "/OPI" in image or "/Alternates" in image:
            note("an image has OPI comments or alternate images, which PDF/X-1a forbids")
    for shading in scan.shadings.values():
        _colour(shading.get("/ColorSpace"), "a shading (gradient)", note)
    for fmap, _ in scan.fonts.values():
        if not fmap.embedded:
            note(f"the font {fmap.name} is not embedded; PDF/X needs every font embedded "
                 "(WeasyPrint embeds the layout's fonts: is a PDF font name used directly?)")
    if scan.postscript:
        note("the page paints PostScript (a PostScript XObject or the PS operator), which PDF/X forbids")
    return [finding(message, number) for message in problems]


def _group(group, what: str, note) -> None:
    if isinstance(group, pikepdf.Dictionary) and group.get("/S") == "/Transparency":
        note(f"{what} is a transparency group (/Group /S /Transparency): PDF/X-1a allows no transparency; "
             "draw it without opacity, soft masks or groups")
        if "/CS" in group:
            _colour(group.CS, f"the blending colour space of {what}", note)


def _state(state, note) -> None:
    smask = state.get("/SMask")
    if smask is not None and smask != pikepdf.Name("/None"):
        note("a graphics state sets a soft mask (/SMask): transparency, which PDF/X-1a forbids")
    for key, what in (("/CA", "stroke"), ("/ca", "fill")):
        if key in state and float(state[key]) < 1:
            note(f"a graphics state sets {what} opacity {float(state[key]):g} ({key[1:]} < 1): transparency, "
                 "which PDF/X-1a forbids; use opaque colours (an ink tint instead of a see-through one)")
    modes = state.get("/BM")
    for mode in (modes if isinstance(modes, pikepdf.Array) else [modes] if modes is not None else []):
        if str(mode) not in ("/Normal", "/Compatible"):
            note(f"a graphics state sets blend mode {mode}, which PDF/X-1a forbids (only Normal)")
    if "/TR" in state and state.TR != pikepdf.Name("/Identity"):
        note("a graphics state sets a transfer function (/TR), which PDF/X forbids")
    if "/TR2" in state and state.TR2 not in (pikepdf.Name("/Identity"), pikepdf.Name("/Default")):
        note("a graphics state sets a transfer function (/TR2), which PDF/X forbids")
    halftone = state.get("/HT")
    if isinstance(halftone, pikepdf.Dictionary):
        if int(halftone.get("/HalftoneType", 1)) not in (1, 5):
            note(f"a halftone of type {halftone.HalftoneType} is set; PDF/X allows types 1 and 5 only")
        if "/HalftoneName" in halftone:
            note("a halftone is named (/HalftoneName), which PDF/X forbids")


def _colour(space, where: str, note, depth: int = 0) -> None:
    """Only DeviceCMYK, DeviceGray, Separation and DeviceN (with such alternates), Indexed and
    Pattern over those: PDF/X-1a leaves colour to the output intent, so nothing device-
    independent or RGB."""
    if space is None or depth > 4:
        return
    if isinstance(space, pikepdf.Name):
        name = str(space)
        if name in _DEVICE or name == "/Pattern":
            return
        what = {"/DeviceRGB": "RGB (DeviceRGB)", "/RGB": "RGB (DeviceRGB)"}.get(name, f"the colour space {name}")
        note(f"{where} uses {what}; PDF/X-1a allows only CMYK, grey and spot colours: convert it to CMYK")
        return
    if not isinstance(space, pikepdf.Array) or not len(space):
        return
    family = str(space[0])
    if family in ("/Separation", "/DeviceN") and len(space) > 2:
        _colour(space[2], f"the alternate space of a spot colour in {where}", note, depth + 1)
    elif family in ("/Indexed", "/I") and len(space) > 1:
        _colour(space[1], f"the base of an indexed colour in {where}", note, depth + 1)
    elif family == "/Pattern":
        if len(space) > 1:
            _colour(space[1], where, note, depth + 1)
    elif family == "/ICCBased":
        components = int(space[1].get("/N", 0)) if isinstance(space[1], pikepdf.Stream) else 0
        kind = {1: "grey", 3: "RGB", 4: "CMYK"}.get(components, f"{components}-component")
        note(f"{where} uses an ICC-based {kind} colour space; PDF/X-1a allows only device CMYK, grey and "
             "spot colours (the output intent gives their meaning): convert it to DeviceCMYK")
    elif family in _DEVICE:
        return
    else:
        note(f"{where} uses the colour space {family[1:]}; PDF/X-1a allows only CMYK, grey and spot colours: "
             "convert it to CMYK")


def _filters(pdf: pikepdf.Pdf) -> list[PageFinding]:
    bad: dict[str, None] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream):
            value = obj.get("/Filter")
            for name in (value if isinstance(value, pikepdf.Array) else [value] if value is not None else []):
                if str(name) not in FILTERS:
                    bad.setdefault(str(name))
    return [finding(f"a stream is compressed with {name[1:]}, which PDF/X-1a does not allow; use Flate")
            for name in bad]
