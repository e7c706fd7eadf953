"""The box-level half of the print preflight: geometry, pagination and line breaks, read from
WeasyPrint's laid-out Document before it is written (the PDF-file half is `pdf.py`).

`check_layout` runs on every layout the build writes. It reads the pages once
(`model.collect`) and runs each check over the records:

- geometry (critical): content inside its parent box and the page's text area, inside the
  printer's safe area (5 mm from the trimmed edge for office printers, which clip about 4 mm;
  3 mm inside the trim for the print shop, where only a background may run into the bleed,
  and then all the way), no two printed things on top of each other, and letters inside the
  box painted behind them (functional: within 0.5 mm of its edge; lines whose marks touch);
  a painted label that starts a line (the large-print badge) at the edge its text starts at
  (cosmetic);
- pagination (functional): headings kept with what follows, short tables whole, running
  headers and footers on the lines they were written on, lists numbered as written, list
  markers on their item's baseline, a paragraph's lines together, the cells of a row starting
  on one page and, split, breaking at the same item (tables side by side at the same row), no
  paragraph or list item split with one line alone on either page, a lead-in sentence ("The
  medicines include:") on the page of what it introduces, no heading printed again on the
  page after; the running footer at its edition's size (`fonts`), smaller only where a line
  would not fit;
- line breaks (functional, `lines.py`): Chinese words whole, no one-character last line, no
  headline line of one short word, hyphenation where the edition allows it and sparingly.

Every message says what, where (page, the text, mm) and what to do.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import boxes as B

from ...render.editions import MARGIN_MIN_PT
from ...render.laidout import (
    HEADINGS,
    MM,
    NOTES_MIN_MM,
    PX,
    Decorated,
    Line,
    Page,
    Rect,
    border_rect,
    classes,
    collect,
    content_bottom,
    describe_box,
    excess,
    intersects,
    mm,
    notes_room,
    snippet,
    text_ends,
)
from .. import register
from . import PageFinding
from . import lines as line_checks
from .inks import glyph_inks, ink_rect

#: Office printers leave about 4 mm unprinted at each edge; 5 mm keeps a margin of error.
OFFICE_SAFE_MM = 5.0
#: A print shop trims within about 1 mm and asks for live matter 3 mm inside the trim,
#: and for backgrounds that touch the edge to run 3 mm past it (the bleed).
PRINT_SAFE_MM = 3.0
BLEED_MM = 3.0
#: Overlaps, overflows and gaps under a quarter of a millimetre are rounding, not defects.
TOLERANCE = 0.25 * PX
#: Short tables (at most this many body rows) are never split over two pages.
SHORT_TABLE_ROWS = 5


register("geometry", "critical", "page", "a box past its parent, the text area or the printer's safe area; two "
         "printed things on top of each other; letters running out of the box painted behind them")(None)
register("pagination", "functional", "page", "a heading alone at the foot of a page, a short table split, a running "
         "header or footer on two lines, a list numbered wrongly, a page left short")(None)
register("line-breaks", "functional", "page", "a Chinese word broken across lines, a one-character last line, a "
         "headline line of one short word, hyphenation where the edition forbids it or too much of it")(None)

def check_layout(document, *, edition, script: str, language: str, safe_mm: float | None = None,
                 hyphen_share: float | None = None, timings: dict | None = None,
                 names: tuple[str, ...] = (), dates: tuple[str, ...] = (),
                 words: tuple[str, ...] = ()) -> list[PageFinding]:
    """Findings on a laid-out WeasyPrint `Document` of one edition (pipeline.editions.Edition).

    `script` is the document's ISO 15924 script (Latn, Deva, Hans...), `language` its BCP 47
    tag. `safe_mm` overrides the edition's safe distance from the trimmed edge, `hyphen_share`
    the running text's limit of hyphenated lines per page (lines.HYPHEN_SHARE); `names` are
    never hyphenated (LocalizedDocument.names), `dates` never split over lines; `words` is the
    document's lexicon (segment.lexicon), the words the renderer kept whole. `timings`, if
    given, receives milliseconds per phase.
    """
    started = time.perf_counter()
    print_shop = bool(getattr(edition, "print_shop", False))
    safe = (PRINT_SAFE_MM if print_shop else OFFICE_SAFE_MM) if safe_mm is None else safe_mm
    pages = collect(document, bleed_allowed=_bleed_rule(print_shop))
    collected = time.perf_counter()
    findings: list[PageFinding] = []
    findings += overflows(pages)
    findings += safe_area(pages, safe, print_shop)
    for page_check in _page_checks():
        findings += page_check(pages, edition) if page_check.__name__ in _WITH_EDITION else page_check(pages)
    findings += notes_space(document, pages)
    findings += line_checks.check_lines(pages, edition=edition, script=script, language=language,
                                        hyphen_share=hyphen_share, names=names, dates=dates, words=words)
    if timings is not None:
        timings["collect_ms"] = (collected - started) * 1000
        timings["checks_ms"] = (time.perf_counter() - collected) * 1000
    return sorted(findings, key=lambda f: (f.page or 0, f.check))


def _page_checks() -> tuple:
    """The checks that read the pages (those named in _WITH_EDITION the edition too), in the
    order their findings are listed."""
    return (overlaps, painted_edges, label_edges, headings_kept, headings_lead, heading_space, short_tables,
            running_lines, running_sizes, list_numbers, marker_baselines, marker_sizes, lines_together, line_pitch,
            side_by_side, rows_together, cells_in_step, page_feet, last_text_page, split_lines, open_boxes, list_ends,
            group_heads, split_groups, lead_ins, repeated_headings, unlabelled_notes, draft_status_size,
            empty_box_feet)


#: The page checks that read the edition too.
_WITH_EDITION = frozenset({"running_sizes", "draft_status_size"})


def _bleed_rule(print_shop: bool):
    """On the print shop's page a background may run past its parent into the bleed."""
    def allowed(box, rect) -> bool:
        return print_shop and getattr(box, "background", None) is not None
    return allowed


def _finding(severity: str, check: str, page: int, message: str) -> PageFinding:
    return PageFinding(severity, check, page + 1, message)


# -- geometry ---------------------------------------------------------------------------------

def overflows(pages: list[Page]) -> list[PageFinding]:
    """A box with content that runs out of its parent, or out of the page's text area."""
    findings = []
    for page in pages:
        for over in page.overflows:
            sides = excess(over.rect, over.frame)
            worst = max(sides, key=lambda side: sides[side])
            findings.append(_finding(
                "critical", "geometry", page.number,
                f"{describe_box(over.box)} runs {mm(sides[worst])} past the {worst} of {over.frame_name} "
                f"(its {worst} edge at {_edge(over.rect, worst)}, the limit at {_edge(over.frame, worst)}); "
                "make it fit: its width, padding or margins in layouts/ (box-sizing: border-box for a "
                "width with padding)"))
    return findings


def _edge(rect, side: str) -> str:
    value = {"left": rect[0], "top": rect[1], "right": rect[2], "bottom": rect[3]}[side]
    return mm(value)


def safe_area(pages: list[Page], safe: float, print_shop: bool) -> list[PageFinding]:
    """Everything printed stays `safe` mm inside the trimmed edge; a print-shop background that
    comes nearer must run at least BLEED_MM past the edge (or the trim leaves a white sliver)."""
    findings = []
    inset = safe * PX
    repeated: dict = {}  # a running header or footer is the same on every page: report it once
    for page in pages:
        x0, y0, x1, y1 = page.trim
        limit = (x0 + inset, y0 + inset, x1 - inset, y1 - inset)
        reported = 0
        items = [(line.rect_of_texts(), f"the line {snippet(line.text)}" + (" (page margin box)" if line.margin else ""))
                 for line in _lines_with_texts(page)]
        items += [(c.rect, f"the image {describe_box(c.box)}") for c in page.contents if c.kind == "image"]
        for deco in page.decorated:
            if print_shop and deco.background:
                findings += _bleed(page, deco, limit)
                continue
            items.append((deco.rect, f"the box {describe_box(deco.box)}"))
        for rect, what in items:
            sides = excess(rect, limit)
            sides = {side: value for side, value in sides.items() if value > TOLERANCE}
            if not sides:
                continue
            if "(page margin box)" in what:
                key = (what, tuple(sorted(sides)))
                if key in repeated:
                    repeated[key][1] += 1
                    continue
                repeated[key] = [len(findings), 0]
            reported += 1
            if reported > 6:
                continue
            side = max(sides, key=lambda name: sides[name])
            distance = {"left": rect[0] - x0, "top": rect[1] - y0, "right": x1 - rect[2], "bottom": y1 - rect[3]}[side]
            findings.append(_finding(
                "critical", "geometry", page.number,
                f"{what} is {mm(distance)} from the {side} edge of the trimmed page; printers need "
                f"{safe:g} mm ({'the print shop trims' if print_shop else 'office printers clip about 4 mm'}): "
                "move it inwards (page margins, padding) in layouts/"))
        if reported > 6:
            findings.append(_finding("critical", "geometry", page.number,
                                     f"{reported - 6} more things are outside the safe area on this page"))
    for index, more in repeated.values():
        if more:
            first = findings[index]
            findings[index] = PageFinding(first.severity, first.check, first.page,
                                          f"{first.message} (and on {more} more page{'s' if more > 1 else ''})")
    return findings


def _lines_with_texts(page: Page):
    return [line for line in page.lines if line.texts]


