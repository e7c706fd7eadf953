"""The laid-out pages as the preflight and the renderer read them: lines, text runs, images,
decorated boxes (the renderer asks which display texts end on one word: render/widows.py).

One walk over WeasyPrint's box tree per page (`document.pages[i]._page_box`, WeasyPrint 70's
`formatting_structure.boxes`) collects what every check needs, so the checks themselves are
plain loops over small records. Coordinates stay in CSS px (WeasyPrint's unit, 96 per inch)
with the origin at the trimmed page's top left; messages convert to mm.

While walking, each box with content is also compared with the box it must stay inside
(its parent's border box; the page's text area for the document's own boxes): the outermost
box that runs out is recorded once, not each of its descendants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from weasyprint.formatting_structure import boxes as B

MM = 25.4 / 96  # one CSS px in mm
PX = 96 / 25.4  # one mm in CSS px
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
PARAGRAPHS = HEADINGS | {"p", "li", "td", "th", "caption", "dt", "dd", "figcaption", "blockquote"}

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1


def mm(value: float) -> str:
    return f"{value * MM:.1f} mm"


def intersects(a: Rect, b: Rect, tolerance: float = 0.0) -> bool:
    return (min(a[2], b[2]) - max(a[0], b[0]) > tolerance
            and min(a[3], b[3]) - max(a[1], b[1]) > tolerance)


def excess(inner: Rect, outer: Rect) -> dict[str, float]:
    """How far `inner` runs past `outer` on each side (px; only sides that it passes)."""
    sides = {"left": outer[0] - inner[0], "top": outer[1] - inner[1],
             "right": inner[2] - outer[2], "bottom": inner[3] - outer[3]}
    return {side: value for side, value in sides.items() if value > 0}


def border_rect(box) -> Rect:
    x, y = box.border_box_x(), box.border_box_y()
    return (x, y, x + box.border_width(), y + box.border_height())


def snippet(text: str, length: int = 48) -> str:
    text = " ".join(text.replace("\u2060", "").replace("\u200b", "").split())  # joiners and zero-width spaces: segment.py
    return f"“{text[:length]}{'…' if len(text) > length else ''}”"


@dataclass(eq=False)
class Line:
    """One line box: where it is, what it says, what kind of text it belongs to."""

    page: int  # 0-based
    box: B.LineBox
    element: Any  # the element of its block (lines of one paragraph share it across pages)
    para: Any  # the paragraph-level element (p, li, h1-h6, td, th, caption) it is in, else None
    heading: Any  # the h1-h6 or caption element the line is in, else None
    cell: Any  # the table cell (bilingual column) it is in, else None
    margin: bool  # in a page-margin box (running header or footer)
    lang: str
    rect: Rect
    measure: tuple[float, float]  # the content box of its block: where the line may run (x0, x1)
    texts: list = field(default_factory=list)  # its TextBoxes that print something, in order
    pieces: list = field(default_factory=list)  # the text of all its TextBoxes, spaces between inline boxes too
    margin_box: Any = None  # the page-margin box it is in (running header or footer), else None
    list_element: Any = None  # the ul or ol its list item is in, else None

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    @property
    def baseline(self) -> float:
        return self.texts[0].position_y + self.texts[0].baseline if self.texts else self.rect[3]

    def rect_of_texts(self) -> Rect:
        """Where its text runs are (a line box can be wider than its text)."""
        return (min(t.position_x for t in self.texts), self.rect[1],
                max(t.position_x + t.width for t in self.texts), self.rect[3])

    @property
    def hyphenated(self) -> bool:
        """WeasyPrint adds the hyphenate-character to the text of a line it hyphenated."""
        if not self.texts:
            return False
        last = self.texts[-1]
        mark = last.style["hyphenate_character"]
        return bool(mark) and last.text.endswith(mark) and last.style["hyphens"] != "none"


@dataclass(eq=False)
class Decorated:
    """A block-level box that paints something: a background or a border."""

    page: int
    box: B.Box
    rect: Rect
    background: bool
    ancestors: frozenset  # ids of its ancestor boxes
    table: Any  # the table box it belongs to (cells share collapsed borders), else None


@dataclass(eq=False)
class Content:
    """A text run or an image, with the ids of the boxes it is inside."""

    page: int
    box: B.Box
    rect: Rect
    kind: str  # "text" or "image"
    ancestors: frozenset
    line: Line | None = None
    margin: bool = False


@dataclass(eq=False)
class Marker:
    """A list item's marker ("1.", "•") as the layout made it."""

    page: int
    item: Any  # the li element
    list: Any  # the ol or ul element it is in
    box: B.Box
    text: str
    baseline: float


