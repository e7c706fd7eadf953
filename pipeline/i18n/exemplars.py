"""The letters a language is written with: CLDR's exemplar characters, for any locale CLDR knows.

Fonts are chosen by what they draw (pipeline/render/fonts.py), so the pipeline must know which
characters a language needs before a word of it is translated. CLDR lists them per locale
("exemplar characters": the main set is the letters, with their accents and vowel signs).
Babel 2.18 does not import them, so they are read from a data file generated from CLDR's own
JSON release (`data/exemplars.json`; how it is made and regenerated: scripts/update-exemplars.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.core import parse_locale

from ..errors import LeafletError
from .locales import babel_locale
from .unicodeset import parse_set

DATA = Path(__file__).resolve().parent / "data" / "exemplars.json"


@dataclass(frozen=True)
class Exemplars:
    """A locale's characters as CLDR lists them."""

    cldr_locale: str  # the CLDR locale they come from ("fil" for the folder "tl")
    letters: frozenset[str]  # the main set: every character of its letters and clusters
    auxiliary: frozenset[str]  # letters of loanwords and names (and a few CLDR leaves out of main)
    punctuation: frozenset[str]
    numbers: frozenset[str]  # signs and the digits of every numbering system the locale uses


@cache
def _data() -> dict[str, dict[str, str]]:
    return json.loads(DATA.read_text(encoding="utf-8"))["locales"]


def _chain(tag: str) -> list[str]:
    """`zh-Hant-HK`, `zh-Hant`, `zh`: the file keeps a locale only where it differs from these."""
    parts = tag.split("-")
    return ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]


def cldr_candidates(locale_id: str) -> list[str]:
    """CLDR locales to look in, best first: the folder's own id, then what Babel makes of it with
    CLDR's likely script and aliases (`zh_TW` is `zh-Hant-TW`, not `zh`; `tl` is Filipino,
    `fil-PH`) and that tag's parents, then the id's own parents."""
    parsed = babel_locale(locale_id)
    language, territory, script = parse_locale(locale_id)[:3]
    own = "-".join(p for p in (language, script, territory) if p)
    likely = "-".join(p for p in (parsed.language, parsed.script, parsed.territory) if p)
    seen: list[str] = []
    for tag in (own, *_chain(likely), *_chain(own)):
        if tag not in seen:
            seen.append(tag)
    return seen


@cache
def exemplars(locale_id: str) -> Exemplars:
    """The locale's exemplar sets; a LeafletError when CLDR has none for its language."""
    data = _data()
    for tag in cldr_candidates(locale_id):
        if tag in data and data[tag].get("main", "[]") != "[]":  # CLDR lists no letters for a few (blt)
            sets = data[tag]

            def chars(name: str, sets: dict[str, str] = sets) -> frozenset[str]:
                return parse_set(sets[name]).code_points() if name in sets else frozenset()
            return Exemplars(tag, chars("main"), chars("auxiliary"), chars("punctuation"), chars("numbers"))
    raise LeafletError(f"CLDR lists no letters (exemplar characters) for '{locale_id}', so the fonts for it cannot "
                       "be chosen; use the id CLDR uses for the language (see README, 'Adding a language')")
