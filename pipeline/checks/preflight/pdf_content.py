"""One pass over what each page draws: its content stream and every form it paints.

The shaping check needs the glyphs shown, in order, with their text; the print-shop check
needs the graphics states, colour spaces, images, shadings and patterns actually used. Both
come from the same operators, so each page is parsed once (pikepdf's tokenizer, qpdf in C++)
and what it draws is gathered in a `PageScan`. Forms are followed where they are painted,
with their own resources, as a reader draws them; tiling patterns' cells and annotations'
appearances are walked the same way.

Hand-written because no Python library walks content streams with their resources into the
objects they use: pikepdf tokenizes one stream at a time, and the rest is a few operators
(ISO 32000-1, tables 51, 57, 74, 92, 107 and 109).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pikepdf

from .pdf_fonts import FontMap, font_map

#: The operators the scan reads (pikepdf skips the others in C): text, font, graphics state
#: save/restore, colour, states, shadings, XObjects, PostScript and inline images.
OPERATORS = "TJ Tj ' \" Tf Tm Td TD T* q Q rg RG k K g G cs CS scn SCN gs sh Do PS BI ID EI"
#: Colour operators whose colour space is implied by the operator.
_IMPLIED = {"rg": "/DeviceRGB", "RG": "/DeviceRGB", "k": "/DeviceCMYK", "K": "/DeviceCMYK",
            "g": "/DeviceGray", "G": "/DeviceGray"}
MAX_FORM_DEPTH = 12  # forms painting forms; deeper (or cyclic) nesting is not followed


@dataclass
class Glyph:
    """A glyph worth a look (.notdef or a dotted circle), where it was drawn."""

    font: FontMap
    code: int
    gid: int
    run: int  # index into PageScan.runs
    position: int  # index of its code in that run


@dataclass
class PageScan:
    """What one page draws (forms included), in drawing order where order matters."""

    number: int  # 1-based
    #: Codes shown, in order, each run with its line (runs on other lines read as separate words).
    runs: list[tuple[FontMap, tuple[int, ...], object]] = field(default_factory=list)
    glyphs: list[Glyph] = field(default_factory=list)  # .notdef and dotted circles drawn
    fonts: dict[tuple, tuple[FontMap, pikepdf.Object]] = field(default_factory=dict)
    states: dict[tuple, pikepdf.Object] = field(default_factory=dict)  # ExtGState dictionaries used
    colour_spaces: list[tuple[str, pikepdf.Object]] = field(default_factory=list)  # (where, space)
    images: dict[tuple, pikepdf.Object] = field(default_factory=dict)  # inline ones: colour_spaces
    forms: dict[tuple, pikepdf.Object] = field(default_factory=dict)
    shadings: dict[tuple, pikepdf.Object] = field(default_factory=dict)
    patterns: dict[tuple, pikepdf.Object] = field(default_factory=dict)
    postscript: int = 0  # PostScript XObjects and operators painted
    #: The fill colours text is shown in: (operator, its operands), e.g. ("k", (0, 0, 0, 0.9)).
    text_fills: set[tuple[str, tuple[float, ...]]] = field(default_factory=set)
    unreadable: list[str] = field(default_factory=list)  # streams that could not be parsed

    def context(self, glyph: Glyph, width: int = 12, mark: str = "") -> str:
        """About `width` characters of text (ToUnicode) each side of `glyph`, `mark` just before it.

        Built only for a finding, from the codes around it: most pages have none. Runs drawn on
        another line are set off by a space, as a reader sees them; words are not cut."""
        def text(run: int, start: int, end: int) -> str:
            font, codes, _ = self.runs[run]
            return "".join(font.to_unicode.get(code, "") for code in codes[start:end])

        def line(run: int):
            return self.runs[run][2]

        before = text(glyph.run, max(0, glyph.position - width), glyph.position)
        run = glyph.run
        while len(before) < width and run > 0:
            run -= 1
            before = text(run, 0, len(self.runs[run][1])) + (" " if line(run) != line(run + 1) else "") + before
        after = text(glyph.run, glyph.position, glyph.position + width)
        run = glyph.run
        while len(after) < width and run + 1 < len(self.runs):
            run += 1
            after += (" " if line(run) != line(run - 1) else "") + text(run, 0, width)
        before, after = before.replace("\n", " "), after.replace("\n", " ")
        cut_before, cut_after = before[-width:], after[:width]
        if len(before) > width and " " in cut_before:  # whole words only
            cut_before = cut_before[cut_before.index(" ") + 1:]
        if len(after) > width and " " in cut_after:
            cut_after = cut_after[:cut_after.rindex(" ")]
        return f"{cut_before}{mark}{cut_after}".strip()


_HEX_STRING_RE = re.compile(rb"<([0-9A-Fa-f\s]*)>")


def _joined_strings(array: pikepdf.Array) -> bytes:
    """The bytes of a TJ array's strings, joined. WeasyPrint writes hex strings only; those are
    read from the array's serialization in one pass, a third of the time of converting each
    string (a bilingual leaflet shows some 20,000)."""
    raw = array.unparse()
    if b"(" not in raw:
        try:
            return bytes.fromhex(b"".join(_HEX_STRING_RE.findall(raw)).decode())
        except ValueError:  # an odd number of digits: let pikepdf decode it
            pass
    return b"".join(bytes(item) for item in array if isinstance(item, pikepdf.String))


def _key(obj: pikepdf.Object) -> tuple:
    """Identity of an object within one file (indirect: its number; direct: its id, valid while
    the object is held, as every collection keyed by it here does)."""
    return obj.objgen if obj.is_indirect else ("direct", id(obj))


class Scanner:
    """Walks pages, sharing the font maps it reads between pages of one file."""

    def __init__(self):
        self._fonts: dict[tuple, tuple[pikepdf.Object, FontMap]] = {}  # the object keeps its key valid

    def scan(self, page: pikepdf.Page, number: int) -> PageScan:
        scan = PageScan(number)
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        self._walk(page, resources, scan, None, ())
        for annot in page.obj.get("/Annots", ()):
            appearance = annot.get("/AP", pikepdf.Dictionary()).get("/N") if isinstance(annot, pikepdf.Dictionary) else None
            if isinstance(appearance, pikepdf.Stream):
                self._form(appearance, resources, scan, None, ())
        return scan

    def font(self, font: pikepdf.Object) -> FontMap:
        key = _key(font)
        if key not in self._fonts:
            self._fonts[key] = (font, font_map(font))  # type: ignore[arg-type]  # a font is a Dictionary
        return self._fonts[key][1]

    def _walk(self, stream, resources, scan: PageScan, font: FontMap | None, forms: tuple) -> None:
        try:
            instructions = pikepdf.parse_content_stream(stream, OPERATORS)
        except pikepdf.PdfError as exc:
            scan.unreadable.append(str(exc))
            return
        fonts_saved: list[tuple[FontMap | None, tuple]] = []  # font and fill are graphics state: q and Q save them
        fill: tuple[str, tuple[float, ...]] = ("g", (0.0,))  # the initial fill: black
        line: object = None  # which line the text is on: a Tm baseline, or a count of line moves
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                image = instruction.iimage.obj
                space = image.get("/CS", image.get("/ColorSpace"))
                if space is not None and not image.get("/IM", image.get("/ImageMask", False)):
                    scan.colour_spaces.append(("an inline image", self._space(space, resources)))
                continue
            op = str(instruction.operator)
            operands = instruction.operands
            if op in ("TJ", "Tj", "'", '"'):
                if font is not None and operands:
                    shown = operands[-1]
                    if op in ("'", '"'):  # move to the next line, then show
                        line = (line, "next")
                    text = _joined_strings(shown) if isinstance(shown, pikepdf.Array) else shown  # one TJ, one run
                    if isinstance(text, (bytes, pikepdf.String)):
                        self._show(scan, font, bytes(text), line)
                        scan.text_fills.add(fill)
            elif op == "Tm" and len(operands) == 6:
                line = round(float(operands[5]), 1)
            elif op in ("Td", "TD", "T*"):
                if op == "T*" or (len(operands) == 2 and float(operands[1])):
                    line = (line, "next")
            elif op == "Tf":
                font = self._font_resource(resources, operands[0], scan)
            elif op == "q":
                fonts_saved.append((font, fill))
            elif op == "Q":
                font, fill = fonts_saved.pop() if fonts_saved else (font, fill)
            elif op in _IMPLIED:
                scan.colour_spaces.append((f"colour operator '{op}'", pikepdf.Name(_IMPLIED[op])))
                if op in ("k", "g", "rg"):
                    try:
                        fill = (op, tuple(float(v) for v in operands))
                    except (TypeError, ValueError):
                        pass
            elif op in ("cs", "CS"):
                scan.colour_spaces.append((f"colour space set by '{op}'", self._space(operands[0], resources)))
                if op == "cs":
                    fill = ("cs", ())  # a colour of another space: no tint of black ink alone
            elif op in ("scn", "SCN") and operands and isinstance(operands[-1], pikepdf.Name):
                pattern = resources.get("/Pattern", {}).get(operands[-1])
                if pattern is not None:
                    self._pattern(pattern, scan, font, forms)
            elif op == "gs":
                state = resources.get("/ExtGState", {}).get(operands[0])
                if state is not None:
                    scan.states[_key(state)] = state
            elif op == "sh":
                shading = resources.get("/Shading", {}).get(operands[0])
                if shading is not None:
                    scan.shadings[_key(shading)] = shading
            elif op == "Do":
                xobject = resources.get("/XObject", {}).get(operands[0])
                if isinstance(xobject, pikepdf.Stream):
                    self._xobject(xobject, resources, scan, font, forms)
            elif op == "PS":
                scan.postscript += 1

    def _font_resource(self, resources, name, scan: PageScan) -> FontMap | None:
        font = resources.get("/Font", {}).get(name)
        if not isinstance(font, pikepdf.Dictionary):
            return None
        fmap = self.font(font)
        scan.fonts[_key(font)] = (fmap, font)
        return fmap

    @staticmethod
    def _space(space, resources) -> pikepdf.Object:
        """A colour space operand: device and Pattern names as they are, others from resources."""
        if isinstance(space, pikepdf.Name) and str(space) not in (
                "/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern", "/RGB", "/CMYK", "/G", "/I", "/Indexed"):
            return resources.get("/ColorSpace", {}).get(space, space)
        return space

    @staticmethod
    def _show(scan: PageScan, font: FontMap, shown: bytes, line: object) -> None:
        codes = font.codes(shown)
        run = len(scan.runs)
        scan.runs.append((font, codes, line))
        for position, gid in font.suspects(codes):
            scan.glyphs.append(Glyph(font, codes[position], gid, run, position))

    def _xobject(self, xobject, resources, scan: PageScan, font, forms: tuple) -> None:
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            scan.images[_key(xobject)] = xobject
        elif subtype == "/PS":
            scan.postscript += 1
        elif subtype == "/Form":
            self._form(xobject, resources, scan, font, forms)

    def _form(self, form, resources, scan: PageScan, font, forms: tuple) -> None:
        key = _key(form)
        if key in forms or len(forms) >= MAX_FORM_DEPTH:
            return
        scan.forms[key] = form
        self._walk(form, form.get("/Resources", resources), scan, font, (*forms, key))

    def _pattern(self, pattern, scan: PageScan, font, forms: tuple) -> None:
        key = _key(pattern)
        if key in scan.patterns:
            return
        scan.patterns[key] = pattern
        if pattern.get("/PatternType") == 1 and isinstance(pattern, pikepdf.Stream) and len(forms) < MAX_FORM_DEPTH:
            self._walk(pattern, pattern.get("/Resources", pikepdf.Dictionary()), scan, font, (*forms, key))
        elif isinstance(pattern.get("/Shading"), pikepdf.Dictionary):
            scan.shadings[_key(pattern.Shading)] = pattern.Shading
