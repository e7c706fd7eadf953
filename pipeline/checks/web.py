"""The web edition, checked as a link checker and an accessibility reviewer would, before it is written.

In: every file of the site as bytes (path under output/site/ -> bytes) and the public origin
its canonical links name. Out: `Finding`s, each naming the file and line. What it checks:

- `web-links`: every link, image, style sheet, font and icon resolves to a file of the site
  (a folder's address to its index.html, a fragment to an element with that id); a page never
  names another site, and names its own only in its canonical and alternate links and in the
  sitemap, which must lead to a page of the site. `tel:` links dial the clinic.
- `web-alt`: every image has alternative text.
- `web-markup`: nothing that runs or embeds (script, frames, objects, forms, event handlers,
  `javascript:`), no inline style (the pages' policy would block it), no @import.
- `web-structure`: each page has its language and direction, a title, one h1, and every table
  header cell its scope.

A page that failed any of these was written by the pipeline, not by a translator (every
translation is escaped), so each is a bug to fix in layouts/web/ or pipeline/publish/web/.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from html.parser import HTMLParser
from urllib.parse import unquote, urljoin, urlsplit

from . import Finding, register

register("web-links", "critical", "web", "a link or resource of the web edition that does not resolve inside output/site/")(None)
register("web-alt", "critical", "web", "an image of the web edition without alternative text")(None)
register("web-markup", "critical", "web", "script, frames, objects, forms, event handlers or inline style in a web page")(None)
register("web-structure", "functional", "web",
         "a web page without language, direction, title or one h1, or a table header cell without scope")(None)

#: Elements that run code or embed another document: never in a page of the web edition.
FORBIDDEN = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "base",
                       "noscript", "template", "portal", "svg"})
#: In an SVG file: what would run or load when the image is opened on its own.
SVG_ACTIVE_RE = re.compile(r"<script|<foreignObject|\son[a-z]+\s*=|(?:xlink:)?href\s*=\s*[\"'](?!#)|url\((?!\s*['\"]?#)",
                           re.I)
#: Attributes that name a resource or a link, by element.
URL_ATTRIBUTES = {"a": ("href",), "link": ("href",), "img": ("src", "srcset"), "source": ("src", "srcset"),
                  "audio": ("src",), "video": ("src", "poster"), "track": ("src",), "area": ("href",),
                  "input": ("src",), "blockquote": ("cite",), "q": ("cite",)}
#: <link rel> values that name the page's own public addresses (absolute by their nature).
ADDRESS_RELS = frozenset({"canonical", "alternate"})
CSS_URL_RE = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.I)
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def _target(url: str, source: str, origin: str, files: Mapping[str, bytes]) -> tuple[str | None, str]:
    """The site file `url` (in the file `source`) leads to, and its fragment; None when it
    leaves the site or names no file of it."""
    absolute = urljoin(f"{origin}/{source}", url)
    parts = urlsplit(absolute)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return None, ""
    path = posixpath.normpath(unquote(parts.path)).lstrip("/") if parts.path not in ("", "/") else ""
    if parts.path.endswith("/") or path in ("", "."):
        path = posixpath.join(path, "index.html") if path not in ("", ".") else "index.html"
    return (path if path in files else None), parts.fragment


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[tuple[int, str, str, str, str]] = []  # (line, tag, attribute, value, rel)
        self.problems: list[tuple[int, str, str]] = []  # (line, check, message)
        self.html_attrs: dict[str, str | None] = {}
        self.h1 = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = dict(attrs)
        if tag == "html":
            self.html_attrs = values
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag in FORBIDDEN:
            self.problems.append((line, "web-markup", f"<{tag}> has no place in a web page of the leaflet"))
        for name, _value in attrs:
            if name.startswith("on"):
                self.problems.append((line, "web-markup", f"<{tag} {name}=...>: an event handler (script)"))
            elif name == "style":
                self.problems.append((line, "web-markup", f"<{tag} style=...>: inline style, which the page's "
                                                          "Content-Security-Policy blocks; put it in site.css"))
        for name in URL_ATTRIBUTES.get(tag, ()):
            value = values.get(name)
            if value is None:
                continue
            if name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.references.append((line, tag, name, candidate.split()[0], ""))
            else:
                self.references.append((line, tag, name, value, str(values.get("rel") or "")))
        if tag == "img" and not (values.get("alt") or "").strip():
            self.problems.append((line, "web-alt", f"<img src=\"{values.get('src', '')}\"> has no alternative text"))
        if tag == "th" and values.get("scope") not in ("col", "row", "colgroup", "rowgroup"):
            self.problems.append((line, "web-structure", "a table header cell <th> without scope=\"col\" or \"row\""))
        if tag == "h1":
            self.h1 += 1
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def check_page(path: str, html: str, origin: str, files: Mapping[str, bytes], shown: str) -> list[Finding]:
    """The findings of one HTML file of the site (`path` under it, shown as `shown`)."""
    page = _Page()
    page.feed(html)
    page.close()
    findings = [Finding(_severity(check), check, message, shown, line) for line, check, message in page.problems]
    for attribute in ("lang", "dir"):
        if not page.html_attrs.get(attribute):
            findings.append(Finding("functional", "web-structure", f"<html> has no {attribute} attribute", shown, 1))
    if not page.title.strip():
        findings.append(Finding("functional", "web-structure", "the page has no <title>", shown, 1))
    if page.h1 != 1:
        findings.append(Finding("functional", "web-structure", f"the page has {page.h1} <h1> headings; it needs one",
                                shown, 1))
    for line, tag, attribute, value, rel in page.references:
        rels = set(rel.lower().split())
        where = f"<{tag} {attribute}=\"{value[:120]}\">"
        if tag == "a" and value.startswith("tel:"):
            if not re.fullmatch(r"tel:\+?[0-9]{3,20}", value):
                findings.append(Finding("critical", "web-links", f"{where}: not a telephone number", shown, line))
            continue
        scheme = urlsplit(value).scheme
        if scheme and not (tag == "link" and rels & ADDRESS_RELS):
            findings.append(Finding("critical", "web-links", f"{where}: an absolute address; the site's links are "
                                    "relative, so the folder works wherever it is copied", shown, line))
            continue
        if tag == "link" and rels & ADDRESS_RELS and not scheme:
            findings.append(Finding("critical", "web-links", f"{where}: a canonical or alternate address must be "
                                    "absolute (search engines read it as the page's public address)", shown, line))
            continue
        target, fragment = _target(value, path, origin, files)
        if target is None:
            findings.append(Finding("critical", "web-links", f"{where}: leads to no file of the site", shown, line))
        elif fragment and target == path and fragment not in page.ids:
            findings.append(Finding("critical", "web-links", f"{where}: no element has the id '{fragment}'", shown, line))
    return findings


def check_css(path: str, css: str, origin: str, files: Mapping[str, bytes], shown: str) -> list[Finding]:
    findings = []
    for match in re.finditer(r"@import", css, re.I):
        line = css.count("\n", 0, match.start()) + 1
        findings.append(Finding("critical", "web-markup", "@import in a style sheet", shown, line))
    for match in CSS_URL_RE.finditer(css):
        value = next(v for v in match.groups() if v is not None)
        line = css.count("\n", 0, match.start()) + 1
        if urlsplit(value).scheme:
            findings.append(Finding("critical", "web-links", f"url({value[:120]}): an absolute address in a style sheet",
                                    shown, line))
        elif _target(value, path, origin, files)[0] is None:
            findings.append(Finding("critical", "web-links", f"url({value[:120]}): leads to no file of the site",
                                    shown, line))
    return sorted(findings, key=lambda f: f.line or 0)


def check_sitemap(path: str, data: bytes, origin: str, files: Mapping[str, bytes], shown: str) -> list[Finding]:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return [Finding("critical", "web-links", f"the sitemap is not XML: {exc}", shown)]
    findings = []
    addresses = [loc.text or "" for loc in root.iterfind("s:url/s:loc", SITEMAP_NS)]
    addresses += [link.get("href", "") for link in root.iterfind("s:url/x:link", SITEMAP_NS)]
    for address in addresses:
        if not address.startswith(origin + "/") or _target(address, path, origin, files)[0] is None:
            findings.append(Finding("critical", "web-links", f"{address[:160]}: names no page of the site", shown))
    return findings


def check_svg(data: bytes, shown: str) -> list[Finding]:
    """An SVG image (the clinic's logo) that would run a script or load anything when opened on
    its own, at the clinic's address, as an image's own address can be."""
    text = data.decode("utf-8", errors="replace")
    return [Finding("critical", "web-markup", f"the SVG holds '{match[0][:40]}': an image of the site must not run "
                    "or load anything", shown, text.count("\n", 0, match.start()) + 1)
            for match in SVG_ACTIVE_RE.finditer(text)]


def check_site(files: Mapping[str, bytes], origin: str, shown_folder: str) -> list[Finding]:
    """Every finding of the site's files (path under the site -> bytes); `origin` is the public
    https://host the site is published at, `shown_folder` how to name the folder in messages."""
    findings: list[Finding] = []
    for path in sorted(files):
        shown = f"{shown_folder}/{path}"
        if path.endswith(".html"):
            findings += check_page(path, files[path].decode("utf-8"), origin, files, shown)
        elif path.endswith(".css"):
            findings += check_css(path, files[path].decode("utf-8"), origin, files, shown)
        elif path.endswith(".svg"):
            findings += check_svg(files[path], shown)
        elif path.endswith("sitemap.xml"):
            findings += check_sitemap(path, files[path], origin, files, shown)
    return findings


def _severity(check: str) -> str:
    return "functional" if check == "web-structure" else "critical"
