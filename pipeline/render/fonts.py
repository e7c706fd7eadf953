"""The fonts: which families print a locale, chosen by what they draw, and which characters they can draw.

`layouts/fonts/fonts.yaml` lists the font families in the order they are tried, with no table of
languages or scripts: a locale is printed in the first family that draws every letter of its
language (CLDR's exemplar characters, pipeline/i18n/exemplars.py) in both its regular and its
bold face, or, when no single family does, in the families that together do, in their order.
The source language's font (Noto Sans) comes last in every list, for numbers, drug names and web
addresses. So a new language needs no entry anywhere when a shipped font draws its letters, and a
language no font draws is refused, naming the letters missing and the kind of font to add.

Coverage cannot tell apart fonts that draw the same characters differently: the Simplified and
Traditional Chinese, Japanese and Korean faces of Noto Sans CJK have identical character maps,
and Noto Nastaliq Urdu draws every letter Noto Naskh Arabic draws. For those, a family names the
locales, languages or scripts (ISO 15924) that `prefer` it; preferred families are tried first.
A family that sets a typographic variant of a script says so (`script: Aran`, Nastaliq), so the
variant's settings (pipeline/i18n/scripts.yaml: line heights, headline letter) apply to it.

Only these fonts are visible to a render (fontconfig reads layouts/fonts/fonts.conf). Coverage
comes from the character maps (cmaps) of the font files, read with fontTools. Characters
HarfBuzz never draws (joiners, variation selectors, direction marks) need no glyph; the
`invisible` check judges those.
"""

from __future__ import annotations

import sys
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from fontTools import unicodedata as font_unicodedata
from fontTools.ttLib import TTFont, TTLibError

from ..errors import LeafletError, display_path
from ..files import read_text
from ..i18n.exemplars import exemplars
from ..i18n.locales import locale_info
from ..project import SOURCE_LOCALE

SCRIPT_CODE_LENGTH = 4  # ISO 15924 codes (Hans, Aran) in `prefer` lists, beside locale ids (ur, zh_Hant)


@dataclass(frozen=True)
class Extracted:
    """Where set-up takes a face from (pipeline/render/fontsetup.py): face `index` of a font
    collection installed by a Debian package, both pinned by sha256."""

    collection: Path
    collection_sha256: str
    package: str
    index: int
    family: str
    sha256: str


@dataclass(frozen=True)
class FontFamily:
    family: str
    regular: str  # file name under layouts/fonts/
    bold: str
    prefer: tuple[str, ...] = ()  # locales, languages or scripts that take this family first
    script: str | None = None  # the ISO 15924 variant it sets, where that is not the language's script
    extract_regular: Extracted | None = None  # made at set-up, not in the repository
    extract_bold: Extracted | None = None

    def files(self, folder: Path) -> tuple[Path, Path]:
        return folder / self.regular, folder / self.bold


@dataclass(frozen=True)
class Fonts:
    """fonts.yaml: the families in the order they are tried, and the folder they are in."""

    folder: Path
    families: tuple[FontFamily, ...]


def _extracted(spec: dict, weight: str, collections: dict, family: str, where: str) -> Extracted | None:
    if "extract" not in spec:
        return None
    extract = spec["extract"]
    name, sha = extract[weight]
    if name not in collections:
        raise LeafletError(f"{family}: collection '{name}' is not listed under collections:", where)
    source = collections[name]
    return Extracted(Path(source["path"]), source["sha256"], source["package"], int(extract["face"]), family, sha)


def load_fonts(layouts_dir: Path) -> Fonts:
    """The font families of layouts/fonts/fonts.yaml, in order (files are checked when used);
    read again only when the file changes."""
    path = layouts_dir / "fonts" / "fonts.yaml"
    try:
        stat = path.stat()
    except OSError:
        raise LeafletError("the font list is missing", display_path(path)) from None
    return _load_fonts(layouts_dir, stat.st_mtime_ns, stat.st_size)


