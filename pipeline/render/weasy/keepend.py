"""A display text's last two words joined while its paragraph is laid out, not in a second layout.

A heading or a poster text must not end with one word alone on its last line where the word
before would fit beside it (render/widows.py). Whether it does depends on the column and the
size the layout gives the text, so the renderer used to lay the whole document out, ask
`widowed_texts`, and lay it all out again with those texts' last two words joined by a no-break
space (segment.keep_end, `pair_fits`): a quarter of a build's time, for a few words moved.

Here the same join is made at the paragraph, during the one layout. The templates mark each
block whose whole text is such a display text (KEEP_END, added only on the layout that may join
in place: `Layouts.join_in_layout`). For a marked block, WeasyPrint's lines are computed; if the
last holds one word and the line before spares one (`widows.spares_a_word`), unhyphenated, in
text with spaces (no Han, no right-to-left letter), and the pair fits the last line's room
(its block's width less a float beside it), the lines are laid out again from a copy of the
block's inline content whose last space is U+00A0: the character keep_end's join makes, so the
lines are those the second layout gives. Moving a word down adds no line, and the join is kept
only where every line keeps its place and height (else the lines are left alone and marked
REFUSED): what follows the paragraph is laid out exactly as without the join. The renderer
checks the result against the HTML the templates write with those joins (renderer.py,
`_joined_in_layout`) and falls back to the second layout when they differ.

WeasyPrint 70 internals: `weasyprint.layout.block._linebox_layout` gets a block's lines from
`iter_line_boxes(context, linebox, position_y, bottom_space, skip_stack, containing_block,
absolute_boxes, fixed_boxes, first_letter_style, first_line_style)`, a generator of (LineBox,
resume_at) that `block.py` imported by name; resume_at indexes children and UTF-8 bytes of
text, so a no-break space (two bytes) after a line's end leaves the indexes before it valid.
Lines are read ahead only for marked blocks of plain inline text (no atomic inline, float or
positioned box, whose layout has side effects on the context; a list item's bullet, the
layouts' inline-block li::before holding text alone, is allowed: its layout sets its own box's
place and nothing else, and it is no word of the item); every other box goes straight to
WeasyPrint's generator. The join changes the text's widest unbreakable piece after WeasyPrint
has set the widths, so the renderer refuses a join inside a box sized by its content
(renderer._joined_where_content_sizes). The hook keeps no state: what it did is recorded on the line boxes it
yields (JOINED) and on the element (KEEP_END="joined"), which belong to the one document being
laid out, so Dask threads that lay out documents side by side never see each other's. tests/integration/test_keep_end_in_layout.py
checks these assumptions.
"""

from __future__ import annotations

from typing import Any

#: The attribute the templates put on a block whose whole text is a display text (keep_end).
KEEP_END = "data-keep-end"
#: On a LineBox the hook yields: JOINED (laid out with the last two words joined) or REFUSED
#: (the join would move a line: left alone, for the renderer's second layout to judge). An
#: element whose lines were joined gets KEEP_END="joined" in its document's tree, so the renderer
#: finds every join, those on the pages evenpages drops too (the element tree is the document's own).
MARK = "leaflets_keep_end"
JOINED, REFUSED = "joined", "refused"
NBSP = "\u00a0"


def _marker(box: Any) -> bool:
    """A list item's marker (the layouts' inline-block li::before, or WeasyPrint's ::marker):
    not part of the item's text, as laidout reads a line (`_is_marker`)."""
    tag = box.element_tag or ""
    return bool(getattr(box, "is_outside_marker", False) or tag.endswith("::marker") or tag == "li::before")


def _plain_inline(box: Any) -> bool:
    """Only inline boxes and text below `box` (a LineBox), and at most a list item's marker
    (an inline-block of text alone: its layout sets its own box's place and touches nothing
    of the context, no float, no positioned box, no footnote): reading its lines ahead is pure."""
    from weasyprint.formatting_structure import boxes as B

    for child in getattr(box, "children", ()):
        if isinstance(child, B.TextBox):
            continue
        if child.is_floated() or child.is_absolutely_positioned() or child.is_running() or child.footnote:
            return False
        if type(child) is B.InlineBlockBox and _marker(child):
            if not all(type(b) in (B.LineBox, B.TextBox, B.InlineBox) and not b.is_floated()
                       and not b.is_absolutely_positioned() for b in child.descendants() if b is not child):
                return False
            continue
        if type(child) is not B.InlineBox or not _plain_inline(child):
            return False
    return True


def _texts(box: Any) -> list[Any]:
    """The TextBoxes below `box`, in order, a list item's marker left out."""
    from weasyprint.formatting_structure import boxes as B

    out: list[Any] = []
    for child in getattr(box, "children", ()):
        if isinstance(child, B.TextBox):
            out.append(child)
        elif not _marker(child):
            out.extend(_texts(child))
    return out


def _line_text(line: Any) -> str:
    return "".join(t.text for t in _texts(line))


