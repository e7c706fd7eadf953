"""A font's bytes read where HarfBuzz holds them, not copied, while WeasyPrint prepares a PDF.

WeasyPrint 70 makes one `weasyprint.pdf.fonts.Font` per face a document uses and copies the
whole face file into it (`file_content = get_hb_object_data(hb_face)`) before it subsets the
face with HarfBuzz, which reads the face itself, not that copy; the copy is only looked at for
its first four bytes (`OTTO`: CFF or TrueType) and replaced by the subset. For a Noto Sans CJK
face that is 16-19 MB per weight, two weights per Chinese document: some 35 MiB of a Chinese
worker's peak of memory for bytes no one reads.

Here, only for that call (`Font.__init__`'s own), the face's bytes are a read-only view of the blob HarfBuzz
already holds (mapped from the font file): `cffi`'s buffer over the blob's data, which keeps a
reference to the blob until the view is gone, so the bytes stay valid whatever happens to the
face. The subset that replaces them is real bytes, as before. Should HarfBuzz fail to subset
(never with the fonts shipped), WeasyPrint warns, and the renderer refuses every warning, so
a view is never written into a PDF.
"""

from __future__ import annotations

import sys
from typing import Any


def patches() -> list[tuple[object, str, object]]:
    """The hook, as (owner, attribute, replacement) triples around WeasyPrint 70's originals."""
    from weasyprint.pdf import fonts
    from weasyprint.text.ffi import ffi, harfbuzz

    original_data = fonts.get_hb_object_data
    # The one call that reads the whole face is made by Font.__init__ itself (whose own hook,
    # textmap's, wraps it: so the caller is told by its code, not by patching __init__ again).
    making = fonts.Font.__init__.__code__

    def face_view(hb_face: Any) -> Any:
        blob = harfbuzz.hb_face_reference_blob(hb_face)
        length = ffi.new("unsigned int *")
        data = harfbuzz.hb_blob_get_data(blob, length)
        if data == ffi.NULL or not length[0]:
            harfbuzz.hb_blob_destroy(blob)
            return None
        # The buffer keeps `owner` alive; when it goes, the blob's reference goes with it.
        owner = ffi.gc(ffi.cast("char *", data), lambda _: harfbuzz.hb_blob_destroy(blob))
        return ffi.buffer(owner, int(length[0]))

    def get_hb_object_data(hb_object: Any, ot_color: Any = None, glyph: Any = None) -> Any:
        if ot_color is None and sys._getframe(1).f_code is making:
            return face_view(hb_object)
        return original_data(hb_object, ot_color, glyph)

    return [(fonts, "get_hb_object_data", get_hb_object_data)]