@cache
def _load_fonts(layouts_dir: Path, mtime_ns: int, size: int) -> Fonts:
    path = layouts_dir / "fonts" / "fonts.yaml"
    where = display_path(path)
    data = yaml.safe_load(read_text(path, layouts_dir, 100_000, "font list"))
    collections = data.get("collections") or {}
    families = []
    for spec in data["fonts"]:
        family = spec["family"]
        for weight in ("regular", "bold"):
            name = spec[weight]
            if Path(name).is_absolute() or ".." in Path(name).parts:
                raise LeafletError(f"{family}: font file '{name}' is not in layouts/fonts/", where)
        families.append(FontFamily(family, spec["regular"], spec["bold"], tuple(spec.get("prefer") or ()),
                                   spec.get("script"), _extracted(spec, "regular", collections, family, where),
                                   _extracted(spec, "bold", collections, family, where)))
    return Fonts(layouts_dir / "fonts", tuple(families))


def missing_file_error(fonts: Fonts, family: FontFamily, file: Path) -> LeafletError:
    if family.extract_regular is not None:
        how = ("set-up takes it out of a font collection: run `make` (or `.venv/bin/leaflets fonts`); "
               f"it needs the Debian package {family.extract_regular.package.split()[0]}")
    else:
        how = "restore it from the repository (git checkout -- layouts/fonts/)"
    return LeafletError(f"{family.family}: the font file {display_path(file)} is not there; {how}",
                        display_path(fonts.folder / "fonts.yaml"))


def _numbered(path: Path) -> TTFont:
    """The font file opened lazily, its glyphs named by number: the tables read here (cmap,
    hmtx) need only glyph ids, and a CJK face's own names would come from parsing its 16 MB CFF
    table (about 20 MiB more at the peak of a worker that chooses or measures its fonts)."""
    font = TTFont(str(path), lazy=True, fontNumber=0)
    font.setGlyphOrder([f"g{i}" for i in range(font["maxp"].numGlyphs)])
    return font


class CodePoints:
    """The code points a font file maps to a glyph, as one sorted array of 32-bit numbers.

    A CJK face maps some 45,000 characters: as a frozenset of ints that is 3.6 MiB per face, and a
    worker keeps both weights of every family it has asked (cached), plus their unions; as an
    array, 180 KiB. A lookup is a binary search (bisect), which the few thousand questions of a
    render afford. Read-only, like a frozenset; answers `in`, iteration, `len`, `<=` and `&` with
    a set of code points, and `union` of several."""

    __slots__ = ("codes",)

    def __init__(self, codes: array) -> None:
        self.codes = codes  # sorted, each once

    def __contains__(self, code: object) -> bool:
        codes = self.codes
        i = bisect_left(codes, code)  # type: ignore[call-overload]
        return i < len(codes) and codes[i] == code

    def __iter__(self) -> Iterator[int]:
        return iter(self.codes)

    def __len__(self) -> int:
        return len(self.codes)

    def __ge__(self, other: Iterable[int]) -> bool:  # `codes <= points` asks this
        return all(code in self for code in other)

    def __rand__(self, other: Iterable[int]) -> set[int]:  # `codes & points`
        return {code for code in other if code in self}

    __and__ = __rand__

    @staticmethod
    def union(*sets: CodePoints) -> CodePoints:
        return CodePoints(array("I", sorted(set().union(*(s.codes for s in sets)))))


@dataclass(frozen=True)
class _Face:
    """What the pipeline reads of one font file: its code points (sorted) and, in the same order,
    each one's advance width in font units, and the units per em."""

    points: CodePoints
    widths: array
    per_em: int


