"""Choose the poster's type sizes: the largest body size that keeps it on one page.

Two floors make a poster readable across a waiting room: body text of at least 24 pt, and a
headline whose capitals are at least 20 mm tall. "Capital height" is a Latin measure, so each
script's headline is measured on the letter that plays the same part, in the font that sets
it (the renderer passes the bold face of the headline's font). The letter and its kind are
per script, in pipeline/i18n/scripts.yaml:

- "cap": Latin and Cyrillic capitals (H, Н), Arabic alif (ا, which rises to about the height of
  a capital), Han characters (中) and Hangul blocks (한), which fill the em like capitals, must
  be 20 mm tall.
- "x": Devanagari (क, to the top of its headline bar), Bengali, Gurmukhi, Gujarati, Tamil,
  Ethiopic and Myanmar letters are all of one height, like Latin lowercase: in a mixed-case
  Latin headline with 20 mm capitals the lowercase is 20 mm x (x-height / cap height) of the
  Latin font tall (15 mm in Noto Sans), and these scripts are held to that same letter height.

A letter that floats above the baseline (Nastaliq's alif) is measured by its ink, top to bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from math import ceil
from pathlib import Path
from typing import Generic, TypeVar

from ..i18n.scripts import script_settings

BODY_MIN_PT, BODY_MAX_PT = 24.0, 40.0
HEADLINE_MIN_MM = 20.0
HEADLINE_RATIO = 2.4  # the headline's size relative to the body, when that is above the floor
PT_PER_MM = 72 / 25.4
FIT_TARGET = 0.985  # aim just under a full page: a sliver of room absorbs rounding
MAX_RENDERS = 4
#: The first-guess model (see first_guess), from these layouts' posters: the share of the page
#: the logo, QR code, footer and gaps take, and the area (mm^2) one letter of body text takes
#: per pt^2 of type size, line spacing included.
FIXED_SHARE = 0.35
CHAR_AREA_MM2 = 0.235
WIDE_SCRIPTS = ("Hans", "Hant", "Jpan", "Kore")

R = TypeVar("R")


@cache
def letter_height(font_file: Path, letter: str, measure: str = "top") -> float:
    """Height of `letter` in `font_file`, as a share of the font size: above the baseline
    (`top`), or of its ink, top to bottom (`ink`)."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, lazy=True)
    glyphs = font.getGlyphSet()
    name = font.getBestCmap().get(ord(letter))
    if name is None:
        raise ValueError(f"{font_file.name} has no '{letter}'")
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    bottom = pen.bounds[1] if measure == "ink" else 0
    return (pen.bounds[3] - bottom) / font["head"].unitsPerEm


def headline_floor_mm(script: str, latin_font: Path) -> float:
    """How tall the script's reference letter must be (mm)."""
    if script_settings(script).headline_kind == "cap":
        return HEADLINE_MIN_MM
    return HEADLINE_MIN_MM * letter_height(latin_font, "x") / letter_height(latin_font, "H")


def headline_floor_pt(font_file: Path, script: str, latin_font: Path) -> float:
    """The smallest headline size (pt) that makes the script's reference letter tall enough."""
    settings = script_settings(script)
    height = letter_height(font_file, settings.headline_letter, settings.headline_measure)
    size = headline_floor_mm(script, latin_font) * PT_PER_MM / height
    return ceil(size * 10) / 10  # round up: the floor is a minimum


def headline_pt(body_pt: float, floor_pt: float) -> float:
    return max(floor_pt, round(HEADLINE_RATIO * body_pt, 1))


def cannot_fit(headline_chars: int, body_chars: int, headline_pt: float, page_mm: tuple[float, float]) -> bool:
    """True when the texts could not fit even with every letter packed edge to edge.

    A letter needs at least about 0.4 em by 1 em; a poster whose letters need more area than
    the page has is refused at once, without laying out (a runaway translation of a megabyte
    would otherwise take minutes to lay out before it is refused).
    """
    area = (headline_chars * 0.4 * headline_pt ** 2 + body_chars * 0.4 * BODY_MIN_PT ** 2)
    return area > page_mm[0] * page_mm[1] * PT_PER_MM ** 2


