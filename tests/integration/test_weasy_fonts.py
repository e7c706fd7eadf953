"""The `facedata` hook (pipeline/render/weasy/facedata.py): a face's bytes read where HarfBuzz
holds them, with the same PDF as a result."""

from __future__ import annotations

from pipeline.render import weasy
from pipeline.render.fonts import choose_fonts
from testkit import ROOT

LAYOUTS = ROOT / "layouts"


def test_a_face_is_read_in_place_and_the_pdf_is_byte_for_byte_the_same():
    """WeasyPrint alone copies the whole 16 MB Chinese face into its Font before subsetting it;
    hooked, the Font holds a view of HarfBuzz's blob, and the PDF written is the same bytes. With
    every hook on, the text map (another Font.__init__ hook) still applies: the face is read in
    place there too."""
    import weasyprint
    from weasyprint.pdf import fonts

    from pipeline.render.weasy import facedata

    face = (LAYOUTS / "fonts" / choose_fonts(LAYOUTS, "zh_Hans").primary.regular).resolve()
    html = (f"<style>@font-face {{ font-family: T; src: url('{face.as_uri()}') }} p {{ font-family: T }}</style>"
            "<p>肌肉抽搐（颤搐）通常无害。</p>")
    held = []
    original_subset = fonts.Font.subset

    def subset(self, *args):  # what the Font holds when the subset comes to replace it
        held.append((type(self.file_content).__name__, len(self.file_content)))
        return original_subset(self, *args)

    def write():
        return weasyprint.HTML(string=html).write_pdf(pdf_identifier=b"t")

    fonts.Font.subset = subset
    try:
        bare = write()
        (owner, name, replacement), = facedata.patches()
        original = getattr(owner, name)
        setattr(owner, name, replacement)
        try:
            in_place = write()
        finally:
            setattr(owner, name, original)
        with weasy.hooks():
            write()
    finally:
        fonts.Font.subset = original_subset
    size = face.stat().st_size
    assert held[0] == ("bytes", size)  # WeasyPrint alone: the whole face, copied
    assert held[1][0] != "bytes" and held[1][1] == size  # hooked: the blob, in place
    assert held[2][0] != "bytes" and held[2][1] == size  # and with the text map's hook as well
    assert in_place == bare
    assert len(bare) < 200_000  # a subset embedded, not the 16 MB face