@dataclass(eq=False)
class Label:
    """A painted box set inside a line of text (the large-print badge after the title)."""

    page: int
    box: B.InlineBlockBox
    rect: Rect  # its border box: where its paint is
    line: Line  # the line it sits in (its own text is not that line's)


@dataclass(eq=False)
class Overflow:
    page: int
    box: B.Box
    rect: Rect
    frame: Rect
    frame_name: str


@dataclass(eq=False)
class Page:
    number: int  # 0-based
    box: B.PageBox
    trim: Rect  # the trimmed page
    text_area: Rect  # inside the @page margins
    lines: list[Line] = field(default_factory=list)  # in document order
    contents: list[Content] = field(default_factory=list)
    decorated: list[Decorated] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    overflows: list[Overflow] = field(default_factory=list)
    tables: list[tuple[object, B.Box]] = field(default_factory=list)  # (table element, box)
    margin_boxes: list[B.MarginBox] = field(default_factory=list)
    first_line_of: dict = field(default_factory=dict)  # li element -> its first line on this page
    unbreakable: list[Rect] = field(default_factory=list)  # blocks with break-inside: avoid
    forced_tops: list[float] = field(default_factory=list)  # tops of boxes with break-before: page
    space_above: dict = field(default_factory=dict)  # heading element -> its top margin (px)
    keeps_next: set = field(default_factory=set)  # elements with break-after: avoid
    keeps_prev: set = field(default_factory=set)  # elements with break-before: avoid
    cell_rows: dict = field(default_factory=dict)  # table cell element -> its row's element
    # The row groups of tables set inside a table cell (the bilingual's two tables of medicines,
    # one in each column), header and footer groups left out: (that cell's box, the group's
    # element, the elements of its rows on this page), in document order.
    cell_groups: list[tuple[Any, Any, list]] = field(default_factory=list)
    floats: list[Rect] = field(default_factory=list)  # floated boxes with their margins: lines wrap beside them
    labels: list[Label] = field(default_factory=list)  # painted inline-blocks inside lines


def classes(box) -> list[str]:  # type: ignore[no-untyped-def]
    """The class names of a box's element (none for an anonymous box or a page's own)."""
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None and hasattr(element, "get") else []


def describe_box(box) -> str:
    element = getattr(box, "element", None)
    tag = (box.element_tag or type(box).__name__).split("::")[0]
    css = element.get("class") if element is not None and hasattr(element, "get") else None
    name = f"<{tag}{' class=' + chr(34) + css + chr(34) if css else ''}>"
    text = " ".join(t.text for t in box.descendants() if isinstance(t, B.TextBox))[:60]
    return f"{name} {snippet(text)}" if text.strip() else name


def _is_marker(box) -> bool:
    """A list item's marker: WeasyPrint's (::marker, inside or outside), or the layouts' own
    inline ::before of an li (common.css), read the same way."""
    tag = box.element_tag or ""
    return bool(box.is_outside_marker or tag.endswith("::marker") or tag == "li::before")


def _unwrap(box):
    return getattr(box, "_box", box)  # AbsolutePlaceholder: the box it stands for


def _decorated(box) -> tuple[bool, bool]:
    """(paints a background, paints a border)."""
    background = getattr(box, "background", None) is not None
    border = False
    for side in ("top", "right", "bottom", "left"):
        width = getattr(box, f"border_{side}_width", 0) or 0
        if width > 0 and box.style[f"border_{side}_style"] not in ("none", "hidden"):
            border = True
    return background, border


