"""What Pango actually drew for a laid-out text box: its ink rectangle and its font runs.

WeasyPrint keeps each TextBox's Pango layout after layout, but deactivated (freed); drawing
re-creates it with `reactivate`. We do the same, only for the few boxes a check needs (about
70 µs each): text boxes' own rectangles are line-height tall, so where marks above and below
the letters reach is only known from the ink; which font drew a comma only from the runs.
WeasyPrint 70 internals (`Layout.reactivate`, `get_first_line`, the `PangoGlyphItem` runs).
A box's ink is measured once and kept on the box (INK, GLYPH_INKS): the checks ask for the same
line's ink again (each line against the one before and the one after), and a laid-out box
does not change.
"""

from __future__ import annotations

from weasyprint.text.ffi import FROM_UNITS, ffi, pango

#: The attributes a measured text box keeps its ink in.
INK, GLYPH_INKS = "leaflets_ink", "leaflets_glyph_inks"


def ink_rect(textbox) -> tuple[float, float, float, float] | None:
    """The text box's ink in page coordinates (x0, y0, x1, y1, CSS px), None if it draws nothing."""
    if not hasattr(textbox, INK):
        setattr(textbox, INK, _ink_rect(textbox))
    return getattr(textbox, INK)


def _ink_rect(textbox) -> tuple[float, float, float, float] | None:
    layout = textbox.pango_layout
    layout.reactivate(textbox.style)
    try:
        line, _ = layout.get_first_line()
        ink = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ink, ffi.NULL)
        if ink.width <= 0 or ink.height <= 0:
            return None
        # Line extents are relative to the baseline and the start of the line.
        x0 = textbox.position_x + ink.x * FROM_UNITS
        y0 = textbox.position_y + textbox.baseline + ink.y * FROM_UNITS
        return (x0, y0, x0 + ink.width * FROM_UNITS, y0 + ink.height * FROM_UNITS)
    finally:
        layout.deactivate()


def glyph_inks(textbox) -> list[tuple[float, float, float, float]]:
    """The ink of each glyph Pango drew for the text box, in page coordinates (CSS px): where
    the line's ink rectangle only says how high and low anything reaches, this says where (a
    Nastaliq tail low under one word, a tall letter in the next line elsewhere need not meet).
    Runs and their glyphs are in visual order, left to right."""
    if not hasattr(textbox, GLYPH_INKS):
        setattr(textbox, GLYPH_INKS, _glyph_inks(textbox))
    return getattr(textbox, GLYPH_INKS)


def _glyph_inks(textbox) -> list[tuple[float, float, float, float]]:
    layout = textbox.pango_layout
    layout.reactivate(textbox.style)
    try:
        line, _ = layout.get_first_line()
        logical = ffi.new("PangoRectangle *")
        pango.pango_layout_line_get_extents(line, ffi.NULL, logical)
        pen = textbox.position_x + logical.x * FROM_UNITS
        baseline = textbox.position_y + textbox.baseline
        ink = ffi.new("PangoRectangle *")
        rects = []
        run = line.runs
        while run != ffi.NULL:
            font, glyphs = run.data.item.analysis.font, run.data.glyphs
            for i in range(glyphs.num_glyphs):
                info = glyphs.glyphs[i]
                pango.pango_font_get_glyph_extents(font, info.glyph, ink, ffi.NULL)
                if ink.width > 0 and ink.height > 0:
                    x0 = pen + (info.geometry.x_offset + ink.x) * FROM_UNITS
                    y0 = baseline + (info.geometry.y_offset + ink.y) * FROM_UNITS
                    rects.append((x0, y0, x0 + ink.width * FROM_UNITS, y0 + ink.height * FROM_UNITS))
                pen += info.geometry.width * FROM_UNITS
            run = run.next
        return rects
    finally:
        layout.deactivate()


def font_runs(textbox) -> list[tuple[str, str]]:
    """(font family, text) for each run Pango shaped in the text box, in logical order."""
    layout = textbox.pango_layout
    layout.reactivate(textbox.style)
    try:
        line, _ = layout.get_first_line()
        data = layout.text.encode()
        runs = []
        run = line.runs
        while run != ffi.NULL:
            item = run.data.item
            text = data[item.offset:item.offset + item.length].decode(errors="replace")
            runs.append((item.offset, _family(item.analysis.font), text))
            run = run.next
        return [(family, text) for _, family, text in sorted(runs)]  # Pango lists them in visual order
    finally:
        layout.deactivate()


def _family(pango_font) -> str:
    description = pango.pango_font_describe_with_absolute_size(pango_font)
    try:
        return ffi.string(pango.pango_font_description_get_family(description)).decode()
    finally:
        pango.pango_font_description_free(description)
