"""The per-string checks: compare one English text with its translation, nothing else.

Each check is a plain function `(english, translation, context) -> list of messages`, registered
with its name and severity (`pipeline.checks.register`), so the catalog checks run them all and a
translator can silence one by name (`# ignore-<name>`). The checks are modelled on Translate
Toolkit's `pofilter` and Weblate's checks, narrowed to what matters on printed medical text:
numbers and names that must survive, text that prints differently from how it reads in the editor
(bidi controls, invisible characters), and the script's own punctuation.

List items cannot be gained or lost in translation: every item of a source list is its own entry.
Line breaks inside an entry are compared by `newlines`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..i18n.localize import fill_placeholders
from ..i18n.scripts import end_punctuation as end_marks_of
from ..i18n.scripts import known_scripts, script_settings
from ..model.document import PLACEHOLDER_RE
from . import register
from .terminology import Glossary

NUMBER_RE = re.compile(r"\d+")
TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»“”‘’]+", re.IGNORECASE)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: A phone number: at least seven digits, optionally grouped by spaces, dots, dashes or brackets.
PHONE_RE = re.compile(r"(?<!\w)\+?\(?\d(?:[\s().-]?\d){6,}(?!\w)")
CLOSERS = "\"'”’»)]）」』】"
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
JOINERS = frozenset("\u200c\u200d")  # ZWNJ and ZWJ: they choose letter forms in these scripts
JOINER_SCRIPTS = frozenset({"Arab", "Beng", "Deva", "Gujr", "Guru", "Khmr", "Knda", "Mlym", "Mymr",
                            "Orya", "Sinh", "Syrc", "Taml", "Telu"})
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM: marks, not overrides (RTL only)
SOFT_HYPHEN = "\u00ad"

#: Every script's own end marks (pipeline/i18n/scripts.yaml: the danda, the Arabic question
#: mark, the Ethiopic and Myanmar full stops, the CJK full-width marks...).
SCRIPT_MARKS = frozenset(mark for code in known_scripts() for mark in script_settings(code).punctuation.values())
END_MARKS = frozenset(".?!:;,") | SCRIPT_MARKS | frozenset("॥、")
#: Sentence ends: Latin-style marks need a space (or the end) after them, so "1.5" is one number;
#: a script's own full stops and question and exclamation marks end a sentence anywhere.
SENTENCE_END_RE = re.compile(r"[.!?…]+(?=[\"'”’»)\]]*(?:\s|$))|[" + re.escape("".join(sorted(
    {mark for code in known_scripts() for key, mark in script_settings(code).punctuation.items() if key in ".?!"}
    | set("॥")))) + "]+")


@dataclass(frozen=True)
class Context:
    """What the checks need to know beyond the two texts: the locale and the protected names."""

    language: str  # e.g. "hi"
    script: str  # ISO 15924, e.g. "Deva"
    direction: str  # "ltr" or "rtl"
    names: tuple[str, ...] = ()  # drug, brand and publisher names the English writes in Latin letters
    terms: tuple[tuple[str, str], ...] = ()  # placeholder name -> the medicine name it prints
    #: English medicine name -> the form this language agreed for it (the catalog's term.<id>),
    #: where the catalog translates it: the names check asks for that form wherever the
    #: English names the medicine.
    local_names: tuple[tuple[str, str], ...] = ()
    glossary: Glossary | None = None  # the locale's terminology list (checks.terminology)


class _CharMap(dict):
    """A `str.translate` table that works out each character's replacement once, when first met
    (`rule`: the character -> its replacement, "" to drop it): every catalog's checks read the
    same few hundred characters tens of thousands of times."""

    def __init__(self, rule):
        super().__init__()
        self.rule = rule

    def __missing__(self, code: int) -> str:
        self[code] = value = self.rule(chr(code))
        return value


_ASCII_DIGITS = _CharMap(lambda ch: str(unicodedata.digit(ch)) if ch.isdigit() and unicodedata.digit(ch, None)
                         is not None else ch)
_NO_PUNCTUATION = _CharMap(lambda ch: "" if unicodedata.category(ch).startswith("P") else ch)


def ascii_digits(text: str) -> str:
    """Digits of any script (Devanagari, Arabic-Indic, Tamil...) as ASCII digits."""
    return text if text.isascii() else text.translate(_ASCII_DIGITS)


def _name_re(name: str) -> re.Pattern:
    """`name` as a whole word. Only Latin letters and digits count as touching it, so a name
    written straight after a Chinese character (no spaces in that script) is still found."""
    return re.compile(rf"(?<![A-Za-z0-9\u00C0-\u024F]){re.escape(name)}(?![A-Za-z0-9\u00C0-\u024F])", re.IGNORECASE)


def _contacts(text: str) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Web addresses, email addresses and phone numbers in `text`, each as {compared form: as written}.

    Phone numbers are compared by their digits, in any script, so regrouping them is not a change.
    """
    urls = {u.rstrip(".,;:!?)"): u.rstrip(".,;:!?)") for u in URL_RE.findall(text)}
    emails = {e: e for e in EMAIL_RE.findall(text)}
    rest = EMAIL_RE.sub(" ", URL_RE.sub(" ", ascii_digits(text)))
    phones = {"".join(ch for ch in p if ch.isdigit() or ch == "+"): p.strip() for p in PHONE_RE.findall(rest)}
    return urls, emails, phones


