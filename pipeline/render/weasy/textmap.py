"""Make the text a PDF reader extracts the text that was written, in every script.

Where the loss happens: WeasyPrint 70 tells a PDF reader what each glyph means with one
ToUnicode table per font, glyph -> text, filled the first time the glyph is drawn
(`draw/text.py`, `if glyph_id not in font.to_unicode`). In Devanagari and Tamil one glyph
does not always mean the same text: a vowel sign drawn before its consonant (ि, ெ) or a
consonant that carries a cluster (कि, கொ) is mapped, once and for all, to whatever cluster it
first appeared in. Every later cluster that uses the glyph is then copied and read aloud
wrongly, for instance "कि" as "क" and a missing vowel sign.

The fix, in the PDF we write: a glyph drawn with a different meaning from its first one is
written with a character code of its own (an alias). The codes stay 2-byte CIDs under
Identity-H, the encoding every reader knows; the font's CIDToGIDMap sends the alias to the
same glyph (and W gives it the same width), and its ToUnicode entry gives it its own text.
The page looks the same; copy, search and screen readers get the words. Left-to-right lines
with combining marks also get /ActualText (see `needs_actual_text`), for readers that prefer
it. Four small hooks into WeasyPrint (installed once per process by `install()`):

- `Font.to_unicode` becomes a `ClusterMap`, which sees every glyph drawn with its text;
- `Stream.show_text` rewrites the codes of the glyphs just drawn to their aliases;
- `build_fonts_dictionary` adds the aliases to each font's ToUnicode, CIDToGIDMap and W;
- `draw_first_line` wraps a line in an ActualText span where it helps.

CFF fonts (the CJK faces, which need no aliases) and fonts with no code left for aliases are
left as WeasyPrint writes them.
"""

from __future__ import annotations

import re
import unicodedata
from math import ceil

HEX_RUN_RE = re.compile(rb"<([0-9a-f]*)>")
ALIAS_GAP = 256  # aliases start this far above the font's glyphs (WeasyPrint's codes for
# missing glyphs come just after them) and must fit the 2-byte code space


class TextMapError(RuntimeError):
    """The glyphs written and the glyphs recorded are out of step: a bug, never bad input."""


class ClusterMap(dict):
    """`Font.to_unicode` that keeps WeasyPrint's first mapping and records every occurrence."""

    def __init__(self, font=None):
        super().__init__()
        self.pending: list[tuple[int, str]] = []  # drawn since the last show_text, in order
        self.aliases: dict[tuple[int, str], int] = {}
        self.first_alias = (font.glyph_count + ALIAS_GAP) if font is not None else 0x10000
        self.usable = font is not None and font.type != "otf" and not font.bitmap
        # Whether a glyph in `pending` means other text than its first mapping (an alias is
        # due): most runs have none (Latin, Chinese), and their codes are left as written
        # without reading them back.
        self.differs = False

    def __contains__(self, glyph) -> bool:
        # WeasyPrint asks "already mapped?" before each glyph; answering no makes it tell us
        # the text of every occurrence, which __setitem__ records.
        return False

    def __setitem__(self, glyph: int, text: str) -> None:
        self.pending.append((glyph, text))
        if not dict.__contains__(self, glyph):
            dict.__setitem__(self, glyph, text)
        elif self.needs_alias(glyph, text):
            self.differs = True

    def needs_alias(self, glyph: int, text: str) -> bool:
        return self.usable and dict.get(self, glyph) != text

    def code_for(self, glyph: int, text: str) -> int:
        if not self.needs_alias(glyph, text):
            return glyph
        key = (glyph, text)
        if key not in self.aliases:
            code = self.first_alias + len(self.aliases)
            if code > 0xFFFF:
                return glyph  # no room left: keep WeasyPrint's mapping
            self.aliases[key] = code
        return self.aliases[key]


def _rewrite(text: bytes, font_map: ClusterMap) -> bytes:
    """Replace each 4-hex-digit glyph code in a TJ operand by its alias, in drawing order."""
    pending = font_map.pending
    done = 0  # entries of `pending` consumed

    def hex_run(match: re.Match) -> bytes:
        nonlocal done
        digits = match.group(1)
        glyphs = [int(digits[i:i + 4], 16) for i in range(0, len(digits), 4)]
        if done + len(glyphs) > len(pending):
            raise TextMapError(f"glyph {glyphs[len(pending) - done]} written but not recorded")
        codes = []
        for glyph, (recorded, cluster) in zip(glyphs, pending[done:done + len(glyphs)]):
            if recorded != glyph:
                raise TextMapError(f"glyph {glyph} written where {recorded} was recorded")
            codes.append(font_map.code_for(glyph, cluster))
        done += len(glyphs)
        if codes == glyphs:
            return match.group(0)  # no alias in this run (Latin text, CJK): leave it as written
        return b"<" + b"".join(b"%04x" % code for code in codes) + b">"
    if not font_map.differs and sum(map(len, HEX_RUN_RE.findall(text))) == 4 * len(pending):
        del pending[:]  # every glyph means its first mapping: no code changes
        return text
    try:
        return HEX_RUN_RE.sub(hex_run, text)
    finally:
        del pending[:done]
        font_map.differs = any(font_map.needs_alias(g, t) for g, t in pending)


