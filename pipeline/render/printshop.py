"""The print shop's poster: PDF/X-1a:2003 from WeasyPrint's PDF, through its finisher hook.

The print-shop poster is PDF/X-1a:2003, the form print shops ask for and which WeasyPrint 70 can
make valid without an ICC profile we could not ship: every colour in CMYK, a registered output
condition (FOGRA39 for offset in Europe, CGATS TR 001 in the Americas), a 3 mm BleedBox around the
TrimBox and crop marks beyond it (drawn here: see `_crop_marks`), and PDF/UA-1 declared as the
other editions do. WeasyPrint draws CSS colours in RGB, so the finisher converts each colour
operator to CMYK: the clinic's own `print_colours` where a colour is a brand colour, black ink
only for greys (crisp text), a plain under-colour-removal formula otherwise. Anything it cannot
convert fails the render.
"""

from __future__ import annotations

import re

from ..errors import LeafletError
from ..model.clinic import Clinic
from .editions import US_LETTER_TERRITORIES

BLEED_MM = 3.0
PT_PER_MM = 72 / 25.4
RGB_OPERATOR_RE = re.compile(rb"^(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (rg|RG)$")
#: Registered characterisations (ICC registry, http://www.color.org) a print shop proofs against.
OUTPUT_CONDITIONS = {
    "FOGRA39": "Coated FOGRA39 (ISO 12647-2:2004), offset, paper type 1 and 2",
    "CGATS TR 001": "SWOP (publication) printing in the United States, grade 5 paper",
}

def output_condition(clinic: Clinic) -> str:
    return "CGATS TR 001" if clinic.territory in US_LETTER_TERRITORIES else "FOGRA39"


def print_shop_options(clinic: Clinic) -> dict:
    """write_pdf options for the print shop's PDF/X-1a:2003."""
    return {"pdf_variant": "pdf/x-1a", "finisher": PrintShopFinisher(clinic)}


def rgb_to_cmyk(r: float, g: float, b: float, brand: dict[tuple[int, int, int], tuple]) -> tuple:
    """CMYK (0-1) for an RGB colour (0-1): brand values, black ink for greys, else UCR."""
    key = tuple(round(v * 255) for v in (r, g, b))
    if key in brand:
        return brand[key]
    k = 1 - max(r, g, b)
    if key[0] == key[1] == key[2] or k >= 1:
        return (0.0, 0.0, 0.0, round(k, 4))
    return tuple(round(v, 4) for v in ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k))


