"""Where the web edition's pages live: files under `output/site/` and their public addresses.

Everything is derived from `leaflet_url` in `sources/clinic.yaml`, the address every printed QR
code opens, so copying `output/site/` to the web root of that host makes every code work:

- a language's page: the pattern with its fields filled in. An address whose last segment ends
  in `.html` is that file; any other is a folder holding `index.html` (its public address then
  ends in `/`, where web servers redirect the address without it). Its files (style sheet,
  fonts, logo, PDFs) sit in that folder, or, for an `.html` page, in a folder of the same name.
- the document's language index: the same pattern with the language field (and one separator
  next to it) taken out: `/leaflets/{locale}/muscle-twitching` gives `/leaflets/muscle-twitching/`,
  `/leaflets/muscle-twitching-{lang}.html` gives `/leaflets/muscle-twitching.html`.

Addresses are checked here once more, since a path becomes a file: no `.` or `..` segment, no
empty one; two pages that would land on one file are refused, naming the clinic file.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from ...errors import LeafletError
from ...model.clinic import Clinic

INDEX = "index.html"
#: A language field with one separator next to it (the one before it when there is one).
_LANGUAGE_FIELD_RE = re.compile(r"[-_.]\{(?:locale|lang)\}|\{(?:locale|lang)\}[-_.]?")


@dataclass(frozen=True)
class Address:
    """One page of the site: its public address and where its files go under output/site/."""

    url: str  # absolute, as the canonical link and the sitemap name it
    path: str  # the HTML file, relative to output/site/ (posix), e.g. leaflets/hi/muscle-twitching/index.html
    assets: str  # the folder of its own files (style sheet, fonts, logo, PDFs), relative to output/site/

    def asset(self, name: str) -> str:
        return posixpath.join(self.assets, name)


def origin(clinic: Clinic) -> str:
    """The scheme and host the site is published at, e.g. https://riverside-health.example."""
    return _origin_and_path(clinic)[0]


def _origin_and_path(clinic: Clinic) -> tuple[str, str]:
    parts = urlsplit(clinic.leaflet_url)
    return f"{parts.scheme}://{parts.netloc}", parts.path


def _address(clinic: Clinic, path: str) -> Address:
    """The page at URL path `path` (fields already filled in)."""
    origin, _ = _origin_and_path(clinic)
    segments = [s for s in path.split("/")]
    inner = segments[1:-1] if path.endswith("/") else segments[1:]
    if any(s in ("", ".", "..") for s in inner):
        raise LeafletError(f"leaflet_url: the address path '{path}' has an empty, '.' or '..' segment; it must "
                           "name a folder or an .html file inside the site", clinic.path or None)
    if path.lower().endswith((".html", ".htm")):
        return Address(origin + path, path.lstrip("/"), path.lstrip("/").rsplit(".", 1)[0])
    folder = path.strip("/")
    url = origin + (path if path.endswith("/") else path + "/")
    return Address(url, posixpath.join(folder, INDEX) if folder else INDEX, folder)


def page_address(clinic: Clinic, locale: str, lang_tag: str, document: str) -> Address:
    """The page a printed QR code opens: `leaflet_url` for this document in this language."""
    _, pattern = _origin_and_path(clinic)
    filled = pattern.replace("{locale}", locale).replace("{lang}", lang_tag).replace("{document}", document)
    return _address(clinic, filled or "/")


def index_address(clinic: Clinic, document: str) -> Address:
    """The document's language index (the x-default page): the pattern without its language."""
    _, pattern = _origin_and_path(clinic)
    segments = pattern.split("/")
    last = len(segments) - 1
    for i, segment in enumerate(segments):
        if "{locale}" not in segment and "{lang}" not in segment:
            continue
        is_file = i == last and segment.lower().endswith((".html", ".htm"))
        stem, extension = (segment.rsplit(".", 1)[0], "." + segment.rsplit(".", 1)[1]) if is_file else (segment, "")
        stem = _LANGUAGE_FIELD_RE.sub("", stem)
        # "/{locale}/x" loses the segment; "/x/{locale}.html" becomes the folder's own page.
        segments[i] = stem + extension if stem else ""
    path = "/" + "/".join(s for s in segments[:-1] if s)
    path = path.rstrip("/") + "/" + segments[-1]
    return _address(clinic, path.replace("{document}", document))


def href(source: str, target: str) -> str:
    """A relative link from the page file `source` to the file `target` (both under output/site/);
    a folder's index.html is linked as the folder, as its public address names it."""
    start = posixpath.dirname(source) or "."
    if posixpath.basename(target) == INDEX:
        folder = posixpath.dirname(target) or "."
        relative = posixpath.relpath(folder, start)
        return "./" if relative == "." else relative + "/"
    return posixpath.relpath(target, start)


def site_path(clinic: Clinic, url: str) -> str | None:
    """The file under output/site/ an absolute address of the clinic's host names, or None when
    it is on another host (what the checker uses to judge canonical and alternate links)."""
    origin, _ = _origin_and_path(clinic)
    if not url.startswith(origin + "/"):
        return None
    path = urlsplit(url).path
    if path.endswith("/"):
        return posixpath.join(path.strip("/"), INDEX) if path.strip("/") else INDEX
    return path.lstrip("/")
