"""From a shown string to the glyphs a PDF reader draws, read from the embedded fonts.

A text operator shows character codes. What is printed is decided by the font dictionary
and the font program, in three steps (ISO 32000-1, 9.7): the encoding CMap turns codes into
CIDs, the CIDToGIDMap (TrueType outlines) or the CFF charset (CFF outlines) turns CIDs into
glyph indices, and glyph 0 is .notdef, the font's "no such character" box. The ToUnicode CMap
says what text a code stands for. WeasyPrint 70 writes Type 0 fonts with Identity-H, or with
its own CMap that sends codes of characters no font has to CID 0; pipeline/textmap.py adds
alias codes with their own CIDToGIDMap and ToUnicode entries. All of these are read here.

The dotted circle (U+25CC) is the glyph HarfBuzz draws for a mark without a base: the one the
font's cmap gives U+25CC. It is found in the embedded program: the subset's own cmap
(HarfBuzz's and fontTools' subsetters both keep the cmap entries of the glyphs they keep),
else its glyph names (a `post` table or CFF charset that names glyphs). The drawn glyph's
ToUnicode text cannot say it: WeasyPrint maps the inserted circle to the text of its cluster,
a vowel sign.

Hand-written because no library maps shown codes to glyphs through a CIDToGIDMap: pypdf and
pdfminer decode text through ToUnicode only, and pikepdf gives the objects, not the glyphs.
The CMap parsing is limited to what CMaps embedded in PDFs contain (cidchar, cidrange,
bfchar, bfrange, codespace ranges); a predefined CMap other than Identity is read as unknown.
The cmap lookup and CFF charset are read by hand for speed (see `_read_program`).
"""

from __future__ import annotations

import io
import re
import struct
from dataclasses import dataclass, field

import pikepdf
from fontTools.cffLib import CFFFontSet
from fontTools.ttLib import TTFont, TTLibError

DOTTED_CIRCLE = "\u25cc"
#: Names fonts give the dotted circle (Adobe Glyph List style, and common production names).
DOTTED_CIRCLE_NAMES = frozenset({"uni25CC", "u25CC", "dottedcircle", "dotted_circle", "dottedCircle"})

_HEX = rb"<([0-9A-Fa-f\s]*)>"
_BLOCK_RE = re.compile(rb"begin(bfchar|bfrange|cidchar|cidrange|codespacerange)(.*?)end\1", re.S)
_BFCHAR_RE = re.compile(_HEX + rb"\s*" + _HEX)
_BFRANGE_RE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[([^\]]*)\])")
_CIDCHAR_RE = re.compile(_HEX + rb"\s*(\d+)")
_CIDRANGE_RE = re.compile(_HEX + rb"\s*" + _HEX + rb"\s*(\d+)")
_CODESPACE_RE = re.compile(_HEX + rb"\s*" + _HEX)


def _hex(digits: bytes) -> bytes:
    return bytes.fromhex(re.sub(rb"\s", b"", digits).decode())


def _utf16(digits: bytes) -> str:
    return _hex(digits).decode("utf-16-be", errors="replace")


@dataclass
class CMap:
    """An embedded CMap: code -> CID (an encoding) and/or code -> text (a ToUnicode map)."""

    code_bytes: int = 2
    cids: dict[int, int] = field(default_factory=dict)
    cid_ranges: list[tuple[int, int, int]] = field(default_factory=list)
    text: dict[int, str] = field(default_factory=dict)

    @classmethod
    def parse(cls, data: bytes) -> CMap:
        cmap = cls()
        widths = set()
        for kind, body in _BLOCK_RE.findall(data):
            if kind == b"codespacerange":
                widths |= {len(_hex(low)) for low, _ in _CODESPACE_RE.findall(body)}
            elif kind == b"cidchar":
                for code, cid in _CIDCHAR_RE.findall(body):
                    cmap.cids[int.from_bytes(_hex(code), "big")] = int(cid)
            elif kind == b"cidrange":
                for low, high, cid in _CIDRANGE_RE.findall(body):
                    cmap.cid_ranges.append((int.from_bytes(_hex(low), "big"), int.from_bytes(_hex(high), "big"),
                                            int(cid)))
            elif kind == b"bfchar":
                for code, text in _BFCHAR_RE.findall(body):
                    cmap.text[int.from_bytes(_hex(code), "big")] = _utf16(text)
            else:  # bfrange: consecutive codes, to consecutive text or to a list of texts
                for low, high, start, listed in _BFRANGE_RE.findall(body):
                    low_code, high_code = int.from_bytes(_hex(low), "big"), int.from_bytes(_hex(high), "big")
                    if listed:
                        for offset, text in enumerate(re.findall(_HEX, listed)):
                            cmap.text[low_code + offset] = _utf16(text)
                    else:
                        first = _hex(start)
                        base = int.from_bytes(first, "big")
                        for offset in range(min(high_code - low_code, 0xFFFF) + 1):
                            value = (base + offset).to_bytes(len(first), "big")
                            cmap.text[low_code + offset] = value.decode("utf-16-be", errors="replace")
        if len(widths) == 1:
            cmap.code_bytes = widths.pop()
        return cmap

    def cid(self, code: int) -> int:
        """The CID a code selects; a code the CMap does not map selects CID 0 (9.7.6.3)."""
        if code in self.cids:
            return self.cids[code]
        for low, high, cid in self.cid_ranges:
            if low <= code <= high:
                return cid + code - low
        return 0