def patches() -> list[tuple[object, str, object]]:
    """The four hooks, as (owner, attribute, replacement) around WeasyPrint 70's originals."""
    import pydyf
    import weasyprint.pdf as pdf_module
    from weasyprint.draw import text as draw_text
    from weasyprint.pdf import fonts, stream

    original_init = fonts.Font.__init__

    def font_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.to_unicode = ClusterMap(self)

    original_show_text = stream.Stream.show_text

    def show_text(self, text):
        font_map = _current_map(self)
        if font_map is not None and font_map.pending:
            raw = text.encode() if isinstance(text, str) else text
            text = _rewrite(raw, font_map)
        return original_show_text(self, text)

    original_build = pdf_module.build_fonts_dictionary

    def build_fonts_dictionary(pdf, fonts_by_key, compress, subset, options):
        pdf_fonts = original_build(pdf, fonts_by_key, compress, subset, options)
        for font in fonts_by_key.values():
            font_map = font.to_unicode
            if isinstance(font_map, ClusterMap) and font_map.aliases and font.hash in pdf_fonts:
                _add_aliases(pdf, _object(pdf, pdf_fonts[font.hash]), font, font_map.aliases, compress)
        return pdf_fonts

    original_first_line = draw_text.draw_first_line

    def draw_first_line(stream, textbox, *args, **kwargs):
        if not needs_actual_text(textbox.text):
            return original_first_line(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", pydyf.Dictionary({"ActualText": pydyf.String(actual_text(textbox.text))}))
        try:
            return original_first_line(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()

    return [(fonts.Font, "__init__", font_init), (stream.Stream, "show_text", show_text),
            (pdf_module, "build_fonts_dictionary", build_fonts_dictionary),
            (draw_text, "draw_first_line", draw_first_line)]


#: What pipeline/i18n/segment.py puts into a text to steer line breaking (word joiners, zero-width
#: spaces between Burmese syllables): not part of the words, so not part of what is copied.
LINE_BREAK_MARKS = dict.fromkeys(map(ord, "\u2060\u200b"))


def actual_text(text: str) -> str:
    """A line's text as a reader should get it: without the line-break marks."""
    return text.translate(LINE_BREAK_MARKS)


def needs_actual_text(text: str) -> bool:
    """Left-to-right lines with combining marks (Devanagari, Tamil vowel signs and viramas).

    Readers that honour ActualText (poppler, Acrobat) then take the line's words from it; the
    aliases above serve the readers that do not. Right-to-left lines get none: poppler
    reorders ActualText as if it were visual order, which reverses Arabic.
    """
    if any(unicodedata.bidirectional(c) in ("R", "AL") for c in text):
        return False
    return any(unicodedata.category(c) in ("Mn", "Mc") for c in text)


def _current_map(stream) -> ClusterMap | None:
    current = getattr(stream, "_current_font", None)
    if not current:
        return None
    for font in stream._fonts.values():
        if font.hash == current[0] and isinstance(font.to_unicode, ClusterMap) and font.to_unicode.pending:
            return font.to_unicode
    return None


def _object(pdf, reference):
    """The pydyf object a reference (b"12 0 R") points to."""
    number = reference.split()[0]
    return pdf.objects[int(number.decode() if isinstance(number, bytes) else number)]


def _add_aliases(pdf, font_dictionary, font, aliases: dict[tuple[int, str], int], compress: bool) -> None:
    """Give each alias its text (ToUnicode), its glyph (CIDToGIDMap) and its glyph's width (W).

    The codes stay 2-byte CIDs under Identity-H, the encoding every PDF reader knows; only the
    CID -> glyph map stops being the identity.
    """
    import pydyf

    entries = sorted((code, glyph, text) for (glyph, text), code in aliases.items())
    to_unicode = _object(pdf, font_dictionary["ToUnicode"])
    end = to_unicode.stream.index(b"endcmap")
    to_unicode.stream[end:end] = [b"%d beginbfchar" % len(batch) + b"".join(
        b"\n<%04x> <%s>" % (code, text.encode("utf-16-be").hex().encode()) for code, _, text in batch)
        + b"\nendbfchar" for batch in _batches(entries)]

    cid_font = _object(pdf, font_dictionary["DescendantFonts"][0])
    cid_to_gid = bytearray(2 * (entries[-1][0] + 1))
    for cid in range(font.glyph_count):
        cid_to_gid[2 * cid:2 * cid + 2] = cid.to_bytes(2, "big")
    for code, glyph, _ in entries:
        cid_to_gid[2 * code:2 * code + 2] = glyph.to_bytes(2, "big")
    gid_map = pydyf.Stream([bytes(cid_to_gid)], compress=compress)
    pdf.add_object(gid_map)
    cid_font["CIDToGIDMap"] = gid_map.reference
    for code, glyph, _ in entries:
        cid_font["W"].extend([code, pydyf.Array([font.widths.get(glyph, 0)])])

    if font_dictionary["Encoding"] != "/Identity-H":  # WeasyPrint's encoding for missing glyphs
        encoding = _object(pdf, font_dictionary["Encoding"])
        end = encoding.stream.index(b"endcmap")
        encoding.stream[end:end] = [b"%d begincidchar" % len(batch) + b"".join(
            b"\n<%04x> %d" % (code, code) for code, _, _ in batch) + b"\nendcidchar"
            for batch in _batches(entries)]


def _batches(entries: list, size: int = 100):
    for i in range(ceil(len(entries) / size)):
        yield entries[i * size:(i + 1) * size]
