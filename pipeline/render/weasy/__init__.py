"""The only place the pipeline reaches into WeasyPrint's internals, behind one version guard.

WeasyPrint 70 offers no hook for six things a patient leaflet needs, so they are patched in
here, for the duration of one render and no longer (`with hooks(): ...`):

- `textmap`: copy, search and screen readers get the words written, in every script;
- `evenpages`: a leaflet ends with a page of notes and an unheaded back page, or with the
  headed back page alone, whichever evens the page count, and a layout stops as soon as it
  passes the page limit;
- `tags`: tagged elements carry their own language and table headers their scope;
- `keepend`: a display text's last word alone on its last line is joined to the word before
  while its paragraph is laid out, not by a second layout of the whole document;
- `facedata`: a face's bytes are read where HarfBuzz holds them, not copied whole before the
  subset replaces them (35 MiB of a Chinese worker's peak);
- `leading`: a line holding a word another font draws (Latin in Tamil, Hindi, Arabic) is as tall
  as its neighbours, its baseline where its own font's strut puts it, as browsers set it.

Outside `hooks()` WeasyPrint is untouched, so what the benchmark calls bare WeasyPrint is bare.
Each module's `patches()` returns (owner, attribute, replacement) triples built around the
original, once; `hooks()` applies them on entry and puts the originals back on exit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

#: The WeasyPrint release whose internals these hooks were written and checked against.
WEASYPRINT_SERIES = "70."

_patches: list[tuple[Any, str, Any]] | None = None
_depth = 0


class UnsupportedWeasyPrint(RuntimeError):
    """The installed WeasyPrint is not the one the hooks were checked against."""


def require_version() -> None:
    import weasyprint

    if not weasyprint.__version__.startswith(WEASYPRINT_SERIES):
        raise UnsupportedWeasyPrint(
            f"pipeline/render/weasy hooks into WeasyPrint {WEASYPRINT_SERIES}x internals; found "
            f"{weasyprint.__version__}. pyproject.toml pins {WEASYPRINT_SERIES}x: reinstall with `make setup`, or "
            "check the hooks against the new release, then update WEASYPRINT_SERIES")


def _all_patches() -> list[tuple[Any, str, Any]]:
    global _patches
    if _patches is None:
        require_version()
        from . import evenpages, facedata, keepend, leading, tags, textmap

        _patches = [*textmap.patches(), *evenpages.patches(), *tags.patches(), *facedata.patches(),
                    *keepend.patches(), *leading.patches()]
    return _patches


@contextmanager
def hooks() -> Iterator[None]:
    """WeasyPrint with the pipeline's hooks, for the `with` block (re-entrant)."""
    global _depth
    patches = _all_patches()
    saved = []
    if _depth == 0:
        for owner, name, replacement in patches:
            saved.append((owner, name, getattr(owner, name)))
            setattr(owner, name, replacement)
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)
