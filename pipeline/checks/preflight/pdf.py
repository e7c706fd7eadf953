"""The PDF half of the preflight: the file as written, read as a print shop and a reader would.

`check_pdf(pdf, print_shop=..., expected_lang=...)` returns `PageFinding`s for

- **shaping** (critical): a dotted circle (U+25CC, drawn by HarfBuzz where a vowel sign or
  combining mark has lost its base letter) or a .notdef glyph (glyph 0: a character no font
  has) drawn anywhere, in any script. Decided from the glyphs the content streams show,
  through each font's encoding, CIDToGIDMap and embedded program (pdf_fonts.py); the text
  around it comes from the ToUnicode maps, as a reader copies it.
- **pdfx** (critical, print-shop files only): the PDF/X-1a:2003 rules that reading the file
  decides (pdf_x.py).
- **accessibility** (functional): tags, language, figure descriptions, table header scope
  (pdf_tags.py).

It runs on every PDF of every build, so it reads each page's content once (pdf_content.py)
and each font once; a leaflet takes a few tens of milliseconds.
"""

from __future__ import annotations

import io
import unicodedata

import pikepdf

from .. import register
from . import PageFinding, pdf_tags, pdf_x
from .pdf_content import PageScan, Scanner
from .pdf_fonts import DOTTED_CIRCLE

__all__ = ["check_pdf"]

register("shaping", "critical", "page", "a dotted circle (a broken cluster) or .notdef (a missing glyph) drawn on a page")(None)
register("pdfx", "critical", "page", "a rule of PDF/X-1a:2003 the print-shop poster breaks (transparency, RGB, boxes...)")(None)
register("accessibility", "functional", "page",
         "a table header without /Scope, a figure without alternative text, a missing or wrong /Lang")(None)
register("file", "critical", "page", "a PDF that cannot be read, or is encrypted")(None)
MAX_SHOWN = 3  # examples of one shaping problem quoted per page and font


def check_pdf(pdf: bytes, *, print_shop: bool, expected_lang: str | None = None) -> list[PageFinding]:
    """Every finding on the PDF `pdf`; `print_shop` adds the PDF/X-1a rules, `expected_lang`
    (a BCP 47 tag) is the language the document must declare."""
    try:
        document = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PasswordError:
        return [PageFinding("critical", "file", None, "the file is encrypted with a password, so nobody can check "
                            "or print it; write it without encryption")]
    except pikepdf.PdfError as exc:
        return [PageFinding("critical", "file", None, f"the file is not a readable PDF ({exc}); render it again")]
    with document:
        scanner = Scanner()
        scans = [scanner.scan(page, number) for number, page in enumerate(document.pages, 1)]
        findings = shaping(scans)
        if print_shop:
            findings += pdf_x.check(document, scans)
        findings += pdf_tags.check(document, expected_lang)
    return findings


def shaping(scans: list[PageScan]) -> list[PageFinding]:
    """Dotted circles and .notdef glyphs, one finding per page, font and kind (with a count)."""
    findings = []
    for scan in scans:
        groups: dict[tuple, list] = {}
        for glyph in scan.glyphs:
            text = glyph.font.to_unicode.get(glyph.code, "")
            if glyph.gid == 0:
                groups.setdefault(("notdef", glyph.font.name, text), []).append(glyph)
            elif DOTTED_CIRCLE not in text:  # a "◌" the author wrote is no defect
                groups.setdefault(("circle", glyph.font.name), []).append(glyph)
        for key, glyphs in groups.items():
            contexts = list(dict.fromkeys(
                scan.context(g, mark=DOTTED_CIRCLE if key[0] == "circle" else "") for g in glyphs))
            quoted = ", ".join(f"“{c}”" for c in contexts[:MAX_SHOWN]) + (", ..." if len(contexts) > MAX_SHOWN else "")
            times = f" ({len(glyphs)} times)" if len(glyphs) > 1 else ""
            if key[0] == "circle":
                message = (f"{key[1]} prints a dotted circle (◌) in {quoted}{times}: HarfBuzz draws one where a "
                           "vowel sign or combining mark has no base letter, because the text is split inside a "
                           "cluster (an element such as <span> around part of a word) or starts with a mark; "
                           "keep every grapheme cluster in one text run, or correct the text")
            else:
                message = (f"{key[1]} draws .notdef (an empty box) for {_describe(key[2])} in {quoted}{times}: "
                           "no font of the layout has this character; replace it in the text, or add a font that "
                           "has it (layouts/fonts/fonts.yaml)")
            findings.append(PageFinding("critical", "shaping", scan.number, message))
    return findings


def _describe(text: str) -> str:
    if not text:
        return "a glyph that stands for no text"
    return ", ".join(f"“{c}” (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in text)
