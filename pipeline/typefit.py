"""Choose the poster's type sizes: the largest body size that keeps it on one page.

Two floors make a poster readable across a waiting room: body text of at least 24 pt, and a
headline whose capitals are at least 20 mm tall. "Capital height" is a Latin measure, so each
script's headline is measured on the letter that plays the same part, in the font that sets
it (pipeline/render.py passes the script's bold font):

- Latin capitals (H), Arabic alif (ا, which rises to about the height of a capital) and Han
  characters (中, which fill the em like capitals) must be 20 mm tall.
- Devanagari (क, to the top of its headline bar) and Tamil (க) letters are all of one height,
  like Latin lowercase: in a mixed-case Latin headline with 20 mm capitals the lowercase is
  20 mm x (x-height / cap height) of the Latin font tall (15 mm in Noto Sans), and these
  scripts are held to that same letter height.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import ceil
from pathlib import Path
from typing import Callable, Generic, TypeVar

BODY_MIN_PT, BODY_MAX_PT = 24.0, 40.0
HEADLINE_MIN_MM = 20.0
HEADLINE_RATIO = 2.4  # the headline's size relative to the body, when that is above the floor
PT_PER_MM = 72 / 25.4
#: The letter measured in each script (ISO 15924), and whether it stands for a capital ("cap")
#: or for lowercase ("x"; held to the Latin lowercase height that 20 mm capitals imply).
REFERENCE_LETTERS = {"Latn": ("H", "cap"), "Arab": ("ا", "cap"), "Hans": ("中", "cap"), "Hant": ("中", "cap"),
                     "Deva": ("क", "x"), "Taml": ("க", "x")}
FIT_TARGET = 0.985  # aim just under a full page: a sliver of room absorbs rounding
MAX_RENDERS = 4

R = TypeVar("R")


@lru_cache(maxsize=None)
def letter_height(font_file: Path, letter: str) -> float:
    """Height of `letter` above the baseline in `font_file`, as a share of the font size."""
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, lazy=True)
    glyphs = font.getGlyphSet()
    name = font.getBestCmap().get(ord(letter))
    if name is None:
        raise ValueError(f"{font_file.name} has no '{letter}'")
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    return pen.bounds[3] / font["head"].unitsPerEm


def headline_floor_mm(script: str, latin_font: Path) -> float:
    """How tall the script's reference letter must be (mm)."""
    _, kind = REFERENCE_LETTERS.get(script, ("H", "cap"))
    if kind == "cap":
        return HEADLINE_MIN_MM
    return HEADLINE_MIN_MM * letter_height(latin_font, "x") / letter_height(latin_font, "H")


def headline_floor_pt(font_file: Path, script: str, latin_font: Path) -> float:
    """The smallest headline size (pt) that makes the script's reference letter tall enough."""
    letter, _ = REFERENCE_LETTERS.get(script, ("H", "cap"))
    size = headline_floor_mm(script, latin_font) * PT_PER_MM / letter_height(font_file, letter)
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
    fill: float  # share of the page height the content uses (of the first page)
    result: R

    @property
    def fits(self) -> bool:
        """One page, and nothing in the bottom margin (WeasyPrint lets the last box's
        padding run past the page edge rather than start a second page)."""
        return self.pages == 1 and self.fill <= 1.0


def fit(render: Callable[[float], Trial[R]]) -> tuple[Trial[R] | None, list[Trial[R]]]:
    """The largest body size in half points, BODY_MIN_PT..BODY_MAX_PT, that renders on one page.

    Render at the floor and measure the fill; predict the size that fills the page from how
    fill grows with size (area goes with its square at first, then by the secant through the
    two last measurements), and correct from each new measurement. At most MAX_RENDERS.
    Returns the best one-page trial (None if even the floor overflows) and every trial made.
    """
    trials = [render(BODY_MIN_PT)]
    if not trials[0].fits:
        return None, trials
    best, too_big = trials[0], BODY_MAX_PT + 0.5
    while len(trials) < MAX_RENDERS:
        size = _predict(best, trials[-1])
        size = min(size, too_big - 0.5, BODY_MAX_PT)
        size = int(size * 2) / 2  # half points, rounded down
        if size <= best.body_pt:
            break
        trial = render(size)
        trials.append(trial)
        if trial.fits:
            best = trial
        else:
            too_big = size
        if too_big - best.body_pt <= 0.5:
            break
    return best, trials


def _predict(best: Trial, last: Trial) -> float:
    if last is best:
        return best.body_pt * (FIT_TARGET / max(best.fill, 0.01)) ** 0.5
    # Secant through the best fitting trial and the last one (fill of an overflowing trial is
    # at least 1; treat it as its first page's share plus one page per extra page).
    fill_last = last.fill + (last.pages - 1)
    slope = (fill_last - best.fill) / (last.body_pt - best.body_pt)
    if slope <= 0:
        return best.body_pt + 0.5
    return best.body_pt + (FIT_TARGET - best.fill) / slope
