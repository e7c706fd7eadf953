"""Tagged PDF: elements carry their own language, table header cells their scope.

An English column or an untranslated string shown in English is tagged with its language, so
a screen reader switches voice; WeasyPrint 70 writes the document's language only. Every header
cell (`<th scope="col|row">`) carries its /Scope in its table attributes, so a reader can say
which cells a header names; WeasyPrint 70 writes none.
"""

from __future__ import annotations

#: HTML's <th scope> -> the Scope of PDF's table attributes (ISO 32000-1, table 349).
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def patches() -> list[tuple[object, str, object]]:
    """The tag-tree hook, as (owner, attribute, replacement) around WeasyPrint 70's original."""
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build_box_tree(box, parent, pdf, *args):
        element = getattr(box, "element", None)
        lang = element.get("lang") if element is not None and element.tag != "html" else None
        if lang and lang == getattr(pdf.catalog.get("Lang"), "string", None):
            lang = None  # the document's own language is on the catalog already
        scope = SCOPES.get((element.get("scope") or "").lower()) if element is not None else None
        for struct in original(box, parent, pdf, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            # Only the cell's own element: the anonymous boxes inside it share its HTML
            # element but are tagged NonStruct.
            if scope and struct.get("S") == "/TH" and isinstance(struct.get("A"), pydyf.Dictionary):
                struct["A"]["Scope"] = scope
            yield struct

    return [(tags, "_build_box_tree", build_box_tree)]
