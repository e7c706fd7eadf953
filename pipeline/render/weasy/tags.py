"""Tagged PDF: every element whose HTML has its own `lang` carries /Lang in the tag tree.

An English column or an untranslated string shown in English is tagged with its language, so
a screen reader switches voice; WeasyPrint 70 writes the document's language only.
"""

from __future__ import annotations


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
        for struct in original(box, parent, pdf, *args):
            if lang and "Lang" not in struct:
                struct["Lang"] = pydyf.String(lang)
            yield struct

    return [(tags, "_build_box_tree", build_box_tree)]
