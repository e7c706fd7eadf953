"""Leaflets come out with an even number of pages, laid out once.

A leaflet is printed on both sides of each sheet and ends with its back page (notes for the
doctor above the contact panel). When the text ends on an odd page, the back page is the back
of the last sheet; when it ends on an even page, a page of notes must come between the two, or
the back page would stand alone on a new sheet with a blank back. The notes are headed once:
the page of notes carries the heading and its ruled lines, and the back page after it carries
on with the lines, unheaded, down to the contact panel ("Notes and questions for your doctor"
on two pages in a row read as a printing mistake). Which of the two endings depends on the
layout, so the renderer used to lay a leaflet out twice.

Now the templates hold both endings, one after the other, each page starting with a forced
page break: the page of notes (`data-optional-page`) and the unheaded back page
(`data-back-page="continued"`), then the headed back page (`data-back-page="whole"`). This hook
into WeasyPrint's pagination keeps the first two where the text ends on an even page and the
last one where it ends on an odd page, and drops the other ending's pages. It runs after the
pages are made and before the margin boxes are, so "page 3 of 6" counts the pages that are
printed (the margin boxes of page n take the page state WeasyPrint recorded for its n-th page,
and the page numbers run on regardless of which pages were taken out). One layout either way;
the text's pages are the same as without it. A template without the headed back page (a
document with one ending) is left as laid out, as before: its optional page is dropped alone
when keeping it would make the count odd.

WeasyPrint 70 internals: `weasyprint.layout.layout_document` calls `make_all_pages`, takes
the page count from its result, and then makes each page's margin boxes. On a repagination
loop it passes the pages back in; the hook hands WeasyPrint its own full list again there.
The same hook counts the pages as they are made and stops a layout that passes MAX_PAGES.
"""

from __future__ import annotations

OPTIONAL = "data-optional-page"
BACK_PAGE = "data-back-page"  # the back page, which must stand on one page of its own
#: BACK_PAGE's values: the back page after a page of notes (no heading of its own), and the
#: back page alone (headed).
CONTINUED, WHOLE = "continued", "whole"
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
            pages = full  # a repagination loop: WeasyPrint's own list, every ending included
        made = []
        for page in original(context, root_box, html, pages):
            made.append(page)
            if len(made) > MAX_PAGES:
                raise PageLimit(MAX_PAGES)
        context.leaflets_all_pages = made
        return one_ending(made)

    return [(layout, "make_all_pages", make_all_pages)]


def one_ending(pages: list) -> list:
    """The pages with one ending: the text's pages, then the page of notes and the unheaded
    back page where the text ends on an even page, the headed back page where it ends on an
    odd one. Each ending's pages are the pages its sections start and fill alone (their
    forced breaks see to it); a template with the headed back page only is left as it is."""
    padded = [index for index, page in enumerate(pages)
              if only(page, {(OPTIONAL, None), (BACK_PAGE, CONTINUED)})]
    single = [index for index, page in enumerate(pages) if only(page, {(BACK_PAGE, WHOLE)})]
    if not padded or not single:
        return pages if len(pages) % 2 == 0 else without_optional_page(pages)
    text = min(padded + single)  # the text's pages come before either ending
    drop = set(single) if text % 2 == 0 else set(padded)
    return [page for index, page in enumerate(pages) if index not in drop]


def without_optional_page(pages: list) -> list:
    """The pages without the optional one: a page (not the first) that the optional section
    starts and fills alone, neither the page before nor the page after holding any of it."""
    for index, page in enumerate(pages[1:], 1):
        if starts_optional(page):
            alone = not starts_optional(pages[index - 1], True) and (
                index + 1 == len(pages) or not starts_optional(pages[index + 1], True))
            return pages[:index] + pages[index + 1:] if alone else pages
    return pages


def _body_children(page) -> list:
    root = page.children[0] if page.children else None
    body = root.children[0] if root is not None and root.children else None
    return list(body.children) if body is not None else []


def starts_optional(page, anywhere: bool = False, attribute: str = OPTIONAL) -> bool:
    """Whether the page begins with an optional section (or, `anywhere`, holds any of it);
    with `attribute`, an element marked with that attribute instead."""
    children = _body_children(page)
    children = children if anywhere else children[:1]
    return any(getattr(box, "element", None) is not None and box.element.get(attribute) is not None
               for box in children)


def only(page, marks: set[tuple[str, str | None]]) -> bool:
    """Whether everything on the page (its body's boxes) is an element with one of `marks`,
    (attribute, value) pairs (value None: any value), and something is."""
    def marked(box) -> bool:
        element = getattr(box, "element", None)
        return element is not None and any(
            element.get(attribute) is not None and value in (None, element.get(attribute))
            for attribute, value in marks)
    children = _body_children(page)
    return bool(children) and all(marked(box) for box in children)