@dataclass(frozen=True)
class Trial(Generic[R]):
    body_pt: float
    pages: int
    fill: float  # page heights the content uses, all pages together (0.97: most of one page)
    result: R

    @property
    def fits(self) -> bool:
        """One page, and nothing in the bottom margin (WeasyPrint lets the last box's
        padding run past the page edge rather than start a second page)."""
        return self.pages == 1 and self.fill <= 1.0


def first_guess(body_chars: int, script: str, page_mm: tuple[float, float]) -> float:
    """The body size to lay a poster out at first: the size at which, by a rough model of these
    layouts, the text fills the page. Only the number of layouts depends on it, not the result.

    Model: fill = FIXED_SHARE + CHAR_AREA x characters x size^2 / page area, with Han
    characters and Hangul blocks counted twice (they are about twice as wide as letters).
    """
    chars = body_chars * (2 if script in WIDE_SCRIPTS else 1)
    per_pt2 = CHAR_AREA_MM2 * max(chars, 1) / (page_mm[0] * page_mm[1])
    return ((FIT_TARGET - FIXED_SHARE) / per_pt2) ** 0.5


def fit(render: Callable[[float], Trial[R]], guess: float = BODY_MIN_PT) -> tuple[Trial[R] | None, list[Trial[R]]]:
    """The body size in half points, BODY_MIN_PT..BODY_MAX_PT, that fills one page, in few layouts.

    Lay out at `guess`; model the fill as a + b x size^2 (the text's area grows with the square
    of its size, logo, QR code and footer do not) through the best fitting trial and another
    (see _model), or from FIXED_SHARE with one trial; go to the size the model says fills the page, and
    correct from each new measurement. Stop at a fitting size when the next half point is known
    to overflow or the model says it would overfill the page, or after MAX_RENDERS layouts.
    Every step depends only on the layouts, so the same texts always get the same size.
    Returns the chosen one-page trial (None if even BODY_MIN_PT overflows) and every trial made.
    """
    trials: list[Trial[R]] = []
    size = _half_points(min(max(guess, BODY_MIN_PT), BODY_MAX_PT))
    while True:
        trials.append(render(size))
        best = max((t for t in trials if t.fits), key=lambda t: t.body_pt, default=None)
        too_big = min((t.body_pt for t in trials if not t.fits), default=BODY_MAX_PT + 0.5)
        if best is None:
            if size <= BODY_MIN_PT:
                return None, trials
            # Smaller, and at the floor before the layouts run out, to know whether anything fits.
            wanted = _size_for(FIT_TARGET, *_model(trials, trials[-1]))
            size = BODY_MIN_PT if len(trials) >= MAX_RENDERS - 1 else max(BODY_MIN_PT, min(wanted, too_big - 0.5))
            continue
        a, b = _model(trials, best)
        if (too_big - best.body_pt <= 0.5 or len(trials) >= MAX_RENDERS
                or a + b * (best.body_pt + 0.5) ** 2 > FIT_TARGET):
            return best, trials
        size = min(max(_size_for(FIT_TARGET, a, b), best.body_pt + 0.5), too_big - 0.5)


def _half_points(size: float) -> float:
    return int(size * 2) / 2  # rounded down


def _model(trials: list[Trial], anchor: Trial) -> tuple[float, float]:
    """(a, b) of fill = a + b x size^2 through `anchor` and, preferably, the smallest trial
    that overflowed above it (the model then interpolates), else the trial nearest in size."""
    others = [t for t in trials if t.body_pt != anchor.body_pt]
    f0, s0 = anchor.fill, anchor.body_pt
    above = [t for t in others if not t.fits and t.body_pt > s0]
    if others:
        near = min(above, key=lambda t: t.body_pt) if above else min(others, key=lambda t: abs(t.body_pt - s0))
        b = (near.fill - f0) / (near.body_pt ** 2 - s0 ** 2)
        if b > 0:
            return f0 - b * s0 ** 2, b
    a = min(FIXED_SHARE, f0 / 2)
    return a, max(f0 - a, 1e-6) / s0 ** 2


def _size_for(fill: float, a: float, b: float) -> float:
    """The half-point size the model says gives `fill`."""
    return _half_points((max(fill - a, 0.0) / b) ** 0.5)