def _bleed(page: Page, deco, limit) -> list[PageFinding]:
    """A print-shop background inside the safe area is fine; one that reaches past it must run
    past the trim by the bleed, on every side where it does."""
    findings = []
    x0, y0, x1, y1 = page.trim
    bleed = BLEED_MM * PX - TOLERANCE
    reach = {"left": x0 - deco.rect[0], "top": y0 - deco.rect[1], "right": deco.rect[2] - x1,
             "bottom": deco.rect[3] - y1}
    for side, value in excess(deco.rect, limit).items():
        if value > TOLERANCE and reach[side] < bleed:
            findings.append(_finding(
                "critical", "geometry", page.number,
                f"the background of {describe_box(deco.box)} ends {mm(reach[side])} past the {side} trim; "
                f"a background this near the edge must run {BLEED_MM:g} mm into the bleed, or stop "
                f"{PRINT_SAFE_MM:g} mm inside the trim"))
    return findings


def overlaps(pages: list[Page]) -> list[PageFinding]:
    """No two printed things on top of each other: text, images and painted boxes that are not
    one inside the other; and no two lines whose letters' marks touch (ink, not line boxes)."""
    findings = []
    for page in pages:
        things: list[tuple[tuple[float, float, float, float], Any, str]] = [
            (c.rect, c, "content") for c in page.contents if not c.margin]
        things += [(d.rect, d, "box") for d in page.decorated]
        things.sort(key=lambda t: t[0][1])
        active: list = []
        seen = 0
        for rect, item, kind in things:
            active = [a for a in active if a[0][3] > rect[1] + TOLERANCE]
            for other_rect, other, other_kind in active:
                if not intersects(rect, other_rect, TOLERANCE) or _related(item, kind, other, other_kind):
                    continue
                seen += 1
                if seen <= 6:
                    findings.append(_finding(
                        "critical", "geometry", page.number,
                        f"{_name(other, other_kind)} and {_name(item, kind)} overlap "
                        f"({mm(min(rect[2], other_rect[2]) - max(rect[0], other_rect[0]))} × "
                        f"{mm(min(rect[3], other_rect[3]) - max(rect[1], other_rect[1]))} at "
                        f"{mm(max(rect[0], other_rect[0]))}, {mm(max(rect[1], other_rect[1]))}); "
                        "one hides the other: give them room in layouts/ (floats, widths, negative margins)"))
            active.append((rect, item, kind))
        if seen > 6:
            findings.append(_finding("critical", "geometry", page.number, f"{seen - 6} more overlaps on this page"))
        findings += _touching_lines(page)
    return findings


#: Letters keep this far inside the box painted behind them (a badge, a call-out, a table's
#: heading cell) and from a rule drawn along their line: nearer, they read as touching it at
#: 150 dpi (the Hindi large-print badge's matras stood 0.1 mm under its top edge).
PAINT_CLEARANCE_MM = 0.5


def painted_edges(pages: list[Page]) -> list[PageFinding]:
    """Text keeps its ink clear of the edges of the box painted behind it (its nearest ancestor
    that paints a background: every side; or a border: the sides that have one): its line box
    is no measure of that, since marks above and below the letters (matras, the headline bar,
    Arabic and Tamil vowel signs, descenders) reach past it at a tight line-height. Ink across
    the edge by more than TOLERANCE is critical (white letters on a badge lose what runs onto the
    paper); ink nearer than PAINT_CLEARANCE_MM, functional. One finding per box, its worst side."""
    findings = []
    clearance = PAINT_CLEARANCE_MM * PX
    for page in pages:
        painted = {id(d.box): d for d in page.decorated}
        worst: dict = {}  # id(box) -> (clearance, side, the text)
        for content in page.contents:
            if content.kind != "text" or content.margin:
                continue
            owners = [painted[i] for i in content.ancestors if i in painted]
            if not owners:
                continue
            deco = max(owners, key=lambda d: len(d.ancestors))  # the innermost: what it is painted on
            edges = _painted_edges(deco)
            box = content.box
            # A text box is its font's ascent and descent tall; ink reaches at most about an em
            # past that (a Nastaliq tail): farther from every edge, the ink (70 µs) is not needed.
            reach = clearance + box.style["font_size"]
            rect = (box.position_x, box.position_y, box.position_x + box.width, box.position_y + box.height)
            if all(_inside(rect, side, edge) > reach for side, edge in edges.items()):
                continue
            ink = ink_rect(box)
            if ink is None:
                continue
            for side, edge in edges.items():
                room = _inside(ink, side, edge)
                if room < clearance and room < worst.get(id(deco.box), (clearance, "", None))[0]:
                    worst[id(deco.box)] = (room, side, box.text)
        for key, (room, side, text) in worst.items():
            box = painted[key].box
            where = f"{mm(-room)} past" if room < 0 else f"within {mm(room)} of"
            severity = "critical" if room < -TOLERANCE else "functional"
            effect = ("what runs out is printed on the paper (white letters lose it)" if severity == "critical" else
                      f"nearer than {PAINT_CLEARANCE_MM:g} mm, they read as touching it")
            findings.append(_finding(
                severity, "geometry", page.number,
                f"the letters of {snippet(text)} reach {where} the {side} edge of {describe_box(box)}, the box "
                f"painted behind them: {effect}; give the box's line its script's room in layouts/ (line-height: "
                "normal holds the font's marks; padding)"))
    return findings


def label_edges(pages: list[Page]) -> list[PageFinding]:
    """A painted label that starts a line of start-aligned text (the large-print badge, wrapped
    under the title) stands at the start edge the block's lines share: its margin, meant to part
    it from the word before on a shared line, stayed when the line broke before it, and the
    badge stood 2 mm in from the title's edge in English, Spanish, Hindi and Tamil (its right
    edge, mirrored, in right-to-left text). Cosmetic: the reader sees a ragged edge."""
    findings = []
    for page in pages:
        for label in page.labels:
            line, rect = label.line, label.rect
            rtl = line.box.style["direction"] == "rtl"
            if line.box.style["text_align_all"] not in ("start", "justify", "right" if rtl else "left"):
                continue
            # Text before it on the line, in the reading direction (its own text is not the line's).
            if any((t.position_x >= rect[2] - TOLERANCE) if rtl else (t.position_x + t.width <= rect[0] + TOLERANCE)
                   for t in line.texts):
                continue
            off = line.measure[1] - rect[2] if rtl else rect[0] - line.measure[0]
            if abs(off) > TOLERANCE:
                side = "right" if rtl else "left"
                findings.append(_finding(
                    "cosmetic", "geometry", page.number,
                    f"{describe_box(label.box)} starts its line {mm(abs(off))} {'inside' if off > 0 else 'outside'} "
                    f"the {side} edge of the text it is set in ({snippet(''.join(line.element.itertext()), 32)}: its "
                    "other lines start there); a margin meant to part it from the text before it stays when the line breaks "
                    "before it: part them with a space instead (layouts/)"))
    return findings


def _painted_edges(deco: Decorated) -> dict[str, float]:
    """The painted edges of a box that text inside it must keep clear of: the inner edge of
    each border, or of the background (its padding box), on every side it paints."""
    box = deco.box
    x0, y0, x1, y1 = deco.rect
    widths = {side: getattr(box, f"border_{side}_width", 0) or 0 for side in ("top", "right", "bottom", "left")}
    inner = {"left": x0 + widths["left"], "top": y0 + widths["top"], "right": x1 - widths["right"],
             "bottom": y1 - widths["bottom"]}
    return {side: edge for side, edge in inner.items()
            if deco.background or (widths[side] > 0 and box.style[f"border_{side}_style"] not in ("none", "hidden"))}


def _inside(rect, side: str, edge: float) -> float:
    """How far `rect` stays inside `edge` on `side` (negative: past it)."""
    return {"left": rect[0] - edge, "top": rect[1] - edge, "right": edge - rect[2], "bottom": edge - rect[3]}[side]


def _related(a, a_kind, b, b_kind) -> bool:
    """Pairs that share space by design: a box and what it contains (or paints: an image's own
    background), two runs of one line, cells of one table (collapsed borders are shared); and
    two lines whose line boxes meet but whose ink does not (a tight line-height)."""
    if a.box is b.box:
        return True
    if a_kind == "box" and id(a.box) in b.ancestors or b_kind == "box" and id(b.box) in a.ancestors:
        return True
    if a_kind == b_kind == "content" and a.line is not None and a.line is b.line:
        return True
    if a_kind == b_kind == "box" and a.table is not None and a.table is b.table:
        return True
    if a_kind == b_kind == "content" and a.kind == b.kind == "text":
        ink_a, ink_b = ink_rect(a.box), ink_rect(b.box)
        return not (ink_a and ink_b and intersects(ink_a, ink_b, TOLERANCE))
    return False


def _name(item, kind) -> str:
    if kind == "box":
        return f"the box {describe_box(item.box)}"
    if item.kind == "image":
        return f"the image {describe_box(item.box)}"
    return f"the text {snippet(item.box.text)}"


#: Lines closer than this (baseline to baseline, in ems of the larger font) are measured by
#: their ink; looser lines cannot touch with the fonts used here (Noto Nastaliq Urdu's ink
#: spans up to 2.66 em, its bold), and the ink costs 70 µs a box.
TIGHT_LINE_EMS = 2.7


#: A glyph's ink box is a rectangle around curved strokes: where two boxes overlap by less than
#: this, the strokes themselves stand apart (a Nastaliq ر tail over the next line's ascender,
#: looked at in the PNG at 400 dpi: 0.2 mm of box overlap, clear white between the strokes).
GLYPH_BOX_SLACK = 0.3 * PX


