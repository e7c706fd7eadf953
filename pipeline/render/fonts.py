"""The vendored fonts: which families print a locale, and which characters they can draw.

`layouts/fonts/fonts.yaml` lists a family per writing system; a locale is printed in its script's
family first and Latin last (numbers, drug names and web addresses). Only those fonts are visible
to a render (fontconfig reads layouts/fonts/fonts.conf). Coverage comes from the character maps
(cmaps) of the font files, read with fontTools. A character must be in the regular face of one of
them and in the bold face of one of them, since headings and list leads are bold. Characters
HarfBuzz never draws (joiners, variation selectors, direction marks) need no glyph; the
`invisible` check judges those.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from fontTools.ttLib import TTFont, TTLibError

from ..errors import LeafletError, display_path
from ..files import read_text


@dataclass(frozen=True)
class FontFamily:
    script: str
    family: str
    regular: str
    bold: str


def load_fonts(layouts_dir: Path) -> dict[str, FontFamily]:
    """The font families of layouts/fonts/fonts.yaml, by script; the files must be there."""
    path = layouts_dir / "fonts" / "fonts.yaml"
    data = yaml.safe_load(read_text(path, layouts_dir, 100_000, "font list"))
    fonts = {}
    for script, spec in data.items():
        for weight in ("regular", "bold"):
            file = layouts_dir / "fonts" / spec[weight]
            if not file.is_file() or "/" in spec[weight]:
                raise LeafletError(f"{script}: font file '{spec[weight]}' is not in layouts/fonts/", display_path(path))
        fonts[script] = FontFamily(script, spec["family"], spec["regular"], spec["bold"])
    return fonts


def font_stack(fonts: dict[str, FontFamily], script: str, where: str = "") -> tuple[FontFamily, ...]:
    """The script's own fonts first, Latin last (numbers, drug names and web addresses)."""
    if script not in fonts:
        raise LeafletError(f"no font for the {script} script; add one to layouts/fonts/fonts.yaml "
                           "(see README, 'Adding a language')", where or None)
    return tuple(dict.fromkeys([fonts[script], fonts["Latn"]]))


@cache
def cmap(path: Path) -> frozenset[int]:
    """Every code point the font file maps to a glyph."""
    try:
        with TTFont(str(path), lazy=True, fontNumber=0) as font:
            return frozenset(font.getBestCmap() or {})
    except (OSError, TTLibError) as exc:
        raise LeafletError(f"cannot read the font's character map: {exc}", display_path(path)) from None


@cache
def advances(path: Path) -> dict[int, float]:
    """Every code point's advance width in the font file, in ems (unshaped: a measure, not a layout)."""
    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {code: metrics[glyph][0] / per_em for code, glyph in (font.getBestCmap() or {}).items()}


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
    bold_files: tuple[Path, ...] = ()  # the bold faces, in the order tried

    def width_em(self, text: str) -> float:
        """How wide `text` sets in the bold faces, in ems of the type size (each character in the
        first face that has it; unshaped, so a close estimate, not a layout)."""
        tables = [advances(path) for path in self.bold_files]
        width = 0.0
        for ch in text:
            width += next((table[ord(ch)] for table in tables if ord(ch) in table), 0.6 if needs_glyph(ch) else 0.0)
        return width

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
    return Coverage(script, files, regular, bold, tuple((folder / f.bold).resolve() for f in stack))