class _Walker:
    def __init__(self, page: Page, bleed_allowed):
        self.page = page
        self.bleed_allowed = bleed_allowed  # box -> bool: may run past its frame into the bleed

    def walk(self, box, *, frame: Rect, frame_name: str, ancestors: tuple, line: Line | None, heading,
             cell, margin: bool, table, para=None, list_element=None,
             measure: tuple[float, float] = (0.0, 0.0), in_marker: bool = False) -> bool:
        """Visit `box` and its descendants; True if the subtree prints anything.

        `frame` is what the box must stay inside: the nearest ancestor that paints its edges
        (a background or a border) or is a table cell (a column), else the page's text area
        (the page, for margin boxes). Boxes that paint nothing may overlap and overhang
        (WeasyPrint places floats at the top of a collapsed margin, outside their parent):
        only what prints is held to the frame.
        """
        box = _unwrap(box)
        page = self.page
        ids = frozenset(ancestors)
        if isinstance(box, B.TextBox):
            if not box.text.strip():
                if line is not None and not in_marker and not _is_marker(box):
                    line.pieces.append(box.text)  # a space between two inline boxes ("Apollo Hospitals")
                return False
            # A text box is as tall as its font's ascent and descent, taller than the line it
            # sits in when the line-height is tight: its place is its line's (ink: inks.py).
            x = box.position_x
            y0, y1 = (line.rect[1], line.rect[3]) if line is not None else (box.position_y, box.position_y + box.height)
            rect = (x, y0, x + box.width, y1)
            page.contents.append(Content(page.number, box, rect, "text", ids, line, margin))
            if line is not None and not in_marker and not _is_marker(box):
                line.texts.append(box)
                line.pieces.append(box.text)
            return True
        marker = not in_marker and _is_marker(box)
        if marker:
            texts = [t for t in box.descendants() if isinstance(t, B.TextBox)]
            text = "".join(t.text for t in texts).strip()
            baseline = texts[0].position_y + texts[0].baseline if texts else box.position_y
            if text:
                page.markers.append(Marker(page.number, box.element, list_element, box, text, baseline))
            line = None  # the marker's own line is not part of the item's text
            in_marker = True
        if isinstance(box, B.LineBox) and not in_marker:
            line = Line(page.number, box, box.element, para, heading, cell, margin, box.style["lang"] or "",
                        (box.position_x, box.position_y, box.position_x + box.width, box.position_y + box.height),
                        measure, list_element=list_element)
            if not margin and box.element is not None and box.element.tag == "li":
                page.first_line_of.setdefault(box.element, line)
        element = getattr(box, "element", None)
        pseudo = "::" in (box.element_tag or "")
        tag = (box.element_tag or "").split("::")[0]
        if element is not None and not pseudo:
            if tag in HEADINGS or tag == "caption":
                heading = element
                page.space_above.setdefault(element, box.style["margin_top"].value
                                            if box.style["margin_top"].unit == "px" else 0)
            if tag in ("ol", "ul"):
                list_element = element
            if tag in PARAGRAPHS:
                para = element
        if isinstance(box, B.BlockContainerBox):
            measure = (box.content_box_x(), box.content_box_x() + box.width)
        host = None
        if isinstance(box, B.InlineBlockBox) and line is not None:
            para = None  # a label inside a line (the large-print badge) is not a paragraph's line
            host, line = line, None
        if isinstance(box, B.TableCellBox):
            cell = box
        if isinstance(box, B.TableRowBox):
            page.cell_rows.update((child.element, element) for child in box.children)
        if isinstance(box, B.TableRowGroupBox) and cell is not None and not margin \
                and not (box.is_header or box.is_footer):
            page.cell_groups.append((cell, element, [row.element for row in box.children]))
        if isinstance(box, B.TableBox):
            table = box
            if tag == "table":
                page.tables.append((element, box))
        rect = line.rect if isinstance(box, B.LineBox) and line is not None else border_rect(box)
        if isinstance(box, B.BlockLevelBox) and not margin and element is not None and not pseudo \
                and box.style["break_after"] in ("avoid", "avoid-page"):
            page.keeps_next.add(element)
        if isinstance(box, B.BlockLevelBox) and not margin and element is not None and not pseudo \
                and box.style["break_before"] in ("avoid", "avoid-page"):
            page.keeps_prev.add(element)
        if not margin and isinstance(box, B.Box) and box.is_floated():
            page.floats.append((box.position_x, box.position_y,
                                box.position_x + box.margin_width(), box.position_y + box.margin_height()))
        if isinstance(box, B.BlockLevelBox) and not margin and box.style["break_inside"] in ("avoid", "avoid-page"):
            page.unbreakable.append(rect)
        if not margin and element is not None and box.style["break_before"] in ("page", "left", "right", "recto", "verso"):
            page.forced_tops.append(box.position_y)
        has_content = False
        paints = False
        if isinstance(box, (B.BlockLevelBox, B.TableCellBox, B.InlineBlockBox)) and not isinstance(box, B.PageBox):
            background, border = _decorated(box)
            if background or border:
                page.decorated.append(Decorated(page.number, box, rect, background, ids, table))
                has_content = paints = True
                if host is not None and not margin:
                    page.labels.append(Label(page.number, box, rect, host))
        if isinstance(box, B.ReplacedBox):
            page.contents.append(Content(page.number, box, rect, "image", ids, line, margin))
            has_content = True
        child_frame, child_name = frame, frame_name
        if paints or isinstance(box, B.TableCellBox):
            child_frame, child_name = rect, describe_box(box)
        new_ancestors = (*ancestors, id(box))
        reported = len(page.overflows)
        for child in getattr(box, "children", ()):
            if self.walk(child, frame=child_frame, frame_name=child_name, ancestors=new_ancestors, line=line,
                         heading=heading, cell=cell, margin=margin, table=table, para=para,
                         list_element=list_element, measure=measure, in_marker=in_marker):
                has_content = True
        if isinstance(box, B.LineBox) and line is not None:
            if line.texts:
                page.lines.append(line)
                text_rect = line.rect_of_texts()
                # Text that runs out sideways (a long word in a narrow column).
                sideways = {k: v for k, v in excess(text_rect, frame).items() if k in ("left", "right")}
                if sideways and max(sideways.values()) > TOLERANCE:
                    page.overflows.append(Overflow(page.number, box, text_rect, frame, frame_name))
            return has_content
        if has_content and not isinstance(box, B.InlineBox) and not self.bleed_allowed(box, rect):
            sides = excess(rect, frame)
            if marker:  # a marker's line box is taller than its dot; only its sides matter
                sides = {k: v for k, v in sides.items() if k in ("left", "right")}
            if sides and max(sides.values()) > TOLERANCE:
                del page.overflows[reported:]  # its descendants ran out with it: report it once
                page.overflows.append(Overflow(page.number, box, rect, frame, frame_name))
        return has_content


