"""A display text's last word alone on its line is joined to the word before during the one
layout (pipeline/render/weasy/keepend.py), as the second layout of the whole document used to."""

from __future__ import annotations

import inspect

import pytest

from pipeline.i18n import segment
from pipeline.project import Project
from pipeline.render import weasy
from pipeline.render.editions import edition_named
from pipeline.render.renderer import use_vendored_fonts
from pipeline.render.weasy.keepend import JOINED, KEEP_END, MARK
from testkit import ROOT, clinic_of, localized, renderer

HEADING = "Que sont les contractions musculaires involontaires\u00a0?"
HTML = "<h2{mark} style='width: {width}mm; font-size: 20pt'>{text}</h2>"


@pytest.fixture(scope="module")
def fonts():
    use_vendored_fonts(ROOT / "layouts")
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


@pytest.fixture
def layout(fonts, monkeypatch):
    """Lay out a small French document with the pipeline's hooks, counting the layouts."""
    from weasyprint import HTML as Document
    from weasyprint import document as weasy_document

    count = []
    original = weasy_document.layout_document

    def counted(*args, **kwargs):
        count.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(weasy_document, "layout_document", counted)

    def render(body: str):
        html = ('<html lang="fr"><head><style>@page { size: A4; margin: 20mm } html { font-family: '
                '"Noto Sans"; font-size: 12pt; line-height: 1.5 } body { margin: 0 }</style></head>'
                f'<body>{body}</body></html>')
        with weasy.hooks():
            return Document(string=html).render(font_config=fonts)
    render.count = count  # type: ignore[attr-defined]
    return render


def _lines(document) -> list[tuple[str, float, float, float]]:
    """Each line's text and place: (text, x, y, width)."""
    from weasyprint.formatting_structure import boxes as B
    out = []
    for line in document.pages[0]._page_box.descendants():
        if isinstance(line, B.LineBox):
            texts = [t for t in line.descendants() if isinstance(t, B.TextBox)]
            out.append(("".join(t.text for t in texts), line.position_x, line.position_y,
                        sum(t.width for t in texts)))
    return out


def _widowing_width(layout) -> int:
    for width in range(100, 170, 2):
        if _lines(layout(HTML.format(mark="", width=width, text=HEADING)))[-1][0].strip() == "involontaires\u00a0?":
            return width
    raise AssertionError("no width leaves “involontaires ?” alone")


def test_a_marked_heading_ending_on_one_word_is_joined_in_its_one_layout(layout):
    """Planted: a heading whose last line holds "involontaires ?" alone, marked as the templates
    mark a display text, comes out of ONE layout with "musculaires involontaires ?" on its last
    line: line for line what the HTML with keep_end's join (the second layout) gives."""
    width = _widowing_width(layout)
    del layout.count[:]
    document = layout(HTML.format(mark=f" {KEEP_END}", width=width, text=HEADING))
    assert len(layout.count) == 1
    two_layouts = layout(HTML.format(mark="", width=width, text=segment.keep_end(HEADING, pair_fits=True)))
    assert _lines(document)[-1][0].strip() == "musculaires\u00a0involontaires\u00a0?"
    assert _lines(document) == _lines(two_layouts)
    from weasyprint.formatting_structure import boxes as B
    marks = [getattr(line, MARK, None) for line in document.pages[0]._page_box.descendants()
             if isinstance(line, B.LineBox)]
    assert marks and all(mark == JOINED for mark in marks)


def test_an_unmarked_heading_is_left_as_weasyprint_lays_it_out(layout):
    """The hook is a no-op for every box the templates do not mark (running text may end on one word)."""
    width = _widowing_width(layout)
    plain = layout(HTML.format(mark="", width=width, text=HEADING))
    assert _lines(plain)[-1][0].strip() == "involontaires\u00a0?"
    from weasyprint.formatting_structure import boxes as B
    assert not any(hasattr(line, MARK) for line in plain.pages[0]._page_box.descendants()
                   if isinstance(line, B.LineBox))


def test_a_pair_too_wide_for_the_column_is_not_joined(layout):
    document = layout(f"<h1 {KEEP_END} style='width: 60mm; font-size: 30pt'>Contractions musculaires involontaires</h1>")
    assert [text.strip() for text, *_ in _lines(document)] == ["Contractions", "musculaires", "involontaires"]


def test_weasyprint_gets_a_blocks_lines_as_the_hook_expects():
    """WeasyPrint 70's assumptions the hook rests on: block.py imported iter_line_boxes by name
    from inline.py and _linebox_layout calls it with the arguments the hook passes on; it is a
    generator of (LineBox, resume_at); boxes copy deeply; text skip stacks count UTF-8 bytes."""
    from weasyprint.formatting_structure import boxes as B
    from weasyprint.layout import block, inline

    assert block.iter_line_boxes is inline.iter_line_boxes
    assert list(inspect.signature(inline.iter_line_boxes).parameters) == [
        "context", "box", "position_y", "bottom_space", "skip_stack", "containing_block",
        "absolute_boxes", "fixed_boxes", "first_letter_style", "first_line_style"]
    assert inspect.isgeneratorfunction(inline.iter_line_boxes)
    assert "iter_line_boxes(\n        context, child, position_y, bottom_space, skip_stack, new_containing_block," \
        in inspect.getsource(block._linebox_layout)
    assert callable(B.Box.deepcopy) and callable(B.Box.is_floated)
    assert "box.text.encode()" in inspect.getsource(inline.skip_first_whitespace)


@pytest.mark.parametrize("locale", ["fr", "ta"])
def test_a_leaflet_joins_its_widowed_headings_in_one_layout(monkeypatch, locale):
    """The French leaflet's widowed headings (two layouts before), and the Tamil leaflet's
    "Questions? Call us", which the templates write in both endings of the back page
    (render/weasy/evenpages.py: the hook joins both, the one printed and the one dropped), are
    joined in the leaflet's one layout; the PDF is the one the old path writes, forced here:
    no join in place, so the widowed headings are laid out again."""
    project = Project(ROOT)
    edition, doc, clinic = edition_named("leaflet"), localized(project, locale), clinic_of(project)
    render = renderer(project.layouts)
    result = render.render(edition, doc, clinic, f"test/{locale}".encode())
    assert dict(result.timings)["trials"] == 1
    monkeypatch.setattr(render, "_joined_in_layout", lambda *args: None)
    old = render.render(edition, doc, clinic, f"test/{locale}".encode())
    assert dict(old.timings)["trials"] == 3 and old.pdf == result.pdf


@pytest.mark.parametrize("table_style, refused", [
    ("width: 170mm; table-layout: fixed", False),  # its columns as given: a join moves none
    ("width: 170mm", True),  # auto: the columns share the room by their cells' widest words
])
def test_a_text_joined_in_a_table_sized_by_its_content_is_refused(layout, table_style, refused):
    """Planted: a marked heading in a table cell is joined in place either way; where the table
    is laid out by its content (table-layout: auto), the templates' join would widen the cell's
    widest unbreakable piece before the columns are set, so the renderer refuses the in-place
    layout (renderer._joined_where_content_sizes) and lays the document out again."""
    from pipeline.render.renderer import _joined_where_content_sizes

    width = _widowing_width(layout)
    cell = HTML.format(mark=f" {KEEP_END}", width=width, text=HEADING)
    document = layout(f"<table style='{table_style}'><tr><td>{cell}</td><td>QR</td></tr></table>")
    assert any(text.strip() == "musculaires\u00a0involontaires\u00a0?" for text, *_ in _lines(document))
    assert _joined_where_content_sizes(document) is refused