@dataclass
class FontMap:
    """What one PDF font draws for each code, and what text each code stands for."""

    name: str  # the font's name without its subset tag, e.g. "Noto-Sans-Devanagari"
    embedded: bool
    code_bytes: int = 1
    encoding: CMap | None = None  # None: codes are CIDs (Identity-H)
    cid_to_gid: bytes | None = None  # a CIDToGIDMap stream; None: identity
    cff_ranges: list[tuple[int, int, int]] | None = None  # CFF charset (first CID, first glyph, count)
    glyph_count: int | None = None  # glyphs in the embedded program; None: unknown
    dotted_circles: frozenset[int] = frozenset()
    to_unicode: dict[int, str] = field(default_factory=dict)
    knows_glyphs: bool = False  # False for simple and Type 3 fonts: glyphs are not checked
    _checked: dict[int, int | None] = field(default_factory=dict)  # code -> glyph if suspect, else None

    def codes(self, shown: bytes) -> tuple[int, ...]:
        if self.code_bytes == 2:
            return struct.unpack(f">{len(shown) // 2}H", shown[:len(shown) // 2 * 2])
        if self.code_bytes == 1:
            return tuple(shown)
        step = self.code_bytes
        return tuple(int.from_bytes(shown[i:i + step], "big") for i in range(0, len(shown) - step + 1, step))

    def suspects(self, codes: tuple[int, ...]) -> list[tuple[int, int]]:
        """(position, glyph) of the codes drawn as .notdef (glyph 0) or as a dotted circle."""
        if not self.knows_glyphs:
            return []
        checked = self._checked
        for code in set(codes).difference(checked):
            found = self.gid(code)
            checked[code] = found if found == 0 or found in self.dotted_circles else None
        return [(i, gid) for i, code in enumerate(codes) if (gid := checked[code]) is not None]

    def gid(self, code: int) -> int:
        cid = self.encoding.cid(code) if self.encoding is not None else code
        if self.cff_ranges is not None:
            gid = next((first_gid + cid - first_cid for first_cid, first_gid, count in self.cff_ranges
                        if first_cid <= cid < first_cid + count), 0)
        elif self.cid_to_gid is not None:
            gid = int.from_bytes(self.cid_to_gid[2 * cid:2 * cid + 2], "big") if 2 * cid + 2 <= len(
                self.cid_to_gid) else 0
        else:
            gid = cid
        if self.glyph_count is not None and gid >= self.glyph_count:
            return 0  # no such glyph in the program: readers draw .notdef
        return gid


def font_map(font: pikepdf.Dictionary) -> FontMap:
    """Read a font dictionary (any type); only Type 0 fonts get their glyphs resolved."""
    base = str(font.get("/BaseFont", "/unnamed"))[1:]
    name = base.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", base) else base
    to_unicode = font.get("/ToUnicode")
    text = CMap.parse(to_unicode.read_bytes()).text if isinstance(to_unicode, pikepdf.Stream) else {}
    if font.get("/Subtype") != "/Type0":
        descriptor = font.get("/FontDescriptor")
        embedded = font.get("/Subtype") == "/Type3" or (
            isinstance(descriptor, pikepdf.Dictionary)
            and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")))
        return FontMap(name, embedded, to_unicode=text)

    cid_font = font.DescendantFonts[0]
    descriptor = cid_font.get("/FontDescriptor")
    program = None
    if isinstance(descriptor, pikepdf.Dictionary):
        program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3") or descriptor.get("/FontFile")
    fmap = FontMap(name, isinstance(program, pikepdf.Stream), code_bytes=2, to_unicode=text)
    encoding = font.get("/Encoding")
    if isinstance(encoding, pikepdf.Stream):
        fmap.encoding = CMap.parse(encoding.read_bytes())
        fmap.code_bytes = fmap.encoding.code_bytes
        fmap.knows_glyphs = True
    else:
        fmap.knows_glyphs = encoding in ("/Identity-H", "/Identity-V")
    cid_to_gid = cid_font.get("/CIDToGIDMap")
    if isinstance(cid_to_gid, pikepdf.Stream):
        fmap.cid_to_gid = cid_to_gid.read_bytes()
    if isinstance(program, pikepdf.Stream):
        try:
            _read_program(fmap, program, cff=cid_font.get("/Subtype") == "/CIDFontType0")
        except (TTLibError, KeyError, AssertionError, ValueError, IndexError, EOFError, struct.error):
            fmap.knows_glyphs = False  # a program fontTools cannot read: its glyphs are not checked
    return fmap


def _read_program(fmap: FontMap, program: pikepdf.Stream, cff: bool) -> None:
    """Glyph count, dotted-circle glyphs and (CID-keyed CFF) the CID -> glyph ranges.

    fontTools reads the containers (the sfnt table directory, the CFF top DICT); the cmap
    lookup of one code point and the charset ranges are read here from the raw tables, since
    fontTools would first name every glyph (about 100 ms for a Chinese font of 60,000).
    """
    data = program.read_bytes()
    cff_data: bytes | None
    if program.get("/Subtype") in ("/CIDFontType0C", "/Type1C"):  # a bare CFF program
        font, cff_data = None, data
    else:
        font = TTFont(io.BytesIO(data), lazy=True)
        cff_data = font.reader["CFF "] if "CFF " in font.reader else None
    top = None
    if cff_data is not None:
        cff_set = CFFFontSet()
        cff_set.decompile(io.BytesIO(cff_data), None)
        top = cff_set.topDictIndex[0]
        fmap.glyph_count = struct.unpack_from(">H", cff_data, top.rawDict["CharStrings"])[0]
    else:
        assert font is not None  # a font program is either bare CFF or an OpenType file
        fmap.glyph_count = struct.unpack_from(">H", font.reader["maxp"], 4)[0]
    circle = _cmap_glyph(font.reader["cmap"], ord(DOTTED_CIRCLE)) if font is not None and "cmap" in font.reader else None
    if circle is None and (font is None or "cmap" not in font.reader):
        assert top is not None or font is not None
        names = list(top.charset) if top is not None else font.getGlyphOrder()  # type: ignore[union-attr]  # rare: no cmap
        circles = {gid for gid, glyph in enumerate(names) if glyph in DOTTED_CIRCLE_NAMES}
    else:
        circles = {circle} if circle else set()
    fmap.dotted_circles = frozenset(circles)
    if cff and top is not None and cff_data is not None and "ROS" in top.rawDict:
        ranges = _charset_ranges(cff_data, top.rawDict.get("charset", 0), fmap.glyph_count)
        identity = all(first_cid == first_gid for first_cid, first_gid, _ in ranges)
        fmap.cff_ranges = None if identity and sum(n for *_, n in ranges) == fmap.glyph_count else ranges


def _charset_ranges(cff: bytes, offset: int, glyphs: int) -> list[tuple[int, int, int]]:
    """A CID-keyed CFF charset as (first CID, first glyph, count) ranges (CFF spec, 13)."""
    ranges = [(0, 0, 1)]  # glyph 0 is CID 0, .notdef
    if offset <= 2:  # the predefined charsets are for name-keyed fonts only
        return ranges
    form, pos, gid = cff[offset], offset + 1, 1
    if form == 0:
        for cid in struct.unpack_from(f">{glyphs - 1}H", cff, pos):
            if ranges[-1][0] + ranges[-1][2] == cid and ranges[-1][1] + ranges[-1][2] == gid:
                ranges[-1] = (ranges[-1][0], ranges[-1][1], ranges[-1][2] + 1)
            else:
                ranges.append((cid, gid, 1))
            gid += 1
        return ranges
    while gid < glyphs:
        first, left = struct.unpack_from(">HB" if form == 1 else ">HH", cff, pos)
        ranges.append((first, gid, left + 1))
        gid, pos = gid + left + 1, pos + (3 if form == 1 else 4)
    return ranges


def _cmap_glyph(cmap: bytes, codepoint: int) -> int | None:
    """The glyph a font's Unicode cmap subtables (format 4 or 12) give `codepoint`, if any."""
    count = struct.unpack_from(">H", cmap, 2)[0]
    for i in range(count):
        platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        if platform not in (0, 3) or (platform == 3 and encoding not in (1, 10)):
            continue
        form = struct.unpack_from(">H", cmap, offset)[0]
        if form == 12:
            for group in range(struct.unpack_from(">I", cmap, offset + 12)[0]):
                start, end, glyph = struct.unpack_from(">III", cmap, offset + 16 + 12 * group)
                if start <= codepoint <= end:
                    return glyph + codepoint - start
        elif form == 4 and codepoint <= 0xFFFF:
            segments = struct.unpack_from(">H", cmap, offset + 6)[0] // 2
            ends = offset + 14
            starts, deltas = ends + 2 * segments + 2, ends + 4 * segments + 2
            range_offsets = ends + 6 * segments + 2
            for seg in range(segments):
                if codepoint > struct.unpack_from(">H", cmap, ends + 2 * seg)[0]:
                    continue
                if codepoint < struct.unpack_from(">H", cmap, starts + 2 * seg)[0]:
                    break
                delta = struct.unpack_from(">h", cmap, deltas + 2 * seg)[0]
                at = struct.unpack_from(">H", cmap, range_offsets + 2 * seg)[0]
                if at == 0:
                    return (codepoint + delta) & 0xFFFF or None
                start = struct.unpack_from(">H", cmap, starts + 2 * seg)[0]
                glyph = struct.unpack_from(">H", cmap, range_offsets + 2 * seg + at + 2 * (codepoint - start))[0]
                return (glyph + delta) & 0xFFFF if glyph else None
    return None
