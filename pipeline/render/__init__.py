"""Stage 4, rendering: a localized document into PDF, through Jinja and WeasyPrint.

In: a `LocalizedDocument`, the clinic's branding, an `Edition` (a layout with options: paper,
large print, print shop, bilingual), and the files under `layouts/`.
Out: a `RenderResult`: the PDF's bytes, its page count and paper, the poster's fitted sizes,
and every layout file the render read (so the build knows what an output depends on).
The only reach into WeasyPrint's internals is the `weasy` subpackage, applied per render.
"""
