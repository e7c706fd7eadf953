"""The only way a render reads anything: files under `layouts/`, and images made for it.

WeasyPrint's default URL fetcher reads any local file (`<a rel="attachment"
href="file:///etc/passwd">` would embed it in the PDF), and `allowed_protocols` does not stop
that. This fetcher serves a URL only when, with every link resolved, it is a regular file under
`layouts/` (stylesheets, fonts named by @font-face, the logo), or an image the renderer made for
the current document (its QR code, at `leaflets-generated:<name>`, which the layouts name and a
translation cannot). Anything else stops the render, naming the URL.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import LeafletError
from ..files import read_bytes

#: URLs of images the renderer makes for a document (never files, never from a translation).
GENERATED = "leaflets-generated:"
MAX_RESOURCE_BYTES = 50_000_000


class BlockedResource(BaseException):
    """Raised inside WeasyPrint for a refused URL; a BaseException so that WeasyPrint stops."""


def _fatal_base():
    from weasyprint.urls import FatalURLFetchingError
    return FatalURLFetchingError


def make_fetcher(layouts_dir: Path, served: set[Path] | None = None, generated: dict[str, bytes] | None = None):
    """A WeasyPrint URL fetcher that serves files under `layouts_dir` and refuses the rest.

    Every file served is added to `served`, so the build knows what an output depends on.
    `generated` holds the images the renderer made for the current document (name -> SVG),
    served at `leaflets-generated:<name>`; the layouts name them, translations cannot.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = layouts_dir.resolve()
    fatal = _fatal_base()

    class Blocked(fatal, BlockedResource):  # type: ignore[valid-type,misc]  # WeasyPrint's class, imported late
        pass

    class LayoutFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(GENERATED) and generated is not None and url[len(GENERATED):] in generated:
                return URLFetcherResponse(url, generated[url[len(GENERATED):]],
                                          headers={"Content-Type": "image/svg+xml"})
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
            if path is None or not path.is_relative_to(root) or not path.is_file():
                raise Blocked(f"the layout asked for '{url[:200]}', which is not a file under layouts/; "
                              "only files under layouts/ may be used")
            try:
                data = read_bytes(path, root, MAX_RESOURCE_BYTES, "layout file")
            except LeafletError as exc:
                raise Blocked(f"the layout asked for '{url[:200]}': {exc}") from None
            if served is not None:
                served.add(path)
            return URLFetcherResponse(url, data, headers={"Content-Type": _mime(path)})

    return LayoutFetcher()


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".ttf": "font/ttf",
            ".otf": "font/otf", ".jpg": "image/jpeg"}.get(path.suffix.lower(), "application/octet-stream")