#: Half a point: what collapsed table borders and rounding put past a frame, never a defect.
TOLERANCE = 0.25 * PX


def collect(document, bleed_allowed=lambda box, rect: False) -> list[Page]:
    """Every page of a laid-out WeasyPrint Document as a `Page` of records (see module doc)."""
    pages = []
    for number, wpage in enumerate(document.pages):
        page_box = wpage._page_box  # internal, but the only place the layout can be read
        trim = (0.0, 0.0, page_box.margin_width(), page_box.margin_height())
        x, y = page_box.content_box_x(), page_box.content_box_y()
        text_area = (x, y, x + page_box.width, y + page_box.height)
        page = Page(number, page_box, trim, text_area)
        walker = _Walker(page, bleed_allowed)
        for child in page_box.children:
            child = _unwrap(child)
            margin = isinstance(child, B.MarginBox)
            if margin:
                page.margin_boxes.append(child)
            frame = trim if margin else text_area
            first = len(page.lines)
            walker.walk(child, frame=frame, frame_name="the page" if margin else "the text area",
                        ancestors=(id(page_box),), line=None, heading=None, cell=None, margin=margin, table=None)
            if margin:
                for line in page.lines[first:]:
                    line.margin_box = child
        pages.append(page)
    return pages


def text_width(text: str, style) -> float:  # type: ignore[no-untyped-def]
    """The width of `text` set in `style` (a laid-out box's), shaped by Pango as WeasyPrint sets it."""
    from weasyprint.text.line_break import create_layout, line_size

    layout = create_layout(text, style, None, None, 0)
    try:
        return float(line_size(layout.get_first_line()[0], style)[0])
    finally:
        layout.deactivate()


def room(line: Line, pages: list[Page]) -> tuple[float, float]:
    """Where `line` may run (x0, x1): its block's content box, less a float beside it (the
    poster's QR code) on whichever side the float stands."""
    left, right = line.measure
    for x0, y0, x1, y1 in pages[line.page].floats:
        if y0 < line.rect[3] and line.rect[1] < y1 and x0 < right and left < x1:
            if x0 - left >= right - x1:  # a float at the end side of the column
                right = min(right, x0)
            else:
                left = max(left, x1)
    return left, right


