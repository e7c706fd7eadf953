"""Glyph coverage: can the fonts a locale is printed with draw every character of a translation?

The answer comes from the character maps (cmaps) of the vendored font files, read with
fontTools, for the fonts `render.font_stack` gives the locale's script: its own family first,
Latin last. A character must be in the regular face of one of them and in the bold face of one
of them, since headings and list leads are bold. Characters HarfBuzz never draws (joiners,
variation selectors, direction marks) need no glyph; the `invisible` check judges those.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont, TTLibError

from .errors import LeafletError, display_path
from .render import FontFamily, font_stack, load_fonts


@lru_cache(maxsize=None)
def cmap(path: Path) -> frozenset[int]:
    """Every code point the font file maps to a glyph."""
    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError) as exc:
        raise LeafletError(f"cannot read the font's character map: {exc}", display_path(path)) from None


def needs_glyph(ch: str) -> bool:
    """False for characters shaping consumes without drawing them (Unicode default-ignorables)."""
    code = ord(ch)
    return not (unicodedata.category(ch) in ("Cc", "Cf", "Cs")  # controls, format characters, surrogates
                or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x034F)


@dataclass(frozen=True)
class Coverage:
    """The fonts of one script, ready to answer which characters they cannot draw."""

    script: str
    files: tuple[Path, ...]  # regular and bold of each family, in the order tried
    regular: frozenset[int]
    bold: frozenset[int]

    def missing(self, text: str) -> list[str]:
        """Characters of `text` (each once, in order) that some weight cannot draw."""
        seen = dict.fromkeys(ch for ch in text if needs_glyph(ch))
        return [ch for ch in seen if ord(ch) not in self.regular or ord(ch) not in self.bold]

    def describe(self, ch: str) -> str:
        where = [w for w, faces in (("regular", self.regular), ("bold", self.bold)) if ord(ch) not in faces]
        return (f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}) is not in the "
                f"{' or '.join(where)} fonts for {self.script} script "
                f"(tried {', '.join(p.name for p in self.files)}); the printed text would show a box. "
                "Use another character, or add a font that has it to layouts/fonts/fonts.yaml")


def coverage(layouts_dir: Path, script: str, where: str = "") -> Coverage:
    """The coverage of the fonts a locale of `script` is rendered with."""
    fonts: dict[str, FontFamily] = load_fonts(layouts_dir)
    stack = font_stack(fonts, script, where)
    folder = layouts_dir / "fonts"
    regular = frozenset().union(*(cmap((folder / f.regular).resolve()) for f in stack))
    bold = frozenset().union(*(cmap((folder / f.bold).resolve()) for f in stack))
    files = tuple(folder / name for f in stack for name in (f.regular, f.bold))
    return Coverage(script, files, regular, bold)