@cache
def _face(path: Path) -> _Face:
    """The font file's character map and advance widths, read once into two arrays. The widths
    come from the hmtx table's bytes: fontTools' own reading unpacks it with a struct format as
    long as the font has glyphs, which the struct module keeps in its cache (4 MiB for a CJK
    face, for the life of the worker)."""
    try:
        with _numbered(path) as font:
            per_em = font["head"].unitsPerEm
            long_metrics = font["hhea"].numberOfHMetrics
            pairs = array("H", font.reader["hmtx"][:4 * long_metrics])  # (advance, side bearing) per glyph
            if sys.byteorder == "little":
                pairs.byteswap()  # the table is big-endian
            advances = pairs[0::2]
            best = font.getBestCmap() or {}
            codes = array("I", sorted(best))
            # Glyphs are named g<id> (_numbered); those past the last long metric share its advance.
            widths = array("H", (advances[min(int(best[code][1:]), long_metrics - 1)] for code in codes))
    except (OSError, TTLibError, KeyError, ValueError) as exc:
        raise LeafletError(f"cannot read the font's character map or widths: {exc}", display_path(path)) from None
    return _Face(CodePoints(codes), widths, per_em)


@cache
def _drawn(paths: tuple[Path, ...]) -> CodePoints:
    """What any of the font files draws (a locale's stack; asked by every render, so kept)."""
    return CodePoints.union(*(cmap(path) for path in paths))


def cmap(path: Path) -> CodePoints:
    """Every code point the font file maps to a glyph."""
    return _face(path).points


@cache
def family_cmap(fonts: Fonts, family: FontFamily) -> CodePoints:
    """What the family draws in both weights (headings and list leads are bold). Cached: choosing
    a locale's fonts asks every family, and a CJK face's map holds some 45,000 characters."""
    regular, bold = family.files(fonts.folder)
    for file in (regular, bold):
        if not file.is_file():
            raise missing_file_error(fonts, family, file)
    drawn = cmap(bold.resolve())
    return CodePoints(array("I", (code for code in cmap(regular.resolve()) if code in drawn)))


def advance(path: Path, code: int) -> float | None:
    """The advance width of `code` in the font file, in ems (unshaped: a measure, not a layout);
    None where the font has no glyph for it."""
    face = _face(path)
    codes = face.points.codes
    i = bisect_left(codes, code)
    if i < len(codes) and codes[i] == code:
        return face.widths[i] / face.per_em
    return None


def needs_glyph(ch: str) -> bool:
    """False for characters shaping consumes without drawing them (Unicode default-ignorables)."""
    code = ord(ch)
    return not (unicodedata.category(ch) in ("Cc", "Cf", "Cs")  # controls, format characters, surrogates
                or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or code == 0x034F)


def _prefers(family: FontFamily, locale_id: str) -> bool:
    """Whether the family is preferred for the locale: named by id, language or script."""
    if not family.prefer:
        return False
    info = locale_info(locale_id)
    names = {locale_id, info.language, info.script}
    return any(name in names for name in family.prefer)


def describe_missing(letters: list[str]) -> str:
    """'Bengali (ক খ গ, U+0995...)': the scripts of characters no font draws, with examples."""
    by_script: dict[str, list[str]] = {}
    for ch in letters:
        by_script.setdefault(font_unicodedata.script(ch), []).append(ch)
    parts = []
    for code, chars in by_script.items():
        name = font_unicodedata.script_name(code, default=code)
        shown = " ".join(chars[:8]) + (" ..." if len(chars) > 8 else "")
        parts.append(f"{name} ({shown}; U+{ord(chars[0]):04X} {unicodedata.name(chars[0], '')})")
    return ", ".join(parts)


@dataclass(frozen=True)
class FontChoice:
    """The fonts a locale is printed in, and the script whose typographic settings apply."""

    locale: str
    stack: tuple[FontFamily, ...]  # the language's own families first, the source language's last
    script: str  # ISO 15924: the locale's script (CLDR), or the variant its font sets (Aran)

    @property
    def primary(self) -> FontFamily:
        return self.stack[0]


