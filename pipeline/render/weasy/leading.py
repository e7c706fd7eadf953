"""A line's height set by its own font, not grown by a word another font draws.

A Tamil, Hindi or Arabic line holding a Latin word ("வைட்டமின் D", "prednisone", "ACTH") stood
0.3-0.7 mm lower than its neighbours (reviewers at 150 dpi in three scripts; 1.6 px of 25.6 at
12pt in a planted paragraph): Pango draws the Latin word from the fallback font (Noto Sans),
whose ascent and descent differ from the paragraph's font, and WeasyPrint 70 takes a text box's
height and baseline from Pango's whole line (`split_text_box`: "we trust Pango and use the
height of the LayoutLine"), so the box's half-leading moves its baseline and the line box grows.
Browsers, and CSS 2.1's line-height model they follow, take an inline box's ascent and descent
from its first available font: with a numeric line-height every line of one style is as tall as
the strut, whatever font draws some of its glyphs.

So, after WeasyPrint splits a text box, a box whose baseline lies elsewhere than its style's
strut puts it (`weasyprint.text.line_break.strut`) gets margins that put its baseline where the
strut does, its margin box still line-height tall; its glyphs are drawn as Pango set them. Only
where its glyphs' ink fits that line-height box (`_ink_fits`): a taller script drawn by the
fallback (Urdu's Nastaliq inside a Latin-first line reaches 1.9 em above the baseline) keeps
the room WeasyPrint makes for it, or its marks would run into the line above or out of its box. A box
whose baseline already is the strut's (text in its own font: every line without a fallback) is
left exactly as WeasyPrint made it, so those PDFs do not change by a byte. `line-height: normal`
is left alone (there the font's own line height is the rule). Hand-written because WeasyPrint
has no option for it; tests/integration/test_weasy_leading.py checks the assumption (the
function and what it sets) and the result on a planted paragraph.
"""

from __future__ import annotations

from typing import Any

#: A baseline within this much of the strut's (px) is the strut's: floating-point noise.
SAME = 1e-6


def patches() -> list[tuple[object, str, object]]:
    """The hook, as (owner, attribute, replacement) triples around WeasyPrint 70's originals."""
    from weasyprint.layout import inline
    from weasyprint.text.line_break import strut

    original = inline.split_text_box

    def split_text_box(context: Any, box: Any, available_width: Any, skip: Any, is_line_start: bool = True) -> Any:
        new_box, resume_index, preserved_line_break = original(context, box, available_width, skip, is_line_start)
        if new_box is not None and new_box.style["line_height"] != "normal":
            line_height, baseline = strut(new_box.style)
            if abs(new_box.baseline - baseline) > SAME and _ink_fits(new_box, baseline, line_height - baseline):
                text_baseline = new_box.baseline - new_box.margin_top  # Pango's, from the content box's top
                new_box.margin_top = baseline - text_baseline
                new_box.margin_bottom = line_height - new_box.height - new_box.margin_top
                new_box.baseline = baseline
        return new_box, resume_index, preserved_line_break

    return [(inline, "split_text_box", split_text_box)]


def _ink_fits(box: Any, above: float, below: float) -> bool:
    """Whether the ink of `box`'s line (its glyphs as drawn, every font) stays within `above`
    and `below` the baseline: the room the strut's line-height box gives. Urdu in a Latin-first
    line (the poster's masthead: Nastaliq's marks reach 1.9 em up) needs more, and keeps the
    line WeasyPrint grows for it; a Latin word in Tamil (its ink 0.8 em up) fits."""
    from weasyprint.text.ffi import FROM_UNITS, ffi, pango

    layout = box.pango_layout
    layout.reactivate(box.style)  # WeasyPrint let it go after measuring; drawing makes it again
    try:
        line, _ = layout.get_first_line()
        ink = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ink, ffi.NULL)
        top, bottom = -ink.y * FROM_UNITS, (ink.y + ink.height) * FROM_UNITS
    finally:
        layout.deactivate()
    return top <= above + SAME and bottom <= below + SAME
