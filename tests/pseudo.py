"""Pseudo-catalogs in real scripts: what a translator's first catalog of a language would put on
the page, made from the templates (`locales/*.pot`) without a translator.

Each English text becomes the language's fixed sample (pipeline/i18n/data/languages.yaml: a
heading for short texts, two sentences for the rest) repeated or cut to the length a translation
of that text would have (the English's length x the sample's length over the English sample's:
the heading's for short texts, the sentences' for sentences). A poster text is never longer
than its English (its translator note says "keep it short", and the poster must fit one page),
nor over its length limit. What must survive translation is kept as it is, in order:
`%(name)s` placeholders, numbers and doses ("6-8", "B1"), drug and brand names, web addresses;
line breaks and end punctuation follow the English, in the script's own marks. So the outputs
have the real letters, clusters, line lengths and breaking of the language, and the catalog
checks find nothing critical in them. Imported by tests as `pseudo` (nothing here is a
test).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib
import regex
import yaml

from pipeline.checks.strings import EMAIL_RE, PHONE_RE, URL_RE
from pipeline.i18n import segment
from pipeline.i18n.scripts import end_punctuation
from pipeline.model.document import PLACEHOLDER_RE

LANGUAGES = Path(__file__).resolve().parent.parent / "pipeline" / "i18n" / "data" / "languages.yaml"
ENGLISH_HEADING = "Important information for you"
ENGLISH_SAMPLE = ("This sample text shows how the leaflet looks in this language. "
                  "Read it slowly and check each line.")
#: A number as medical text writes it: 6-8, 1.5, B12, 20%.
#: A number to carry over (a range's two ends apart: "6-8" is written with words in a
#: right-to-left language, where a dashed range prints reversed; see the rtl-range check).
NUMBER_RE = re.compile(r"[A-Za-z]?\d+(?:[.,:]\d+)*%?")
TRAILING_MARKS = "".join(sorted(set(".?!:;,।॥؟؛،。？！：；，、۔။၊።፣፤፥")))


@dataclass(frozen=True)
class Sample:
    locale: str
    heading: str
    text: str
    confidence: str

    def ratio(self, sentence: bool) -> float:
        """How much longer (in characters) a text is in this language than in English: as the
        sample sentences are, for sentences; as the sample heading is, for headings and lists."""
        return len(self.text) / len(ENGLISH_SAMPLE) if sentence else len(self.heading) / len(ENGLISH_HEADING)


@cache
def samples() -> dict[str, Sample]:
    data = yaml.safe_load(LANGUAGES.read_text(encoding="utf-8"))["languages"]
    return {locale: Sample(locale, v["heading"], v["text"], v["confidence"]) for locale, v in data.items()}


def _kept(english: str, names: tuple[str, ...]) -> list[str]:
    """What a translation must carry over unchanged, in the English's order."""
    patterns = [PLACEHOLDER_RE, re.compile("%%"), URL_RE, EMAIL_RE, PHONE_RE,
                *(re.compile(re.escape(n)) for n in names), NUMBER_RE]
    found: list[tuple[int, str]] = []
    for pattern in patterns:
        for match in pattern.finditer(english):
            if not any(a < match.end() and match.start() < a + len(t) for a, t in found):
                found.append((match.start(), match.group(0)))
    return [token for _, token in sorted(found)]


def _units(source: str) -> list[str]:
    """The pieces a sample is repeated and cut in: words (with their spaces) where the language
    writes spaces, else syllables (Burmese: never cut inside a cluster) or characters."""
    if " " in source.strip():
        return [word + " " for word in source.split()]
    if regex.search(r"\p{Myanmar}", source):
        return [u for u in segment.syllable_breaks(source).split(segment.ZWSP) if u]
    return segment.graphemes(source)


def _filler(source: str, length: int) -> str:
    """`source` repeated and cut at a word (or syllable) to about `length` characters, at least one word."""
    units = _units(source)
    out: list[str] = []
    total, i = 0, 0
    while not out or total + len(units[i % len(units)].rstrip()) <= length:
        out.append(units[i % len(units)])
        total += len(units[i % len(units)])
        i += 1
        if i > 10_000:
            break
    return "".join(out).strip()


def pseudo_line(english: str, sample: Sample, language: str, script: str, names: tuple[str, ...],
                limit: int | None) -> str:
    """One line of a pseudo-translation of `english` (see the module's docstring)."""
    kept = _kept(english, names)
    plain = english
    for token in kept:
        plain = plain.replace(token, "", 1)
    sentence = bool(re.search(r"[.?!:]\s*$", english)) or len(english.split()) > 6
    source = sample.text if sentence else sample.heading
    length = max(1, round(len(plain.strip()) * sample.ratio(sentence)))
    spaced = " " in source.strip()
    if limit:  # a poster text: translators are asked to keep these short, and the poster fit holds them to it
        length = min(length, len(plain.strip()), limit - sum(len(t) + 1 for t in kept) - 1)
    words = _filler(source, length).rstrip(TRAILING_MARKS + " ")
    if kept:  # spread through the text, each a word of its own
        units = words.split() if spaced else [words]
        step = max(1, len(units) // (len(kept) + 1))
        pieces: list[str] = []
        for n, unit in enumerate(units):
            pieces.append(unit)
            if (n + 1) % step == 0 and kept and n + 1 < len(units):
                pieces.append(kept.pop(0))
        words = " ".join(pieces + kept)
    end = english.rstrip()[-1:] if english.rstrip()[-1:] in ".?!:;," else ""
    if end:
        words += end_punctuation(language, script).get(end, end)
    return words


def pseudo_translate(english: str, sample: Sample, language: str, script: str, names: tuple[str, ...] = (),
                     limit: int | None = None) -> str:
    """A pseudo-translation of `english`, line by line (the English's line breaks kept)."""
    lines = english.split("\n")
    per_line = (limit // len(lines)) if limit else None
    return "\n".join(pseudo_line(line, sample, language, script, names, per_line) if line.strip() else line
                     for line in lines)


LIMIT_RE = re.compile(r"Length limit: (\d+) characters")


def fill_catalog(po_path: Path, sample: Sample, language: str, script: str, names: tuple[str, ...]) -> int:
    """Give every entry of a new catalog its pseudo-translation (as a translator's editor would
    save it); returns how many."""
    po = polib.pofile(str(po_path), wrapwidth=79)
    count = 0
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        if (entry.msgctxt or "").startswith("term."):
            entry.msgstr = entry.msgid  # a medicine's name: kept as the international name
            count += 1
            continue
        limit = LIMIT_RE.search(entry.comment or "")
        entry.msgstr = pseudo_translate(entry.msgid, sample, language, script, names,
                                        int(limit[1]) if limit else None)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        count += 1
    po.save()
    return count
