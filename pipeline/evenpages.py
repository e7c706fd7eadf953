"""Leaflets come out with an even number of pages, laid out once.

A leaflet is printed on both sides of each sheet, so an odd page count leaves the last page
blank; a notes page ("Notes and questions for your doctor") fills it instead, and is left out
when the content already ends on an even page. Which of the two depends on the layout, so the
renderer used to lay a leaflet out twice: without the notes page, then again with it.

Now the templates always end with the notes page, marked `data-optional-page`, and this hook
into WeasyPrint's pagination drops it when keeping it would make the page count odd. It runs
after the pages are made and before the margin boxes are, so "page 3 of 6" counts the pages
that are printed. One layout either way; the pages before the notes page are the same as
without it (it begins with a forced page break).

WeasyPrint 70 internals: `weasyprint.layout.layout_document` calls `make_all_pages`, takes
the page count from its result, and then makes each page's margin boxes. On a repagination
loop it passes the pages back in; the hook hands WeasyPrint its own full list again there.
"""

from __future__ import annotations

from .tools import require_weasyprint_internals

OPTIONAL = "data-optional-page"

_installed = False


def install() -> None:
    """Install the hook (idempotent); refuses a WeasyPrint other than 70, like textmap."""
    global _installed
    if _installed:
        return
    from weasyprint import layout

    require_weasyprint_internals("evenpages.py")
    original = layout.make_all_pages

    def make_all_pages(context, root_box, html, pages):
        full = getattr(context, "leaflets_all_pages", None)
        if full is not None and len(pages) < len(full):
            pages = full  # a repagination loop: WeasyPrint's own list, optional page included
        made = list(original(context, root_box, html, pages))
        context.leaflets_all_pages = made
        if len(made) % 2 and len(made) > 1 and starts_optional(made[-1]) and not starts_optional(made[-2], True):
            return made[:-1]
        return made

    layout.make_all_pages = make_all_pages
    _installed = True


def starts_optional(page, anywhere: bool = False) -> bool:
    """Whether the page begins with an optional section (or, `anywhere`, holds any of it)."""
    root = page.children[0] if page.children else None
    body = root.children[0] if root is not None and root.children else None
    if body is None:
        return False
    children = body.children if anywhere else body.children[:1]
    return any(getattr(box, "element", None) is not None and box.element.get(OPTIONAL) is not None
               for box in children)