def _touching_lines(page: Page) -> list[PageFinding]:
    """Consecutive lines of one block (or of the block lines of one paragraph: the two lines of a
    draft notice) whose ink meets: marks above one line touching the descenders or marks below
    the line before (Devanagari, Tamil, Arabic, Nastaliq, Burmese at a tight line-height)."""
    findings = []
    previous = None
    for line in page.lines:
        if line.margin or not line.texts:
            previous = None
            continue
        if previous is not None and (previous.element is line.element
                                     or (line.para is not None and previous.para is line.para)):
            size = max(t.style["font_size"] for t in (*previous.texts, *line.texts))
            if line.baseline - previous.baseline < TIGHT_LINE_EMS * size:
                gap = _ink_gap(previous, line)
                if gap is not None and gap < 0:
                    findings.append(_finding(
                        "functional", "geometry", page.number,
                        f"the marks of the lines {snippet(previous.text, 24)} and {snippet(line.text, 24)} "
                        f"touch ({mm(-gap)} of ink overlap, line pitch {mm(line.baseline - previous.baseline)} "
                        f"for {size * 0.75:.1f}pt type): raise the line-height in layouts/"))
        previous = line
    return findings


def _ink_gap(upper, lower) -> float | None:
    """The smallest vertical gap between the ink of two lines where they overlap horizontally:
    first by each text box's ink rectangle (cheap), and where those meet, glyph by glyph (a line's
    lowest tail and the next line's tallest letter may stand in different places)."""
    inks_up = [r for r in (ink_rect(t) for t in upper.texts) if r]
    inks_low = [r for r in (ink_rect(t) for t in lower.texts) if r]
    gap = _gap(inks_up, inks_low)
    if gap is None or gap >= 0:
        return gap
    gap = _gap([r for t in upper.texts for r in glyph_inks(t)], [r for t in lower.texts for r in glyph_inks(t)])
    return gap if gap is None or gap < -GLYPH_BOX_SLACK else 0.0


def _gap(uppers: list, lowers: list) -> float | None:
    gaps = [low[1] - up[3] for up in uppers for low in lowers if min(up[2], low[2]) - max(up[0], low[0]) > 0]
    return min(gaps) if gaps else None


# -- pagination -------------------------------------------------------------------------------

def headings_kept(pages: list[Page]) -> list[PageFinding]:
    """No heading (or table caption) is the last thing on a page: at least two lines of what it
    introduces follow it there (a rule, image or table row counts as a line; an image, or an
    area painted to write on as tall as two of the heading's lines, as two)."""
    findings = []
    for page, overleaf in zip(pages, pages[1:]):
        body = [line for line in page.lines if not line.margin]
        nxt = [line for line in overleaf.lines if not line.margin]
        last = max((i for i, line in enumerate(body) if line.heading is not None), default=None)
        if last is None:
            continue
        heading = body[last]
        following = len(body) - last - 1
        # A painted box with no text: a rule counts as a line; an area at least two of the
        # heading's lines tall (the notes' ruled lines to write on) as two.
        tall = 2 * (heading.rect[3] - heading.rect[1])
        following += sum(2 if d.rect[3] - d.rect[1] >= tall else 1 for d in page.decorated
                         if d.rect[1] >= heading.rect[3] - TOLERANCE
                         and not any(t for t in d.box.descendants() if isinstance(t, B.TextBox)))
        following += sum(2 for c in page.contents if c.kind == "image" and c.rect[1] >= heading.rect[3] - TOLERANCE)
        if following < 2 and not (following == 1 and nxt and nxt[0].heading is not None):
            # (one line and then a new heading overleaf: the heading's text was that one line)
            findings.append(_finding(
                "functional", "pagination", page.number,
                f"the heading {snippet(heading.text)} stands at the foot of the page with "
                f"{following} line{'s' if following != 1 else ''} after it; keep it with what follows "
                "(break-after: avoid on the heading, or on the row that holds it, in layouts/)"))
    return findings


def headings_lead(pages: list[Page]) -> list[PageFinding]:
    """What a heading introduces starts under it: the nearest line below a heading that shares
    its column comes within two of its line heights (a heading with nothing under it reads as
    a stray label; in the bilingual leaflet it means the column's text went elsewhere)."""
    findings = []
    for page in pages:
        body = [line for line in page.lines if not line.margin]
        for index, line in enumerate(body):
            if line.heading is None or line.heading.tag == "caption":
                continue  # a caption's table starts under it by construction
            if index + 1 < len(body) and body[index + 1].heading is line.heading:
                continue  # not the heading's last line
            below = [other for other in body if other.heading is not line.heading
                     and other.rect[1] >= line.rect[3] - TOLERANCE]
            if not below:
                continue  # the foot of the page: headings_kept's case
            tops = [o.rect_of_texts() for o in below]
            tops += [d.rect for d in page.decorated if d.rect[1] >= line.rect[3] - TOLERANCE
                     and not any(isinstance(t, B.TextBox) for t in d.box.descendants())]
            tops += [c.rect for c in page.contents if c.kind == "image" and c.rect[1] >= line.rect[3] - TOLERANCE]
            column = [r for r in tops if min(r[2], line.measure[1]) - max(r[0], line.measure[0]) > TOLERANCE]
            height = line.rect[3] - line.rect[1]
            nearest = min((r[1] - line.rect[3] for r in column), default=None)
            if nearest is None or nearest > 2 * height + 4 * PX:
                where = "nothing" if nearest is None else f"nothing for {mm(nearest)}"
                findings.append(_finding(
                    "functional", "pagination", page.number,
                    f"the heading {snippet(line.text)} has {where} under it (what follows it starts "
                    "elsewhere on the page); lay its text out in its own column in layouts/"))
    return findings


#: A subheading stands at least this many times farther from the text above it than the
#: blocks above it stand from each other (a heading belongs to what follows it).
HEADING_SPACE = 1.5


def heading_space(pages: list[Page]) -> list[PageFinding]:
    """A subheading (h3) stands clearly apart from the text above it: the Hindi large print's
    "पूरी नींद लें" stood as close under the list above as its items stood to each other, and read
    as one more item (reviewer). Its space above, from the last line before it in its column,
    is at least HEADING_SPACE times the space between the last two blocks of text above it
    (paragraphs, list items: not a heading and its text)."""
    findings = []
    for page in pages:
        body = [line for line in page.lines if not line.margin and line.texts]
        for index, line in enumerate(body):
            if line.heading is None or line.heading.tag != "h3" or (index and body[index - 1].heading is line.heading) \
                    or line.cell is not None:  # (the bilingual's rows: a column's gaps are its row's, not its own)
                continue
            column = [other for other in body[:index] if other.heading is not line.heading
                      and min(other.rect[2], line.rect[2]) - max(other.rect[0], line.rect[0]) > TOLERANCE]
            gaps = [b.rect[1] - a.rect[3] for a, b in zip(column, column[1:])  # between blocks of text
                    if a.element is not b.element and a.heading is None and b.heading is None
                    and b.rect[1] >= a.rect[3] - TOLERANCE]
            if not column or not gaps or gaps[-1] <= TOLERANCE:
                continue
            above = line.rect[1] - column[-1].rect[3]
            if above < HEADING_SPACE * gaps[-1]:
                findings.append(_finding(
                    "functional", "pagination", page.number,
                    f"the subheading {snippet(line.text)} stands {mm(above)} under the text above it, about as "
                    f"close as the blocks above stand to each other ({mm(gaps[-1])}): it reads as one more of "
                    f"them; give it at least {HEADING_SPACE:g} times that space above (h3 margin in layouts/)"))
    return findings


def short_tables(pages: list[Page]) -> list[PageFinding]:
    """A table of up to SHORT_TABLE_ROWS body rows is never split over two pages."""
    where: dict = defaultdict(list)
    for page in pages:
        for element, _box in page.tables:
            if page.number not in where[element]:
                where[element].append(page.number)
    findings = []
    for element, numbers in where.items():
        rows = [tr for part in element if part.tag in ("tbody", "tr")
                for tr in ([part] if part.tag == "tr" else part.iter("tr"))]
        if len(numbers) > 1 and len(rows) <= SHORT_TABLE_ROWS:
            caption = next(element.iter("caption"), None)
            name = snippet("".join(caption.itertext())) if caption is not None else "(no caption)"
            findings.append(_finding(
                "functional", "pagination", numbers[0],
                f"the table {name} of {len(rows)} rows is split over pages {numbers[0] + 1}-{numbers[-1] + 1}; "
                f"a table of {SHORT_TABLE_ROWS} rows or fewer stays whole (break-inside: avoid)"))
    return findings


def running_lines(pages: list[Page]) -> list[PageFinding]:
    """Running headers and footers (page-margin boxes) keep the lines they were written with:
    one, or one per forced line break; a wrapped footer leaves a stray word ("2027") below."""
    findings = []
    reported = set()
    for page in pages:
        for margin_box in page.margin_boxes:
            for block, count, expected in _margin_blocks(margin_box):
                if count > expected and (margin_box.at_keyword, count) not in reported:
                    reported.add((margin_box.at_keyword, count))
                    texts = [snippet("".join(t.text for t in line.descendants() if isinstance(t, B.TextBox)), 40)
                             for line in block.children if isinstance(line, B.LineBox)]
                    findings.append(_finding(
                        "functional", "pagination", page.number,
                        f"the {margin_box.at_keyword} running text wraps to {count} lines where it has "
                        f"{expected} ({' / '.join(texts)}); shorten it, give its margin box more width, or "
                        "break it deliberately where it reads well"))
    return findings


