"""How each writing system is set: line heights, the poster headline's letter, line breaking,
hyphenation, end punctuation; read from `scripts.yaml`, one entry per ISO 15924 script.

These are typographic judgements and measurements (of the fonts' ink, of renders), not facts
CLDR or the fonts carry, so they are written by hand, once per script, in one data file with the
reasons beside them. Everything that depends on the script reads them from here: the per-document
CSS (pipeline/render/html.py), the poster fit (render/typefit.py), the text's line-break
preparation (segment.py), the end-punctuation check and the preflight. A script without an entry
gets `default` (Latin's settings); every script a shipped font draws a language in has one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent / "scripts.yaml"
BREAKS = ("spaces", "words", "han-words", "characters", "syllables")
#: Line breaking in which words are separated by spaces (so a long word can run off a column).
SPACED_BREAKS = ("spaces", "words")


@dataclass(frozen=True)
class LineHeights:
    leaflet: float
    large_print: float
    headings: float
    poster: float
    poster_headline: float
    small: float


@dataclass(frozen=True)
class ScriptSettings:
    code: str  # ISO 15924
    line_height: LineHeights
    size: float  # running text's size relative to the Latin body
    headline_letter: str
    headline_kind: str  # "cap" or "x"
    headline_measure: str  # "top" or "ink"
    headline_below: float  # extra room under the poster's headline, in ems
    breaks: str  # one of BREAKS
    hyphenate: bool
    punctuation: MappingProxyType  # English end mark -> the script's own
    explicit: bool  # False when the script has no entry of its own (default settings)

    @property
    def spaced(self) -> bool:
        """Words are separated by spaces, so a line breaks only between words."""
        return self.breaks in SPACED_BREAKS


@cache
def _data() -> dict[str, Any]:
    return yaml.safe_load(DATA.read_text(encoding="utf-8"))


def _settings(code: str, entry: dict[str, Any] | None, default: dict[str, Any]) -> ScriptSettings:
    own = entry or {}
    heights = {**default["line_height"], **own.get("line_height", {})}
    headline = own.get("headline", {"letter": "H", "kind": "cap"})
    breaks = own.get("breaks", default["breaks"])
    if breaks not in BREAKS or headline.get("kind") not in ("cap", "x"):
        raise ValueError(f"{DATA.name}: {code}: breaks must be one of {BREAKS}, headline kind cap or x")
    return ScriptSettings(
        code=code,
        line_height=LineHeights(**{k: float(v) for k, v in heights.items()}),
        size=float(own.get("size", default["size"])),
        headline_letter=headline["letter"],
        headline_kind=headline["kind"],
        headline_measure=headline.get("measure", "top"),
        headline_below=float(own.get("headline_below", 0.0)),
        breaks=breaks,
        hyphenate=bool(own.get("hyphenate", default["hyphenate"])),
        punctuation=MappingProxyType(dict(own.get("punctuation", default["punctuation"]))),
        explicit=entry is not None,
    )


@cache
def script_settings(code: str) -> ScriptSettings:
    """The settings of an ISO 15924 script (`default`'s where it has no entry)."""
    data = _data()
    return _settings(code, data["scripts"].get(code), data["default"])


def known_scripts() -> tuple[str, ...]:
    """The scripts with an entry of their own."""
    return tuple(_data()["scripts"])


def end_punctuation(language: str, script: str) -> MappingProxyType:
    """The end marks a text in `language` written in `script` uses in place of the English ones."""
    own = (_data().get("languages") or {}).get(language, {}).get("punctuation")
    return MappingProxyType(dict(own)) if own is not None else script_settings(script).punctuation