def _own_families(fonts: Fonts, locale_id: str, where: str) -> tuple[FontFamily, ...]:
    """The families that draw the language's letters: the first (preferred first) that draws all
    of them, or else the fewest in order that together do."""
    letters = sorted(ch for ch in exemplars(locale_id).letters if needs_glyph(ch))
    codes = {ord(ch) for ch in letters}
    ordered = sorted(fonts.families, key=lambda f: not _prefers(f, locale_id))  # stable: declared order kept
    for family in ordered:
        if codes <= family_cmap(fonts, family):
            return (family,)
    chosen: list[FontFamily] = []
    left = set(codes)
    for family in ordered:
        drawn = left & family_cmap(fonts, family)
        if drawn:
            chosen.append(family)
            left -= drawn
    if left:
        missing = [ch for ch in letters if ord(ch) in left]
        raise LeafletError(f"no font in layouts/fonts/ draws every letter of '{locale_id}': {describe_missing(missing)}"
                           " are missing. Add a font that draws them (Regular and Bold, e.g. Noto Sans "
                           f"{font_unicodedata.script_name(font_unicodedata.script(missing[0]), default='')}, with its "
                           "licence) to layouts/fonts/ and list it in layouts/fonts/fonts.yaml (see README, "
                           "'Adding a language')", where or None)
    return tuple(chosen)


@cache
def _choose(fonts: Fonts, locale_id: str, where: str) -> FontChoice:
    own = _own_families(fonts, locale_id, where)
    base = _own_families(fonts, SOURCE_LOCALE, where)
    stack = tuple(dict.fromkeys((*own, *base)))
    script = own[0].script or locale_info(locale_id).script
    return FontChoice(locale_id, stack, script)


def choose_fonts(layouts_dir: Path, locale_id: str, where: str = "") -> FontChoice:
    """The fonts `locale_id` is printed in (see the module's docstring); a LeafletError naming
    the missing letters when no font draws them."""
    return _choose(load_fonts(layouts_dir.resolve()), locale_id, where)


@dataclass(frozen=True)
class Coverage:
    """The fonts of one locale, ready to answer which characters they cannot draw."""

    locale: str
    files: tuple[Path, ...]  # regular and bold of each family, in the order tried
    regular: CodePoints
    bold: CodePoints
    bold_files: tuple[Path, ...] = ()  # the bold faces, in the order tried

    def width_em(self, text: str, bold: bool = True) -> float:
        """How wide `text` sets in the bold (or regular) faces, in ems of the type size (each
        character in the first face that has it; unshaped, so a close estimate, not a layout)."""
        files = self.bold_files if bold else tuple(f.resolve() for f in self.files[0::2])
        width = 0.0
        for ch in text:
            found = next((em for em in (advance(path, ord(ch)) for path in files) if em is not None), None)
            width += found if found is not None else 0.6 if needs_glyph(ch) else 0.0
        return width

    def missing(self, text: str) -> list[str]:
        """Characters of `text` (each once, in order) that some weight cannot draw."""
        seen = dict.fromkeys(ch for ch in text if needs_glyph(ch))
        return [ch for ch in seen if ord(ch) not in self.regular or ord(ch) not in self.bold]

    def describe(self, ch: str) -> str:
        where = [w for w, faces in (("regular", self.regular), ("bold", self.bold)) if ord(ch) not in faces]
        return (f"'{ch}' (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')}) is not in the "
                f"{' or '.join(where)} fonts {self.locale} is printed in "
                f"(tried {', '.join(p.name for p in self.files)}); the printed text would show a box. "
                "Use another character, or add a font that has it to layouts/fonts/fonts.yaml")


def coverage(layouts_dir: Path, locale_id: str, where: str = "") -> Coverage:
    """The coverage of the fonts `locale_id` is rendered with (the same choice as the render's)."""
    choice = choose_fonts(layouts_dir, locale_id, where)
    folder = layouts_dir / "fonts"
    regular = _drawn(tuple((folder / f.regular).resolve() for f in choice.stack))
    bold = _drawn(tuple((folder / f.bold).resolve() for f in choice.stack))
    files = tuple(folder / name for f in choice.stack for name in (f.regular, f.bold))
    return Coverage(locale_id, files, regular, bold, tuple((folder / f.bold).resolve() for f in choice.stack))
