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
The same hook counts the pages as they are made and stops a layout that passes MAX_PAGES.
"""

from __future__ import annotations

OPTIONAL = "data-optional-page"
#: More pages than any edition needs: a runaway translation stops here, not at the printer,
#: and as soon as the layout passes it (a catalog of 5,000-character strings once made 446).
MAX_PAGES = 40


class PageLimit(BaseException):
    """The layout passed MAX_PAGES pages. A BaseException, so no `except Exception` inside
    WeasyPrint can swallow it; the renderer turns it into an error naming the edition."""


def patches() -> list[tuple[object, str, object]]:
    """The pagination hook, as (owner, attribute, replacement) around WeasyPrint 70's original."""
    from weasyprint import layout

    original = layout.make_all_pages

    def make_all_pages(context, root_box, html, pages):
        full = getattr(context, "leaflets_all_pages", None)
        if full is not None and len(pages) < len(full):
            pages = full  # a repagination loop: WeasyPrint's own list, optional page included
        made = []
        for page in original(context, root_box, html, pages):
            made.append(page)
            if len(made) > MAX_PAGES:
                raise PageLimit(MAX_PAGES)
        context.leaflets_all_pages = made
        if len(made) % 2 and len(made) > 1 and starts_optional(made[-1]) and not starts_optional(made[-2], True):
            return made[:-1]
        return made

    return [(layout, "make_all_pages", make_all_pages)]


def starts_optional(page, anywhere: bool = False) -> bool:
    """Whether the page begins with an optional section (or, `anywhere`, holds any of it)."""
    root = page.children[0] if page.children else None
    body = root.children[0] if root is not None and root.children else None
    if body is None:
        return False
    children = body.children if anywhere else body.children[:1]
    return any(getattr(box, "element", None) is not None and box.element.get(OPTIONAL) is not None
               for box in children)