def _without_data(text: str, context: Context | None = None) -> str:
    """`text` (in ASCII digits) without placeholders and contact details, and without the protected
    names when `context` is given: what is left is what a translator translates."""
    text = URL_RE.sub(" ", EMAIL_RE.sub(" ", PLACEHOLDER_RE.sub(" ", text)))
    text = PHONE_RE.sub(" ", ascii_digits(text))
    for name in context.names if context else ():
        text = _name_re(name).sub(" ", text)
    return text


@register("placeholders", "critical", "string", "a `%(name)s` missing, added or broken, or a lone `%`")
def placeholders(english: str, translation: str, context: Context) -> list[str]:
    problems = []
    source, target = sorted(PLACEHOLDER_RE.findall(english)), sorted(PLACEHOLDER_RE.findall(translation))
    if source != target:
        terms = dict(context.terms)
        what = [f"%({n})s prints '{terms[n]}'" for n in sorted(set(source) - set(target)) if n in terms]
        problems.append(
            f"the English has {', '.join(f'%({n})s' for n in source) or 'no placeholders'} but the "
            f"translation has {', '.join(f'%({n})s' for n in target) or 'none'}; copy each %(name)s exactly "
            "as in the English" + (f" ({'; '.join(what)})" if what else ""))
    named = frozenset(source) | frozenset(target)  # a wrong name is reported just above
    try:  # the build's own rule, so this finding and the build never disagree
        fill_placeholders(translation, dict.fromkeys(named, ""), named)
    except ValueError:
        problems.append("a '%' that is not a %(name)s placeholder stops the build; write '%%' for a "
                        "percent sign, or copy the placeholder exactly")
    return problems


@register("numbers", "critical", "string", "a number, dose, duration or range of the English missing or changed "
          "(digits of the language's own script count as the same)")
def numbers(english: str, translation: str, context: Context) -> list[str]:
    def found(text: str) -> list[str]:  # phone numbers are compared by `contacts`
        return sorted(NUMBER_RE.findall(_without_data(text)), key=lambda n: (len(n), n))

    source, target = found(english), found(translation)
    if source == target:
        return []
    return [f"numbers differ: the English has {', '.join(source) or 'none'}, the translation "
            f"{', '.join(target) or 'none'}; doses, durations, ranges and counts must stay the same "
            "(digits of your script are fine)"]


#: Two numbers joined by a dash or minus: a range ("6-8 hours").
RANGE_RE = re.compile(r"\d+\s*[-\u2010-\u2015\u2212]\s*\d+")


@register("rtl-range", "critical", "string", "a range of numbers written with a dash in right-to-left text, "
          "where it prints or reads in reverse")
def rtl_range(english: str, translation: str, context: Context) -> list[str]:
    """In right-to-left text, "6-8" is laid out by the Unicode bidirectional algorithm and the
    line breaker in ways that differ between renderers and readers: WeasyPrint prints it "8-6",
    and a reader cannot tell which number comes first. Words ("from 6 to 8") cannot be reversed."""
    if context.direction != "rtl":
        return []
    found = RANGE_RE.findall(ascii_digits(_without_data(translation)))
    if not found:
        return []
    return [f"the range {', '.join(repr(r) for r in found)} is written with a dash: in right-to-left text it "
            "prints reversed (8-6) and reads either way; write it with words, for example 'من 6 إلى 8' "
            "(from 6 to 8)"]


