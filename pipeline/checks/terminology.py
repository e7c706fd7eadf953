"""The terminology check: a translation that renders a key term otherwise than its locale agreed.

Each locale keeps its patient terminology in `locales/<locale>/terminology.tbx`, in the TBX form
Weblate and translate-toolkit import (ISO 30042 "martif", TBX-Basic categories): twenty to forty
concepts, each an English term with the one rendering agreed for patients (`administrativeStatus`
preferredTerm-admn-sts), and, as entries of their own, the renderings that must not be used
(administrativeStatus `forbidden`, Weblate's value), each with a note saying why.

The check flags a forbidden rendering in a translation whose English names that concept, the way
Weblate's glossary does, with two refinements that keep it quiet where the word is right: where
English words overlap ("drug" and "drugs"), the concept whose term the English writes exactly
wins; and a forbidden rendering inside the agreed rendering of another concept the English names
is that other concept's word (French "secousse" is the agreed word for a jerk, forbidden only for
a twitch; Spanish "calambre" in "calambre del escritor", writer's cramp). Words are matched at a
word's start in spaced scripts (Hindi "नस" is not found inside "मानसिक"), with the endings the
language adds, after the Arabic article and clitics, and anywhere in Chinese.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import regex

from ..errors import LeafletError, display_path
from ..files import read_bytes
from . import register

MAX_TBX_BYTES = 2 * 1024 * 1024
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FORBIDDEN = "forbidden"
#: Scripts written without spaces: a term is found anywhere in the text.
UNSPACED = frozenset({"Hans", "Hant", "Jpan", "Kore", "Thai"})
#: The endings English adds to a term ("twitches", "twitching", "fibres").
ENGLISH_ENDINGS = r"(?:s|es|ed|d|ing)?"
#: Arabic letters written before a word: a conjunction or preposition (و ف ب ل ك) and the article.
ARABIC_PREFIX = r"(?:[وفبلك]?ال|[وفبلك])?"
ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # short vowels, shadda, sukun, tatweel


@dataclass(frozen=True)
class Rendering:
    """One concept's rendering in the language: agreed, or forbidden (with why)."""

    concept: str  # the concept id the entries share ("drug-substance")
    english: str  # the English term ("drugs")
    text: str  # the rendering
    forbidden: bool
    note: str
    line: int  # in the TBX file


@dataclass(frozen=True)
class Glossary:
    path: str
    renderings: tuple[Rendering, ...]

    @property
    def agreed(self) -> dict[str, Rendering]:
        return {r.concept: r for r in self.renderings if not r.forbidden}


def load_glossary(path: Path, root: Path, language: str) -> Glossary:
    """Read a locale's TBX: every entry's English term and its rendering in `language`."""
    shown = display_path(path)
    data = read_bytes(path, root, MAX_TBX_BYTES, "terminology list")
    if b"<!ENTITY" in data:
        raise LeafletError("the terminology list declares XML entities; remove them (TBX needs none)", shown)
    try:
        tree = ET.fromstring(data)
    except ET.ParseError as exc:
        raise LeafletError(f"not a TBX (XML) file: {exc}", shown, exc.position[0]) from None
    line_of = _entry_lines(data)
    renderings = []
    problems = []
    for index, entry in enumerate(tree.iter("termEntry")):
        entry_id = entry.get("id") or f"entry {index + 1}"
        line = line_of[index] if index < len(line_of) else 0
        terms = {lang_set.get(XML_LANG, "").replace("-", "_").split("_")[0]: lang_set
                 for lang_set in entry.iter("langSet")}
        english, target = terms.get("en"), terms.get(language)
        if english is None or target is None:
            problems.append(f"{shown}:{line}: {entry_id}: needs a langSet for en and for {language}")
            continue
        english_term, term = _text(english.find(".//term")), _text(target.find(".//term"))
        status = _text(target.find(".//termNote[@type='administrativeStatus']"))
        if not english_term or not term:
            problems.append(f"{shown}:{line}: {entry_id}: a term is empty")
            continue
        note = " ".join(_text(n) for n in target.findall("note"))
        concept = re.sub(r"-forbidden-\d+$", "", entry_id)
        renderings.append(Rendering(concept, english_term, term, status == FORBIDDEN, note, line))
    if problems:
        raise LeafletError("; ".join(problems))
    return Glossary(shown, tuple(renderings))


def _text(element: ET.Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _entry_lines(data: bytes) -> list[int]:
    """The line of each <termEntry>, in order (ElementTree keeps no line numbers)."""
    text = data.decode("utf-8", "replace")
    return [text.count("\n", 0, match.start()) + 1 for match in re.finditer(r"<termEntry\b", text)]


@cache
def _english_re(term: str) -> Any:
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(term)}{ENGLISH_ENDINGS}(?![\p{{L}}\p{{M}}])",
                         regex.IGNORECASE)


@cache
def _target_re(term: str, script: str) -> Any:
    """A rendering as it is found in a translation: at a word's start, with the rest of the word
    (its ending), so a finding quotes the word as written."""
    escaped = regex.escape(_plain(term, script))
    if script in UNSPACED:
        return regex.compile(escaped)
    prefix = ARABIC_PREFIX if script == "Arab" else ""
    return regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){prefix}{escaped}[\p{{L}}\p{{M}}]*", regex.IGNORECASE)


def _plain(text: str, script: str) -> str:
    """Text compared without what does not change a word: Arabic short vowels and tatweel,
    typographic apostrophes."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    return ARABIC_MARKS.sub("", text) if script == "Arab" else text


def named_concepts(english: str, glossary: Glossary) -> set[str]:
    """The concepts the English names. Where two terms match the same words ("drug" in
    "drugs"), the one the English writes exactly wins."""
    spans: dict[tuple[int, int], list[tuple[bool, str]]] = {}
    for rendering in glossary.renderings:
        for match in _english_re(rendering.english).finditer(english):
            exact = match.group().casefold() == rendering.english.casefold()
            spans.setdefault(match.span(), []).append((exact, rendering.concept))
    named = set()
    for found in spans.values():
        exact = {concept for is_exact, concept in found if is_exact}
        named |= exact or {concept for _, concept in found}
    return named


@register("terminology", "functional", "string",
          "a rendering the locale's terminology list forbids (locales/<locale>/terminology.tbx) where the "
          "English names that concept")
def terminology(english: str, translation: str, context: Any) -> list[str]:
    glossary: Glossary | None = getattr(context, "glossary", None)
    if glossary is None:
        return []
    named = named_concepts(english, glossary)
    if not named:
        return []
    script = context.script
    text = _plain(translation, script)
    agreed = glossary.agreed
    allowed = [span for concept in named if concept in agreed
               for span in (m.span() for m in _target_re(agreed[concept].text, script).finditer(text))]
    problems = []
    for rendering in glossary.renderings:
        if not rendering.forbidden or rendering.concept not in named:
            continue
        for match in _target_re(rendering.text, script).finditer(text):
            if any(start <= match.start() and match.end() <= end for start, end in allowed):
                continue  # the agreed word of another concept the English names
            use = agreed[rendering.concept].text if rendering.concept in agreed else ""
            problems.append(f"'{match.group()}' renders '{rendering.english}' in a way the terminology list forbids "
                            f"({glossary.path}:{rendering.line})" + (f": {rendering.note}" if rendering.note else "")
                            + (f" Agreed: '{use}'." if use and use not in rendering.note else ""))
            break
    return problems
