"""The bilingual leaflet's masthead: the logo clear of the titles and over the text's edge."""

from __future__ import annotations

import pytest

from pipeline.project import Project
from pipeline.render.editions import edition_named, paper_for
from testkit import ROOT, clinic_of, localized, renderer

MM = 96 / 25.4


@pytest.mark.parametrize("locale", ["fr", "ar"])
def test_the_logo_stands_clear_of_the_titles_over_the_columns_text_edge(locale):
    """Four reviewers at 150 dpi: the logo's foot touched the capitals of "Muscle twitching" (the
    titles' margin collapsed beside the floated logo) and stood 3.5 mm outside the column's text
    edge. Its box now ends 3 mm or more above the titles' first line, and its start edge is the
    start edge of the title in the first column (the right edge in Arabic)."""
    from weasyprint.formatting_structure import boxes

    project = Project(ROOT)
    edition = edition_named("leaflet-bilingual")
    doc = localized(project, locale, english=True)
    clinic = clinic_of(project)
    document = renderer(project.layouts).layout(edition, paper_for(edition, locale, clinic.territory, clinic.paper),
                                                doc, clinic)
    first = list(document.pages[0]._page_box.descendants())
    logo = next(b for b in first if getattr(b, "element_tag", None) == "img")
    titles = [b for b in first if isinstance(b, boxes.TextBox) and b.element is not None and b.element.tag == "h1"]
    top = min(b.position_y for b in titles)
    assert top - logo.border_box_y() - logo.border_height() >= 3 * MM
    if doc.direction == "rtl":
        right = max(b.position_x + b.width for b in titles)
        assert abs(logo.border_box_x() + logo.border_width() - right) < 0.5 * MM
    else:
        left = min(b.position_x for b in titles)
        assert abs(logo.border_box_x() - left) < 0.5 * MM