def content_bottom(page: Page, body: list[Line]) -> float:
    """Where a page's content ends: its last line of `body`, painted box or other content,
    margins aside."""
    return max([line.rect[3] for line in body] + [d.rect[3] for d in page.decorated]
               + [c.rect[3] for c in page.contents if not c.margin])


#: The text's last page holding less than this share of its text area, with a page of notes
#: and the back page after it, is a leaflet two pages longer than its text needs.
LAST_PAGE_SHARE = 0.25


@dataclass(frozen=True)
class TextEnd:
    """A page on which the text stops before a forced break (the page of notes, the back page):
    how far down its text area the content reaches (`used`, px, of `height`) in `lines` lines."""

    page: int  # 0-based
    used: float
    height: float
    lines: int

    @property
    def short(self) -> bool:
        """Less than LAST_PAGE_SHARE of the page used: the text would fit on the page before
        with a little less space between its paragraphs, and the leaflet be two pages shorter."""
        return self.used < LAST_PAGE_SHARE * self.height


def text_ends(pages: list[Page]) -> list[TextEnd]:
    """The pages (not the first, not the last) after which the next page starts with a forced
    break: where the leaflet's text gives way to its notes and back page."""
    ends = []
    for page, following in zip(pages, pages[1:-1]):
        body = [line for line in page.lines if not line.margin]
        after = [line for line in following.lines if not line.margin]
        if not body or page.number == 0:
            continue
        top = min((line.rect[1] for line in after), default=following.text_area[1])
        if not any(forced <= top + TOLERANCE for forced in following.forced_tops):
            continue  # not the text's last page: the notes start on the next page with a forced break
        ends.append(TextEnd(page.number, content_bottom(page, body) - page.text_area[1],
                            page.text_area[3] - page.text_area[1], len(body)))
    return ends


#: The least room a back page gives notes and questions for the doctor (mm): six of the large
#: print's 14 mm ruled lines. A patient writes there, often in large writing.
NOTES_MIN_MM = 84


@dataclass(frozen=True)
class NotesRoom:
    """The notes of a leaflet whose back page stands alone, headed ("whole"), after its text:
    how much its ruled area holds and how much the page before it, the text's last, leaves free
    under the text (mm); `heading_mm` is the notes' heading with its margins."""

    back_page: int  # 0-based
    ruled_mm: float
    heading_mm: float
    free_before_mm: float


def _margin_rect(box) -> Rect:  # type: ignore[no-untyped-def]
    return (box.position_x, box.position_y, box.position_x + box.margin_width(), box.position_y + box.margin_height())


def notes_room(document, pages: list[Page]) -> NotesRoom | None:  # type: ignore[no-untyped-def]
    """The NotesRoom of a laid-out leaflet (WeasyPrint `document`, its `pages` as collected),
    or None when its last page is not a headed back page alone (a page of notes comes first,
    or it is no leaflet)."""
    if len(pages) < 2:
        return None
    back = document.pages[-1]._page_box
    notes = [b for b in back.descendants() if getattr(b, "element", None) is not None
             and "notes" in classes(b) and b.element_tag == "section"]
    footer = [b for b in back.descendants() if getattr(b, "element", None) is not None
              and b.element.get("data-back-page") == "whole" and b.element_tag == "footer"]
    if not notes or not footer:
        return None
    ruled = [b for b in notes[0].descendants() if getattr(b, "element", None) is not None
             and "notes-lines" in classes(b)]
    headings = [b for b in notes[0].children if (b.element_tag or "").split("::")[0] in HEADINGS]
    if not ruled or not headings:
        return None
    before = pages[-2]
    bottoms = [line.rect[3] for line in before.lines if not line.margin] + \
              [content.rect[3] for content in before.contents if not content.margin]
    if not bottoms:
        return None
    free = before.text_area[3] - max(bottoms)
    return NotesRoom(len(pages) - 1, ruled[0].height * MM, (_margin_rect(headings[0])[3] - _margin_rect(headings[0])[1]) * MM,
                     free * MM)