def _rgb(colour: str) -> tuple[int, int, int]:
    """#RRGGBB as (r, g, b) in 0-255."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


class PrintShopFinisher:
    """A WeasyPrint finisher: CMYK colour, exact 3 mm bleed box, the PDF/X output intent."""

    def __init__(self, clinic: Clinic):
        colours = dict(clinic.colours)
        self.brand: dict[tuple[int, int, int], tuple[float, ...]] = {
            _rgb(colours[name]): tuple(v / 100 for v in cmyk) for name, cmyk in clinic.print_colours}
        self.condition = output_condition(clinic)

    def __call__(self, document, pdf) -> None:
        import pydyf

        pages = []
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Stream):
                self._convert(obj)
            elif isinstance(obj, pydyf.Dictionary):
                if obj.get("Type") == "/Page":
                    _set_bleed_box(obj)
                    pages.append(obj)
                for unused in ("lab-d50", "lab-d65"):  # WeasyPrint declares these on every PDF
                    obj.pop(unused, None)
        for page in pages:
            _crop_marks(page, _resolve(pdf, page["Contents"]))
        _declare_pdf_ua(_resolve(pdf, pdf.catalog["Metadata"]))
        pdf.catalog["OutputIntents"] = pydyf.Array([pydyf.Dictionary({
            "Type": "/OutputIntent", "S": "/GTS_PDFX",
            "OutputConditionIdentifier": pydyf.String(self.condition),
            "OutputCondition": pydyf.String(OUTPUT_CONDITIONS[self.condition]),
            "RegistryName": pydyf.String("http://www.color.org"),
            "Info": pydyf.String(OUTPUT_CONDITIONS[self.condition]),
        })])

    def _convert(self, stream) -> None:
        for i, item in enumerate(stream.stream):
            raw = item.encode() if isinstance(item, str) else item
            if not isinstance(raw, bytes):
                continue
            if raw.endswith((b" rg", b" RG")):
                match = RGB_OPERATOR_RE.match(raw)
                if match is None:
                    raise LeafletError(f"the print-shop poster has an RGB colour it cannot convert: {raw[:60]!r}")
                r, g, b = (float(v) for v in match.groups()[:3])
                c, m, y, k = rgb_to_cmyk(r, g, b, self.brand)
                operator = b"K" if match[4] == b"RG" else b"k"
                stream.stream[i] = b"%g %g %g %g %s" % (c, m, y, k, operator)
            elif b"/DeviceRGB" in raw or b"/lab-d" in raw:
                raise LeafletError("the print-shop poster uses an RGB or Lab colour space it cannot "
                                   f"convert to CMYK: {raw[:60]!r}")


def _set_bleed_box(page) -> None:
    """BleedBox exactly BLEED_MM outside the TrimBox (WeasyPrint puts it at most 10 pt out)."""
    import pydyf

    left, bottom, right, top = (float(v) for v in page["TrimBox"])
    bleed = BLEED_MM * PT_PER_MM
    page["BleedBox"] = pydyf.Array([left - bleed, bottom - bleed, right + bleed, top + bleed])


#: Crop marks: 0.75 pt lines of black ink (as WeasyPrint drew them), a production aid that a
#: reader skips (ISO 32000-1, 14.8.2.2: an artifact of type Page).
CROP_MARKS_START = [b"/Artifact <</Type /Page>> BDC", b"q", b"0 0 0 1 K", b"0.75 w", b"[] 0 d", b"0 J"]
CROP_MARKS_END = [b"S", b"Q", b"EMC"]


def _crop_marks(page, contents) -> None:
    """Draw the crop marks: each trim line extended through the outer half of the bleed.

    CSS `marks: crop` would do this, but WeasyPrint 70 draws it as an SVG whose paths have
    `fill="transparent"` (a fill at opacity 0) inside a transparency group blended in RGB,
    and PDF/X-1a forbids both. The same eight lines as plain CMYK strokes print the same.
    They are drawn after the page, in the PDF's own coordinates (the page's content is
    wrapped in q/Q so whatever it leaves in the graphics state cannot move them).
    """
    media_x1, media_y1, media_x2, media_y2 = (float(v) for v in page["MediaBox"])
    trim_x1, trim_y1, trim_x2, trim_y2 = (float(v) for v in page["TrimBox"])
    lines = []
    for y in (trim_y1, trim_y2):  # horizontal marks, left and right of the page
        lines += [(media_x1, y, (media_x1 + trim_x1) / 2, y), ((media_x2 + trim_x2) / 2, y, media_x2, y)]
    for x in (trim_x1, trim_x2):  # vertical marks, below and above the page
        lines += [(x, media_y1, x, (media_y1 + trim_y1) / 2), (x, (media_y2 + trim_y2) / 2, x, media_y2)]
    path = [b"%f %f m %f %f l" % line for line in lines]
    contents.stream[:0] = [b"q"]
    contents.stream += [b"Q", *CROP_MARKS_START, *path, *CROP_MARKS_END]


def _declare_pdf_ua(metadata) -> None:
    """Add PDF/UA-1's identification to the XMP that WeasyPrint wrote for PDF/X-1a.

    The poster is tagged like the other editions, but WeasyPrint writes one variant's
    identification only; PDF/UA-1 (ISO 14289-1, 5) needs `pdfuaid:part` in the XMP."""
    packet = b"".join(part if isinstance(part, bytes) else part.encode() for part in metadata.stream)
    if b"</rdf:RDF>" not in packet:
        raise LeafletError("the print-shop poster's XMP metadata has no rdf:RDF; WeasyPrint changed how it "
                           "writes metadata")
    declaration = (b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" '
                   b'pdfuaid:part="1"/>')
    metadata.stream[:] = [packet.replace(b"</rdf:RDF>", declaration + b"</rdf:RDF>", 1)]


def _resolve(pdf, reference):
    """The pydyf object a reference (b"12 0 R") points to."""
    number = reference.split()[0]
    return pdf.objects[int(number.decode() if isinstance(number, bytes) else number)]