#: A margin text set smaller than its edition's size is a defect where it would fit its line at
#: that size with this share of the line to spare: the renderer shrinks a line by its fonts'
#: advance widths, which differ from the laid-out line by a percent or two (a Tagalog date line
#: shrunk to 11.8pt would have filled 101.7% of its box at 12pt).
FIT_SLACK = 0.05


def running_sizes(pages: list[Page], edition) -> list[PageFinding]:
    """The running footer's texts are set at the edition's sizes (`edition.margin_pt`: the page
    counter, a margin box's own text; the document's lines, HTML moved into the margin), smaller
    only where a line would not fit on one line at that size (the renderer shrinks those), and
    no margin text is below MARGIN_MIN_PT. Reported once per document: the margin boxes are the
    same on every page."""
    findings = []
    sizes = getattr(edition, "margin_pt", None)
    reported = set()
    for page in pages:
        for line in page.lines:
            if not line.margin or not line.texts or line.margin_box is None:
                continue
            size = min(t.style["font_size"] for t in line.texts) * 0.75  # pt
            keyword = line.margin_box.at_keyword
            own = any(child is line.box for child in line.margin_box.children)
            what = "page counter" if own else "document line"
            key = (keyword, own, round(size, 1))
            if key in reported:
                continue
            if size < MARGIN_MIN_PT - 0.05:
                reported.add(key)
                findings.append(_finding(
                    "functional", "fonts", page.number,
                    f"the {keyword} running text {snippet(line.text, 40)} is set at {size:.1f}pt, below {MARGIN_MIN_PT:g}pt; "
                    "shorten it or give its margin box more room"))
                continue
            if sizes is None or not keyword.startswith("@bottom"):
                continue
            nominal = sizes["counter" if own else "info"]
            text = line.rect_of_texts()
            measure = line.measure[1] - line.measure[0]
            if size < nominal - 0.05 and (text[2] - text[0]) * nominal / size <= measure * (1 - FIT_SLACK):
                reported.add(key)
                findings.append(_finding(
                    "functional", "fonts", page.number,
                    f"the running footer's {what} {snippet(line.text, 40)} ({keyword}) is set at {size:g}pt, smaller "
                    f"than the {getattr(edition, 'name', 'edition')}'s footer ({nominal:g}pt), though it fits its box "
                    f"at {nominal:g}pt; set the margin box's size in layouts/ for both sides (the page counter "
                    "stands at @bottom-left in right-to-left documents)"))
    return findings


def draft_status_size(pages: list[Page], edition) -> list[PageFinding]:
    """Large print says that a text is an unreviewed draft where its reader can read it: on
    page 1, in the text, at the body's size. Its running header's draft line (11 pt, 9 pt in
    Tamil, against a 16 pt body) is the only notice, in the small print large print exists to
    spare its readers (reviewers, sixth session). A draft is a document whose pages carry that
    running line (`.running-draft`, written only for drafts) on any page (page 1's keeps only the
    English line, or none in the English original, whose text says the rest).

    Functional: a large print reader cannot read the small print, so to them an unreviewed text
    is passed off as reviewed. The notice stands under the masthead in the reader's language
    (leaflet.html.j2); its English line, for the clinic's staff, stays in the running header."""
    if not getattr(edition, "large_print", False) or not pages:
        return []
    first = pages[0]
    if not any("running-draft" in classes(box) for page in pages for margin in page.margin_boxes
               for box in margin.descendants()):
        return []
    # The body's size in each language it is written in (an Arabic text's English words are
    # set at the Latin size, an eighth smaller), by the share of characters set at each size.
    sizes: dict[str, dict[float, int]] = defaultdict(lambda: defaultdict(int))
    for page in pages[:2]:
        for line in page.lines:
            if not line.margin and line.heading is None and line.para is not None and line.para.tag in ("p", "li"):
                for text in line.texts:
                    sizes[text.style["lang"] or ""][round(text.style["font_size"] * 0.75, 1)] += len(text.text)
    if not sizes:
        return []
    body = {lang: max(counts, key=lambda size: counts[size]) for lang, counts in sizes.items()}
    main = max(sizes, key=lambda lang: sum(sizes[lang].values()))  # the document's language
    notice = [(text.style["font_size"] * 0.75, body.get(text.style["lang"] or "", body[main]))
              for line in first.lines if not line.margin and line.para is not None
              and "draft-notice" in (line.para.get("class") or "").split() for text in line.texts]
    small = [(size, wanted) for size, wanted in notice if size < wanted - 0.05]
    if notice and not small:
        return []
    what = "only in its running header's small print" if not notice else f"at {small[0][0]:.1f}pt"
    body_pt = body[main] if not notice else small[0][1]
    return [_finding(
        "functional", "fonts", first.number,
        f"this large print is a draft, and page 1 says so {what}, below the body's {body_pt:g}pt: its reader "
        "cannot read that it is unreviewed; put the draft_notice macro (layouts/_macros.html.j2) on page 1 at "
        "the body's size, as leaflet.html.j2 does under the masthead")]


def _margin_blocks(margin_box):
    """(block, its lines, the lines its text asks for) for each block in a margin box."""
    stack = [margin_box]
    while stack:
        block = stack.pop()
        lines = [c for c in block.children if isinstance(c, B.LineBox)]
        stack += [c for c in block.children if isinstance(c, B.BlockContainerBox)]
        if not lines:
            continue
        forced = 0
        if block.style["white_space"] in ("pre", "pre-line", "pre-wrap"):
            if isinstance(block, B.MarginBox):
                forced = sum(str(value).count("\n") for kind, value in block.style["content"] if kind == "string") \
                    if isinstance(block.style["content"], (list, tuple)) else 0
            elif block.element is not None:
                forced = "".join(block.element.itertext()).strip().count("\n")
        yield block, len(lines), forced + 1


def list_numbers(pages: list[Page]) -> list[PageFinding]:
    """Ordered lists are numbered as written: from the list's `start` (1), one up per item."""
    by_list: dict = defaultdict(list)
    for page in pages:
        for marker in page.markers:
            if marker.list is not None and marker.list.tag == "ol":
                if all(m.item is not marker.item for m in by_list[marker.list]):
                    by_list[marker.list].append(marker)
    findings = []
    for ol, markers in by_list.items():
        expected = _int(ol.get("start"), 1)
        for marker in markers:
            expected = _int(marker.item.get("value"), expected)
            number = _leading_number(marker.text)
            if number != expected:
                item_text = snippet("".join(marker.item.itertext()), 32)
                findings.append(_finding(
                    "functional", "pagination", marker.page,
                    f"the list item {item_text} is numbered “{marker.text}” where the list says {expected}; "
                    "WeasyPrint 70 ignores <ol start>: set the list-item counter in layouts/ "
                    "(counter-reset: list-item N-1)"))
                break
            expected += 1
    return findings


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _leading_number(text: str) -> int | None:
    import unicodedata

    digits = ""
    for char in text.strip():
        digit = unicodedata.digit(char, None)
        if digit is None:
            break
        digits += str(digit)
    return int(digits) if digits else None


#: A marker more than this off its item's first baseline looks like it floats (px).
MARKER_TOLERANCE = 0.2 * PX


def marker_baselines(pages: list[Page]) -> list[PageFinding]:
    """A list marker ("1.", "•") sits on the baseline of its item's first line. WeasyPrint sets an
    outside marker in a line of its own, with its own font's metrics: when the item's script
    has taller metrics (Tamil, Devanagari), the marker rides above the text."""
    findings = []
    seen = set()
    for page in pages:
        for marker in page.markers:
            line = page.first_line_of.get(marker.item)
            if line is None or not line.texts:
                continue
            offset = line.baseline - marker.baseline
            key = (round(offset * MM, 1), marker.text)
            if abs(offset) > MARKER_TOLERANCE and key not in seen:
                seen.add(key)
                findings.append(_finding(
                    "cosmetic", "pagination", page.number,
                    f"the list marker “{marker.text}” of {snippet(line.text, 32)} sits {mm(abs(offset))} "
                    f"{'above' if offset > 0 else 'below'} the item's baseline; set markers in the item's "
                    "line (an inline ::before) or in the item's font in layouts/"))
    return findings


#: Bullets (not numbers): their size is judged against the letters beside them.
BULLETS = frozenset("•·・●▪◦‧∙")
#: A bullet whose ink is less tall than this share of its item's letters looks small. The
#: letters' height is the lower quartile of the item's glyphs on the page (leaving out
#: punctuation, under 0.3 em): a Latin x-height, a Tamil or Devanagari letter's body, a Chinese
#: character.
#: Noto Sans's bullet measures 0.45 of a Latin x-height, 0.34-0.5 beside Tamil, Devanagari and
#: Arabic; the Chinese font's, a dot a fifth of an em as the Latin one is, 0.23-0.30 of a
#: Chinese character, which fills the em.
MARKER_MIN_SHARE = 0.31
#: Glyphs less tall than this share of the em are punctuation, not letters.
LETTER_MIN_EM = 0.3


