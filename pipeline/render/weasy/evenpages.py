"""Leaflets come out with an even number of pages, laid out once.

A leaflet is printed on both sides of each sheet and ends with its back page (notes for the
doctor above the contact panel). When the text ends on an odd page, the back page is the back
of the last sheet; when it ends on an even page, a page of notes must come between the two, or
the back page would stand alone on a new sheet with a blank back. Which of the two depends on
the layout, so the renderer used to lay a leaflet out twice.

Now the templates always hold that page of notes just before the back page, marked
`data-optional-page` and starting and ending with a forced page break, and this hook into
WeasyPrint's pagination drops it when keeping it would make the page count odd. It runs after
the pages are made and before the margin boxes are, so "page 3 of 6" counts the pages that are
printed (the margin boxes of page n take the page state WeasyPrint recorded for its n-th page,
and the page numbers run on regardless of which page was taken out). One layout either way; the
other pages are the same as without it.

WeasyPrint 70 internals: `weasyprint.layout.layout_document` calls `make_all_pages`, takes
the page count from its result, and then makes each page's margin boxes. On a repagination
loop it passes the pages back in; the hook hands WeasyPrint its own full list again there.
The same hook counts the pages as they are made and stops a layout that passes MAX_PAGES.
"""

from __future__ import annotations

OPTIONAL = "data-optional-page"
BACK_PAGE = "data-back-page"  # the back page, which must stand on one page of its own
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
        return without_optional_page(made) if len(made) % 2 else made

    return [(layout, "make_all_pages", make_all_pages)]


def without_optional_page(pages: list) -> list:
    """The pages without the optional one: a page (not the first) that the optional section
    starts and fills alone, neither the page before nor the page after holding any of it."""
    for index, page in enumerate(pages[1:], 1):
        if starts_optional(page):
            alone = not starts_optional(pages[index - 1], True) and (
                index + 1 == len(pages) or not starts_optional(pages[index + 1], True))
            return pages[:index] + pages[index + 1:] if alone else pages
    return pages


def starts_optional(page, anywhere: bool = False, attribute: str = OPTIONAL) -> bool:
    """Whether the page begins with an optional section (or, `anywhere`, holds any of it);
    with `attribute`, an element marked with that attribute instead."""
    root = page.children[0] if page.children else None
    body = root.children[0] if root is not None and root.children else None
    if body is None:
        return False
    children = body.children if anywhere else body.children[:1]
    return any(getattr(box, "element", None) is not None and box.element.get(attribute) is not None
               for box in children)