def _local_re(form: str) -> re.Pattern:
    """An agreed local name as a word: as `_name_re`, and in a script whose words take endings
    (Tamil, Devanagari), with a final virama that may give way to a vowel sign ("பிரெட்னிசோனை")."""
    last = form[-1:]
    if len(form) > 1 and any(word in unicodedata.name(last, "") for word in ("VIRAMA", "PULLI")):
        block = ord(last) & ~0x7F  # the script's block of 128 code points
        signs = "".join(chr(c) for c in range(block, block + 0x80) if unicodedata.category(chr(c)) in ("Mn", "Mc"))
        return re.compile(rf"(?<![A-Za-z0-9\u00C0-\u024F]){re.escape(form[:-1])}[{re.escape(signs)}]")
    return _name_re(form)


@register("names", "critical", "string", "a brand or publisher name changed; a medicine named otherwise than the "
          "catalog agrees (term.<id>), or without its English name where the English writes it out")
def names(english: str, translation: str, context: Context) -> list[str]:
    """Brand and publisher names, and medicine names a language writes as the English does, stay
    exactly as written. A medicine whose name the language writes in a form of its own (the
    catalog's `term.<id>`: Spanish prednisona) is named in that form wherever the English names
    it, by placeholder or in the text; the English name stays beside it (a placeholder, which the
    placeholder check guards, or the English word where the English writes it out)."""
    printed = {value for key, value in context.terms if f"%({key})s" in english}
    plain_english, plain_translation = PLACEHOLDER_RE.sub(" ", english), PLACEHOLDER_RE.sub(" ", translation)
    local = dict(context.local_names)
    problems = []
    for name in context.names:
        written = bool(_name_re(name).search(plain_english))
        if not written and name not in printed:
            continue
        form = local.get(name, "")
        if form and form.casefold() != name.casefold():
            if not _local_re(form).search(plain_translation):
                problems.append(f"'{name}' is written '{form}' in this language (the catalog's term for it): use "
                                "that form here, with the English name in brackets after it where the English "
                                "names it first")
            if written and not _name_re(name).search(plain_translation):
                problems.append(f"keep the English name '{name}' in brackets after '{form}', so a pharmacist "
                                "anywhere can read it")
        elif written and not _name_re(name).search(plain_translation):
            problems.append(f"'{name}' is a drug, brand or publisher name: keep it exactly as in the English, in "
                            "Latin letters, never translated or transliterated")
    return problems


@register("markup", "critical", "string", "HTML tags or entities")
def markup(english: str, translation: str, context: Context) -> list[str]:
    source, target = sorted(TAG_RE.findall(english)), sorted(TAG_RE.findall(translation))
    if source == target:
        return []
    extra = [t for t in target if t not in source]
    return [f"markup differs from the English ({', '.join(extra) or 'some is missing'}); the leaflet "
            "prints it literally. Write plain text as the English does"]


@register("newlines", "critical", "string", "a different number of line breaks (\\n) than the English")
def newlines(english: str, translation: str, context: Context) -> list[str]:
    if english.count("\n") == translation.count("\n"):
        return []
    return [f"the English has {english.count(chr(10))} line break(s), the translation "
            f"{translation.count(chr(10))}; keep the same lines"]


@register("contacts", "critical", "string", "a web address, email address or phone number changed, missing or added")
def contacts(english: str, translation: str, context: Context) -> list[str]:
    problems = []
    labels = ("web address", "email address", "phone number")
    for label, source, target in zip(labels, _contacts(english), _contacts(translation)):
        for key in sorted(set(source) - set(target)):
            problems.append(f"the {label} {source[key]} of the English is missing or changed; copy it exactly")
        for key in sorted(set(target) - set(source)):
            problems.append(f"the translation has a {label} the English does not ({target[key]}); remove it")
    return problems


@register("bidi", "critical", "string", "bidirectional override or isolate characters (U+202A-U+202E, U+2066-U+2069)")
def bidi(english: str, translation: str, context: Context) -> list[str]:
    found = [f"{_describe(ch)} at character {i + 1}" for i, ch in enumerate(translation) if ch in BIDI_CONTROLS]
    if not found:
        return []
    return [f"bidirectional control {', '.join(found)}: it can reorder what is printed, so a dose may read "
            "differently from what you typed. Remove it; the layout keeps mixed-direction text in order itself"]