def marker_sizes(pages: list[Page]) -> list[PageFinding]:
    """A list bullet in proportion to its item's letters (the ink of each, as drawn; a marker
    the layouts scale, transform: scale(), counts as scaled)."""
    findings = []
    seen = set()
    for page in pages:
        for marker in page.markers:
            line = page.first_line_of.get(marker.item)
            if marker.text not in BULLETS or line is None or not line.texts:
                continue
            dots = [r for t in marker.box.descendants() if isinstance(t, B.TextBox) and t.text.strip()
                    for r in glyph_inks(t)]
            item = [other for other in page.lines if other.element is marker.item and not other.margin] or [line]
            letters = sorted(height for other in item for t in other.texts for r in glyph_inks(t)
                             for height in (r[3] - r[1],) if height >= LETTER_MIN_EM * t.style["font_size"])
            if not dots or not letters:
                continue
            dot = max(r[3] - r[1] for r in dots) * _scale(marker.box)
            letter = letters[len(letters) // 4]
            key = (marker.text, round(dot / letter, 2))
            if dot < MARKER_MIN_SHARE * letter and key not in seen:
                seen.add(key)
                findings.append(_finding(
                    "cosmetic", "pagination", page.number,
                    f"the list bullet of {snippet(line.text, 32)} is {mm(dot)} tall, {dot / letter:.0%} of the "
                    f"item's letters ({mm(letter)}; at least {MARKER_MIN_SHARE:.0%} reads as a bullet): it looks "
                    "small beside them; draw it larger in layouts/ (transform: scale() keeps the line as it is)"))
    return findings


def _scale(box) -> float:
    """The vertical scale a box's own `transform` draws it at (scale functions only)."""
    factor = 1.0
    for name, args in box.style["transform"] or ():
        if name == "scale":  # WeasyPrint's form of scale(), scaleX() and scaleY(): (sx, sy)
            factor *= float(args[1])
    return factor


def lines_together(pages: list[Page]) -> list[PageFinding]:
    """The lines of one paragraph follow each other: a gap of more than a line inside a paragraph
    means a float or a clearance pushed part of it away (the Arabic poster's English status
    line under the QR code, far from the Arabic one)."""
    findings = []
    for page in pages:
        previous = None
        for line in page.lines:
            if line.margin or line.para is None:
                previous = None
                continue
            if previous is not None and previous.para is line.para:
                gap = line.rect[1] - previous.rect[3]
                height = max(line.rect[3] - line.rect[1], previous.rect[3] - previous.rect[1])
                a, b = previous.rect_of_texts(), line.rect_of_texts()
                apart = max(a[0], b[0]) - min(a[2], b[2])  # > 0: no column in common
                if gap > height + TOLERANCE:
                    findings.append(_finding(
                        "functional", "pagination", page.number,
                        f"the line {snippet(line.text, 40)} is {mm(gap)} below the line before it in the "
                        f"same paragraph ({snippet(previous.text, 40)}): something pushed it away; keep "
                        "the paragraph clear of floats in layouts/"))
                elif apart > TOLERANCE:
                    findings.append(_finding(
                        "functional", "pagination", page.number,
                        f"the line {snippet(line.text, 40)} stands {mm(apart)} to the side of the line before "
                        f"it in the same paragraph ({snippet(previous.text, 40)}), not under it: a float or "
                        "a line of the other direction moved it; align the paragraph's lines in layouts/"))
            previous = line
    return findings


#: A line's distance from the one before more than this (px) off its paragraph's usual pitch.
PITCH_TOLERANCE = 0.15 * MM


def line_pitch(pages: list[Page]) -> list[PageFinding]:
    """The lines of a paragraph stand at one pitch: a Tamil, Hindi or Arabic line holding a
    Latin word ("prednisone", "வைட்டமின் D") stood 0.3-0.7 mm lower than its neighbours, its word
    drawn by another font with other metrics (reviewers in three scripts; weasy/leading.py and
    `span.latin` now keep it level). Cosmetic: nothing is lost, but the text looks uneven.
    Lines of a paragraph in another language, each a block of its own (the draft notice's
    English line under the translation's), are set in their own font and measured apart."""
    findings = []
    for page in pages:
        paragraphs: dict = defaultdict(list)
        for line in page.lines:
            if not line.margin and line.para is not None and line.texts:
                paragraphs[(line.para, line.lang)].append(line)
        for lines in paragraphs.values():
            steps = [(b, b.baseline - a.baseline) for a, b in zip(lines, lines[1:])]
            if len(steps) < 2:
                continue
            usual = sorted(step for _, step in steps)[len(steps) // 2]
            for line, step in steps:
                if step - usual > PITCH_TOLERANCE:
                    findings.append(_finding(
                        "cosmetic", "pagination", page.number,
                        f"the line {snippet(line.text, 40)} stands {mm(step - usual)} lower than the other lines of "
                        "its paragraph: a word in another font (a Latin word in other script) or a taller inline "
                        "box pushed it down; set such words with the paragraph's own line height"))
                    break
    return findings


def side_by_side(pages: list[Page]) -> list[PageFinding]:
    """Painted boxes set side by side, tops level, end level too (to 1 mm): unequal boxes in a
    row look like a mistake (the poster's pair of lists, the bilingual call-outs)."""
    findings = []
    for page in pages:
        # Table cells are levelled by their rows; cells of two tables side by side (the
        # bilingual leaflet's two versions of one table) differ as their languages do.
        boxes = [d for d in page.decorated if not isinstance(d.box, B.TableCellBox)]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                if abs(a.rect[1] - b.rect[1]) > 1 * PX or intersects(a.rect, b.rect):
                    continue
                if id(a.box) in b.ancestors or id(b.box) in a.ancestors:
                    continue
                if a.table is not None and a.table is b.table:
                    continue
                difference = abs(a.rect[3] - b.rect[3])
                if difference > 1 * PX:
                    findings.append(_finding(
                        "cosmetic", "geometry", page.number,
                        f"the boxes {describe_box(a.box)} and {describe_box(b.box)} stand side by side but "
                        f"end {mm(difference)} apart; make a row of boxes equal in height (table cells, "
                        "or paint the row, not the boxes, in layouts/)"))
    return findings


def rows_together(pages: list[Page]) -> list[PageFinding]:
    """The cells of a table row start on one page: the bilingual leaflet's English and its
    translation of a block side by side (a row split with one version on each page leaves the
    reader to find the other overleaf), a medicine beside its brand."""
    first: dict = {}  # cell element -> the first line of its text
    rows: dict = defaultdict(dict)  # row element -> its cells, in order
    for page in pages:
        for cell, row in page.cell_rows.items():
            rows[row][cell] = None
        for line in page.lines:
            if line.cell is not None and not line.margin:
                first.setdefault(line.cell.element, line)
    findings = []
    for cells in rows.values():
        starts = sorted((first[cell] for cell in cells if cell in first), key=lambda line: line.page)
        if len({line.page for line in starts}) > 1:
            pages_named = " and ".join(f"page {line.page + 1} ({snippet(line.text, 24)})" for line in starts)
            findings.append(_finding(
                "functional", "pagination", min(line.page for line in starts),
                f"the cells of one row start on different pages: {pages_named}; the versions of a block "
                "stand side by side: keep the row whole (break-inside: avoid in layouts/) or let each cell "
                "start where the row does"))
    return findings


def cells_in_step(pages: list[Page]) -> list[PageFinding]:
    """The cells of a row split over pages break at the same item: tables side by side in one
    row (the bilingual leaflet's English table of medicines beside its translation) put the
    same row of the same group on each page. Each table broke where its own rows ran out, and
    the Spanish bilingual's page 10 began with “prednisona (prednisone) | Rayos”, cut off from
    its group “Corticoides” on page 9, beside the English “Muscle relaxants”. Items are matched
    by place (the n-th row of the n-th group), the tables being versions of one table."""
    items: dict = defaultdict(dict)  # cell element -> (group n, row n) -> (page, row, group)
    groups: dict = defaultdict(dict)  # cell element -> group element -> its ordinal
    cells: dict = {}  # cell element -> its box on the first page it is on
    for page in pages:
        for cell, group, rows in page.cell_groups:
            cells.setdefault(cell.element, cell)
            ordinal = groups[cell.element].setdefault(group, len(groups[cell.element]))
            order = [child for child in group if child.tag == "tr"]
            for row in rows:
                place = (ordinal, order.index(row) if row in order else len(order))
                items[cell.element].setdefault(place, (page.number, row, group))
    by_row: dict = defaultdict(list)  # the row of cells -> its cells holding tables, in order
    for page in pages:
        for element in cells:
            row = page.cell_rows.get(element)
            if row is not None and element not in by_row[row]:
                by_row[row].append(element)
    findings = []
    for side_by_side in by_row.values():
        if len(side_by_side) < 2:
            continue
        side_by_side.sort(key=lambda element: cells[element].position_x)
        shared = set.intersection(*(set(items[element]) for element in side_by_side))
        for place in sorted(shared):
            where = [items[element][place] for element in side_by_side]
            if len({page for page, _, _ in where}) == 1:
                continue
            described = "; ".join(f"{_item(row, group)} on page {page + 1}" for page, row, group in where)
            findings.append(_finding(
                "functional", "pagination", min(page for page, _, _ in where),
                f"tables side by side in one row break at different rows: the same row of each is on another "
                f"page, from left to right {described}; a reader pairs each row with the one beside it: set "
                "the versions as one table whose rows hold both (layouts/), so they break together"))
            break  # once a row: after the first, every row differs
    return findings


def _item(row, group) -> str:
    """A table's row as the message names it: a group's heading, or a row of a group."""
    head = next(iter(group))
    if row is head:
        return f"the group {snippet(_words(row), 40)}"
    return f"{snippet(_words(row), 32)} (in the group {snippet(_words(head), 24)})"


def _words(element) -> str:
    """An element's text as a reader sees it: its cells' words, a bar between cells."""
    if element.tag == "tr":
        return " | ".join(_words(cell) for cell in element if cell.tag in ("td", "th"))
    return " ".join("".join(element.itertext()).split())


#: A page may end short of its text area by this share of it without a finding: shortfalls
#: under a fifth come from keep rules doing their job (a heading moved with its paragraph);
#: a fifth of a page left blank is what a reader sees as a gap (the large-print table pushed
#: over with 6 cm, nearly a quarter of the page, free).
EMPTY_FOOT_SHARE = 0.2
# A page left a third empty in the middle of a leaflet reads as its end (reviewers took the pages
# after it for another leaflet), whatever pushed the next block over: a block that tall must split.
EMPTY_PAGE_SHARE = 1 / 3


def page_feet(pages: list[Page]) -> list[PageFinding]:
    """A page ends short only when what comes next could not fit there: its first heading and
    two lines, or the whole of a block that must not break (a short table, a call-out, a table's
    row group). More space than that left empty means a keep rule (break-after or break-before:
    avoid) pulled content over. And no page but one before a forced break (the notes page, the
    back page) ends more than a third empty: a block that does not fit there and will not split
    must be allowed to.

    A table is measured as WeasyPrint 70 lays it out, by row groups (`_row_groups`): a group
    kept whole (`tbody { break-inside: avoid }`: a type of medicine with its medicines) is one
    block, a table's heading row goes with its first group, and a table continued from the page
    before starts with its heading row repeated, which moving its next group up would not
    bring: the Tamil large print's page 13 ended 98 mm short, its last group (82 mm) overleaf,
    and the check had measured the repeated heading row (9.6 mm)."""
    findings = []
    for page, following in zip(pages, pages[1:]):
        body = [line for line in page.lines if not line.margin]
        after = [line for line in following.lines if not line.margin]
        if not body or not after:
            continue
        top = min(line.rect[1] for line in after)
        if any(forced <= top + TOLERANCE for forced in following.forced_tops):
            continue  # the next page starts with a forced break (the notes page)
        bottom = content_bottom(page, body)
        free = page.text_area[3] - bottom
        groups = _row_groups(following)
        continued = {element for element, _box in page.tables}
        repeated = next((g for g in groups if g.header and g.table in continued
                         and g.rect[1] - TOLERANCE <= top <= g.rect[3]), None)
        if repeated is not None:  # the table's heading row, repeated: not what moves up
            after = [line for line in after if line.rect[1] >= repeated.rect[3] - TOLERANCE]
            if not after:
                continue
            top = repeated.rect[3]
        unit_end = _first_unit_end(after, {line.element for line in body}, following.keeps_next,
                                   following.cell_rows, following.keeps_prev)
        unit_end = _grown(unit_end, following.unbreakable, [g for g in groups if g is not repeated])
        # Moved up, the unit brings the space above its heading (collapsed at a page's top).
        needed = unit_end - top + following.space_above.get(after[0].heading, 0)
        # A line's slack: the margins between paragraphs and items are not in the lines.
        slack = max(line.rect[3] - line.rect[1] for line in after[:4])
        height = page.text_area[3] - page.text_area[1]
        grouped = any(not g.header and g.rect[1] < unit_end - TOLERANCE and g.rect[3] > top + TOLERANCE
                      for g in groups)
        if free > EMPTY_FOOT_SHARE * height and free > needed + slack:
            findings.append(_finding(
                "functional", "pagination", page.number,
                f"the page ends {mm(free)} short, though the next page's first lines ({snippet(after[0].text, 32)} "
                f"and what must stay with it{', a table row group kept whole' if grouped else ''}, {mm(needed)}) "
                "would fit there; a keep rule (break-after or break-inside: avoid, or WeasyPrint's own "
                "`ul, ol { break-before: avoid }` after a table or a block that cannot split) in layouts/ "
                "pulls them over"))
        elif free > EMPTY_PAGE_SHARE * height:
            findings.append(_finding(
                "functional", "pagination", page.number,
                f"the page ends {mm(free)} ({free / height:.0%} of its text area) empty: the next page starts with "
                f"{snippet(after[0].text, 32)}, a block of {mm(needed)} that does not split; a page that empty mid-"
                "leaflet reads as its end: let the block break in layouts/ (a table between its groups, a box "
                "between its paragraphs)"))
    return findings


def last_text_page(pages: list[Page]) -> list[PageFinding]:
    """The text ends a few lines into an even page, which a page of notes and the back page then
    follow: the Spanish A4 leaflet's page 8 held three lines, 83% of it blank, before pages 9
    and 10 (reviewers at 150 dpi, also Arabic, French and Tamil). A typesetter would fit those
    lines onto the page before (a little less space between paragraphs) and print two pages
    fewer; the renderer tries that (Renderer._fit_text) and this reports where it could not."""
    return [_finding(
        "cosmetic", "pagination", end.page,
        f"the text ends {mm(end.used)} into page {end.page + 1} ({end.used / end.height:.0%} of it: "
        f"{end.lines} lines), before a page of notes and the back page: with less space between "
        "paragraphs (down to 0.6 of it: Renderer._fit_text) it still does not fit on the pages before, "
        "which would make the leaflet two pages shorter; a break kept from where the layout wants it "
        "(a heading kept with its text, a box kept whole) may hold it") for end in text_ends(pages) if end.short]


@dataclass(frozen=True)
class RowGroup:
    """A table's row group on a page, as WeasyPrint 70 breaks a table: between groups, and
    inside one only where it may break (then between rows, which do not split)."""

    table: Any  # the table element
    rect: Rect
    header: bool  # the heading rows (thead), repeated on each page the table runs onto
    whole: bool  # break-inside: avoid: the group moves over whole
    first_row: Rect  # its first row, with the rows that row keeps with (break-after: avoid):
    # what a heading row keeps with, at least


def _row_groups(page: Page) -> list[RowGroup]:
    """The row groups of a page's tables, in order (footers left out: the layouts have none)."""
    groups = []
    for element, table in page.tables:
        for group in table.children:
            if isinstance(group, B.TableRowGroupBox) and not group.is_footer and group.children:
                rows = group.children
                kept = 1  # the first row, and each row after one that keeps with the next
                while kept < len(rows) and rows[kept - 1].style["break_after"] in ("avoid", "avoid-page"):
                    kept += 1
                first, last = border_rect(rows[0]), border_rect(rows[kept - 1])
                groups.append(RowGroup(element, border_rect(group), bool(group.is_header),
                                       group.style["break_inside"] in ("avoid", "avoid-page"),
                                       (first[0], first[1], first[2], last[3])))
    return groups


def _grown(unit_end: float, unbreakable: list[Rect], groups: list[RowGroup]) -> float:
    """`unit_end` taken past every block that must not break and starts inside the unit: a box
    with break-inside: avoid, a row group kept whole, the first group after a table's heading
    row (WeasyPrint 70 never leaves the heading row alone: the table moves over whole)."""
    grown = True
    while grown:
        grown = False
        blocks = list(unbreakable)
        for group, following in zip(groups, [*groups[1:], None]):
            if not group.header:
                blocks.append(group.rect if group.whole else group.first_row)
            elif following is not None and following.table is group.table and not following.header:
                blocks.append((group.rect[0], group.rect[1], group.rect[2],
                               following.rect[3] if following.whole else following.first_row[3]))
        for rect in blocks:
            if rect[1] < unit_end - TOLERANCE and rect[3] > unit_end + TOLERANCE:
                unit_end, grown = rect[3], True
    return unit_end


def _first_unit_end(after, continued, keeps_next, cell_rows=None, keeps_prev=frozenset()) -> float:
    """Where the least that may start a page ends: its headings, then of each paragraph the
    lines orphans and widows make inseparable (all of a paragraph shorter than orphans plus
    widows, else its first `orphans` lines; a paragraph continued from the page before, its
    widows), going on to the next paragraph while one keeps with it (break-after: avoid) or
    the next keeps with it (break-before: avoid: a list's last item of one line, `keep-prev`,
    goes with the item before: the Hindi large print's list of three, intro and all, is one
    unit of 55 mm, not the 42 mm its first two items make).
    A table row that keeps with what follows (the bilingual's lead-in row, `cell_rows` maps
    its cells to it) is inseparable whole: WeasyPrint 70 breaks only between rows to honour
    a keep, so it moves the row over whole with what it keeps with."""
    rows = cell_rows or {}

    def unit(line):
        row = rows.get(line.cell.element) if line.cell is not None else None
        return row if row is not None and row in keeps_next else line.element

    order = list(dict.fromkeys(unit(line) for line in after))
    end = after[0].rect[3]
    for index, element in enumerate(order):
        lines = [line for line in after if unit(line) is element]
        if element not in {line.element for line in lines}:  # a row kept with the next, whole
            end = max(line.rect[3] for line in lines)
            continue
        end = lines[-1].rect[3] if lines[0].heading is not None else end
        if lines[0].heading is not None:
            continue  # a heading keeps with what follows it
        style = lines[0].box.style
        if element in continued:
            needed = min(len(lines), style["widows"])
        elif len(lines) < style["orphans"] + style["widows"]:
            needed = len(lines)
        else:
            needed = style["orphans"]
        end = lines[max(needed, 1) - 1].rect[3]
        kept = element in keeps_next or (index + 1 < len(order) and order[index + 1] in keeps_prev)
        if not kept or needed < len(lines):
            break
    return end


#: Blocks of running text whose lines a page break may part: paragraphs and list items (not
#: headings, kept whole by the layouts, nor table cells, whose rows do not split).
SPLIT_BLOCKS = frozenset({"p", "li", "dd", "blockquote"})
#: The fewest lines of a split paragraph or list item on either page: one line alone at a
#: page's foot (an orphan) or head (a widow) reads as a stray line, not as the start or the end
#: of an item ("a list item whose first line is alone at the foot of a page", the reviewers).
SPLIT_MIN_LINES = 2
#: A list item inside a painted box (the key points) is split over two pages only with this many
#: lines on either page, and then reported as cosmetic: a long point run on overleaf in whole
#: sentences' worth of lines, rather than a band of empty tint where it would not fit whole
#: (the Tamil large print's seven-line point under page 1's draft notice). Fewer is functional.
BOX_SPLIT_MIN_LINES = 3


def open_boxes(pages: list[Page]) -> list[PageFinding]:
    """A box framed on every side, split over two pages, prints open at the cut: its frame runs
    off the foot of one page and starts headless on the next (`box-decoration-break: slice`,
    CSS's default). The Tamil large print's key points: their box ran 27 mm on to the footer
    with no bottom edge, its last point overleaf in a box with no top (reviewer). A reader takes
    the open box for something cut off; `clone` closes each piece."""
    findings = []
    for page in pages:
        for decorated in page.decorated:
            box = decorated.box
            style = box.style
            if not isinstance(box, B.BlockBox) or isinstance(box, (B.TableCellBox, B.TableBox)) \
                    or not all(style[f"border_{side}_width"] > 0 for side in ("top", "right", "bottom", "left")):
                continue
            cut = [side for side in ("bottom", "top") if getattr(box, f"border_{side}_width") == 0]
            if cut:
                findings.append(_finding(
                    "functional", "pagination", page.number,
                    f"the framed box {describe_box(box)} is split over pages and prints without its "
                    f"{' and '.join(cut)} edge on page {page.number + 1}: the reader takes it for something cut "
                    "off; close each piece (box-decoration-break: clone in layouts/)"))
    return findings


#: A painted box that runs on overleaf may stand empty at a page's foot no taller than this (mm):
#: its bottom padding and a line's leading, not a band of colour with nothing in it.
EMPTY_BOX_FOOT_MM = 10


def empty_box_feet(pages: list[Page]) -> list[PageFinding]:
    """A painted box (a background or a frame) that runs on to the next page ends its piece on
    one page with its content, not with a band of empty colour: WeasyPrint stretches the piece
    to the page's foot when what comes next inside it does not fit. The large print's key
    points ran on overleaf in Tamil, Spanish and French with up to 5 cm of empty tint at the
    foot of page 1, read as something missing (reviewer). Functional where the band is more
    than EMPTY_FOOT_SHARE of the text area (as a page left that short is), cosmetic above
    EMPTY_BOX_FOOT_MM: the Tamil large print's key points leave 24 mm at the foot of page 1,
    their last point (three lines, which the box never splits) overleaf."""
    findings = []
    for page, overleaf in zip(pages, pages[1:]):
        continued = {d.box.element for d in overleaf.decorated if getattr(d.box, "element", None) is not None}
        for decorated in page.decorated:
            box = decorated.box
            element = getattr(box, "element", None)
            if element is None or element not in continued or not isinstance(box, B.BlockBox) \
                    or isinstance(box, (B.TableCellBox, B.TableBox)):
                continue
            rect = decorated.rect
            inside = [line.rect[3] for line in page.lines if not line.margin and rect[0] - TOLERANCE <= line.rect[0]
                      and line.rect[2] <= rect[2] + TOLERANCE and rect[1] - TOLERANCE <= line.rect[1]
                      and line.rect[3] <= rect[3] + TOLERANCE]
            if not inside:
                continue
            empty = rect[3] - max(inside)
            if empty > EMPTY_BOX_FOOT_MM * PX:
                height = page.text_area[3] - page.text_area[1]
                findings.append(_finding(
                    "functional" if empty > EMPTY_FOOT_SHARE * height else "cosmetic", "pagination", page.number,
                    f"the box {describe_box(box)} runs on to page {page.number + 2} and stands {mm(empty)} empty at "
                    f"the foot of page {page.number + 1}: a band of colour with nothing in it reads as something "
                    "missing; give what comes before it less room, or let the box start overleaf (layouts/)"))
    return findings


def split_lines(pages: list[Page]) -> list[PageFinding]:
    """A paragraph or list item split over two pages keeps SPLIT_MIN_LINES lines on each: its
    first line alone at the foot of one page or its last line alone at the top of the next is
    found (WeasyPrint honours `orphans` and `widows` on list items as on paragraphs: the
    layouts must set them). Inside a painted box an item is split only as BOX_SPLIT_MIN_LINES says."""
    where: dict = defaultdict(lambda: defaultdict(list))  # element -> page -> its lines there
    for page in pages:
        for line in page.lines:
            if not line.margin and line.element is not None and line.element.tag in SPLIT_BLOCKS:
                where[line.element][page.number].append(line)
    findings = []
    for element, on in where.items():
        numbers = sorted(on)
        for first, second in zip(numbers, numbers[1:]):
            foot, head = on[first], on[second]
            if second != first + 1:
                continue
            # (Not a bilingual row: its key points may run on overleaf, both versions started on
            # page 1, or the rows after them would move a page on: rows_together and page_feet.)
            box = _painted_box_around(pages[first], foot[-1]) if foot[-1].cell is None else None
            if box is not None:
                long = min(len(foot), len(head)) >= BOX_SPLIT_MIN_LINES
                findings.append(_finding(
                    "cosmetic" if long else "functional", "pagination", first,
                    f"the {'list item' if element.tag == 'li' else 'paragraph'} {snippet(''.join(element.itertext()), 32)} "
                    f"inside the box {describe_box(box.box)} is split over pages {first + 1} and {second + 1}: the "
                    "reader turns the page inside a box in mid-sentence; keep its items whole (break-inside: avoid "
                    f"in layouts/) so the box breaks between them, or, for a point too long to move over, "
                    f"{BOX_SPLIT_MIN_LINES} lines or more on either page (orphans and widows)"))
                continue
            if min(len(foot), len(head)) >= SPLIT_MIN_LINES:
                continue
            kind = "list item" if element.tag == "li" else "paragraph"
            if len(foot) < SPLIT_MIN_LINES:
                what = f"its first line {snippet(foot[0].text, 40)} alone at the foot of page {first + 1}"
            else:
                what = f"its last line {snippet(head[-1].text, 40)} alone at the top of page {second + 1}"
            findings.append(_finding(
                "functional", "pagination", first,
                f"the {kind} {snippet(''.join(element.itertext()), 32)} is split with {what} "
                f"({len(foot)} line{'s' if len(foot) != 1 else ''} on page {first + 1}, {len(head)} on page "
                f"{second + 1}); keep {SPLIT_MIN_LINES} lines at either end (orphans and widows in layouts/) "
                "or move the whole item over"))
    return findings


def _painted_box_around(page: Page, line: Line) -> Decorated | None:
    """The box with a background that holds `line` on its page (the key points' tinted box), if any."""
    x0, y0, x1, y1 = line.rect
    return next((d for d in page.decorated if d.background and d.table is None and d.rect[0] <= x0 and d.rect[1] <= y0
                 and x1 <= d.rect[2] and y1 <= d.rect[3]), None)


def list_ends(pages: list[Page]) -> list[PageFinding]:
    """A list split over two pages keeps more than one line at either end: its last item, of
    one line, alone at the top of a page ("in the muscles of the eyelid." above the next
    section, its list and the sentence introducing it on the page before: the English leaflet's
    page 4, the French large print's page 7), or its first item, of one line, alone at the foot
    of a page with the rest overleaf, reads as a stray line (layouts/: the last item kept with
    the one before, `break-before: avoid`; the first, `keep-next`)."""
    items: dict = defaultdict(lambda: defaultdict(list))  # list -> item -> its lines, page by page
    shown: dict = {}  # list -> its (first) element, for the message
    for page in pages:
        for line in page.lines:
            if not line.margin and line.list_element is not None and line.element is not None \
                    and line.element.tag == "li":
                # The bilingual sets each item in a row of its own, a list per row and column:
                # its lists name the list they are part of (data-list), in each language.
                named = line.list_element.get("data-list")
                key = (named, line.lang) if named else line.list_element
                shown.setdefault(key, line.list_element)
                items[key][line.element].append(line)
    findings = []
    for key, lines_of in items.items():
        element = shown[key]
        order = list(lines_of)  # document order: the walk meets items in order
        if len(order) < 2:
            continue
        for item, neighbour, where in ((order[-1], order[-2], "top"), (order[0], order[1], "foot")):
            lines = lines_of[item]
            pages_of_neighbour = {line.page for line in lines_of[neighbour]}
            page = lines[0].page
            alone = len(lines) == 1 and page not in pages_of_neighbour
            if alone and (page - 1 if where == "top" else page + 1) in pages_of_neighbour:
                what = (f"ends with its last item {snippet(lines[0].text, 40)} alone at the top of page {page + 1}"
                        if where == "top" else
                        f"leaves its first item {snippet(lines[0].text, 40)} alone at the foot of page {page + 1}")
                findings.append(_finding(
                    "functional", "pagination", page,
                    f"the list {snippet(''.join(element.itertext()), 32)} {what}; keep a one-line item at a list's "
                    "end with the one before (break-before: avoid) and at its start with the one after (keep-next, "
                    "break-after: avoid) in layouts/"))
    return findings


def group_heads(pages: list[Page]) -> list[PageFinding]:
    """A table's group heading row (a `th scope="rowgroup"`: "Corticosteroids (steroids)") is
    the last thing on a page while its rows start the next: the English leaflet's page 5 ended
    with it, and page 6 listed betamethasone and prednisone under the repeated header, with
    nothing saying they are steroids (layouts/: break-after: avoid on the group's first row)."""
    findings = []
    for page, overleaf in zip(pages, pages[1:]):
        body = [line for line in page.lines if not line.margin and line.texts]
        if not body:
            continue
        last = body[-1]
        cell = last.element if last.element is not None and last.element.tag == "th" else None
        if cell is None or cell.get("scope") != "rowgroup":
            continue
        if not any(not line.margin and line.cell is not None and line.element is not None
                   and line.element.tag == "td" for line in overleaf.lines[:6]):
            continue
        findings.append(_finding(
            "functional", "pagination", page.number,
            f"the table's group heading {snippet(''.join(cell.itertext()), 40)} ends page {page.number + 1}, its "
            f"rows start page {overleaf.number + 1}; keep the heading row with its first row (break-after: avoid "
            "on tr.drug-class in layouts/)"))
    return findings


#: A table's row group of up to this many rows (its heading row and two medicines) is kept on
#: one page: split, the rows overleaf stand without the heading that says what they are.
SHORT_GROUP_ROWS = 4


def split_groups(pages: list[Page]) -> list[PageFinding]:
    """A short row group of a table (a `tbody` headed by a `th scope="rowgroup"`: a type of
    medicine with its medicines) split over two pages: the Spanish bilingual's page 9 ended with
    "Corticosteroids (steroids)" and betamethasone, and page 10 began with prednisone under the
    repeated column headings, nothing saying it is a steroid (reviewers at 150 dpi)."""
    tables: list[Any] = [table for page in pages for table, _box in page.tables]
    group_of = {cell: group for table in tables for group in table.iter("tbody")
                for cell in group.iter() if cell.tag in ("td", "th")}  # ElementTree knows no parents
    where: dict = defaultdict(set)  # tbody element -> the pages its rows' lines are on
    for page in pages:
        for line in page.lines:
            group = group_of.get(line.para) if not line.margin else None
            if group is not None:
                where[group].add(page.number)
    findings = []
    for group, numbers in where.items():
        rows = list(group.iter("tr"))
        head = next((th for th in group.iter("th") if th.get("scope") == "rowgroup"), None)
        if len(numbers) < 2 or head is None or len(rows) > SHORT_GROUP_ROWS:
            continue
        first, last = min(numbers), max(numbers)
        findings.append(_finding(
            "functional", "pagination", first,
            f"the table's group {snippet(''.join(head.itertext()), 40)} of {len(rows)} rows is split over pages "
            f"{first + 1}-{last + 1}: the rows overleaf stand without their heading; keep a group of "
            f"{SHORT_GROUP_ROWS} rows or fewer whole (tbody {{ break-inside: avoid }} in layouts/, and room for the "
            "first group under what introduces the table: WeasyPrint 70 splits a group rather than leave the "
            "table's heading alone)"))
    return findings


def notes_space(document, pages: list[Page]) -> list[PageFinding]:  # type: ignore[no-untyped-def]
    """A headed back page that leaves the notes fewer than NOTES_MIN_MM of ruled lines, while
    the text's last page before it ends with room for the heading and as many: the Tamil large
    print's back page had one ruled line, its page 17 some 60% empty (reviewers, English,
    French, Hindi and Tamil large print). A patient writes questions there, in large writing."""
    room = notes_room(document, pages)
    if room is None or room.ruled_mm >= NOTES_MIN_MM or room.free_before_mm < room.heading_mm + NOTES_MIN_MM:
        return []
    return [_finding(
        "functional", "pagination", room.back_page,
        f"the back page leaves {room.ruled_mm:.0f} mm of ruled lines for notes (at least {NOTES_MIN_MM} mm "
        f"wanted), while page {room.back_page} ends {room.free_before_mm:.0f} mm empty; start the notes there "
        "(the renderer lays the notes out under the text: pipeline/render/renderer.py, notes_flow)")]


def unlabelled_notes(pages: list[Page]) -> list[PageFinding]:
    """Ruled lines for notes stand under words that say what they are for, on their own page:
    the back page that carries the notes on from a page of notes began with its lines, no word
    above them, and read as a form to fill in or a printing fault (the English, Hindi and Tamil
    reviewers). A heading or the layouts' "Notes (continued)" label above them will do."""
    findings = []
    for page in pages:
        for decorated in page.decorated:  # the lines are a painted background
            if "notes-lines" not in classes(decorated.box) or decorated.rect[3] <= decorated.rect[1]:
                continue
            top = decorated.rect[1]
            if not any(not line.margin and line.rect[3] <= top + TOLERANCE for line in page.lines):
                findings.append(_finding(
                    "functional", "pagination", page.number,
                    "ruled lines for notes with no words above them on this page: a reader cannot tell "
                    "what they are for; label them (the back page that carries the notes on from the "
                    "page before says “Notes (continued)” in layouts/)"))
            break  # once a page
    return findings


#: The marks a sentence that introduces what follows ends with: the colon, the full-width colon
#: of Chinese and Japanese, Ethiopic's preface colon.
LEAD_IN_MARKS = ":\uff1a\u1366"
#: What may follow those marks at the end of a line's text (joiners and isolates of the layouts).
_TRAILING = " \u00a0\u2060\u200b\u200e\u200f\u2066\u2067\u2068\u2069"


def lead_ins(pages: list[Page]) -> list[PageFinding]:
    """A paragraph that ends with a colon introduces what follows it (a list, a table): it does
    not end a page whose next page starts what it introduces, with nothing under it in its
    column ("The medicines include:" at the foot of the Tamil page 7, the table on page 8). A
    caption or heading at the foot is `headings_kept`'s case."""
    findings = []
    for page, overleaf in zip(pages, pages[1:]):
        after = [line for line in overleaf.lines if not line.margin]
        if not after or any(forced <= min(line.rect[1] for line in after) + TOLERANCE
                            for forced in overleaf.forced_tops):
            continue
        body = [line for line in page.lines if not line.margin]
        continued = {line.element for line in after}
        ends = {}  # element -> its last line on the page
        for line in body:
            if line.para is not None and line.heading is None and line.para.tag in ("p", "li"):
                ends[line.para] = line
        for element, last in ends.items():
            if element in continued or not last.text.rstrip(_TRAILING).endswith(tuple(LEAD_IN_MARKS)):
                continue
            below = [other.rect for other in body if other.rect[1] >= last.rect[3] - TOLERANCE]
            below += [d.rect for d in page.decorated if d.rect[1] >= last.rect[3] - TOLERANCE]
            below += [c.rect for c in page.contents if not c.margin and c.rect[1] >= last.rect[3] - TOLERANCE]
            if any(min(r[2], last.measure[1]) - max(r[0], last.measure[0]) > TOLERANCE for r in below):
                continue
            findings.append(_finding(
                "functional", "pagination", page.number,
                f"the sentence “…{_tail(''.join(element.itertext()))}” introduces what follows it, but ends the page and "
                f"what it introduces starts on page {overleaf.number + 1} ({snippet(after[0].text, 24)}); keep "
                "it with what follows (break-after: avoid on the paragraph in layouts/)"))
            break  # once a page: the bilingual's two versions of a lead-in end it together
    return findings


def _tail(text: str, length: int = 40) -> str:
    """The end of a text, as a reader sees it (the words before a lead-in's colon)."""
    return " ".join(text.replace("\u2060", "").replace("\u200b", "").split())[-length:]


def repeated_headings(pages: list[Page]) -> list[PageFinding]:
    """A heading is not printed again on the page after it by another element with the same
    words: two pages in a row headed "Notes and questions for your doctor" read as a printing
    mistake (the bilingual leaflets' page of notes before the back page, itself headed so).
    Reported once per pair of pages."""
    def headings(page: Page) -> dict:
        """heading element -> its words as printed on the page (lines joined by a space), and
        the same without any space, to compare (a heading may wrap otherwise on each page)."""
        texts: dict = defaultdict(list)
        for line in page.lines:
            if not line.margin and line.heading is not None and line.heading.tag in HEADINGS:
                texts[line.heading].append(line.text)
        return {element: (" ".join(lines), "".join("".join(lines).replace("\u2060", "").split()))
                for element, lines in texts.items()}

    findings = []
    previous = headings(pages[0]) if pages else {}
    for page in pages[1:]:
        current = headings(page)
        for element, (text, key) in current.items():
            twins = [other for other, (_, words) in previous.items() if words == key and other is not element]
            if key and twins:
                findings.append(_finding(
                    "functional", "pagination", page.number,
                    f"the heading {snippet(text, 40)} is printed on page {page.number} and again on page "
                    f"{page.number + 1}: two pages in a row under one heading read as a mistake; print it "
                    "once (a section that runs on overleaf needs no second heading) in layouts/"))
                break
        previous = current
    return findings

