"""Where a line may break in a text, decided before WeasyPrint wraps it.

Pango breaks lines by UAX #14, which allows a break between any two Chinese characters, so a
word such as 无害 ("harmless") can be cut in two at a line end; and anything the layout wraps
around part of a text (a `<span>` for nowrap) must never cut through a grapheme cluster, or
the cluster is shaped in two pieces ("व्यायाम" printed as "व्याय◌ाम").

So the renderer works on graphemes and words and marks, in the text itself, where a line must
not break: U+2060 WORD JOINER between the characters of a Chinese word (jieba's segmentation;
its dictionary ships with the package and loads offline) and between the last two graphemes
of a text in a script written without spaces; a no-break space before a short last word of a
headline in a script written with spaces. Both are plain characters that Pango honours; copy
and search get the text without them (WeasyPrint maps the joiner to no glyph).

How a script breaks is data (`breaks` in scripts.yaml, see `prepare`): Korean separates words
with spaces, but Pango breaks between any two Hangul syllables (천천|히) and WeasyPrint 70 has no
`word-break: keep-all`, so the syllables of a word are joined with word joiners. Burmese puts
spaces only between phrases, and Pango 1.50 finds no break inside a Burmese run at all (a
sentence overflows its column), so a U+200B ZERO WIDTH SPACE, also invisible to copy and
search, is put between its syllables.

The preflight (pipeline/preflight/lines.py) checks the laid-out lines with the same functions.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import regex

WJ = "\u2060"  # WORD JOINER: no line break on either side, no width, no glyph
ZWSP = "\u200b"  # ZERO WIDTH SPACE: a line may break here; no width, no glyph
NBSP = "\u00a0"
#: Scripts written without spaces between words: a line may break between any two characters,
#: so a text can end with a line of one character unless its end is kept together.
NO_SPACE_CHAR = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]")
HAN_RUN = regex.compile(r"\p{Han}+")
HANGUL = regex.compile(r"\p{Hangul}")
MYANMAR = regex.compile(r"\p{Myanmar}")
#: A run of text with no space in it, holding Hangul: a Korean word (with its punctuation).
HANGUL_WORD = regex.compile(r"[^\s\u00a0\u200b]*\p{Hangul}[^\s\u00a0\u200b]*")
#: Where a Burmese syllable starts, so a line may break before it: a consonant or independent
#: vowel (not a digit: a number is never split) that neither carries an asat or virama (then it closes or stacks into the
#: syllable before: န် in ကျွန်, the first င in the kinzi of မင်္ဂလာ) nor follows a virama
#: (a stacked consonant: the second တ of သတ္တဝါ), inside a run of Burmese.
MYANMAR_SYLLABLE = regex.compile(r"(?<=[\u1000-\u109f])(?<!\u1039)(?=[\u1000-\u102a\u103f\u104c-\u104f\u1050-\u1055"
                                 r"\u105a-\u105d\u1061\u1065\u1066\u106e-\u1070\u1075-\u1081\u108e]"
                                 r"(?![\u1039\u103a]))")
GRAPHEME = regex.compile(r"\X")
#: A Burmese headline keeps each phrase on one line up to this many syllables (about 5 em: well
#: inside a poster headline's measure of some 12 em); longer ones break between syllables.
MAX_KEPT_SYLLABLES = 6
RTL_LETTER = regex.compile(r"[\p{Arabic}\p{Hebrew}\p{Syriac}\p{Thaana}\p{Nko}]")
#: A headline's last word this short (in graphemes) is joined to the word before it, unless
#: the two together are longer than the second number: a joined pair must never be wider than
#: a poster's headline measure (about 17 letters at 20 mm capitals). Letters of alphabets
#: (Latin, Arabic...) are about half an em wide; a grapheme of an Indic script, a consonant
#: cluster with its vowel sign, about a whole em.
JOIN_LIMITS = {"alphabet": (7, 16), "indic": (4, 9)}
INDIC = regex.compile(r"[\p{Devanagari}\p{Bengali}\p{Gurmukhi}\p{Gujarati}\p{Oriya}\p{Tamil}\p{Telugu}"
                      r"\p{Kannada}\p{Malayalam}\p{Sinhala}]")
#: A phrase in Latin letters inside another script: it starts with a letter and ends with a
#: letter or digit, and holds the punctuation between (B1, B5; 1.0.0; https://...). Sentence
#: punctuation after it belongs to the sentence around it.
LATIN_PHRASE = regex.compile(r"\p{Latin}(?:[\p{Latin}\p{Nd}\p{Zs}.,:;/\-'’()&+_~%]*[\p{Latin}\p{Nd}])?")


def graphemes(text: str) -> list[str]:
    """Extended grapheme clusters (Unicode 15.1+ rules, Indic conjuncts included)."""
    return GRAPHEME.findall(text)


def is_no_space(char: str) -> bool:
    return bool(NO_SPACE_CHAR.match(char))


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it logs the dictionary load at INFO/DEBUG
    jieba.initialize()
    return jieba


@lru_cache(maxsize=4096)
def han_words(run: str) -> tuple[str, ...]:
    """A run of Han characters cut into words: jieba's dictionary only, without its HMM guesses
    of unknown words (they join characters into long spurious words that forbid good breaks)."""
    return tuple(_jieba().lcut(run, HMM=False))


def word_ends(text: str) -> set[int]:
    """Offsets in `text` where a Chinese word ends: the line breaks allowed inside Han runs.

    Offsets outside Han runs are not listed; a caller treats those by the usual rules.
    """
    ends: set[int] = set()
    for match in HAN_RUN.finditer(text):
        offset = match.start()
        for word in han_words(match.group()):
            offset += len(word)
            ends.add(offset)
        ends.add(match.start())
    return ends


def join_words(text: str) -> str:
    """Put a word joiner between the characters of each Chinese word of more than one character."""
    if not HAN_RUN.search(text):
        return text

    def join(match: regex.Match) -> str:
        return "".join(WJ.join(word) if len(word) > 1 else word for word in han_words(match.group()))
    return HAN_RUN.sub(join, text)


def join_hangul(text: str) -> str:
    """Put a word joiner between the characters of each Korean word, so lines break only at spaces."""
    def join(match: regex.Match) -> str:
        return WJ.join(g for g in graphemes(match.group()) if g != WJ)  # joined once, however often asked
    return HANGUL_WORD.sub(join, text)


def syllable_breaks(text: str, keep_last: bool = False) -> str:
    """Put a zero-width space where each Burmese syllable starts (a place a line may break);
    with `keep_last`, not before the text's last syllable, so no line holds that one alone."""
    starts = [m.start() for m in MYANMAR_SYLLABLE.finditer(text)]
    if keep_last and starts:
        starts.pop()
    out, last = [], 0
    for start in starts:
        out += [text[last:start], ZWSP]
        last = start
    out.append(text[last:])
    return "".join(out)


