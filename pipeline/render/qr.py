"""QR codes that open the clinic's page for a leaflet's language, drawn as SVG in memory.

The address comes from the clinic file (validated there: https, a host and a path of safe
characters), never from a translation. segno draws it; the SVG is served to WeasyPrint by
the renderer's fetcher from memory (see pipeline/render/fetcher.py), so no file is written and no
translation can name it.
"""

from __future__ import annotations

import io
import re
from functools import lru_cache

import segno

from ..errors import LeafletError

#: The only characters a QR address may hold (checked again here: the SVG goes into a PDF).
SAFE_URL_RE = re.compile(r"https://[A-Za-z0-9.-]+(?::\d+)?(?:/[A-Za-z0-9._~/-]*)?")


@lru_cache(maxsize=64)  # a poster is laid out several times while its type size is fitted
def qr_svg(url: str, colour: str = "#000000") -> bytes:
    """A QR code for `url` as a standalone SVG document, 1 unit per module, 4-module quiet zone.

    Error correction M (15 %) survives a crease or a smudge on a waiting-room poster.
    """
    if not SAFE_URL_RE.fullmatch(url):
        raise LeafletError(f"'{url[:80]}' cannot go into a QR code: only https:// addresses of letters, "
                           "digits and . _ ~ / - are allowed (see leaflet_url in sources/clinic.yaml)")
    code = segno.make(url, error="m", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", xmldecl=False, svgns=True, nl=False, border=4, dark=colour,
              svgclass=None, lineclass=None)
    return out.getvalue()