def _joined_copy(linebox: Any) -> Any | None:
    """A deep copy of `linebox` (a block's inline content) with the last space followed by a
    word turned into a no-break space, as keep_end's join writes it; None without one."""
    copy = linebox.deepcopy()
    texts = _texts(copy)
    seen_word = False
    for text_box in reversed(texts):
        text = text_box.text
        for i in range(len(text) - 1, -1, -1):
            if text[i] == " " and seen_word:
                text_box.text = text[:i] + NBSP + text[i + 1:]
                return copy
            if not text[i].isspace():
                seen_word = True
    return None


def _room(context: Any, line: Any, containing_block: Any) -> tuple[float, float]:
    """Where `line` may run (x0, x1): its block's content box less a float beside it, as
    laidout.room reads a laid-out page."""
    left = containing_block.content_box_x()
    right = left + containing_block.width
    y0, y1 = line.position_y, line.position_y + line.height
    for shape in context.excluded_shapes:
        x0, top = shape.position_x, shape.position_y
        x1, bottom = x0 + shape.margin_width(), top + shape.margin_height()
        if top < y1 and y0 < bottom and x0 < right and left < x1:
            if x0 - left >= right - x1:
                right = min(right, x0)
            else:
                left = max(left, x1)
    return left, right


def widowed(context: Any, lines: list[Any], containing_block: Any, continued: bool) -> bool:
    """Whether a paragraph's `lines` (LineBoxes, the last its last) end as widows.widowed_texts
    finds a display text to join: the last line one word, the one before sparing its last
    word, not hyphenated, no Han or right-to-left letter, the pair within the last line's room.
    `continued`: the paragraph began on an earlier page (so it has more lines than these)."""
    from ...i18n import segment
    from ..laidout import text_width
    from ..widows import _INVISIBLE, _WORD, spares_a_word, text_key

    if len(lines) < 2:
        return False
    upper, lower = lines[-2], lines[-1]
    upper_texts = [t for t in _texts(upper) if t.text.strip()]
    lower_texts = [t for t in _texts(lower) if t.text.strip()]
    if not upper_texts or not lower_texts:
        return False
    below = text_key(_line_text(lower))
    units = _INVISIBLE.sub("", _line_text(upper)).strip().split(" ")
    count = len(lines) + (1 if continued else 0)
    last = upper_texts[-1]
    mark = last.style["hyphenate_character"]
    hyphenated = bool(mark) and last.text.endswith(mark) and last.style["hyphens"] != "none"
    if len([w for w in below.split() if _WORD.search(w)]) != 1 or not spares_a_word(len(units), count) \
            or hyphenated or segment.HAN_RUN.search(below) or segment.RTL_LETTER.search(below + units[-1]):
        return False
    left, right = _room(context, lower, containing_block)
    lower_left = min(t.position_x for t in lower_texts)
    lower_right = max(t.position_x + t.width for t in lower_texts)
    return (lower_right - lower_left) + text_width(units[-1] + " ", last.style) <= right - left


def _same_places(before: list[Any], after: list[Any]) -> bool:
    """Whether two layouts of a paragraph's lines put every line at the same place and height,
    the lines before the last two with the same text."""
    if len(before) != len(after):
        return False
    for i, (a, b) in enumerate(zip(before, after)):
        if (a.position_y, a.height) != (b.position_y, b.height):
            return False
        if i < len(before) - 2 and _line_text(a) != _line_text(b):
            return False
    return True


def patches() -> list[tuple[object, str, object]]:
    """The hook, as (owner, attribute, replacement) around WeasyPrint 70's iter_line_boxes."""
    from weasyprint.layout import block

    original = block.iter_line_boxes

    def iter_line_boxes(context, box, position_y, bottom_space, skip_stack, containing_block,
                        absolute_boxes, fixed_boxes, first_letter_style, first_line_style):
        element = getattr(containing_block, "element", None)
        if element is None or element.get(KEEP_END) is None or first_letter_style or first_line_style \
                or "::" in (containing_block.element_tag or "") or not _plain_inline(box):
            yield from original(context, box, position_y, bottom_space, skip_stack, containing_block,
                                absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
            return
        args = (position_y, bottom_space, skip_stack, containing_block, absolute_boxes, fixed_boxes, None, None)
        pairs = list(original(context, box, *args))
        lines = [line for line, _ in pairs]
        if pairs and pairs[-1][1] is None and widowed(context, lines, containing_block, skip_stack is not None):
            copy = _joined_copy(box)
            joined = list(original(context, copy, *args)) if copy is not None else []
            if copy is not None and _same_places(lines, [line for line, _ in joined]):
                for line, _ in joined:
                    setattr(line, MARK, JOINED)
                element.set(KEEP_END, JOINED)  # every element joined, on pages kept or dropped (evenpages)
                label = getattr(containing_block, "bookmark_label", None)
                old, new = _line_text(box).strip(), _line_text(copy).strip()
                if label and label.strip() == old:
                    containing_block.bookmark_label = label.replace(old, new)
                pairs = joined
            else:
                for line in lines:
                    setattr(line, MARK, REFUSED)
        yield from pairs

    return [(block, "iter_line_boxes", iter_line_boxes)]
