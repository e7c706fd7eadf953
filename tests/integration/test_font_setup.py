"""Set-up takes the CJK faces out of the system's font collection (the Debian package
fonts-noto-cjk), byte for byte as the pinned checksums say: it reads the 20 MB collection, so it
runs with the integration tests, not in `make test-fast`."""

from __future__ import annotations

from pipeline.render.fonts import load_fonts
from testkit import ROOT, layouts_with_cjk_collection

LAYOUTS = ROOT / "layouts"


def test_set_up_makes_a_cjk_face_byte_for_byte_from_the_pinned_collection(tmp_path):
    from pipeline.render.fontsetup import extract_faces, sha256_of

    korean = load_fonts(LAYOUTS).families[-1]
    assert korean.family == "Noto Sans CJK KR"
    layouts = layouts_with_cjk_collection(tmp_path, str(korean.extract_regular.collection), korean.extract_regular.sha256)
    made = extract_faces(layouts)
    assert [r.made for r in made] == [True, False]  # the second names the same file, already right
    assert sha256_of(layouts / "fonts" / korean.regular) == sha256_of(LAYOUTS / "fonts" / korean.regular)
