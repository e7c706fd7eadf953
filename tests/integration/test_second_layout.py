"""A second layout is made only where it can change the page (pipeline/render/renderer.py)."""

from __future__ import annotations

from pipeline.project import Project
from pipeline.render import renderer as renderer_module
from pipeline.render.editions import edition_named
from testkit import ROOT, clinic_of, localized, renderer


def test_joins_that_change_no_character_of_the_html_cost_no_layout(monkeypatch):
    """The Hindi leaflet's first layout leaves texts ending on one word that the layouts never
    join (Indic text keeps its end its own way): the HTML with those joins is the same HTML,
    which lays out the same, so no second layout is made and the pages are the first's."""
    found = []
    original = renderer_module.widowed_texts

    def spy(pages):
        found.append(original(pages))
        return found[-1]

    monkeypatch.setattr(renderer_module, "widowed_texts", spy)
    project = Project(ROOT)
    edition = edition_named("leaflet")
    result = renderer(project.layouts).render(edition, localized(project, "hi"), clinic_of(project), b"test/hi")
    assert found and found[0], "the Hindi leaflet no longer has such texts: choose another document"
    assert dict(result.timings)["trials"] == 1


def test_joins_that_change_the_html_are_laid_out_again(monkeypatch):
    """The French leaflet's widowed headings are joined, which changes its HTML: a second layout
    where they are not joined in place (render/weasy/keepend.py; test_keep_end_in_layout.py)."""
    project = Project(ROOT)
    render = renderer(project.layouts)
    monkeypatch.setattr(render, "_joined_in_layout", lambda *args: None)  # the in-place joins refused
    result = render.render(edition_named("leaflet"), localized(project, "fr"), clinic_of(project), b"test/fr")
    assert dict(result.timings)["trials"] == 3  # the first, the same without joins in place, the second

def test_a_leaflet_ending_a_few_lines_into_a_page_is_fitted_two_pages_shorter(monkeypatch):
    """The Spanish A4 leaflet's text ended six lines into page 8, before a page of notes and
    the back page: ten pages. With 0.8 of the space between its blocks it is eight pages
    (Renderer._fit_text), and nothing is lost: every word of the ten pages is on the eight."""
    import io
    import re

    from pypdf import PdfReader

    project = Project(ROOT)
    edition, doc = edition_named("leaflet"), localized(project, "es")

    def words(pdf: bytes) -> set[str]:
        text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
        return set(re.findall(r"[^\W\d]+", text))

    fitted = renderer(project.layouts).render(edition, doc, clinic_of(project), b"test/es")
    monkeypatch.setattr(renderer_module, "FIT_SPACES", ())
    plain = renderer(project.layouts).render(edition, doc, clinic_of(project), b"test/es")
    assert (plain.pages, fitted.pages) == (10, 8)
    # Every word of the ten pages is on the eight, but the label of the back page that carried
    # the notes on from a page of notes ("Notas (continuación)"), which the eight do not need.
    label = set(re.findall(r"[^\W\d]+", str(doc.gettext("notes", "Notes (continued)"))))
    assert words(fitted.pdf) <= words(plain.pdf) and words(plain.pdf) - words(fitted.pdf) <= label
    assert "continuación" in words(plain.pdf) - words(fitted.pdf)
    assert dict(fitted.timings)["trials"] == dict(plain.timings)["trials"] + 1  # one space tried: 0.8