def prepare(text: str, breaks: str = "spaces", keep_last: bool = False) -> str:
    """Mark where lines may or may not break, as the script's `breaks` (scripts.yaml) asks:
    Chinese words joined (`han-words`; also in Latin-script text, where Han runs are rare);
    Korean words joined (`words`); Burmese syllables separated (`syllables`; `keep_last`: the
    last two kept together); Japanese (`characters`) left to Pango's rules."""
    if breaks in ("han-words", "spaces"):
        return join_words(text)
    if breaks == "words":
        return join_hangul(text)
    if breaks == "syllables":
        return syllable_breaks(text, keep_last)
    return text


def keep_end(text: str) -> str:
    """Keep a text's end from standing alone on its last line.

    Without spaces (Chinese): the last two graphemes before any closing punctuation are joined,
    so no last line holds one character. With spaces: a short last word is joined to the word
    before by a no-break space (a headline never ends on a line of one short word). One-word
    texts and texts of a few graphemes are left alone.
    """
    body = text.rstrip()
    tail = text[len(body):]
    clusters = graphemes(body)
    end = len(clusters)
    while end and regex.match(r"[\p{P}\s]", clusters[end - 1][0]):
        end -= 1
    if end < 4:
        return text
    if is_no_space(clusters[end - 1][0]):
        if clusters[end - 2] == WJ or not is_no_space(clusters[end - 2][0]):
            return text  # already one word, or the script changes there
        return "".join(clusters[:end - 1]) + WJ + "".join(clusters[end - 1:]) + tail
    space = body.rfind(" ")
    if space <= 0 or is_no_space(body[space - 1]):
        return text
    last = len(graphemes(body[space + 1:]))
    before = max(body.rfind(" ", 0, space), body.rfind(NBSP, 0, space))  # the word before, not a joined group
    pair = len(graphemes(body[before + 1:]))
    longest_last, longest_pair = JOIN_LIMITS["indic" if INDIC.search(body[before + 1:]) else "alphabet"]
    if last > longest_last or pair > longest_pair:
        return text
    return body[:space] + NBSP + body[space + 1:] + tail


#: A word of one or two letters (le, la, de, à, of, is) in an alphabetic script...
SHORT_WORD = regex.compile(r"(?<![\p{L}\p{M}\p{Nd}])([\p{L}][\p{L}\p{M}]?) (?=[\p{L}])")


def join_short_words(text: str) -> str:
    """... is joined to the word after it in a headline, so no headline line ends with an
    article or preposition ("sont le / plus souvent"). Indic and Chinese text is left alone."""
    if INDIC.search(text) or HAN_RUN.search(text) or RTL_LETTER.search(text):
        return text
    return SHORT_WORD.sub(lambda m: m.group(1) + NBSP, text)


def typeset(text: str, end: bool = False, breaks: str = "spaces") -> str:
    """A text ready to wrap: its words or syllables marked as its script's `breaks` asks
    (`prepare`), and (`end`, headlines) its end kept together and its short words kept with the
    next. Burmese keeps its last two syllables together by leaving out the last break, and a
    headline each phrase of up to MAX_KEPT_SYLLABLES whole (Burmese spaces separate phrases); Korean
    words are joined after the end is kept (the joiners would count as letters)."""
    if (breaks == "syllables" and not MYANMAR.search(text)) or (breaks == "words" and not HANGUL.search(text)):
        breaks = "spaces"  # English shown for a missing translation breaks as English does
    if breaks == "syllables":
        text = syllable_breaks(text, keep_last=True)
        if end:  # a headline breaks between its phrases (Burmese spaces separate them) where they are short
            text = " ".join(p.replace(ZWSP, "") if p.count(ZWSP) < MAX_KEPT_SYLLABLES else p for p in text.split(" "))
        return text
    if breaks == "words":
        return join_hangul(keep_end(text) if end else text)
    text = prepare(text, breaks)
    if end:
        text = join_short_words(text)
    if end or any(is_no_space(c) for c in text[-6:]):
        text = keep_end(text)
    return text
