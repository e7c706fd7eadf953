"""What a screen reader needs from the file: tags, language, figure descriptions, table headers.

The rules of PDF/UA-1 (ISO 14289-1) that a reader of this project's documents meets first:
the file says it is tagged (MarkInfo /Marked true), has a structure tree and a language
(/Lang, the one the document is written in), declares PDF/UA in its XMP metadata, shows its
title; every Figure has alternative text (/Alt); every table header cell says which cells it
heads (/Scope in its /Table attributes: a reader announces "Medicine: Propranolol" only
then); no heading is empty. Findings are functional: the page prints, but reads worse.

Hand-written for the same reason as the other preflight parts: the one PDF/UA checker in
Python (the `pdfua` package, run over every output by the tests) reports a table without
/Scope only as a heuristic warning, cannot check empty headings on WeasyPrint's files (its
rule fails on a heading whose /K is an array), and knows nothing of the expected language.
"""

from __future__ import annotations

import re

import pikepdf

from . import PageFinding

CHECK = "accessibility"
_HEADING_RE = re.compile(r"^/H[1-6]?$")
MAX_DEPTH = 200  # structure trees nest a few dozen deep; deeper is a cycle or garbage


def finding(message: str, page: int | None = None) -> PageFinding:
    return PageFinding("functional", CHECK, page, message)


def check(pdf: pikepdf.Pdf, expected_lang: str | None = None) -> list[PageFinding]:
    root = pdf.Root
    out = []
    mark_info = root.get("/MarkInfo")
    if not (isinstance(mark_info, pikepdf.Dictionary) and mark_info.get("/Marked") is True):
        out.append(finding("the catalog does not say the file is tagged (/MarkInfo /Marked true); readers "
                           "will not use its tags: write it with pdf_tags=True"))
    lang = str(root.get("/Lang", "")).strip()
    if not lang:
        out.append(finding("the document has no language (/Lang); a screen reader guesses its voice: set "
                           "<html lang>"))
    elif expected_lang and lang.lower() != expected_lang.lower():
        out.append(finding(f"the document's language is {lang!r}, not {expected_lang!r}; a screen reader would "
                           f"read it with the wrong voice: set <html lang=\"{expected_lang}\">"))
    out += _metadata(pdf)
    tree = root.get("/StructTreeRoot")
    if not isinstance(tree, pikepdf.Dictionary):
        return out + [finding("the file has no structure tree: it is not tagged, so no reader can follow its "
                              "headings, lists or table; write it with pdf_tags=True")]
    return out + _Walk(pdf, tree).findings


def _metadata(pdf: pikepdf.Pdf) -> list[PageFinding]:
    out = []
    metadata = pdf.Root.get("/Metadata")
    xmp = metadata.read_bytes() if isinstance(metadata, pikepdf.Stream) else b""
    if not re.search(rb"pdfuaid:part(?:>|=[\"'])\s*1\b", xmp):
        out.append(finding("the XMP metadata does not declare PDF/UA-1 (pdfuaid:part 1), so checkers and "
                           "readers do not treat the file as accessible; declare it"))
    info = pdf.trailer.get("/Info")
    title = str(info.get("/Title", "")).strip() if isinstance(info, pikepdf.Dictionary) else ""
    preferences = pdf.Root.get("/ViewerPreferences")
    if not title or not (isinstance(preferences, pikepdf.Dictionary) and preferences.get("/DisplayDocTitle") is True):
        out.append(finding("the title is missing or not shown (/Title, /ViewerPreferences /DisplayDocTitle "
                           "true): a reader announces the file name instead"))
    return out


class _Walk:
    """One depth-first pass over the structure tree, collecting findings."""

    def __init__(self, pdf: pikepdf.Pdf, tree: pikepdf.Dictionary):
        self.pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        role_map = tree.get("/RoleMap")
        self.roles = {str(k): str(v) for k, v in role_map.items()} if isinstance(role_map, pikepdf.Dictionary) else {}
        self.findings: list[PageFinding] = []
        self.seen: set[tuple] = set()
        self.missing_scope: dict[int | None, int] = {}
        self._children(tree, None, 0)
        for page, count in self.missing_scope.items():
            self.findings.append(finding(
                f"{count} table header cell{'s' if count > 1 else ''} (TH) carr{'y' if count > 1 else 'ies'} no "
                "/Scope, so a screen reader cannot tell which cells a header names; give each <th> a scope "
                "(col or row), which the renderer writes as /A << /O /Table /Scope ... >>", page))

    def role(self, element: pikepdf.Dictionary) -> str:
        role = str(element.get("/S", ""))
        for _ in range(10):  # role maps chain to a standard type
            if role not in self.roles:
                break
            role = self.roles[role]
        return role

    def _children(self, node, page: int | None, depth: int) -> bool:
        """Visit the children of `node`; True if any of them marks content."""
        kids = node.get("/K")
        if kids is None:
            return False
        content = False
        for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int) and not isinstance(kid, bool):
                content = True  # a marked-content identifier on the element's page
            elif isinstance(kid, pikepdf.Dictionary):
                kind = kid.get("/Type")
                if kind in ("/MCR", "/OBJR"):
                    content = True
                elif depth < MAX_DEPTH:
                    content |= self._element(kid, page, depth + 1)
        return content

    def _element(self, element: pikepdf.Dictionary, page: int | None, depth: int) -> bool:
        if element.is_indirect:
            if element.objgen in self.seen:
                return False
            self.seen.add(element.objgen)
        if "/Pg" in element:
            page = self.pages.get(element.Pg.objgen, page)
        role = self.role(element)
        content = self._children(element, page, depth)
        if role == "/Figure" and not str(element.get("/Alt", "")).strip():
            self.findings.append(finding("a figure (an image or drawing) has no alternative text (/Alt); a screen "
                                         "reader skips it: give the <img> an alt text", page))
        elif role == "/TH" and not _has_scope(element):
            self.missing_scope[page] = self.missing_scope.get(page, 0) + 1
        elif _HEADING_RE.match(role) and not content:
            self.findings.append(finding(f"a heading ({role[1:]}) is empty: a screen reader lists a blank heading; "
                                         "remove the empty heading element or give it text", page))
        return content


def _has_scope(element: pikepdf.Dictionary) -> bool:
    attributes = element.get("/A")
    for attribute in (attributes if isinstance(attributes, pikepdf.Array) else [attributes]):
        if (isinstance(attribute, pikepdf.Dictionary) and attribute.get("/O") == "/Table"
                and str(attribute.get("/Scope", "")) in ("/Row", "/Column", "/Both")):
            return True
    return False
