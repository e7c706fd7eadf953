"""A leaflet's two endings (pipeline/render/weasy/evenpages.py), laid out in a small document:
the text's pages, then a page of notes and the unheaded back page, then the headed back page.
The hook keeps the first two where the text ends on an even page and the last where it ends on
an odd one: an even count, the notes headed once, the page numbers counting printed pages."""

from __future__ import annotations

import pytest

from pipeline.render import weasy
from pipeline.render.renderer import use_vendored_fonts
from testkit import ROOT

HEADING = "Notes and questions for your doctor"
CSS = """@page { size: A5; margin: 15mm; @bottom-center { content: "page " counter(page) " of " counter(pages) } }
html { font-family: "Noto Sans"; font-size: 11pt } body { margin: 0 }
.text { break-before: page } .text:first-child { break-before: auto }
.notes-page, .back-page { break-before: page; height: 100vh; break-inside: avoid }"""


def ending(back: str) -> str:
    heading = f"<h2>{HEADING}</h2>" if back == "whole" else ""
    return f'<footer class="back-page" data-back-page="{back}">{heading}<p>Questions? Call us</p></footer>'


@pytest.fixture(scope="module")
def fonts():
    use_vendored_fonts(ROOT / "layouts")
    from weasyprint.text.fonts import FontConfiguration
    return FontConfiguration()


def laid_out(fonts, text_pages: int, notes_page: bool = True):
    from weasyprint import HTML

    text = "".join(f'<p class="text">Text page {n + 1}</p>' for n in range(text_pages))
    padded = (f'<section class="notes-page" data-optional-page><h2>{HEADING}</h2></section>{ending("continued")}'
              if notes_page else "")
    html = f"<html lang=en><head><style>{CSS}</style></head><body>{text}{padded}{ending('whole')}</body></html>"
    with weasy.hooks():
        return HTML(string=html).render(font_config=fonts)


def words(page) -> str:
    """The page's text, its margin boxes' included (the running "page n of m")."""
    found = []

    def walk(box):
        if getattr(box, "text", None):
            found.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)
    walk(page._page_box)
    return " ".join(found)


@pytest.mark.parametrize("text_pages", [1, 2, 3, 4])
def test_one_ending_evens_the_count_and_heads_the_notes_once(fonts, text_pages):
    pages = [words(page) for page in laid_out(fonts, text_pages).pages]
    count = len(pages)
    assert count % 2 == 0 and count in (text_pages + 1, text_pages + 2), pages
    assert sum(HEADING in text for text in pages) == 1, pages
    assert "Questions? Call us" in pages[-1] and "Questions? Call us" not in " ".join(pages[:-1])
    if text_pages % 2:  # the headed back page alone
        assert HEADING in pages[-1]
    else:  # a page of notes, headed, and the back page that carries on under it
        assert HEADING in pages[-2] and HEADING not in pages[-1]
    assert all(f"page {n + 1} of {count}" in text for n, text in enumerate(pages)), pages


def test_a_template_with_one_ending_is_laid_out_as_it_is(fonts):
    """Without the page of notes (a plain `weasyprint` run, scripts/bench.py) the hook has
    nothing to choose: the headed back page follows the text, whatever the count."""
    pages = [words(page) for page in laid_out(fonts, 2, notes_page=False).pages]
    assert len(pages) == 3 and HEADING in pages[-1]