@register("invisible", "critical", "string", "zero-width, control, private-use characters and unpaired surrogates")
def invisible(english: str, translation: str, context: Context) -> list[str]:
    """Control, format, private-use and unassigned characters, and unpaired surrogates."""
    found = []
    for i, ch in enumerate(translation):
        category = unicodedata.category(ch)
        if ch == "\n" or ch in BIDI_CONTROLS or ch == SOFT_HYPHEN or category not in ("Cc", "Cf", "Co", "Cs", "Cn"):
            continue
        if ch in JOINERS and context.script in JOINER_SCRIPTS:
            continue
        if ch in DIRECTION_MARKS and context.direction == "rtl":
            continue
        what = "half of a character (an unpaired surrogate)" if category == "Cs" else "an invisible character"
        found.append(f"{what} {_describe(ch)} at character {i + 1}")
    if not found:
        return []
    return [f"{'; '.join(found)}: it does not print, or prints as a box, and can hide inside numbers. "
            "Delete it and retype the text around it"]


@register("identical", "functional", "string", "the English copied unchanged")
def identical(english: str, translation: str, context: Context) -> list[str]:
    if translation.strip() != english.strip() or not re.search(r"[^\W\d_]{2,}", _without_data(english, context)):
        return []
    return ["the translation is the English text; translate it (if your language really writes it the "
            "same way, add the translator comment '# ignore-identical')"]


def sentence_count(text: str) -> int:
    ends = SENTENCE_END_RE.findall(text)
    last = SENTENCE_END_RE.split(text)[-1] if ends else text
    return len(ends) + (1 if re.search(r"[^\W\d_]", last) else 0)


@register("sentences", "functional", "string", "a different number of sentences")
def sentences(english: str, translation: str, context: Context) -> list[str]:
    source, target = sentence_count(english), sentence_count(translation)
    if source == target:
        return []
    return [f"the English has {source} sentence(s), the translation {target}; check nothing was left "
            "out or run together (if your language needs it, add '# ignore-sentences')"]


@register("whitespace", "cosmetic", "string", "spaces unlike the English")
def whitespace(english: str, translation: str, context: Context) -> list[str]:
    edges = [(english[:1].isspace(), translation[:1].isspace()), (english[-1:].isspace(), translation[-1:].isspace())]
    problems = []
    if any(has != wanted for wanted, has in edges):
        problems.append("leading or trailing space unlike the English; match the English")
    if "  " in translation and "  " not in english:
        problems.append("a doubled space; use a single space")
    return problems


def _word(token: str) -> str:
    return token.translate(_NO_PUNCTUATION).casefold()


@register("doubled-words", "cosmetic", "string", "a word written twice")
def doubled_words(english: str, translation: str, context: Context) -> list[str]:
    def doubles(text: str) -> set[str]:
        tokens = text.split()
        words = [_word(token) for token in tokens]
        return {a for a, b, token in zip(words, words[1:], tokens)
                if a and a == b and not unicodedata.category(token[-1]).startswith("P")}

    return [f"the word '{w}' is written twice in a row; remove one (if the doubling is grammatical, "
            "add '# ignore-doubled-words')" for w in sorted(doubles(translation) - doubles(english))]


def expected_end(mark: str, context: Context) -> str:
    return end_marks_of(context.language, context.script).get(mark, mark)


@register("end-punctuation", "cosmetic", "string",
          "end punctuation of the wrong script (`।` in Hindi, `。` in Chinese, `؟` for an Arabic question)")
def end_punctuation(english: str, translation: str, context: Context) -> list[str]:
    source, target = english.rstrip().rstrip(CLOSERS), translation.rstrip().rstrip(CLOSERS)
    if not source or not target:
        return []
    mark = source[-1] if source[-1] in END_MARKS else ""
    wanted = expected_end(mark, context) if mark else ""
    has = target[-1] if target[-1] in END_MARKS else ""
    if has == wanted:
        return []
    if not wanted:
        return [f"the translation ends with '{has}' but the English has no end punctuation; remove it"]
    return [f"the English ends with '{mark}', so the translation should end with '{wanted}' "
            f"({unicodedata.name(wanted, wanted).lower()}) in {context.script} script, not "
            f"{repr(has) if has else 'without punctuation'}"]


def _describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()


#: The per-string checks, in the order their findings are listed.
STRING_CHECKS = ("placeholders", "numbers", "rtl-range", "names", "markup", "newlines", "contacts", "bidi", "invisible",
                 "identical", "terminology", "sentences", "whitespace", "doubled-words", "end-punctuation")
